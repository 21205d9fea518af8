"""Ochrona danych osobowych: the information clause (RODO art. 13) and the data protection officer.

Written from the office's data file content/dane/ochrona-danych.yaml. The clause always says what
the site itself does with personal data: the server's access logs, how long they are kept, and that
the visit statistics keep only salted hashes of address and browser (plugins/visit_statistics/logs.py).
An empty field shows nothing.
Settings: PRIVACY = {"url", "save_as"}.
"""

from pelican import signals
from pelican.generators import Generator

from plugins.core import DataFile, plugin_settings
from plugins.core.datafiles import Entry, load_data

DEFAULTS = {
    "url": "ochrona-danych-osobowych/",
    "save_as": "ochrona-danych-osobowych/index.html",
}
DATA_FILE = "ochrona-danych.yaml"
DATA_ENTRIES = (
    Entry("administrator", example="Burmistrz Wąchocka, ul. Wielkowiejska 1, 27-215 Wąchock"),
    Entry(
        "officer",
        "mapping",
        entries=(
            Entry("name", required=False, example="imię i nazwisko inspektora ochrony danych"),
            Entry("email", "email", required=False, example="iod@domena.pl"),
            Entry("phone", "phone", required=False, example="+48 41 000 00 00"),
            Entry("address", required=False, example="adres do korespondencji"),
        ),
    ),
    Entry("server_logs_days", "number", example="14"),
    Entry("clause", "list", entries=(Entry("title", example="Cele przetwarzania"), Entry("text", example="…"))),
)


def privacy_settings(settings: dict) -> dict:
    return plugin_settings(settings, "PRIVACY", DEFAULTS)


def check_data_file(path, shown_as, settings):
    return load_data(settings, DATA_FILE, DATA_ENTRIES)[1]


def expose_url(pelican) -> None:
    pelican.settings["PRIVACY_URL"] = privacy_settings(pelican.settings)["url"]


class PrivacyGenerator(Generator):
    def generate_context(self):
        self.config = privacy_settings(self.settings)
        data, problems = load_data(self.settings, DATA_FILE, DATA_ENTRIES)
        self.data = None if problems else data

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(self.config["save_as"], None)]

    def generate_output(self, writer):
        writer.write_file(
            self.config["save_as"],
            self.get_template("privacy"),
            self.context,
            privacy=self.data,
            url=self.config["url"],
        )


def get_generators(pelican):
    return PrivacyGenerator


DATA_FILES = (DataFile("privacy", f"dane/{DATA_FILE}", check_data_file, required=True),)

# Runs after (plugins.core.order): the office's contact data.
NEEDS = ("town",)


def register():
    signals.initialized.connect(expose_url)
    signals.get_generators.connect(get_generators)
