"""The accessibility statement (deklaracja dostępności) of the whole site.

Written from the office's data file content/dane/dostepnosc.yaml following the 2024 (v2.0)
technical conditions: fixed headings and a11y-* element ids; every page links to it in the footer
and names it in <meta name="deklaracja-dostępności">.
Settings: ACCESSIBILITY = {"url", "save_as"}.
"""

from datetime import date

from pelican import signals
from pelican.generators import Generator

from plugins.core import plugin_settings, register_data_file
from plugins.core.datafiles import Entry, load_data

DEFAULTS = {
    "url": "deklaracja-dostepnosci/",
    "save_as": "deklaracja-dostepnosci/index.html",
}
STATUSES = ("w pełni zgodna", "częściowo zgodna", "niezgodna")
DATE_KEYS = ("published", "updated", "prepared")
DATA_FILE = "dostepnosc.yaml"
DATA_ENTRIES = (
    Entry("entity", example="pełna nazwa podmiotu"),
    Entry("site_name", example="nazwa serwisu"),
    *(Entry(key, "date", example="RRRR-MM-DD") for key in DATE_KEYS),
    Entry("status", "choice", choices=STATUSES, example="częściowo zgodna"),
    Entry(
        "contact",
        "mapping",
        entries=(
            Entry("name", example="imię i nazwisko"),
            Entry("email", "email", example="nazwa@domena.pl"),
            Entry("phone", "phone", example="+48 41 000 00 00"),
        ),
    ),
)


def accessibility_settings(settings: dict) -> dict:
    return plugin_settings(settings, "ACCESSIBILITY", DEFAULTS)


def statement_data(settings: dict) -> dict:
    """The statement's data with its dates as dates; only called once the data file passed its checks."""
    data = load_data(settings, DATA_FILE, DATA_ENTRIES)[0]
    return {**data, **{key: date.fromisoformat(data[key]) for key in DATE_KEYS}}


def check_data_file(path, shown_as, settings):
    return load_data(settings, DATA_FILE, DATA_ENTRIES)[1]


def expose_url(pelican) -> None:
    pelican.settings["ACCESSIBILITY_URL"] = accessibility_settings(pelican.settings)["url"]


class AccessibilityStatementGenerator(Generator):
    def generate_context(self):
        self.config = accessibility_settings(self.settings)
        self.statement = None if check_data_file(None, None, self.settings) else statement_data(self.settings)

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(self.config["save_as"], None)]

    def generate_output(self, writer):
        writer.write_file(
            self.config["save_as"],
            self.get_template("accessibility_statement"),
            self.context,
            statement=self.statement,
            url=self.config["url"],
        )


def get_generators(pelican):
    return AccessibilityStatementGenerator


def register():
    register_data_file("accessibility", f"dane/{DATA_FILE}", check_data_file, required=True)
    signals.initialized.connect(expose_url)
    signals.get_generators.connect(get_generators)
