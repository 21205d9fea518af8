"""Checks every content file before anything is written.

Per-file rules run when Pelican is initialized (on the raw files, so every
problem has its line); rules that need the whole site (two documents with
the same URL, unique issue numbers) run when all generators are finalized.
Either way the build stops before the writers run, with one report.
"""

import logging
import os
from collections import defaultdict

from pelican import signals

from .checks import check_body, check_header, closest, parse_local_date, split_list
from .header import SourceDocument, split_header
from .report import ContentValidationError, Problem
from .schema import (
    DocumentType,
    Field,
    add_fields,
    document_type_for,
    register_document_type,
    registered_document_types,
)
from .settings import SettingsError, plugin_settings

__all__ = [
    "ContentValidationError",
    "DocumentType",
    "Field",
    "Problem",
    "SettingsError",
    "SourceDocument",
    "add_fields",
    "closest",
    "parse_local_date",
    "plugin_settings",
    "read_source",
    "register_data_file",
    "register_document_type",
    "report_content_problem",
    "split_header",
    "split_list",
]

logger = logging.getLogger(__name__)

CONTENT_EXTENSIONS = (".md", ".markdown")

# Data files (CSV...) below content/: (path or settings -> path, checker) pairs; a checker is
# checker(path, shown_as, settings) -> problems.
_DATA_FILE_CHECKERS: dict[str, tuple] = {}


def register_data_file(name: str, relative_path, checker) -> None:
    """Declare a data file under content/ (a path, or a function of the settings) and its checker."""
    _DATA_FILE_CHECKERS[name] = (relative_path, checker)


def check_data_files(content_root: str, settings: dict) -> list[Problem]:
    problems = []
    for relative_path, checker in _DATA_FILE_CHECKERS.values():
        relative = relative_path(settings) if callable(relative_path) else relative_path
        path = os.path.join(content_root, relative)
        if os.path.isfile(path):
            problems.extend(checker(path, display_path(content_root, path), settings))
    return problems


class BuildState:
    """What the per-file pass learned, kept for the whole-site pass."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.documents: dict[str, SourceDocument] = {}

    def reset(self):
        self.__init__()


STATE = BuildState()


def display_path(content_root: str, path: str) -> str:
    """content/aktualnosci/x.md, whatever folder the site lives in."""
    relative = os.path.relpath(path, content_root).replace(os.sep, "/")
    return f"{os.path.basename(os.path.normpath(content_root))}/{relative}"


def read_source(path: str, shown_as: str) -> tuple[str | None, Problem | None]:
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        return None, Problem(
            shown_as,
            line,
            f"plik nie jest zapisany w kodowaniu UTF-8 (bajt 0x{byte}). Zapisz go ponownie "
            "jako UTF-8 (w Notatniku: Zapisz jako → Kodowanie: UTF-8).",
        )


def iter_content_files(content_root: str):
    for directory, folders, files in os.walk(content_root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            if name.endswith(CONTENT_EXTENSIONS) and not name.startswith("."):
                yield os.path.join(directory, name)


def unknown_folder_problem(shown_as: str) -> Problem:
    folders = ", ".join(sorted(f"content/{t.directory}/" for t in registered_document_types()))
    return Problem(
        shown_as,
        1,
        f"plik leży w folderze, którego strona nie publikuje. Przenieś go do jednego z folderów: {folders}.",
    )


def validate_file(path: str, content_root: str, settings: dict):
    """(document type, parsed document, problems) for one content file."""
    shown_as = display_path(content_root, path)
    relative = os.path.relpath(path, content_root)
    document_type = document_type_for(relative)
    if document_type is None:
        return None, None, [unknown_folder_problem(shown_as)]
    text, problem = read_source(path, shown_as)
    if problem:
        return document_type, None, [problem]
    document = split_header(text, path, shown_as)
    problems = check_header(document, document_type, settings, content_root)
    problems += check_body(document, content_root)
    return document_type, document, problems


def validate_sources(pelican) -> None:
    """Per-file rules; invalid files are kept out of the build's reading."""
    STATE.reset()
    settings = pelican.settings
    content_root = settings["PATH"]
    by_type: dict[str, list[SourceDocument]] = defaultdict(list)
    invalid: set[str] = set()
    for path in iter_content_files(content_root):
        document_type, document, problems = validate_file(path, content_root, settings)
        if document is not None:
            STATE.documents[os.path.abspath(path)] = document
            by_type[document_type.name].append(document)
        if problems:
            STATE.problems.extend(problems)
            invalid.add(os.path.basename(path))
    STATE.problems.extend(check_data_files(content_root, settings))
    for document_type in registered_document_types():
        for rule in document_type.collection_rules:
            STATE.problems.extend(rule(by_type.get(document_type.name, []), settings))
    if invalid:
        # Pelican would log a traceback for each of them; their report is ours.
        settings["IGNORE_FILES"] = list(settings["IGNORE_FILES"]) + sorted(invalid)


def line_of(document: SourceDocument | None, *field_names: str) -> int:
    for name in field_names:
        if document and document.get(name):
            return document.get(name).line
    return 1


def duplicate_url_problems(contents, documents: dict[str, SourceDocument]) -> list[Problem]:
    by_target = defaultdict(list)
    for content in contents:
        save_as = getattr(content, "save_as", "")
        if save_as:
            by_target[save_as].append(content)
    problems = []
    for clashing in by_target.values():
        if len(clashing) < 2:
            continue
        sources = [documents.get(os.path.abspath(c.source_path)) for c in clashing]
        names = [s.display_path if s else c.source_path for s, c in zip(sources, clashing, strict=True)]
        for index, source in enumerate(sources):
            others = ", ".join(n for i, n in enumerate(names) if i != index)
            problems.append(
                Problem(
                    names[index],
                    line_of(source, "Slug", "Title"),
                    f"ten sam adres strony „/{clashing[index].url}” ma też {others}. Nadaj jednemu "
                    "z plików inny adres, dopisując np. „Slug: inna-nazwa-strony”.",
                )
            )
    return problems


def validate_site(generators) -> None:
    context = generators[0].context
    contents = list(context.get("generated_content", {}).values())
    problems = STATE.problems + duplicate_url_problems(contents, STATE.documents)
    if problems:
        raise ContentValidationError(problems)


def source_document(content) -> SourceDocument | None:
    """The parsed header of a Pelican content object, for line numbers."""
    return STATE.documents.get(os.path.abspath(content.source_path))


def report_content_problem(content, field_name: str, message: str) -> None:
    """For plugins whose rules need the read site; raised with everything else."""
    document = source_document(content)
    shown_as = document.display_path if document else content.source_path
    STATE.problems.append(Problem(shown_as, line_of(document, field_name), message))


def register():
    signals.initialized.connect(validate_sources)
    signals.all_generators_finalized.connect(validate_site)
