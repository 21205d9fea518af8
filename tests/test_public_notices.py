"""Obwieszczenia (plugins/public_notices): the day of publication and of deemed delivery from the
server's ledger, the certificate of publication, the text locked once published, errata linked both
ways. Built in temporary git repositories with a ledger kept as the server keeps it (tests/ledger.py)."""

import hashlib
import os
import subprocess
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from plugins.core.dates import WARSAW
from plugins.core.ledger import read_entries
from tests.ledger import ledger_settings, record_push, start_ledger
from tests.sitebuild import build_site, copy_fixture_content, words, write_file
from wachock.build import BuildFailed

FOLDER = "bip/ogloszenia-i-obwieszczenia/obwieszczenia/2026"
NOTICE = f"{FOLDER}/obwieszczenie-kopalnia.md"
NOTICE_TEXT = (
    "Title: Obwieszczenie Burmistrza Wąchocka o wszczęciu postępowania w sprawie decyzji o środowiskowych "
    "uwarunkowaniach dla przebudowy drogi w Parszowie\n"
    "Produced_by: Burmistrz Wąchocka\n"
    "Produced_date: 2026-12-04\n"
    "Legal_basis: art. 49 Kodeksu postępowania administracyjnego w związku z art. 74 ust. 3 ustawy o udostępnianiu "
    "informacji o środowisku\n"
    "Case_number: RGK.6220.3.2026\n\n"
    "Burmistrz Wąchocka zawiadamia strony o wszczęciu postępowania. Z aktami sprawy można się zapoznać w pokoju 12.\n"
)
BIP_EDITOR = ["-c", "user.name=Sebastian Staniszewski", "-c", "user.email=bip@wachock.pl"]
# Half past eleven at night in Warsaw: already the next day in UTC. The day is Warsaw's.
PUBLISHED = datetime(2026, 12, 6, 23, 30, 5, tzinfo=WARSAW)


def git(repository, *arguments) -> str:
    return subprocess.run(
        ["git", "-C", str(repository), *BIP_EDITOR, *arguments], capture_output=True, text=True, check=True
    ).stdout.strip()


def commit(repository, message: str) -> str:
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "--no-verify", "-m", message)
    return git(repository, "rev-parse", "HEAD")


@pytest.fixture
def site(tmp_path):
    repository = tmp_path / "repo"
    content = copy_fixture_content(str(repository))
    git(repository, "init", "-q", "-b", "main")
    commit(repository, "Serwis: treści startowe")
    ledger = start_ledger(tmp_path / "rejestr.jsonl", repository, datetime(2026, 11, 1, 8, 0, tzinfo=WARSAW))
    return {"repository": repository, "content": content, "ledger": ledger, "output": tmp_path / "out"}


def publish(site, relative: str, text: str, message: str, moment=PUBLISHED) -> None:
    old = git(site["repository"], "rev-parse", "HEAD")
    write_file(site["content"], relative, text)
    commit(site["repository"], message)
    record_push(site["ledger"], site["repository"], old=old, account="s.staniszewski", moment=moment)


def build(site, **overrides) -> None:
    build_site(site["content"], str(site["output"]), **{**ledger_settings(site["ledger"]), **overrides})


