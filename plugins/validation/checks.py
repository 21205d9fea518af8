"""The rules every document is checked against, each returning Problems."""

import difflib
import os
import re
from datetime import datetime
from html.parser import HTMLParser

from .header import HeaderField, SourceDocument
from .report import Problem
from .schema import DocumentType, Field

DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$")
DATE_EXAMPLE = "RRRR-MM-DD albo RRRR-MM-DD GG:MM, np. 2024-05-14 albo 2024-05-14 09:30"
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "srcset", "data", "action", "formaction", "poster", "background"}
LOADING_ATTRIBUTES = {"src", "srcset", "data", "poster", "background"}
EXTERNAL_URL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"^\s*(javascript:|vbscript:|data:text/html)", re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"(?P<bang>!?)\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]*)")
MARKDOWN_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<url>\S+?)>?(\s|$)")
INTERNAL_REFERENCE = re.compile(r"\{(static|filename|attach)\}(?P<path>[^)\s\"'>]+)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")


def parse_local_date(value: str) -> datetime:
    """Parse a contract date (Europe/Warsaw wall time); ValueError if invalid."""
    value = value.strip()
    if not DATE_SHAPE.match(value):
        raise ValueError("shape")
    pattern = "%Y-%m-%d %H:%M" if " " in value else "%Y-%m-%d"
    return datetime.strptime(value, pattern)


def closest(name: str, candidates) -> str | None:
    by_lower = {c.lower(): c for c in candidates}
    matches = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[matches[0]] if matches else None


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def quoted_list(values) -> str:
    return ", ".join(f"„{v}”" for v in values)


class FieldCheck:
    """Checks one header field of one document against its declaration."""

    def __init__(self, document: SourceDocument, settings: dict, content_root: str):
        self.document = document
        self.settings = settings
        self.content_root = content_root

    def problem(self, line: int, message: str) -> Problem:
        return Problem(self.document.display_path, line, message)

    def run(self, declared: Field, found: HeaderField) -> list[Problem]:
        check = getattr(self, f"check_{declared.kind}")
        return check(declared, found)

    def check_text(self, declared, found):
        return []

    def check_integer(self, declared, found):
        if re.fullmatch(r"\d+", found.value):
            return []
        return [
            self.problem(
                found.line,
                f"pole „{declared.name}” musi być liczbą całkowitą, a jest „{found.value}”. "
                f"Wpisz samą liczbę, np. „{declared.name}: 12”.",
            )
        ]

    def check_date(self, declared, found):
        try:
            parse_local_date(found.value)
        except ValueError as error:
            if str(error) == "shape":
                reason = f"nieprawidłowy format daty „{found.value}”"
            else:
                reason = f"taka data nie istnieje: „{found.value}”"
            return [
                self.problem(
                    found.line,
                    f"{reason} w polu „{declared.name}”. Wpisz datę jako {DATE_EXAMPLE}.",
                )
            ]
        return []

    def allowed_values(self, declared) -> list[str]:
        return list(declared.choices(self.settings))

    def unknown_value(self, declared, found, value, allowed) -> Problem:
        hint = closest(value, allowed)
        suggestion = f" Czy chodziło o „{hint}”?" if hint else ""
        return self.problem(
            found.line,
            f"nieznana wartość „{value}” w polu „{declared.name}”.{suggestion} Dozwolone: {quoted_list(allowed)}.",
        )

    def check_choice(self, declared, found):
        allowed = self.allowed_values(declared)
        if found.value in allowed:
            return []
        return [self.unknown_value(declared, found, found.value, allowed)]

    def check_choices(self, declared, found):
        allowed = self.allowed_values(declared)
        return [
            self.unknown_value(declared, found, value, allowed)
            for value in split_list(found.value)
            if value not in allowed
        ]

    def check_list(self, declared, found):
        return []

    def resolve(self, declared, relative: str) -> str:
        base = os.path.dirname(self.document.path) if declared.relative_to == "document" else self.content_root
        return os.path.normpath(os.path.join(base, relative.lstrip("/")))

    def missing_file(self, declared, found, relative) -> Problem:
        where = "w folderze dokumentu" if declared.relative_to == "document" else "w folderze content/"
        return self.problem(
            found.line,
            f"nie ma pliku „{relative}” (pole „{declared.name}”). Sprawdź nazwę pliku "
            f"(wielkość liter ma znaczenie) albo dodaj plik {where}.",
        )

    def check_image(self, declared, found):
        if os.path.isfile(self.resolve(declared, found.value)):
            return []
        return [self.missing_file(declared, found, found.value)]

    def check_files(self, declared, found):
        return [
            self.missing_file(declared, found, relative)
            for relative in split_list(found.value)
            if not os.path.isfile(self.resolve(declared, relative))
        ]


