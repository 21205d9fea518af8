"""`make serve`: a saved page shown from memory, a fresh process after a code change, commits picked
up, the report in the browser."""

import os
import re
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request

import pytest

from plugins.core.polish import plural_pl
from tests.sitebuild import PROJECT_ROOT, copy_fixture_content, write_file
from tests.test_bip import DOCUMENT, HEADER, git
from tests.test_incremental import NEWS, NEWS_PAGE
from wachock import releases
from wachock.serve import files_saved_pl, with_reload

FAILED_TITLE = "Strony nie zbudowano"
MARKER_PLUGIN = """
import os
from pelican import signals

def write_marker(pelican):
    with open(os.path.join(pelican.output_path, "znacznik.txt"), "w", encoding="utf-8") as handle:
        handle.write("{text}")

def register():
    signals.finalized.connect(write_marker)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def wait_for(url: str, predicate, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    status, body = 0, ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if predicate(status, body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched; last answer {status}: {body[:300]}")


def wait_for_heading(page, predicate, timeout: float = 90) -> None:
    """Waits, without reloading, for the page to reload itself into one whose <h1> matches."""
    deadline = time.monotonic() + timeout
    heading = ""
    while time.monotonic() < deadline:
        try:
            heading = page.locator("h1").first.inner_text(timeout=2000)
        except Exception:  # the page is reloading
            heading = ""
        if heading and predicate(heading):
            return
        page.wait_for_timeout(300)
    raise AssertionError(f"the page's heading stayed {heading!r}")


@pytest.fixture
def preview(tmp_path):
    """`python -m wachock serve` on a git repository of content, with a plugin of the test's own."""
    repository = tmp_path / "repo"
    content = copy_fixture_content(str(repository))
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Publikacja uchwały testowej")
    plugins = tmp_path / "wtyczki"
    write_file(str(plugins), "znacznik.py", MARKER_PLUGIN.format(text="wersja 1"))
    settings = tmp_path / "ustawienia.py"
    settings.write_text(
        textwrap.dedent(f"""
        import runpy
        globals().update({{k: v for k, v in runpy.run_path({os.path.join(PROJECT_ROOT, "pelicanconf.py")!r}).items()
                          if k.isupper()}})
        THEME = {os.path.join(PROJECT_ROOT, "theme")!r}
        CACHE_PATH = {str(tmp_path / "cache")!r}
        PLUGIN_PATHS = [{str(plugins)!r}]
        PLUGINS = PLUGINS + ["znacznik"]
        """),
        encoding="utf-8",
    )
    port = free_port()
    log = open(tmp_path / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "wachock", "serve", "--port", str(port), "--settings", str(settings),
         "--content", content, "--output", str(tmp_path / "output")],
        stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/znacznik.txt", lambda status, body: status == 200)
        yield {
            "url": url, "content": content, "plugins": plugins, "repository": repository, "log": tmp_path,
            "process": process,
        }  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_plural_forms_of_the_preview_messages():
    forms = {n: plural_pl(n, "plik", "pliki", "plików") for n in (1, 2, 4, 5, 12, 14, 21, 22, 25, 112, 122)}
    assert forms == {
        1: "plik", 2: "pliki", 4: "pliki", 5: "plików", 12: "plików", 14: "plików",
        21: "plików", 22: "pliki", 25: "plików", 112: "plików", 122: "pliki",
    }  # fmt: skip
    assert files_saved_pl(1) == "Zapisano 1 plik"


def test_preview_rebuilds_in_a_fresh_process_after_a_plugin_edit(preview):
    assert fetch(f"{preview['url']}/znacznik.txt")[1] == "wersja 1"
    write_file(str(preview["plugins"]), "znacznik.py", MARKER_PLUGIN.format(text="wersja 2"))
    wait_for(f"{preview['url']}/znacznik.txt", lambda status, body: body == "wersja 2")
    # One saved file; the build's own bytecode (__pycache__) is not a change to rebuild for. The
    # message follows the switch to the new release, so it may come a moment after the page.
    log = wait_for_log(preview, r"Zapisano 1 plik, podgląd odświeżony w \d+,\d s", timeout=30)
    assert "Zmieniono kod strony: podgląd uruchamia się ponownie" in log


