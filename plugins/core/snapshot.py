"""A document's header and rendered body at one moment: now, or at a commit from git.

BIP documents and magazine issues read through this (their versions come from git, not from files).
"""

from dataclasses import dataclass
from datetime import datetime

from .dates import local_datetime, split_list
from .gate import body_problems
from .header import split_header
from .links import LinkedBody, linked_body, reference_problems
from .markdown import body_renderer
from .state import STATE
from .text import normalise_text

DEFAULT_STATUS = "obowiązujący"


@dataclass
class Snapshot:
    """A document's header and body at one moment (now, or at a commit)."""

    fields: dict[str, str]
    rendered_html: str  # as Markdown wrote it: what the gate judges
    linked: LinkedBody | None = None  # the same, with {static}/{filename} resolved on publishing

    @property
    def body_html(self) -> str:
        return self.linked.content if self.linked is not None else self.rendered_html

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
    """Reads a document's text as Pelican's reader does: the site's Markdown settings, the same gate,
    the same `{static}`/`{filename}` checks, and links resolved by Pelican when the page is written."""

    def __init__(self, settings: dict, context: dict):
        self.settings = settings
        self.context = context
        self.render = body_renderer(settings["MARKDOWN"])

    def read(self, text: str, path: str) -> Snapshot:
        source = split_header(normalise_text(text), path, path)
        fields = {name: found.value for name, found in source.fields.items()}
        html = self.render(source.body)
        return Snapshot(fields, html, linked_body(html, path, self.settings, self.context))

    def problems(self, text: str, path: str, shown_as: str, snapshot: Snapshot, prefix: str = "") -> list:
        """The gate's problems with what this text renders to, and its link targets, with source lines."""
        source = split_header(normalise_text(text), path, shown_as)
        html = snapshot.rendered_html
        problems = body_problems(shown_as, source.body, source.body_first_line, html, self.render, prefix)
        link_problems, referenced = reference_problems(
            source, html, self.settings["PATH"], STATE.publishable_set(), self.render, prefix
        )
        STATE.referenced.update(referenced)
        return problems + link_problems


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
