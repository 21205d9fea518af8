"""Precompressed copies of every text file, so the web server sends them as they are.

nginx's `gzip_static` and `brotli_static` (deploy/nginx/) pick `page.html.gz` or `page.html.br`
when the browser accepts it, with no compression work per request. The copies are made at
`finalized`, after everything else has written its files, so this plugin comes last in PLUGINS.
A file identical to the live release's (the same inode when the writer reused it, else the same
bytes) takes that release's copies by a hard link, never read or copied again, so an incremental
build compresses only what changed. New copies are written beside and renamed into place, so a
linked file of the live release is never written through. The copies are deterministic (gzip
without a name or a time), so two builds of one commit stay byte-identical.

Brotli's quality was chosen by measurement (the demo's 408 pages, 4.4 MiB): quality 5 gives 28.0%
of the size at 23 MB/s, quality 11 25.5% at 0.6 MB/s. Pages, rebuilt every day, get quality 5;
the long-cached, fingerprinted theme files get 11.
Settings: COMPRESSION = {"formats": ["gzip", "br"], "suffixes": [...], "min_size": 256,
"brotli_quality": 5, "asset_brotli_quality": 11, "asset_prefixes": ["theme/"]}.
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

# name: (suffix, compress(data, brotli quality))
COMPRESSORS = {
    "gzip": (".gz", lambda data, quality: gzip.compress(data, compresslevel=9, mtime=0)),
    "br": (".br", lambda data, quality: brotli.compress(data, quality=quality)),
}
DEFAULTS = {
    "formats": ["gzip", "br"],
    # Pagefind's index and fragments are gzip already; images, PDFs and fonts gain nothing.
    "suffixes": [".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".ics", ".webmanifest"],
    "min_size": 256,
    "brotli_quality": 5,
    "asset_brotli_quality": 11,
    "asset_prefixes": ["theme/"],
}


def compression_settings(settings: dict) -> dict:
    config = plugin_settings(settings, "COMPRESSION", DEFAULTS)
    unknown = sorted(set(config["formats"]) - set(COMPRESSORS))
    if unknown:
        raise SettingsError(f"COMPRESSION formats {unknown} are unknown; known: {sorted(COMPRESSORS)}")
    for key in ("brotli_quality", "asset_brotli_quality"):
        if not isinstance(config[key], int) or not 0 <= config[key] <= 11:
            raise SettingsError(f"COMPRESSION {key} must be an integer from 0 to 11, not {config[key]!r}")
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


def same_file(source: str, previous: str) -> bool:
    """Whether the live release has this very file: a hard link of it (the writer reused the page),
    or else the same bytes."""
    if not previous or not os.path.isfile(previous):
        return False
    return os.path.samefile(source, previous) or filecmp.cmp(source, previous, shallow=False)


def link_or_copy(existing: str, target: str) -> None:
    try:
        os.link(existing, target)
    except OSError:  # another file system, or links refused: a copy does the same
        shutil.copyfile(existing, target)


def write_beside(path: str, data: bytes) -> None:
    """A new file renamed into place: a name that is a link into the live release is replaced, not
    written through."""
    partial = f"{path}.partial"
    with open(partial, "wb") as handle:
        handle.write(data)
    os.replace(partial, path)


def compress_one(relative: str, output_path: str, live: str, config: dict) -> None:
    source = os.path.join(output_path, relative)
    previous = os.path.join(live, relative) if live else ""
    unchanged = same_file(source, previous)
    is_asset = relative.replace(os.sep, "/").startswith(tuple(config["asset_prefixes"]))
    quality = config["asset_brotli_quality"] if is_asset else config["brotli_quality"]
    data = None
    for name in config["formats"]:
        suffix, compress = COMPRESSORS[name]
        if os.path.lexists(source + suffix):
            os.remove(source + suffix)
        if unchanged and os.path.isfile(previous + suffix):
            link_or_copy(previous + suffix, source + suffix)
            continue
        if data is None:
            with open(source, "rb") as handle:
                data = handle.read()
        write_beside(source + suffix, compress(data, quality))


def write_compressed_copies(pelican) -> None:
    config = compression_settings(pelican.settings)
    output_path = pelican.settings["OUTPUT_PATH"]
    live = pelican.settings.get("LIVE_RELEASE") or ""
    files = compressible_files(output_path, config)
    # zlib and brotli release the GIL while they work, so threads use every core.
    with ThreadPoolExecutor(max_workers=worker_count()) as pool:
        list(pool.map(lambda relative: compress_one(relative, output_path, live, config), files))
    logger.info("Skompresowano %s plików (%s)", len(files), ", ".join(config["formats"]))


# Runs after (plugins.core.order): compresses what every plugin above has written.
NEEDS = ("*", "sitemap")


def register():
    signals.finalized.connect(write_compressed_copies)
