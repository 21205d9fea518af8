"""Polish typography: no line break after one-letter words, inside "17 KB" or "12 maja"; dates and numbers."""

import os
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from jinja2 import DictLoader, Environment
from markdown import Markdown
from markupsafe import Markup

from plugins.core.polish import NBSP, bind_single_letter_words, typeset
from plugins.typography import (
    TEMPLATE_EXTENSION,
    PolishTypographyExtension,
    date_pl,
    number_pl,
    typeset_printed,
)


def render(text: str) -> str:
    return Markdown(extensions=[PolishTypographyExtension()]).convert(text)


def test_single_letter_words_are_bound_to_the_next_word():
    assert bind_single_letter_words("Spotkanie w urzędzie i w szkole") == (
        f"Spotkanie w{NBSP}urzędzie i{NBSP}w{NBSP}szkole"
    )
    assert bind_single_letter_words("Z okazji A nie Z") == f"Z{NBSP}okazji A{NBSP}nie Z"


def test_words_ending_in_a_letter_are_untouched():
    assert bind_single_letter_words("woda i prąd") == f"woda i{NBSP}prąd"
    assert bind_single_letter_words("e-mail a") == "e-mail a"


def test_markdown_text_is_bound_but_code_urls_and_attributes_are_not():
    html = render("Idź w [stronę](http://x.pl/a w) i `w a` oraz ![a w](/a.png)\n\n    kod w bloku\n")
    assert f"Idź w{NBSP}" in html
    assert f"i{NBSP}<code>w a</code>" in html
    assert 'href="http://x.pl/a w"' in html or 'href="http://x.pl/a%20w"' in html
    assert 'alt="a w"' in html
    assert "kod w bloku" in html


def test_text_split_by_inline_markup_is_bound_too():
    assert f"w{NBSP}<strong>Wąchocku</strong>" in render("Festyn w **Wąchocku**")


def test_printed_values_are_escaped_and_typeset_but_markup_is_left_alone():
    assert render_template("{{ value }}", value="Rock & roll w <b>") == f"Rock &amp; roll w{NBSP}&lt;b&gt;"
    markup = Markup('<a title="w domu">w lesie</a>')
    assert render_template("{{ value }}", value=markup) == str(markup)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Plik PDF, 17 KB", "Plik PDF, 17~KB"),
        ("Zebranie 12 maja 2026 r. o godz. 17:00", "Zebranie 12~maja 2026~r. o~godz.~17:00"),
        ("Koszt: 300 tys. zł", "Koszt: 300~tys.~zł"),
        ("Dotacja 1,5 mln zł na 2 km drogi", "Dotacja 1,5~mln~zł na 2~km drogi"),
        ("Urząd, ul. Wielkowiejska 1, pokój nr 12", "Urząd, ul.~Wielkowiejska 1, pokój nr~12"),
        ("Wąchock – miasto", "Wąchock~– miasto"),
        ("art. 20 ust. 1b ustawy", "art.~20 ust.~1b ustawy"),
        ("10 marca", "10~marca"),
        # no unit or month after the number: nothing to bind
        ("Rok 2026 był dobry", "Rok 2026 był dobry"),
        ("5 mandatów, 3 maszyny", "5 mandatów, 3 maszyny"),
    ],
)
def test_typeset_binds_numbers_units_months_and_abbreviations(text, expected):
    assert typeset(text) == expected.replace("~", NBSP)


def render_template(source: str, **variables) -> str:
    """Rendered as the site's templates are: autoescaped, literal text and printed values typeset."""
    environment = Environment(
        loader=DictLoader({"page.html": source, "feed.xml": source}),
        extensions=[TEMPLATE_EXTENSION],
        autoescape=True,
        finalize=typeset_printed,
    )
    return environment.get_template("page.html").render(**variables)


def test_template_text_is_typeset_at_compile_time_but_never_inside_tags():
    html = render_template(
        '<p class="a w" title="w domu">Pliki w {{ where }} i <a href="/x?a w" data-x="{{ v }} w z">z BIP</a></p>',
        where="urzędzie",
        v="1",
    )
    assert f"Pliki w{NBSP}urzędzie i{NBSP}<a" in html
    assert f">z{NBSP}BIP</a>" in html
    assert 'class="a w" title="w domu"' in html and 'href="/x?a w"' in html and 'data-x="1 w z"' in html


def test_only_html_templates_are_typeset():
    environment = Environment(loader=DictLoader({"feed.xml": "w domu"}), extensions=[TEMPLATE_EXTENSION])
    assert environment.get_template("feed.xml").render() == "w domu"


