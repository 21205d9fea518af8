"""News and pages plugin logic, at generate_context() level."""

from tests.sitebuild import copy_fixture_content, generate_context, write_file


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
    context, _ = generate_context(content, str(tmp_path / "out"))
    assert [a.title for a in context["home_alerts"]] == ["Komunikat", "Komunikat"]
    assert all(a.category.name != "Komunikaty" for a in context["home_latest"])
    assert context["news_years"] == [(2024, "aktualnosci/2024/"), (2023, "aktualnosci/2023/")]


def test_pages_know_their_parent_and_children(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    context, _ = generate_context(content, str(tmp_path / "out"))
    pages = {p.slug: p for p in context["pages"]}
    assert pages["solectwo-marcinkow"].parent_page is pages["solectwa"]
    assert pages["solectwa"].child_pages == [pages["solectwo-marcinkow"]]
