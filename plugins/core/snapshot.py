"""A document's header and rendered body at one moment: now, or at a commit from git.

BIP documents and magazine issues read through this (their versions come from git, not from files).
"""

from dataclasses import dataclass
from datetime import datetime

from .dates import local_datetime, split_list
from .gate import body_problems
from .header import split_header
from .markdown import body_renderer
from .text import normalise_text

DEFAULT_STATUS = "obowiązujący"


@dataclass
class Snapshot:
    """A document's header and body at one moment (now, or at a commit)."""

    fields: dict[str, str]
    body_html: str

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name.lower(), default)

    @property
    def title(self) -> str:
        return self.get("title", "(bez tytułu)")

    @property
    def status(self) -> str:
        return self.get("status") or DEFAULT_STATUS

    @property
    def date(self) -> datetime | None:
        return local_datetime(self.get("date"))

    @property
    def produced_date(self) -> datetime | None:
        return local_datetime(self.get("produced_date"))

    @property
    def attachment_names(self) -> list[str]:
        return split_list(self.get("attachments"))


class SnapshotReader:
    """Parses a document's text with the site's own Markdown settings, and gates what it renders."""

    def __init__(self, markdown_settings: dict):
        self.render = body_renderer(markdown_settings)

    def read(self, text: str, path: str) -> Snapshot:
        source = split_header(normalise_text(text), path, path)
        fields = {name: found.value for name, found in source.fields.items()}
        return Snapshot(fields, self.render(source.body))

    def problems(self, text: str, shown_as: str, snapshot: Snapshot, prefix: str = "") -> list:
        """The gate's problems with what this text renders to, with source lines."""
        source = split_header(normalise_text(text), shown_as, shown_as)
        return body_problems(shown_as, source.body, source.body_first_line, snapshot.body_html, self.render, prefix)


class SnapshotBacked:
    """What a published item (BIP document, magazine issue) reads from its snapshot."""

    snapshot: Snapshot

    @property
    def date(self) -> datetime | None:
        return self.snapshot.date

    @property
    def year(self) -> int:
        return self.date.year if self.date else 0

    @property
    def summary(self) -> str:
        return self.snapshot.get("summary")

    @property
    def content(self) -> str:
        return self.snapshot.body_html


def read_text(path: str) -> str:
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()
