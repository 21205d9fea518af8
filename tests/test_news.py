"""News and pages plugin logic, at generate_context() level."""

from bs4 import BeautifulSoup

from tests.sitebuild import SETTINGS_FILE, build_site, copy_fixture_content, generate_context, write_file
from wachock.build import load_settings


def articles_by_source(generators):
    articles = next(g for g in generators if hasattr(g, "articles")).articles
    return {a.source_path.rsplit("/", 1)[-1]: a for a in articles}


def test_same_titles_get_distinct_urls_in_date_order(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    _, generators = generate_context(content, str(tmp_path / "out"))
    articles = articles_by_source(generators)
    assert articles["komunikat-woda.md"].url == "aktualnosci/2024/komunikat/"  # earlier date
    assert articles["komunikat-prad.md"].url == "aktualnosci/2024/komunikat-2/"


def test_adding_an_unrelated_or_later_document_moves_no_url(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    _, generators = generate_context(content, str(tmp_path / "out1"))
    before = {name: a.url for name, a in articles_by_source(generators).items()}
    write_file(content, "aktualnosci/nowy.md", "Title: Komunikat\nDate: 2024-12-01\nCategory: Komunikaty\n\nx\n")
    write_file(content, "aktualnosci/inny.md", "Title: Festyn\nDate: 2024-01-01\nCategory: Kultura\n\nx\n")
    _, generators = generate_context(content, str(tmp_path / "out2"))
    after = {name: a.url for name, a in articles_by_source(generators).items()}
    assert {name: after[name] for name in before} == before
    assert after["nowy.md"] == "aktualnosci/2024/komunikat-3/"


def test_resolution_numbers_keep_their_separators_in_urls(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    _, generators = generate_context(content, str(tmp_path / "out"))
    articles = articles_by_source(generators)
    assert articles["uchwala.md"].url == "aktualnosci/2024/uchwala-nr-xii-123-2024-w-sprawie-budzetu/"
    assert articles["uchwala-2.md"].url == "aktualnosci/2023/uchwala-nr-xii-12-32024/"


def test_home_page_separates_alerts_from_latest_news(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    # the fixture's komunikaty are from 2024: kept current here, whatever today is
    news = {**load_settings(SETTINGS_FILE, "/nonexistent")["NEWS"], "home_alerts_max_age_days": 100_000}
    context, _ = generate_context(content, str(tmp_path / "out"), NEWS=news)
    # and the one with Expires still to come at the suite's moment
    assert [a.title for a in context["home_alerts"]] == ["Zimowe utrzymanie dróg", "Komunikat", "Komunikat"]
    assert all(a.category.name != "Komunikaty" for a in context["home_latest"])
    assert context["news_years"] == [
        (2026, "aktualnosci/2026/"),
        (2024, "aktualnosci/2024/"),
        (2023, "aktualnosci/2023/"),
    ]


def test_pages_know_their_parent_and_children(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    context, _ = generate_context(content, str(tmp_path / "out"))
    pages = {p.slug: p for p in context["pages"]}
    assert pages["solectwo-marcinkow"].parent_page is pages["solectwa"]
    assert pages["solectwa"].child_pages == [pages["solectwo-marcinkow"]]


def test_the_home_page_shows_current_komunikaty_only_and_links_to_all(tmp_path):
    from datetime import datetime, timedelta

    from plugins.core.record import read_record
    from tests.sitebuild import SUITE_NOW

    now = SUITE_NOW
    stamp = "%Y-%m-%d %H:%M"
    content = copy_fixture_content(str(tmp_path))
    for name, date, extra in (
        ("swiezy", now - timedelta(days=2), ""),
        ("stary", now - timedelta(days=60), ""),
        ("stary-ale-wazny", now - timedelta(days=90), f"Expires: {(now + timedelta(days=5)).strftime(stamp)}\n"),
    ):
        write_file(
            content,
            f"aktualnosci/{name}.md",
            f"Title: Komunikat {name}\nDate: {date.strftime(stamp)}\nCategory: Komunikaty\n{extra}\nTreść.\n",
        )
    output = tmp_path / "output"
    build_site(content, str(output))
    soup = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "komunikaty"})
    titles = [heading.get_text(strip=True) for heading in section.find_all("h3")]
    assert "Komunikat swiezy" in titles and "Komunikat stary-ale-wazny" in titles
    assert "Komunikat stary" not in titles
    assert section.find("a", string="Wszystkie komunikaty")["href"] == "/aktualnosci/kategoria/komunikaty/"
    # the release expires when the first of them leaves the home page
    valid_until = datetime.fromisoformat(read_record(str(output))["valid_until"])
    assert valid_until <= now + timedelta(days=5)
