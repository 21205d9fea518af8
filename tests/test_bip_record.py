"""The BIP as a legal record, in temporary git repositories: the publication moment, people and
reasons, moves, every version with its own attachments, lawful withdrawal, and what changed."""

import gzip
import html
import os
import re
import subprocess
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from fpdf import FPDF
from pypdf import PdfReader

from plugins.bip.reasons import reason_problem
from plugins.core.dates import WARSAW
from tests.ledger import ledger_settings, record_push, start_ledger
from tests.sitebuild import PROJECT_ROOT, SUITE_NOW, build_site, copy_fixture_content, words, write_file
from wachock import releases
from wachock.build import BuildFailed

CATEGORY = "bip/prawo-lokalne/uchwaly-rady-miejskiej"
DOCUMENT = f"{CATEGORY}/uchwala-7.md"
HEADER = (
    "Title: Uchwała Nr V/7/2026 w sprawie targowiska\n"
    "Produced_by: Rada Miejska w Wąchocku\n"
    "Produced_date: 2026-01-10\n"
    "Number: V/7/2026\n"
)
NOWAK = "Anna Nowak <a.nowak@wachock.pl>"
STANISZEWSKI = "Sebastian Staniszewski <bip@wachock.pl>"


def git(repository, *arguments, author=NOWAK, date=None, check=True):
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": author.split(" <")[0],
        "GIT_AUTHOR_EMAIL": author.split("<")[1].rstrip(">"),
        "GIT_COMMITTER_NAME": "CI",
        "GIT_COMMITTER_EMAIL": "ci@example.invalid",
    }
    if date:
        environment["GIT_COMMITTER_DATE"] = environment["GIT_AUTHOR_DATE"] = date
    return subprocess.run(
        ["git", "-C", str(repository), *arguments], check=check, capture_output=True, text=True, env=environment
    )


def commit(repository, message, **options):
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "--no-verify", "-m", message, **options)


def head(repository) -> str:
    return git(repository, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def repository(tmp_path):
    repository = tmp_path / "repo"
    content = copy_fixture_content(str(repository))
    git(repository, "init", "-q", "-b", "main")
    # Dated before every change the tests make, as a real history would be.
    commit(
        repository,
        "Serwis: treści startowe",
        author="Sebastian Staniszewski <bip@wachock.pl>",
        date="2026-01-01T08:00:00+01:00",
    )
    return repository, content


def soup_of(path) -> BeautifulSoup:
    with open(path, encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def document_url(output, title_slug="uchwala-nr-v-7-2026-w-sprawie-targowiska", category=CATEGORY, year=None):
    year = year or SUITE_NOW.year
    return output / category / str(year) / title_slug


def pdf_with(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def failure_of(content, output, **overrides) -> str:
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(output), **overrides)
    return str(failure.value)


def only_document_url(output) -> str:
    found = [
        os.path.relpath(directory, output)
        for directory, _, names in os.walk(output / CATEGORY)
        if "index.html" in names and len(os.path.relpath(directory, output / CATEGORY).split(os.sep)) == 2
    ]
    assert len(found) == 1, found
    return found[0]


# --- the publication moment ------------------------------------------------------


LEDGER_BEGINS = datetime(2026, 1, 2, 8, 0, tzinfo=WARSAW)
RECEIVED = datetime(2026, 2, 5, 8, 0, tzinfo=WARSAW)


def pushed_through_server(repo, content, tmp_path, *, account="a.nowak", committed="2026-02-04T10:00:00+01:00"):
    """A ledger begun at the repository's first commit, and the resolution pushed: committed at
    `committed` on the editor's computer, received by the server at RECEIVED from `account`."""
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repo, LEDGER_BEGINS)
    before = head(repo)
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026", date=committed)
    record_push(ledger, repo, old=before, account=account, moment=RECEIVED)
    return ledger


def metryczka_of(page) -> dict:
    return {div.dt.get_text(): div.dd for div in soup_of(page).find("section", class_="metryczka")("div")}


def test_the_publication_moment_and_person_are_the_servers_not_the_commits(repository, tmp_path):
    repo, content = repository
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repo, LEDGER_BEGINS)
    before = head(repo)
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    # Typed on the editor's computer: another person's address and a time two days before the push.
    commit(repo, "Publikacja uchwały Nr V/7/2026", date="2026-02-03T09:15:00+01:00", author=STANISZEWSKI)
    received = datetime(2026, 2, 5, 8, 0, 12, tzinfo=WARSAW)
    record_push(ledger, repo, old=before, account="a.nowak", moment=received)
    output = tmp_path / "out"
    build_site(content, str(output), **ledger_settings(ledger))
    page = output / only_document_url(output) / "index.html"
    metryczka = metryczka_of(page)
    assert metryczka["Data publikacji"].time["datetime"] == "2026-02-05T08:00+01:00"
    assert "Data ostatniej zmiany" not in metryczka and "Zatwierdzono (commit)" not in metryczka
    assert "Pierwotna publikacja" not in metryczka
    assert metryczka["Informację wprowadził"].get_text() == "Anna Nowak, inspektor ds. obsługi Rady Miejskiej"
    register_page = soup_of(output / "bip/rejestr-zmian/index.html")
    first = register_page.find("table", class_="register").tbody.find("tr")
    assert first.time["datetime"] == "2026-02-05T08:00+01:00"  # the register never contradicts the metryczka
    assert words(first("td")[3]) == "Anna Nowak, inspektor ds. obsługi Rady Miejskiej"
    assert "Podgląd" not in words(register_page.main)
    # The commit from before the ledger keeps the time its history gives, and is not a preview.
    oldest = register_page.find("table", class_="register").tbody("tr")[-1]
    assert "podgląd" not in words(oldest)


