"""The golden-output fixture site: `python -m tests.golden` (or `make golden`)
rebuilds tests/fixtures/site/expected/ after an intended change."""

import logging
import os
import shutil
import sys
import tempfile

from tests.sitebuild import FIXTURE_CONTENT, FIXTURE_SITE, SUITE_NOW, build_site

EXPECTED = os.path.join(FIXTURE_SITE, "expected")
# Small pages so that the fixture exercises pagination.
OVERRIDES = {"DEFAULT_PAGINATION": 2, "SEARCH": {"enabled": False}}  # the index is Pagefind's output, not ours

logger = logging.getLogger(__name__)


def build_fixture(output: str, now=SUITE_NOW, **overrides) -> dict:
    """The fixture built for a given moment (the golden output is the suite's moment's); its settings."""
    return build_site(FIXTURE_CONTENT, output, BUILD_NOW=now, **{**OVERRIDES, **overrides})


# Hashes of the inputs of each page (plugins/incremental): they change with any code change, and
# tests/test_incremental.py checks what they are for.
NOT_COMPARED = {".build-record.json", ".przeniesione-zasoby.json"}
# Compressed copies of the compared files (plugins/compression; tests/test_web_server.py decodes them).
COMPRESSED = (".gz", ".br")


def relative_files(root: str) -> list[str]:
    found = []
    for directory, _, files in os.walk(root):
        found.extend(os.path.relpath(os.path.join(directory, name), root) for name in files)
    return sorted(path for path in found if path not in NOT_COMPARED and not path.endswith(COMPRESSED))


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        output = os.path.join(scratch, "output")
        build_fixture(output)
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(output, EXPECTED, ignore=shutil.ignore_patterns(*NOT_COMPARED, "*.gz", "*.br"))
    logger.info("Golden output regenerated in %s (%s files)", EXPECTED, len(relative_files(EXPECTED)))


if __name__ == "__main__":
    os.environ["TZ"] = "Europe/Warsaw"
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("pelican").setLevel(logging.WARNING)
    regenerate()
    sys.exit(0)
