"""The register of changes is the git history of content/bip/.

Read in one pass: one `git log` for every commit touching the folder, and one
`git cat-file --batch` process for every file version needed, whatever the
number of documents.
"""

import logging
import os
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from plugins.core.git import git, is_ancestor, read_blobs
from plugins.core.polish import date_pl

logger = logging.getLogger(__name__)

RECORD, UNIT = "\x1e", "\x1f"
WARSAW = ZoneInfo("Europe/Warsaw")
KINDS = {
    "A": "dodanie",
    "M": "zmiana",
    "D": "usunięcie",
    "R": "przeniesienie",
    "W": "wycofanie treści",
    "P": "przywrócenie treści",
}


@dataclass(frozen=True)
class Change:
    commit: str
    author: str  # the git author's name, as committed (often a shared mailbox's)
    date: datetime  # when it entered the record: the server's time from the ledger (else the commit's date)
    message: str
    kind: str  # A, M, D or R (a move, detected by git's rename detection)
    path: str  # relative to the repository
    email: str = ""
    old_path: str | None = None  # where a moved file was before
    similarity: int = 100  # for a move: how much of the text stayed the same, in percent
    person: str = ""  # who the author is, from the editors' data file ("name, position")
    corrected_on: str = ""  # the day the office supplied this reason in the corrections file (shown beside it)
    person_corrected_on: str = ""  # the day the office named the person in the corrections file (shown with it)
    account: str = ""  # the account the server authenticated for the push (from the publication ledger)
    # Where `date` comes from: "ledger" (the server's publication ledger), "history" (a commit published
    # before the ledger began) or "" (a preview: a commit on this computer, not a publication).
    recorded: str = ""

    @property
    def kind_label(self) -> str:
        if self.kind == "R" and self.similarity < 100:
            return "przeniesienie i zmiana"
        return KINDS[self.kind]

    @property
    def changes_text(self) -> bool:
        return self.kind in "AM" or (self.kind == "R" and self.similarity < 100)

    @property
    def who(self) -> str:
        """The person, and, when the office named them later, that it did (a correction is never silent)."""
        who = self.person or self.author
        if self.person_corrected_on:
            named_on = date_pl(date.fromisoformat(self.person_corrected_on))
            who = f"{who} (osobę wskazano korektą z dnia {named_on} r.)"
        return who

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
class Lineage:
    """One document through its history: every path it had (moves) and every change, oldest first."""

    paths: list[str]
    changes: list[Change]

    @property
    def path(self) -> str:
        return self.paths[-1]

    @property
    def removed(self) -> bool:
        return self.changes[-1].kind == "D"


def follow_documents(changes: list[Change]) -> list[Lineage]:
    """Group changes by document, following moves; a path used again after a removal is a new document."""
    current: dict[str, Lineage] = {}
    lineages = []

    def lineage_at(path: str) -> Lineage:
        found = current.pop(path, None)
        if found is None:  # added before a shallow history begins, or an addition
            found = Lineage([path], [])
            lineages.append(found)
        return found

    for change in changes:
        if change.kind == "R":
            lineage = lineage_at(change.old_path)
            lineage.paths.append(change.path)
        elif change.kind == "A":
            current.pop(change.path, None)
            lineage = lineage_at(change.path)
        else:
            lineage = lineage_at(change.path)
        lineage.changes.append(change)
        if change.kind != "D":
            current[change.path] = lineage
    return lineages


@dataclass
class History:
    available: bool
    complete: bool
    repository: str | None = None
    changes: list[Change] = field(default_factory=list)  # oldest first


def find_repository(folder: str) -> str | None:
    try:
        return git(folder, "rev-parse", "--show-toplevel").decode().strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def parse_log(output: str) -> list[Change]:
    changes = []
    for record in output.split(RECORD)[1:]:
        commit, author, email, date, message, files = record.split(UNIT)
        when = datetime.fromisoformat(date).astimezone(WARSAW)
        for line in files.strip("\n").splitlines():
            if not line.strip():
                continue
            status, *paths = line.split("\t")
            kind = "M" if status[0] == "T" else status[0]
            if kind == "R":
                old, new = paths
                changes.append(Change(commit, author, when, message, "R", new, email, old, int(status[1:] or 100)))
            else:
                changes.append(Change(commit, author, when, message, kind, paths[0], email))
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
    return History(True, shallow != "true", repository, changes)


def log_changes(repository: str, relative: str, revisions: str) -> list[Change]:
    output = git(
        repository,
        "log",
        "--find-renames",
        "--name-status",
        f"--format={RECORD}%H{UNIT}%an{UNIT}%ae{UNIT}%cI{UNIT}%B{UNIT}",
        revisions,
        "--",
        relative,
    ).decode("utf-8", "replace")
    return parse_log(output)


def cached_history(cache, repository: str, relative: str) -> dict | None:
    cached = cache.get("history") if cache is not None else None
    if not isinstance(cached, dict) or (cached.get("repository"), cached.get("folder")) != (repository, relative):
        return None
    return cached


def read_versions(repository: str, requests: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """File texts at commits: {(revision, path): text}."""
    return {key: data.decode("utf-8", "replace") for key, data in read_blobs(repository, requests).items()}