def test_a_typed_date_is_kept_only_for_documents_there_before_the_ledger_began(repository, tmp_path):
    repo, content = repository
    migrated = HEADER.replace("Produced_date: 2026-01-10", "Produced_date: 2024-02-28")
    write_file(content, DOCUMENT, migrated + "Date: 2024-03-01 10:00\n\nTreść uchwały.\n")
    commit(repo, "Przeniesienie uchwały Nr V/7/2026 z poprzedniego BIP", date="2026-01-02T07:00:00+01:00")
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repo, LEDGER_BEGINS)
    output = tmp_path / "out"
    build_site(content, str(output), **ledger_settings(ledger))
    metryczka = metryczka_of(output / only_document_url(output) / "index.html")
    assert words(metryczka["Pierwotna publikacja"]) == "1 marca 2024, godz. 10:00 w poprzednim BIP"
    assert metryczka["Pierwotna publikacja"].time["datetime"] == "2024-03-01T10:00+01:00"
    assert metryczka["Data publikacji"].time["datetime"] == "2026-01-02T07:00+01:00"  # from history
    # One publication date: the line under the text says what the metryczka says, not the previous BIP's.
    line = soup_of(output / only_document_url(output) / "index.html").find("p", class_="published-line")
    assert [time["datetime"] for time in line("time")] == ["2026-01-02T07:00+01:00"]
    # A document the server first published after the ledger began cannot claim the previous BIP's date.
    before = head(repo)
    other = "bip/prawo-lokalne/uchwaly-rady-miejskiej/uchwala-8.md"
    text = migrated.replace("V/7/2026", "V/8/2026") + "Date: 2024-03-02 10:00\n\nInna uchwała.\n"
    write_file(content, other, text)
    commit(repo, "Publikacja uchwały Nr V/8/2026", date="2026-02-04T10:00:00+01:00")
    record_push(ledger, repo, old=before, account="a.nowak", moment=datetime(2026, 2, 5, 8, 0, tzinfo=WARSAW))
    message = failure_of(content, tmp_path / "out2", **ledger_settings(ledger))
    assert f"content/{other}:5: pole „Date” podaje się tylko dla dokumentów przeniesionych" in message
    assert "serwer urzędu opublikował po raz pierwszy 2026-02-05 08:00" in message


def test_a_build_without_the_ledger_is_a_preview_and_claims_no_publication_time(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026", date="2026-02-03T09:15:00+01:00")
    output = tmp_path / "out"
    build_site(content, str(output))
    page = output / only_document_url(output) / "index.html"
    metryczka = metryczka_of(page)
    assert metryczka["Data publikacji"].time is None
    assert "podgląd" in words(metryczka["Data publikacji"]) and "serwer urzędu" in words(metryczka["Data publikacji"])
    assert metryczka["Zatwierdzono (commit)"].time["datetime"] == "2026-02-03T09:15+01:00"
    assert soup_of(page).find("p", class_="published-line") is None  # no "Opublikowano …" either
    register_page = soup_of(output / "bip/rejestr-zmian/index.html")
    assert "Podgląd. Ta kopia BIP nie jest publikacją" in words(register_page.main)
    assert "(czas commitu – podgląd)" in words(register_page.find("table", class_="register").tbody.tr)
    assert not (output / "bip/rejestr-publikacji").exists()


def test_a_commit_the_server_never_recorded_stops_the_build_naming_the_file(repository, tmp_path):
    repo, content = repository
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repo, LEDGER_BEGINS)
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "out"), **ledger_settings(ledger))
    message = str(failure.value)
    assert f"content/{DOCUMENT}:1: commit {head(repo)[:10]}" in message
    assert "serwer nie zapisał go w rejestrze publikacji" in message


def test_a_tampered_ledger_entry_stops_the_build(repository, tmp_path):
    repo, content = repository
    ledger = pushed_through_server(repo, content, tmp_path)
    with open(ledger, encoding="utf-8") as handle:
        text = handle.read()
    with open(ledger, "w", encoding="utf-8") as handle:
        handle.write(text.replace("2026-02-05T08:00:00+01:00", "2026-01-20T08:00:00+01:00"))  # back-dated
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "out"), **ledger_settings(ledger))
    assert "wpis nr 1: jego treść nie zgadza się z jego skrótem" in str(failure.value)


def set_accounts(content, name: str, accounts: list[str], remove: str = "") -> None:
    """bip.yaml with `accounts` for one editor (and, if given, an account taken from whoever had it)."""
    path = os.path.join(content, "dane/bip.yaml")
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().replace(f"    accounts:\n      - {remove}\n" if remove else "\0", "").split("\n")
    first = lines.index(f"  - name: {name}") + 1
    # The editor's entry ends where a line stops being indented under it.
    after = next(index for index in range(first, len(lines)) if not lines[index].startswith("    "))
    lines[after:after] = ["    accounts:", *(f"      - {account}" for account in accounts)]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))


def test_an_account_once_given_to_a_person_is_never_given_to_another(repository, tmp_path):
    _, content = repository
    set_accounts(content, "Jan Kowalski", ["a.nowak"], remove="a.nowak")
    message = failure_of(content, tmp_path / "out")
    assert "content/dane/bip.yaml:1: konto „a.nowak” należy w content/dane/bip.yaml do osoby Anna Nowak" in message
    assert "a teraz przypisano je osobie Jan Kowalski" in message


def test_one_account_for_two_editors_is_refused(repository, tmp_path):
    _, content = repository
    set_accounts(content, "Jan Kowalski", ["a.nowak"])
    message = failure_of(content, tmp_path / "out")
    assert "konto „a.nowak” przypisano dwóm osobom (Anna Nowak i Jan Kowalski)" in message


def test_an_account_cannot_name_its_own_person(repository, tmp_path):
    repo, content = repository
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repo, LEDGER_BEGINS)
    before = head(repo)
    set_accounts(content, "Jan Kowalski", ["j.kowalski"])
    commit(repo, "Redakcja BIP: konto Jana Kowalskiego", date="2026-02-04T10:00:00+01:00")
    record_push(ledger, repo, old=before, account="j.kowalski", moment=datetime(2026, 2, 5, 8, 0, tzinfo=WARSAW))
    message = failure_of(content, tmp_path / "out", **ledger_settings(ledger))
    assert f"konto „j.kowalski” przypisało osobę samemu sobie (commit {head(repo)[:7]}" in message
    # Added by the BIP's editor from their own account, it stands.
    moment = LEDGER_BEGINS
    ledger = start_ledger(tmp_path / "inny-rejestr.jsonl", repo, moment, commit=before)
    record_push(ledger, repo, old=before, account="s.staniszewski", moment=datetime(2026, 2, 5, 8, 0, tzinfo=WARSAW))
    build_site(content, str(tmp_path / "out"), **ledger_settings(ledger))


def test_a_commit_dated_after_the_server_received_it_contradicts_the_ledger_and_stops_the_build(repository, tmp_path):
    repo, content = repository
    ledger = pushed_through_server(repo, content, tmp_path, committed="2026-03-01T09:00:00+01:00")
    message = failure_of(content, tmp_path / "out", **ledger_settings(ledger))
    assert f"content/{DOCUMENT}:1: commit {head(repo)[:10]} ma datę 2026-03-01 09:00, późniejszą niż chwila" in message
    assert "(2026-02-05 08:00, rejestr publikacji)" in message


