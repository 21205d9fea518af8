"""BIP documents, their versions from git, and what the register lists."""

import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from pelican.utils import slugify

from plugins.core.dates import build_now
from plugins.core.shown import shown_key
from plugins.core.snapshot import DEFAULT_STATUS, Snapshot, SnapshotBacked

from .history import Change, Lineage

STATUSES = (DEFAULT_STATUS, "archiwalny", "uchylony")
REMOVED_STATUS = "usunięty"


@dataclass
class Version:
    number: int
    change: Change
    snapshot: Snapshot
    url: str = ""
    save_as: str = ""
    attachments: list = field(default_factory=list)  # as they were at this version, read from git
    withdrawn_attachments: int = 0  # how many of them a withdrawal took out
    withdrawal: object = None  # the Withdrawal whose notice stands in place of this version's text
    text_key: str = ""  # the hash of its text (to tell whether the working copy is committed as it is)
    files: list = field(default_factory=list)  # (name, file with its bytes) of its attachments

    # What a page may show of it (core.shown): a withdrawal shows through its text and attachments.
    SHOWN = ("number", "url", "change", "snapshot", "attachments", "withdrawn_attachments")

    @cached_property
    def record_key(self) -> str:
        """Asked only when pages are written, once the version is complete."""
        return shown_key(self)


@dataclass
class Moved:
    """A document's former address: a page there says where it went."""

    url: str
    save_as: str
    change: Change  # the move
    versions: list[tuple[str, str]] = field(default_factory=list)  # (old version URL, its URL now)


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
    lineage: Lineage | None = None
    responsible: str = ""  # the document's own, or its category's
    pending: bool = False  # in the working copy but not (yet) committed as it is: a preview
    moved_from: list[Moved] = field(default_factory=list)
    withdrawn_attachments: int = 0
    withdrawal: object = None  # the Withdrawal of the whole document, or of its current version's text
    comparisons: list = field(default_factory=list)
    # The build's moment: the date of a document not yet published (a preview of an uncommitted file).
    build_moment: datetime | None = None
    # What other plugins add to the document's page, as plain data ("session": a council session's details).
    extras: dict = field(default_factory=dict)
    legal_status: bool = True  # its document type's (core.schema.DocumentType.legal_status)

    @property
    def published(self) -> datetime | None:
        """The publication moment: when the commit that first brought the document into the BIP was made."""
        return self.first_change.date if self.first_change else None

    @property
    def publication_recorded(self) -> bool:
        """Whether the publication moment is the record's (the server's ledger, or history from before
        it), not a preview's commit time."""
        return bool(self.first_change and self.first_change.recorded)

    @property
    def original_date(self) -> datetime | None:
        """For a document migrated from the previous BIP: when it was first published there (its `Date`)."""
        return self.snapshot.date

    @property
    def date(self) -> datetime:
        return self.original_date or self.published or self.build_moment

    @property
    def identity(self) -> str:
        """What stays the same when the document moves: the path it was first published at."""
        if self.lineage:
            return self.lineage.paths[0]
        return self.repo_path or os.path.basename(self.source_path)

    @property
    def title(self) -> str:
        return self.snapshot.title

    @property
    def number(self) -> str:
        return self.snapshot.get("number")

    @property
    def status(self) -> str:
        return REMOVED_STATUS if self.is_removed else self.snapshot.status

    @property
    def has_legal_status(self) -> bool:
        """Whether "obowiązujący / archiwalny / uchylony" (or "usunięty") says something true of it."""
        return self.is_removed or self.legal_status

    @property
    def published_by(self) -> str:
        return self.first_change.who if self.first_change else ""

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
    def last_modification(self) -> Change | None:
        """The last change after the document was added (an edit or its removal); None if never changed."""
        later = self.changes_after_addition
        return later[-1] if later else None

    @property
    def changes_after_addition(self) -> list[Change]:
        return self.lineage.changes[1:] if self.lineage else []

    @property
    def history_rows(self) -> list[tuple[Change, "Version | None"]]:
        """Every change of the document, newest first, with the version it made (a bare move makes none)."""
        made = {(v.change.commit, v.change.path): v for v in self.versions}
        changes = self.lineage.changes if self.lineage else [v.change for v in self.versions]
        return [(change, made.get((change.commit, change.path))) for change in reversed(changes)]

    @property
    def changes_from_previous(self) -> dict[int, object]:
        """The comparison of each version with the one before it, by the later version's number."""
        return {c.newer.number: c for c in self.comparisons if c.older.number == c.newer.number - 1}

    @property
    def version_count(self) -> int:
        return max(1, len(self.versions))

    # What a page may show of it (core.shown); its versions show through `history_rows`, the
    # comparisons of versions through their own keys, a withdrawal through the text and attachments.
    SHOWN = (
        "url", "title", "number", "status", "summary", "content", "snapshot", "date", "year", "original_date",
        "published", "publication_recorded", "published_by", "publisher", "responsible", "pending",
        "category.lineage.title", "crumbs", "attachments", "withdrawn_attachments", "first_change",
        "last_modification", "removal", "is_removed", "has_legal_status", "history_rows", "history_url",
        "version_count", "comparisons", "changes_from_previous", "extras",
    )  # fmt: skip

    @cached_property
    def record_key(self) -> str:
        """Asked only when pages are written, once every version and attachment is known and links can be
        resolved."""
        return shown_key(self)


def document_url(category_path: str, snapshot: Snapshot, settings: dict, published: datetime | None) -> str:
    """bip/<category>/<year>/<slug>/: the year of the publication moment (or, migrated, of `Date`);
    not yet published, of the build's moment."""
    slug = snapshot.get("slug") or slugify(snapshot.title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    year = (snapshot.date or published or build_now(settings)).year
    return f"bip/{category_path}/{year}/{slug}/"


def repo_relative(path: str, repository: str | None) -> str | None:
    return os.path.relpath(path, repository).replace(os.sep, "/") if repository else None
