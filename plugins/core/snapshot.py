"""A document's header and rendered body at one moment: now, or at a commit from git.

BIP documents and magazine issues read through this (their versions come from git, not from files).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from .cache import BuildCache
from .dates import local_datetime, split_list
from .discovery import display_path
from .gate import body_problems, internal_references
from .header import split_header
from .links import LinkedBody, linked_body, reference_problems
from .markdown import body_renderer
from .pool import map_in_processes
from .session import documents_of_type, report_problem, session_of
from .shown import shown_key
from .state import failure_problem
from .text import normalise_text

DEFAULT_STATUS = "obowiązujący"


@dataclass
class Snapshot:
    """A document's header and body at one moment (now, or at a commit)."""

    fields: dict[str, str]
    rendered_html: str  # as Markdown wrote it: what the gate judges
    linked: LinkedBody | None = None  # the same, with {static}/{filename} resolved on publishing
    reading: "Reading | None" = field(default=None, repr=False)  # what the reader made of the text

    # What a page may show of it (core.shown); the rest is worked out from these.
    SHOWN = ("fields", "body_html")
    DERIVED = ("get", "title", "status", "date", "produced_date", "attachment_names")

    @property
    def record_key(self) -> str:
        return shown_key(self)

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


@dataclass
class Reading:
    """What a text renders to and its {static}/{filename} targets: the same for the same bytes."""

    fields: dict[str, str]
    rendered_html: str
    references: list[tuple[str, str]]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class SnapshotReader:
    """Reads a document's text as Pelican's reader does: the site's Markdown settings, the same gate,
    the same `{static}`/`{filename}` checks, and links resolved by Pelican when the page is written.

    With a `cache_name`, a text read by an earlier build (a document unchanged, a version from git)
    is neither rendered nor put through the gate again; call `save()` once everything is read.
    """

    def __init__(self, settings: dict, context: dict, cache_name: str | None = None):
        self.settings = settings
        self.context = context
        self.render = body_renderer(settings["MARKDOWN"])
        self.cache = BuildCache(settings, f"{cache_name}-Snapshots") if cache_name else None
        self.clean: set[str] = set()  # hashes of texts whose rendering passed the gate

    def read_ahead(self, texts: list[tuple[str, str]]) -> None:
        """Render and check, on every core, the (text, path) pairs no earlier build has read."""
        if self.cache is None:
            return
        unread = list(
            {text_key(text): (text, path) for text, path in texts if not self.cache.get(text_key(text))}.values()
        )
        for found in map_in_processes(clean_reading, self, unread):
            if found is not None:
                self.cache.keep(*found)  # known clean, as if an earlier build had read it

    def reading_of(self, text: str, path: str) -> Reading:
        return self.reading_with_source(text, path)[0]

    def reading_with_source(self, text: str, path: str):
        source = split_header(normalise_text(text), path, path)
        html = self.render(source.body)
        fields = {name: found.value for name, found in source.fields.items()}
        return Reading(fields, html, internal_references(html)), source

    def read(self, text: str, path: str) -> Snapshot:
        key = text_key(text)
        reading = self.cache.get(key) if self.cache else None
        if reading is None:
            reading = self.reading_of(text, path)
        else:
            self.clean.add(key)  # only readings that passed the gate are ever cached
        return Snapshot(
            dict(reading.fields),
            reading.rendered_html,
            linked_body(reading.rendered_html, path, self.settings, self.context),
            reading,
        )

    def problems(self, text: str, path: str, shown_as: str, snapshot: Snapshot, prefix: str = "") -> list:
        """The gate's problems with what this text renders to, and its link targets, with source lines."""
        source = split_header(normalise_text(text), path, shown_as)
        html = snapshot.rendered_html
        key = text_key(text)
        state = session_of(self.settings).state
        problems = []
        if key not in self.clean:
            problems = body_problems(shown_as, source.body, source.body_first_line, html, self.render, prefix)
        references = snapshot.reading.references if snapshot.reading else None
        link_problems, referenced = reference_problems(
            source, html, self.settings["PATH"], state.publishable_set(), self.render, prefix, references
        )
        state.referenced.update(referenced)
        if not problems and snapshot.reading is not None:
            self.clean.add(key)
            if self.cache:
                self.cache.keep(key, snapshot.reading)
        return problems + link_problems

    def save(self) -> None:
        if self.cache:
            self.cache.save()


def clean_reading(reader: SnapshotReader, item: tuple[str, str]) -> tuple[str, Reading] | None:
    """In a worker: the reading of a text that passes the gate; None leaves the text to the build."""
    text, path = item
    try:
        reading, source = reader.reading_with_source(text, path)
        if body_problems(path, source.body, source.body_first_line, reading.rendered_html, reader.render):
            return None
    except Exception:  # reported, with its file, when the build reads the text itself
        return None
    return text_key(text), reading


def read_documents(settings: dict, type_name: str, reader: SnapshotReader, make: Callable) -> list:
    """Every published document of one type, read once, rendered and judged by the gate through one
    reader (its readings cached, unread ones read on every core), and turned by
    `make(path, text, snapshot)` into the plugin's own object (BIP document, magazine issue, event).

    What the gate finds goes to the build's report with its file and line; a file that cannot be read
    or made is reported as such, never raised. Objects for documents with problems are not returned.
    """
    root = settings["PATH"]
    texts = {}
    for path in documents_of_type(settings, type_name):
        try:
            texts[path] = read_text(path)
        except Exception as error:
            report_problem(settings, failure_problem(display_path(root, path), error, "odczytać"))
    reader.read_ahead([(text, path) for path, text in texts.items()])
    made = []
    for path, text in texts.items():
        shown = display_path(root, path)
        try:
            snapshot = reader.read(text, path)
            problems = reader.problems(text, path, shown, snapshot)
            item = None if problems else make(path, text, snapshot)
        except Exception as error:
            report_problem(settings, failure_problem(shown, error, "przetworzyć"))
            continue
        for problem in problems:
            report_problem(settings, problem)
        if item is not None:
            made.append(item)
    return made


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