def test_pdf_text_versions_are_typeset(tmp_path):
    from plugins.core.attachments import Attachment

    attachment = Attachment(
        "a.pdf", "a.pdf", "a.pdf", "a.pdf", 17 * 1024, pages=["Termin do\n12 maja\n\nKoszt 300 tys. zł"]
    )
    assert attachment.size_text == f"17{NBSP}KB"
    assert attachment.page_paragraphs == [["Termin do 12 maja", "Koszt 300 tys. zł"]]
    html = render_template(
        "{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}", paragraphs=attachment.page_paragraphs[0]
    )
    assert html == f"<p>Termin do 12{NBSP}maja</p><p>Koszt 300{NBSP}tys.{NBSP}zł</p>"


def test_polish_dates_and_numbers():
    assert date_pl(datetime(2024, 9, 14)) == f"14{NBSP}września 2024"
    assert number_pl(1842828) == f"1{NBSP}842{NBSP}828"
    assert number_pl(-12.345, 1) == "-12,3"


def test_a_markdown_table_scrolls_in_its_own_named_focusable_region():
    import markdown

    from plugins.typography import PolishTypographyExtension

    html = markdown.markdown(
        "| Miejscowość | Termin |\n|---|---|\n| Parszów | 12 maja |\n",
        extensions=["extra", PolishTypographyExtension()],
    )
    soup = BeautifulSoup(html, "html.parser")
    region = soup.find("table").parent
    assert region.name == "div" and region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-label"] == "Tabela: Miejscowość, Termin"


# Never laid out in lines (title: the browser's tab), or printed as written.
UNSET_ELEMENTS = ["title", "script", "style", "code", "pre", "kbd", "samp"]


def untypeset_text(html: str) -> list[str]:
    """Text of a published page where a line could still break against Polish typography."""
    from bs4 import Comment, Doctype

    soup = BeautifulSoup(html, "html.parser")
    found = []
    for text in soup.find_all(string=True):
        if isinstance(text, (Comment, Doctype)) or text.find_parent(UNSET_ELEMENTS):
            continue
        if typeset(str(text)) != str(text):
            found.append(" ".join(str(text).split()))
    return found


def test_every_published_page_of_the_demo_is_typeset(demo_site):
    pages_by_text = {}
    for folder, _, files in os.walk(demo_site):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    for text in untypeset_text(handle.read()):
                        pages_by_text.setdefault(text, os.path.relpath(path, demo_site))
    assert not pages_by_text, "\n".join(f"{page}: {text!r}" for text, page in sorted(pages_by_text.items()))


def test_the_published_page_check_finds_a_break_after_a_one_letter_word():
    assert untypeset_text("<p>Zebranie w <a href='/x'>świetlicy</a>, 12 maja</p><code>w a</code>") == [
        "Zebranie w",
        ", 12 maja",
    ]


@pytest.mark.parametrize(
    "text, linked",
    [
        ("Zgłoszenia: tel. 41 273 61 00 wew. 30.", [("41 273 61 00", "tel:+48412736100")]),
        (
            "Dzwoń: +48 41 273 61 00 albo (41) 273-61-05.",
            [("+48 41 273 61 00", "tel:+48412736100"), ("(41) 273-61-05", "tel:+48412736105")],
        ),
        ("Sołtys: *pilnie* 600 123 456, po 16:00.", [("600 123 456", "tel:+48600123456")]),
        ("Koszt 123 456 789 zł brutto.", []),  # an amount
        ("REGON 291009337, NIP 664-000-00-00.", []),  # identifiers, not phones
        ("Konto 40 8523 0004 0000 0039 2000 0040.", []),  # part of a longer number
        ("Kod 27-215 Wąchock, dnia 2026-12-07.", []),
        ("`41 273 61 00`", []),  # code is left as written
    ],
)
def test_phone_numbers_in_text_become_tel_links_and_nothing_else_does(text, linked):
    page = BeautifulSoup(render(text), "html.parser")
    found = [(" ".join(link.get_text().split()), link["href"]) for link in page.find_all("a")]
    assert found == linked


def test_a_number_already_in_a_link_is_not_linked_again():
    page = BeautifulSoup(render("[41 273 61 00](tel:+48412736100) i [urząd](https://wachock.pl/)"), "html.parser")
    assert [link["href"] for link in page.find_all("a")] == ["tel:+48412736100", "https://wachock.pl/"]


def test_the_extension_reads_the_same_in_every_process():
    """Its repr is part of the reading caches' fingerprint: a memory address would make every build cold."""
    assert repr(PolishTypographyExtension()) == repr(PolishTypographyExtension()) == "PolishTypographyExtension()"
