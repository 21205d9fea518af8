"""The accessibility statement (deklaracja dostępności) of the whole site.

Written from the office's data file content/dane/dostepnosc.yaml following the 2024 (v2.0)
technical conditions: fixed headings and a11y-* element ids; every page links to it in the footer
and names it in <meta name="deklaracja-dostępności">.
Also the page with the information about the office in Polish sign language (PJM): its video, when
the office has one, and always its transcript.
Settings: ACCESSIBILITY = {"url", "save_as", "sign_language_url"}.
"""

import os
from datetime import date

from pelican import signals
from pelican.generators import Generator

from plugins.core import DataFile, Problem, copy_into_output, display_path, plugin_settings
from plugins.core.datafiles import Entry, data_file_path, load_data

DEFAULTS = {
    "url": "deklaracja-dostepnosci/",
    "save_as": "deklaracja-dostepnosci/index.html",
    "sign_language_url": "jezyk-migowy/",
}
STATUSES = ("w pełni zgodna", "częściowo zgodna", "niezgodna")
DATE_KEYS = ("published", "updated", "prepared")
DATA_FILE = "dostepnosc.yaml"
PERSON = (
    Entry("name", example="imię i nazwisko"),
    Entry("email", "email", example="nazwa@domena.pl"),
    Entry("phone", "phone", example="+48 41 000 00 00"),
)
DATA_ENTRIES = (
    Entry("entity", example="pełna nazwa podmiotu"),
    Entry("site_name", example="nazwa serwisu"),
    *(Entry(key, "date", example="RRRR-MM-DD") for key in DATE_KEYS),
    Entry("reviewed", "date", required=False, example="RRRR-MM-DD, ostatni przegląd deklaracji"),
    Entry("status", "choice", choices=STATUSES, example="częściowo zgodna"),
    Entry("unavailable", "list", required=False, item=Entry("unavailable", example="co jest niedostępne i dlaczego")),
    Entry("assessment", required=False, example="wynik oceny nadmiernego obciążenia"),
    Entry("contact", "mapping", entries=PERSON),
    Entry("coordinator", "mapping", required=False, entries=PERSON),
    Entry("action_plan", "site_path", required=False, example="bip/dostepnosc/plan-dzialania/"),
    Entry("report", "site_path", required=False, example="bip/dostepnosc/raport/"),
    Entry(
        "mobile_apps",
        "list",
        required=False,
        entries=(
            Entry("name", example="nazwa aplikacji"),
            Entry("url", "url", example="https://www.example.pl/deklaracja-dostepnosci-aplikacji"),
        ),
    ),
    Entry("architecture", example="opis dostępności budynku urzędu"),
    Entry("communication", example="jak osoby głuche mogą się skontaktować z urzędem"),
    Entry(
        "sign_language",
        "mapping",
        required=False,
        entries=(
            Entry(
                "video",
                "content_file",
                required=False,
                example="pliki/pjm-informacja-o-urzedzie.mp4",
                extensions=(".mp4", ".webm"),
            ),
            Entry("transcript", example="tekst tego, co mówi tłumacz PJM"),
        ),
    ),
)


def accessibility_settings(settings: dict) -> dict:
    return plugin_settings(settings, "ACCESSIBILITY", DEFAULTS)


def statement_data(settings: dict) -> dict:
    """The statement's data with its dates as dates; only called once the data file passed its checks."""
    data = load_data(settings, DATA_FILE, DATA_ENTRIES)[0]
    dates = {key: date.fromisoformat(data[key]) for key in (*DATE_KEYS, "reviewed") if data.get(key)}
    return {**data, **dates}


def sign_language_video(settings: dict, data: dict) -> str:
    """The video's path below content/, or "" when the office has none yet."""
    sign_language = data.get("sign_language") or {}
    return str(sign_language.get("video") or "").strip().lstrip("/")


def check_data_file(path, shown_as, settings):
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    if not problems and data.get("status") != "w pełni zgodna" and not data.get("unavailable"):
        problems = [
            Problem(
                display_path(settings["PATH"], data_file_path(settings, DATA_FILE)),
                1,
                f"status „{data['status']}” wymaga listy „unavailable”: wypisz treści niedostępne i powód, "
                "np. „- Niektóre starsze załączniki PDF są skanami bez warstwy tekstowej.”",
            )
        ]
    return problems


def expose_url(pelican) -> None:
    config = accessibility_settings(pelican.settings)
    pelican.settings["ACCESSIBILITY_URL"] = config["url"]
    pelican.settings["SIGN_LANGUAGE_URL"] = config["sign_language_url"]


class AccessibilityStatementGenerator(Generator):
    def generate_context(self):
        self.config = accessibility_settings(self.settings)
        self.statement = None if check_data_file(None, None, self.settings) else statement_data(self.settings)

    @property
    def video(self) -> str:
        return sign_language_video(self.settings, self.statement) if self.statement else ""

    def sign_language_pages(self) -> list[str]:
        if not (self.statement and self.statement.get("sign_language")):
            return []
        pages = [f"{self.config['sign_language_url']}index.html"]
        return pages + ([f"{self.config['sign_language_url']}{os.path.basename(self.video)}"] if self.video else [])

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(self.config["save_as"], None)] + [(page, None) for page in self.sign_language_pages()]

    def generate_output(self, writer):
        writer.write_file(
            self.config["save_as"],
            self.get_template("accessibility_statement"),
            self.context,
            statement=self.statement,
            url=self.config["url"],
        )
        if not self.sign_language_pages():
            return
        video_url = ""
        if self.video:
            video_url = f"{self.config['sign_language_url']}{os.path.basename(self.video)}"
            copy_into_output(self.output_path, os.path.join(self.path, self.video), video_url)
        writer.write_file(
            f"{self.config['sign_language_url']}index.html",
            self.get_template("sign_language"),
            self.context,
            statement=self.statement,
            video_url=video_url,
            url=self.config["sign_language_url"],
        )


def get_generators(pelican):
    return AccessibilityStatementGenerator


DATA_FILES = (DataFile("accessibility", f"dane/{DATA_FILE}", check_data_file, required=True),)

# Runs after (plugins.core.order): the office's contact data.
NEEDS = ("town",)


def register():
    signals.initialized.connect(expose_url)
    signals.get_generators.connect(get_generators)
