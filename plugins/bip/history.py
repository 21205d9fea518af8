"""The register of changes is the git history of content/bip/.

Read in one pass: one `git log` for every commit touching the folder, and one
`git cat-file --batch` process for every file version needed, whatever the
number of documents.
"""

import logging
import os
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

logger = logging.getLogger(__name__)

RECORD, UNIT = "\x1e", "\x1f"
WARSAW = ZoneInfo("Europe/Warsaw")
KINDS = {"A": "dodanie", "M": "zmiana", "D": "usunięcie"}


@dataclass(frozen=True)
class Change:
    commit: str
    author: str
    date: datetime
    message: str
    kind: str  # A, M or D
    path: str  # relative to the repository

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def reason(self) -> str:
        """The reason in one line (for notices and feeds): the subject, then the body, joined."""
        return " ".join(part for part in (self.subject, self.body) if part)

    @property
    def subject(self) -> str:
        return self.message.strip().split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        """The commit message after its first line, paragraphs kept as single spaces."""
        rest = self.message.strip().split("\n", 1)[1] if "\n" in self.message.strip() else ""
        return " ".join(rest.split())


@dataclass
class History:
    available: bool
    complete: bool
    repository: str | None = None
    changes: list[Change] = field(default_factory=list)  # oldest first
    by_path: dict[str, list[Change]] = field(default_factory=dict)


def git(repository: str, *arguments: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", repository, *arguments], input=stdin, capture_output=True, check=True).stdout


def find_repository(folder: str) -> str | None:
    try:
        return git(folder, "rev-parse", "--show-toplevel").decode().strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def parse_log(output: str) -> list[Change]:
    changes = []
    for record in output.split(RECORD)[1:]:
        commit, author, date, message, files = record.split(UNIT)
        for line in files.strip("\n").splitlines():
            if not line.strip():
                continue
            kind, path = line.split("\t", 1)
            when = datetime.fromisoformat(date).astimezone(WARSAW)
            changes.append(Change(commit, author, when, message, kind[0], path))
    changes.reverse()  # git log is newest first
    return changes


def read_history(folder: str, cache=None) -> History:
    """History of `folder`, which may no longer exist when all its files were removed.

    With a `cache` (core.cache.BuildCache), the changes are kept with the commit they were read at; the next build reads
    only the commits made since (a history rewritten under it, e.g. by a reset, is read whole again).
    """
    existing = folder
    while not os.path.isdir(existing):
        existing = os.path.dirname(existing)
    repository = find_repository(existing)
    if repository is None:
        return History(available=False, complete=False)
    try:
        head, shallow = git(repository, "rev-parse", "HEAD", "--is-shallow-repository").decode().split()
    except (subprocess.CalledProcessError, ValueError):
        # A repository with no commit yet.
        return History(available=False, complete=False, repository=repository)
    relative = os.path.relpath(folder, repository)
    cached = cached_history(cache, repository, relative)
    if cached and cached["head"] == head:
        changes = cached["changes"]
    elif cached and is_ancestor(repository, cached["head"], head):
        changes = cached["changes"] + log_changes(repository, relative, f"{cached['head']}..{head}")
    else:
        changes = log_changes(repository, relative, head)
    if cache is not None:
        cache.keep("history", {"repository": repository, "folder": relative, "head": head, "changes": changes})
        cache.save()
    by_path = defaultdict(list)
    for change in changes:
        by_path[change.path].append(change)
    return History(True, shallow != "true", repository, changes, dict(by_path))


def log_changes(repository: str, relative: str, revisions: str) -> list[Change]:
    output = git(
        repository,
        "log",
        "--no-renames",
        "--name-status",
        f"--format={RECORD}%H{UNIT}%an{UNIT}%aI{UNIT}%B{UNIT}",
        revisions,
        "--",
        relative,
    ).decode("utf-8", "replace")
    return parse_log(output)


def is_ancestor(repository: str, older: str, newer: str) -> bool:
    try:
        git(repository, "merge-base", "--is-ancestor", older, newer)
    except subprocess.CalledProcessError:
        return False
    return True


def cached_history(cache, repository: str, relative: str) -> dict | None:
    cached = cache.get("history") if cache is not None else None
    if not isinstance(cached, dict) or (cached.get("repository"), cached.get("folder")) != (repository, relative):
        return None
    return cached


def read_versions(repository: str, requests: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """File contents at commits: {(revision, path): text}, through one cat-file process."""
    if not requests:
        return {}
    batch = "".join(f"{revision}:{path}\n" for revision, path in requests).encode()
    output = git(repository, "cat-file", "--batch", stdin=batch)
    contents, position = {}, 0
    for request in requests:
        end = output.index(b"\n", position)
        header = output[position:end].decode()
        position = end + 1
        if header.endswith("missing"):
            continue
        size = int(header.rsplit(" ", 1)[1])
        contents[request] = output[position : position + size].decode("utf-8", "replace")
        position += size + 1
    return contents
