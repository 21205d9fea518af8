"""Every page type in headless Chromium: axe WCAG 2.1 AA, skip link, no foreign requests."""

import re
import urllib.parse

import pytest

from tests.browser import LocalSite, RequestLog, axe_violations

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "news list": "/aktualnosci/",
    "news list page 2": "/aktualnosci/strona/2/",
    "category": "/aktualnosci/kategoria/komunikaty/",
    "categories": "/aktualnosci/kategorie/",
    "tag": "/aktualnosci/tag/powodz/",
    "tags": "/aktualnosci/tagi/",
    "group": "/aktualnosci/grupa/zagrozenie-powodziowe/",
    "groups": "/aktualnosci/grupy/",
    "yearly archive": "/aktualnosci/2024/",
    "archives": "/aktualnosci/archiwum/",
    "article": "/aktualnosci/2024/ostrzezenie-hydrologiczne-wzrost-stanu-wody-w-kamiennej/",
    "article with image": "/aktualnosci/2024/dni-wachocka-2024/",
    "article with a phone photo": "/aktualnosci/2026/nowy-plac-zabaw-przy-szkole-w-parszowie/",
    "static page": "/kontakt/",
    "page with sub-pages": "/solectwa/",
    "sub-page": "/solectwo-parszow/",
    "site map": "/mapa-strony/",
    "visit statistics": "/statystyka-odwiedzin/",
    "visit statistics year": "/statystyka-odwiedzin/2019/",
    "sms groups": "/informator-sms/",
    "accessibility statement": "/deklaracja-dostepnosci/",
    "search": "/szukaj/?q=uchwała",
    "bip home": "/bip/",
    "bip category": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/",
    "bip empty category": "/bip/petycje/",
    "bip document": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/",
    "bip document history": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/historia/",
    "bip document version": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/wersja-1/",
    "bip document version with changes": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/wersja-2/",
    "bip version comparison": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/porownanie/1-3/",
    "privacy": "/ochrona-danych-osobowych/",
    "sign language": "/jezyk-migowy/",
    "easy to read": "/tekst-latwy-do-czytania/",
    "bip pdf text": "/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/"
    "uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/zalaczniki/uchwala-xii-85-2024/",
    "bip register": "/bip/rejestr-zmian/",
    "bip removed register": "/bip/rejestr-usunietych-informacji/",
    "bip editors": "/bip/redakcja-bip/",
    "bip map": "/bip/mapa-bip/",
    "magazine": "/dookola-wachocka/",
    "magazine year": "/dookola-wachocka/2024/",
    "magazine issue": "/dookola-wachocka/2024/nr-11/",
    "feeds page": "/kanaly-rss/",
    "waste collection": "/odbior-odpadow/",
    "waste district": "/odbior-odpadow/wachock-polnoc/",
    "calendar month": "/kalendarz/miesiac/2026-12/",
    "service card": "/bip/jak-zalatwic-sprawe/2026/dowod-osobisty/",
    "404": "/404.html",
}
WIDTHS = (1280, 375)


@pytest.fixture(scope="module")
def site(demo_site):
    with LocalSite(demo_site) as local:
        yield local


def open_page(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="pl-PL")
    log = RequestLog()
    context.route("**/*", log.route)
    page = context.new_page()
    page.goto(url)
    return context, page, log


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_page_type_has_no_wcag_violations_and_no_foreign_requests(browser, site, page_type, width):
    context, page, log = open_page(browser, site.url + PAGE_TYPES[page_type], width)
    try:
        assert page.title(), "every page has a title"
        assert axe_violations(page) == []
        assert log.foreign == []
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page_type} scrolls sideways at {width}px"
    finally:
        context.close()


@pytest.mark.parametrize("width", (1280, 375, 320))
def test_the_bip_logo_is_visible_above_the_heading_of_bip_pages(browser, site, width):
    for page_type in ("bip home", "bip document", "bip document version with changes", "bip register"):
        context, page, _ = open_page(browser, site.url + PAGE_TYPES[page_type], width)
        try:
            logo = page.locator(".bip__banner img").bounding_box()
            heading = page.locator("main h1").bounding_box()
            assert logo and logo["width"] >= 60 and logo["x"] >= 0, (page_type, width)
            assert logo["y"] + logo["height"] <= heading["y"], (page_type, width)
        finally:
            context.close()


def test_skip_link_is_the_first_focusable_element_and_reaches_main(browser, site):
    context, page, _ = open_page(browser, site.url + "/aktualnosci/", 375)
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),"
            " text: document.activeElement.textContent, top: document.activeElement.getBoundingClientRect().top})"
        )
        assert focused["cls"] == "skip-link"
        assert focused["href"] == "#tresc"
        assert focused["text"] == "Przejdź do treści"
        assert focused["top"] >= 0, "the focused skip link is visible"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "tresc"
    finally:
        context.close()


