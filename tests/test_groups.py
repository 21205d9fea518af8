"""Information groups, at generate_context() level and in the built site."""

from tests.sitebuild import build_site, copy_fixture_content, generate_context


def test_each_configured_group_lists_its_news_newest_first(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    context, _ = generate_context(content, str(tmp_path / "out"))
    groups = {group.name: articles for group, articles in context["groups"]}
    assert list(groups) == context["GROUPS"]["names"]
    assert [a.source_path.rsplit("/", 1)[-1] for a in groups["Marcinków"]] == ["komunikat-woda.md"]
    assert [a.source_path.rsplit("/", 1)[-1] for a in groups["Parszów"]] == ["komunikat-prad.md"]
    assert groups["Rataje"] == []


def test_group_pages_are_written_for_every_group_even_empty(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    build_site(content, str(tmp_path / "out"))
    page = (tmp_path / "out/aktualnosci/grupa/zagrozenie-powodziowe/index.html").read_text().replace("\xa0", " ")
    assert "Przerwa w dostawie wody" in page
    empty = (tmp_path / "out/aktualnosci/grupa/rataje/index.html").read_text()
    assert "Brak wpisów." in empty