def test_a_commit_dated_before_the_change_it_follows_contradicts_the_ledger(repository, tmp_path):
    repo, content = repository
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repo, LEDGER_BEGINS)
    before = head(repo)
    write_file(content, "pages/o-gminie.md", "Title: O gminie\n\nTekst.\n")
    commit(repo, "Strona o gminie", date="2026-03-01T09:00:00+01:00")
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026", date="2026-02-10T09:00:00+01:00")
    record_push(ledger, repo, old=before, account="a.nowak", moment=datetime(2026, 3, 5, 8, 0, tzinfo=WARSAW))
    message = failure_of(content, tmp_path / "out", **ledger_settings(ledger))
    assert (
        f"content/{DOCUMENT}:1: commit {head(repo)[:10]} ma datę 2026-02-10 09:00, wcześniejszą niż zmiana" in message
    )


def test_an_account_no_editor_holds_and_a_correction_of_a_recorded_person_are_refused(repository, tmp_path):
    repo, content = repository
    ledger = pushed_through_server(repo, content, tmp_path, account="k.obca")
    message = failure_of(content, tmp_path / "out", **ledger_settings(ledger))
    assert "serwer przyjął tę zmianę z konta „k.obca”, którego nie przypisano żadnemu redaktorowi BIP" in message
    assert "accounts: [k.obca]" in message
    write_file(
        content,
        "dane/bip-korekty.yaml",
        f'corrections:\n  - commit: "{head(repo)[:7]}"\n    date: 2026-02-06\n    person: Anna Nowak\n',
    )
    message = failure_of(content, tmp_path / "out", **ledger_settings(ledger))
    assert "opublikował serwer urzędu z konta „k.obca”" in message
    assert "Osoby zapisanej przez serwer nie zmienia się korektą" in message


def test_a_typed_date_after_the_previous_bip_is_refused(repository, tmp_path):
    _, content = repository
    write_file(content, DOCUMENT, HEADER + "Date: 2026-01-05 10:00\n\nTreść.\n")
    message = failure_of(content, tmp_path / "out")
    assert f"content/{DOCUMENT}:5: pole „Date” podaje się tylko dla dokumentów przeniesionych" in message


def test_a_document_without_date_is_dated_by_its_commit_and_an_uncommitted_one_is_a_preview(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    output = tmp_path / "out"
    build_site(content, str(output))
    page = soup_of(output / only_document_url(output) / "index.html")
    assert "Podgląd." in page.find(class_="notice--pending").get_text()
    assert "jeszcze nie opublikowano" in page.find("section", class_="metryczka").get_text()
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "published"), BIP={"require_committed": True})
    assert f"content/{DOCUMENT}:1: ten plik ma zmiany, których nie zatwierdzono" in str(failure.value)
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    build_site(content, str(output))
    page = soup_of(output / only_document_url(output) / "index.html")
    assert page.find(class_="notice--pending") is None


# --- people and reasons ---------------------------------------------------------