def test_site_is_readable_at_320_pixels_without_javascript(browser, site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url + "/aktualnosci/2024/zakonczono-termomodernizacje-szkoly-w-wachocku/")
        assert page.locator("h1").inner_text().startswith("Zakończono")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


def test_focus_is_visible(browser, site):
    context, page, _ = open_page(browser, site.url + "/", 1280)
    try:
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
    finally:
        context.close()


@pytest.fixture(scope="module")
def site_with_monthly_statistics(tmp_path_factory):
    """The fixture site after a log import, so that a year has monthly figures."""
    from datetime import datetime, timedelta, timezone

    from plugins.visit_statistics.logs import import_logs
    from tests.sitebuild import build_site, copy_fixture_content, write_file
    from wachock.loggen import synthetic_log

    base = tmp_path_factory.mktemp("monthly")
    content = copy_fixture_content(str(base))
    csv_path = write_file(content, "statystyki/odwiedziny-bip.csv", "rok,miesiąc,odwiedziny,odsłony\n2020,,2473566,\n")
    log = base / "access.log"
    log.write_text(synthetic_log(3000, datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1)))), encoding="utf-8")
    import_logs([str(log)], csv_path, str(base / "state.sqlite"))
    build_site(content, str(base / "output"))
    with LocalSite(str(base / "output")) as local:
        yield local


@pytest.mark.parametrize("width", WIDTHS)
def test_year_with_monthly_figures_has_no_wcag_violations(browser, site_with_monthly_statistics, width):
    context, page, log = open_page(browser, site_with_monthly_statistics.url + "/statystyka-odwiedzin/2026/", width)
    try:
        assert page.locator("svg[role=img] rect").count() >= 1
        assert axe_violations(page) == []
        assert log.foreign == []
    finally:
        context.close()


# Pagefind's own API on the search page, as search.js uses it: the main bundle and the sections the page
# names (plugins/search), in an instance of its own so that the page's search UI cannot merge them twice.
PAGEFIND_WITH_SECTIONS = """const pagefindModule = await import('/pagefind/pagefind.js');
    const pagefind = pagefindModule.createInstance({ basePath: '/pagefind/' });
    for (const name of JSON.parse(document.getElementById('sekcje-wyszukiwania').textContent)) {
        await pagefind.mergeIndex('/pagefind/' + name + '/');
    }"""


def search_urls(browser, site, query: str) -> list[str]:
    """Every result's address, from Pagefind's own API on the search page (the UI shows five)."""
    context, page, _ = open_page(browser, f"{site.url}/szukaj/", 1280)
    try:
        return page.evaluate(
            "async query => { "
            + PAGEFIND_WITH_SECTIONS
            + """
                const search = await pagefind.search(query);
                return Promise.all(search.results.map(async result => (await result.data()).url)); }""",
            query,
        )
    finally:
        context.close()


def search_titles(browser, site, query: str) -> list[str]:
    context, page, log = open_page(browser, f"{site.url}/szukaj/?q={query}", 1280)
    try:
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
        assert log.foreign == []
        return page.locator(".pagefind-ui__result-link").all_inner_texts()
    finally:
        context.close()


def test_a_section_lacking_a_searched_word_answers_nothing(browser, site):
    """ "deficyt" is in a BIP resolution only, "hydrologiczne" in a news item only: no page holds both. Pagefind's
    own mergeIndex would answer from each section with the word it lacks left out; the search page's
    merged.js answers as one index of the whole site would."""
    query = "deficyt hydrologiczne"
    context, page, _ = open_page(browser, f"{site.url}/szukaj/", 1280)
    try:
        sections = page.evaluate("JSON.parse(document.getElementById('sekcje-wyszukiwania').textContent)")
        naive = page.evaluate(
            "async query => { " + PAGEFIND_WITH_SECTIONS + " return (await pagefind.search(query)).results.length; }",
            query,
        )
    finally:
        context.close()
    assert "bip" in sections and naive >= 2, "the demo's index has sections, each answering without one word"
    context, page, _ = open_page(browser, f"{site.url}/szukaj/?q={urllib.parse.quote(query)}", 375)
    try:
        heading = page.locator("#wyniki-naglowek")
        heading.wait_for(state="visible", timeout=15_000)
        assert heading.inner_text() == f"Brak wyników dla zapytania „{query}”"
        assert page.locator(".pagefind-ui__result").count() == 0
        assert "_indeks" not in page.locator("#wyniki-wyszukiwania").inner_text(), "the sections' filter stays hidden"
    finally:
        context.close()
    # Each word alone still finds its own section's pages, through the same page.
    assert any("Uchwała Nr XII/85/2024" in title for title in search_titles(browser, site, "deficyt"))
    assert any("hydrologiczne" in title.lower() for title in search_titles(browser, site, "hydrologiczne"))


