"""How a build tells what changed: one way of hashing code, files and values.

Three questions hash the code: is there anything to build (core.inputs), can a page be taken from
the live release (core.writer's site chrome), can a cached reading be used (validation's reading
caches). All three take `code_digest`, computed once per build and kept in its session.
"""

import hashlib
import os
from dataclasses import fields, is_dataclass
from importlib.metadata import PackageNotFoundError, version

from .session import session_of

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The project's code and the libraries whose version changes what a build makes.
CODE_FOLDERS = ("plugins", "wachock")
LIBRARIES = ("pelican", "markdown", "jinja2", "html5lib", "feedgen", "pagefind", "pypdf", "pillow", "ruamel.yaml")
# Settings that differ on every build and shape no page by themselves (what the moment changes is in
# the context).
PER_BUILD = frozenset(
    {"OUTPUT_PATH", "LIVE_RELEASE", "INPUT_STAMP", "BUILD_NOW", "LEDGER", "BUILD_SESSION", "KEEP_SITE_MODEL"}
)


def plain(value):
    """A stable, comparable form of settings and data: no object addresses, no functions."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if is_dataclass(value) and not isinstance(value, type):
        # Field by field, never asdict(): that deep-copies whatever a field holds (a feed's items).
        # A field marked `metadata={"described": False}` holds what the value is made from (a feed's
        # sources), described where it is shown instead.
        return {
            f.name: plain(getattr(value, f.name))
            for f in fields(value)
            if not callable(getattr(value, f.name)) and f.metadata.get("described", True)
        }
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None  # objects (generators, content lists): described by what the page shows instead


def files_digest(*roots: str) -> str:
    """The names and bytes of files, and of everything in folders (bytecode aside)."""
    digest = hashlib.sha256()
    for root in roots:
        if os.path.isfile(root):
            with open(root, "rb") as handle:
                digest.update(handle.read())
            continue
        for folder, directories, names in sorted(os.walk(root)):
            directories[:] = sorted(d for d in directories if d != "__pycache__")  # bytecode follows the source
            for name in sorted(n for n in names if not n.endswith(".pyc")):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, root).encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()


def library_versions() -> list[str]:
    found = []
    for package in LIBRARIES:
        try:
            found.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            found.append(f"{package}=-")
    return found


def code_folders(settings: dict) -> list[str]:
    """The project's code, any PLUGIN_PATHS folder, the theme and its overrides."""
    folders = [os.path.join(PROJECT_ROOT, folder) for folder in CODE_FOLDERS]
    folders += [os.path.abspath(folder) for folder in settings.get("PLUGIN_PATHS") or []]
    folders += [os.path.abspath(folder) for folder in settings.get("THEME_TEMPLATES_OVERRIDES") or []]
    folders.append(settings["THEME"])
    return [folder for folder in folders if os.path.isdir(folder)]


def code_digest(settings: dict) -> str:
    """The code and theme the build runs with and the libraries' versions, hashed once per build."""
    return session_of(settings).part(
        "fingerprint.code", lambda: files_digest(*code_folders(settings)) + "|" + "|".join(library_versions())
    )