def test_an_unknown_commit_address_is_refused_with_the_commit_named(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026", author="Sekretariat UMiG Wąchock <sekretariat@wachock.pl>")
    message = failure_of(content, tmp_path / "out")
    assert f"content/dane/bip.yaml:1: commit {head(repo)[:10]}" in message
    assert "adresu sekretariat@wachock.pl nie ma na liście redaktorów BIP" in message
    # The office names the person for that commit; history stays as it is.
    write_file(
        content,
        "dane/bip-korekty.yaml",
        f"corrections:\n  - commit: {head(repo)[:8]}\n    date: 2026-11-24\n    person: Jan Kowalski\n",
    )
    output = tmp_path / "out"
    build_site(content, str(output))
    row = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody.tr
    assert words(row("td")[3]) == (
        "Jan Kowalski, podinspektor ds. organizacyjnych (osobę wskazano korektą z dnia 24 listopada 2026 r.)"
    )


def test_a_correction_cannot_replace_the_editor_who_committed(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")  # by Anna Nowak, a listed editor
    write_file(
        content,
        "dane/bip-korekty.yaml",
        f"corrections:\n  - commit: {head(repo)[:8]}\n    date: 2026-11-24\n    person: Jan Kowalski\n",
    )
    message = failure_of(content, tmp_path / "out")
    assert (
        f"content/dane/bip-korekty.yaml:2: „person: Jan Kowalski”: commit {head(repo)[:10]} przyszedł z adresu "
        "a.nowak@wachock.pl, który w content/dane/bip.yaml należy do redaktora Anna Nowak"
    ) in message


@pytest.mark.parametrize("message", ["fix", "zmiana", "poprawka", "Poprawka.", "aktualizacja dokumentu", ""])
def test_a_meaningless_reason_is_refused(message):
    assert reason_problem(message)


@pytest.mark.parametrize(
    "message",
    [
        "Uchwała Nr V/7/2026: dodano wynik głosowania",
        "Korekta literówki w nazwie ulicy",
        "fix\n\nPowód: sprostowano datę sesji zgodnie z protokołem",
    ],
)
def test_a_reason_that_says_what_and_why_is_accepted(message):
    assert reason_problem(message) is None


def test_a_missing_reason_is_refused_and_one_supplied_later_is_shown(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    commit(repo, "poprawka")
    message = failure_of(content, tmp_path / "out")
    assert f"content/dane/bip-korekty.yaml:1: commit {head(repo)[:10]}" in message
    assert "powód „poprawka” nie mówi, co zmieniono i dlaczego" in message
    write_file(
        content,
        "dane/bip-korekty.yaml",
        f"corrections:\n  - commit: {head(repo)}\n    date: 2026-11-24\n"
        "    reason: Publikacja uchwały Nr V/7/2026 w sprawie targowiska\n",
    )
    output = tmp_path / "out"
    build_site(content, str(output))
    row = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody.tr
    assert words(row.find(class_="reason__subject")) == "Publikacja uchwały Nr V/7/2026 w sprawie targowiska"
    assert "powód podany przez urząd" in row.find(class_="reason__note").get_text()
    assert git(repo, "log", "-1", "--format=%s").stdout.strip() == "poprawka"  # history untouched


def test_a_correction_naming_no_published_commit_is_refused_with_its_line(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    write_file(
        content,
        "dane/bip-korekty.yaml",
        "# korekty\ncorrections:\n  - commit: abcdef1\n    date: 2026-11-24\n"
        "    reason: Publikacja uchwały o targowisku\n",
    )
    message = failure_of(content, tmp_path / "out")
    assert "content/dane/bip-korekty.yaml:3: „commit: abcdef1”: nie ma takiego commitu w historii BIP" in message


def test_the_commit_msg_hook_refuses_a_bip_commit_without_a_reason(repository):
    repo, content = repository
    git(repo, "config", "core.hooksPath", os.path.join(PROJECT_ROOT, "scripts", "git-hooks"))
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    git(repo, "add", "-A")
    refused = git(repo, "commit", "-q", "-m", "fix", check=False)
    assert refused.returncode != 0
    assert "Commit zatrzymany: zmienia BIP" in refused.stderr
    accepted = git(repo, "commit", "-q", "-m", "Publikacja uchwały Nr V/7/2026 w sprawie targowiska", check=False)
    assert accepted.returncode == 0, accepted.stderr
    write_file(content, "pages/notatka.md", "Title: Notatka\n\nTekst.\n")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-q", "-m", "wip", check=False).returncode == 0  # outside the BIP: no rule


# --- moves ----------------------------------------------------------------------


def test_a_moved_document_keeps_its_versions_and_its_old_address_points_to_the_new(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nPierwsza treść.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    write_file(content, DOCUMENT, HEADER + "\nDruga treść.\n")
    commit(repo, "Uchwała Nr V/7/2026: dodano uzasadnienie")
    output = tmp_path / "out"
    build_site(content, str(output))
    old = only_document_url(output)
    target = "bip/ogloszenia-i-obwieszczenia/uchwala-7.md"
    os.makedirs(os.path.dirname(os.path.join(content, target)), exist_ok=True)
    git(repo, "mv", os.path.join("content", DOCUMENT), os.path.join("content", target))
    commit(repo, "Uchwała Nr V/7/2026 przeniesiona do ogłoszeń, gdzie jej miejsce")
    build_site(content, str(output))
    new = f"bip/ogloszenia-i-obwieszczenia/{SUITE_NOW.year}/uchwala-nr-v-7-2026-w-sprawie-targowiska"
    assert "Pierwsza treść." in soup_of(output / new / "wersja-1/index.html").main.get_text()
    assert "Druga treść." in soup_of(output / new / "wersja-2/index.html").main.get_text()
    history = soup_of(output / new / "historia/index.html").find("table", class_="register").tbody
    assert [row("td")[1].get_text() for row in history("tr")] == ["przeniesienie", "zmiana", "dodanie"]
    moved = soup_of(output / old / "index.html")
    assert moved.h1.get_text().startswith("Dokument przeniesiony")
    assert moved.main.find("a", href=f"/{new}/")
    assert soup_of(output / old / "wersja-1/index.html").main.find("a", href=f"/{new}/wersja-1/")
    register = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody
    assert register.tr("td")[2].get_text() == "przeniesienie"
    assert len(register("tr")) == 3  # a move is one entry, not a removal and an addition


# --- every version whole --------------------------------------------------------


def test_each_version_serves_its_own_attachment_bytes(repository, tmp_path):
    repo, content = repository
    attached = HEADER + "Attachments: wykaz.csv\n\n"
    write_file(content, DOCUMENT, attached + "Wykaz stoisk.\n")
    write_file(content, f"{CATEGORY}/wykaz.csv", b"stoisko;najemca\n1;pierwszy\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026 z wykazem stoisk")
    write_file(content, DOCUMENT, attached + "Wykaz stoisk po zmianie.\n")
    write_file(content, f"{CATEGORY}/wykaz.csv", b"stoisko;najemca\n1;drugi\n2;trzeci\n")
    commit(repo, "Uchwała Nr V/7/2026: nowy wykaz stoisk po przetargu")
    output = tmp_path / "out"
    build_site(content, str(output))
    url = output / only_document_url(output)
    assert (url / "wersja-1/zalaczniki/wykaz.csv").read_bytes() == b"stoisko;najemca\n1;pierwszy\n"
    assert (url / "wersja-2/zalaczniki/wykaz.csv").read_bytes() == b"stoisko;najemca\n1;drugi\n2;trzeci\n"
    first = soup_of(url / "wersja-1/index.html")
    link = first.main.find("a", href=lambda h: h and h.endswith("wersja-1/zalaczniki/wykaz.csv"))
    assert "(CSV, 1\xa0KB)" in link.parent.get_text()


def test_a_removed_document_keeps_its_attachments_and_says_removed(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "Attachments: uchwala.pdf\n\nTreść.\n")
    write_file(content, f"{CATEGORY}/uchwala.pdf", pdf_with(["Uchwala o targowisku"]))
    commit(repo, "Publikacja uchwały Nr V/7/2026 z załącznikiem")
    output = tmp_path / "out"
    build_site(content, str(output))
    url = only_document_url(output)
    git(repo, "rm", "-q", os.path.join("content", DOCUMENT), os.path.join("content", CATEGORY, "uchwala.pdf"))
    commit(
        repo,
        "Usunięcie: uchwałę opublikowano omyłkowo przed jej podpisaniem",
        author="Jan Kowalski <j.kowalski@wachock.pl>",
    )
    build_site(content, str(output))
    page = soup_of(output / url / "index.html")
    assert PdfReader(output / url / "zalaczniki/uchwala.pdf").pages[0].extract_text().startswith("Uchwala o targowisku")
    facts = {div.dt.get_text(): div.dd.get_text() for div in page.find("dl", class_="doc-facts")("div")}
    assert facts["Status"] == "usunięty"
    notice = page.find(class_="notice--removed").get_text(" ", strip=True)
    assert "Jan Kowalski, podinspektor ds. organizacyjnych" in notice and "opublikowano omyłkowo" in notice


# --- what changed ---------------------------------------------------------------


def test_two_versions_compare_with_removed_and_added_words_marked(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nOpłata targowa wynosi 10 zł dziennie.\n\nTargowisko czynne w soboty.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    write_file(content, DOCUMENT, HEADER + "\nOpłata targowa wynosi 12 zł dziennie.\n\nTargowisko czynne w soboty.\n")
    commit(repo, "Uchwała Nr V/7/2026: nowa stawka opłaty targowej")
    write_file(content, DOCUMENT, HEADER + "Status: uchylony\n\nOpłata targowa wynosi 12 zł dziennie.\n")
    commit(repo, "Uchwała Nr V/7/2026 uchylona uchwałą Nr VI/2/2026")
    output = tmp_path / "out"
    build_site(content, str(output))
    url = output / only_document_url(output)
    second = soup_of(url / "wersja-2/index.html").find("section", class_="changes").find("ul", class_="changes__list")
    assert [d.get_text() for d in second("del")] == ["[usunięto: 10]"]
    assert [i.get_text() for i in second("ins")] == ["[dodano: 12]"]
    compared = soup_of(url / "porownanie/1-3/index.html").main.find("ul", class_="changes__list")
    removed = " ".join(d.get_text() for d in compared("del"))
    assert "10" in removed and "Targowisko czynne w soboty." in removed and "obowiązujący" in removed
    assert "uchylony" in " ".join(i.get_text() for i in compared("ins"))
    history = soup_of(url / "historia/index.html")
    links = [a["href"] for a in history.find("section", attrs={"aria-labelledby": "porownaj"})("a")]
    assert len(links) == 3 and any(link.endswith("porownanie/1-3/") for link in links)


def test_a_changed_date_of_production_shows_in_the_comparison_not_as_metadata_only(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść uchwały.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    write_file(content, DOCUMENT, HEADER.replace("2026-01-10", "2026-01-12") + "\nTreść uchwały.\n")
    commit(repo, "Uchwała Nr V/7/2026: poprawiono datę wytworzenia zgodnie z oryginałem")
    output = tmp_path / "out"
    build_site(content, str(output))
    compared = soup_of(output / only_document_url(output) / "porownanie/1-2/index.html").main
    rows = [words(row) for row in compared.find("ul", class_="changes__list")("li")]
    assert rows == ["Data wytworzenia: [usunięto: 2026-01-10] [dodano: 2026-01-12]"]


# --- withdrawal -----------------------------------------------------------------


def published_texts(output):
    """Every file of the output as text: pages, feeds, the search index (gzip), PDFs' text."""
    for directory, _, names in os.walk(output):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                data = handle.read()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            if data[:4] == b"%PDF":
                yield path, " ".join(page.extract_text() for page in PdfReader(path).pages)
                continue
            text = data.decode("utf-8", "replace")
            yield path, html.unescape(text).replace("\xa0", " ")


def test_a_withdrawn_passage_appears_nowhere_in_the_output(repository, tmp_path):
    repo, content = repository
    secret = "Jan Wiśniewski, PESEL 80010112345"
    body = f"\nNajemcą stoiska nr 4 jest {secret}.\n\nOpłata wynosi 10 zł.\n"
    write_file(content, DOCUMENT, HEADER + "Attachments: umowa.pdf\n" + body)
    write_file(content, f"{CATEGORY}/umowa.pdf", pdf_with(["Umowa najmu stoiska", "PESEL 80010112345"]))
    commit(repo, "Publikacja uchwały Nr V/7/2026 z umową najmu")
    write_file(content, DOCUMENT, HEADER + "Attachments: umowa.pdf\n" + body.replace("10 zł", "12 zł"))
    commit(repo, "Uchwała Nr V/7/2026: nowa stawka (najemca Jan Wiśniewski, PESEL 80010112345)")
    output = tmp_path / "out"
    build_site(content, str(output))
    assert any("80010112345" in text for _, text in published_texts(output))  # the test can see it
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {DOCUMENT}\n    passage: PESEL 80010112345\n"
        "    basis: art. 17 ust. 1 lit. d RODO\n    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n",
    )
    build_site(content, str(output))
    assert [path for path, text in published_texts(output) if "80010112345" in text] == []
    url = output / only_document_url(output)
    assert "[fragment wycofany]" in soup_of(url / "wersja-1/index.html").main.get_text()
    notice = soup_of(url / "index.html").find(class_="notice--withdrawn").get_text()
    assert "art. 17 ust. 1 lit. d RODO" in notice and "Burmistrz Wąchocka" in notice
    register = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody
    entry = next(row for row in register("tr") if row("td")[2].get_text() == "wycofanie treści")
    assert "art. 17 ust. 1 lit. d RODO" in words(entry) and "Burmistrz Wąchocka" in words(entry)
    assert len(register("tr")) == 4  # the register keeps its entries and adds the withdrawal


def test_a_withdrawal_takes_effect_when_the_server_published_its_entry_not_on_a_typed_date(repository, tmp_path):
    repo, content = repository
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repo, LEDGER_BEGINS)
    before = head(repo)
    write_file(content, DOCUMENT, HEADER + "\nNajemcą stoiska nr 4 jest Jan Wiśniewski.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026", date="2026-02-04T10:00:00+01:00")
    record_push(ledger, repo, old=before, account="a.nowak", moment=datetime(2026, 2, 5, 8, 0, tzinfo=WARSAW))
    before = head(repo)
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {DOCUMENT}\n    passage: Jan Wiśniewski\n"
        "    basis: art. 17 ust. 1 lit. d RODO\n    date: 2026-01-20\n    decided_by: Burmistrz Wąchocka\n",
    )
    # The decision is dated before the document was even published; the entry went live on 3 March.
    commit(repo, "Wycofanie danych osobowych z uchwały Nr V/7/2026", date="2026-02-20T09:00:00+01:00")
    record_push(ledger, repo, old=before, account="s.staniszewski", moment=datetime(2026, 3, 3, 14, 0, tzinfo=WARSAW))
    output = tmp_path / "out"
    build_site(content, str(output), **ledger_settings(ledger))
    register = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody
    entry = next(row for row in register("tr") if row("td")[2].get_text() == "wycofanie treści")
    assert entry.time["datetime"] == "2026-03-03T14:00+01:00"
    assert words(entry("td")[3]) == (
        "Sebastian Staniszewski, redaktor Biuletynu Informacji Publicznej (decyzja: Burmistrz Wąchocka)"
    )
    notice = words(soup_of(output / only_document_url(output) / "index.html").find(class_="notice--withdrawn"))
    assert notice == (
        "Fragment treści wycofano 03.03.2026 r. Podstawa: art. 17 ust. 1 lit. d RODO. "
        "Decyzja: Burmistrz Wąchocka z dnia 20.01.2026 r."
    )


def test_the_listed_forms_and_every_register_row_of_the_commit_lose_the_passage_and_other_forms_are_named(
    repository, tmp_path, caplog
):
    repo, content = repository
    body = "\nStoisko nr 4 wynajęto Janowi Nowickiemu. Umowę z Jana Nowickiego podpisano.\n"
    write_file(
        content,
        DOCUMENT,
        HEADER + "Attachments: umowa.pdf\n" + body + "\nŚwiadek: Piotr Wiśniewski. Podpis Piotra Wiśniewskiego.\n",
    )
    write_file(content, f"{CATEGORY}/umowa.pdf", pdf_with(["Umowa najmu stoiska nr 4"]))
    # One commit, two files: the attachment's register row carries the same reason.
    commit(repo, "Publikacja uchwały Nr V/7/2026 z umową najmu zawartą z Janem Nowickim")
    entry = (
        f"withdrawals:\n  - document: {DOCUMENT}\n    passage: Janowi Nowickiemu\n"
        "    basis: art. 17 ust. 1 lit. d RODO\n    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n"
        "    forms:\n      - Jana Nowickiego\n      - Janem Nowickim\n"
        f"  - document: {DOCUMENT}\n    passage: Piotr Wiśniewski\n"
        "    basis: art. 17 ust. 1 lit. d RODO\n    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n"
    )
    write_file(content, "dane/bip-wycofania.yaml", entry)
    output = tmp_path / "out"
    with caplog.at_level("WARNING"):
        build_site(content, str(output))
    leaks = {
        path: re.findall(r".{30}Nowick\w*.{10}", text) for path, text in published_texts(output) if "Nowick" in text
    }
    assert leaks == {}
    register = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody
    added = [row for row in register("tr") if words(row("td")[2]) == "dodanie"]
    labels = [words(row("td")[1]) for row in added]
    assert "umowa.pdf" in labels and "Uchwała Nr V/7/2026 w sprawie targowiska" in labels
    assert all(words(row("td")[4]).endswith("zawartą z [fragment wycofany]") for row in added)
    # "Piotr Wiśniewski" was withdrawn, "Piotr Wiśniewskiego" is another form: named, not silently kept.
    named = [r.getMessage() for r in caplog.records if "może być inną formą wycofanego fragmentu" in r.getMessage()]
    assert any("„Wiśniewskiego”" in message and f"content/{DOCUMENT}" in message for message in named)


def test_a_withdrawal_naming_no_document_or_an_absent_passage_is_refused(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    entry = "    basis: art. 17 RODO\n    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n"
    write_file(content, "dane/bip-wycofania.yaml", f"withdrawals:\n  - document: bip/nie-ma.md\n{entry}")
    assert "content/dane/bip-wycofania.yaml:2: „document: bip/nie-ma.md”: nie ma takiego dokumentu BIP" in failure_of(
        content, tmp_path / "out"
    )
    write_file(
        content, "dane/bip-wycofania.yaml", f"withdrawals:\n  - document: {DOCUMENT}\n    passage: Kowalski\n{entry}"
    )
    assert "„passage: Kowalski”: tego fragmentu nie ma w żadnej wersji" in failure_of(content, tmp_path / "out")


def test_a_whole_withdrawn_document_loses_its_text_and_attachments_everywhere(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "Attachments: lista.pdf\n\nWyniki naboru: Zofia Sroka.\n")
    write_file(content, f"{CATEGORY}/lista.pdf", pdf_with(["Lista: Zofia Sroka"]))
    commit(repo, "Publikacja wyników naboru")
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {DOCUMENT}\n    basis: art. 5 ust. 2 ustawy o dostępie do informacji publicznej\n"
        "    date: 2026-11-24\n    decided_by: Sekretarz Gminy\n",
    )
    output = tmp_path / "out"
    build_site(content, str(output))
    assert [path for path, text in published_texts(output) if "Sroka" in text] == []
    url = output / only_document_url(output)
    assert not (url / "zalaczniki").exists() and not (url / "wersja-1/zalaczniki").exists()
    assert "1 załącznik wycofano" in soup_of(url / "index.html").main.get_text().replace("\xa0", " ")


def test_publish_until_withdraws_the_content_from_that_moment(repository, tmp_path):
    repo, content = repository
    past = (SUITE_NOW - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    future = (SUITE_NOW + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    write_file(content, DOCUMENT, HEADER + f"Publish_until: {past}\n\nLista przyjętych: Adam Kruk.\n")
    other = f"{CATEGORY}/uchwala-8.md"
    write_file(
        content,
        other,
        HEADER.replace("V/7/2026", "V/8/2026").replace("targowiska", "parkingu")
        + f"Publish_until: {future}\n\nLista przyjętych: Ewa Sowa.\n",
    )
    commit(repo, "Publikacja wyników rekrutacji do przedszkola")
    output = tmp_path / "out"
    settings = build_site(content, str(output))
    texts = dict(published_texts(output))
    assert not any("Adam Kruk" in text for text in texts.values())
    assert any("Ewa Sowa" in text for text in texts.values())
    page = soup_of(output / CATEGORY / str(SUITE_NOW.year) / "uchwala-nr-v-7-2026-w-sprawie-targowiska/index.html")
    assert "upłynął termin udostępniania" in page.find(class_="notice--withdrawn").get_text()
    assert settings is not None


def test_removing_or_extending_an_expired_publish_until_does_not_bring_the_content_back(repository, tmp_path):
    repo, content = repository
    soon = "2026-02-10 12:00"  # the documents are committed a day before the suite's moment (2026-12-01)
    write_file(content, DOCUMENT, HEADER + f"Publish_until: {soon}\n\nLista przyjętych: Adam Kruk.\n")
    commit(repo, "Publikacja wyników rekrutacji do przedszkola", date="2026-02-03T09:15:00+01:00")
    # After the moment passed, someone drops the line (or moves the moment): the content stays withdrawn.
    write_file(content, DOCUMENT, HEADER + "Publish_until: 2027-06-30 12:00\n\nLista przyjętych: Adam Kruk.\n")
    commit(repo, "Wyniki rekrutacji: przedłużono termin udostępniania", date="2026-03-01T09:00:00+01:00")
    output = tmp_path / "out"
    build_site(content, str(output))
    assert not any("Adam Kruk" in text for _, text in published_texts(output))
    # Changed while the moment had not come yet, it is an ordinary change.
    other = f"{CATEGORY}/uchwala-8.md"
    header = HEADER.replace("V/7/2026", "V/8/2026").replace("targowiska", "parkingu")
    write_file(content, other, header + "Publish_until: 2026-03-10 12:00\n\nLista przyjętych: Ewa Sowa.\n")
    commit(repo, "Wyniki drugiej rekrutacji: udostępniane do 10 marca", date="2026-03-02T09:00:00+01:00")
    write_file(content, other, header + "\nLista przyjętych: Ewa Sowa.\n")
    commit(
        repo, "Wyniki drugiej rekrutacji: bezterminowo, zgodnie z decyzją Burmistrza", date="2026-03-05T09:00:00+01:00"
    )
    build_site(content, str(output))
    texts = [text for _, text in published_texts(output)]
    assert not any("Adam Kruk" in text for text in texts)  # the first expiry stands
    assert any("Ewa Sowa" in text for text in texts)


@pytest.mark.browser
def test_moved_and_withdrawn_pages_have_no_wcag_violations(repository, tmp_path, browser):
    from tests.browser import LocalSite, axe_violations

    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nNajemca: Jan Wiśniewski.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    write_file(content, DOCUMENT, HEADER + "\nNajemca: Jan Wiśniewski, stoisko 4.\n")
    commit(repo, "Uchwała Nr V/7/2026: dopisano numer stoiska")
    output = tmp_path / "out"
    build_site(content, str(output))
    old = only_document_url(output)
    target = "bip/ogloszenia-i-obwieszczenia/uchwala-7.md"
    os.makedirs(os.path.dirname(os.path.join(content, target)), exist_ok=True)
    git(repo, "mv", os.path.join("content", DOCUMENT), os.path.join("content", target))
    commit(repo, "Uchwała Nr V/7/2026 przeniesiona do ogłoszeń, gdzie jej miejsce")
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {target}\n    passage: Jan Wiśniewski\n"
        "    basis: art. 17 ust. 1 lit. d RODO\n    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n",
    )
    build_site(content, str(output))
    new = f"bip/ogloszenia-i-obwieszczenia/{SUITE_NOW.year}/uchwala-nr-v-7-2026-w-sprawie-targowiska"
    pages = [f"/{old}/", f"/{new}/", f"/{new}/wersja-2/", f"/{new}/porownanie/1-2/", f"/{new}/historia/"]
    with LocalSite(str(output)) as site:
        for width in (1280, 375):
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="pl-PL")
            page = context.new_page()
            try:
                for url in pages:
                    page.goto(site.url + url)
                    assert axe_violations(page) == [], url
            finally:
                context.close()


def test_a_new_withdrawal_leaves_no_older_release_to_roll_back_to(repository, tmp_path):
    from wachock import releases

    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nWyniki naboru: Zofia Sroka.\n")
    commit(repo, "Publikacja wyników naboru")
    output = tmp_path / "out"
    build_site(content, str(output))
    write_file(content, DOCUMENT, HEADER + "\nWyniki naboru: Zofia Sroka (stanowisko urzędnicze).\n")
    commit(repo, "Wyniki naboru: dopisano stanowisko")
    build_site(content, str(output))
    assert len(releases.releases(str(output))) == 2
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {DOCUMENT}\n    passage: Zofia Sroka\n    basis: art. 17 RODO\n"
        "    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n",
    )
    build_site(content, str(output))
    assert len(releases.releases(str(output))) == 1
    with pytest.raises(releases.NoRelease):
        releases.rollback(str(output))
    everything_kept = releases.releases_folder(str(output))
    assert [path for path, text in published_texts(everything_kept) if "Sroka" in text] == []


def test_a_withdrawn_passage_in_the_title_leaves_the_address_too(repository, tmp_path):
    repo, content = repository
    header = HEADER.replace("Uchwała Nr V/7/2026 w sprawie targowiska", "Wyniki naboru: Zofia Sroka")
    write_file(content, DOCUMENT, header + "\nWybrano: Zofia Sroka.\n")
    commit(repo, "Publikacja wyników naboru")
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {DOCUMENT}\n    passage: Zofia Sroka\n    basis: art. 17 RODO\n"
        "    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n",
    )
    output = tmp_path / "out"
    build_site(content, str(output))
    found = [path for path, text in published_texts(output) if "sroka" in text.lower() or "sroka" in path.lower()]
    assert found == []
    url = output / only_document_url(output)
    assert url.name == "wyniki-naboru-fragment-wycofany"
    assert (url / "wersja-1/index.html").is_file()


def test_a_version_naming_a_file_outside_content_is_refused_until_that_version_is_withdrawn(repository, tmp_path):
    repo, content = repository
    (repo / "sekret.txt").write_text("tajne-haslo\n", encoding="utf-8")
    write_file(content, DOCUMENT, HEADER + "\nTreść.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    write_file(content, DOCUMENT, HEADER + "Attachments: ../../../../sekret.txt\n\n<script>alert(1)</script>\n")
    commit(repo, "Uchwała Nr V/7/2026: załącznik wskazany omyłkowo poza folderem")
    write_file(content, DOCUMENT, HEADER + "\nTreść poprawiona.\n")
    commit(repo, "Uchwała Nr V/7/2026: usunięto błędny załącznik i kod")
    message = failure_of(content, tmp_path / "out")
    assert "wersja 2 z historii zmian" in message and "„../../../../sekret.txt” leży poza folderem content/" in message
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {DOCUMENT}\n    version: 2\n    basis: art. 5 ust. 2 u.d.i.p.\n"
        "    date: 2026-11-24\n    decided_by: Sekretarz Gminy\n",
    )
    output = tmp_path / "out"
    build_site(content, str(output))
    assert [path for path, text in published_texts(output) if "tajne-haslo" in text or "alert(1)" in text] == []
    url = output / only_document_url(output)
    assert soup_of(url / "wersja-2/index.html").find(class_="notice--withdrawn")


def test_a_withdrawn_passage_is_matched_as_whole_words():
    from plugins.bip.withdrawals import Withdrawal

    withdrawal = Withdrawal("bip/x.md", "art. 17 RODO", datetime(2026, 11, 24), "Burmistrz", passage="Jan Nowak")
    assert withdrawal.pattern().sub("[x]", "Jan Nowak z Janowic; Jan\u00a0Nowaków; jan nowak.") == (
        "[x] z Janowic; Jan\u00a0Nowaków; [x]."
    )


# --- personal identifiers ---------------------------------------------------------------------

PESEL = "44051401359"  # a valid checksum (the standard's own example)


def test_a_pesel_in_a_bip_document_is_refused_with_its_line(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + f"\nNajemca: Jan Wiśniewski,\nPESEL {PESEL}, stoisko 4.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    output = tmp_path / "out"
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(output))
    assert f"content/{DOCUMENT}:7: „{PESEL}” wygląda na numer PESEL (zgadza się suma kontrolna)" in str(failure.value)
    assert not output.exists()


def test_the_offices_own_account_amounts_dates_and_phones_pass(repository, tmp_path):
    repo, content = repository
    body = (
        "\nOpłatę wnosi się na rachunek 40 8523 0004 0000 0039 2000 0040 do 2026-01-22 09:00.\n"
        "Kwota 12 345 678,90 zł; sygnatura 123456789; tel. 41 274 84 09.\n"
    )
    write_file(content, DOCUMENT, HEADER + body)
    commit(repo, "Publikacja uchwały Nr V/7/2026")
    build_site(content, str(tmp_path / "out"))
    assert "40 8523 0004" in words(soup_of(document_url(tmp_path / "out") / "index.html").main)


def test_a_pesel_left_in_an_earlier_version_is_refused_until_it_is_withdrawn(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + f"\nNajemca: Jan Wiśniewski, PESEL {PESEL}.\n")
    commit(repo, "Publikacja uchwały Nr V/7/2026", date="2026-11-20T10:00:00+01:00")
    write_file(content, DOCUMENT, HEADER + "\nNajemca: Jan Wiśniewski.\n")
    commit(repo, "Uchwała Nr V/7/2026: usunięto numer PESEL", date="2026-11-21T10:00:00+01:00")
    output = tmp_path / "out"
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(output))
    assert f"content/{DOCUMENT}:1: „{PESEL}” (w wersji 1) wygląda na numer PESEL" in str(failure.value)
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        f"withdrawals:\n  - document: {DOCUMENT}\n    passage: PESEL {PESEL}\n"
        "    basis: art. 17 ust. 1 lit. d RODO\n    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n",
    )
    build_site(content, str(output))
    assert [path for path, text in published_texts(output) if PESEL in text] == []


