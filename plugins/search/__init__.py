"""Site search: Pagefind indexes the written site after every build.

Pagefind (PyPI `pagefind[bin]`, its binary ships in the wheel) runs on the
output folder once Pelican has finished; the index and its UI land in
output/pagefind/. Which text is indexed is decided in the templates:
`data-pagefind-body` on <main>, `data-pagefind-ignore` on the metryczka, and
`data-pagefind-filter` for section, BIP category and year.
Settings: SEARCH = {"enabled": bool}.
"""

import logging
import subprocess

from pagefind_bin import get_executable
from pelican import signals

from plugins.core import plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True}


class SearchIndexError(RuntimeError):
    pass


def build_index(pelican) -> None:
    if not plugin_settings(pelican.settings, "SEARCH", DEFAULTS)["enabled"]:
        return
    command = [str(get_executable()), "--site", pelican.output_path, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    logger.debug("Pagefind: %s", result.stdout.strip())


def register():
    signals.finalized.connect(build_index)
