"""Feeds: valid RSS/Atom, absolute links, stable GUIDs, byte-identical rebuilds, autodiscovery."""

import os
import re

import feedparser
import pytest
import rnc2rng
from bs4 import BeautifulSoup
from lxml import etree

from tests.sitebuild import PROJECT_ROOT, build_site, copy_fixture_content, write_file

SITEURL = "https://www.wachock.pl"
EXPECTED_FEEDS = [
    "aktualnosci/rss.xml",
    "aktualnosci/atom.xml",
    "aktualnosci/kategoria/komunikaty/rss.xml",
    "aktualnosci/kategoria/kultura/rss.xml",
    "aktualnosci/grupa/zagrozenie-powodziowe/rss.xml",
    "aktualnosci/grupa/parszow/rss.xml",
    "bip/rss.xml",
    "bip/rejestr-zmian/rss.xml",
    "dookola-wachocka/rss.xml",
]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The demo content built with production URLs."""
    output = tmp_path_factory.mktemp("published") / "output"
    build_site(os.path.join(PROJECT_ROOT, "content"), str(output), SITEURL=SITEURL, SEARCH={"enabled": False})
    return output


def all_feed_files(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(d, n), root)
        for d, _, names in os.walk(root)
        for n in names
        if n in ("rss.xml", "atom.xml")
    )


def test_every_listed_feed_exists_and_parses_without_errors(published):
    files = all_feed_files(published)
    assert set(EXPECTED_FEEDS) <= set(files)
    assert len([f for f in files if f.startswith("aktualnosci/grupa/")]) == 8
    for relative in files:
        parsed = feedparser.parse(str(published / relative))
        assert not parsed.bozo, f"{relative}: {parsed.get('bozo_exception')}"
        assert parsed.feed.title and parsed.feed.link.startswith(SITEURL)
        assert parsed.feed.get("language", "pl") == "pl"
        assert len(parsed.entries) <= 50
        dates = [entry.published_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True), f"{relative}: newest first"
        for entry in parsed.entries:
            assert entry.id.startswith("tag:wachock.pl,")
            assert entry.link.startswith(SITEURL + "/")
            assert entry.title


def test_rss_items_carry_warsaw_offsets_and_absolute_content(published):
    with open(published / "aktualnosci/rss.xml", encoding="utf-8") as handle:
        text = handle.read()
    assert "<language>pl</language>" in text
    assert "+0100</pubDate>" in text and "+0200</pubDate>" in text  # winter and summer time
    parsed = feedparser.parse(text)
    with_image = next(e for e in parsed.entries if "Dni Wąchocka" in e.title)
    html = BeautifulSoup(with_image.content[0].value, "html.parser")
    assert all(a["href"].startswith(("https://", "mailto:", "tel:")) for a in html.find_all("a"))


def test_two_builds_of_the_same_commit_give_byte_identical_feeds(published, tmp_path):
    again = tmp_path / "again"
    build_site(os.path.join(PROJECT_ROOT, "content"), str(again), SITEURL=SITEURL, SEARCH={"enabled": False})
    for relative in all_feed_files(published):
        assert (again / relative).read_bytes() == (published / relative).read_bytes(), relative


def test_editing_an_item_keeps_its_guid_and_new_items_come_first(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    build_site(content, str(tmp_path / "one"), SITEURL=SITEURL)
    before = {e.id: e.title for e in feedparser.parse(str(tmp_path / "one/aktualnosci/rss.xml")).entries}
    path = os.path.join(content, "aktualnosci", "uchwala.md")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    write_file(content, "aktualnosci/uchwala.md", text.replace("w sprawie budżetu", "w sprawie budżetu (sprostowanie)"))
    build_site(content, str(tmp_path / "two"), SITEURL=SITEURL)
    after = {e.id: e.title for e in feedparser.parse(str(tmp_path / "two/aktualnosci/rss.xml")).entries}
    assert set(after) == set(before)
    edited = [guid for guid in after if after[guid] != before[guid]]
    assert len(edited) == 1 and "sprostowanie" in after[edited[0]]


def test_pages_announce_their_feeds(published):
    def alternates(relative):
        with open(published / relative, encoding="utf-8") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        return {link["href"] for link in soup.find_all("link", rel="alternate")}

    assert f"{SITEURL}/aktualnosci/rss.xml" in alternates("index.html")
    assert f"{SITEURL}/aktualnosci/atom.xml" in alternates("aktualnosci/index.html")
    assert f"{SITEURL}/aktualnosci/grupa/parszow/rss.xml" in alternates("aktualnosci/grupa/parszow/index.html")
    assert f"{SITEURL}/aktualnosci/kategoria/sport/rss.xml" in alternates("aktualnosci/kategoria/sport/index.html")
    assert f"{SITEURL}/bip/rejestr-zmian/rss.xml" in alternates("bip/rejestr-zmian/index.html")
    assert f"{SITEURL}/dookola-wachocka/rss.xml" in alternates("dookola-wachocka/index.html")


def test_feeds_page_lists_every_feed_and_is_linked_from_the_footer(published):
    with open(published / "kanaly-rss/index.html", encoding="utf-8") as handle:
        soup = BeautifulSoup(handle.read(), "html.parser")
    listed = {a["href"].removeprefix(SITEURL + "/") for a in soup.find("ul", class_="feeds").find_all("a")}
    assert listed == set(all_feed_files(published))
    assert "czytnik" in soup.main.get_text()
    assert soup.find("footer", class_="site-footer").find("a", string="Kanały RSS")


ATOM_SCHEMA = os.path.join(PROJECT_ROOT, "tests", "fixtures", "schemas", "atom.rnc")
ATOM = "{http://www.w3.org/2005/Atom}"
RFC_822_DATE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} [+-]\d{4}$"
)


def atom_schema() -> etree.RelaxNG:
    """RFC 4287's grammar (appendix B) in RELAX NG's XML syntax, as lxml validates it."""
    grammar = rnc2rng.dumps(rnc2rng.load(ATOM_SCHEMA))
    # The grammar's `local` prefix names the empty namespace, which XML cannot declare; nsName carries it.
    grammar = grammar.replace(' xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(grammar.encode()))


def test_every_atom_feed_is_valid_against_the_rfc_4287_schema(published):
    schema = atom_schema()
    atom_feeds = [name for name in all_feed_files(published) if name.endswith("atom.xml")]
    assert atom_feeds
    for relative in atom_feeds:
        document = etree.parse(str(published / relative))
        assert schema.validate(document), f"{relative}: {schema.error_log}"
        root = document.getroot()
        own_url = f"{SITEURL}/{relative}"
        assert root.findtext(f"{ATOM}id") == own_url
        assert [link.get("href") for link in root.findall(f"{ATOM}link[@rel='self']")] == [own_url]
        contents = root.findall(f"{ATOM}entry/{ATOM}content")
        assert contents and {content.get("type") for content in contents} == {"html"}


RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


def atom_rule_problems(document) -> list[str]:
    """What RFC 4287 requires beyond its grammar, as the W3C Feed Validator checks it."""
    root = document.getroot()
    problems = []
    entries = root.findall(f"{ATOM}entry")

    def has_author(element) -> bool:
        return any((author.findtext(f"{ATOM}name") or "").strip() for author in element.findall(f"{ATOM}author"))

    if not has_author(root):  # 4.1.1: the feed's author, or every entry's
        problems += [f"entry {entry.findtext(f'{ATOM}id')}: no author" for entry in entries if not has_author(entry)]
    for element in [root, *entries]:
        for name in ("id", "title", "updated"):
            found = element.findall(f"{ATOM}{name}")
            if len(found) != 1 or not (found[0].text or "").strip():
                problems.append(f"{element.tag}: {len(found)} atom:{name}")
        updated = element.findtext(f"{ATOM}updated") or ""
        if not RFC_3339.match(updated):
            problems.append(f"{element.tag}: updated {updated!r} is not an RFC 3339 date")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    problems += [f"id {entry_id} repeated" for entry_id in sorted({i for i in ids if ids.count(i) > 1})]
    alternates = [(link.get("type"), link.get("hreflang")) for link in root.findall(f"{ATOM}link[@rel='alternate']")]
    if len(alternates) != len(set(alternates)):  # 4.1.1: one alternate link per type and language
        problems.append("several alternate links of one type")
    return problems


def test_every_atom_feed_names_an_author_unique_ids_and_its_dates(published):
    atom_feeds = [name for name in all_feed_files(published) if name.endswith("atom.xml")]
    for relative in atom_feeds:
        document = etree.parse(str(published / relative))
        assert atom_rule_problems(document) == [], relative
        author = document.getroot().find(f"{ATOM}author")
        assert author.findtext(f"{ATOM}name") == "Urząd Miasta i Gminy Wąchock"
        assert author.findtext(f"{ATOM}email") == "sekretariat@wachock.pl"


def test_the_atom_rules_refuse_a_feed_without_an_author_or_with_a_repeated_id(published):
    """The check can fail: the feed as it was before it named the office."""
    document = etree.parse(str(published / "aktualnosci/atom.xml"))
    root = document.getroot()
    root.remove(root.find(f"{ATOM}author"))
    entries = root.findall(f"{ATOM}entry")
    entries[1].find(f"{ATOM}id").text = entries[0].findtext(f"{ATOM}id")
    problems = atom_rule_problems(document)
    assert len([p for p in problems if p.endswith("no author")]) == len(entries)
    assert f"id {entries[0].findtext(f'{ATOM}id')} repeated" in problems


def test_the_atom_schema_refuses_what_the_old_feed_had(published):
    """The check can fail: a content type of CDATA (the old feed) is not Atom."""
    document = etree.parse(str(published / "aktualnosci/atom.xml"))
    document.getroot().find(f"{ATOM}entry/{ATOM}content").set("type", "CDATA")
    assert not atom_schema().validate(document)


def test_every_rss_feed_has_the_required_elements_dates_self_link_and_permanent_guids(published):
    for relative in (name for name in all_feed_files(published) if name.endswith("rss.xml")):
        channel = etree.parse(str(published / relative)).getroot().find("channel")
        for required in ("title", "link", "description"):
            assert (channel.findtext(required) or "").strip(), f"{relative}: <{required}>"
        assert [link.get("href") for link in channel.findall(f"{ATOM}link[@rel='self']")] == [f"{SITEURL}/{relative}"]
        assert RFC_822_DATE.match(channel.findtext("lastBuildDate")), relative
        assert channel.findtext("managingEditor") == "sekretariat@wachock.pl (Urząd Miasta i Gminy Wąchock)"
        guids = [item.findtext("guid") for item in channel.findall("item")]
        assert len(guids) == len(set(guids)), f"{relative}: a repeated guid"
        for item in channel.findall("item"):
            assert item.findtext("title") or item.findtext("description")
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:wachock.pl,")
            assert RFC_822_DATE.match(item.findtext("pubDate")), f"{relative}: {item.findtext('pubDate')}"
