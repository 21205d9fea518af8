"""The town office's facts and the site's navigation, from data files the office edits.

`content/dane/urzad.yaml` (name, address, phone, e-mail, opening hours, NIP, REGON, bank accounts,
departments, emergency numbers) and
`content/dane/nawigacja.yaml` (main menu, home-page entry points, footer links) are validated like
content, with `file:line`, and exposed to templates as OFFICE, MENU, HOME_ENTRY_POINTS and
FOOTER_LINKS. Settings: none; the data files are the settings.
"""

from pelican import signals

from plugins.core import DataFile
from plugins.core.datafiles import Entry, load_data

LINK = (Entry("title", example="napis odnośnika"), Entry("url", "site_path", example="adres-strony/"))
OFFICE_FILE = "urzad.yaml"
OFFICE_ENTRIES = (
    Entry("name", example="pełna nazwa urzędu"),
    Entry("town_genitive", example="Gminy Nazwa (w dopełniaczu, do tytułów kanałów RSS)"),
    Entry("street", example="ul. Nazwa 1"),
    Entry("postcode", example="00-000"),
    Entry("city", example="miejscowość"),
    Entry("phone", "phone", example="+48 41 000 00 00"),
    Entry("email", "email", example="nazwa@domena.pl"),
    Entry("epuap", "epuap", required=False, example="/nazwaurzedu/SkrytkaESP"),
    Entry("edoreczenia", "edelivery", required=False, example="AE:PL-12345-67890-ABCDE-12"),
    Entry("hours", "list", entries=(Entry("days", example="dni tygodnia"), Entry("hours", example="8:00–16:00"))),
    Entry("nip", "nip", required=False, example="664-000-00-00"),
    Entry("regon", "regon", required=False, example="291009000"),
    Entry(
        "accounts",
        "list",
        required=False,
        entries=(
            Entry("title", example="za co wpłata, np. podatki i opłaty lokalne"),
            Entry("number", "bank_account", example="40 8523 0004 0000 0039 2000 0040"),
        ),
    ),
    Entry(
        "departments",
        "list",
        required=False,
        unique="name",
        entries=(
            Entry("name", example="nazwa komórki urzędu"),
            Entry("phone", "phone", example="+48 41 000 00 00"),
            Entry("email", "email", required=False, example="nazwa@domena.pl"),
        ),
    ),
    Entry(
        "emergency",
        "list",
        required=False,
        entries=(Entry("title", example="Pogotowie ratunkowe"), Entry("phone", "short_phone", example="999")),
    ),
)
NAVIGATION_FILE = "nawigacja.yaml"
NAVIGATION_ENTRIES = (
    Entry("menu", "list", entries=LINK),
    Entry("home", "list", entries=(*LINK, Entry("description", example="jedno zdanie o tym, co tam jest"))),
    Entry("footer", "list", entries=LINK),
    # What residents come for most (odpady, godziny pracy, sprawy…): the phone's first screen of the
    # home page and the search's "nothing found" offer them.
    Entry("tasks", "list", required=False, entries=LINK),
)


def office(settings: dict) -> dict:
    return load_data(settings, OFFICE_FILE, OFFICE_ENTRIES)[0]


def navigation(settings: dict) -> dict:
    return load_data(settings, NAVIGATION_FILE, NAVIGATION_ENTRIES)[0]


def checker(name: str, entries: tuple[Entry, ...]):
    return lambda path, shown_as, settings: load_data(settings, name, entries)[1]


def expose(pelican) -> None:
    settings = pelican.settings
    links = navigation(settings)
    settings["OFFICE"] = office(settings)
    settings["MENU"] = links.get("menu", [])
    settings["HOME_ENTRY_POINTS"] = links.get("home", [])
    settings["FOOTER_LINKS"] = links.get("footer", [])
    settings["TOP_TASKS"] = links.get("tasks", [])


DATA_FILES = (
    DataFile("office", f"dane/{OFFICE_FILE}", checker(OFFICE_FILE, OFFICE_ENTRIES), required=True),
    DataFile("navigation", f"dane/{NAVIGATION_FILE}", checker(NAVIGATION_FILE, NAVIGATION_ENTRIES), required=True),
)

# Runs after (plugins.core.order): nothing; it uses no other plugin's work.
NEEDS = ()


def register():
    signals.initialized.connect(expose)
