"""The rules every document is checked against, each returning Problems."""

import difflib
import os
import re

from pelican.utils import slugify

from plugins.core import (
    Limits,
    Problem,
    asset_problem,
    build_now,
    parse_local_date,
    resolve_reference,
    split_list,
)
from plugins.core.header import HeaderField, SourceDocument
from plugins.core.schema import PELICAN_FIELDS, DocumentType, Field

PELICAN_FIELD_KEYS = {name.lower() for name in PELICAN_FIELDS}

DATE_EXAMPLE = "RRRR-MM-DD albo RRRR-MM-DD GG:MM, np. 2024-05-14 albo 2024-05-14 09:30"
SLUG_SHAPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IMAGE_FIELD_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg")
# Fields Pelican reads to decide where or how a page is written: an editor never needs them.
REFUSED_PELICAN_FIELDS = {
    "save_as": "wybiera plik, do którego zapisuje się strona, i mógłby nadpisać inną stronę",
    "url": "zmienia adres strony niezależnie od miejsca zapisu",
    "lang": "zapisuje stronę pod innym adresem jako tłumaczenie",
    "translation": "zapisuje stronę pod innym adresem jako tłumaczenie",
}
# The Polish names editors reach for, and the field they mean.
POLISH_FIELD_NAMES = {
    "tytuł": "Title",
    "tytul": "Title",
    "data": "Date",
    "kategoria": "Category",
    "grupy": "Groups",
    "grupa": "Groups",
    "zdjęcie": "Image",
    "zdjecie": "Image",
    "obraz": "Image",
    "obrazek": "Image",
    "opis": "Summary",
    "streszczenie": "Summary",
    "podsumowanie": "Summary",
    "tagi": "Tags",
    "załączniki": "Attachments",
    "załącznik": "Attachments",
    "zalaczniki": "Attachments",
    "numer": "Number",
    "okładka": "Cover",
    "okladka": "Cover",
    "adres": "Slug",
    "rodzic": "Parent",
    "zmieniono": "Modified",
    "zmiana": "Modified",
    "wydanie": "Issue",
}


def closest(name: str, candidates) -> str | None:
    translated = POLISH_FIELD_NAMES.get(name.lower())
    if translated and translated in candidates:
        return translated
    by_lower = {c.lower(): c for c in candidates}
    matches = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[matches[0]] if matches else None


def quoted_list(values) -> str:
    return ", ".join(f"„{v}”" for v in values)


