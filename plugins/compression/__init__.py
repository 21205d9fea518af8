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
from plugins.core.polish import count_pl
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
    found: list[str] = []
    collect_compressible(output_path, "", suffixes, config["min_size"], found)
    return found


def collect_compressible(folder: str, prefix: str, suffixes: tuple, min_size: int, found: list[str]) -> None:
    # One scandir per folder: its entries carry the file type and size without a stat per file.
    with os.scandir(folder) as scanned:
        entries = sorted((entry for entry in scanned if not entry.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        if entry.is_symlink() or not entry.is_file() or not entry.name.endswith(suffixes):
            continue
        if entry.stat().st_size >= min_size:
            found.append(prefix + entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            collect_compressible(entry.path, f"{prefix}{entry.name}/", suffixes, min_size, found)


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


def take_live_copies(relative: str, output_path: str, live: str, config: dict) -> bool:
    """Link the live release's compressed copies of a file it has unchanged; False when they must be made."""
    if not live:
        return False
    source, previous = os.path.join(output_path, relative), os.path.join(live, relative)
    if not same_file(source, previous):
        return False
    copies = [(source + suffix, previous + suffix) for suffix, _ in map(COMPRESSORS.get, config["formats"])]
    if not all(os.path.isfile(existing) for _, existing in copies):
        return False
    for target, existing in copies:
        try:
            os.link(existing, target)
        except FileExistsError:  # already taken with its folder (a search bundle), or left by a plugin
            if not os.path.samefile(existing, target):
                os.remove(target)
                link_or_copy(existing, target)
        except OSError:  # another file system, or links refused: a copy does the same
            shutil.copyfile(existing, target)
    return True


def compress_one(relative: str, output_path: str, config: dict) -> None:
    source = os.path.join(output_path, relative)
    is_asset = relative.startswith(tuple(config["asset_prefixes"]))
    quality = config["asset_brotli_quality"] if is_asset else config["brotli_quality"]
    with open(source, "rb") as handle:
        data = handle.read()
    for name in config["formats"]:
        suffix, compress = COMPRESSORS[name]
        write_beside(source + suffix, compress(data, quality))  # replaces a name linked into the live release


def write_compressed_copies(pelican) -> None:
    config = compression_settings(pelican.settings)
    output_path = pelican.settings["OUTPUT_PATH"]
    live = pelican.settings.get("LIVE_RELEASE") or ""
    files = compressible_files(output_path, config)
    # Linking is file-system work done here, in order; the threads only compress (zlib and brotli
    # release the GIL while they work, so threads use every core).
    changed = [relative for relative in files if not take_live_copies(relative, output_path, live, config)]
    with ThreadPoolExecutor(max_workers=worker_count()) as pool:
        list(pool.map(lambda relative: compress_one(relative, output_path, config), changed))
    taken = len(files) - len(changed)
    logger.info(
        "Skompresowano %s (%s); %s z bieżącej wersji bez zmian",
        count_pl(len(changed), "plik", "pliki", "plików"),
        ", ".join(config["formats"]),
        count_pl(taken, "plik wzięty", "pliki wzięte", "plików wziętych"),
    )


# Runs after (plugins.core.order): compresses what every plugin above has written.
NEEDS = ("*", "sitemap")


def register():
    signals.finalized.connect(write_compressed_copies)
