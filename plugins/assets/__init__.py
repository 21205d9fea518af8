"""Fingerprinted theme assets: css/site.css is served as css/site.<hash>.css.

A changed file gets a new name, so the server may let browsers cache assets
for a year. Templates call `asset("css/site.css")`. Settings: ASSETS =
{"extensions": [...], "hash_length": N}.
"""

import hashlib
import logging
import os
import shutil

from pelican import signals

from plugins.core import plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {"extensions": [".css", ".js", ".svg", ".woff2"], "hash_length": 10}


def theme_static_root(settings: dict) -> str:
    return os.path.join(settings["THEME"], "static")


def fingerprint(path: str, length: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:length]


def fingerprinted_name(relative: str, digest: str) -> str:
    stem, extension = os.path.splitext(relative)
    return f"{stem}.{digest}{extension}"


def build_manifest(settings: dict) -> dict[str, str]:
    config = plugin_settings(settings, "ASSETS", DEFAULTS)
    root = theme_static_root(settings)
    manifest = {}
    for directory, _, files in os.walk(root):
        for name in files:
            if os.path.splitext(name)[1] in config["extensions"]:
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                manifest[relative] = fingerprinted_name(relative, fingerprint(path, config["hash_length"]))
    return manifest


class AssetUrls:
    """The `asset()` template global: unknown names fail the build, not the page."""

    def __init__(self, manifest: dict[str, str], static_dir: str):
        self.manifest = manifest
        self.static_dir = static_dir

    def __call__(self, relative: str) -> str:
        if relative not in self.manifest:
            raise KeyError(f"theme asset {relative!r} does not exist in theme/static")
        return f"{self.static_dir}/{self.manifest[relative]}"


def install(pelican) -> None:
    settings = pelican.settings
    manifest = build_manifest(settings)
    settings["ASSET_MANIFEST"] = manifest
    settings["JINJA_GLOBALS"] = {
        **settings.get("JINJA_GLOBALS", {}),
        "asset": AssetUrls(manifest, settings["THEME_STATIC_DIR"]),
    }


def write_fingerprinted_copies(pelican) -> None:
    settings = pelican.settings
    root = theme_static_root(settings)
    target_root = os.path.join(pelican.output_path, settings["THEME_STATIC_DIR"])
    for relative, hashed in settings["ASSET_MANIFEST"].items():
        target = os.path.join(target_root, hashed)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(root, relative), target)


# Runs after (plugins.core.order): fingerprints the theme files every page links.
NEEDS = ("*", "incremental")


def register():
    signals.initialized.connect(install)
    signals.finalized.connect(write_fingerprinted_copies)
