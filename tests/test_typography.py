"""Polish typography: one-letter words never end a line; dates and numbers."""

from datetime import datetime

from bs4 import BeautifulSoup
from markdown import Markdown

from plugins.typography import (
    NBSP,
    PolishTypographyExtension,
    bind_single_letter_words,
    date_pl,
    number_pl,
    orphans,
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


def test_orphans_filter_escapes_before_binding():
    assert str(orphans("Rock & roll w <b>")) == f"Rock &amp; roll w{NBSP}&lt;b&gt;"


def test_polish_dates_and_numbers():
    assert date_pl(datetime(2024, 9, 14)) == "14 września 2024"
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
