"""The accessibility statement (deklaracja dostępności) of the whole site.

Written from one settings block (ACCESSIBILITY) following the 2024 (v2.0)
technical conditions: fixed headings and a11y-* element ids; every page links
to it in the footer and names it in <meta name="deklaracja-dostępności">.
"""

from datetime import date

from pelican import signals
from pelican.generators import Generator

from plugins.core import plugin_settings

DEFAULTS = {
    "entity": "",
    "site_name": "",
    "published": "",
    "updated": "",
    "prepared": "",
    "status": "częściowo zgodna",
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "contact_phone_display": "",
    "url": "deklaracja-dostepnosci/",
    "save_as": "deklaracja-dostepnosci/index.html",
}
STATUSES = ("w pełni zgodna", "częściowo zgodna", "niezgodna")
DATE_KEYS = ("published", "updated", "prepared")


def accessibility_settings(settings: dict) -> dict:
    config = plugin_settings(settings, "ACCESSIBILITY", DEFAULTS)
    if config["status"] not in STATUSES:
        raise ValueError(f"ACCESSIBILITY['status'] must be one of {STATUSES}, not {config['status']!r}")
    return {**config, **{key: date.fromisoformat(config[key]) for key in DATE_KEYS}}


def expose_url(pelican) -> None:
    config = accessibility_settings(pelican.settings)
    pelican.settings["ACCESSIBILITY_URL"] = config["url"]


class AccessibilityStatementGenerator(Generator):
    def generate_context(self):
        self.statement = accessibility_settings(self.settings)

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(self.statement["save_as"], None)]

    def generate_output(self, writer):
        writer.write_file(
            self.statement["save_as"],
            self.get_template("accessibility_statement"),
            self.context,
            statement=self.statement,
            url=self.statement["url"],
        )


def get_generators(pelican):
    return AccessibilityStatementGenerator


def register():
    signals.initialized.connect(expose_url)
    signals.get_generators.connect(get_generators)
