"""Service cards ("Jak załatwić sprawę"): how to get a matter done at the office, one BIP document each.

A card is a BIP document in content/bip/jak-zalatwic-sprawe/ (so it has its metryczka, register of
changes and versions) with fields of its own, each checked like any other: who may apply, the fee,
the deadline, where and when, how to appeal, the legal basis, the office department (a name from
content/dane/urzad.yaml, whose phone and e-mail the card shows) and, where one exists, the national
e-service (an https link). The text must have a "Wymagane dokumenty" section. The card's facts are
published as one definition list with schema.org `GovernmentService` microdata, so that search
engines and assistants read the service as structured data.
Settings: SERVICE_CARDS = {"documents_heading": the section the text must have}.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from plugins.core import (
    DocumentType,
    Field,
    Problem,
    of_document_type,
    plugin_settings,
)
from plugins.town import office

CARDS_FOLDER = "bip/jak-zalatwic-sprawe"
DEFAULTS = {"documents_heading": "Wymagane dokumenty"}
HEADING = re.compile(r"^#{2,3}\s+(?P<text>.+?)\s*#*\s*$")


def cards_settings(settings: dict) -> dict:
    return plugin_settings(settings, "SERVICE_CARDS", DEFAULTS)


def departments(settings: dict) -> dict[str, dict]:
    """The office's departments by name, from its data file (read here: validation runs before the
    town plugin exposes OFFICE)."""
    return {department["name"]: department for department in office(settings).get("departments", [])}


def department_names(settings: dict) -> list[str]:
    return list(departments(settings))


def check_eservice_links(documents, settings) -> list[Problem]:
    """A resident follows this link to do the matter online: only an encrypted address of a real host."""
    problems = []
    for document in documents:
        found = document.get("Eservice")
        if not found or not found.value:
            continue
        parts = urlsplit(found.value.strip())
        if parts.scheme != "https" or "." not in (parts.hostname or ""):
            problems.append(
                Problem(
                    document.display_path,
                    found.line,
                    f"„{found.value.strip()}” w polu „Eservice”: to musi być pełny adres strony zaczynający się od "
                    "„https://”, np. https://www.gov.pl/web/gov/uzyskaj-dowod-osobisty. Skopiuj go z paska adresu "
                    "przeglądarki albo usuń to pole, gdy sprawy nie da się załatwić przez internet.",
                )
            )
    return problems


def check_documents_section(documents, settings) -> list[Problem]:
    """The first thing a resident needs to know: what to bring. A card without that section is refused."""
    heading = cards_settings(settings)["documents_heading"]
    problems = []
    for document in documents:
        headings = [match["text"] for match in map(HEADING.match, document.body.split("\n")) if match]
        if heading not in headings:
            problems.append(
                Problem(
                    document.display_path,
                    document.body_first_line,
                    f"karta usługi nie ma części „{heading}”: dopisz w treści śródtytuł „## {heading}” i pod nim "
                    "listę dokumentów (każdy w wierszu od „- ”); jeśli nic nie trzeba przynosić, napisz to.",
                )
            )
    return problems


SERVICE_CARD_TYPE = DocumentType(
    name="service_card",
    label="karta usługi",
    directory=CARDS_FOLDER,
    extends="bip",
    legal_status=False,
    fields=(
        Field("Who", required=True, example="kto może załatwić sprawę, np. pełnoletni obywatel Polski"),
        Field("Fee", required=True, example="wysokość opłaty albo „bez opłat”"),
        Field("Deadline", required=True, example="termin załatwienia, np. do 30 dni"),
        Field("Where", required=True, example="miejsce, np. Biuro Obsługi Interesanta, parter, pokój nr 1"),
        Field("Hours", example="kiedy, jeśli inaczej niż w godzinach pracy urzędu"),
        Field("Appeal", required=True, example="tryb odwoławczy albo „nie przysługuje”"),
        Field("Legal_basis", required=True, example="ustawa z dnia … o … (Dz.U. … poz. …)"),
        Field("Department", "choice", required=True, choices=department_names, example="komórka z urzad.yaml"),
        Field("Eservice", example="https://www.gov.pl/web/gov/… (sprawa przez internet, jeśli jest)"),
    ),
    collection_rules=(check_eservice_links, check_documents_section),
)


@dataclass
class ServiceCard:
    """What a card's page shows besides the BIP document's own fields (plain data: see core.writer)."""

    who: str
    fee: str
    deadline: str
    where: str
    hours: str
    appeal: str
    legal_basis: str
    department: dict
    eservice: str

    @property
    def eservice_host(self) -> str:
        return (urlsplit(self.eservice).hostname or "").removeprefix("www.")


class ServiceCardsGenerator(Generator):
    """After the BIP generator: gives each card its facts."""

    def generate_context(self):
        by_name = departments(self.settings)
        for document in of_document_type(self.settings, self.context.get("bip_documents", []), SERVICE_CARD_TYPE.name):
            snapshot = document.snapshot
            document.extras["service_card"] = ServiceCard(
                who=snapshot.get("who") or "",
                fee=snapshot.get("fee") or "",
                deadline=snapshot.get("deadline") or "",
                where=snapshot.get("where") or "",
                hours=snapshot.get("hours") or "",
                appeal=snapshot.get("appeal") or "",
                legal_basis=snapshot.get("legal_basis") or "",
                department=dict(by_name.get(snapshot.get("department") or "", {})),
                eservice=(snapshot.get("eservice") or "").strip(),
            )


def get_generators(pelican):
    return ServiceCardsGenerator


DOCUMENT_TYPES = (SERVICE_CARD_TYPE,)

# Runs after (plugins.core.order): cards are BIP documents; their departments are the office's.
NEEDS = ("bip", "town")


def register():
    signals.get_generators.connect(get_generators)
