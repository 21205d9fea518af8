"""One build's session: everything a build learns and keeps while it runs, and nothing after it.

Whoever runs Pelican (`wachock.build`, the tests) starts a session in the settings; every generator,
reader, writer and signal receiver reaches it from the settings (or the context, a copy of them) it
is given. Nothing of one build is left in a module for the next: two sites built in one process,
or a build after a failed one, share nothing but the code.
"""

import importlib
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .header import SourceDocument
from .problems import Problem
from .record import BuildRecord
from .schema import Schema
from .state import BuildState, line_of

SESSION_SETTING = "BUILD_SESSION"


class BuildSession:
    """The build's state (what the checks learned), its dependency record and each plugin's own part."""

    def __init__(self):
        self.state = BuildState()
        self.record = BuildRecord()
        self.data_files: dict[tuple, tuple[dict, list[Problem]]] = {}  # data files read, by version
        self.parts: dict[str, Any] = {}
        self.schema: Schema | None = None  # made from the plugins the build loads (schema_of)

    def __reduce__(self):
        # Never stored nor sent: Pelican caches readings whose categories hold the settings, and forked
        # readers send them back; there the session is a fresh, empty one, never this build's state.
        return (BuildSession, ())

    def close(self) -> None:
        """Stop what a part still runs (the search index's process), whether the build finished or not."""
        for part in self.parts.values():
            close = getattr(part, "close", None)
            if callable(close):
                close()

    def part(self, name: str, make: Callable[[], Any]) -> Any:
        """A plugin's own working data for this build (the pages the sitemap lists, the search feeder)."""
        if name not in self.parts:
            self.parts[name] = make()
        return self.parts[name]


def start_session(settings: dict) -> BuildSession:
    """A new session for the build these settings are given to; a previous one is dropped."""
    session = BuildSession()
    settings[SESSION_SETTING] = session
    return session


def session_of(settings: dict) -> BuildSession:
    """The session of the build these settings (or a context made from them) belong to.

    Settings never given to a build (a command that only checks a data file) get a session of their own.
    """
    session = settings.get(SESSION_SETTING)
    if session is None:
        session = start_session(settings)
    return session


def output_changes_at(settings: dict, moment: datetime) -> None:
    """For plugins whose output depends on the time of the build."""
    session_of(settings).record.changes_at(moment)


def output_withdraws(settings: dict, key: str) -> None:
    """This build leaves out information lawfully withdrawn: no older release may come back (see build.py)."""
    session_of(settings).record.withdrawals.add(key)


def plugin_modules(settings: dict) -> list:
    """The modules of the plugins in PLUGINS (names before Pelican loads them, modules or names after)."""
    modules = []
    for plugin in settings.get("PLUGINS") or []:
        if isinstance(plugin, str):
            try:
                plugin = importlib.import_module(plugin)
            except ImportError:  # Pelican reports it and the build refuses it (wachock.build)
                continue
        modules.append(plugin)
    return modules


def schema_of(settings: dict) -> Schema:
    """The document types, added fields and data files of this build's plugins."""
    session = session_of(settings)
    if session.schema is None:
        session.schema = Schema(plugin_modules(settings))
    return session.schema


def documents_of_type(settings: dict, type_name: str) -> list[str]:
    """Absolute paths of the checked documents of one type (and of its subtypes), for generators of our own."""
    state = session_of(settings).state
    names = schema_of(settings).names_within(type_name)
    return sorted(
        path
        for path, name in state.type_of.items()
        if name in names and os.path.relpath(path, state.discovery.root).replace(os.sep, "/") in state.publishable
    )


def of_document_type(settings: dict, documents, type_name: str) -> list:
    """The published documents (BIP documents, whose subtypes are council sessions, notices, service
    cards...) that belong to the document type `type_name`, by the folder of their source file."""
    schema = schema_of(settings)
    return [
        document
        for document in documents
        if getattr(schema.type_for(os.path.relpath(document.source_path, settings["PATH"])), "name", None) == type_name
    ]


def source_document(content) -> SourceDocument | None:
    """The parsed header of a content object, for line numbers."""
    return session_of(content.settings).state.documents.get(os.path.abspath(content.source_path))


def report_content_problem(content, field_name: str, message: str) -> None:
    """For plugins whose rules need the read site; raised with everything else."""
    document = source_document(content)
    shown_as = document.display_path if document else content.source_path
    report_problem(content.settings, Problem(shown_as, line_of(document, field_name), message))


def report_problem(settings: dict, problem: Problem) -> None:
    session_of(settings).state.problems.append(problem)
