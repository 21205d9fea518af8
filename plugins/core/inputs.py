"""Everything a build reads, in one hash: when it equals the live release's, there is nothing to build.

The stamp covers the settings, the libraries' versions, the project's code and theme, every file the
one discovery of content/ finds (by its bytes, not its time), the commit the BIP register is read at,
and the local date of the build's moment. Output that changes at a known moment without any input
changing (a banner that expires) is recorded with that moment, after which the stamp no longer counts
(see `valid_until`).
"""

import hashlib
import json
import os
import subprocess

from .dates import build_now
from .discovery import discover
from .fingerprint import PER_BUILD, code_digest, files_digest, plain
from .ledger import ledger_digest


def content_digest(root: str, ignore_patterns) -> str | None:
    """The bytes of every file the build would read; None when discovery has problems to report."""
    found = discover(root, ignore_patterns)
    if found.problems:
        return None
    digest = hashlib.sha256()
    for relative in sorted(found.documents + found.assets):
        digest.update(relative.encode() + b"\0")
        with open(os.path.join(root, relative), "rb") as handle:
            digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def repository_head(folder: str) -> str:
    """The commit the register of changes is read at ('-' outside a repository)."""
    try:
        result = subprocess.run(
            ["git", "-C", folder, "rev-parse", "HEAD", "--is-shallow-repository"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "-"
    return result.stdout.strip()


def input_stamp(settings: dict, settings_files=()) -> str | None:
    """The hash of every input of a build, or None when it cannot be told (then the site is built).

    Code is the project's own (plugins/, wachock/), any PLUGIN_PATHS folder and the theme with its
    overrides; a plugin installed from PyPI counts by its version only when listed in LIBRARIES.

    `settings_files` are hashed by their bytes too: a function in pelicanconf.py has no stable value.
    """
    root = settings["PATH"]
    if not os.path.isdir(root):
        return None
    content = content_digest(root, settings.get("IGNORE_FILES") or ())
    if content is None:
        return None
    shown = {key: plain(value) for key, value in settings.items() if key not in PER_BUILD}
    parts = [
        json.dumps(shown, sort_keys=True, default=repr),
        code_digest(settings),
        content,
        *[files_digest(path) for path in settings_files],
        repository_head(root),
        build_now(settings).date().isoformat(),
        ledger_digest(settings),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
