"""The town's facts as data files the office edits (YAML under content/dane/), validated like content.

Each file declares its keys once (`Entry`); `read_data_file` returns the data, with phones as
`Phone(display, href)`, and every problem with `file:line` and what to write instead, in Polish.
"""

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from stdnum import iban
from stdnum.pl import nip, regon

from .discovery import display_path
from .files import Limits, asset_problem, resolve_reference
from .problems import Problem
from .session import session_of
from .text import read_source

DATA_FOLDER = "dane"
PHONE = re.compile(r"^\+48(?: ?\d){9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SITE_PATH = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*/)*$")
KINDS = (
    "text",
    "phone",
    "email",
    "date",
    "datetime",
    "slug",
    "site_path",
    "choice",
    "list",
    "mapping",
    "number",
    "epuap",
    "edelivery",
    "url",
    "nip",
    "regon",
    "bank_account",
    "short_phone",
    "content_file",
)
# Numbers residents dial without an area code: 112, the 99x services, 19xxx and 116xxx lines.
SHORT_PHONE = re.compile(r"^(112|9\d\d|19\d{3}|116\d{3})$")


class TextScalarsConstructor(RoundTripConstructor):
    """Dates and numbers stay the text the office wrote: 2026-02-30 is a message with its line, not a
    crash while loading; a commit number 4385e19 is not the float 4.385e+22, nor 0123456 the int 123456.
    Each entry's kind then says what the text must be (a `number` is made an int after its check)."""


for _tag in ("timestamp", "int", "float"):
    TextScalarsConstructor.add_constructor(
        f"tag:yaml.org,2002:{_tag}", lambda constructor, node: constructor.construct_scalar(node)
    )


def yaml_reader() -> YAML:
    reader = YAML(typ="rt")
    reader.Constructor = TextScalarsConstructor
    return reader


@dataclass(frozen=True)
class Phone:
    display: str  # "41 273 61 00", as residents read it
    href: str  # "+48412736100", for tel: links

    def __str__(self) -> str:
        return self.display


class Record(dict):
    """A mapping read from a data file, with the line it starts on (for messages about it later)."""

    line: int = 1


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str = "text"
    required: bool = True
    entries: tuple["Entry", ...] = ()  # for list (of mappings) and mapping
    choices: tuple[str, ...] = ()
    example: str = ""  # a visible placeholder for messages
    # for list: a key (or keys, together) whose values may not repeat within the list
    unique: str | tuple[str, ...] | None = None
    item: "Entry | None" = None  # for a list of single values (e.g. e-mail addresses): each one's kind
    extensions: tuple[str, ...] = ()  # for content_file: the file types it may name

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown data kind {self.kind!r} for {self.name}")


def bank_account_of(text: str) -> str:
    """A Polish account (NRB) as printed on payment slips: 2 digits and six groups of 4."""
    digits = iban.compact(text).removeprefix("PL")
    return " ".join([digits[:2], *(digits[index : index + 4] for index in range(2, 26, 4))])


# Checksum validators from python-stdnum, so a mistyped digit stops the build instead of
# sending residents' payments or letters to the wrong number.
CHECKSUMS = {
    "nip": (
        nip.is_valid,
        nip.format,
        "NIP to 10 cyfr, np. „664-000-00-00”; sprawdź cyfry, suma kontrolna się nie zgadza",
    ),
    "regon": (regon.is_valid, regon.compact, "REGON to 9 albo 14 cyfr; sprawdź cyfry, suma kontrolna się nie zgadza"),
    "bank_account": (
        lambda text: iban.is_valid("PL" + iban.compact(text).removeprefix("PL")),
        bank_account_of,
        "numer konta to 26 cyfr (np. „40 8523 0004 0000 0039 2000 0040”); sprawdź cyfry, suma kontrolna się nie zgadza",
    ),
}


def phone_of(text: str) -> Phone:
    digits = re.sub(r"\D", "", text)[2:]
    groups = (
        (digits[:3], digits[3:6], digits[6:])
        if digits[0] in "5678"
        else (digits[:2], digits[2:5], digits[5:7], digits[7:])
    )
    return Phone(" ".join(groups), f"+48{digits}")