def test_search_finds_a_document_by_a_word_of_its_body(browser, site):
    titles = search_titles(browser, site, "deficyt")
    assert any("Uchwała Nr XII/85/2024" in title for title in titles)


def test_search_finds_other_inflected_forms(browser, site):
    # Neither "przebudowy" nor "deficytu" occurs in the site: the tender says "przebudowa",
    # the resolution "deficyt". Inflected queries must still find them.
    assert any(t.startswith("Przetarg: przebudowa drogi") for t in search_titles(browser, site, "przebudowy"))
    assert any(t.startswith("Uchwała Nr XII/85/2024") for t in search_titles(browser, site, "deficytu"))
    # Many documents say "uchwała": the resolution is among the results, not always in the first five shown.
    resolution = "/uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej-gminy-wachock-na-rok-2025/"
    for form in ("uchwała", "uchwały", "uchwale"):
        assert any(url.endswith(resolution) for url in search_urls(browser, site, form)), form


@pytest.fixture(scope="module")
def site_with_expired_banner(tmp_path_factory):
    """Built while a komunikat was valid; read after it expired (the browser's clock is later)."""
    from tests.sitebuild import build_site, copy_fixture_content, write_file

    base = tmp_path_factory.mktemp("banner")
    content = copy_fixture_content(str(base))
    write_file(
        content,
        "aktualnosci/ostrzezenie.md",
        "Title: Ostrzeżenie powodziowe\nDate: 2026-11-28 16:40\nCategory: Komunikaty\n"
        "Alert_until: 2026-11-30 18:00\n\nStan wody w Kamiennej rośnie.\n",
    )
    # Built before the banner's end; the browser's pages live at SUITE_NOW, after it.
    build_site(content, str(base / "output"), BUILD_NOW="2026-11-29 08:00")
    with LocalSite(str(base / "output")) as local:
        yield local


@pytest.mark.parametrize("width", WIDTHS)
def test_page_with_a_banner_has_no_wcag_violations(browser, site_with_expired_banner, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    # The page as read before the expiry: the hiding script finds nothing to hide.
    context.route("**/alerts.*.js", lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(site_with_expired_banner.url + "/")
        banner = page.locator(".alert-banner")
        assert banner.is_visible()
        assert banner.get_by_role("link").inner_text().startswith("Ostrzeżenie powodziowe")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_without_javascript_the_banner_stays_until_the_next_build(browser, site_with_expired_banner):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_with_expired_banner.url + "/solectwa/")
        assert page.locator(".alert-banner").is_visible()
    finally:
        context.close()


def test_expired_banner_is_hidden_by_script(browser, site_with_expired_banner):
    context, page, log = open_page(browser, site_with_expired_banner.url + "/", 1280)
    try:
        page.wait_for_load_state("load")
        assert page.locator(".alert-banner").is_hidden()
        assert log.foreign == []
    finally:
        context.close()


TRICKY_BUT_VALID = """Title: Trudna, ale poprawna treść
Date: 2024-05-14 09:30
Category: Sport
Summary: Opis z *wyróżnieniem* i [odnośnikiem](/kontakt/).

Przykład kodu, który ma się wyświetlić, a nie uruchomić:

```html
<script>alert("kod")</script>
<img src=x onerror=alert(1)>
```

W tekście `<iframe src="https://example.com">` też jest tylko tekstem, tak samo jak &lt;script&gt;.

| Wieś | Liczba |
|:-----|-------:|
| Parszów | 12 |

Odnośniki: [MGOK](https://mgok.example/), [napisz](mailto:sekretariat@wachock.pl),
[zadzwoń](tel:+48412736100), przypis[^1] i ![Rynek]({static}/images/rynek.svg).

<!-- notatka redakcji -->

[^1]: Treść przypisu.
"""


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    from tests.sitebuild import build_site, copy_fixture_content, write_file

    base = tmp_path_factory.mktemp("tricky")
    content = copy_fixture_content(str(base))
    write_file(content, "aktualnosci/trudna.md", TRICKY_BUT_VALID)
    build_site(content, str(base / "output"))
    with LocalSite(str(base / "output")) as local:
        yield local


@pytest.mark.parametrize(
    "path", ["/aktualnosci/2024/trudna-ale-poprawna-tresc/", "/aktualnosci/", "/szukaj/?q=parszów"]
)
def test_tricky_valid_content_runs_no_script_and_loads_nothing_foreign(browser, tricky_site, path):
    context, page, log = open_page(browser, "about:blank", 1280)
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    try:
        page.goto(tricky_site.url + path, wait_until="networkidle")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        if path.startswith("/szukaj/"):
            page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)  # search works under the CSP
        else:
            assert page.locator("main pre code").count() <= 1
        assert dialogs == []
        assert violations == []
        assert log.foreign == []
    finally:
        context.close()


