"""Document types declare their fields here; validation knows nothing else.

A plugin adds a document type (news, static page, BIP document, magazine
issue...) with `register_document_type()`; every rule of the validator then
applies to it without new code.
"""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

# Fields Pelican itself understands on every document; allowed everywhere.
PELICAN_FIELDS = ("Status", "Template", "Save_as", "Url", "Lang", "Translation")

FIELD_KINDS = ("text", "date", "choice", "choices", "list", "image", "files", "integer")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"
    required: bool = False
    # For choice/choices: the allowed values, read from settings so that
    # they are configured in one place.
    choices: Callable[[dict], Sequence[str]] | None = None
    # Another field that must be present whenever this one is.
    requires: str | None = None
    # For files: "content" (relative to content/) or "document" (to its folder).
    relative_to: str = "content"
    # A placeholder shown in messages: visibly a description, never a text to copy as it is.
    example: str = ""
    description: str = ""  # Polish, what the field is for (used in messages)
    # For dates: another date field this one may not come after / before.
    not_after: str | None = None
    not_before: str | None = None

    def __post_init__(self):
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.name}")
        if self.kind in ("choice", "choices") and self.choices is None:
            raise ValueError(f"field {self.name} of kind {self.kind} needs choices")


@dataclass(frozen=True)
class DocumentType:
    name: str
    label: str  # Polish, used in messages: "aktualność", "strona"
    directory: str  # below content/
    fields: tuple[Field, ...]
    # Cross-document rules: callables taking (documents, settings) and
    # returning problems; for uniqueness rules such as magazine issue numbers.
    collection_rules: tuple[Callable, ...] = field(default_factory=tuple)
    # A subtype (council sessions within BIP documents): its folder lies inside the base type's, it has
    # the base's fields and rules besides its own, and its documents are documents of the base type.
    extends: str | None = None

    def field_named(self, name: str) -> Field | None:
        for candidate in self.fields:
            if candidate.name.lower() == name.lower():
                return candidate
        for pelican_name in PELICAN_FIELDS:
            if pelican_name.lower() == name.lower():
                return Field(pelican_name)
        return None

    @property
    def known_names(self) -> list[str]:
        declared = [f.name for f in self.fields]
        lowered = {name.lower() for name in declared}
        return declared + [name for name in PELICAN_FIELDS if name.lower() not in lowered]


_REGISTRY: dict[str, DocumentType] = {}
_EXTRA_FIELDS: dict[str, list[Field]] = {}


def reset_registries() -> None:
    """Forget every declaration; the plugins of the next build declare theirs again in register()."""
    _REGISTRY.clear()
    _EXTRA_FIELDS.clear()
    _DATA_FILE_CHECKERS.clear()


def register_document_type(document_type: DocumentType) -> None:
    """Declare a document type; re-registering the same name replaces it."""
    _REGISTRY[document_type.name] = document_type


def add_fields(type_name: str, *fields: Field) -> None:
    """Let another plugin extend a type (groups add Groups to news), in any load order."""
    extra = _EXTRA_FIELDS.setdefault(type_name, [])
    for new in fields:
        if all(new.name.lower() != f.name.lower() for f in extra):
            extra.append(new)


def _with_extra_fields(document_type: DocumentType) -> DocumentType:
    extra = tuple(_EXTRA_FIELDS.get(document_type.name, ()))
    return replace(document_type, fields=document_type.fields + extra) if extra else document_type


def _with_base(document_type: DocumentType) -> DocumentType:
    base = _REGISTRY.get(document_type.extends) if document_type.extends else None
    if base is None:
        return document_type
    base = _with_base(base)
    own = {f.name.lower() for f in document_type.fields}
    inherited = tuple(f for f in base.fields if f.name.lower() not in own)
    return replace(
        document_type,
        fields=inherited + document_type.fields,
        collection_rules=base.collection_rules + document_type.collection_rules,
    )


def registered_document_types() -> list[DocumentType]:
    # Longest directory first, so a nested type wins over its parent folder.
    types = [_with_extra_fields(_with_base(t)) for t in _REGISTRY.values()]
    return sorted(types, key=lambda t: -len(t.directory))


def type_names_within(type_name: str) -> set[str]:
    """The type and every type that extends it, directly or not."""
    names = {type_name}
    while True:
        more = {t.name for t in _REGISTRY.values() if t.extends in names} - names
        if not more:
            return names
        names |= more


def document_type_for(relative_path: str) -> DocumentType | None:
    normalized = relative_path.replace("\\", "/")
    for document_type in registered_document_types():
        if normalized.startswith(document_type.directory.rstrip("/") + "/"):
            return document_type
    return None


def of_document_type(documents, content_root: str, type_name: str) -> list:
    """The published documents (BIP documents, whose subtypes are council sessions, notices, service
    cards...) that belong to the document type `type_name`, by the folder of their source file."""
    chosen = []
    for document in documents:
        found = document_type_for(os.path.relpath(document.source_path, content_root))
        if found is not None and found.name == type_name:
            chosen.append(document)
    return chosen


# Data files (CSV...) below content/: (path or settings -> path, checker) pairs; a checker is
# checker(path, shown_as, settings) -> problems.
_DATA_FILE_CHECKERS: dict[str, tuple] = {}


def register_data_file(name: str, relative_path, checker, required: bool = False) -> None:
    """Declare a data file under content/ (a path, or a function of the settings) and its checker.

    A required file is checked even when it is missing, so that its checker can say so.
    """
    _DATA_FILE_CHECKERS[name] = (relative_path, checker, required)


def data_file_paths(settings: dict, required_only: bool = False) -> dict[str, object]:
    paths = {}
    for relative_path, checker, required in _DATA_FILE_CHECKERS.values():
        if required_only and not required:
            continue
        relative = relative_path(settings) if callable(relative_path) else relative_path
        paths[relative] = checker
    return paths


LIST_KINDS = ("choices", "list", "files")


def give_declared_fields(content) -> None:
    """Every field its type declares exists on a content object (None or [] when not written).

    Templates then ask `article.image` whether or not the editor wrote an Image, and a missing
    variable stays an error (tests render with StrictUndefined).
    """
    source_path, settings = getattr(content, "source_path", None), getattr(content, "settings", None)
    if not source_path or not settings:
        return
    document_type = document_type_for(os.path.relpath(source_path, settings["PATH"]))
    if document_type is None:
        return
    for declared in document_type.fields:
        attribute = declared.name.lower()
        # Never hasattr(): it would evaluate properties such as `summary`, resolving links before the
        # static files are known.
        if attribute not in vars(content) and not hasattr(type(content), attribute):
            setattr(content, attribute, [] if declared.kind in LIST_KINDS else None)