class DataReader:
    def __init__(self, shown_as: str, content_root: str = ""):
        self.shown_as = shown_as
        self.content_root = content_root
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown_as, line + 1, message))

    def mapping(self, node, entries: tuple[Entry, ...], line: int, where: str) -> dict:
        if not hasattr(node, "items"):
            self.problem(line, f"{where}: tu powinny być wiersze „pole: wartość”. Sprawdź wcięcia.")
            return {}
        known = {entry.name: entry for entry in entries}
        result = Record()
        result.line = line + 1
        for key, value in node.items():
            key_line = node.lc.key(key)[0]
            if key not in known:
                self.unknown_key(key_line, str(key), list(known))
                continue
            result[key] = self.value(value, known[key], key_line)
        for entry in entries:
            if entry.required and entry.name not in node:
                example = f" (np. „{entry.name}: {entry.example}”)" if entry.example else ""
                self.problem(line, f"{where}: brak wymaganego pola „{entry.name}”. Dopisz je{example}.")
            elif entry.name not in node:
                # Every declared field exists, so templates ask for an optional one without a guard.
                result[entry.name] = [] if entry.kind == "list" else Record() if entry.kind == "mapping" else ""
        return result

    def unknown_key(self, line: int, key: str, allowed: list[str]) -> None:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" Czy chodziło o „{close[0]}”?" if close else ""
        self.problem(line, f"nieznane pole „{key}”.{hint} Dozwolone pola: {', '.join(allowed)}.")

    def check_unique(self, entry: Entry, nodes, items: list[dict]) -> None:
        if not entry.unique:
            return
        keys = (entry.unique,) if isinstance(entry.unique, str) else entry.unique
        seen = {}
        for index, item in enumerate(items):
            value = tuple(str(item.get(key) or "") for key in keys)
            if value in seen:
                shown = ", ".join(f"{key}: {part}" for key, part in zip(keys, value, strict=True))
                self.problem(
                    nodes.lc.item(index)[0],
                    f"„{shown}” jest już w elemencie {seen[value] + 1} tej listy; "
                    "każdy element potrzebuje innej wartości.",
                )
            elif all(value):
                seen[value] = index

    def value(self, value, entry: Entry, line: int):
        if value is None and not entry.required:
            # An optional field left empty shows nothing.
            return [] if entry.kind == "list" else Record() if entry.kind == "mapping" else ""
        if entry.kind == "mapping":
            return self.mapping(value, entry.entries, line, f"„{entry.name}”")
        if entry.kind == "list":
            if not isinstance(value, list):
                self.problem(line, f"„{entry.name}” powinno być listą: każdy element w nowym wierszu od „- ”.")
                return []
            if entry.item is not None:
                return [self.value(item, entry.item, value.lc.item(index)[0]) for index, item in enumerate(value)]
            items = [
                self.mapping(item, entry.entries, value.lc.item(index)[0], f"„{entry.name}”, element {index + 1}")
                for index, item in enumerate(value)
            ]
            self.check_unique(entry, value, items)
            return items
        if value is None or isinstance(value, (list, dict)):
            self.problem(
                line,
                f"„{entry.name}” powinno mieć jedną wartość w tym samym wierszu (np. „{entry.name}: {entry.example}”).",
            )
            return ""
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        return self.scalar(text, entry, line)

    def content_file(self, text: str, entry: Entry, line: int) -> str:
        relative, reason = content_file_problem(self.content_root, text, entry.extensions)
        if reason:
            self.problem(
                line,
                f"„{entry.name}: {text}”: {reason}. Podaj ścieżkę pliku w folderze content/, np. „{entry.example}”.",
            )
        return relative

    def scalar(self, text: str, entry: Entry, line: int):
        checks = {
            "phone": (PHONE, "numer telefonu zapisz jako +48 i dziewięć cyfr, np. „+48 41 000 00 00”"),
            "email": (EMAIL, "adres e-mail zapisz jako nazwa@domena.pl"),
            "date": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "datę zapisz jako RRRR-MM-DD"),
            "datetime": (
                re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2})?$"),
                "datę zapisz jako RRRR-MM-DD albo RRRR-MM-DD GG:MM",
            ),
            "number": (re.compile(r"^[1-9]\d*$"), "wpisz liczbę całkowitą, np. 2"),
            "url": (
                re.compile(r"^https://[^\s/]+\.[^\s]+$"),
                "adres strony zapisz w całości, np. „https://www.example.pl/…”",
            ),
            "epuap": (re.compile(r"^/[^/\s]+/[^/\s]+$"), "adres skrytki ePUAP zapisz jak „/nazwaurzedu/SkrytkaESP”"),
            "edelivery": (
                re.compile(r"^AE:PL-\d{5}-\d{5}-[A-Z]{5}-\d{2}$"),
                "adres do e-Doręczeń zapisz jak „AE:PL-12345-67890-ABCDE-12”",
            ),
            "slug": (
                SLUG,
                "adres zapisz małymi literami bez polskich znaków, słowa łącz myślnikiem, np. „nazwa-kategorii”",
            ),
            "site_path": (
                SITE_PATH,
                "adres strony serwisu zapisz bez ukośnika na początku, z ukośnikiem na końcu, np. „aktualnosci/”",
            ),
        }
        if entry.kind in CHECKSUMS:
            is_valid, formatted, advice = CHECKSUMS[entry.kind]
            if not is_valid(text):
                self.problem(line, f"„{entry.name}: {text}”: {advice}.")
                return text
            return formatted(text)
        if entry.kind == "content_file":
            return self.content_file(text, entry, line)
        if entry.kind == "short_phone":
            if SHORT_PHONE.match(text.replace(" ", "")):
                return Phone(text.replace(" ", ""), text.replace(" ", ""))
            if not PHONE.match(text):
                self.problem(
                    line, f"„{entry.name}: {text}”: wpisz numer skrócony (np. „112”) albo +48 i dziewięć cyfr."
                )
                return text
            return phone_of(text)
        if entry.kind in checks and not checks[entry.kind][0].match(text):
            self.problem(line, f"„{entry.name}: {text}”: {checks[entry.kind][1]}.")
            return text
        if entry.kind == "choice" and text not in entry.choices:
            self.problem(line, f"„{entry.name}: {text}”: wybierz jedną z wartości: {', '.join(entry.choices)}.")
        if entry.kind in ("date", "datetime"):
            try:
                datetime.fromisoformat(text) if entry.kind == "datetime" else date.fromisoformat(text)
            except ValueError:
                self.problem(line, f"„{entry.name}: {text}”: nie ma takiego dnia.")
        if entry.kind == "phone":
            return phone_of(text)
        if entry.kind == "number" and text.isdigit():
            return int(text)
        if not text:
            self.problem(line, f"„{entry.name}” jest puste. Wpisz wartość (np. „{entry.example}”).")
        return text


