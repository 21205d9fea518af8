"""The office's data files (content/dane/*.yaml): validated with file:line, shown on the site."""

import os

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import build_site, copy_fixture_content, words, write_file
from tests.test_gate import (
    previous_output,  # noqa: F401
    refused_build,
)


def replace_in(content: str, relative: str, old: str, new: str) -> None:
    path = os.path.join(content, relative)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text, f"{old!r} not in {relative}"
    write_file(content, relative, text.replace(old, new, 1))


def line_of(content: str, relative: str, fragment: str) -> int:
    with open(os.path.join(content, relative), encoding="utf-8") as handle:
        return next(number for number, line in enumerate(handle, start=1) if fragment in line)


# (file, text to replace, replacement, line marker in the new file, message fragment)
BAD_DATA = {
    "unknown key with a suggestion": (
        "dane/urzad.yaml", "phone: +48", "telefon: +48", "telefon:", "nieznane pole „telefon”"
    ),
    "phone not +48 and nine digits": (
        "dane/urzad.yaml", "phone: +48 41 273 61 00", "phone: 41 273 61", "phone:", "+48 i dziewięć cyfr"
    ),
    "bad e-mail": (
        "dane/urzad.yaml", "email: sekretariat@wachock.pl", "email: sekretariat", "email:", "nazwa@domena.pl"
    ),
    "tab indentation": (
        "dane/nawigacja.yaml", "  - title: Urząd\n", "\t- title: Urząd\n", "\t- title", "sprawdź wcięcia"
    ),
    "menu address with a leading slash": (
        "dane/nawigacja.yaml", "url: kontakt/", "url: /kontakt", "url: /kontakt", "bez ukośnika na początku"
    ),
    "two categories with one slug": (
        "dane/bip.yaml", "    slug: rada-miejska", "    slug: urzad", "- title: Rada Miejska", "„slug: urzad” jest już"
    ),
    "category slug with Polish letters": (
        "dane/bip.yaml", "slug: rada-miejska", "slug: rada-miejska-ąę", "slug: rada-miejska-ąę", "bez polskich znaków"
    ),
    "statement date that does not exist": (
        "dane/dostepnosc.yaml", "updated: 2026-11-23", "updated: 2026-02-30", "updated:", "nie ma takiego dnia"
    ),
    "statement status outside the law's three": (
        "dane/dostepnosc.yaml", "status: częściowo zgodna", "status: prawie zgodna", "status: prawie", "wybierz jedną"
    ),
    "missing required key": ("dane/urzad.yaml", "city: Wąchock\n", "", None, "brak wymaganego pola „city”"),
    "NIP with a mistyped digit": (
        "dane/urzad.yaml", "nip: 6641000008", "nip: 6641000009", "nip:", "suma kontrolna się nie zgadza"
    ),
    "REGON too short": ("dane/urzad.yaml", "regon: 291009001", "regon: 29100900", "regon:", "REGON to 9 albo 14 cyfr"),
    "bank account with a mistyped digit": (
        "dane/urzad.yaml", "0039 2000 0040", "0039 2000 0041", "number: PL40", "numer konta to 26 cyfr"
    ),
    "emergency number that is not one": (
        "dane/urzad.yaml", "phone: 112", "phone: 11", "phone: 11", "numer skrócony (np. „112”)"
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_data_file_is_refused_with_file_line_and_polish_message(case, tmp_path, previous_output):  # noqa: F811
    relative, old, new, marker, message = BAD_DATA[case]
    found = {}

    def prepare(content):
        replace_in(content, relative, old, new)
        found["line"] = line_of(content, relative, marker) if marker else 1

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/{relative}:{found['line']}:"
    assert any(line.startswith(expected) and message in line for line in report), report


def test_missing_data_file_is_an_error_not_a_blank_footer(tmp_path, previous_output):  # noqa: F811
    report = refused_build(
        tmp_path, previous_output, lambda content: os.remove(os.path.join(content, "dane/urzad.yaml"))
    )
    assert any(line.startswith("content/dane/urzad.yaml:1: brak pliku danych") for line in report)


def test_office_data_and_editors_reach_the_pages(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    replace_in(content, "dane/urzad.yaml", "phone: +48 41 273 61 00", "phone: +48 601 234 567")
    replace_in(
        content,
        "dane/bip.yaml",
        "categories:",
        "  - name: Anna Nowak\n    role: zastępca redaktora\n    phone: +48 41 273 61 01\n"
        "    email: a.nowak@wachock.pl\ncategories:",
    )
    output = tmp_path / "output"
    build_site(content, str(output))
    footer = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser").footer
    phone = footer.find("a", href="tel:+48601234567")
    assert phone is not None and phone.get_text() == "601 234 567"
    editors = BeautifulSoup((output / "bip/redakcja-bip/index.html").read_text(encoding="utf-8"), "html.parser")
    assert editors.find("h2", string="Redaktorzy Biuletynu") is not None
    assert editors.find("a", href="tel:+48412736101").get_text() == "41 273 61 01"


def test_renaming_a_category_title_moves_nothing(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    replace_in(content, "dane/bip.yaml", "title: Prawo lokalne", "title: Akty prawa miejscowego")
    output = tmp_path / "output"
    build_site(content, str(output))
    page = (output / "bip/prawo-lokalne/index.html").read_text(encoding="utf-8")
    assert "Akty prawa miejscowego" in page
    assert not (output / "bip/akty-prawa-miejscowego").exists()


def test_contact_page_and_footer_show_the_offices_essentials_from_data(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    output = tmp_path / "output"
    build_site(content, str(output))
    page = BeautifulSoup((output / "kontakt/index.html").read_text(encoding="utf-8"), "html.parser")
    facts = {words(dt): words(dt.find_next_sibling("dd")) for dt in page.main.find_all("dt")}
    assert facts["NIP"] == "664-100-00-08" and facts["REGON"] == "291009001"
    assert facts["Podatki i opłaty lokalne"] == "40 8523 0004 0000 0039 2000 0040", "the account as on a payment slip"
    emergency = page.main.find("h2", id="telefony-alarmowe").find_next("ul")
    assert [a["href"] for a in emergency.find_all("a")] == ["tel:112", "tel:999"]
    department = page.main.find("strong", string="Urząd Stanu Cywilnego").parent
    assert department.find("a", href="tel:+48412736105") and department.find("a", href="mailto:usc@wachock.pl")
    assert page.main.find(string="Przystanek „Wąchock Rynek” jest 100\u00a0m od urzędu."), "typeset editors' text"
    footer = page.footer.get_text(" ", strip=True)
    assert "NIP: 664-100-00-08" in footer and "40 8523 0004 0000 0039 2000 0040" in footer and "112" in footer


def test_empty_contact_fields_print_nothing(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    replace_in(content, "dane/urzad.yaml", "nip: 6641000008", "nip:")
    replace_in(content, "dane/urzad.yaml", "regon: 291009001", "regon:")
    output = tmp_path / "output"
    build_site(content, str(output))
    html = (output / "kontakt/index.html").read_text(encoding="utf-8")
    assert "NIP" not in html and "REGON" not in html