LIST_PAGE = re.compile(r"/(kategoria|kategorie|tag|tagi|archiwum|strona|grupa|grupy|rejestr-zmian|historia)/|/\d{4}/$")


def test_search_index_holds_documents_and_pages_never_lists(browser, site):
    context, page, log = open_page(browser, f"{site.url}/szukaj/", 1280)
    try:
        urls = page.evaluate(
            "async (words) => { "
            + PAGEFIND_WITH_SECTIONS
            + """
                const found = new Set();
                for (const word of words) {
                    const search = await pagefind.search(word);
                    for (const result of search.results) { found.add((await result.data()).url); }
                }
                return [...found];
            }""",
            ["uchwała", "wąchock", "gmina", "sesja", "dookoła"],
        )
    finally:
        context.close()
    assert log.foreign == []
    assert [url for url in urls if LIST_PAGE.search(url) or url in ("/", "/aktualnosci/", "/bip/")] == []
    assert any(url.startswith("/bip/") for url in urls) and any(url.startswith("/aktualnosci/20") for url in urls)
    assert any(url.startswith("/dookola-wachocka/20") for url in urls)


FIRST_SCREENS = ((375, 667), (320, 568))


def history_pages_with_the_longest_titles(output: str, count: int = 3) -> dict[str, str]:
    """The BIP history pages whose h1 (the kind of page and the document's title) is longest."""
    from pathlib import Path

    from bs4 import BeautifulSoup

    headings = {}
    for path in Path(output, "bip").rglob("historia/index.html"):
        h1 = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").h1
        headings[f"/{path.parent.relative_to(output).as_posix()}/"] = h1.get_text(" ", strip=True)
    longest = sorted(headings, key=lambda url: (-len(headings[url]), url))[:count]
    return {f"history page of a {len(headings[url])}-character title {url}": url for url in longest}