def content_file_problem(root: str, text: str, extensions: tuple[str, ...]) -> tuple[str, str | None]:
    """(the path below content/, None) for a publishable file there, else (text, the Polish reason)."""
    path, reason = resolve_reference(root, root, text)
    if reason:
        return text, reason
    if not os.path.isfile(path):
        return text, "nie ma takiego pliku w folderze content/"
    extension = os.path.splitext(path)[1].lower()
    if extensions and extension not in extensions:
        return text, f"tu można podać tylko plik {' albo '.join(e.lstrip('.').upper() for e in extensions)}"
    problem = asset_problem(path, Limits())
    if problem:
        return text, problem
    return os.path.relpath(path, root).replace(os.sep, "/"), None


def read_data_file(path: str, shown_as: str, entries: tuple[Entry, ...]) -> tuple[dict, list[Problem]]:
    text, problem = read_source(path, shown_as)
    if problem:
        return {}, [problem]
    try:
        document = yaml_reader().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return {}, [
            Problem(
                shown_as,
                line,
                "błąd zapisu pliku danych: sprawdź wcięcia (spacje, nie tabulatory), dwukropek po nazwie pola "
                f"i cudzysłowy ({error.problem}).",
            )
        ]
    # Data files live in content/dane/: the files they name are looked for in content/.
    reader = DataReader(shown_as, os.path.dirname(os.path.dirname(os.path.abspath(path))))
    data = reader.mapping(document if document is not None else {}, entries, 0, "plik")
    return data, reader.problems


def data_file_path(settings: dict, name: str) -> str:
    return os.path.join(settings["PATH"], DATA_FOLDER, name)


def load_data(settings: dict, name: str, entries: tuple[Entry, ...]) -> tuple[dict, list[Problem]]:
    """A data file's content and problems, read once per build (and per version of the file)."""

    path = data_file_path(settings, name)
    if not os.path.isfile(path):
        shown = display_path(settings["PATH"], path)
        return {}, [Problem(shown, 1, f"brak pliku danych {shown}: przywróć go z historii repozytorium (git).")]
    status = os.stat(path)
    key = (path, status.st_size, status.st_mtime_ns, entries)
    loaded = session_of(settings).data_files
    if key not in loaded:
        loaded[key] = read_data_file(path, display_path(settings["PATH"], path), entries)
    return loaded[key]
