"""The magazine: issue, year and index pages, covers, PDF text, validation."""

import os
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from plugins.magazine import make_thumbnail
from tests.sitebuild import PROJECT_ROOT, build_site, copy_fixture_content, words, write_file
from wachock.build import BuildFailed

ISSUE_URL = "dookola-wachocka/2024/nr-11/"


def soup_of(path) -> BeautifulSoup:
    with open(path, encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def test_issue_page_has_cover_contents_download_and_text(demo_site):
    soup = soup_of(os.path.join(demo_site, ISSUE_URL, "index.html"))
    assert soup.h1.get_text().replace("\xa0", " ") == "Dookoła Wąchocka nr 11 (2024)"
    cover = soup.find("img", class_="magazine-cover")
    assert cover["alt"] == "Okładka «Dookoła Wąchocka» nr\xa011"
    assert int(cover["width"]) == 300 and int(cover["height"]) > 300
    download = soup.find("a", class_="download")
    assert download["href"] == f"/{ISSUE_URL}dookola-wachocka-11.pdf"
    assert "PDF," in download.parent.get_text() and "KB" in download.parent.get_text()
    assert soup.find("div", class_="prose").find("li")
    text = words(soup.find("section", attrs={"aria-labelledby": "tekst-numeru"}))
    assert "Nowa świetlica w Marcinkowie" in text


def test_index_groups_issues_by_year_newest_first(demo_site):
    soup = soup_of(os.path.join(demo_site, "dookola-wachocka/index.html"))
    years = [h.get_text() for h in soup.main.find_all("h2")]
    assert years == sorted(years, reverse=True) and len(years) == 3
    for year in years:
        assert os.path.isfile(os.path.join(demo_site, f"dookola-wachocka/{year}/index.html"))


def test_thumbnails_are_small_and_made_only_when_the_source_changes(tmp_path):
    source = os.path.join(PROJECT_ROOT, "content/dookola-wachocka/2025/dookola-wachocka-12-okladka.png")
    first, width, height = make_thumbnail(source, str(tmp_path), 300, 30 * 1024)
    assert os.path.getsize(first) <= 30 * 1024
    with Image.open(first) as image:
        assert image.size == (width, height) == (300, 424)
    stamp = os.stat(first).st_mtime_ns
    again, _, _ = make_thumbnail(source, str(tmp_path), 300, 30 * 1024)
    assert again == first and os.stat(again).st_mtime_ns == stamp
    changed = tmp_path / "zmieniona.png"
    with Image.open(source) as image:
        image.rotate(180).save(changed)
    assert make_thumbnail(str(changed), str(tmp_path), 300, 30 * 1024)[0] != first


def issue(number: int, pdf: str = "numer.pdf") -> str:
    return f"Issue: {number}\nDate: 2024-06-01\nPdf: {pdf}\n\nOpis numeru.\n"


def test_duplicate_issue_number_names_both_files(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    pdf = os.path.join(PROJECT_ROOT, "content/dookola-wachocka/2024/dookola-wachocka-11.pdf")
    for name in ("a", "b"):
        with open(pdf, "rb") as handle:
            write_file(content, f"dookola-wachocka/{name}/numer.pdf", handle.read())
        write_file(content, f"dookola-wachocka/{name}/numer.md", issue(7))
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "out"))
    report = str(failure.value)
    assert "content/dookola-wachocka/a/numer.md:1: numer 7 ma już content/dookola-wachocka/b/numer.md." in report
    assert "content/dookola-wachocka/b/numer.md:1: numer 7 ma już content/dookola-wachocka/a/numer.md." in report


def test_missing_pdf_is_an_error(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "dookola-wachocka/2024/numer.md", issue(8, "brak.pdf"))
    with pytest.raises(
        BuildFailed, match=re.escape("content/dookola-wachocka/2024/numer.md:3: nie ma pliku „brak.pdf”")
    ):
        build_site(content, str(tmp_path / "out"))


def test_static_and_filename_links_in_an_issue_resolve_in_page_and_feed(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    pdf = os.path.join(PROJECT_ROOT, "content/dookola-wachocka/2024/dookola-wachocka-11.pdf")
    with open(pdf, "rb") as handle:
        write_file(content, "dookola-wachocka/2024/numer.pdf", handle.read())
    body = "[Rynek]({static}/images/rynek.svg), [Marcinków]({filename}/pages/marcinkow.md)\n"
    write_file(content, "dookola-wachocka/2024/numer.md", issue(9).replace("Opis numeru.\n", body))
    output = tmp_path / "out"
    build_site(content, str(output))
    links = {a.get_text(): a["href"] for a in soup_of(output / "dookola-wachocka/2024/nr-9/index.html").main("a")}
    assert links["Rynek"] == "/images/rynek.svg"
    assert links["Marcinków"] == "/solectwo-marcinkow/"
    feed = (output / "dookola-wachocka/rss.xml").read_text(encoding="utf-8")
    assert "{static}" not in feed and "http://127.0.0.1:8000/solectwo-marcinkow/" in feed


def test_the_magazine_name_and_publisher_come_from_its_data_file(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    pdf = os.path.join(PROJECT_ROOT, "content/dookola-wachocka/2024/dookola-wachocka-11.pdf")
    with open(pdf, "rb") as handle:
        write_file(content, "dookola-wachocka/2024/numer.pdf", handle.read())
    write_file(content, "dookola-wachocka/2024/numer.md", issue(9))
    write_file(
        content,
        "dane/czasopismo.yaml",
        "name: Wieści znad Kamiennej\npublisher: Biblioteka Publiczna w Wąchocku\ndescription: Kwartalnik.\n",
    )
    output = tmp_path / "out"
    build_site(content, str(output))
    index = soup_of(output / "dookola-wachocka/index.html")
    assert words(index.h1) == "„Wieści znad Kamiennej”" and "Kwartalnik." in words(index.main)
    assert words(soup_of(output / "dookola-wachocka/2024/nr-9/index.html").h1) == "Wieści znad Kamiennej nr 9 (2024)"
    feed = (output / "dookola-wachocka/rss.xml").read_text(encoding="utf-8")
    assert "Biblioteka Publiczna w Wąchocku" in feed and "Dookoła" not in feed


def test_a_magazine_data_file_without_a_name_is_refused_with_its_line(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "dane/czasopismo.yaml", "# Czasopismo\npublisher: MGOK\ndescription: Opis.\n")
    with pytest.raises(BuildFailed, match=re.escape("content/dane/czasopismo.yaml:")) as failure:
        build_site(content, str(tmp_path / "out"))
    assert "name" in str(failure.value)