@pytest.mark.parametrize("larger_text", (False, True), ids=("default text", "larger text"))
@pytest.mark.parametrize("width,height", FIRST_SCREENS)
def test_the_h1_and_the_start_of_the_content_are_on_a_phones_first_screen(
    browser, site, demo_site, width, height, larger_text
):
    """With the display options in sight, and in "Większy tekst" too."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="pl-PL")
    if larger_text:
        context.add_init_script("window.localStorage.setItem('wachock-wyglad', JSON.stringify({text: true}))")
    page = context.new_page()
    below = []
    pages = {**PAGE_TYPES, **history_pages_with_the_longest_titles(demo_site)}
    assert len(pages) == len(PAGE_TYPES) + 3
    try:
        for page_type, path in sorted(pages.items()):
            page.goto(site.url + path)
            heading = page.locator("h1").first.bounding_box()
            # the first thing after the heading: the start of the content
            after = page.evaluate(
                """() => { const h1 = document.querySelector('h1');
                    const walker = [...document.querySelectorAll('main *')].filter(e =>
                      (h1.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING) && !h1.contains(e)
                      && e.getBoundingClientRect().height > 0);
                    return walker.length ? walker[0].getBoundingClientRect().top : 0; }"""
            )
            if larger_text:
                # A 180-character title in larger text is taller than a phone's screen: it must begin there.
                seen = heading["y"] + min(heading["height"], 80) <= height
            else:
                seen = heading["y"] + heading["height"] <= height and after < height
            if not seen:
                below.append(f"{page_type}: h1 ends at {heading['y'] + heading['height']:.0f}, content at {after:.0f}")
    finally:
        context.close()
    assert below == [], "\n".join(below)


def test_the_heading_order_starts_with_the_pages_h1(browser, site_with_expired_banner):
    context, page, _ = open_page(browser, site_with_expired_banner.url + "/", 375)
    try:
        # in the document order, whether or not the script has since hidden the banner
        first_heading = page.evaluate("document.querySelector('h1, h2, h3, h4, h5, h6').tagName")
        assert page.locator(".alert-banner").count() == 1
    finally:
        context.close()
    assert first_heading == "H1"


def test_on_a_phone_without_javascript_the_menu_link_leads_to_the_whole_menu(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 667}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.url + "/kontakt/")
        assert not page.locator("#menu-glowne").is_visible()
        link = page.get_by_role("link", name="Menu", exact=True)
        link.focus()
        page.keyboard.press("Enter")
        assert page.url.endswith("#menu")
        footer_menu = page.locator("#menu a")
        assert footer_menu.count() >= 5 and footer_menu.first.is_visible()
        assert page.evaluate("document.getElementById('menu').getBoundingClientRect().top") < 667
    finally:
        context.close()


def test_on_a_phone_with_javascript_the_menu_button_opens_the_menu_by_keyboard(browser, site):
    context, page, _ = open_page(browser, site.url + "/kontakt/", 375)
    try:
        button = page.get_by_role("button", name="Menu", exact=True)
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator("#menu-glowne").is_visible()
        button.focus()
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        assert page.locator("#menu-glowne").is_visible()
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('#menu-glowne') !== null")
        assert focused, "Tab after the button reaches the menu's first link"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Space")
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator("#menu-glowne").is_visible()
        # Escape, from inside the open menu, closes it and returns to the button.
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator("#menu-glowne").is_visible()
        assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    finally:
        context.close()


def test_at_desktop_width_the_menu_and_search_form_are_in_the_header(browser, site):
    context, page, _ = open_page(browser, site.url + "/kontakt/", 1280)
    try:
        assert page.locator("#menu-glowne").is_visible() and page.locator("#szukaj-fraza").is_visible()
        assert not page.locator("#menu").is_visible()
        assert not page.get_by_role("button", name="Menu", exact=True).is_visible()
    finally:
        context.close()


@pytest.fixture(scope="module")
def site_with_current_banner(tmp_path_factory):
    from datetime import timedelta

    from tests.sitebuild import SUITE_NOW, build_site, copy_fixture_content, write_file

    now = SUITE_NOW
    base = tmp_path_factory.mktemp("current-banner")
    content = copy_fixture_content(str(base))
    write_file(
        content,
        "aktualnosci/utrudnienia.md",
        f"Title: Utrudnienia w ruchu na ul. Kościelnej\nDate: {(now - timedelta(days=1)):%Y-%m-%d %H:%M}\n"
        f"Category: Komunikaty\nAlert_until: {(now + timedelta(days=30)):%Y-%m-%d %H:%M}\n\n"
        "Objazd przez ul. Iłżecką.\n",
    )
    build_site(content, str(base / "output"))
    with LocalSite(str(base / "output")) as local:
        yield local


def test_a_read_komunikat_can_be_closed_and_stays_closed_on_other_pages(browser, site_with_current_banner):
    site = site_with_current_banner
    context, page, _ = open_page(browser, site.url + "/", 375)
    try:
        banner = page.locator(".alert-banner")
        assert banner.is_visible()
        page.get_by_role("button", name=re.compile("^Zamknij komunikat: ")).first.click()
        assert not banner.is_visible()
        page.goto(site.url + "/solectwa/")
        assert page.locator(".alert-banner").count() == 1 and not page.locator(".alert-banner").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "typed,meant",
    [("szkola", "szkoła"), ("soltys", "sołtys"), ("wylaczenie", "wyłączenie"), ("ogloszenia", "ogłoszenia")],
)
def test_a_query_without_polish_letters_finds_the_same_pages(browser, site, typed, meant):
    with_letters = search_urls(browser, site, meant)
    without = search_urls(browser, site, typed)
    assert with_letters
    # Without ł the query also means words spelt with l ("szkola" ~ "szkolenie"): more, never fewer.
    assert set(with_letters) <= set(without), (with_letters, without)


@pytest.mark.parametrize("query,expected", [("szkole", "szkoł"), ("uchwale", "Uchwała"), ("sołtysa", "ołtys")])
def test_inflected_queries_find_documents_with_other_forms(browser, site, query, expected):
    titles = search_titles(browser, site, query)
    assert titles
    assert not any(title.startswith(("Tag:", "Kategoria:", "Archiwum")) for title in titles)


@pytest.mark.parametrize("query", ["uchwała", "sołectwo", "budżet"])
def test_search_results_heading_counts_in_polish_takes_focus_and_results_show_date_and_section(browser, site, query):
    from plugins.core.polish import plural_pl

    expected = len(search_urls(browser, site, query))
    context, page, _ = open_page(browser, f"{site.url}/szukaj/?q={query}", 375)
    try:
        heading = page.locator("#wyniki-naglowek")
        heading.wait_for(state="visible", timeout=15_000)
        noun = plural_pl(expected, "wynik", "wyniki", "wyników")
        assert heading.inner_text() == f"{expected} {noun} dla zapytania „{query}”"
        assert page.evaluate("document.activeElement.id") == "wyniki-naglowek"
        assert page.get_by_role("search", name="Szukaj w serwisie").count() == 1
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
        # One look at the list: results keep appearing while Pagefind loads them, so links and facts
        # read in two steps may come from two different moments.
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.pagefind-ui__result > .pagefind-ui__result-inner')].map(r => {
                const link = r.querySelector(':scope > .pagefind-ui__result-title a');
                const facts = r.querySelector(':scope > .pagefind-ui__result-excerpt .search-results__facts');
                return [link ? link.pathname : null, facts ? facts.innerText : null]; })"""
        )
        links, facts = [link for link, _ in shown], [fact for _, fact in shown]
        assert links and None not in links and None not in facts, ("every result says its section", shown)
        pattern = r"(\d{1,2}\u00a0[a-ząćęłńóśźż]+ \d{4} · )?(Aktualności|BIP|Dookoła Wąchocka|Informacje|Kalendarz)"
        assert all(re.fullmatch(pattern, fact) for fact in facts), facts
        for link, fact in zip(links, facts, strict=True):
            if re.match(r"/aktualnosci/\d{4}/", link):
                assert re.match(r"\d{1,2}\s\w+ \d{4} · Aktualności", fact), (link, fact)
            if re.match(r"/kalendarz/\d{4}/", link):
                assert re.match(r"\d{1,2}\s\w+ \d{4} · Kalendarz", fact), (link, fact)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/statystyka-odwiedzin/", "/statystyka-odwiedzin/2026/"])