def soup_at(output, relative: str) -> BeautifulSoup:
    with open(os.path.join(output, relative, "index.html"), encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def notice_page(output) -> str:
    folder = output / "bip/ogloszenia-i-obwieszczenia/obwieszczenia/2026"
    (found,) = [name for name in os.listdir(folder) if name.startswith("obwieszczenie-burmistrza")]
    return f"bip/ogloszenia-i-obwieszczenia/obwieszczenia/2026/{found}/"


def facts_of(soup) -> dict[str, str]:
    facts = soup.find("dl", class_="notice-facts")
    return {words(div.dt): words(div.dd) for div in facts("div")}


def test_the_notice_states_its_day_in_the_bip_and_its_deemed_delivery_from_the_servers_ledger(site):
    publish(site, NOTICE, NOTICE_TEXT, "Obwieszczenie o wszczęciu postępowania RGK.6220.3.2026")
    build(site)
    url = notice_page(site["output"])
    soup = soup_at(site["output"], url)
    facts = facts_of(soup)
    assert facts["Dzień udostępnienia w BIP"] == "6 grudnia 2026 r."
    assert soup.find("dl", class_="notice-facts").find("time")["datetime"].startswith("2026-12-06")
    assert facts["Doręczenie uważa się za dokonane"] == (
        "po upływie 14 dni od dnia udostępnienia, tj. z końcem dnia 20 grudnia 2026 r. (art. 49 § 2 KPA)"
    )
    assert facts["Znak sprawy"] == "RGK.6220.3.2026"
    link = soup.find("a", href=lambda href: href and href.endswith(f"{url}zaswiadczenie-publikacji/"))
    assert words(link) == "Zaświadczenie o udostępnieniu obwieszczenia w BIP (do wydruku)"


def test_the_certificate_carries_the_ledger_entry_its_hash_and_the_files_digest(site):
    publish(site, NOTICE, NOTICE_TEXT, "Obwieszczenie o wszczęciu postępowania RGK.6220.3.2026")
    build(site)
    url = notice_page(site["output"])
    certificate = soup_at(site["output"], f"{url}zaswiadczenie-publikacji")
    entry = next(e for e in read_entries(site["ledger"]) if e.path.endswith(NOTICE))
    facts = {words(div.dt): words(div.dd) for div in certificate.find("dl", class_="certificate__entry")("div")}
    assert facts["Numer wpisu"] == str(entry.number)
    assert facts["Skrót wpisu"] == entry.hash
    with open(os.path.join(site["content"], NOTICE), "rb") as handle:
        assert facts["Skrót SHA-256 treści pliku"] == hashlib.sha256(handle.read()).hexdigest()
    assert facts["Informację wprowadził"] == (
        "Sebastian Staniszewski, redaktor Biuletynu Informacji Publicznej (konto s.staniszewski)"
    )
    text = words(certificate.main)
    assert "dnia 6 grudnia 2026, godz. 23:30 (czas serwera urzędu)" in text
    assert "z końcem dnia 20 grudnia 2026 r." in text


def test_a_preview_states_neither_day_and_has_no_certificate(site):
    write_file(site["content"], NOTICE, NOTICE_TEXT)
    commit(site["repository"], "Obwieszczenie o wszczęciu postępowania RGK.6220.3.2026")
    build_site(site["content"], str(site["output"]))
    url = notice_page(site["output"])
    facts = facts_of(soup_at(site["output"], url))
    assert facts["Dzień udostępnienia w BIP"] == "podgląd: ustali go serwer urzędu w chwili publikacji"
    assert "tj." not in facts["Doręczenie uważa się za dokonane"]
    assert not (site["output"] / url / "zaswiadczenie-publikacji").exists()


def test_a_published_notice_cannot_be_changed_and_the_message_says_to_publish_an_erratum(site):
    publish(site, NOTICE, NOTICE_TEXT, "Obwieszczenie o wszczęciu postępowania RGK.6220.3.2026")
    later = datetime(2026, 12, 8, 9, 0, tzinfo=WARSAW)
    publish(site, NOTICE, NOTICE_TEXT.replace("pokoju 12", "pokoju 14"), "Obwieszczenie: zmiana numeru pokoju", later)
    with pytest.raises(BuildFailed) as failure:
        build(site)
    message = str(failure.value)
    assert f"content/{NOTICE}:1: to obwieszczenie opublikowano 2026-12-06 23:30" in message
    assert "opublikowanego obwieszczenia się nie zmienia" in message
    assert f"„Erratum_of: {NOTICE}”" in message


def test_an_erratum_is_a_new_notice_and_both_link_to_each_other(site):
    publish(site, NOTICE, NOTICE_TEXT, "Obwieszczenie o wszczęciu postępowania RGK.6220.3.2026")
    erratum = NOTICE_TEXT.replace("Title: Obwieszczenie", "Title: Obwieszczenie prostujące obwieszczenie").replace(
        "Case_number:", f"Erratum_of: {NOTICE}\nCase_number:"
    )
    later = datetime(2026, 12, 8, 9, 0, tzinfo=WARSAW)
    publish(site, f"{FOLDER}/sprostowanie.md", erratum, "Sprostowanie obwieszczenia: właściwy numer pokoju", later)
    build(site)
    folder = site["output"] / FOLDER
    pages = {name: soup_at(folder, name) for name in os.listdir(folder) if os.path.isdir(folder / name)}
    (original,) = [soup for name, soup in pages.items() if "prostujace" not in name]
    (correcting,) = [soup for name, soup in pages.items() if "prostujace" in name]
    assert "Sprostowano:" in words(original.main)
    assert original.find("a", string=lambda s: s and s.startswith("Obwieszczenie prostujące"))
    assert "To obwieszczenie prostuje obwieszczenie" in words(correcting.main)
    assert facts_of(correcting)["Dzień udostępnienia w BIP"] == "8 grudnia 2026 r."


def test_an_erratum_naming_no_notice_is_refused_with_its_line(site):
    write_file(site["content"], NOTICE, NOTICE_TEXT.replace("Case_number:", "Erratum_of: bip/inne/x.md\nCase_number:"))
    with pytest.raises(BuildFailed) as failure:
        build_site(site["content"], str(site["output"]))
    assert f"content/{NOTICE}:5: „bip/inne/x.md” w polu „Erratum_of”: nie ma takiego obwieszczenia" in str(
        failure.value
    )