class FieldCheck:
    """Checks one header field of one document against its declaration."""

    def __init__(self, document: SourceDocument, settings: dict, content_root: str, config: dict):
        self.document = document
        self.settings = settings
        self.content_root = content_root
        self.config = config
        self.limits = Limits(
            max_file_bytes=config["max_file_megabytes"] * 1024 * 1024,
            max_image_pixels=config["max_image_pixels"],
        )
        self.referenced: list[str] = []  # absolute paths of files the fields point at

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
            value = parse_local_date(found.value)
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
        earliest, latest = self.config["earliest_year"], build_now(self.settings).year + self.config["years_ahead"]
        if not earliest <= value.year <= latest:
            return [
                self.problem(
                    found.line,
                    f"rok {value.year} w polu „{declared.name}” jest nieprawdopodobny: strona przyjmuje daty "
                    f"od {earliest} do {latest} roku. Sprawdź, czy w roku nie ma literówki.",
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

    def base_folder(self, declared) -> str:
        return os.path.dirname(self.document.path) if declared.relative_to == "document" else self.content_root

    def missing_file(self, declared, found, relative) -> Problem:
        where = "w folderze dokumentu" if declared.relative_to == "document" else "w folderze content/"
        return self.problem(
            found.line,
            f"nie ma pliku „{relative}” (pole „{declared.name}”). Sprawdź nazwę pliku "
            f"(wielkość liter ma znaczenie) albo dodaj plik {where}.",
        )

    def check_one_file(self, declared, found, relative: str, image: bool = False) -> list[Problem]:
        path, reason = resolve_reference(self.content_root, self.base_folder(declared), relative)
        if path is None:
            return [
                self.problem(
                    found.line,
                    f"plik „{relative}” w polu „{declared.name}”: {reason}. Wskaż plik leżący w folderze "
                    "content/, np. nazwa-pliku.pdf w folderze dokumentu.",
                )
            ]
        if not os.path.isfile(path):
            return [self.missing_file(declared, found, relative)]
        if image and not path.lower().endswith(IMAGE_FIELD_EXTENSIONS):
            return [
                self.problem(
                    found.line,
                    f"plik „{relative}” w polu „{declared.name}” nie jest obrazem. "
                    "Wskaż plik JPEG, PNG, WebP albo SVG.",
                )
            ]
        self.referenced.append(path)
        problem = asset_problem(path, self.limits)
        return [self.problem(found.line, f"pole „{declared.name}”: {problem}")] if problem else []

    def check_image(self, declared, found):
        return self.check_one_file(declared, found, found.value, image=True)

    def check_files(self, declared, found):
        problems = []
        names = split_list(found.value)
        for relative in names:
            problems.extend(self.check_one_file(declared, found, relative))
        by_name: dict[str, list[str]] = {}
        for relative in names:
            by_name.setdefault(os.path.basename(relative).lower(), []).append(relative)
        for clashing in by_name.values():
            if len(clashing) > 1:
                problems.append(
                    self.problem(
                        found.line,
                        f"pliki {quoted_list(clashing)} w polu „{declared.name}” mają tę samą nazwę i zostałyby "
                        "opublikowane pod jednym adresem. Zmień nazwę jednego z nich.",
                    )
                )
        return problems

    def check_pelican_field(self, found) -> list[Problem]:
        """Save_as, Url, Lang, Translation are refused; Template only names a configured template."""
        key = found.name.lower()
        if key in REFUSED_PELICAN_FIELDS:
            return [
                self.problem(
                    found.line,
                    f"pole „{found.name}” jest niedozwolone: {REFUSED_PELICAN_FIELDS[key]}. Usuń ten wiersz; "
                    "adres strony zmienisz polem „Slug: adres-strony”.",
                )
            ]
        if key == "template" and found.value not in self.config["templates"]:
            allowed = quoted_list(self.config["templates"]) or "żadnych"
            return [
                self.problem(
                    found.line,
                    f"nieznany szablon „{found.value}” w polu „Template”. Dozwolone: {allowed}. "
                    "Zwykle wystarczy usunąć ten wiersz.",
                )
            ]
        if key == "slug" and not SLUG_SHAPE.match(found.value):
            return [
                self.problem(
                    found.line,
                    f"niepoprawny adres „{found.value}” w polu „Slug”: wolno używać tylko małych liter bez polskich "
                    "znaków, cyfr i pojedynczych myślników, bez ukośników. Wpisz np. „Slug: adres-strony”.",
                )
            ]
        return []


def field_order_problems(field_check: "FieldCheck", document: SourceDocument, document_type: DocumentType):
    """Declared orderings between date fields (Produced_date not after Date, Alert_until not before it)."""
    problems = []
    for declared in document_type.fields:
        if not (declared.not_after or declared.not_before) or document.get(declared.name) is None:
            continue
        other_name = declared.not_after or declared.not_before
        if document.get(other_name) is None:
            continue
        try:
            value = parse_local_date(document.value(declared.name))
            other = parse_local_date(document.value(other_name))
        except ValueError:
            continue  # the date rule itself reports a bad date
        if declared.not_after and value.date() > other.date():
            relation = f"późniejsza niż „{other_name}”"
        elif declared.not_before and value < other:
            relation = f"wcześniejsza niż „{other_name}”"
        else:
            continue
        problems.append(
            field_check.problem(
                document.get(declared.name).line,
                f"data w polu „{declared.name}” ({document.value(declared.name)}) jest {relation} "
                f"({document.value(other_name)}). Sprawdź obie daty.",
            )
        )
    return problems


def automatic_slug_problem(field_check, document: SourceDocument, settings: dict) -> Problem | None:
    """A title of emoji or invisible characters gives no address: the page would overwrite another."""
    title = document.get("title")
    if document.get("slug") is not None or title is None or not title.value:
        return None
    if slugify(title.value, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"]):
        return None
    return field_check.problem(
        title.line,
        "z tytułu nie da się utworzyć adresu strony (same znaki specjalne lub emotikony). Dopisz wiersz "
        "„Slug: adres-strony” z adresem z małych liter i myślników.",
    )


def check_header(document: SourceDocument, document_type: DocumentType, settings, content_root, config):
    """Problems of the header, and the files its fields point at."""
    field_check = FieldCheck(document, settings, content_root, config)
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
        if declared.name.lower() in PELICAN_FIELD_KEYS or declared.name == "Slug":
            problems.extend(field_check.check_pelican_field(found))
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
    problems.extend(field_order_problems(field_check, document, document_type))
    slug_problem = automatic_slug_problem(field_check, document, settings)
    if slug_problem:
        problems.append(slug_problem)
    return problems, field_check.referenced


def missing_companion(field_check, document, declared, document_type) -> Problem:
    companion = document_type.field_named(declared.requires)
    purpose = f" ({companion.description})" if companion.description else ""
    return field_check.problem(
        document.get(declared.name).line,
        f"pole „{declared.name}” wymaga pola „{companion.name}”{purpose}. Dopisz wiersz "
        f"„{companion.name}: {companion.example or '…'}”.",
    )
