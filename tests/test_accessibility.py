"""The accessibility statement: structure required by the 2024 (v2.0) conditions."""

import os
import re

from bs4 import BeautifulSoup

from tests.sitebuild import words

REQUIRED_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-zakres",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-kontakt",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-data-sporzadzenie",
    "a11y-architektura",
    "a11y-komunikacja",
]
SECTIONS = [
    "Stan dostępności cyfrowej",
    "Przygotowanie deklaracji dostępności i jej aktualizacja",
    "Informacje zwrotne i dane kontaktowe",
    "Obsługa wniosków i skarg związanych z dostępnością",
    "Pozostałe informacje",
]


def statement(demo_site) -> BeautifulSoup:
    with open(os.path.join(demo_site, "deklaracja-dostepnosci/index.html"), encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def test_statement_has_the_required_headings_and_ids(demo_site):
    soup = statement(demo_site)
    assert soup.h1.get_text() == "Deklaracja dostępności"
    assert [h.get_text().replace("\xa0", " ") for h in soup.main.find_all("h2")] == SECTIONS
    assert [h.get_text().replace("\xa0", " ") for h in soup.main.find_all("h3")] == [
        "Niedostępne treści",  # the demo's status is "częściowo zgodna"
        "Dostępność architektoniczna",
        "Dostępność komunikacyjno-informacyjna",
    ]
    assert soup.find(id="a11y-zakres").get_text() == "strony internetowej"
    for element_id in REQUIRED_IDS:
        assert len(soup.find_all(id=element_id)) == 1, element_id


def test_statement_dates_status_deadlines_and_contacts(demo_site):
    soup = statement(demo_site)
    for element_id in ("a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-data-sporzadzenie"):
        element = soup.find(id=element_id)
        assert element.name == "time" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", element["datetime"])
    status = soup.find(id="a11y-status")
    assert status.name == "p" and status.get_text().startswith("Strona internetowa jest częściowo zgodna z\xa0ustawą")
    assert soup.find(id="a11y-email")["href"].startswith("mailto:")
    assert soup.find(id="a11y-telefon")["href"].startswith("tel:")
    procedure = soup.find(id="a11y-procedura").get_text(" ").replace("\xa0", " ")
    assert "7 dni" in procedure and "2 miesiące" in procedure
    assert (
        soup.find(id="a11y-procedura")
        .find("a", string="Rzecznika Praw Obywatelskich")["href"]
        .startswith("https://bip.brpo.gov.pl")
    )


def test_every_page_links_the_statement_and_names_it_in_head(demo_site):
    for directory, _, names in os.walk(demo_site):
        for name in names:
            if not name.endswith(".html") or "pagefind" in directory:
                continue
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                soup = BeautifulSoup(handle.read(), "html.parser")
            meta = soup.find("meta", attrs={"name": "deklaracja-dostępności"})
            assert meta and meta["content"].endswith("/deklaracja-dostepnosci/"), name
            footer = soup.find("footer", class_="site-footer")
            assert footer.find("a", string="Deklaracja dostępności")["href"] == "/deklaracja-dostepnosci/"


FULL_STATEMENT = """
reviewed: 2026-03-31
assessment: Urząd nie stosował oceny nadmiernego obciążenia.
coordinator:
  name: Anna Nowak
  email: dostepnosc@wachock.pl
  phone: +48 41 273 61 00
action_plan: bip/dostepnosc/
report: bip/dostepnosc/
mobile_apps:
  - name: Wąchock w telefonie
    url: https://example.invalid/deklaracja-aplikacji
sign_language:
  video: pliki/pjm.mp4
  transcript: Urząd jest czynny od poniedziałku do piątku.
"""


def with_statement(content: str, extra: str) -> None:
    """The fixture's statement with the optional keys replaced by `extra`."""
    import re as regex

    path = os.path.join(content, "dane", "dostepnosc.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for key in ("reviewed", "assessment", "coordinator", "action_plan", "report", "mobile_apps", "sign_language"):
        text = regex.sub(rf"^{key}:.*?(?=^[a-z_]+:|\Z)", "", text, flags=regex.MULTILINE | regex.DOTALL)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + extra)


def test_the_optional_parts_appear_with_the_template_ids_only_when_the_office_has_data(tmp_path):
    from tests.sitebuild import build_site, copy_fixture_content, write_file

    content = copy_fixture_content(str(tmp_path))
    with_statement(content, FULL_STATEMENT)
    write_file(content, "pliki/pjm.mp4", b"\x00\x00\x00\x18ftypmp42")
    output = tmp_path / "output"
    build_site(content, str(output))
    soup = statement(str(output))
    assert soup.find(id="a11y-data-przeglad")["datetime"] == "2026-03-31"
    assert soup.find(id="a11y-ocena").get_text() == "Urząd nie stosował oceny nadmiernego obciążenia."
    assert soup.find(id="a11y-aplikacje").find("a", string="Wąchock w\xa0telefonie")
    text = words(soup.main)
    assert "Koordynatorem do spraw dostępności w urzędzie jest Anna Nowak" in text
    assert soup.main.find("a", string="Raport o\xa0stanie zapewniania dostępności")["href"] == "/bip/dostepnosc/"
    sign = BeautifulSoup((output / "jezyk-migowy/index.html").read_text(encoding="utf-8"), "html.parser")
    assert sign.find("video").source["src"] == "/jezyk-migowy/pjm.mp4"
    assert (output / "jezyk-migowy/pjm.mp4").read_bytes().startswith(b"\x00\x00\x00\x18ftyp")
    assert "Urząd jest czynny od poniedziałku do piątku." in words(sign.main)

    with_statement(content, "sign_language:\n  transcript: Sam tekst.\n")
    build_site(content, str(output))
    soup = statement(str(output))
    for element_id in ("a11y-data-przeglad", "a11y-ocena", "a11y-aplikacje"):
        assert soup.find(id=element_id) is None, element_id
    assert "Koordynatorem" not in soup.main.get_text()
    sign = BeautifulSoup((output / "jezyk-migowy/index.html").read_text(encoding="utf-8"), "html.parser")
    assert sign.find("video") is None and "Sam tekst." in sign.main.get_text()


def test_a_partly_compliant_statement_must_name_what_is_unavailable(tmp_path):
    import pytest

    from tests.sitebuild import build_site, copy_fixture_content
    from wachock.build import BuildFailed

    content = copy_fixture_content(str(tmp_path))
    path = os.path.join(content, "dane", "dostepnosc.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(re.sub(r"^unavailable:\n(  - .*\n)+", "", text, flags=re.MULTILINE))
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "output"))
    assert "content/dane/dostepnosc.yaml:1: status „częściowo zgodna” wymaga listy „unavailable”" in str(failure.value)


