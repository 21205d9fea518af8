"""BIP documents, their versions from git, and what the register lists."""

import os
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from core import body_problems, body_renderer, normalise_text
from validation import parse_local_date, split_header, split_list

from .history import Change

WARSAW = ZoneInfo("Europe/Warsaw")
STATUSES = ("obowiązujący", "archiwalny", "uchylony")
DEFAULT_STATUS = "obowiązujący"


def local_datetime(value: str) -> datetime | None:
    try:
        return parse_local_date(value).replace(tzinfo=WARSAW)
    except ValueError:
        return None


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


@dataclass
class Version:
    number: int
    change: Change
    snapshot: Snapshot
    url: str = ""
    save_as: str = ""


@dataclass
class BipDocument(SnapshotBacked):
    source_path: str  # absolute path of the current (or last) file
    repo_path: str | None
    category: object  # Category or None for a removed document whose category went away
    snapshot: Snapshot
    publisher: str
    url: str = ""
    save_as: str = ""
    versions: list[Version] = field(default_factory=list)
    removal: Change | None = None
    attachments: list = field(default_factory=list)
    first_change: Change | None = None
    last_change: Change | None = None

    @property
    def title(self) -> str:
        return self.snapshot.title

    @property
    def number(self) -> str:
        return self.snapshot.get("number")

    @property
    def status(self) -> str:
        return self.snapshot.status

    @property
    def published_by(self) -> str:
        explicit = self.snapshot.get("published_by")
        if explicit:
            return explicit
        return self.first_change.author if self.first_change else ""

    @property
    def history_url(self) -> str:
        return f"{self.url}historia/"

    @property
    def crumbs(self) -> list[tuple[str, str]]:
        trail = self.category.crumbs if self.category else [("BIP", "bip/")]
        return [*trail, (self.title, self.url)]

    @property
    def is_removed(self) -> bool:
        return self.removal is not None

    @property
    def version_count(self) -> int:
        return max(1, len(self.versions))


def document_url(category_path: str, snapshot: Snapshot, settings: dict) -> str:
    slug = snapshot.get("slug") or slugify(snapshot.title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    year = snapshot.date.year if snapshot.date else "bez-daty"
    return f"bip/{category_path}/{year}/{slug}/"


def read_text(path: str) -> str:
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()


def repo_relative(path: str, repository: str | None) -> str | None:
    return os.path.relpath(path, repository).replace(os.sep, "/") if repository else None
