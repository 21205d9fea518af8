"""Release folders behind the `output` link: hard links for unchanged files, atomic switch, rollback."""

import logging
import os
import signal

import pytest

from tests.sitebuild import build_site, copy_fixture_content, write_file
from wachock import releases
from wachock.__main__ import main

NEWS = "aktualnosci/uchwala.md"
NEWS_PAGE = "aktualnosci/2024/uchwala-nr-xii-123-2024-w-sprawie-budzetu/index.html"


def page(output, relative: str) -> str:
    with open(os.path.join(output, relative), encoding="utf-8") as handle:
        return handle.read()


def append(content: str, relative: str, text: str) -> None:
    write_file(content, relative, page(content, relative) + text)


@pytest.fixture
def site(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    output = tmp_path / "output"
    build_site(content, str(output))
    return content, output


def test_output_is_a_link_to_a_release_and_unchanged_files_are_hard_links(site):
    content, output = site
    assert os.path.islink(output)
    first = releases.current_release(str(output))
    append(content, NEWS, "\nDopisane zdanie o sesji.\n")
    build_site(content, str(output))
    second = releases.current_release(str(output))
    assert second != first and releases.releases(str(output)) == [first, second]
    # The edited page is a new file; the old release still has the old text.
    assert "Dopisane zdanie" in page(output, NEWS_PAGE)
    assert "Dopisane zdanie" not in page(first, NEWS_PAGE)
    assert os.stat(os.path.join(first, NEWS_PAGE)).st_ino != os.stat(os.path.join(second, NEWS_PAGE)).st_ino
    # A file no edit touches is the same file in both releases.
    unchanged = "images/rynek.svg"
    assert os.stat(os.path.join(first, unchanged)).st_ino == os.stat(os.path.join(second, unchanged)).st_ino


def test_rollback_switches_to_the_previous_release(site, caplog):
    caplog.set_level(logging.INFO)
    content, output = site
    before = page(output, NEWS_PAGE)
    append(content, NEWS, "\nNowe zdanie.\n")
    build_site(content, str(output))
    assert page(output, NEWS_PAGE) != before
    assert main(["rollback", "--output", str(output)]) == 0
    assert page(output, NEWS_PAGE) == before
    assert "Przywrócono wersję strony z" in caplog.text
    assert main(["rollback", "--output", str(output)]) == 1
    assert "Nie ma wcześniejszej wersji strony" in caplog.text


def test_only_the_newest_releases_are_kept(site):
    content, output = site
    for number in range(releases.KEPT_RELEASES + 1):
        write_file(
            content,
            "aktualnosci/kolejna.md",
            f"Title: Kolejna\nDate: 2024-05-0{number + 1}\nCategory: Aktualności\n\nTekst.\n",
        )
        build_site(content, str(output))
    kept = releases.releases(str(output))
    assert len(kept) == releases.KEPT_RELEASES
    assert kept[-1] == releases.current_release(str(output))


def test_an_interrupted_build_leaves_the_live_release_and_no_staging_folder(site, monkeypatch):
    content, output = site
    live = releases.current_release(str(output))
    before = {path: page(output, path) for path in (NEWS_PAGE, "index.html")}
    append(content, NEWS, "\nPrzerwane.\n")

    def interrupt(*arguments):
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl+C or a stopped service would, mid-build

    monkeypatch.setattr(releases, "link_unchanged_files", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_site(content, str(output))
    assert releases.current_release(str(output)) == live
    assert {path: page(output, path) for path in before} == before
    assert [n for n in os.listdir(releases.releases_folder(str(output))) if n.startswith("staging")] == []
