"""Incremental rendering: unchanged content pages come from the live release, and the site built
that way equals a cold build after an edit, an addition, a deletion, a template and a data change."""

import datetime
import json
import logging
import os
import shutil
import subprocess

import pytest

from plugins.core.dates import WARSAW
from plugins.core.inputs import input_stamp
from plugins.core.record import read_record
from plugins.core.session import session_of
from tests.sitebuild import SETTINGS_FILE, build_site, copy_fixture_content, write_file
from tests.test_validation_cache import append, cold_build, tree
from wachock import build as build_module
from wachock import releases
from wachock.build import live_release_is_current, load_settings

NEWS = "aktualnosci/uchwala.md"
NEWS_PAGE = "aktualnosci/2024/uchwala-nr-xii-123-2024-w-sprawie-budzetu/index.html"
OTHER_PAGE = "aktualnosci/2024/komunikat/index.html"
STATIC_PAGE = "solectwo-marcinkow/index.html"


@pytest.fixture
def site(tmp_path):
    content = copy_fixture_content(str(tmp_path / "work"))
    theme = tmp_path / "theme"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "theme"), theme)
    output = tmp_path / "output"
    build_site(content, str(output), THEME=str(theme))
    return content, output, theme


def rebuild(site) -> str:
    return rebuild_with_record(site)[0]


def rebuild_with_record(site):
    """The new release and the build's dependency record (what it rendered, what it reused)."""
    content, output, theme = site
    settings = build_site(content, str(output), THEME=str(theme))
    return releases.current_release(str(output)), session_of(settings).record


