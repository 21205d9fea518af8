"""What changed between two versions of a BIP document, word by word, marked by more than colour.

A version is compared as readers see it: its facts (title, number, status, attachments) and the text of
each block of its body. Removed words are <del>, added words <ins>, each with a visually hidden label
for screen readers, and shown struck through and underlined.
"""

import difflib
import html
from dataclasses import dataclass
from functools import cached_property

from bs4 import BeautifulSoup

from plugins.core.polish import typeset_markup
from plugins.core.shown import shown_key

BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre", "dt", "dd")
# The metryczka's fields count as text: a changed date of production or of the previous BIP's
# publication is a change readers must see, not "metadata only".
FACTS = (
    ("title", "Tytuł"),
    ("number", "Numer"),
    ("status", "Status"),
    ("produced_by", "Informację wytworzył"),
    ("produced_date", "Data wytworzenia"),
    ("responsible", "Osoba odpowiedzialna za treść"),
    ("date", "Data publikacji w poprzednim BIP"),
    ("publish_until", "Udostępniać do"),
    ("attachments", "Załączniki"),
)


@dataclass
class Comparison:
    older: object  # Version
    newer: object  # Version
    url: str
    save_as: str

    @cached_property
    def rows(self) -> list[str]:
        """HTML of each line that differs, with <del>/<ins>; worked out only when the page is written."""
        return differences(self.older.snapshot, self.newer.snapshot)

    # What a page may show of it (core.shown): the lines that differ are worked out from the two versions.
    SHOWN = ("older", "newer", "url")
    DERIVED = ("rows",)

    @property
    def record_key(self) -> str:
        return shown_key(self)


def lines_of(snapshot) -> list[str]:
    facts = [f"{label}: {snapshot.get(name) or ('obowiązujący' if name == 'status' else '—')}" for name, label in FACTS]
    soup = BeautifulSoup(snapshot.body_html, "html.parser")
    blocks = [" ".join(block.get_text(" ").split()) for block in soup.find_all(BLOCKS) if not block.find(BLOCKS)]
    return facts + [block for block in blocks if block]


def marked(kind: str, words: list[str]) -> str:
    if not words:
        return ""
    label = "usunięto" if kind == "del" else "dodano"
    text = html.escape(" ".join(words))
    return (
        f'<{kind}><span class="visually-hidden">[{label}: </span>{text}<span class="visually-hidden">]</span></{kind}>'
    )


def word_diff(old: str, new: str) -> str:
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(html.escape(" ".join(old_words[a1:a2])))
            continue
        parts.append(marked("del", old_words[a1:a2]))
        parts.append(marked("ins", new_words[b1:b2]))
    return typeset_markup(" ".join(part for part in parts if part), inside_tag=False)[0]


def differences(older, newer) -> list[str]:
    """One HTML row per changed line: a changed block word by word, a removed or added block whole."""
    old_lines, new_lines = lines_of(older), lines_of(newer)
    rows = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            continue
        pairs = list(zip(old_lines[a1:a2], new_lines[b1:b2], strict=False)) if operation == "replace" else []
        rows += [word_diff(old, new) for old, new in pairs]
        rows += [marked("del", line.split()) for line in old_lines[a1 + len(pairs) : a2]]
        rows += [marked("ins", line.split()) for line in new_lines[b1 + len(pairs) : b2]]
    return rows


def comparisons(document) -> list[Comparison]:
    """Every pair of versions, so that any two can be compared without JavaScript."""
    found = []
    for newer in document.versions:
        for older in document.versions:
            if older.number < newer.number:
                url = f"{document.url}porownanie/{older.number}-{newer.number}/"
                found.append(Comparison(older, newer, url, f"{url}index.html"))
    return found
