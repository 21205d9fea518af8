"""BIP documents, their versions from git, and what the register lists."""

import os
from dataclasses import dataclass, field
from functools import cached_property

from pelican.utils import slugify

from plugins.core.snapshot import DEFAULT_STATUS, Snapshot, SnapshotBacked
from plugins.core.writer import record_digest

from .history import Change

STATUSES = (DEFAULT_STATUS, "archiwalny", "uchylony")


@dataclass
class Version:
    number: int
    change: Change
    snapshot: Snapshot
    url: str = ""
    save_as: str = ""

    @cached_property
    def record_key(self) -> str:
        """Everything a page may show of this version (see core.writer); asked once it is complete."""
        snapshot = self.snapshot
        return record_digest([self.number, self.url, self.change, snapshot.fields, snapshot.body_html])


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
    def last_modification(self) -> Change | None:
        """The last change after the document was added (an edit or its removal); None if never changed."""
        later = self.changes_after_addition
        return later[-1] if later else None

    @property
    def changes_after_addition(self) -> list[Change]:
        return [version.change for version in self.versions[1:]] + ([self.removal] if self.removal else [])

    @property
    def version_count(self) -> int:
        return max(1, len(self.versions))

    @cached_property
    def record_key(self) -> str:
        """Everything a page may show of this document (see core.writer): asked only when pages are
        written, once every version and attachment is known and links can be resolved."""
        return record_digest(
            {
                "address": [self.url, self.save_as, self.repo_path],
                "crumbs": self.crumbs,
                "fields": self.snapshot.fields,
                "body": self.snapshot.body_html,
                "publisher": self.publisher,
                "versions": [version.record_key for version in self.versions],
                "changes": [self.removal, self.first_change, self.last_change],
                "attachments": self.attachments,
            }
        )


def document_url(category_path: str, snapshot: Snapshot, settings: dict) -> str:
    slug = snapshot.get("slug") or slugify(snapshot.title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    year = snapshot.date.year if snapshot.date else "bez-daty"
    return f"bip/{category_path}/{year}/{slug}/"


def repo_relative(path: str, repository: str | None) -> str | None:
    return os.path.relpath(path, repository).replace(os.sep, "/") if repository else None
