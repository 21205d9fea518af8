"""Release directories: the served `output` is a symbolic link to one of them.

A build writes a new release beside the others, hard-links every file that is byte-identical to the
live release (nothing is ever modified in place: a changed file is a new file), and then switches
the link with one rename. The last few releases are kept so `make rollback` can switch back.

This module uses only the standard library: `make deploy` runs it on the server as it is
(`ssh server python3 - publish ... < releases.py`), so a deploy and a build switch the same way.
"""

import fcntl
import filecmp
import json
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime

logger = logging.getLogger(__name__)

KEPT_RELEASES = 5
STAGING_PREFIX = "staging-"
DEPLOY_PREFIX = f"{STAGING_PREFIX}deploy-"
LOCK_NAME = ".budowanie.lock"
# Theme files named by their content (plugins/assets), and their compressed copies.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{10}\.[A-Za-z0-9]+(\.gz|\.br)?$")
CARRIED_LIST = ".przeniesione-zasoby.json"


class NoRelease(Exception):
    """There is nothing to switch back to."""


def releases_folder(output: str) -> str:
    """`site/output` -> `site/.output-releases`: beside the link, on the same file system."""
    parent, name = os.path.split(os.path.abspath(output))
    return os.path.join(parent, f".{name}-releases")


def new_staging(output: str, prefix: str = STAGING_PREFIX) -> str:
    folder = releases_folder(output)
    os.makedirs(folder, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=prefix, dir=folder)
    # mkdtemp makes it private (0700); the web server runs as another user and must read it.
    os.chmod(staging, 0o755)
    return staging


def remove_stale_staging(output: str) -> int:
    """Staging folders of builds that were killed (no `finally` runs on SIGKILL); call under the lock."""
    folder = releases_folder(output)
    names = os.listdir(folder) if os.path.isdir(folder) else []
    # A deploy copies into its staging folder without holding the lock (the copy may take long):
    # only one abandoned for a day is stale.
    day_ago = time.time() - 86_400
    stale = [
        name
        for name in names
        if name.startswith(STAGING_PREFIX)
        and (not name.startswith(DEPLOY_PREFIX) or os.path.getmtime(os.path.join(folder, name)) < day_ago)
    ]
    for name in stale:
        shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
    return len(stale)


@contextmanager
def build_lock(output: str, wait_message: str):
    """One build at a time for one site: a second one (a scheduled build while an editor's runs) waits.

    An flock, so a killed build never leaves the lock taken.
    """
    folder = releases_folder(output)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, LOCK_NAME), "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("%s", wait_message, extra={"tolerated": True})
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def releases(output: str) -> list[str]:
    """Finished releases, oldest first (their names are UTC build times)."""
    folder = releases_folder(output)
    if not os.path.isdir(folder):
        return []
    names = sorted(name for name in os.listdir(folder) if not name.startswith((STAGING_PREFIX, ".")))
    return [os.path.join(folder, name) for name in names]


def current_release(output: str) -> str | None:
    if os.path.islink(output):
        return os.path.realpath(output)
    return None


def link_unchanged_files(staging: str, live: str | None) -> int:
    """Replace each staged file identical to the live one by a hard link to it; returns how many."""
    if not live or not os.path.isdir(live):
        return 0
    return link_unchanged_in(staging, live)


def link_unchanged_in(staged_folder: str, live_folder: str) -> int:
    """One folder of the staged release against the same folder of the live one.

    One `lstat` of the live file per staged file: most were taken from the live release while
    building (the same inode, which `scandir` gives without a system call) and need nothing more.
    """
    linked = 0
    with os.scandir(staged_folder) as entries:
        for entry in entries:
            previous = os.path.join(live_folder, entry.name)
            if entry.is_dir(follow_symlinks=False):
                if os.path.isdir(previous) and not os.path.islink(previous):
                    linked += link_unchanged_in(entry.path, previous)
                continue
            try:
                live_stat = os.lstat(previous)
            except OSError:
                continue
            if not stat.S_ISREG(live_stat.st_mode):
                continue
            if live_stat.st_ino == entry.inode() and live_stat.st_dev == entry.stat(follow_symlinks=False).st_dev:
                linked += 1  # taken from the live release while building
                continue
            if live_stat.st_size == entry.stat(follow_symlinks=False).st_size and filecmp.cmp(
                entry.path, previous, False
            ):
                temporary = f"{entry.path}.link-tmp"
                os.link(previous, temporary)
                os.replace(temporary, entry.path)
                linked += 1
    return linked


