"""Service cards (plugins/service_cards): "Jak załatwić sprawę" as BIP documents with checked fields,
one list of facts with schema.org GovernmentService microdata, the department's contact from the
office's data, and refusals with file:line."""

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import build_site, copy_fixture_content, words, write_file
from tests.test_gate import (
    previous_output,  # noqa: F401
    refused_build,
)
from tests.test_town import line_of

CARD = "bip/jak-zalatwic-sprawe/dowod-osobisty/dowod-osobisty.md"
CARD_TEXT = """Title: Dowód osobisty: wydanie nowego dowodu
Slug: dowod-osobisty
Produced_by: Burmistrz Miasta i Gminy Wąchock
Produced_date: 2026-11-30
Summary: Jak złożyć wniosek o dowód osobisty i jak go odebrać.
Who: każdy obywatel Polski
Fee: bez opłat
Deadline: do 30 dni
Where: Biuro Obsługi Interesanta, parter
Appeal: odwołanie do Wojewody Świętokrzyskiego w terminie 14 dni
Legal_basis: ustawa z dnia 6 sierpnia 2010 r. o dowodach osobistych
Department: Urząd Stanu Cywilnego
Eservice: https://www.gov.pl/web/gov/uzyskaj-dowod-osobisty

Wniosek można złożyć w każdym urzędzie gminy.

## Wymagane dokumenty

- jedna fotografia 35 × 45 mm;
- dotychczasowy dowód osobisty.
"""


def soup_of(output, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def card_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("cards")
    content = copy_fixture_content(str(base))
    write_file(content, CARD, CARD_TEXT)
    build_site(content, str(base / "output"))
    return base / "output"


def test_a_card_states_each_fact_once_in_one_list_and_no_legal_status(card_site):
    page = soup_of(card_site, "bip/jak-zalatwic-sprawe/2026/dowod-osobisty")
    facts = {words(row.dt): words(row.dd) for row in page.select(".service-facts > div")}
    assert list(facts) == [
        "Kto może załatwić",
        "Opłata",
        "Termin załatwienia",
        "Gdzie",
        "Kiedy",
        "Kontakt",
        "Przez internet",
        "Tryb odwoławczy",
        "Podstawa prawna",
    ]
    assert facts["Opłata"] == "bez opłat"
    assert (
        facts["Gdzie"]
        == "Biuro Obsługi Interesanta, parter, Urząd Miasta i Gminy Wąchock, ul. Wielkowiejska 1, 27-215 Wąchock"
    )
    # No hours on the card: the office's own, from urzad.yaml.
    assert facts["Kiedy"].startswith("w godzinach pracy urzędu: poniedziałek")
    # The department's phone and e-mail come from urzad.yaml, the phone as a link a phone can call.
    assert facts["Kontakt"].startswith("Urząd Stanu Cywilnego, tel.")
    assert page.select_one(".service-facts a.tel")["href"].startswith("tel:+4841")
    assert page.select_one(".service-facts a[href^='https://www.gov.pl/']")
    assert "Status" not in [words(dt) for dt in page.select("dt")], "a service card is not a legal act"
    assert page.find("h2", string="Wymagane dokumenty")


def microdata(element) -> dict:
    """The item's properties, read as a microdata parser does (nested items as dicts)."""
    properties: dict = {"@type": element["itemtype"]}

    def walk(node):
        for child in node.find_all(recursive=False):
            if child.has_attr("itemprop"):
                if child.has_attr("itemscope"):
                    value = microdata(child)
                elif child.name == "meta":
                    value = " ".join(child["content"].split())  # typeset text: no-break spaces
                elif child.name in ("a", "link"):
                    value = child["href"]
                else:
                    value = words(child)
                properties.setdefault(child["itemprop"], []).append(value)
                if child.has_attr("itemscope"):
                    continue
            walk(child)

    walk(element)
    return properties


def test_the_card_is_a_schema_org_government_service(card_site):
    page = soup_of(card_site, "bip/jak-zalatwic-sprawe/2026/dowod-osobisty")
    (item,) = page.select("[itemscope]:not([itemprop])")
    service = microdata(item)
    assert service["@type"] == "https://schema.org/GovernmentService"
    assert service["name"] == ["Dowód osobisty: wydanie nowego dowodu"]
    assert service["url"] == ["/bip/jak-zalatwic-sprawe/2026/dowod-osobisty/"]
    assert service["provider"][0]["@type"] == "https://schema.org/GovernmentOrganization"
    assert service["provider"][0]["name"] == ["Urząd Miasta i Gminy Wąchock"]
    assert service["offers"][0]["description"] == ["bez opłat"]
    channels = service["availableChannel"]
    assert channels[0]["serviceLocation"][0]["name"] == ["Biuro Obsługi Interesanta, parter"]
    assert channels[1]["serviceUrl"] == ["https://www.gov.pl/web/gov/uzyskaj-dowod-osobisty"]


def test_the_category_lists_the_card(card_site):
    page = soup_of(card_site, "bip/jak-zalatwic-sprawe")
    assert page.find("a", href="/bip/jak-zalatwic-sprawe/2026/dowod-osobisty/")


@pytest.mark.parametrize(
    "old, new, marker, message",
    [
        ("Fee: bez opłat\n", "", "Title:", "„Fee”"),
        (
            "Eservice: https://www.gov.pl/",
            "Eservice: http://www.gov.pl/",
            "Eservice:",
            "musi być pełny adres strony zaczynający się od „https://”",
        ),
        ("Department: Urząd Stanu Cywilnego", "Department: USC", "Department:", "Urząd Stanu Cywilnego"),
        ("## Wymagane dokumenty", "## Co zabrać", "Wniosek można", "nie ma części „Wymagane dokumenty”"),
    ],
)
def test_a_bad_card_is_refused_with_its_line(old, new, marker, message, tmp_path, previous_output):  # noqa: F811
    found = {}

    def prepare(content):
        assert old in CARD_TEXT
        write_file(content, CARD, CARD_TEXT.replace(old, new))
        found["line"] = line_of(content, CARD, marker)

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/{CARD}:{found['line']}:"
    assert any(line.startswith(expected) and message in line for line in report), report
