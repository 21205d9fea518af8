"""Rejestr publikacji: the server's publication ledger (plugins/core/ledger.py), published.

A page lists the latest entries and explains how to check the chain; a JSON file holds every entry
exactly as the server keeps it, so anyone can recompute each hash and follow the chain. A build
without the ledger (a preview) publishes neither.
Settings: LEDGER_PAGE = {"url", "save_as", "json_name", "shown"}.
"""

import json
import os

from pelican import signals
from pelican.generators import Generator

from plugins.core import plugin_settings
from plugins.core.ledger import CONTENT, HASHED, LedgerError, load_ledger, people_by_account

DEFAULTS = {
    "url": "bip/rejestr-publikacji/",
    "save_as": "bip/rejestr-publikacji/index.html",
    "json_name": "rejestr-publikacji.json",
    "shown": 100,  # the latest entries on the page; the JSON file has all of them
}
FORMAT = "wachock-rejestr-publikacji/1"
KINDS = {"A": "dodanie", "M": "zmiana", "D": "usunięcie", "S": "założenie rejestru"}


def ledger_page_settings(settings: dict) -> dict:
    return plugin_settings(settings, "LEDGER_PAGE", DEFAULTS)


def ledger_document(ledger) -> dict:
    """The published copy: every entry as the server keeps it, and how each hash is made."""
    return {
        "format": FORMAT,
        "hash": (
            "SHA-256 (hex) of the entry's JSON with the keys "
            + ", ".join(HASHED)
            + " only, keys sorted, no spaces, UTF-8; `previous` is the hash of the entry before (zeros for entry 0)"
        ),
        "token": "RFC 3161 time-stamp token (base64 DER) over `hash`, when present",
        "entries": [json.loads(entry.as_json()) for entry in ledger.entries],
    }


class LedgerGenerator(Generator):
    def generate_context(self):
        self.config = ledger_page_settings(self.settings)
        try:
            self.ledger = load_ledger(self.settings)
        except LedgerError:
            self.ledger = None  # the BIP reports it and the build stops (plugins/bip)
        self.context["LEDGER_PAGE_URL"] = self.config["url"] if self.ledger else ""

    def planned_outputs(self) -> list[tuple[str, object]]:
        if self.ledger is None:
            return []
        return [(self.config["save_as"], None), (self.config["url"] + self.config["json_name"], None)]

    def generate_output(self, writer):
        if self.ledger is None:
            return
        names = people_by_account(self.context.get("BIP_CONFIG", {}))
        rows = [
            {
                "entry": entry,
                "kind": KINDS.get(entry.change, entry.change),
                "file": entry.path.removeprefix(CONTENT),
                "person": names.get(entry.account, ""),
            }
            for entry in reversed(self.ledger.entries[-self.config["shown"] :])
        ]
        writer.write_file(
            self.config["save_as"],
            self.get_template("ledger"),
            self.context,
            url=self.config["url"],
            ledger=self.ledger,
            rows=rows,
            json_url=self.config["url"] + self.config["json_name"],
        )
        target = os.path.join(self.output_path, self.config["url"], self.config["json_name"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(ledger_document(self.ledger), handle, ensure_ascii=False, indent=1)


def get_generators(pelican):
    return LedgerGenerator


# Runs after (plugins.core.order): the ledger page names the BIP documents it records.
NEEDS = ("bip",)


def register():
    signals.get_generators.connect(get_generators)
