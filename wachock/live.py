"""The preview's site kept in memory: a saved page is shown again within a second, the site follows.

A preview build (KEEP_SITE_MODEL) keeps its model (core.writer.SiteModel): the generators with the
news items and pages they read, and how every page was written. When an editor saves a news item
or a page and its header stays the same, only that file is checked and read again (the same checks
and reader as a build), its object in the model takes the new text, and the pages that show it are
written again into an overlay that the preview server serves before the release: the edited page
first, then every list that shows it. What a quick update cannot know (a new or removed file, a
changed header, a data file, the theme, a commit, the feeds, search and sitemap) is left to a full
build: the server runs one after every quick update and drops the overlay once it is published.
"""

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content, SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from plugins.core.discovery import display_path
from plugins.core.fingerprint import plain
from plugins.core.session import session_of
from plugins.core.snapshot import SnapshotReader, read_text
from plugins.core.writer import MODEL_SETTING, SiteModel

from .build import build

logger = logging.getLogger(__name__)

# The lists a generator keeps its content in (published, hidden, drafts, with their translations).
CONTENT_LISTS = {
    ArticlesGenerator: (
        ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations"),
        signals.article_generator_context,
    ),
    PagesGenerator: (
        ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations"),
        signals.page_generator_context,
    ),
}


@dataclass
class QuickUpdate:
    """Pages written again into the overlay: the edited documents' own, then those listing them."""

    own: list[str]
    others: list[str]


