"""The server's side of the publication ledger (plugins/core/ledger.py): start, stage, append, verify.

Run by deploy/build-site from the installed code, never from a push:

    python -m wachock ledger start  --ledger FILE --repository REPO [--commit COMMIT]
    python -m wachock ledger stage  --ledger FILE --repository REPO --new COMMIT [--old COMMIT]
                                    --account ACCOUNT --pending FILE [--tsa URL]
    python -m wachock ledger append --ledger FILE --pending FILE
    python -m wachock ledger verify --ledger FILE [--tsa-ca FILE]

An RFC 3161 time-stamping authority (`--tsa`, e.g. a qualified provider's URL) stamps the last entry
of each push; its token covers the whole chain up to that entry. The request and the check of a
token are OpenSSL's (`openssl ts`), the transport is a plain HTTP POST.
"""

import base64
import logging
import os
import subprocess
import tempfile
import urllib.request

from plugins.core.dates import build_now
from plugins.core.ledger import (
    LedgerError,
    append_entries,
    chain_problems,
    read_entries,
    stage_entries,
    start_entry,
    with_token,
    write_entries,
)

logger = logging.getLogger(__name__)
TSA_TIMEOUT = 30  # seconds


class TimestampFailed(Exception):
    pass


def openssl(*arguments: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["openssl", *arguments], input=stdin, capture_output=True)
    if done.returncode != 0:
        raise TimestampFailed(done.stderr.decode("utf-8", "replace").strip() or f"openssl {arguments[0]}")
    return done.stdout


def request_token(digest: str, tsa_url: str) -> bytes:
    """An RFC 3161 token over a SHA-256 digest (hex) from the TSA at `tsa_url`."""
    query = openssl("ts", "-query", "-digest", digest, "-sha256", "-cert")
    request = urllib.request.Request(
        tsa_url, data=query, headers={"Content-Type": "application/timestamp-query"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TSA_TIMEOUT) as response:
            reply = response.read()
    except OSError as error:
        raise TimestampFailed(f"serwer znaczników czasu {tsa_url} nie odpowiedział ({error})") from error
    with tempfile.TemporaryDirectory() as scratch:
        reply_path = os.path.join(scratch, "reply.tsr")
        with open(reply_path, "wb") as handle:
            handle.write(reply)
        return openssl("ts", "-reply", "-in", reply_path, "-token_out", "-out", "/dev/stdout")


def token_problem(digest: str, token: bytes, ca_file: str) -> str:
    """Empty when the token is a valid time-stamp of `digest` by a TSA the CA file trusts."""
    with tempfile.TemporaryDirectory() as scratch:
        token_path = os.path.join(scratch, "token.der")
        with open(token_path, "wb") as handle:
            handle.write(token)
        try:
            openssl("ts", "-verify", "-digest", digest, "-in", token_path, "-token_in", "-CAfile", ca_file)
        except TimestampFailed as error:
            return str(error)
    return ""


def start(arguments) -> None:
    if os.path.exists(arguments.ledger):
        raise LedgerError(f"{arguments.ledger}: rejestr publikacji już istnieje; zakłada się go tylko raz.")
    commit = arguments.commit or ""
    if commit:
        commit = subprocess.run(
            ["git", "-C", arguments.repository, "rev-parse", "--verify", f"{commit}^{{commit}}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    write_entries(arguments.ledger, [start_entry(commit, build_now())])
    logger.info(
        "Założono rejestr publikacji %s (historia do %s sprzed rejestru).", arguments.ledger, commit[:10] or "—"
    )


def stage(arguments) -> None:
    entries = read_entries(arguments.ledger)
    problems = chain_problems(entries)
    if problems:
        raise LedgerError(f"{arguments.ledger}: rejestr publikacji jest uszkodzony: {'; '.join(problems[:5])}.")
    staged = stage_entries(
        arguments.repository, arguments.old or None, arguments.new, arguments.account, build_now(), entries[-1]
    )
    if staged and arguments.tsa:
        staged[-1] = with_token(staged[-1], request_token(staged[-1].hash, arguments.tsa))
    write_entries(arguments.pending, staged)


def append(arguments) -> None:
    entries, staged = read_entries(arguments.ledger), read_entries(arguments.pending)
    problems = chain_problems(entries + staged)
    if problems:
        raise LedgerError(f"{arguments.pending}: wpisy nie pasują do rejestru: {'; '.join(problems[:5])}.")
    append_entries(arguments.ledger, staged)


def verify(arguments) -> None:
    entries = read_entries(arguments.ledger)
    problems = chain_problems(entries)
    if arguments.tsa_ca:
        for entry in entries:
            if entry.token:
                problem = token_problem(entry.hash, base64.b64decode(entry.token), arguments.tsa_ca)
                if problem:
                    problems.append(f"wpis nr {entry.number}: znacznik czasu się nie zgadza ({problem})")
    if problems:
        raise LedgerError(f"{arguments.ledger}: " + "; ".join(problems))
    logger.info(
        "Rejestr publikacji %s jest spójny: %s wpisów, ostatni skrót %s.",
        arguments.ledger,
        len(entries),
        entries[-1].hash,
    )


def add_commands(commands) -> None:
    ledger = commands.add_parser("ledger", help="the server's publication ledger")
    actions = ledger.add_subparsers(dest="action", required=True)
    for name in ("start", "stage", "append", "verify"):
        action = actions.add_parser(name)
        action.add_argument("--ledger", required=True)
        if name in ("start", "stage"):
            action.add_argument("--repository", required=True)
        if name in ("stage", "append"):
            action.add_argument("--pending", required=True)
    actions.choices["start"].add_argument("--commit")
    actions.choices["stage"].add_argument("--old")
    actions.choices["stage"].add_argument("--new", required=True)
    actions.choices["stage"].add_argument("--account", required=True)
    actions.choices["stage"].add_argument("--tsa", help="URL of an RFC 3161 time-stamping authority")
    actions.choices["verify"].add_argument("--tsa-ca", help="certificates that sign the TSA's tokens")


def run(arguments) -> int:
    action = {"start": start, "stage": stage, "append": append, "verify": verify}[arguments.action]
    try:
        action(arguments)
    except (LedgerError, TimestampFailed, subprocess.CalledProcessError) as error:
        logger.error("Rejestr publikacji: %s", error)
        return 1
    return 0
