"""The publication ledger (plugins/core/ledger.py, wachock/ledger.py, plugins/ledger): the chain, the
entries of a push, and RFC 3161 tokens from a time-stamping authority run locally with `openssl ts`.

The hook and build script that keep it on the server are tested in tests/test_publishing.py, the
BIP pages that show it in tests/test_bip_record.py."""

import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from plugins.core.dates import WARSAW
from plugins.core.ledger import chain_problems, read_entries, stage_entries, start_entry
from tests.sitebuild import PROJECT_ROOT

MOMENT = datetime(2026, 11, 30, 14, 5, 9, tzinfo=WARSAW)
TSA_CONFIG = """
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = Testowy TSA
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[ tsa_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {folder}/serial
crypto_device = builtin
default_policy = 1.2.3.4.1
digests = sha256
signer_digest = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def git(repository, *arguments) -> str:
    return subprocess.run(
        ["git", "-C", str(repository), "-c", "user.name=Anna Nowak", "-c", "user.email=a.nowak@wachock.pl", *arguments],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def write(repository, path: str, text: str) -> None:
    os.makedirs(os.path.dirname(repository / path), exist_ok=True)
    (repository / path).write_text(text, encoding="utf-8")


@pytest.fixture
def repository(tmp_path):
    repository = tmp_path / "repo"
    repository.mkdir()
    git(repository, "init", "-q", "-b", "main")
    write(repository, "content/aktualnosci/a.md", "Title: A\n\nPierwsza treść.\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Start")
    return repository


def pushed(repository, old: str, account="a.nowak", after=None):
    after = after or start_entry(old, MOMENT)
    return after, stage_entries(str(repository), old, git(repository, "rev-parse", "HEAD"), account, MOMENT, after)


def test_a_push_gives_one_entry_per_content_file_of_each_commit_with_the_servers_moment(repository):
    old = git(repository, "rev-parse", "HEAD")
    write(repository, "content/aktualnosci/a.md", "Title: A\n\nDruga treść.\n")
    write(repository, "content/bip/b.md", "Title: B\n\nUchwała.\n")
    write(repository, "pelicanconf.py", "# not content\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Zmiany")
    first = git(repository, "rev-parse", "HEAD")
    git(repository, "mv", "content/bip/b.md", "content/bip/c.md")
    git(repository, "commit", "-q", "-m", "Przeniesienie")
    second = git(repository, "rev-parse", "HEAD")
    start, entries = pushed(repository, old)
    assert [(e.commit, e.change, e.path) for e in entries] == [
        (first, "M", "content/aktualnosci/a.md"),
        (first, "A", "content/bip/b.md"),
        (second, "D", "content/bip/b.md"),  # a move is a removal and an addition of files: no guessing
        (second, "A", "content/bip/c.md"),
    ]
    assert entries[0].sha256 == hashlib.sha256("Title: A\n\nDruga treść.\n".encode()).hexdigest()
    assert entries[2].sha256 == ""
    assert {e.time for e in entries} == {"2026-11-30T14:05:09+01:00"}
    assert {e.account for e in entries} == {"a.nowak"}
    assert [e.number for e in entries] == [1, 2, 3, 4] and entries[0].previous == start.hash
    assert chain_problems([start, *entries]) == []


def test_the_chain_reports_an_entry_changed_removed_inserted_or_a_second_start(repository):
    old = git(repository, "rev-parse", "HEAD")
    write(repository, "content/aktualnosci/a.md", "Title: A\n\nDruga.\n")
    write(repository, "content/aktualnosci/b.md", "Title: B\n\nTrzecia.\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Zmiany")
    start, (one, two) = pushed(repository, old)
    assert chain_problems([start, one, two]) == []
    changed = replace(one, account="s.staniszewski")
    assert chain_problems([start, changed, two])[0] == (
        "wpis nr 1: jego treść nie zgadza się z jego skrótem (wpis zmieniono po zapisaniu)"
    )
    assert any("łańcuch przerwany" in problem for problem in chain_problems([start, two]))
    assert any("brakuje wpisu albo dopisano go później" in p for p in chain_problems([start, two, one]))
    restart = start_entry("", MOMENT)
    assert any("tylko wpis nr 0 zaczyna rejestr" in p for p in chain_problems([start, replace(restart, number=1)]))


@pytest.fixture
def time_stamping_authority(tmp_path):
    """A TSA on 127.0.0.1: OpenSSL's `ts -reply` behind an HTTP POST, as RFC 3161 section 3.4 describes."""
    folder = tmp_path / "tsa"
    folder.mkdir()
    config = folder / "tsa.cnf"
    config.write_text(TSA_CONFIG.format(folder=folder), encoding="utf-8")
    (folder / "serial").write_text("01\n")

    def openssl(*arguments):
        subprocess.run(["openssl", *arguments], check=True, capture_output=True, cwd=folder)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
            "-subj", "/CN=Testowe CA", "-config", str(config), "-extensions", "ca_ext")  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-config", str(config))
    openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "tsa.pem", "-days", "30", "-extfile", str(config), "-extensions", "tsa_ext")  # fmt: skip
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(self.headers["Content-Type"])
            (folder / "query.tsq").write_bytes(query)
            openssl("ts", "-reply", "-config", str(config), "-queryfile", "query.tsq", "-inkey", "tsa.key",
                    "-signer", "tsa.pem", "-out", "reply.tsr")  # fmt: skip
            reply = (folder / "reply.tsr").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *arguments):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/tsa", "ca": str(folder / "ca.pem"), "requests": requests}
    server.shutdown()
    server.server_close()


