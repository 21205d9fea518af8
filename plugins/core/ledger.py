"""The server's publication ledger: when each content file was published, from which commit, by whom.

A commit's date is whatever the editor's computer said; the ledger is what the office's server saw.
When the git hook accepts a push (deploy/git/pre-receive through deploy/build-site), one entry is
staged for every file under content/ that each pushed commit adds, changes or removes: the server's
time, the commit, the account the server authenticated (never a typed e-mail) and the file's SHA-256.
The build reads the ledger with the staged entries; they join the ledger only when the build passes.

Every entry holds the hash of the one before it (a hash chain), so an entry changed, removed or
inserted later breaks the chain for anyone who checks the published copy. An entry's hash is the
SHA-256 of its canonical JSON (keys sorted, no spaces, UTF-8) without `hash` and `token`; `token` is
an optional RFC 3161 time-stamp token over that hash from the office's time-stamping authority.

Entry 0 starts the ledger: commits it names (and their ancestors) were published before it existed,
and keep the time their history gives.
"""

import base64
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from .dates import WARSAW
from .git import git, read_objects
from .settings import plugin_settings

SETTING = "LEDGER"
DEFAULTS = {
    "path": "",  # the ledger file (JSON lines) kept by the server; empty: a preview build, no ledger
    "pending": "",  # entries staged for the push being built, chained after the ledger's last one
}
ZERO = "0" * 64
START = "S"  # the kind of entry 0
CONTENT = "content/"
HASHED = ("number", "time", "account", "commit", "path", "change", "sha256", "previous")


class LedgerError(Exception):
    """The ledger cannot be trusted or read; the message is Polish and names the file and entry."""


@dataclass(frozen=True)
class LedgerEntry:
    number: int
    time: str  # ISO 8601 with the offset, the server's clock
    account: str  # who the server authenticated (SSH key's account); "serwer" for entry 0
    commit: str
    path: str  # relative to the repository ("content/…"); empty for entry 0
    change: str  # A (added), M (changed), D (removed), S (the ledger's start)
    sha256: str  # of the file's bytes as published; empty for a removal and for entry 0
    previous: str  # the hash of the entry before (zeros for entry 0)
    hash: str = ""
    token: str = ""  # base64 DER of an RFC 3161 time-stamp token over `hash`, when a TSA is configured

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.time).astimezone(WARSAW)

    def as_json(self) -> str:
        fields = {key: value for key, value in asdict(self).items() if key != "token" or value}
        return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(entry: LedgerEntry) -> str:
    fields = {key: getattr(entry, key) for key in HASHED}
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sealed(entry: LedgerEntry) -> LedgerEntry:
    return replace(entry, hash=entry_hash(entry))


def parse_entries(text: str, shown_as: str) -> list[LedgerEntry]:
    entries = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            entries.append(LedgerEntry(**fields))
        except (ValueError, TypeError) as error:
            raise LedgerError(
                f"{shown_as}:{line_number}: wpis rejestru publikacji jest nieczytelny ({error})."
            ) from None
    return entries


def read_entries(path: str) -> list[LedgerEntry]:
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_entries(handle.read(), path)
    except FileNotFoundError:
        raise LedgerError(
            f"{path}: nie ma rejestru publikacji. Informatyk zakłada go poleceniem "
            "„python -m wachock ledger start” (README, „Publikacja”)."
        ) from None


def chain_problems(entries: list[LedgerEntry]) -> list[str]:
    """What breaks the chain, entry by entry (empty when it verifies)."""
    problems = []
    previous = ZERO
    for index, entry in enumerate(entries):
        where = f"wpis nr {index}"
        if entry.number != index:
            problems.append(f"{where}: ma numer {entry.number} (brakuje wpisu albo dopisano go później)")
        if entry.previous != previous:
            problems.append(f"{where}: nie wskazuje skrótu poprzedniego wpisu (łańcuch przerwany)")
        if entry.hash != entry_hash(entry):
            problems.append(f"{where}: jego treść nie zgadza się z jego skrótem (wpis zmieniono po zapisaniu)")
        if (index == 0) != (entry.change == START):
            problems.append(f"{where}: tylko wpis nr 0 zaczyna rejestr")
        try:
            datetime.fromisoformat(entry.time)
        except ValueError:
            problems.append(f"{where}: czas „{entry.time}” nie jest datą ISO 8601")
        previous = entry.hash
    return problems


@dataclass
class Ledger:
    entries: list[LedgerEntry]
    by_change: dict[tuple[str, str], LedgerEntry] = field(default_factory=dict)

    def __post_init__(self):
        for entry in self.entries[1:]:
            self.by_change.setdefault((entry.commit, entry.path), entry)

    @property
    def start(self) -> LedgerEntry:
        return self.entries[0]

    @property
    def head(self) -> str:
        return self.entries[-1].hash

    def entry_for(self, commit: str, path: str) -> LedgerEntry | None:
        return self.by_change.get((commit, path))


