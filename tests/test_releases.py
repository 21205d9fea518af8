"""Release folders behind the `output` link: hard links for unchanged files, atomic switch, rollback."""

import logging
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.sitebuild import build_site, copy_fixture_content, write_file
from wachock import releases
from wachock.__main__ import main
from wachock.build import BuildFailed

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


def build_process(content: str, output) -> subprocess.Popen:
    command = [sys.executable, "-m", "wachock", "build", "--content", content, "--output", str(output)]
    command += ["--cache", os.path.join(os.path.dirname(content), ".cache")]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_a_build_stopped_with_sigterm_ends_as_an_interrupted_one_even_when_sigint_is_ignored(site):
    """systemd and the preview stop a build with SIGTERM; a build started in the background inherits an
    ignored SIGINT. Either way: no staging folder, the live release as it was, a message, no traceback."""
    content, output = site
    live = releases.current_release(str(output))
    before = page(output, NEWS_PAGE)
    append(content, NEWS, "\nZatrzymane.\n")
    command = [sys.executable, "-m", "wachock", "build", "--content", content, "--output", str(output)]
    command += ["--cache", os.path.join(os.path.dirname(content), ".cache")]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    staging = releases.releases_folder(str(output))
    deadline = time.monotonic() + 60
    while not any(name.startswith("staging") for name in os.listdir(staging)):
        assert time.monotonic() < deadline and process.poll() is None, "the build never started staging"
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Budowanie przerwano" in errors and "Traceback" not in errors
    assert releases.current_release(str(output)) == live and page(output, NEWS_PAGE) == before
    assert [name for name in os.listdir(staging) if name.startswith("staging")] == []


def test_a_second_build_waits_for_the_first_and_says_so(site):
    content, output = site
    append(content, NEWS, "\nDrugie budowanie.\n")
    with releases.build_lock(str(output), "test holds the lock"):
        process = build_process(content, output)
        message = process.stderr.readline()
        assert "Trwa inne budowanie tej strony" in message
        time.sleep(1)
        assert process.poll() is None  # still waiting, not building beside the other
    process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 0
    assert "Drugie budowanie." in page(output, NEWS_PAGE)


def test_builds_killed_at_random_moments_leave_a_whole_live_site_and_the_next_build_succeeds(site):
    content, output = site
    moments = random.Random(9).sample([0.2, 0.5, 0.9, 1.4, 2.0, 2.7, 3.5], 4)
    for number, moment in enumerate(moments):
        append(content, NEWS, f"\nZmiana {number}.\n")
        process = build_process(content, output)
        time.sleep(moment)
        process.kill()  # SIGKILL: no handler, no `finally` runs
        process.communicate()
        live = releases.current_release(str(output))
        assert os.path.isfile(os.path.join(live, ".build-record.json"))  # written last, before the switch
        assert "</html>" in page(output, NEWS_PAGE) and "</html>" in page(output, "index.html")
    build_site(content, str(output))
    assert f"Zmiana {len(moments) - 1}." in page(output, NEWS_PAGE)
    assert [n for n in os.listdir(releases.releases_folder(str(output))) if n.startswith("staging")] == []


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MiB tmpfs: a disk that can really fill up (mounting needs root, as CI runs)."""
    if os.geteuid() != 0:
        pytest.fail("the full-disk test mounts a size-limited tmpfs and needs root, as in CI")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_a_full_disk_fails_in_polish_and_leaves_the_live_site(small_disk, tmp_path):
    content = copy_fixture_content(str(tmp_path))
    output = small_disk / "output"
    build_site(content, str(output))
    live = releases.current_release(str(output))
    before = page(output, NEWS_PAGE)
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    with open(small_disk / "zapelniacz", "wb") as handle:
        handle.write(b"\0" * (free - 64 * 1024))  # 64 KiB left: far less than a release
    append(content, NEWS, "\nPo zapełnieniu dysku.\n")
    with pytest.raises(BuildFailed, match="zabrakło miejsca") as failure:
        build_site(content, str(output))
    assert "Traceback" not in str(failure.value)
    assert releases.current_release(str(output)) == live and page(output, NEWS_PAGE) == before
    assert [n for n in os.listdir(releases.releases_folder(str(output))) if n.startswith("staging")] == []


def test_a_cache_file_cut_short_by_a_killed_build_does_not_stop_the_next_build(site, tmp_path):
    content, output = site
    cache = tmp_path / ".cache"
    readers = cache / "ArticlesGenerator-Readers"
    whole = readers.read_bytes()
    readers.write_bytes(whole[: len(whole) // 2])  # a gzip stream cut in the middle: EOFError in Pelican
    append(content, NEWS, "\nPo przerwanym budowaniu.\n")
    build_site(content, str(output))
    assert "Po przerwanym budowaniu." in page(output, NEWS_PAGE)
