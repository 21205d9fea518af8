"""Precompressed copies of every text file, so the web server sends them as they are.

nginx's `gzip_static` and `brotli_static` (deploy/nginx/) pick `page.html.gz` or `page.html.br`
when the browser accepts it, with no compression work per request. The copies are made at
`finalized`, after everything else has written its files, so this plugin comes last in PLUGINS.
A file identical to the live release's takes that release's copies (they are hard-linked later
like every unchanged file), so an incremental build compresses only what changed. The copies are
deterministic (gzip without a name or a time), so two builds of one commit stay byte-identical.
Settings: COMPRESSION = {"formats": ["gzip", "br"], "suffixes": [...], "min_size": 256}.
"""

import filecmp
import gzip
import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import brotli
from pelican import signals

from plugins.core import SettingsError, plugin_settings
from plugins.core.pool import worker_count

logger = logging.getLogger(__name__)

COMPRESSORS = {
    "gzip": (".gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
    "br": (".br", lambda data: brotli.compress(data, quality=11)),
}
DEFAULTS = {
    "formats": ["gzip", "br"],
    # Pagefind's index and fragments are gzip already; images, PDFs and fonts gain nothing.
    "suffixes": [".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".ics", ".webmanifest"],
    "min_size": 256,
}


def compression_settings(settings: dict) -> dict:
    config = plugin_settings(settings, "COMPRESSION", DEFAULTS)
    unknown = sorted(set(config["formats"]) - set(COMPRESSORS))
    if unknown:
        raise SettingsError(f"COMPRESSION formats {unknown} are unknown; known: {sorted(COMPRESSORS)}")
    return config


def compressible_files(output_path: str, config: dict) -> list[str]:
    """Relative paths of the text files worth compressing; dot-files (the build record) are private."""
    suffixes = tuple(config["suffixes"])
    found = []
    for folder, folders, files in os.walk(output_path):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.startswith(".") or not name.endswith(suffixes) or os.path.islink(path):
                continue
            if os.path.getsize(path) >= config["min_size"]:
                found.append(os.path.relpath(path, output_path))
    return found


def compress_one(relative: str, output_path: str, live: str, formats: list[str]) -> None:
    source = os.path.join(output_path, relative)
    previous = os.path.join(live, relative) if live else ""
    unchanged = bool(previous) and os.path.isfile(previous) and filecmp.cmp(source, previous, shallow=False)
    data = None
    for name in formats:
        suffix, compress = COMPRESSORS[name]
        if unchanged and os.path.isfile(previous + suffix):
            shutil.copyfile(previous + suffix, source + suffix)
            continue
        if data is None:
            with open(source, "rb") as handle:
                data = handle.read()
        with open(source + suffix, "wb") as handle:
            handle.write(compress(data))


def write_compressed_copies(pelican) -> None:
    config = compression_settings(pelican.settings)
    output_path = pelican.settings["OUTPUT_PATH"]
    live = pelican.settings.get("LIVE_RELEASE") or ""
    files = compressible_files(output_path, config)
    # zlib and brotli release the GIL while they work, so threads use every core.
    with ThreadPoolExecutor(max_workers=worker_count()) as pool:
        list(pool.map(lambda relative: compress_one(relative, output_path, live, config["formats"]), files))
    logger.info("Skompresowano %s plików (%s)", len(files), ", ".join(config["formats"]))


def register():
    signals.finalized.connect(write_compressed_copies)
