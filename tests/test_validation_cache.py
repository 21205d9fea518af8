"""Pelican's reader cache under the gate: cached readings give the same site as a cold build."""

import filecmp
import json
import os
import shutil

import pytest

from tests.sitebuild import build_site, copy_fixture_content, write_file
from wachock.build import BuildFailed

NEWS = "aktualnosci/uchwala.md"


def tree(root) -> dict[str, bytes]:
    """Every file a build wrote; not the previous release's assets a published release carries."""
    from wachock.releases import CARRIED_LIST

    try:
        with open(os.path.join(root, CARRIED_LIST), encoding="utf-8") as handle:
            carried = {CARRIED_LIST, *json.load(handle)}
    except FileNotFoundError:
        carried = set()
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            # Pagefind's own bundle is compared by the search tests; the record holds hashes of paths.
            if relative in carried:
                continue
            if not relative.startswith("pagefind" + os.sep) and relative != ".build-record.json":
                with open(path, "rb") as handle:
                    files[relative] = handle.read()
    return files


def cold_build(content: str, output, **overrides) -> dict[str, bytes]:
    """The same content built by a fresh checkout: no cache, no release, in a folder of its own."""
    fresh = os.path.join(os.path.dirname(str(output)), "fresh")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(content, os.path.join(fresh, "content"))
    cold = os.path.join(fresh, "output")
    build_site(os.path.join(fresh, "content"), cold, **overrides)
    return tree(cold)


@pytest.fixture
def site(tmp_path):
    content = copy_fixture_content(str(tmp_path / "work"))
    build_site(content, str(tmp_path / "output"))
    return content, tmp_path


def append(content: str, relative: str, text: str) -> None:
    with open(os.path.join(content, relative), "a", encoding="utf-8") as handle:
        handle.write(text)


def cache_files(content: str) -> list[str]:
    folder = os.path.join(os.path.dirname(content), ".cache")
    return sorted(name for name in os.listdir(folder) if name.endswith("-Readers"))


def test_readings_are_cached_and_a_warm_build_equals_a_cold_one(site):
    content, tmp_path = site
    # Pelican's reader caches and what the feeds, the BIP, the magazine, the noticeboard's QR codes and the
    # search index's added words keep (no git here: no history).
    assert cache_files(content) == [
        "ArticlesGenerator-Readers",
        "BipGenerator-Snapshots-Readers",
        "EventsGenerator-Snapshots-Readers",
        "FeedsGenerator-Items-Readers",
        "MagazineGenerator-Snapshots-Readers",
        "NoticeboardGenerator-QrCodes-Readers",
        "PagesGenerator-Readers",
        "SearchIndex-Words-Readers",
    ]
    append(content, NEWS, " ")  # a change, or the build would be skipped
    build_site(content, str(tmp_path / "output"))
    assert tree(tmp_path / "output") == cold_build(content, tmp_path / "cold")


def test_after_an_edit_and_an_addition_the_cached_build_equals_a_cold_one(site):
    content, tmp_path = site
    append(content, NEWS, "\nNowy akapit po sesji.\n")
    write_file(content, "aktualnosci/nowa.md", "Title: Nowa\nDate: 2024-07-01\nCategory: Aktualności\n\nTreść.\n")
    os.remove(os.path.join(content, "aktualnosci/komunikat-woda.md"))
    build_site(content, str(tmp_path / "output"))
    built = tree(tmp_path / "output")
    assert any(b"Nowy akapit po sesji." in data for data in built.values())
    assert built == cold_build(content, tmp_path / "cold")


def test_a_refused_file_is_refused_again_not_served_from_the_cache(site):
    content, tmp_path = site
    write_file(content, "aktualnosci/zla.md", "Title: Zła\nDate: 2024-05-14\nCategory: Kultura\n\n<script>x</script>\n")
    for _ in range(2):
        with pytest.raises(BuildFailed, match=r"content/aktualnosci/zla\.md:5:"):
            build_site(content, str(tmp_path / "output"))


def test_an_image_linked_only_from_a_cached_reading_still_counts_as_used(site):
    content, tmp_path = site
    # Outside the static folders: only a document's link makes this file part of the site.
    shutil.copyfile(os.path.join(content, "images/rynek.svg"), os.path.join(content, "aktualnosci/plan.svg"))
    body = "Title: Plan\nDate: 2024-07-02\nCategory: Aktualności\n\n![Plan]({static}plan.svg)\n"
    write_file(content, "aktualnosci/plan.md", body)
    build_site(content, str(tmp_path / "output"))
    build_site(content, str(tmp_path / "output"))  # plan.md now comes from the cache
    published = tmp_path / "output/aktualnosci/plan.svg"
    assert filecmp.cmp(os.path.join(content, "aktualnosci/plan.svg"), published, shallow=False)


def test_changed_markdown_settings_drop_the_cached_readings(site):
    from tests.sitebuild import SETTINGS_FILE
    from wachock.build import load_settings

    content, tmp_path = site
    markdown = load_settings(SETTINGS_FILE, str(tmp_path / "x"))["MARKDOWN"]
    configs = markdown["extension_configs"]
    smarty = configs["markdown.extensions.smarty"]["substitutions"]
    changed = {
        **markdown,
        "extension_configs": {**configs, "markdown.extensions.smarty": {"substitutions": {**smarty, "mdash": "—!"}}},
    }
    append(content, NEWS, "\nPierwsze --- drugie.\n")
    build_site(content, str(tmp_path / "output"))
    build_site(content, str(tmp_path / "output"), MARKDOWN=changed)
    assert any("Pierwsze —! drugie" in data.decode("utf-8", "replace") for data in tree(tmp_path / "output").values())