def test_privacy_page_explains_the_server_logs_and_shows_only_the_officer_data_given(tmp_path):
    from tests.sitebuild import build_site, copy_fixture_content

    content = copy_fixture_content(str(tmp_path))
    output = tmp_path / "output"
    build_site(content, str(output))
    page = BeautifulSoup((output / "ochrona-danych-osobowych/index.html").read_text(encoding="utf-8"), "html.parser")
    text = page.main.get_text(" ", strip=True).replace("\xa0", " ")
    assert "usuwany po 14 dniach" in text and "skrót adresu IP" in text
    assert "Inspektor ochrony danych" not in text  # the fixture, like the demo, has no officer data yet
    path = os.path.join(content, "dane", "ochrona-danych.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace("  email:\n", "  email: iod@wachock.pl\n"))
    build_site(content, str(output))
    page = BeautifulSoup((output / "ochrona-danych-osobowych/index.html").read_text(encoding="utf-8"), "html.parser")
    officer = page.find("h2", string="Inspektor ochrony danych").find_next("p")
    assert officer.find("a")["href"] == "mailto:iod@wachock.pl" and "tel." not in officer.get_text()


def test_the_office_electronic_addresses_show_in_the_footer_only_when_given(tmp_path):
    from tests.sitebuild import build_site, copy_fixture_content

    content = copy_fixture_content(str(tmp_path))
    output = tmp_path / "output"
    build_site(content, str(output))
    footer = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser").footer
    assert "ePUAP" not in footer.get_text() and "e-Doręczeń" not in footer.get_text()
    path = os.path.join(content, "dane", "urzad.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "epuap: /umigwachock/SkrytkaESP\nedoreczenia: AE:PL-12345-67890-ABCDE-12\n")
    build_site(content, str(output))
    footer = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser").footer
    assert "adres do e-Doręczeń: AE:PL-12345-67890-ABCDE-12" in footer.get_text()
    assert "skrytka ePUAP: /umigwachock/SkrytkaESP" in footer.get_text()
