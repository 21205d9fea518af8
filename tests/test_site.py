"""The built demo site: every link resolves, sitemap, robots, assets, 404."""

import os
import re
import urllib.parse
import urllib.request
from threading import Thread
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from wachock.build import PROJECT_ROOT, load_settings
from wachock.serve import make_server

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def html_files(root):
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(".html"):
                yield os.path.join(directory, name)


def target_exists(root: str, url: str) -> bool:
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    local = os.path.join(root, path.lstrip("/"))
    if path.endswith("/"):
        local = os.path.join(local, "index.html")
    return os.path.isfile(local)


def internal_references(soup):
    for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value and not re.match(r"^(https?:|mailto:|tel:|#)", value):
                yield value


def test_every_internal_link_and_asset_resolves(demo_site):
    broken = []
    for path in html_files(demo_site):
        with open(path, encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        for reference in internal_references(soup):
            assert reference.startswith("/"), f"{path}: relative reference {reference}"
            if not target_exists(demo_site, reference):
                broken.append(f"{os.path.relpath(path, demo_site)} -> {reference}")
    assert broken == []


def test_no_page_references_another_host_for_loading(demo_site):
    for path in html_files(demo_site):
        with open(path, encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        for element in soup.find_all(["img", "script", "link", "iframe", "source", "video", "audio"]):
            for attribute in ("src", "href", "srcset"):
                value = element.get(attribute) or ""
                if element.name == "link" and element.get("rel") == ["alternate"]:
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{path}: {element}"


def test_sitemap_lists_every_html_page_but_404(demo_site):
    tree = ElementTree.parse(os.path.join(demo_site, "sitemap.xml"))
    listed = {loc.text for loc in tree.iter(f"{SITEMAP_NS}loc")}
    expected = set()
    for path in html_files(demo_site):
        relative = os.path.relpath(path, demo_site).replace(os.sep, "/")
        if relative != "404.html":
            expected.add("/" + relative.removesuffix("index.html"))
    assert listed == expected
    assert "/aktualnosci/grupa/parszow/" in listed


def test_production_build_uses_absolute_urls(tmp_path):
    from tests.sitebuild import build_site, copy_fixture_content

    content = copy_fixture_content(str(tmp_path))
    build_site(content, str(tmp_path / "out"), SITEURL="https://www.wachock.pl")
    robots = (tmp_path / "out/robots.txt").read_text()
    assert "Sitemap: https://www.wachock.pl/sitemap.xml" in robots
    home = (tmp_path / "out/index.html").read_text()
    assert 'href="https://www.wachock.pl/aktualnosci/2024/uchwala-nr-xii-123-2024-w-sprawie-budzetu/"' in home


def test_assets_are_fingerprinted_and_referenced_by_their_hash(demo_site):
    with open(os.path.join(demo_site, "index.html"), encoding="utf-8") as handle:
        home = handle.read()
    stylesheet = re.search(r'href="/theme/css/(site\.[0-9a-f]{10}\.css)"', home)
    assert stylesheet, "the stylesheet link carries a content hash"
    assert os.path.isfile(os.path.join(demo_site, "theme/css", stylesheet.group(1)))


def test_pages_have_one_h1_lang_and_landmarks(demo_site):
    for path in html_files(demo_site):
        with open(path, encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        assert soup.html["lang"] == "pl"
        assert len(soup.find_all("h1")) == 1, path
        assert soup.find("main", id="tresc") and soup.find("header") and soup.find("footer"), path
        footer_links = {a.get_text() for a in soup.find("footer", class_="site-footer").find_all("a")}
        assert {"BIP", "Deklaracja dostępności"} <= footer_links


def test_pagination_of_the_news_list(demo_site):
    page_two = os.path.join(demo_site, "aktualnosci/strona/2/index.html")
    with open(page_two, encoding="utf-8") as handle:
        soup = BeautifulSoup(handle.read(), "html.parser")
    assert "strona 2" in soup.h1.get_text()
    assert soup.find("a", rel="prev")["href"] == "/aktualnosci/"


@pytest.fixture
def served(demo_site):
    server = make_server(demo_site, port=0)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_preview_server_serves_pages_and_the_site_404(served):
    with urllib.request.urlopen(f"{served}/aktualnosci/") as response:
        assert response.status == 200
        assert "Aktualności" in response.read().decode()
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{served}/nie-ma-takiej-strony/")
    with missing.value as response:
        assert response.code == 404
        assert "Nie znaleziono strony" in response.read().decode()


def test_every_page_carries_the_content_security_policy_first_in_its_head(demo_site):
    pages = [os.path.join(d, f) for d, _, files in os.walk(demo_site) for f in files if f.endswith(".html")]
    assert len(pages) > 50
    for path in pages:
        with open(path, encoding="utf-8") as handle:
            head = BeautifulSoup(handle.read(), "html5lib").head
        policy = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None, path
        assert "default-src 'self'" in policy["content"] and "object-src 'none'" in policy["content"], path
        assert "'unsafe-inline'" not in policy["content"]
        assert head.find("script", src=False) is None, path  # no inline script left for the policy to block
        loaded = [m for m in head.find_all(["meta", "link", "script"]) if m is not policy]
        assert all(m.sourceline > policy.sourceline for m in loaded if m.name != "meta" or m.get("charset") is None)


def test_a_plugin_that_cannot_be_imported_stops_the_build(tmp_path):
    from tests.sitebuild import SETTINGS_FILE, copy_fixture_content
    from wachock.build import BuildFailed, build

    content = copy_fixture_content(str(tmp_path))
    settings = load_settings(SETTINGS_FILE, str(tmp_path / "o"))
    with pytest.raises(BuildFailed, match=r"Nie udało się wczytać wtyczek: plugins\.nie_ma_takiej"):
        build(
            SETTINGS_FILE,
            str(tmp_path / "output"),
            overrides={"PATH": content, "PLUGINS": [*settings["PLUGINS"], "plugins.nie_ma_takiej"]},
        )
    assert not (tmp_path / "output").exists()


def test_sitemap_becomes_an_index_when_pages_outgrow_one_file(tmp_path):
    from tests.sitebuild import build_site, copy_fixture_content

    content = copy_fixture_content(str(tmp_path))
    output = tmp_path / "output"
    build_site(content, str(output), SITEMAP={"exclude": ["404.html"], "max_urls": 10})
    index = ElementTree.parse(output / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{SITEMAP_NS}loc")]
    listed = []
    for number, url in enumerate(parts, start=1):
        assert url == f"/sitemap-{number}.xml"
        part = ElementTree.parse(output / url.lstrip("/")).getroot()
        urls = [loc.text for loc in part.iter(f"{SITEMAP_NS}loc")]
        assert part.tag == f"{SITEMAP_NS}urlset" and 0 < len(urls) <= 10
        listed += urls
    pages = {p for p in html_files(str(output)) if not p.endswith("404.html")}
    assert len(listed) == len(set(listed)) == len(pages) > 10


# The theme's own helpers (filters, asset URLs, the office's data) and the content model are the
# theme's foundation; every other plugin is a feature the site must build without.
FEATURE_PLUGINS = (
    "plugins.groups", "plugins.bip", "plugins.magazine", "plugins.feeds", "plugins.alerts",
    "plugins.visit_statistics", "plugins.accessibility", "plugins.search", "plugins.sitemap", "plugins.csp",
)  # fmt: skip


# What a plugin alone reads goes with it: otherwise validation rightly refuses it as unknown.
ITS_OWN_CONTENT = {
    "plugins.bip": "dane/bip.yaml",
    "plugins.accessibility": "dane/dostepnosc.yaml",
    "plugins.magazine": "dane/czasopismo.yaml",
}


def without_groups_field(content: str) -> None:
    folder = os.path.join(content, "aktualnosci")
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            lines = [line for line in handle if not line.startswith("Groups:")]
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(lines)


@pytest.mark.parametrize("removed", FEATURE_PLUGINS)
def test_removing_a_feature_plugin_breaks_no_template(removed, tmp_path):
    from tests.sitebuild import SETTINGS_FILE, build_site, copy_fixture_content

    content = copy_fixture_content(str(tmp_path))
    if removed in ITS_OWN_CONTENT:
        os.remove(os.path.join(content, ITS_OWN_CONTENT[removed]))
    if removed == "plugins.groups":
        without_groups_field(content)
    plugins = [name for name in load_settings(SETTINGS_FILE, str(tmp_path / "o"))["PLUGINS"] if name != removed]
    output = tmp_path / "output"
    build_site(content, str(output), PLUGINS=plugins)  # templates are strict: a missing variable fails
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("main") is not None and home.find("footer") is not None


def test_two_processes_build_the_same_bytes_whatever_their_hash_seed(tmp_path):
    import subprocess
    import sys

    from tests.sitebuild import copy_fixture_content, write_file
    from tests.test_validation_cache import tree

    content = copy_fixture_content(str(tmp_path))
    for number in range(6):  # same date: only a stable order keeps their places
        write_file(
            content, f"aktualnosci/rowna-data-{number}.md", f"Title: Ta sama data {number}\nDate: 2024-08-01\n"
            "Category: Aktualności\nTags: remont\n\nTekst.\n"
        )  # fmt: skip
    trees = []
    for seed in ("1", "2"):
        output = tmp_path / f"output-{seed}"
        command = [sys.executable, "-m", "wachock", "build", "--content", content, "--output", str(output)]
        command += ["--cache", str(tmp_path / f"cache-{seed}")]
        subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        trees.append(tree(output))
    assert trees[0] == trees[1]


def test_two_checkouts_with_other_paths_and_file_times_build_the_same_site(tmp_path):
    """Pages, feeds, sitemap and assets are byte-identical. Not compared: Pagefind's bundle (its filter
    files and the hashes in its file names differ between these two builds, see the README) and the
    dependency record (keys of this checkout's files, not a page)."""
    import shutil
    import subprocess
    import sys

    from tests.test_validation_cache import tree

    trees = []
    for number, moment in ((1, 1_000_000_000), (2, 1_700_000_000)):
        checkout = tmp_path / f"kopia-{number}" / ("głęboko/" * number)
        shutil.copytree(os.path.join(PROJECT_ROOT, "content"), checkout / "content")
        for folder, _, names in os.walk(checkout):
            for name in names:
                os.utime(os.path.join(folder, name), (moment, moment))
        output = checkout / "output"
        command = [sys.executable, "-m", "wachock", "build", "--content", str(checkout / "content")]
        command += ["--output", str(output), "--cache", str(checkout / ".cache")]
        subprocess.run(command, check=True, capture_output=True)
        trees.append(tree(output))
    assert len(trees[0]) > 100 and trees[0] == trees[1]


def element_ids(root: str, page: str, cache: dict) -> set[str]:
    if page not in cache:
        with open(os.path.join(root, page), encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        cache[page] = {tag["id"] for tag in soup.find_all(id=True)} | {
            a["name"] for a in soup.find_all("a", attrs={"name": True})
        }
    return cache[page]


def test_every_fragment_link_points_at_an_element_of_its_page(demo_site):
    ids: dict[str, set[str]] = {}
    broken, checked = [], 0
    for path in html_files(demo_site):
        page = os.path.relpath(path, demo_site)
        with open(path, encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        for link in soup.find_all("a", href=True):
            target = urllib.parse.urlsplit(link["href"])
            if not target.fragment or target.scheme not in ("", "http", "https") or target.netloc:
                continue
            target_page = page
            if target.path:
                target_page = urllib.parse.unquote(target.path).lstrip("/")
                target_page = os.path.join(target_page, "index.html") if target.path.endswith("/") else target_page
            checked += 1
            if urllib.parse.unquote(target.fragment) not in element_ids(demo_site, target_page, ids):
                broken.append(f"{page} -> {link['href']}")
    assert checked > 100  # skip links, tables of contents, footnotes
    assert broken == []


def test_every_article_and_bip_document_says_when_it_was_published_and_updated(demo_site):
    checked = 0
    for path in html_files(demo_site):
        relative = os.path.relpath(path, demo_site).split(os.sep)
        article = relative[0] == "aktualnosci" and relative[1].isdigit() and len(relative) == 4
        with open(path, encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        document = soup.find("article", class_="bip-document") and soup.find("section", class_="metryczka")
        if not (article or document) or "wersja-" in path or "porownanie" in path:
            continue
        line = soup.find("p", class_="published-line")
        if document:
            # The demo is built without the server's publication ledger: a preview claims no publication
            # date for a BIP document (tests/test_bip_record.py checks the line a published build has).
            assert line is None, path
            dates = {" ".join(div.dt.get_text().split()): div.dd for div in document("div")}
            assert "podgląd" in dates["Data publikacji"].get_text(), path
            checked += 1
            continue
        assert line, path
        text = line.get_text(" ", strip=True).replace("\xa0", " ")
        assert re.fullmatch(r"Opublikowano \d{1,2}\s\w+ \d{4}( · Zaktualizowano \d{1,2}\s\w+ \d{4})?", text), text
        checked += 1
    assert checked > 20


def test_the_404_page_offers_a_search_and_the_top_tasks(demo_site):
    with open(os.path.join(demo_site, "404.html"), encoding="utf-8") as handle:
        page = BeautifulSoup(handle.read(), "html.parser")
    form = page.main.find("form", role="search")
    assert form["action"].endswith("/szukaj/") and form.find("input", attrs={"name": "q"})
    assert form.find("label")["for"] == form.find("input")["id"]
    assert [a.get_text() for a in page.main.select(".top-tasks a")][:1] == ["Odbiór odpadów"]


def test_a_footnotes_link_back_is_named_in_polish(tmp_path):
    from tests.sitebuild import build_site, copy_fixture_content, write_file

    content = copy_fixture_content(str(tmp_path))
    write_file(
        content, "pages/przypisy.md", "Title: Przypisy\n\nTekst z przypisem.[^1]\n\n[^1]: Źródło: protokół sesji.\n"
    )
    build_site(content, str(tmp_path / "out"))
    with open(tmp_path / "out" / "przypisy" / "index.html", encoding="utf-8") as handle:
        page = BeautifulSoup(handle.read(), "html.parser")
    back = page.find("a", class_="footnote-backref")
    assert " ".join(back["title"].split()) == "Wróć do miejsca odsyłacza 1 w tekście"