def switch_link(output: str, release: str) -> None:
    """Point `output` at `release` with one rename; a real folder left by older builds moves aside."""
    output = os.path.abspath(output)
    if os.path.isdir(output) and not os.path.islink(output):
        os.rename(output, os.path.join(releases_folder(output), f"{release_name()}-poprzednia"))
    temporary = f"{output}.link-{os.getpid()}"
    os.symlink(os.path.relpath(release, os.path.dirname(output)), temporary)
    os.replace(temporary, output)


def release_name() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def carry_previous_assets(staging: str, live: str | None) -> int:
    """The live release's own fingerprinted files stay one more release.

    A page read just before the switch asks for its stylesheet just after it: that file must still
    answer (under its name, with its own content), not 404. Files a release only carried are not
    carried again, so each release holds its own assets and its predecessor's, no more.
    """
    if not live or not os.path.isdir(live):
        return 0
    try:
        with open(os.path.join(live, CARRIED_LIST), encoding="utf-8") as handle:
            carried_before = set(json.load(handle))
    except (OSError, ValueError):
        carried_before = set()
    carried = []
    for folder, folders, files in os.walk(live):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in filter(FINGERPRINTED.search, files):
            relative = os.path.relpath(os.path.join(folder, name), live)
            target = os.path.join(staging, relative)
            if relative not in carried_before and not os.path.lexists(target):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.link(os.path.join(folder, name), target)
                carried.append(relative)
    with open(os.path.join(staging, CARRIED_LIST), "w", encoding="utf-8") as handle:
        json.dump(sorted(carried), handle, indent=0)
    return len(carried)


def publish(staging: str, output: str, keep: int = KEPT_RELEASES) -> str:
    """Make the staged build the live release; returns its folder."""
    live = current_release(output)
    link_unchanged_files(staging, live)
    carry_previous_assets(staging, live)
    release = os.path.join(releases_folder(output), release_name())
    os.rename(staging, release)
    switch_link(output, release)
    prune(output, keep)
    return release


def prune(output: str, keep: int) -> None:
    """Remove all but the newest `keep` releases; the live one always stays."""
    live = current_release(output)
    for release in releases(output)[:-keep] if keep > 0 else []:
        if release != live:
            shutil.rmtree(release, ignore_errors=True)


def rollback(output: str) -> str:
    """Switch `output` to the release before the live one; returns it."""
    live = current_release(output)
    older = [release for release in releases(output) if live is None or release < live]
    if not older:
        raise NoRelease("Nie ma wcześniejszej wersji strony, do której można wrócić.")
    switch_link(output, older[-1])
    return older[-1]


def discard(staging: str) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str]) -> int:
    """On a server with no checkout: `python3 - COMMAND OUTPUT [STAGING] < releases.py`.

    live OUTPUT              prints the live release's folder name (nothing when there is none)
    staging OUTPUT           makes an empty staging folder for the copy and prints its path
    publish OUTPUT STAGING   makes the copied release live (one rename) and keeps the last few
    rollback OUTPUT          switches back one release
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    command, output = argv[0], os.path.abspath(argv[1])
    with build_lock(output, "Trwa budowanie albo inna publikacja tej strony; czekam, aż się skończy."):
        if command == "live":
            live = current_release(output)
            sys.stdout.write(f"{os.path.basename(live) if live else ''}\n")
        elif command == "staging":
            sys.stdout.write(f"{new_staging(output, DEPLOY_PREFIX)}\n")
        elif command == "publish":
            release = publish(argv[2], output)
            sys.stdout.write(f"{os.path.basename(release)}\n")
        elif command == "rollback":
            try:
                sys.stdout.write(f"{os.path.basename(rollback(output))}\n")
            except NoRelease as error:
                logger.error("%s", error)
                return 1
        else:
            logger.error("Nieznane polecenie: %s", command)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