def check_header(document: SourceDocument, document_type: DocumentType, settings, content_root):
    field_check = FieldCheck(document, settings, content_root)
    problems = []
    for duplicate in document.duplicates:
        problems.append(
            field_check.problem(
                duplicate.line,
                f"pole „{duplicate.name}” występuje w nagłówku drugi raz. Zostaw jeden wiersz „{duplicate.name}: …”.",
            )
        )
    for found in document.fields.values():
        declared = document_type.field_named(found.name)
        if declared is None:
            hint = closest(found.name, document_type.known_names)
            suggestion = f" Czy chodziło o „{hint}”?" if hint else ""
            problems.append(
                field_check.problem(
                    found.line,
                    f"nieznane pole „{found.name}” w nagłówku ({document_type.label}).{suggestion} "
                    f"Dozwolone pola: {', '.join(document_type.known_names)}.",
                )
            )
            continue
        if not found.value:
            if declared.required:
                problems.append(
                    field_check.problem(
                        found.line,
                        f"pole „{declared.name}” jest puste. Wpisz wartość po dwukropku, "
                        f"np. „{declared.name}: {declared.example or '…'}”.",
                    )
                )
            continue
        problems.extend(field_check.run(declared, found))
    for declared in document_type.fields:
        if declared.required and document.get(declared.name) is None:
            problems.append(
                field_check.problem(
                    1,
                    f"brak wymaganego pola „{declared.name}” ({document_type.label}). Dopisz na "
                    f"początku pliku wiersz „{declared.name}: {declared.example or '…'}”.",
                )
            )
        if declared.requires and document.value(declared.name) and not document.value(declared.requires):
            problems.append(missing_companion(field_check, document, declared, document_type))
    return problems


def missing_companion(field_check, document, declared, document_type) -> Problem:
    companion = document_type.field_named(declared.requires)
    purpose = f" ({companion.description})" if companion.description else ""
    return field_check.problem(
        document.get(declared.name).line,
        f"pole „{declared.name}” wymaga pola „{companion.name}”{purpose}. Dopisz wiersz "
        f"„{companion.name}: {companion.example or '…'}”.",
    )


class UnsafeHtmlFinder(HTMLParser):
    """Finds raw HTML that would run script or load from another host."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in FORBIDDEN_TAGS:  # one message per tag: its attributes go with it
            self.findings.append(
                (
                    line,
                    f"niedozwolony znacznik <{tag}>: strona nie może uruchamiać skryptów ani "
                    "osadzać cudzych stron. Usuń go; film lub mapę podlinkuj zwykłym odnośnikiem "
                    "[opis](adres).",
                )
            )
            return
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on"):
                self.findings.append(
                    (line, f"niedozwolony atrybut {name}= w znaczniku <{tag}> (uruchamia skrypt). Usuń go.")
                )
            elif name in URL_ATTRIBUTES and JAVASCRIPT_URL.match(value):
                self.findings.append(
                    (
                        line,
                        f"niedozwolony adres „{JAVASCRIPT_URL.match(value)[1]}…” w <{tag}>: adres nie może "
                        "uruchamiać skryptu. "
                        "Wpisz zwykły adres strony.",
                    )
                )
            elif name in LOADING_ATTRIBUTES and EXTERNAL_URL.match(value):
                self.findings.append((line, external_load_message(value)))

    handle_startendtag = handle_starttag


def external_load_message(url: str) -> str:
    return (
        f"obraz lub plik wczytywany z innego serwera („{url[:60]}”). Strona nie może niczego "
        "pobierać z cudzych serwerów: zapisz plik w content/images/ i wstaw go jako "
        "![opis]({static}/images/nazwa.jpg)."
    )


def masked_body_lines(body: str) -> list[str]:
    """The body with code blocks and inline code blanked, lines kept."""
    masked, in_fence = [], False
    for line in body.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
            masked.append("")
        elif in_fence or (line.startswith("    ") and not line.strip().startswith("<")):
            masked.append("")
        else:
            masked.append(INLINE_CODE.sub("", line))
    return masked


def check_body(document: SourceDocument, content_root: str) -> list[Problem]:
    lines = masked_body_lines(document.body)
    offset = document.body_first_line - 1
    findings: list[tuple[int, str]] = []
    finder = UnsafeHtmlFinder()
    finder.feed("\n".join(lines))
    finder.close()
    findings.extend(finder.findings)
    for number, line in enumerate(lines, start=1):
        urls = [(m["bang"] == "!", m["url"]) for m in MARKDOWN_LINK.finditer(line)]
        reference = MARKDOWN_REFERENCE.match(line)
        if reference:
            urls.append((False, reference["url"]))
        for is_image, url in urls:
            if JAVASCRIPT_URL.match(url):
                findings.append(
                    (
                        number,
                        f"niedozwolony adres odnośnika „{JAVASCRIPT_URL.match(url)[1]}…” (uruchamia skrypt). "
                        "Wpisz zwykły adres strony.",
                    )
                )
            elif is_image and EXTERNAL_URL.match(url):
                findings.append((number, external_load_message(url)))
        for reference in INTERNAL_REFERENCE.finditer(line):
            relative = reference["path"].split("#")[0]
            base = content_root if relative.startswith("/") else os.path.dirname(document.path)
            if not os.path.isfile(os.path.join(base, relative.lstrip("/"))):
                findings.append(
                    (
                        number,
                        f"odnośnik do nieistniejącego pliku „{relative}”. Sprawdź nazwę pliku "
                        "(wielkość liter ma znaczenie) albo dodaj plik do folderu content/.",
                    )
                )
    return [Problem(document.display_path, offset + line, message) for line, message in findings]