def test_a_pesel_in_an_attachment_or_a_removed_document_is_refused_too(repository, tmp_path):
    repo, content = repository
    write_file(content, f"{CATEGORY}/lista.pdf", pdf_with(["Lista przyjetych", f"Adam Kruk, PESEL {PESEL}"]))
    write_file(content, DOCUMENT, HEADER + "Attachments: lista.pdf\n\nLista w załączniku.\n")
    commit(repo, "Publikacja listy przyjętych", date="2026-11-20T10:00:00+01:00")
    message = failure_of(content, tmp_path / "out")
    assert f"content/{DOCUMENT}:1: „{PESEL}” (w załączniku lista.pdf) wygląda na numer PESEL" in message
    # Removing the file does not unpublish it (the BIP keeps removed documents): still refused.
    os.remove(os.path.join(content, DOCUMENT))
    os.remove(os.path.join(content, CATEGORY, "lista.pdf"))
    commit(repo, "Usunięcie listy opublikowanej z numerem PESEL", date="2026-11-21T10:00:00+01:00")
    assert f"„{PESEL}” (w załączniku lista.pdf) wygląda na numer PESEL" in failure_of(content, tmp_path / "out")


def test_identifiers_are_told_by_their_checksums_and_shapes():
    from plugins.core.identifiers import identifiers_in

    def kinds(line):
        return [(found.kind, found.text) for found in identifiers_in(line)]

    assert kinds(f"PESEL {PESEL}, a nie 44051401358") == [("numer PESEL", PESEL)]
    nips = ["526-000-12-46", "526 000 12 46", "5260001246"]
    assert kinds("NIP 526-000-12-46, NIP 526 000 12 46 i 5260001246") == [("numer NIP", nip) for nip in nips]
    assert kinds("dowód ABA300000, a nie ABA300001") == [("numer dowodu osobistego", "ABA300000")]
    assert kinds("konto 61 1090 1014 0000 0712 1981 2874.") == [
        ("numer rachunku bankowego", "61 1090 1014 0000 0712 1981 2874")
    ]
    assert kinds("IBAN PL61 1090 1014 0000 0712 1981 2874") == [
        ("numer rachunku bankowego", "61 1090 1014 0000 0712 1981 2874")
    ]
    assert kinds("sesja 2026-01-22 09:00, kwota 1 234 567,89 zł, tel. 41 274 84 09, 526-000-12-4") == []


