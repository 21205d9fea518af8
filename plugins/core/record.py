"""The dependency record of a release: which pages were made from what, kept at its root.

Each build reads the live release's record (pages whose inputs did not change are taken from there)
and writes its own into the new release; `wachock.build` reads it to skip a build with nothing to do.
"""

import json
import os
from datetime import datetime

RECORD_NAME = ".build-record.json"


class BuildRecord:
    """The previous release's record, and this build's, written into the new release at the end."""

    def __init__(self):
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.live: str | None = None
        self.reused: set[str] = set()  # files taken from the live release
        self.always_rendered: list[str] = []  # calls whose inputs could not be described
        self.inputs: str | None = None  # the build's input stamp (core.inputs), given by the build
        self.valid_until: datetime | None = None  # when the output changes although no input does
        self.withdrawals: set[str] = set()  # keys of lawful withdrawals in force (see plugins/bip)
        # What a plugin keeps about its own output between builds (the search index's sections), by plugin.
        self.previous_notes: dict[str, object] = {}
        self.notes: dict[str, object] = {}

    def start(self, settings: dict) -> None:
        self.__init__()
        self.inputs = settings.get("INPUT_STAMP") or None
        self.live = settings.get("LIVE_RELEASE")
        if self.live:
            previous = read_record(self.live)
            self.previous = previous.get("pages", {})
            notes = previous.get("notes")
            self.previous_notes = notes if isinstance(notes, dict) else {}

    def changes_at(self, moment: datetime) -> None:
        """The output will differ at `moment` (a banner expires): no build may be skipped after it."""
        if self.valid_until is None or moment < self.valid_until:
            self.valid_until = moment

    def save(self, output_path: str) -> None:
        record = {
            "pages": self.current,
            "inputs": self.inputs,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "withdrawals": sorted(self.withdrawals),
            "notes": self.notes,
        }
        with open(os.path.join(output_path, RECORD_NAME), "w", encoding="utf-8") as handle:
            json.dump(record, handle, sort_keys=True, indent=0)


def read_record(release: str) -> dict:
    """A release's dependency record; empty when it has none or it cannot be read."""
    try:
        with open(os.path.join(release, RECORD_NAME), encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