def ledger_command(*arguments) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wachock", "ledger", *arguments], capture_output=True, text=True, cwd=PROJECT_ROOT
    )


def test_each_push_gets_a_time_stamp_token_over_its_last_entry_that_verifies(
    repository, tmp_path, time_stamping_authority
):
    tsa = time_stamping_authority
    ledger, pending = tmp_path / "rejestr.jsonl", tmp_path / "oczekujace.jsonl"
    old = git(repository, "rev-parse", "HEAD")
    assert (
        ledger_command("start", "--ledger", str(ledger), "--repository", str(repository), "--commit", old).returncode
        == 0
    )
    write(repository, "content/aktualnosci/a.md", "Title: A\n\nDruga.\n")
    write(repository, "content/aktualnosci/b.md", "Title: B\n\nTrzecia.\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Zmiany")
    new = git(repository, "rev-parse", "HEAD")
    staged = ledger_command("stage", "--ledger", str(ledger), "--repository", str(repository), "--old", old,
                            "--new", new, "--account", "a.nowak", "--pending", str(pending),
                            "--tsa", tsa["url"])  # fmt: skip
    assert staged.returncode == 0, staged.stderr
    assert tsa["requests"] == ["application/timestamp-query"]
    appended = ledger_command("append", "--ledger", str(ledger), "--pending", str(pending))
    assert appended.returncode == 0, appended.stderr
    entries = read_entries(str(ledger))
    assert [bool(entry.token) for entry in entries] == [False, False, True]  # the push's last entry
    verified = ledger_command("verify", "--ledger", str(ledger), "--tsa-ca", tsa["ca"])
    assert verified.returncode == 0, verified.stderr
    # The token is over that entry's hash: moved to another entry, it proves nothing and says so.
    lines = ledger.read_text(encoding="utf-8").splitlines()
    moved = json.loads(lines[1])
    moved["token"] = json.loads(lines[2])["token"]
    ledger.write_text("\n".join([lines[0], json.dumps(moved, ensure_ascii=False), lines[2]]) + "\n", encoding="utf-8")
    verified = ledger_command("verify", "--ledger", str(ledger), "--tsa-ca", tsa["ca"])
    assert verified.returncode == 1
    assert "wpis nr 1: znacznik czasu się nie zgadza" in verified.stderr
    assert base64.b64decode(moved["token"])  # a real DER token, not a placeholder


def test_a_time_stamping_authority_that_does_not_answer_stops_the_staging_in_polish(repository, tmp_path):
    ledger, pending = tmp_path / "rejestr.jsonl", tmp_path / "oczekujace.jsonl"
    old = git(repository, "rev-parse", "HEAD")
    ledger_command("start", "--ledger", str(ledger), "--repository", str(repository), "--commit", old)
    write(repository, "content/aktualnosci/a.md", "Title: A\n\nDruga.\n")
    git(repository, "commit", "-q", "-am", "Zmiana")
    staged = ledger_command("stage", "--ledger", str(ledger), "--repository", str(repository), "--old", old,
                            "--new", "HEAD", "--account", "a.nowak", "--pending", str(pending),
                            "--tsa", "http://127.0.0.1:9/tsa")  # fmt: skip
    assert staged.returncode == 1
    assert "serwer znaczników czasu http://127.0.0.1:9/tsa nie odpowiedział" in staged.stderr
    assert "Traceback" not in staged.stderr
