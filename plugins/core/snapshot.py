"""A document's header and rendered body at one moment: now, or at a commit from git.

BIP documents and magazine issues read through this (their versions come from git, not from files).
"""

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from datetime import datetime

from .dates import local_datetime, split_list
from .gate import body_problems, internal_references
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
    reading: "Reading | None" = field(default=None, repr=False)  # what the reader made of the text

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


class ReadingCache:
    """Readings of texts that passed the gate, keyed by the text's hash (as git keys its blobs).

    A file beside Pelican's reader caches, named like them, so the same fingerprint drops it when
    the Markdown settings, the libraries or the project's code change (see the validation plugin).
    Each build keeps only the readings it used, so the file follows the site and does not grow.
    """

    def __init__(self, settings: dict, name: str):
        enabled = settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE", True)
        self.path = os.path.join(settings["CACHE_PATH"], f"{name}-Snapshots-Readers") if enabled else None
        self.stored: dict[str, Reading] = self.load() if self.path else {}
        self.used: dict[str, Reading] = {}

    def load(self) -> dict[str, Reading]:
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def get(self, key: str) -> "Reading | None":
        """A reading kept by this build (a version equal to the current text) or an earlier one."""
        return self.used.get(key) or self.stored.get(key)

    def keep(self, key: str, reading: "Reading") -> None:
        self.used[key] = reading

    def save(self) -> None:
        if not self.path:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        temporary = f"{self.path}.tmp"
        with open(temporary, "wb") as handle:
            pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)


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
        self.cache = ReadingCache(settings, cache_name) if cache_name else None
        self.clean: set[str] = set()  # hashes of texts whose rendering passed the gate

    def read(self, text: str, path: str) -> Snapshot:
        key = text_key(text)
        reading = self.cache.get(key) if self.cache else None
        if reading is None:
            source = split_header(normalise_text(text), path, path)
            html = self.render(source.body)
            reading = Reading({name: found.value for name, found in source.fields.items()}, html, [])
            reading.references = internal_references(html)
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
        problems = []
        if key not in self.clean:
            problems = body_problems(shown_as, source.body, source.body_first_line, html, self.render, prefix)
        references = snapshot.reading.references if snapshot.reading else None
        link_problems, referenced = reference_problems(
            source, html, self.settings["PATH"], STATE.publishable_set(), self.render, prefix, references
        )
        STATE.referenced.update(referenced)
        if not problems and snapshot.reading is not None:
            self.clean.add(key)
            if self.cache:
                self.cache.keep(key, snapshot.reading)
        return problems + link_problems

    def save(self) -> None:
        if self.cache:
            self.cache.save()


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
