"""The accessibility statement: structure required by the 2024 (v2.0) conditions."""

import os
import re

from bs4 import BeautifulSoup

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
    assert [h.get_text() for h in soup.main.find_all("h2")] == SECTIONS
    assert [h.get_text() for h in soup.main.find_all("h3")] == [
        "Dostępność architektoniczna",
        "Dostępność komunikacyjno-informacyjna",
    ]
    for element_id in REQUIRED_IDS:
        assert len(soup.find_all(id=element_id)) == 1, element_id


def test_statement_dates_status_deadlines_and_contacts(demo_site):
    soup = statement(demo_site)
    for element_id in ("a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-data-sporzadzenie"):
        element = soup.find(id=element_id)
        assert element.name == "time" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", element["datetime"])
    assert soup.find(id="a11y-status").get_text() in ("w pełni zgodna", "częściowo zgodna", "niezgodna")
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
