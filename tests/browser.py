"""Headless Chromium (Debian's package) driven by Playwright, plus axe-core."""

import os
import urllib.parse
from threading import Thread

from wachock.build import PROJECT_ROOT
from wachock.serve import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = os.path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOSTS = {"127.0.0.1"}


class SuiteBrowser:
    """Chromium whose pages live at the suite's moment: alerts.js compares banners with the reader's clock."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **options):
        from tests.sitebuild import SUITE_NOW

        context = self.browser.new_context(**options)
        context.clock.set_fixed_time(SUITE_NOW)
        return context

    def __getattr__(self, name):
        return getattr(self.browser, name)


class LocalSite:
    """Serves a built site on 127.0.0.1 on a free port."""

    def __init__(self, directory: str):
        self.server = make_server(directory, port=0)
        self.thread = Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class RequestLog:
    """Records every request a page makes; anything not local is blocked."""

    def __init__(self):
        self.foreign: list[str] = []

    def route(self, route):
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    # not govern: the policy stays in force for everything the page itself does.
    with open(AXE_SCRIPT, encoding="utf-8") as handle:
        page.evaluate(handle.read())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]