# --- withdrawals only grow --------------------------------------------------------------------

WITHDRAWN = (
    "withdrawals:\n  - document: {document}\n    passage: Adam Kruk\n    basis: art. 17 ust. 1 lit. d RODO\n"
    "    date: 2026-11-24\n    decided_by: Burmistrz Wąchocka\n"
)


def published_withdrawal(repository, tmp_path):
    repo, content = repository
    write_file(content, DOCUMENT, HEADER + "\nLista przyjętych: Adam Kruk, Ewa Sowa.\n")
    commit(repo, "Publikacja wyników rekrutacji", date="2026-11-20T10:00:00+01:00")
    write_file(content, "dane/bip-wycofania.yaml", WITHDRAWN.format(document=DOCUMENT))
    commit(repo, "Wycofanie danych osobowych z wyników rekrutacji", date="2026-11-24T10:00:00+01:00")
    output = tmp_path / "out"
    build_site(content, str(output))
    assert [path for path, text in published_texts(output) if "Adam Kruk" in text] == []
    return repo, content, output


@pytest.mark.parametrize("undo", ["removed", "edited"])
def test_a_published_withdrawal_cannot_be_removed_or_edited(repository, tmp_path, undo):
    repo, content, output = published_withdrawal(repository, tmp_path)
    text = "withdrawals: []\n" if undo == "removed" else WITHDRAWN.format(document=DOCUMENT).replace("11-24", "11-25")
    write_file(content, "dane/bip-wycofania.yaml", text)
    commit(repo, "Porządki w pliku wycofań", date="2026-11-25T10:00:00+01:00")
    live = releases.current_release(str(output))
    message = failure_of(content, output)
    assert (
        f"content/dane/bip-wycofania.yaml:1: wycofanie „{DOCUMENT}” z dnia 2026-11-24 (zapisane w commicie "
    ) in message
    assert "Opublikowanych wycofań się nie usuwa ani nie zmienia" in message
    assert releases.current_release(str(output)) == live
    assert [path for path, text in published_texts(output) if "Adam Kruk" in text] == []


def test_a_reinstatement_brings_the_content_back_as_its_own_register_entry(repository, tmp_path):
    repo, content, output = published_withdrawal(repository, tmp_path)
    write_file(
        content,
        "dane/bip-wycofania.yaml",
        WITHDRAWN.format(document=DOCUMENT) + f"reinstatements:\n  - document: {DOCUMENT}\n    passage: Adam Kruk\n"
        "    basis: uchylenie decyzji o wycofaniu (pomyłka w osobie)\n    date: 2026-11-26\n"
        "    decided_by: Burmistrz Wąchocka\n",
    )
    commit(repo, "Przywrócenie wyników rekrutacji po uchyleniu decyzji", date="2026-11-26T10:00:00+01:00")
    build_site(content, str(output))
    assert any("Adam Kruk" in text for path, text in published_texts(output) if path.endswith("index.html"))
    register = soup_of(output / "bip/rejestr-zmian/index.html").find("table", class_="register").tbody
    kinds = [row("td")[2].get_text() for row in register("tr")]
    assert "przywrócenie treści" in kinds and "wycofanie treści" in kinds
    row = register("tr")[kinds.index("przywrócenie treści")]
    assert "uchylenie decyzji o wycofaniu" in words(row)
