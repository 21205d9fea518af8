"""The editors' preview: build, serve on 127.0.0.1, show every saved file and every commit.

The preview keeps the site in memory (wachock.live): a saved news item or page whose header did not
change is shown again at once, written from the model into an overlay served before the release,
and a full build follows in a fresh process (feeds, search, every list) and replaces the overlay
when it is published. Any other change (a new file, a header, data, the theme, a commit) is a full
build in this process, which makes the model again. An edited Python file (a plugin, the settings)
restarts the whole preview, so the new code runs. While the last build failed, every page shows its
report (in Polish) instead of the old site; open pages reload themselves after the next good build
through a small script that only this server adds to pages.
"""

import functools
import html
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from watchfiles import watch

from plugins.core.outputs import PREVIEW_FOLDER
from plugins.core.polish import number_pl, plural_pl

from .build import BuildFailed
from .live import LiveSite

logger = logging.getLogger(__name__)

PREVIEW_PATH = f"/{PREVIEW_FOLDER}/"
# Polls the build number; a file, not inline, so the site's Content-Security-Policy allows it.
RELOAD_SCRIPT = b"""(function () {
  var seen = null;
  function check() {
    fetch("/__podglad__/stan", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen) { location.reload(); }
      seen = s.generation;
    }).catch(function () {}).finally(function () { setTimeout(check, 500); });
  }
  check();
})();
"""
RELOAD_TAG = f'<script src="{PREVIEW_PATH}odswiez.js" defer></script>'.encode()
GIT_EVENTS = ("HEAD", "packed-refs", "refs/", "logs/HEAD")


class PreviewState:
    """The last build's outcome, shared by the rebuild loop and the request handlers."""

    def __init__(self, live: LiveSite | None = None):
        self.generation = 0
        self.report: str | None = None  # the failed build's report, or None when the site is good
        self.lock = threading.Lock()
        self.live = live  # its overlay holds pages written since the last build

    def record(self, report: str | None) -> None:
        with self.lock:
            self.report = report
            self.generation += 1


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site; unknown addresses get the site's own 404 page."""

    preview: PreviewState | None = None

    def do_GET(self):
        if self.preview is None:
            return super().do_GET()
        if self.path.startswith(PREVIEW_PATH):
            return self.send_preview_file(self.path[len(PREVIEW_PATH) :])
        if self.preview.report is not None and self.wants_page():
            return self.send_body(503, "text/html; charset=utf-8", report_page(self.preview.report))
        for page in self.page_paths() if self.wants_page() else []:
            try:
                with open(page, "rb") as handle:
                    return self.send_body(200, "text/html; charset=utf-8", with_reload(handle.read()))
            except OSError:
                continue  # the overlay was just emptied: the release has the page
        return super().do_GET()

    def wants_page(self) -> bool:
        path = self.path.split("?", 1)[0]
        return path.endswith(("/", ".html"))

    def page_paths(self) -> list[str]:
        """The page's file: the overlay's (written since the last build) first, then the release's."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) or path.endswith(os.sep):
            path = os.path.join(path, "index.html")
        if not path.endswith(".html"):
            return []
        newer = self.preview.live.overlay_file(os.path.relpath(path, self.directory)) if self.preview.live else None
        return [p for p in (newer, path) if p and os.path.isfile(p)]

    def send_preview_file(self, name: str):
        if name == "odswiez.js":
            return self.send_body(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT)
        if name.split("?", 1)[0] == "stan":
            state = {"generation": self.preview.generation, "failed": self.preview.report is not None}
            return self.send_body(200, "application/json", json.dumps(state).encode())
        return self.send_error(404)

    def send_body(self, code: int, content_type: str, body: bytes):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        not_found_page = os.path.join(self.directory, "404.html")
        if code != 404 or not os.path.isfile(not_found_page):
            return super().send_error(code, message, explain)
        with open(not_found_page, "rb") as handle:
            body = handle.read()
        self.send_body(404, "text/html; charset=utf-8", with_reload(body) if self.preview else body)

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        logger.debug("%s %s", self.address_string(), format % args)


def with_reload(page: bytes) -> bytes:
    if b"</body>" not in page:
        return page + RELOAD_TAG
    return page.replace(b"</body>", RELOAD_TAG + b"</body>", 1)


def report_page(report: str) -> bytes:
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in report.strip().splitlines())
    return (
        '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Błąd budowania – podgląd</title></head><body>"
        "<main><h1>Strony nie zbudowano: popraw błędy</h1>"
        "<p>Podgląd pokazuje ten raport zamiast strony, dopóki budowanie się nie uda. "
        "Po zapisaniu poprawionego pliku ta strona odświeży się sama.</p>"
        f"<ul>{lines}</ul></main>{RELOAD_TAG.decode()}</body></html>"
    ).encode()


def make_server(
    directory: str, host: str = "127.0.0.1", port: int = 8000, preview: PreviewState | None = None
) -> ThreadingHTTPServer:
    handler_class = type("Handler", (SiteRequestHandler,), {"preview": preview})
    handler = functools.partial(handler_class, directory=directory)
    return ThreadingHTTPServer((host, port), handler)


def build_command(settings_file: str, output: str, content: str | None = None, cache: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "wachock", "build", "--settings", settings_file, "--output", output]
    return command + (["--content", content] if content else []) + (["--cache", cache] if cache else [])


def build_overrides(content: str | None, cache: str | None) -> dict:
    """What `build_command` passes on the command line, for a build in this process."""
    return {**({"PATH": content} if content else {}), **({"CACHE_PATH": cache} if cache else {})}


def files_saved_pl(count: int) -> str:
    return f"Zapisano {count} {plural_pl(count, 'plik', 'pliki', 'plików')}"


def report_outcome(state: PreviewState, changed: int, seconds: float, report: str | None) -> None:
    """A build's outcome goes to the state the pages read, and to the terminal."""
    state.record(report)
    if report is None:
        if changed:
            logger.info("%s, podgląd odświeżony w %s s", files_saved_pl(changed), number_pl(seconds, 1))
        else:
            logger.info("Podgląd zbudowany w %s s", number_pl(seconds, 1))
        return
    saved = f"{files_saved_pl(changed)}, ale budowanie" if changed else "Budowanie"
    logger.error("%s się nie udało; podgląd pokazuje raport:\n%s", saved, report)


