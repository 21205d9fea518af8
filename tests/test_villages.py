"""Sołectwa (plugins/villages): the sołtys and the village's news on its page; pages and data agree."""

import os

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import build_site, copy_fixture_content, words, write_file
from tests.test_gate import (
    previous_output,  # noqa: F401
    refused_build,
)
from tests.test_town import line_of, replace_in

SECOND_VILLAGE = """  - name: Parszów
    slug: solectwo-parszow
    group: Parszów
    soltys: Jan Kowalski
"""
PARSZOW_PAGE = "Title: Sołectwo Parszów\nSlug: solectwo-parszow\nParent: solectwa\n\nParszów to wieś.\n"


def soup_of(output, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def two_villages(tmp_path_factory):
    base = tmp_path_factory.mktemp("villages")
    content = copy_fixture_content(str(base))
    with open(os.path.join(content, "dane/solectwa.yaml"), "a", encoding="utf-8") as handle:
        handle.write(SECOND_VILLAGE)
    write_file(content, "pages/parszow.md", PARSZOW_PAGE)
    build_site(content, str(base / "output"))
    return base / "output"


def test_a_village_page_names_its_soltys_and_links_to_the_villages_news_and_feed(two_villages):
    page = soup_of(two_villages, "solectwo-marcinkow/index.html").main
    section = page.find("section", attrs={"aria-labelledby": "soltys"})
    assert words(section.find("p", class_="village__soltys")) == "Anna Nowak"
    assert section.find("a", href="tel:+48601234567").get_text() == "601 234 567"
    assert section.find("a", href="mailto:solectwo.marcinkow@wachock.pl")
    news = section.find("a", string=lambda text: text and "Wiadomości dla miejscowości" in text)
    feed = section.find("a", href=lambda href: href and href.endswith("rss.xml"))
    assert (two_villages / news["href"].strip("/") / "index.html").is_file()
    assert "<rss" in (two_villages / feed["href"].strip("/")).read_text(encoding="utf-8")
    assert news["href"] == "/aktualnosci/grupa/marcinkow/"


def test_optional_contact_fields_left_empty_print_nothing(two_villages):
    section = soup_of(two_villages, "solectwo-parszow/index.html").main.find("section", class_="village")
    assert words(section.find("p", class_="village__soltys")) == "Jan Kowalski"
    assert section.find("a", href=lambda href: href and href.startswith(("tel:", "mailto:"))) is None


def test_the_villages_page_and_the_home_page_tell_the_number_the_data_has(two_villages):
    index = soup_of(two_villages, "solectwa/index.html").main
    assert words(index.find("p", class_="lead")) == "Gmina ma 2 sołectwa."
    tiles = [a["href"] for a in index.find("ul", class_="tiles").find_all("a")]
    assert tiles == ["/solectwo-marcinkow/", "/solectwo-parszow/"], "each listed once, in the data's order"
    home = soup_of(two_villages, "index.html").main
    chips = home.find("h2", id="solectwa").find_next("ul").find_all("a")
    assert [(words(a), a["href"]) for a in chips] == [
        ("Marcinków", "/solectwo-marcinkow/"),
        ("Parszów", "/solectwo-parszow/"),
    ]
    # The other groups in a row of their own: no village named twice, leading to two places.
    groups = home.find("h2", id="grupy").find_next("ul").find_all("a")
    names = [words(a) for a in groups]
    assert "Zagrożenie powodziowe" in names and not {"Marcinków", "Parszów"} & set(names)


def test_a_village_in_the_data_without_a_page_is_refused(tmp_path, previous_output):  # noqa: F811
    found = {}

    def prepare(content):
        with open(os.path.join(content, "dane/solectwa.yaml"), "a", encoding="utf-8") as handle:
            handle.write(SECOND_VILLAGE)
        found["line"] = line_of(content, "dane/solectwa.yaml", "- name: Parszów")

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/dane/solectwa.yaml:{found['line']}: sołectwo „Parszów” nie ma strony"
    assert any(line.startswith(expected) and "Slug: solectwo-parszow" in line for line in report), report


def test_a_village_page_missing_from_the_data_is_refused(tmp_path, previous_output):  # noqa: F811
    report = refused_build(tmp_path, previous_output, lambda content: write_file(content, "pages/p.md", PARSZOW_PAGE))
    assert any(
        line.startswith("content/pages/p.md:2: strona sołectwa „Sołectwo Parszów” nie ma wpisu w content/dane/solectwa")
        for line in report
    ), report


def test_an_unknown_information_group_is_refused_with_its_line(tmp_path, previous_output):  # noqa: F811
    found = {}

    def prepare(content):
        replace_in(content, "dane/solectwa.yaml", "group: Marcinków", "group: Marcinkow")
        found["line"] = line_of(content, "dane/solectwa.yaml", "- name: Marcinków")

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/dane/solectwa.yaml:{found['line']}: „group: Marcinkow”: nie ma takiej grupy"
    assert any(line.startswith(expected) for line in report), report


def test_a_village_slug_pointing_at_a_page_outside_the_villages_is_refused(tmp_path, previous_output):  # noqa: F811
    found = {}

    def prepare(content):
        replace_in(content, "dane/solectwa.yaml", "slug: solectwo-marcinkow", "slug: kontakt")
        found["line"] = line_of(content, "dane/solectwa.yaml", "- name: Marcinków")

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/dane/solectwa.yaml:{found['line']}: „slug: kontakt” to strona „Kontakt”, która nie jest"
    assert any(line.startswith(expected) for line in report), report
