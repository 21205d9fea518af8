"""Document types declare their fields here; validation knows nothing else.

A plugin declares its document types (news, static page, BIP document, magazine issue...) in
`DOCUMENT_TYPES` beside its `register()`; every rule of the validator then applies to them without
new code. The build's `Schema` gathers the declarations of the plugins it loads.
"""

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
    # Whether "obowiązujący / archiwalny / uchylony" says something true of its documents: not of a
    # council session (zwołana, odbyta), a notice (its delivery is what counts) or a service card.
    legal_status: bool = True

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


@dataclass(frozen=True)
class DataFile:
    """A data file under content/ that the build reads, and its checker(path, shown_as, settings) -> problems.

    A required file is checked even when it is missing, so that its checker can say so.
    """

    name: str
    path: str | Callable[[dict], str]  # relative to content/, or a function of the settings
    checker: Callable
    required: bool = False


class Schema:
    """What the build's plugins declare beside their `register()`: `DOCUMENT_TYPES`, `ADDED_FIELDS`
    ({type name: fields another plugin adds, as groups add Groups to news}) and `DATA_FILES`.

    Made once per build from the plugins it loads (core.session), so a plugin left out of PLUGINS
    declares nothing and two builds in one process never see each other's declarations.
    """

    def __init__(self, modules):
        self.declared: dict[str, DocumentType] = {}
        self.added: dict[str, list[Field]] = {}
        self.data_files: dict[str, DataFile] = {}
        for module in modules:
            for document_type in getattr(module, "DOCUMENT_TYPES", ()):
                self.declared[document_type.name] = document_type
            for type_name, added in getattr(module, "ADDED_FIELDS", {}).items():
                extra = self.added.setdefault(type_name, [])
                extra.extend(new for new in added if all(new.name.lower() != f.name.lower() for f in extra))
            for data_file in getattr(module, "DATA_FILES", ()):
                self.data_files[data_file.name] = data_file
        # Longest directory first, so a nested type wins over its parent folder.
        self.document_types = sorted(
            (self.with_added_fields(self.with_base(t)) for t in self.declared.values()), key=lambda t: -len(t.directory)
        )

    def with_added_fields(self, document_type: DocumentType) -> DocumentType:
        extra = tuple(self.added.get(document_type.name, ()))
        return replace(document_type, fields=document_type.fields + extra) if extra else document_type

    def with_base(self, document_type: DocumentType) -> DocumentType:
        base = self.declared.get(document_type.extends) if document_type.extends else None
        if base is None:
            return document_type
        base = self.with_base(base)
        own = {f.name.lower() for f in document_type.fields}
        inherited = tuple(f for f in base.fields if f.name.lower() not in own)
        return replace(
            document_type,
            fields=inherited + document_type.fields,
            collection_rules=base.collection_rules + document_type.collection_rules,
        )

    def names_within(self, type_name: str) -> set[str]:
        """The type and every type that extends it, directly or not."""
        names = {type_name}
        while True:
            more = {t.name for t in self.declared.values() if t.extends in names} - names
            if not more:
                return names
            names |= more

    def type_for(self, relative_path: str) -> DocumentType | None:
        normalized = relative_path.replace("\\", "/")
        for document_type in self.document_types:
            if normalized.startswith(document_type.directory.rstrip("/") + "/"):
                return document_type
        return None

    def data_file_paths(self, settings: dict, required_only: bool = False) -> dict[str, Callable]:
        """{path relative to content/: checker} of the declared data files."""
        paths = {}
        for data_file in self.data_files.values():
            if required_only and not data_file.required:
                continue
            relative = data_file.path(settings) if callable(data_file.path) else data_file.path
            paths[relative] = data_file.checker
        return paths


LIST_KINDS = ("choices", "list", "files")  # kinds whose value is a list
