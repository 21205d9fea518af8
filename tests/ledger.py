"""Publication ledgers for test repositories, kept as the server keeps them (plugins/core/ledger.py).

The shipped hook and build script write the ledger in tests/test_publishing.py; here a test states
what the server saw (its moment and the account) without running a git server.
"""

import os
import subprocess
from datetime import datetime

from plugins.core.ledger import read_entries, stage_entries, start_entry, write_entries


def head_of(repository) -> str:
    return subprocess.run(
        ["git", "-C", str(repository), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def start_ledger(path, repository, moment: datetime, commit: str = "") -> str:
    """A ledger begun at a commit (the repository's current one): everything before it is earlier history."""
    write_entries(str(path), [start_entry(commit or head_of(repository), moment)])
    return str(path)


def record_push(path, repository, *, old: str, account: str, moment: datetime) -> None:
    """The server accepts a push of everything from `old` to HEAD, at `moment`, from `account`."""
    entries = read_entries(str(path)) if os.path.exists(path) else []
    staged = stage_entries(str(repository), old, head_of(repository), account, moment, entries[-1])
    write_entries(str(path), entries + staged)


def ledger_settings(path) -> dict:
    return {"LEDGER": {"path": str(path), "pending": ""}}