def text_of(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def inode(release: str, relative: str) -> int:
    return os.stat(os.path.join(release, relative)).st_ino


def same_as_cold(site) -> None:
    content, output, theme = site
    assert tree(output) == cold_build(content, output, THEME=str(theme))


def test_a_build_with_nothing_changed_keeps_the_live_release(site):
    content, output, theme = site
    first = releases.current_release(str(output))
    os.utime(os.path.join(content, NEWS))  # a new time alone is no change
    settings = build_site(content, str(output), THEME=str(theme))
    assert settings.get("BUILD_SKIPPED") is True
    assert releases.current_release(str(output)) == first
    assert releases.releases(str(output)) == [first]
    append(content, NEWS, "\n")  # one byte more is a change
    assert not build_site(content, str(output), THEME=str(theme)).get("BUILD_SKIPPED")
    assert releases.current_release(str(output)) != first


def test_a_time_limited_banner_stops_the_build_being_skipped_once_it_expires(site):
    content, output, theme = site
    write_file(
        content,
        "aktualnosci/alarm.md",
        "Title: Alarm\nDate: 2026-07-01 08:00\nCategory: Komunikaty\nAlert_until: 2026-07-02 18:00\n\nTreść.\n",
    )
    pinned = {"BUILD_NOW": "2026-07-01 12:00", "THEME": str(theme)}
    build_site(content, str(output), **pinned)
    live = releases.current_release(str(output))
    assert read_record(live)["valid_until"] == "2026-07-02T18:00:00+02:00"
    settings = load_settings(SETTINGS_FILE, str(output), {"PATH": content, **pinned})
    stamp = read_record(live)["inputs"]
    before, at_the_end = (
        datetime.datetime(2026, 7, 2, 17, 59, tzinfo=WARSAW),
        datetime.datetime(2026, 7, 2, 18, 0, tzinfo=WARSAW),
    )
    assert live_release_is_current(settings, live, stamp, before) is True
    assert live_release_is_current(settings, live, stamp, at_the_end) is False
    assert live_release_is_current(settings, live, "another stamp", before) is False
    # A build at the same moment has nothing to do; one after the banner's end publishes a release without it.
    assert build_site(content, str(output), **pinned).get("BUILD_SKIPPED") is True
    later = build_site(content, str(output), **{**pinned, "BUILD_NOW": "2026-07-02 18:00"})
    assert not later.get("BUILD_SKIPPED")
    assert "alert-banner" not in text_of(os.path.join(str(output), "index.html"))


def test_unchanged_pages_are_taken_from_the_live_release(site):
    content, output, _ = site
    first = releases.current_release(str(output))
    write_file(content, "pliki/nowy-cennik.csv", "pozycja;kwota\n")  # a new input that no page shows
    second, record = rebuild_with_record(site)
    written = {name for entry in record.current.values() for name in entry["files"]}
    assert record.reused == written and len(written) > 20  # not one page rendered again
    for page in (NEWS_PAGE, OTHER_PAGE, STATIC_PAGE):
        assert inode(first, page) == inode(second, page)
    with open(os.path.join(second, ".build-record.json"), encoding="utf-8") as handle:
        record = json.load(handle)["pages"]
    assert NEWS_PAGE in record and STATIC_PAGE in record
    assert record[NEWS_PAGE]["template"] == "article.html" and record[NEWS_PAGE]["sources"] == [NEWS]
    assert record[NEWS_PAGE]["files"] == [NEWS_PAGE]
    same_as_cold(site)


def test_an_edited_page_is_rendered_again_and_the_rest_reused(site):
    content, output, _ = site
    first = releases.current_release(str(output))
    append(content, NEWS, "\nAkapit dopisany po sesji.\n")
    second, record = rebuild_with_record(site)
    assert NEWS_PAGE not in record.reused and OTHER_PAGE in record.reused and STATIC_PAGE in record.reused
    # Lists that show the edited item are rendered again; lists that do not are reused.
    assert "aktualnosci/kategoria/komunikaty/index.html" in record.reused
    assert "aktualnosci/index.html" not in record.reused
    assert "Akapit dopisany po sesji." in text_of(os.path.join(second, NEWS_PAGE))
    assert inode(first, NEWS_PAGE) != inode(second, NEWS_PAGE)
    assert inode(first, OTHER_PAGE) == inode(second, OTHER_PAGE)
    same_as_cold(site)


def test_compressed_copies_of_unchanged_files_are_linked_and_new_ones_made_at_the_measured_quality(site):
    import brotli

    content, output, _ = site
    first = releases.current_release(str(output))
    append(content, NEWS, "\nAkapit dopisany po sesji.\n")
    second = rebuild(site)
    # The unchanged page's copies are the live release's files, not read or written again.
    for suffix in (".gz", ".br"):
        assert inode(first, OTHER_PAGE + suffix) == inode(second, OTHER_PAGE + suffix)
        assert inode(first, NEWS_PAGE + suffix) != inode(second, NEWS_PAGE + suffix)
    with open(os.path.join(second, NEWS_PAGE), "rb") as handle:
        page = handle.read()
    with open(os.path.join(second, NEWS_PAGE + ".br"), "rb") as handle:
        compressed = handle.read()
    assert brotli.decompress(compressed) == page and compressed == brotli.compress(page, quality=5)
    stylesheet = next(
        os.path.join(folder, name)
        for folder, _, names in os.walk(os.path.join(second, "theme"))
        for name in names
        if name.endswith(".css") and name.count(".") == 2  # the fingerprinted copy: site.<hash>.css
    )
    with open(stylesheet, "rb") as handle, open(stylesheet + ".br", "rb") as copy:
        assert copy.read() == brotli.compress(handle.read(), quality=11), "long-cached assets: the smallest copy"
    # No partial file is left behind.
    assert not [name for _, _, names in os.walk(second) for name in names if name.endswith(".partial")]


def test_an_addition_and_a_deletion_equal_a_cold_build(site):
    content, _, _ = site
    write_file(content, "aktualnosci/nowa.md", "Title: Nowa\nDate: 2024-07-01\nCategory: Aktualności\n\nTreść.\n")
    os.remove(os.path.join(content, "aktualnosci/komunikat-woda.md"))
    rebuild(site)
    same_as_cold(site)


def test_a_link_to_a_renamed_document_renders_the_linking_page_again(site):
    content, _, _ = site
    append(content, "pages/solectwa.md", "\n[Uchwała]({filename}/aktualnosci/uchwala.md)\n")
    rebuild(site)
    path = os.path.join(content, NEWS)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    write_file(content, NEWS, text.replace("Title: ", "Slug: uchwala-budzetowa\nTitle: ", 1))
    release = rebuild(site)
    solectwa = text_of(os.path.join(release, "solectwa/index.html"))
    assert "/aktualnosci/2024/uchwala-budzetowa/" in solectwa
    same_as_cold(site)


def test_a_template_change_renders_every_page_again(site):
    _, output, theme = site
    first = releases.current_release(str(output))
    footer = theme / "templates/partials/footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("</footer>", "<!-- nowa stopka --></footer>"))
    second, record = rebuild_with_record(site)
    assert record.reused == set()
    assert inode(first, NEWS_PAGE) != inode(second, NEWS_PAGE)
    assert "nowa stopka" in text_of(os.path.join(second, NEWS_PAGE))
    same_as_cold(site)


def test_a_data_file_change_renders_every_page_again(site):
    content, _, _ = site
    path = os.path.join(content, "dane/nawigacja.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    write_file(content, "dane/nawigacja.yaml", text.replace("title: Kontakt", "title: Kontakt z urzędem", 1))
    release, record = rebuild_with_record(site)
    assert record.reused == set()
    assert "Kontakt z\xa0urzędem" in text_of(os.path.join(release, NEWS_PAGE))
    same_as_cold(site)


def test_the_input_stamp_follows_bytes_commits_and_the_date(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    settings = load_settings(SETTINGS_FILE, str(tmp_path / "output"), {"PATH": content})
    day = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)

    def stamp(now=day):
        return input_stamp({**settings, "BUILD_NOW": now})

    git = ["git", "-C", content, "-c", "user.name=Redakcja", "-c", "user.email=redakcja@wachock.pl"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Pierwsza wersja"], check=True)
    first = stamp()
    os.utime(os.path.join(content, NEWS), (0, 0))
    assert stamp() == first
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "Nowy wpis w rejestrze"], check=True)
    second = stamp()
    assert second != first  # the BIP register is read from the commits
    assert stamp(day + datetime.timedelta(days=1)) != second
    append(content, NEWS, " ")
    assert stamp() != second
    write_file(content, "notatka.txt", "nie do publikacji")
    assert stamp() is None  # discovery has a problem to report: the build must run and say so


EDITED_BIP = "bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/uchwala-xii-85-2024.md"
OTHER_BIP = "bip/prawo-lokalne/zarzadzenia-burmistrza/2025/zarzadzenie-45-2025.md"


def copy_demo_content(content: str) -> None:
    """The demo's content for a new repository: its corrections name this project's commits, so they go."""
    shutil.copytree(os.path.join(build_module.PROJECT_ROOT, "content"), content)
    os.remove(os.path.join(content, "dane", "bip-korekty.yaml"))


def commit_all(repository: str, message: str) -> None:
    git = ["git", "-C", repository, "-c", "user.name=Sebastian Staniszewski", "-c", "user.email=bip@wachock.pl"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True)


def test_the_whole_demo_is_described_and_a_bip_commit_renders_only_what_it_touches(tmp_path):
    repository = str(tmp_path / "repo")
    content = os.path.join(repository, "content")
    copy_demo_content(content)
    subprocess.run(["git", "init", "-q", "-b", "main", repository], check=True)
    commit_all(repository, "Treść serwisu")
    output = str(tmp_path / "output")
    record = session_of(build_site(content, output)).record
    assert record.always_rendered == []  # every page of every type has a dependency record

    append(content, EDITED_BIP, "\nAkapit dodany w korekcie.\n")
    commit_all(repository, "Korekta treści uchwały Nr XII/85/2024")
    record = session_of(build_site(content, output)).record
    rendered = {name for entry in record.current.values() for name in entry["files"]} - record.reused
    assert "bip/rejestr-zmian/index.html" in rendered
    assert any("xii-85-2024/" in name for name in rendered)
    assert not any("zarzadzenie" in name and "45-2025" in name for name in rendered)  # another document
    assert "index.html" in record.reused and "aktualnosci/index.html" in record.reused
    # Its category's list shows its title, address, date and status (core.shown), none of which changed.
    assert "bip/prawo-lokalne/uchwaly-rady-miejskiej/index.html" in record.reused
    assert len(rendered) < len(record.reused) / 5

    clone = str(tmp_path / "clone")
    subprocess.run(["git", "clone", "-q", repository, clone], check=True)
    assert tree(output) == cold_build_in_place(os.path.join(clone, "content"), tmp_path / "cold")


def cold_build_in_place(content: str, output) -> dict[str, bytes]:
    build_site(content, str(output))
    return tree(output)


def test_a_cold_build_read_in_worker_processes_equals_one_read_in_one(tmp_path, monkeypatch):
    import multiprocessing

    from plugins.core import pool

    repository = str(tmp_path / "repo")
    content = os.path.join(repository, "content")
    copy_demo_content(content)
    subprocess.run(["git", "init", "-q", "-b", "main", repository], check=True)
    commit_all(repository, "Treść serwisu")
    sequential = cold_build_in_place(content, tmp_path / "one")

    forked, real = [], multiprocessing.get_context
    monkeypatch.setattr(pool, "PARALLEL_FROM", 2)
    monkeypatch.setattr(pool.multiprocessing, "get_context", lambda method: forked.append(method) or real(method))
    shutil.rmtree(os.path.join(repository, ".cache"))
    assert cold_build_in_place(content, tmp_path / "many") == sequential
    # News, pages, BIP documents, events and magazine issues (core.snapshot.read_documents); each BIP
    # version (one commit) is the current text, read already.
    assert forked == ["fork"] * 5


def warn_for_odd(shared: int, number: int) -> int:
    if number % shared:
        logging.getLogger("tests").warning("nieparzysta liczba %s", number)
    return number


def test_an_item_that_logs_a_warning_in_a_worker_is_left_to_the_build():
    """A warning in a worker never reaches the build's warning count, so the build reads that item itself."""
    from plugins.core.pool import map_in_processes

    assert map_in_processes(warn_for_odd, 2, range(6), minimum=0) == [0, None, 2, None, 4, None]


def test_every_attribute_a_template_reads_of_a_plugins_object_is_in_its_key(tmp_path):
    """Dependencies are declared once (core.shown): a template reading what no SHOWN covers fails here."""
    from tests.sitebuild import PROJECT_ROOT
    from tests.template_reads import covered, recording

    with recording() as reads:
        build_site(os.path.join(PROJECT_ROOT, "content"), str(tmp_path / "output"), CACHE_PATH=str(tmp_path / "c"))
    assert {"BipDocument", "Version", "Category", "Comparison", "Issue", "Event"} <= {c.__name__ for c in reads}
    uncovered = sorted(
        f"{cls.__name__}.{'.'.join(name for name, _ in steps)}"
        for cls, paths in reads.items()
        for steps in paths
        if not covered(cls, steps)
    )
    assert uncovered == []


def test_a_path_no_shown_entry_covers_is_found():
    from tests.template_reads import covered

    class Inner:
        SHOWN = ("title",)

    class Outer:
        SHOWN = ("url", "inner", "parent.title", "files")
        DERIVED = ("get",)

    def path(*steps):
        return tuple(steps)

    assert covered(Outer, path(("url", Outer)))
    assert covered(Outer, path(("get", Outer)))  # worked out from what is shown
    assert covered(Outer, path(("files", Outer), ("name", dict)))  # below a value shown whole
    assert covered(Outer, path(("parent", Outer)))  # on the way to parent.title
    assert covered(Outer, path(("parent", Outer), ("title", Inner)))
    assert not covered(Outer, path(("parent", Outer), ("document_count", Inner)))
    assert covered(Outer, path(("inner", Outer), ("title", Inner)))  # the inner object's key covers it
    assert not covered(Outer, path(("inner", Outer), ("body", Inner)))  # ...and only what it shows
    assert not covered(Outer, path(("summary", Outer)))