def full_build(live: LiveSite, state: PreviewState, changed: int) -> bool:
    """A build in this process, which keeps the model for the quick updates that follow."""
    started = time.perf_counter()
    try:
        live.build()
    except BuildFailed as failure:
        report_outcome(state, changed, time.perf_counter() - started, str(failure).strip() or "(brak komunikatu)")
        return False
    report_outcome(state, changed, time.perf_counter() - started, None)
    return True


class CatchUp:
    """The full build after quick updates, in a fresh process; a newer change interrupts it (an
    interrupted build leaves the live release as it was)."""

    def __init__(self, command: list[str], state: PreviewState):
        self.command, self.state = command, state
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        self.cancel()
        process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        with self.lock:
            self.process = process
        threading.Thread(target=self.finish, args=(process, time.perf_counter()), daemon=True).start()

    def finish(self, process: subprocess.Popen, started: float) -> None:
        _, errors = process.communicate()
        with self.lock:
            if self.process is not process:
                return  # interrupted: a newer change is being shown
            self.process = None
            seconds = time.perf_counter() - started
            if process.returncode == 0:
                self.state.live.clear_overlay()  # the release now holds every page the overlay held
                self.state.record(None)
                logger.info("Cały podgląd (listy, kanały, wyszukiwarka) gotowy po %s s", number_pl(seconds, 1))
            else:
                report = errors.strip() or "Budowanie nie powiodło się (brak komunikatu)."
                report_outcome(self.state, 0, seconds, report)

    def cancel(self) -> None:
        with self.lock:
            process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the build stops as an interrupted one
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def show_changes(live: LiveSite, state: PreviewState, catch_up: CatchUp, paths: set[str]) -> None:
    """Saved news items and pages at once from the model when possible, anything else by a full build."""
    started = time.perf_counter()
    try:
        quick = None
        if state.report is None and all(os.path.isfile(path) and live.knows(path) for path in paths):
            quick = live.quick_update(paths)
        if quick is not None:
            state.record(None)  # open pages reload: the edited page is in the overlay
            logger.info(
                "%s, strona pokazana po %s s; reszta podglądu buduje się w tle",
                files_saved_pl(len(paths)),
                number_pl(time.perf_counter() - started, 2),
            )
            if quick.others:
                live.write_pages(quick.others)
                state.record(None)
    except Exception:  # whatever went wrong, the full build reports it in the editors' words
        logger.debug("quick update failed; a full build follows", exc_info=True)
        quick = None
    if quick is None:
        full_build(live, state, len(paths))
        return
    catch_up.start()


RESTART_VARIABLE = "WACHOCK_PREVIEW_SAVED"


def restart(server: ThreadingHTTPServer, live: LiveSite, saved: int) -> None:
    """New code runs only in a new process: the preview starts again in place (same command)."""
    logger.info("Zmieniono kod strony: podgląd uruchamia się ponownie")
    server.shutdown()
    server.server_close()
    live.close()
    os.environ[RESTART_VARIABLE] = str(saved)
    os.execv(sys.executable, sys.orig_argv)


def git_folder(path: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", path, "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else None


def preview_filter(git_dir: str | None):
    """Saved files anywhere watched; in .git only what a commit, amend or checkout changes."""

    def accept(change, path: str) -> bool:
        if git_dir and path.startswith(git_dir + os.sep):
            relative = os.path.relpath(path, git_dir).replace(os.sep, "/")
            return relative in ("HEAD", "packed-refs", "logs/HEAD") or relative.startswith("refs/")
        name = os.path.basename(path)
        if "__pycache__" in path.split(os.sep) or name.endswith((".pyc", "~", ".swp", ".tmp")):
            return False  # the build's own bytecode, editors' backup and swap files
        return not name.startswith(".#")

    return accept


def serve(
    settings_file: str, output: str, port: int, watched: list[str], content: str | None = None, cache: str | None = None
) -> None:
    live = LiveSite(settings_file, output, build_overrides(content, cache))
    state = PreviewState(live)
    catch_up = CatchUp(build_command(settings_file, output, content, cache), state)
    full_build(live, state, int(os.environ.pop(RESTART_VARIABLE, "0") or 0))
    os.makedirs(output, exist_ok=True)
    server = make_server(output, port=port, preview=state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    logger.info("Podgląd: http://127.0.0.1:%s/ (Ctrl+C kończy)", port)
    git_dir = git_folder(content or os.path.dirname(os.path.abspath(settings_file)))
    paths = [*watched, git_dir] if git_dir else watched
    try:
        for changes in watch(*paths, watch_filter=preview_filter(git_dir)):
            changed = {path for _, path in changes}
            catch_up.cancel()
            if any(path.endswith(".py") for path in changed):
                restart(server, live, len(changed))
            show_changes(live, state, catch_up, changed)
    except KeyboardInterrupt:
        pass
    finally:
        catch_up.cancel()
        server.shutdown()
        live.close()