class LiveSite:
    """One preview's builds, its model and its overlay of pages written since the last build."""

    def __init__(self, settings_file: str, output: str, overrides: dict):
        self.settings_file = settings_file
        self.output = output
        self.overrides = overrides
        self.model: SiteModel | None = None
        self.settings: dict | None = None
        # source path -> (its generator, or the context its page was written in; the object read from it)
        self.contents: dict[str, tuple] = {}
        self.overlay = tempfile.mkdtemp(prefix="podglad-")

    def build(self) -> None:
        """A full build, published as any other; raises BuildFailed with the editors' report."""
        self.forget()
        settings = build(self.settings_file, self.output, {**self.overrides, MODEL_SETTING: True})
        self.settings = settings
        self.model = session_of(settings).parts.get("site-model")
        self.contents = contents_by_source(self.model) if self.model else {}

    def forget(self) -> None:
        """Drop the model (its memory) and the overlay: what comes next is a full build's."""
        self.model, self.settings, self.contents = None, None, {}
        for memo in memoised_texts():
            memo.cache.clear()  # it holds every content object ever rendered in this process
        self.clear_overlay()

    def knows(self, path: str) -> bool:
        return os.path.abspath(path) in self.contents

    def quick_update(self, paths: set[str]) -> QuickUpdate | None:
        """The pages showing these edited files written again, or None when only a full build can
        show the change (nothing was changed then)."""
        if self.model is None or not paths:
            return None
        edits = []
        for path in sorted(os.path.abspath(p) for p in paths):
            if path not in self.contents:
                return None
            reader, content = self.contents[path]
            fresh = (
                read_again(reader, content, path)
                if isinstance(content, Content)
                else read_text_again(self.settings, reader, content, path)
            )
            if fresh is None:
                return None
            edits.append((content, fresh))
        for content, fresh in edits:
            if isinstance(content, Content):
                take_new_text(content, fresh)
            else:
                content.snapshot = fresh  # its pages read its text from its snapshot
        own, others = self.model.pages_showing({os.path.abspath(p) for p in paths})
        self.write_pages(own)
        return QuickUpdate(own, others)

    def write_pages(self, names: list[str]) -> None:
        """Writes pages into a folder of their own, then moves each into the overlay at once: the
        server never sends half a page."""
        staging = tempfile.mkdtemp(dir=self.overlay, prefix=".zapis-")
        try:
            writer = Writer(staging, self.settings)
            for name in names:
                call = self.model.calls[name]
                writer.write_file(name, call.template, call.context, *call.arguments, **call.kwargs)
            for folder, _, files in os.walk(staging):
                for file_name in files:
                    source = os.path.join(folder, file_name)
                    target = os.path.join(self.overlay, os.path.relpath(source, staging))
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.replace(source, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def overlay_file(self, relative: str) -> str | None:
        path = os.path.join(self.overlay, relative)
        return path if os.path.isfile(path) else None

    def clear_overlay(self) -> None:
        for name in os.listdir(self.overlay):
            path = os.path.join(self.overlay, name)
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.remove(path)

    def close(self) -> None:
        shutil.rmtree(self.overlay, ignore_errors=True)


def contents_by_source(model: SiteModel) -> dict[str, tuple]:
    """Every news item and page Pelican read, with the generator that read it, and every object made
    from its text alone (an event, a magazine issue), with the context its page was written in; by
    source file."""
    found = {}
    for generator in model.generators:
        for kind, (lists, _) in CONTENT_LISTS.items():
            if isinstance(generator, kind):
                for list_name in lists:
                    for content in getattr(generator, list_name, None) or []:
                        found[os.path.abspath(content.source_path)] = (generator, content)
    for call in model.calls.values():
        for value in call.kwargs.values():
            if getattr(type(value), "PREVIEW_FROM_TEXT", False) and value.source_path:
                found[os.path.abspath(value.source_path)] = (call.context, value)
    return found


def header_unchanged(settings: dict, path: str):
    """The file's header checked as a build checks it, and the same as when the model was made: its
    parsed document then, else None (its problems, or a new header, are a full build's to show)."""
    from plugins.validation import validate_document, validation_settings

    state = session_of(settings).state
    document_type, document, problems, referenced = validate_document(
        path, settings["PATH"], settings, validation_settings(settings)
    )
    previous = state.documents.get(path)
    if problems or document is None or previous is None or state.type_of.get(path) != document_type.name:
        return None
    if header_of(document) != header_of(previous):
        return None
    return document, referenced


def read_text_again(settings: dict, context: dict, item, path: str):
    """A text-only object's new snapshot, read and judged as its plugin reads it (core.snapshot), or None."""
    checked = header_unchanged(settings, path)
    if checked is None:
        return None
    state = session_of(settings).state
    reader = SnapshotReader(settings, context)
    try:
        text = read_text(path)
        snapshot = reader.read(text, path)
        problems = reader.problems(text, path, display_path(settings["PATH"], path), snapshot)
    except Exception:
        logger.debug("quick update of %s gave way to a full build", path, exc_info=True)
        return None
    if problems or snapshot.fields != item.snapshot.fields:
        return None
    state.documents[path], referenced = checked
    state.referenced.update(referenced)
    return snapshot


def read_again(generator, content, path: str):
    """The file read as the build reads it, or None when it has problems or a different header:
    then only a full build tells the editor the truth (its report, its lists)."""
    settings = generator.settings
    state = session_of(settings).state
    checked = header_unchanged(settings, path)
    if checked is None:
        return None
    context_signal = next(signal for kind, (_, signal) in CONTENT_LISTS.items() if isinstance(generator, kind))
    already = len(state.problems)
    try:
        fresh = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(path, generator.path),
            content_class=type(content),
            context=generator.context,
            context_signal=context_signal,
            context_sender=generator,
        )
    except Exception:
        logger.debug("quick update of %s gave way to a full build", path, exc_info=True)
        fresh = None
    refused = len(state.problems) > already
    del state.problems[already:]  # the full build that follows reports them
    if refused or fresh is None or isinstance(fresh, SkipStub) or not fresh.is_valid():
        return None
    if plain(fresh.metadata) != plain(content.metadata):
        return None  # fields the text makes (a table of contents, the files it shows) changed
    state.documents[path], referenced = checked
    state.referenced.update(referenced)
    generator.add_static_links(fresh)
    return fresh


def header_of(document) -> list:
    return [(f.name, f.value) for f in document.fields.values()] + [(f.name, f.value) for f in document.duplicates]


def memoised_texts() -> list:
    """Pelican memoises each content object's text and summary by (object, site URL), for good."""
    return [Content.__dict__["get_content"], Content.__dict__["get_summary"]]


def take_new_text(content, fresh) -> None:
    """The model's object takes the new reading's text: every list holding it shows the new text."""
    for memo in memoised_texts():
        for key in [key for key in memo.cache if key and key[0] is content]:
            del memo.cache[key]
    content._content = fresh._content
