"""Every Markdown example in the editors' guide builds: what the guide shows, the site accepts."""

import io
import os
import re

from PIL import Image

from tests.sitebuild import PROJECT_ROOT, build_site, copy_fixture_content, write_file
from tests.test_gate import pdf_bytes

GUIDE = os.path.join(PROJECT_ROOT, "docs", "README.md")
EXAMPLE = re.compile(r"```markdown\n(.*?)```", re.DOTALL)
NEWS_HEADER = "Title: Przykład z poradnika {number}\nDate: 2024-05-14 09:30\nCategory: Aktualności\n\n"


def guide_examples() -> list[str]:
    with open(GUIDE, encoding="utf-8") as handle:
        return EXAMPLE.findall(handle.read())


def field(text: str, name: str) -> str:
    match = re.search(rf"^{name}: (.*)$", text, re.MULTILINE)
    return match[1].strip() if match else ""


CSV_EXAMPLE = re.compile(r"```csv\n(.*?)```", re.DOTALL)


def place_session(content: str, number: int, text: str) -> None:
    """A session with the BIP documents it links to, and the guide's councillors and named votes."""
    with open(GUIDE, encoding="utf-8") as handle:
        guide = handle.read()
    councillors = next(e for e in YAML_EXAMPLE.findall(guide) if e.startswith("council:"))
    write_file(content, "dane/radni.yaml", councillors)
    folder = f"bip/rada-miejska/sesje/przyklad-{number}"
    if field(text, "Votes"):
        votes = next(e for e in CSV_EXAMPLE.findall(guide) if e.startswith("punkt,"))
        write_file(content, f"{folder}/{field(text, 'Votes')}", votes)
    for name in ("Drafts", "Resolutions"):
        for relative in filter(None, (n.strip() for n in field(text, name).split(","))):
            linked = f"Title: {relative}\nProduced_by: Rada Miejska\nProduced_date: 2027-01-02\n\nTreść.\n"
            write_file(content, relative, linked)
    write_file(content, f"{folder}/sesja.md", text)


def place_example(content: str, number: int, text: str) -> None:
    """Put one example where its kind of document lives, with the files it names."""
    if field(text, "Session_start"):
        place_session(content, number, text)
    elif field(text, "Who") and field(text, "Department"):
        write_file(content, f"bip/jak-zalatwic-sprawe/przyklad-{number}/karta.md", text)
    elif field(text, "Start") and field(text, "Place"):
        write_file(content, f"wydarzenia/przyklad-{number}.md", text)  # the fixture's kalendarz.yaml has its category
    elif field(text, "Produced_by"):
        folder = "bip/prawo-lokalne/uchwaly-rady-miejskiej/2025"
        for name in filter(None, (n.strip() for n in field(text, "Attachments").split(","))):
            write_file(content, f"{folder}/{name}", pdf_bytes())
        write_file(content, f"{folder}/przyklad-{number}.md", text)
    elif field(text, "Issue"):
        folder = f"dookola-wachocka/przyklad-{number}"
        write_file(content, f"{folder}/{field(text, 'Pdf')}", pdf_bytes())
        if field(text, "Cover"):
            buffer = io.BytesIO()
            Image.new("RGB", (60, 80), "white").save(buffer, "PNG")
            write_file(content, f"{folder}/{field(text, 'Cover')}", buffer.getvalue())
        write_file(content, f"{folder}/numer.md", text)
    elif field(text, "Title") and field(text, "Category"):
        if field(text, "Image"):
            buffer = io.BytesIO()
            Image.new("RGB", (2000, 1500), "#3a6").save(buffer, "JPEG")
            write_file(content, field(text, "Image"), buffer.getvalue())
        write_file(content, f"aktualnosci/przyklad-{number}.md", text)
    elif field(text, "Title"):
        write_file(content, f"pages/przyklad-{number}.md", text)
    else:
        write_file(content, f"aktualnosci/przyklad-{number}.md", NEWS_HEADER.format(number=number) + text)


def test_the_guide_has_examples_of_every_kind():
    examples = guide_examples()
    assert len(examples) >= 5
    assert any(field(e, "Produced_by") for e in examples) and any(field(e, "Issue") for e in examples)
    assert any(field(e, "Session_start") for e in examples) and any(field(e, "Start") for e in examples)
    assert any(field(e, "Who") and field(e, "Department") for e in examples)


def test_every_example_in_the_editors_guide_builds(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    for number, text in enumerate(guide_examples(), start=1):
        place_example(content, number, text)
    build_site(content, str(tmp_path / "output"))
    assert (tmp_path / "output" / "index.html").is_file()


YAML_EXAMPLE = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def test_the_guides_data_file_examples_follow_their_schemas(tmp_path):
    """The guide's bip.yaml, corrections and withdrawals examples are what those files accept."""
    from plugins.bip import DATA_ENTRIES
    from plugins.bip.people import CORRECTION_ENTRIES
    from plugins.bip.withdrawals import WITHDRAWAL_ENTRIES
    from plugins.core.datafiles import read_data_file
    from plugins.council import DATA_ENTRIES as COUNCIL_ENTRIES
    from plugins.events import DATA_ENTRIES as EVENT_ENTRIES
    from plugins.town import OFFICE_ENTRIES
    from plugins.villages import DATA_ENTRIES as VILLAGE_ENTRIES
    from plugins.waste_collection import DATA_ENTRIES as WASTE_ENTRIES

    with open(GUIDE, encoding="utf-8") as handle:
        examples = YAML_EXAMPLE.findall(handle.read())
    schemas = {
        "corrections:": CORRECTION_ENTRIES,
        "withdrawals:": WITHDRAWAL_ENTRIES,
        "editors:": DATA_ENTRIES,
        "nip:": OFFICE_ENTRIES,
        "villages:": VILLAGE_ENTRIES,
        "collections:": WASTE_ENTRIES,
        "districts:": WASTE_ENTRIES,
        "council:": COUNCIL_ENTRIES,
        "categories:": EVENT_ENTRIES,
    }
    checked = 0
    for number, text in enumerate(examples):
        for start, entries in schemas.items():
            if text.startswith(start):
                path = tmp_path / f"example-{number}.yaml"
                path.write_text(text, encoding="utf-8")
                required = {entry.name for entry in entries if entry.required} - {start.rstrip(":")}
                _, problems = read_data_file(str(path), path.name, entries)
                assert [p for p in problems if not any(f"„{name}”" in p.message for name in required)] == []
                checked += 1
    assert checked >= 8