def wait_for_log(preview, pattern: str, timeout: float = 90) -> str:
    log_file = preview["log"] / "serve.log"
    deadline = time.monotonic() + timeout
    while not re.search(pattern, log_file.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, log_file.read_text(encoding="utf-8")
        time.sleep(0.2)
    return log_file.read_text(encoding="utf-8")


def test_preview_shows_a_saved_news_item_from_memory_then_publishes_the_whole_site(preview):
    url = f"{preview['url']}/{NEWS_PAGE.removesuffix('index.html')}"
    with open(os.path.join(preview["content"], NEWS), "a", encoding="utf-8") as handle:
        handle.write("\nDopisek dotyczący terminu sesji.\n")
    shown = wait_for(url, lambda status, body: "Dopisek dotyczący terminu sesji." in body)
    wait_for_log(preview, r"Zapisano 1 plik, strona pokazana po \d+,\d+ s; reszta podglądu buduje się w tle")
    wait_for_log(preview, r"Cały podgląd \(listy, kanały, wyszukiwarka\) gotowy po")
    # The full build published what the model had shown, byte for byte.
    release = releases.current_release(str(preview["log"] / "output"))
    with open(os.path.join(release, NEWS_PAGE), encoding="utf-8") as handle:
        assert with_reload(handle.read().encode()).decode() == shown == fetch(url)[1]


def children_of(pid: int) -> set[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
        return {int(child) for child in handle.read().split()}


def test_stopping_the_preview_stops_the_build_it_runs_in_the_background(preview):
    with open(os.path.join(preview["content"], NEWS), "a", encoding="utf-8") as handle:
        handle.write("\nDopisek przed zamknięciem podglądu.\n")
    wait_for_log(preview, r"strona pokazana po")
    builds = children_of(preview["process"].pid)
    assert builds, "no full build was started after the quick update"
    preview["process"].terminate()  # SIGTERM, as systemd or a closed terminal would
    preview["process"].wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(os.path.exists(f"/proc/{pid}") and "zombie" not in state_of(pid) for pid in builds):
        assert time.monotonic() < deadline, "the background build outlived the preview"
        time.sleep(0.2)
    # Stopped, not finished: it published nothing (a build takes seconds, the stop came at once).
    release = releases.current_release(str(preview["log"] / "output"))
    with open(os.path.join(release, NEWS_PAGE), encoding="utf-8") as handle:
        assert "Dopisek przed zamknięciem podglądu." not in handle.read()


def state_of(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            return next(line for line in handle if line.startswith("State:")).lower()
    except (OSError, StopIteration):
        return "gone"


def test_preview_picks_up_a_commit_that_changes_no_file(preview):
    register = f"{preview['url']}/bip/rejestr-zmian/"
    assert "Publikacja uchwały testowej" in fetch(register)[1]
    git(preview["repository"], "commit", "-q", "--amend", "-m", "Publikacja uchwały po korekcie opisu")
    wait_for(register, lambda status, body: "Publikacja uchwały po korekcie opisu" in body)


def test_preview_shows_the_report_on_every_page_and_reloads_when_fixed(preview, browser):
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    page.goto(f"{preview['url']}/aktualnosci/")
    assert FAILED_TITLE not in page.locator("h1").first.inner_text()
    bad = "aktualnosci/zla.md"
    write_file(preview["content"], bad, "Title: Zła\nDate: 2024-05-14\nKategoria: Kultura\n\nTekst.\n")
    wait_for_heading(page, lambda heading: FAILED_TITLE in heading)
    report = page.locator("main").inner_text()
    assert "content/aktualnosci/zla.md:3:" in report and "Category" in report
    status, body = fetch(f"{preview['url']}/bip/")
    assert status == 503 and "content/aktualnosci/zla.md:3:" in body
    write_file(preview["content"], bad, "Title: Zła\nDate: 2024-05-14\nCategory: Kultura\n\nTekst.\n")
    wait_for_heading(page, lambda heading: FAILED_TITLE not in heading)
    assert "Aktualności" in page.title()
    context.close()


def test_built_site_never_carries_the_preview_script(demo_site):
    for folder, _, files in os.walk(demo_site):
        for name in files:
            if name.endswith(".html"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    assert "__podglad__" not in handle.read()


def test_a_quick_update_that_fails_gives_way_to_a_full_build(monkeypatch):
    from wachock import serve

    class BrokenModel:
        def knows(self, path):
            return True

        def quick_update(self, paths):
            raise RuntimeError("a template the model could not render")

    full_builds = []
    monkeypatch.setattr(serve, "full_build", lambda live, state, changed: full_builds.append(changed))
    serve.show_changes(BrokenModel(), serve.PreviewState(), None, {__file__})
    assert full_builds == [1]  # no traceback: the full build reports whatever is wrong
