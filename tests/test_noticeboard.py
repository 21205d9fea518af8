"""Noticeboard sheets (plugins/noticeboard): an A4 print page per komunikat and event, with a QR code
that a phone can read, checked by rendering the page in Chromium and decoding the screenshot."""

import io
from pathlib import Path

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfReader

from tests.browser import LocalSite, RequestLog, axe_violations
from tests.sitebuild import words

EVENT = "/kalendarz/2026/jarmark-bozonarodzeniowy-w-wachocku/"
KOMUNIKAT = "/aktualnosci/2026/zimowe-utrzymanie-drog-2026-2027-numery-dyzurne/"


@pytest.fixture(scope="module")
def site(demo_site):
    with LocalSite(demo_site) as local:
        yield local


@pytest.mark.parametrize("path", [EVENT, KOMUNIKAT])
def test_the_page_links_its_print_view_whose_qr_code_leads_back_to_it(browser, site, demo_site, path):
    page_html = BeautifulSoup(Path(f"{demo_site}{path}index.html").read_text(encoding="utf-8"), "html.parser")
    link = next(a for a in page_html.find_all("a") if "Wersja do druku" in words(a))
    assert link["href"] == f"{path}druk/"
    context = browser.new_context(viewport={"width": 1280, "height": 1200}, locale="pl-PL")
    log = RequestLog()
    context.route("**/*", log.route)
    page = context.new_page()
    try:
        page.goto(site.url + link["href"])
        assert axe_violations(page) == []
        assert log.foreign == []
        shot = Image.open(io.BytesIO(page.locator("svg.notice-sheet__qr").screenshot()))
        decoded = [result.text for result in zxingcpp.read_barcodes(shot)]
        assert decoded == [f"https://www.wachock.pl{path}"]
        assert page.locator("h1").inner_text().replace("\xa0", " ") == words(page_html.find("h1"))
        assert "Urząd Miasta i Gminy Wąchock" in page.locator(".notice-sheet__header").inner_text().replace("\xa0", " ")
        sheet = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
        assert len(sheet.pages) == 1, "a notice fits on one A4 sheet"
        width, height = float(sheet.pages[0].mediabox.width), float(sheet.pages[0].mediabox.height)
        assert (round(width), round(height)) == (595, 842), "A4 in points"
    finally:
        context.close()


def test_qr_codes_are_drawn_once_and_kept_between_builds(tmp_path, monkeypatch):
    """A code depends only on its address: the next build takes it from the cache, byte for byte."""
    import plugins.noticeboard
    from tests.sitebuild import build_site, copy_fixture_content

    content = copy_fixture_content(str(tmp_path))
    first, second = tmp_path / "first", tmp_path / "second"
    build_site(content, str(first), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    sheets = sorted(p.relative_to(first) for p in first.rglob("druk/index.html"))
    assert sheets, "the fixture has komunikaty and events"

    def never(address):
        raise AssertionError(f"drawn again: {address}")

    monkeypatch.setattr(plugins.noticeboard, "qr_svg", never)
    build_site(content, str(second), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    for sheet in sheets:
        assert (second / sheet).read_bytes() == (first / sheet).read_bytes()
