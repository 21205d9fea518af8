"""What this build learned about its content, shared by the validation plugin and the generators.

The validation plugin fills it at `initialized` (one discovery, every header checked); generators of
our own (BIP, magazine) read their files from it and add the problems they find to one report. It is
part of the build's session (core.session), reached from the settings.
"""

from .discovery import Discovery
from .header import SourceDocument
from .problems import Problem


class BuildState:
    """What the per-file pass learned, kept for the readers and the whole-site pass."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.documents: dict[str, SourceDocument] = {}  # absolute path -> parsed header
        self.discovery: Discovery | None = None
        self.publishable: list[str] = []  # relative paths every generator may read
        self.referenced: set[str] = set()  # absolute paths of files documents point at
        self.type_of: dict[str, str] = {}  # absolute path -> document type name

    def publishable_set(self) -> frozenset[str]:
        """The publishable list as a set, made once per list (every document's links are checked)."""
        cached = getattr(self, "_publishable_set", None)
        if cached is None or cached[0] is not self.publishable:
            cached = (self.publishable, frozenset(self.publishable))
            self._publishable_set = cached
        return cached[1]


def failure_problem(shown_as: str, error: BaseException, doing: str) -> Problem:
    """An unexpected failure on one file, as a message an editor can act on."""
    kind = type(error).__name__
    hint = (
        "Plik ma zbyt głęboko zagnieżdżone elementy (np. cytaty w cytatach); uprość tę część."
        if isinstance(error, RecursionError)
        else "Sprawdź, czy plik nie jest uszkodzony, albo cofnij ostatnią zmianę i przekaż ten komunikat informatykowi."
    )
    return Problem(shown_as, 1, f"nie udało się {doing} tego pliku (błąd {kind}). {hint}")


def line_of(document: SourceDocument | None, *field_names: str) -> int:
    for name in field_names:
        if document and document.get(name):
            return document.get(name).line
    return 1
