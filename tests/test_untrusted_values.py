"""Values from data files and published files pass the same rules as content: paths stay inside
content/, links have safe schemes, commit numbers stay text, no spreadsheet formulas, no file a
browser would run."""

import pytest

from plugins.core.datafiles import Entry, read_data_file
from tests.sitebuild import build_site, copy_fixture_content, write_file
from tests.test_gate import previous_output, refused_build  # noqa: F401
from tests.test_town import line_of

STATEMENT = "dane/dostepnosc.yaml"


def replaced_in_statement(content: str, old: str, new: str) -> None:
    path = f"{content}/{STATEMENT}"
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text
    write_file(content, STATEMENT, text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "marker", "message"),
    [
        (
            "  video:\n",
            "  video: ../../../../../../../../etc/passwd\n",
            "video:",
            "ścieżka prowadzi poza folder content/",
        ),
        ("  video:\n", "  video: dane/urzad.yaml\n", "video:", "tu można podać tylko plik MP4 albo WEBM"),
        (
            "mobile_apps: []\n",
            "mobile_apps:\n  - name: Aplikacja\n    url: javascript:alert(document.cookie)\n",
            "url:",
            "adres strony zapisz w całości",
        ),
    ],
)
def test_a_data_file_cannot_point_outside_content_or_at_a_script(
    tmp_path,
    previous_output,  # noqa: F811
    old,
    new,
    marker,
    message,
):
    lines = {}

    def prepare(content):
        replaced_in_statement(content, old, new)
        lines["line"] = line_of(content, STATEMENT, marker)

    report = refused_build(tmp_path, previous_output, prepare)
    matching = [line for line in report if line.startswith(f"content/{STATEMENT}:{lines['line']}:") and message in line]
    assert matching, "\n".join(report)


def test_commit_numbers_and_zero_led_numbers_in_data_files_stay_the_text_written(tmp_path):
    path = tmp_path / "bip-korekty.yaml"
    path.write_text("corrections:\n  - commit: 4385e19\n  - commit: 0123456\n  - commit: 1e3\n", encoding="utf-8")
    entries = (Entry("corrections", "list", entries=(Entry("commit", example="1a2b3c4"),)),)
    data, problems = read_data_file(str(path), "content/dane/bip-korekty.yaml", entries)
    assert problems == []
    assert [item["commit"] for item in data["corrections"]] == ["4385e19", "0123456", "1e3"]


@pytest.mark.parametrize(
    ("relative", "data", "message"),
    [
        (
            "pliki/rejestr.xml",
            b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
            "nieobsługiwany rodzaj pliku „.xml”",
        ),
        ("pliki/trasa.gpx", b'<gpx xmlns="http://www.topografix.com/GPX/1/1"/>', "nieobsługiwany rodzaj pliku „.gpx”"),
        ("pliki/strona.html", b"<p>x</p>", "pliki „.html” nie są publikowane"),
        ("pliki/program", b"MZ\x90\x00", "nieobsługiwany rodzaj pliku „program”"),
        ("pliki/notatki.yaml", b"a: 1\n", "plików „.yaml” („notatki.yaml”) nie publikujemy"),
        (
            "pliki/wykaz.csv",
            b'nazwa;kwota\nDroga w Ratajach;-1200,50\n"=HYPERLINK(""https://example.invalid/"")";5\n',
            "(wiersz 3) komórka „=HYPERLINK",
        ),
    ],
)
def test_a_file_a_browser_or_a_spreadsheet_would_run_is_not_published(
    tmp_path,
    previous_output,  # noqa: F811
    relative,
    data,
    message,
):
    report = refused_build(tmp_path, previous_output, lambda content: write_file(content, relative, data))
    matching = [line for line in report if line.startswith(f"content/{relative}:1:") and message in line]
    assert matching, "\n".join(report)


def test_documents_and_signed_files_and_negative_numbers_are_published(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "pliki/wykaz.csv", "nazwa;kwota\nDroga w Ratajach;-1200,50\nZwrot;+300\n")
    write_file(content, "pliki/oferta.pdf.xades", b"<ds:Signature/>")
    output = tmp_path / "output"
    build_site(content, str(output))
    assert (output / "pliki/wykaz.csv").read_text(encoding="utf-8").startswith("nazwa;kwota")
    assert (output / "pliki/oferta.pdf.xades").exists()
