"""The editors' preview: build, serve on 127.0.0.1, rebuild on every saved file and every commit.

Each rebuild runs in a fresh process, so an edited plugin or settings file takes effect. While the
last build failed, every page shows its report (in Polish) instead of the old site; open pages reload
themselves after the next good build through a small script that only this server adds to pages.
"""

import functools
import html
import json
import logging
import os
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from watchfiles import watch

from plugins.core.polish import number_pl, plural_pl

logger = logging.getLogger(__name__)

PREVIEW_PATH = "/__podglad__/"
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

    def __init__(self):
        self.generation = 0
        self.report: str | None = None  # the failed build's report, or None when the site is good
        self.lock = threading.Lock()

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
        page = self.page_path() if self.wants_page() else None
        if page:
            with open(page, "rb") as handle:
                return self.send_body(200, "text/html; charset=utf-8", with_reload(handle.read()))
        return super().do_GET()

    def wants_page(self) -> bool:
        path = self.path.split("?", 1)[0]
        return path.endswith(("/", ".html"))

    def page_path(self) -> str | None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        return path if path.endswith(".html") and os.path.isfile(path) else None

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


def files_saved_pl(count: int) -> str:
    return f"Zapisano {count} {plural_pl(count, 'plik', 'pliki', 'plików')}"


def rebuild(command: list[str], state: PreviewState, changed: int) -> bool:
    """One build in a fresh process; its outcome goes to the state the pages read."""
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode == 0:
        state.record(None)
        if changed:
            logger.info("%s, podgląd odświeżony w %s s", files_saved_pl(changed), number_pl(seconds, 1))
        else:
            logger.info("Podgląd zbudowany w %s s", number_pl(seconds, 1))
        return True
    report = result.stderr.strip() or "Budowanie nie powiodło się (brak komunikatu)."
    state.record(report)
    saved = f"{files_saved_pl(changed)}, ale budowanie" if changed else "Budowanie"
    logger.error("%s się nie udało; podgląd pokazuje raport:\n%s", saved, report)
    return False


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
    command = build_command(settings_file, output, content, cache)
    state = PreviewState()
    rebuild(command, state, 0)
    os.makedirs(output, exist_ok=True)
    server = make_server(output, port=port, preview=state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    logger.info("Podgląd: http://127.0.0.1:%s/ (Ctrl+C kończy)", port)
    git_dir = git_folder(content or os.path.dirname(os.path.abspath(settings_file)))
    paths = [*watched, git_dir] if git_dir else watched
    try:
        for changes in watch(*paths, watch_filter=preview_filter(git_dir)):
            rebuild(command, state, len(changes))
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
