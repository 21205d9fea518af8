"""Lawful withdrawal of published information (RODO art. 17, u.d.i.p. art. 5): wycofanie, anonimizacja.

content/dane/bip-wycofania.yaml names a document, optionally one of its versions or a passage, the
legal basis, the date and who decided. The build then puts a notice with those facts in place of the
withdrawn text, in every page, version, attachment and feed that held it; the register says that
something was withdrawn, when, on what basis and by whose decision, without saying what.
A document's `Publish_until` withdraws its content in the same way from that moment.
"""

import html
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from bs4 import BeautifulSoup

from plugins.core.datafiles import Entry
from plugins.core.dates import WARSAW

WITHDRAWALS_FILE = "bip-wycofania.yaml"
DECISION = (
    Entry("document", example="bip/kategoria/rok/nazwa-pliku.md"),
    Entry("version", "number", required=False, example="2"),
    Entry("passage", required=False, example="wycofywany fragment, dokładnie jak w treści"),
    Entry("basis", example="art. 17 ust. 1 lit. d RODO"),
    Entry("date", "date", example="RRRR-MM-DD"),
    Entry("decided_by", example="Burmistrz Wąchocka"),
    # Other grammatical forms of the passage ("Jana Kowalskiego", "Janowi Kowalskiemu"), withdrawn with it.
    Entry("forms", "list", required=False, item=Entry("forms", example="Jana Kowalskiego")),
)
# Both lists only grow: a published withdrawal is never removed or edited (the register and every
# release after it rely on it); content comes back by a reinstatement, a decision of its own.
WITHDRAWAL_ENTRIES = (
    Entry("withdrawals", "list", entries=DECISION),
    Entry("reinstatements", "list", required=False, entries=DECISION),
)
DECISION_KEYS = tuple(entry.name for entry in DECISION)
PASSAGE_MARK = "[fragment wycofany]"
EXPIRY_BASIS = "upłynął termin udostępniania określony przy publikacji"


@dataclass(frozen=True)
class Withdrawal:
    document: str  # path below content/, as the document has or had it
    basis: str
    date: datetime  # the decision's date, as the office typed it
    decided_by: str
    version: int | None = None
    passage: str | None = None
    line: int = 1
    forms: tuple[str, ...] = ()
    key: tuple = ()  # the entry as plain text (decision_key): how its commit is found
    # When the withdrawal entered the record, as the server recorded the data file's change (or, before
    # the ledger, as its commit says); None until known (an uncommitted entry in a preview).
    published: datetime | None = None
    recorded: str = ""  # as Change.recorded: "ledger", "history" or "" (a preview)
    entered_by: str = ""  # the person who published the entry

    @property
    def moment(self) -> datetime:
        """When it took effect: when published, else (an uncommitted preview) the decision's day."""
        moment = self.published or self.date
        return moment if moment.tzinfo else moment.replace(tzinfo=WARSAW)

    @property
    def whole_document(self) -> bool:
        return self.version is None and not self.passage

    @property
    def notice(self) -> str:
        what = "Fragment treści" if self.passage else "Treść"
        when = f"wycofano {self.moment:%d.%m.%Y} r." if self.published else "wycofano (podgląd: datę zapisze serwer)."
        return f"{what} {when} Podstawa: {self.basis}. Decyzja: {self.decided_by} z dnia {self.date:%d.%m.%Y} r."

    @property
    def notice_html(self) -> str:
        return f'<p class="notice notice--withdrawn" role="note">{html.escape(self.notice)}</p>'

    def pattern(self) -> re.Pattern:
        """The passage and its listed forms, however their spaces were typeset (a hard space after a
        one-letter word, a line break); whole words only: withdrawing "Jan" must not cut "Janowice" apart."""
        alternatives = sorted({self.passage, *self.forms}, key=len, reverse=True)
        joined = "|".join(r"[\s\u00a0]+".join(re.escape(word) for word in text.split()) for text in alternatives)
        return re.compile(rf"(?<!\w)(?:{joined})(?!\w)", re.IGNORECASE)

    def stems(self) -> list[re.Pattern]:
        """Other forms a Polish name may take ("Kowalski" → "Kowalskiego", "Kowalskiej"): each longer word of
        the passage without its ending, followed by any ending."""
        words = [word for word in re.findall(r"\w+", self.passage or "") if len(word) >= 5 and not word.isdigit()]
        return [re.compile(rf"(?<!\w){re.escape(word[:-2])}\w*", re.IGNORECASE) for word in words]


def decision_key(kind: str, entry) -> tuple:
    return (kind, *(str(entry.get(name) or "").strip() for name in DECISION_KEYS))


def decision_keys(data: dict | None) -> dict[tuple, str]:
    """Each withdrawal and reinstatement of a version of the data file, as plain text, with a label."""
    found = {}
    for kind in ("withdrawals", "reinstatements"):
        for entry in (data or {}).get(kind) or []:
            if hasattr(entry, "get"):
                key = decision_key(kind, entry)
                found[key] = f"{'wycofanie' if kind == 'withdrawals' else 'przywrócenie'} „{key[1]}” z dnia {key[5]}"
    return found


def withdrawals_of(data: dict, kind: str = "withdrawals") -> list[Withdrawal]:
    return [
        Withdrawal(
            document=str(entry.get("document", "")).strip().removeprefix("content/"),
            basis=entry.get("basis", ""),
            date=datetime.fromisoformat(entry.get("date", "1970-01-01")),
            decided_by=entry.get("decided_by", ""),
            version=entry.get("version") if isinstance(entry.get("version"), int) else None,
            passage=(entry.get("passage") or "").strip() or None,
            forms=tuple(str(form).strip() for form in entry.get("forms") or [] if str(form).strip()),
            line=entry.line,
            key=decision_key(kind, entry),
        )
        for entry in data.get(kind) or []
    ]


def same_scope(withdrawal: Withdrawal, reinstatement: Withdrawal) -> bool:
    return (withdrawal.document, withdrawal.version, withdrawal.passage) == (
        reinstatement.document,
        reinstatement.version,
        reinstatement.passage,
    )


def redact_text(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(PASSAGE_MARK, text)


def redact_html(markup: str, pattern: re.Pattern) -> str | None:
    """The HTML with the passage replaced, or None when it spans markup and cannot be cut out cleanly."""
    soup = BeautifulSoup(markup, "html.parser")
    for node in soup.find_all(string=pattern):
        node.replace_with(redact_text(str(node), pattern))
    for tag in soup.find_all(True):
        for name, value in list(tag.attrs.items()):
            if isinstance(value, str) and pattern.search(value):
                tag[name] = redact_text(value, pattern)
    result = str(soup)
    if pattern.search(soup.get_text(" ")) or pattern.search(html.unescape(result)):
        return None
    return result


def file_contains(path: str, pages: list[str], pattern: re.Pattern) -> bool:
    """Whether an attachment holds the passage: a PDF's text, an office file's XML, or any other file's text."""
    if any(pattern.search(page) for page in pages):
        return True
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return any(
                pattern.search(re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace")))
                for name in archive.namelist()
            )
    with open(path, "rb") as handle:
        data = handle.read()
    return any(pattern.search(data.decode(encoding, "replace")) for encoding in ("utf-8", "utf-16", "cp1250"))