def people_by_account(data) -> dict[str, str]:
    """{account: person's name} from the editors of (a version of) bip.yaml, whatever the YAML gave."""
    found = {}
    editors = data.get("editors") if hasattr(data, "get") else None
    for editor in editors or []:
        if hasattr(editor, "get"):
            for account in editor.get("accounts") or []:
                found.setdefault(str(account).strip(), str(editor.get("name") or "").strip())
    return found


def ledger_settings(settings: dict) -> dict:
    return plugin_settings(settings, SETTING, DEFAULTS)


def load_ledger(settings: dict) -> Ledger | None:
    """The ledger with the staged entries, verified; None for a build without one (a preview)."""
    config = ledger_settings(settings)
    if not config["path"]:
        return None
    entries = read_entries(config["path"])
    pending = read_entries(config["pending"]) if config["pending"] else []
    problems = chain_problems(entries + pending)
    if problems:
        raise LedgerError(
            f"Rejestr publikacji {config['path']} nie przechodzi sprawdzenia: "
            + "; ".join(problems[:5])
            + ". Strona nie zostanie opublikowana, dopóki informatyk nie przywróci rejestru z kopii zapasowej."
        )
    if not entries:
        raise LedgerError(f"{config['path']}: rejestr publikacji jest pusty (brak wpisu nr 0).")
    return Ledger(entries + pending)


def ledger_digest(settings: dict) -> str:
    """What the ledger adds to a build's inputs: its last entry's hash (the chain covers the rest), the
    same whether the push's entries are still staged or already appended."""
    config = ledger_settings(settings)
    last = ""
    for path in (config["path"], config["pending"]):
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                lines = [line for line in handle.read().splitlines() if line.strip()]
            if lines:
                last = lines[-1]
    if not last:
        return ""
    try:
        return str(json.loads(last).get("hash", ""))
    except (ValueError, AttributeError):
        return hashlib.sha256(last.encode()).hexdigest()  # unreadable: the build reports it


# --- the server's side: starting the ledger and staging a push's entries ----------------


def server_moment(now: datetime) -> str:
    return now.astimezone(WARSAW).isoformat(timespec="seconds")


def start_entry(commit: str, now: datetime) -> LedgerEntry:
    return sealed(LedgerEntry(0, server_moment(now), "serwer", commit, "", START, "", ZERO))


def pushed_commits(repository: str, old: str | None, new: str) -> list[str]:
    revisions = [f"{old}..{new}"] if old else [new]
    return git(repository, "rev-list", "--reverse", "--topo-order", *revisions).decode().split()


def content_changes(repository: str, commit: str) -> list[tuple[str, str, str]]:
    """(change, path, blob) for each file under content/ the commit adds, changes or removes."""
    output = git(repository, "diff-tree", "-r", "--root", "--no-renames", "--no-commit-id", "-z", commit, "--", CONTENT)
    fields = output.decode("utf-8", "surrogateescape").split("\0")
    changes = []
    for index in range(0, len(fields) - 1, 2):
        header, path = fields[index], fields[index + 1]
        _, _, _, blob, status = header.lstrip(":").split(" ")
        changes.append((status[0] if status[0] in "AMD" else "M", path, blob))
    return changes


def stage_entries(
    repository: str, old: str | None, new: str, account: str, now: datetime, after: LedgerEntry
) -> list[LedgerEntry]:
    """The entries of a push: every content file of every pushed commit, oldest commit first, at the
    server's moment, chained after `after` (the ledger's last entry)."""
    changes = [
        (commit, *change)
        for commit in pushed_commits(repository, old, new)
        for change in content_changes(repository, commit)
    ]
    blobs = read_objects(repository, sorted({blob for _, kind, _, blob in changes if kind != "D"}))
    moment = server_moment(now)
    entries, previous, number = [], after.hash, after.number + 1
    for commit, kind, path, blob in changes:
        digest = hashlib.sha256(blobs[blob]).hexdigest() if kind != "D" else ""
        entry = sealed(LedgerEntry(number, moment, account, commit, path, kind, digest, previous))
        entries.append(entry)
        previous, number = entry.hash, number + 1
    return entries


def write_entries(path: str, entries: list[LedgerEntry]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(entry.as_json() + "\n" for entry in entries)


def append_entries(path: str, entries: list[LedgerEntry]) -> None:
    """Appends and waits for the disk: the ledger only grows."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.writelines(entry.as_json() + "\n" for entry in entries)
        handle.flush()
        os.fsync(handle.fileno())


def with_token(entry: LedgerEntry, token: bytes) -> LedgerEntry:
    return replace(entry, token=base64.b64encode(token).decode("ascii"))