def test_the_charts_labels_are_at_least_12_px_on_a_320_px_phone(browser, site_with_monthly_statistics, path):
    context, page, _ = open_page(browser, site_with_monthly_statistics.url + path, 320)
    try:
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('svg.chart text')].map(text => {
                const svg = text.ownerSVGElement;
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return parseFloat(getComputedStyle(text).fontSize) * scale; })"""
        )
    finally:
        context.close()
    assert sizes and min(sizes) >= 12


def test_in_forced_colours_the_charts_labels_use_the_systems_text_colour(browser, site_with_monthly_statistics):
    context = browser.new_context(viewport={"width": 375, "height": 800}, forced_colors="active", color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(site_with_monthly_statistics.url + "/statystyka-odwiedzin/")
        label, background = page.evaluate(
            """() => [getComputedStyle(document.querySelector('svg.chart text')).fill,
                      getComputedStyle(document.body).backgroundColor]"""
        )
    finally:
        context.close()
    assert label != background
    assert label not in ("rgb(26, 26, 26)", "rgb(74, 74, 74)")  # the page's own dark greys


DISPLAY_CHOICES = "window.localStorage.setItem('wachock-wyglad', JSON.stringify({contrast: true, text: true}))"


def display_state(page) -> dict:
    return page.evaluate(
        """() => ({contrast: document.documentElement.dataset.contrast || null,
                   text: document.documentElement.dataset.text || null,
                   background: getComputedStyle(document.body).backgroundColor,
                   rootSize: getComputedStyle(document.documentElement).fontSize})"""
    )


def test_contrast_and_larger_text_are_pressed_by_keyboard_and_remembered_on_other_pages(browser, site):
    context, page, _ = open_page(browser, site.url + "/kontakt/", 375)
    try:
        # In sight on a phone without opening Menu (a thin row under the header).
        assert page.get_by_role("button", name="Kontrast", exact=True).is_visible()
        assert page.get_by_role("button", name="Większy tekst", exact=True).bounding_box()["y"] < 150
        contrast = page.get_by_role("button", name="Kontrast", exact=True)
        larger = page.get_by_role("button", name="Większy tekst", exact=True)
        assert contrast.get_attribute("aria-pressed") == "false" and display_state(page)["rootSize"] == "16px"
        contrast.focus()
        page.keyboard.press("Enter")
        larger.focus()
        page.keyboard.press("Space")
        assert contrast.get_attribute("aria-pressed") == "true" and larger.get_attribute("aria-pressed") == "true"
        assert display_state(page) == {
            "contrast": "high",
            "text": "large",
            "background": "rgb(0, 0, 0)",
            "rootSize": "20px",
        }
        page.goto(site.url + PAGE_TYPES["bip document"])
        assert display_state(page)["background"] == "rgb(0, 0, 0)" and display_state(page)["rootSize"] == "20px"
        assert page.get_by_role("button", name="Kontrast", exact=True).get_attribute("aria-pressed") == "true"
        page.get_by_role("button", name="Kontrast", exact=True).click()
        page.reload()
        assert display_state(page)["contrast"] is None and display_state(page)["text"] == "large"
    finally:
        context.close()


@pytest.mark.parametrize("width", (1280, 320))
@pytest.mark.parametrize(
    "page_type",
    ["home", "article", "bip document", "bip version comparison", "search", "visit statistics", "static page"],
)
def test_with_high_contrast_and_larger_text_pages_pass_axe_and_fit_the_screen(browser, site, page_type, width):
    context, page, log = open_page(browser, site.url + "/", width)
    try:
        page.evaluate(DISPLAY_CHOICES)
        page.goto(site.url + PAGE_TYPES[page_type])
        if page_type == "search":
            page.wait_for_selector(".pagefind-ui__result", timeout=15_000)
        assert display_state(page)["contrast"] == "high"
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert log.foreign == []
    finally:
        context.close()


def test_without_javascript_there_are_no_dead_buttons_and_the_systems_contrast_setting_is_followed(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 667}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.url + "/kontakt/")
        assert page.get_by_role("button", name="Kontrast").count() == 0
        assert display_state(page)["background"] == "rgb(255, 255, 255)"
        page.emulate_media(contrast="more")
        assert display_state(page)["background"] == "rgb(0, 0, 0)"
        # (axe needs the page's own script timers, which are off here; the same colours pass it above)
        colours = page.evaluate(
            "[getComputedStyle(document.body).color, getComputedStyle(document.querySelector('main a')).color]"
        )
        assert colours == ["rgb(255, 255, 255)", "rgb(255, 255, 0)"]
    finally:
        context.close()


def test_search_excerpts_keep_a_space_between_a_fields_name_and_its_value(browser, site):
    context, page, _ = open_page(browser, f"{site.url}/szukaj/", 1280)
    try:
        contents = page.evaluate(
            "async () => { "
            + PAGEFIND_WITH_SECTIONS
            + """
                const search = await pagefind.search('XII/85/2024');
                return Promise.all(search.results.map(async result => (await result.data()).content)); }"""
        )
    finally:
        context.close()
    document = next(content for content in contents if "Status" in content)
    assert re.search(r"Numer\s+XII/85/2024", document) and re.search(r"Status\s+obowiązujący", document), document[:300]


# Issue 12: the calendar, session, votes and councillor pages, at desktop and phone widths (demo site).
COUNCIL_AND_CALENDAR_PAGES = {
    "calendar": "/kalendarz/",
    "calendar month": "/kalendarz/miesiac/2026-12/",
    "event": "/kalendarz/2026/jarmark-bozonarodzeniowy-w-wachocku/",
    "session": "/bip/rada-miejska/sesje/2026/xxx-sesja-rady-miejskiej-w-wachocku-25-czerwca-2026-r/",
    "named votes": "/bip/rada-miejska/sesje/2026/xxx-sesja-rady-miejskiej-w-wachocku-25-czerwca-2026-r/glosowania/",
    "councillor": "/bip/rada-miejska/sklad/lukasz-zawada/",
    "councillors": "/bip/rada-miejska/sklad/",
}


@pytest.mark.parametrize("width", (1280, 375, 320))
@pytest.mark.parametrize("page_type", sorted(COUNCIL_AND_CALENDAR_PAGES))
def test_calendar_and_council_pages_pass_axe_and_fit_phones(browser, site, page_type, width):
    context, page, log = open_page(browser, site.url + COUNCIL_AND_CALENDAR_PAGES[page_type], width)
    try:
        assert page.locator("main h1").count() == 1
        assert axe_violations(page) == []
        assert log.foreign == [], "a recording is a link, never loaded from another host"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page_type} scrolls sideways at {width}px"
    finally:
        context.close()


# Issue 24: what residents type, as they type it, through the search page (so the page's own handling
# of the query applies), and the page that answers among the first three results.
RESIDENT_QUERIES = [
    ("wywóz śmieci Parszów", "/solectwo-parszow/"),
    ("kiedy odbiór odpadów w Marcinkowie", "/solectwo-marcinkow/"),
    ("śmieci Węglów", "/solectwo-weglow/"),
    ("odpady", "/odbior-odpadow/"),
    ("godziny otwarcia urzędu", "/bip/urzad/godziny-pracy/"),
    ("sołtys Marcinków", "/solectwo-marcinkow/"),
    ("deklaracja dostępności", "/deklaracja-dostepnosci/"),
    ("ochrona danych osobowych", "/ochrona-danych-osobowych/"),
    ("język migowy", "/jezyk-migowy/"),
    ("jak zapisać się do informatora sms", "/informator-sms/"),
    ("dookoła wąchocka", "/dookola-wachocka/"),
    ("przetarg droga", "/bip/zamowienia-publiczne/2025/przetarg-przebudowa-drogi"),
    ("plac zabaw Parszów", "/aktualnosci/2026/nowy-plac-zabaw-przy-szkole-w-parszowie/"),
    ("dni wąchocka", "/aktualnosci/2024/dni-wachocka-2024/"),
    ("ostrzezenie hydrologiczne", "/aktualnosci/2024/ostrzezenie-hydrologiczne"),
    ("obwieszczenie decyzja środowiskowa", "/bip/ogloszenia-i-obwieszczenia/obwieszczenia/2026/"),
    ("telefon do urzędu", "/kontakt/"),
    ("numer konta urzędu", "/kontakt/"),
    ("zimowe utrzymanie dróg", "/aktualnosci/2026/zimowe-utrzymanie-drog"),
    ("uchwała budżetowa", "/uchwala-nr-xii-85-2024-w-sprawie-uchwaly-budzetowej"),
    ("dowód osobisty", "/bip/jak-zalatwic-sprawe/2026/dowod-osobisty/"),
    ("deklaracja śmieciowa", "/bip/jak-zalatwic-sprawe/2026/deklaracja-odpady/"),
    ("zaświadczenie o niezaleganiu w podatkach", "/bip/jak-zalatwic-sprawe/2026/zaswiadczenie-o-niezaleganiu/"),
    ("wywóz śmieci Kościelna", "/odbior-odpadow/wachock-polnoc/"),
]


@pytest.mark.parametrize(("query", "answer"), RESIDENT_QUERIES)
def test_a_residents_question_puts_the_answering_page_in_the_first_three_results(browser, site, query, answer):
    context, page, _ = open_page(browser, f"{site.url}/szukaj/?q={urllib.parse.quote(query)}", 375)
    try:
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
        top = ".pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title a"
        links = page.locator(top).evaluate_all("links => links.slice(0, 3).map(a => a.pathname)")
    finally:
        context.close()
    assert any(answer in link for link in links), links


def test_excerpts_show_the_pages_own_words_never_the_added_ones(browser, site):
    """ "Zakonczyla" (typed without ł) finds the page, and its excerpt shows "Zakończyła" as written."""
    context, page, _ = open_page(browser, f"{site.url}/szukaj/?q=wylaczenie", 1280)
    try:
        page.wait_for_selector(".pagefind-ui__result-excerpt", timeout=15_000)
        excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    finally:
        context.close()
    text = " ".join(excerpts)
    assert "⁂" not in text
    assert "wyłączeni" in text.lower() and "wylaczeni" not in text.lower(), excerpts


def test_a_search_that_finds_nothing_says_so_and_offers_the_top_tasks(browser, site):
    context, page, _ = open_page(browser, f"{site.url}/szukaj/?q=qwxzzk", 375)
    try:
        heading = page.locator("#wyniki-naglowek")
        heading.wait_for(state="visible", timeout=15_000)
        assert heading.inner_text() == "Brak wyników dla zapytania „qwxzzk”"
        empty = page.locator("#brak-wynikow")
        assert empty.is_visible()
        tasks = empty.locator(".top-tasks a").all_inner_texts()
        assert "Odbiór odpadów" in tasks and "Kontakt" in tasks
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#brak-wynikow p')).fontSize)")
        assert size >= 16
        # Pagefind's own count line ("… wyników") is neither shown nor read: the heading says it, in Polish.
        assert page.evaluate("getComputedStyle(document.querySelector('.pagefind-ui__message')).display") == "none"
    finally:
        context.close()


@pytest.mark.parametrize("width", (320, 375))
def test_a_stacked_table_on_a_phone_is_still_a_table_with_rows_and_headers_for_screen_readers(browser, site, width):
    """Rows laid out as blocks keep their table roles (stated by menu.js): the accessibility tree shows a
    table named by its caption, with column headers and cells. A cell's visible label ("Rodzaj:") is
    not read again: the column header already names it."""
    context, page, _ = open_page(browser, site.url + PAGE_TYPES["bip document history"], width)
    try:
        region = page.locator(".table-scroll--stacked").first
        assert region.locator("tr").first.evaluate("row => getComputedStyle(row).display") == "block"
        tree = region.aria_snapshot()
    finally:
        context.close()
    assert tree.startswith("- region") and "\n  - table " in tree, tree
    assert '- columnheader "Rodzaj"' in tree and 'row "' in tree and '- cell "zmiana"' in tree, tree
    assert 'cell "Rodzaj:' not in tree, "the visible label is not read as part of the cell"


def test_an_attachments_text_is_found_once_from_the_current_version_not_from_earlier_ones(browser, site):
    """Every version keeps its attachment's text page, but only the current one is in the search index."""
    urls = search_urls(browser, site, "kryteria oceny ofert gwarancji")
    texts = [url for url in urls if "/zalaczniki/swz-droga-weglow/" in url]
    assert texts == [
        "/bip/zamowienia-publiczne/2025/przetarg-przebudowa-drogi-gminnej-w-miejscowosci-weglow/zalaczniki/swz-droga-weglow/"
    ], urls
