"""News photos (plugins/photos): a phone's 4000 px JPEG is published resized, upright, without metadata."""

import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from scripts.make_demo_files import phone_photo
from tests.sitebuild import build_site, copy_fixture_content, write_file

ARTICLE = """Title: Nowy plac zabaw w Parszowie
Date: 2024-06-01 10:00
Category: Inwestycje
Image: images/plac-zabaw.jpg
Image_alt: Dzieci na nowym placu zabaw przy szkole w Parszowie
Summary: Plac zabaw jest już otwarty.

Plac zabaw przy szkole jest otwarty codziennie.
"""
ARTICLE_PAGE = "aktualnosci/2024/nowy-plac-zabaw-w-parszowie/index.html"
WIDTHS = [480, 800, 1200, 1600]
THUMBNAIL_WIDTHS = [160, 320]


def srcset_widths(srcset: str) -> list[int]:
    return [int(candidate.split()[1].rstrip("w")) for candidate in srcset.split(",")]


def url_path(output, url: str):
    return output / url.split(" ")[0].lstrip("/")


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("photos")
    content = copy_fixture_content(str(base))
    original = phone_photo()
    write_file(content, "images/plac-zabaw.jpg", original)
    write_file(content, "aktualnosci/plac-zabaw.md", ARTICLE)
    build_site(content, str(base / "output"))
    return base, content, base / "output", len(original)


def test_the_phone_photo_is_large_like_the_ones_editors_have(photo_site):
    *_, original_bytes = photo_site
    assert original_bytes > 2_000_000


def test_the_article_shows_the_photo_in_a_few_widths_webp_first_with_its_size_reserved(photo_site):
    _, _, output, original_bytes = photo_site
    soup = BeautifulSoup((output / ARTICLE_PAGE).read_text(encoding="utf-8"), "html.parser")
    picture = soup.find("figure", class_="article__image").picture
    source, img = picture.source, picture.img
    assert source["type"] == "image/webp"
    webp = [candidate.strip() for candidate in source["srcset"].split(",")]
    jpeg = [candidate.strip() for candidate in img["srcset"].split(",")]
    assert srcset_widths(source["srcset"]) == WIDTHS
    assert " ".join(img["alt"].split()) == "Dzieci na nowym placu zabaw przy szkole w Parszowie"
    assert (img["width"], img["height"]) == ("1600", "2133"), "upright: the phone was turned"
    assert img.get("fetchpriority") == "high" and not img.get("loading"), "the article's photo is not lazy"
    assert source["sizes"] == img["sizes"]
    for candidates, image_format in ((webp, "WEBP"), (jpeg, "JPEG")):
        for candidate in candidates:
            path = url_path(output, candidate)
            wanted = int(candidate.split(" ")[1].rstrip("w"))
            with Image.open(path) as published:
                assert published.format == image_format
                assert published.size == (wanted, round(wanted * 4 / 3))
                assert not published.getexif(), f"{path.name} keeps the photo's metadata (GPS)"
            assert path.stat().st_size < original_bytes / 10
    middle = url_path(output, webp[1])
    assert middle.stat().st_size < 120 * 1024, "a phone downloads about 100 KB, not megabytes"
    assert url_path(output, img["src"]).is_file()


def test_news_lists_show_a_small_lazy_thumbnail(photo_site):
    _, _, output, _ = photo_site
    soup = BeautifulSoup((output / "aktualnosci/index.html").read_text(encoding="utf-8"), "html.parser")
    card = soup.find("a", string=lambda text: text and "plac zabaw" in text).find_parent("article")
    img = card.find(class_="card__thumb").img
    assert img["alt"] == "" and img["loading"] == "lazy"
    assert srcset_widths(img["srcset"]) == THUMBNAIL_WIDTHS
    assert url_path(output, img["src"]).stat().st_size < 30 * 1024


def test_renditions_are_made_once_and_a_replaced_photo_gets_new_names(photo_site, tmp_path):
    base, content, output, _ = photo_site
    cache = base / ".cache" / "zdjecia"
    before = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    build_site(content, str(output))
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == before, "nothing encoded again"
    old_page = (output / ARTICLE_PAGE).read_text(encoding="utf-8")
    write_file(content, "images/plac-zabaw.jpg", phone_photo(shade=0.6))
    build_site(content, str(output))
    soup = BeautifulSoup((output / ARTICLE_PAGE).read_text(encoding="utf-8"), "html.parser")
    assert (output / ARTICLE_PAGE).read_text(encoding="utf-8") != old_page
    for candidate in soup.picture.source["srcset"].split(","):
        assert url_path(output, candidate.strip()).is_file()
    assert len(list(cache.iterdir())) == 2 * len(before)


def test_a_photo_smaller_than_the_widths_is_never_enlarged_and_transparency_is_white(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    buffer = io.BytesIO()
    Image.new("RGBA", (600, 400), (0, 0, 0, 0)).save(buffer, "PNG")
    write_file(content, "images/maly.png", buffer.getvalue())
    write_file(content, "aktualnosci/plac-zabaw.md", ARTICLE.replace("plac-zabaw.jpg", "maly.png"))
    build_site(content, str(tmp_path / "output"))
    soup = BeautifulSoup((tmp_path / "output" / ARTICLE_PAGE).read_text(encoding="utf-8"), "html.parser")
    widths = [
        int(candidate.strip().split(" ")[1].rstrip("w")) for candidate in soup.picture.source["srcset"].split(",")
    ]
    assert widths == [480, 600]
    assert (soup.picture.img["width"], soup.picture.img["height"]) == ("600", "400")
    with Image.open(url_path(tmp_path / "output", soup.picture.img["src"])) as published:
        assert published.convert("RGB").getpixel((10, 10)) == (255, 255, 255)
