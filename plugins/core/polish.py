"""Polish dates and numbers as residents read them: "14 maja 2024", "1 842 828"."""

NBSP = "\u00a0"
MONTHS_GENITIVE = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
    "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
)  # fmt: skip
MONTHS_NOMINATIVE = (
    "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec",
    "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień",
)  # fmt: skip


def date_pl(value) -> str:
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year}"


def datetime_pl(value) -> str:
    return f"{date_pl(value)}, godz. {value.hour}:{value.minute:02d}"


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
