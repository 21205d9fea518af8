"""Polish dates, numbers and typography as residents read them: "14 maja 2024", "1 842 828".

`typeset` applies the Polish rules for where a line may not break: after a one-letter word, between
a number and its unit or month, after an abbreviation such as "ul." or "nr", and before a dash.
"""

import functools
import re

NBSP = "\u00a0"
MONTHS_GENITIVE = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
    "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
)  # fmt: skip
MONTHS_NOMINATIVE = (
    "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec",
    "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień",
)  # fmt: skip


UNITS = (
    "KB", "MB", "GB", "kB", "zł", "gr", "tys.", "mln", "mld", "km", "m²", "m2", "m", "cm", "mm", "ha", "kg",
    "t", "l", "%", "r.", "w.", "os.", "osób", "szt.", "min", "godz.", "h", "°C", "proc.", "lat", "lata",
    *MONTHS_GENITIVE,
)  # fmt: skip
# Abbreviations that belong to the word or number after them.
BOUND_ABBREVIATIONS = (
    "ul.", "al.", "pl.", "os.", "nr", "godz.", "art.", "ust.", "pkt", "poz.", "par.", "dr", "mgr", "inż.",
    "prof.", "ks.", "św.", "im.", "tel.", "str.", "s.", "tj.", "np.", "ok.", "§", "Dz.", "U.",
)  # fmt: skip
SPACE = r"[ \t\r\n]+"  # a place where a line may break; a non-breaking space is not among them
SINGLE_LETTER_WORD = re.compile(r"(?<![\w\-])([aiouwzAIOUWZ])" + SPACE + r"(?=\S|\Z)")
NUMBER_BEFORE = re.compile(
    r"(\d(?:[\d\u00a0,.]*\d)?)"
    + SPACE
    + r"(?=(?:tys\.|mln|mld|"
    + "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
    + r")(?!\w))"
)
ABBREVIATION = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(word) for word in sorted(BOUND_ABBREVIATIONS, key=len, reverse=True))
    + r")"
    + SPACE
    + r"(?=\S)"
)
UNIT_AFTER_MULTIPLIER = re.compile(r"(?<![\w.])(tys\.|mln|mld)" + SPACE + r"(?=(?:zł|osób|km|ha|m²)(?!\w))")
TAG_EDGE = re.compile(r"[<>]")
DASH = re.compile(SPACE + r"(?=[–—](?:\s|$))")


def bind_single_letter_words(text: str) -> str:
    # Applied twice: in "a i o" the second pass catches what the first consumed.
    once = SINGLE_LETTER_WORD.sub(lambda m: m.group(1) + NBSP, text)
    return SINGLE_LETTER_WORD.sub(lambda m: m.group(1) + NBSP, once)


@functools.lru_cache(maxsize=1 << 16)
def typeset(text: str) -> str:
    """Plain text with non-breaking spaces where Polish typography forbids a line break.

    Remembered by its text (a pure function): every page prints the same menu, labels and names.
    """
    text = bind_single_letter_words(text)
    text = NUMBER_BEFORE.sub(lambda m: m.group(1) + NBSP, text)
    text = UNIT_AFTER_MULTIPLIER.sub(lambda m: m.group(1) + NBSP, text)
    text = ABBREVIATION.sub(lambda m: m.group(1) + NBSP, text)
    return DASH.sub(NBSP, text)


def typeset_markup(markup: str, inside_tag: bool) -> tuple[str, bool]:
    """Typesets the text between tags of an HTML fragment; returns it and whether it ends inside a tag."""
    pieces, start = [], 0
    for edge in TAG_EDGE.finditer(markup):
        piece = markup[start : edge.start()]
        pieces.append(piece if inside_tag else typeset(piece))
        pieces.append(edge.group())
        inside_tag = edge.group() == "<"
        start = edge.end()
    rest = markup[start:]
    pieces.append(rest if inside_tag else typeset(rest))
    return "".join(pieces), inside_tag


def date_pl(value) -> str:
    return f"{value.day}{NBSP}{MONTHS_GENITIVE[value.month - 1]} {value.year}"


WEEKDAYS = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela")


def weekday_pl(value) -> str:
    return WEEKDAYS[value.weekday()]


def day_month_pl(value) -> str:
    """5 grudnia"""
    return f"{value.day}{NBSP}{MONTHS_GENITIVE[value.month - 1]}"


def datetime_pl(value) -> str:
    return f"{date_pl(value)}, godz.{NBSP}{value.hour}:{value.minute:02d}"


def month_pl(month: int) -> str:
    return MONTHS_NOMINATIVE[month - 1]


def number_pl(value, decimals: int = 0) -> str:
    """1842828 -> "1 842 828" with non-breaking spaces, comma as decimal mark."""
    formatted = f"{value:,.{decimals}f}"
    return formatted.replace(",", NBSP).replace(".", ",")


def iso(value) -> str:
    """For <time datetime>: with the offset when the value is aware."""
    return value.isoformat(timespec="minutes") if hasattr(value, "hour") else value.isoformat()


def plural_pl(count: int, one: str, few: str, many: str) -> str:
    """The Polish plural form for a count: 1 plik, 2 pliki, 5 plików, 22 pliki, 112 plików."""
    if count == 1:
        return one
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return few
    return many


def count_pl(count: int, one: str, few: str, many: str) -> str:
    """A number with its noun in the right form: „1 dokument”, „3 dokumenty”, „5 dokumentów”."""
    return f"{number_pl(count)}\u00a0{plural_pl(count, one, few, many)}"
