"""Forces the locale and time zone; builds the demo site once for the suite."""

import os
import time

os.environ["TZ"] = "Europe/Warsaw"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["LANG"] = "C.UTF-8"
time.tzset()

import pytest  # noqa: E402

from tests.browser import AXE_SCRIPT, CHROMIUM, CHROMIUM_FLAGS, SuiteBrowser  # noqa: E402
from tests.sitebuild import (  # noqa: E402
    PROJECT_ROOT,
    PUBLISH_SETTINGS,
    SUITE_COMMIT_DATE,
    SUITE_NOW,
    build_site,
)

# No test depends on the day it runs: builds (here and in the processes tests start) are made for
# SUITE_NOW, and the commits tests make carry a fixed date.
os.environ["SOURCE_DATE_EPOCH"] = str(int(SUITE_NOW.timestamp()))
os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = SUITE_COMMIT_DATE.isoformat()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> str:
    """The real demo content (content/), built once into a temporary folder."""
    output = tmp_path_factory.mktemp("demo") / "output"
    build_site(os.path.join(PROJECT_ROOT, "content"), str(output))
    return str(output)


@pytest.fixture(scope="session")
def web_server():
    """The demo built with the production settings, live behind the shipped nginx configuration."""
    from tests.webserver import Nginx

    with Nginx() as server:
        build_site(os.path.join(PROJECT_ROOT, "content"), server.output, settings_file=PUBLISH_SETTINGS)
        yield server


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package (as root)")
    if not os.path.exists(AXE_SCRIPT):
        pytest.fail(f"{AXE_SCRIPT} is missing: `make test` installs axe-core with npm ci")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield SuiteBrowser(chromium)
        chromium.close()
