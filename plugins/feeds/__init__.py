"""RSS 2.0 (and Atom for all news) feeds, written with feedgen.

Feeds are announced by the plugins whose content they carry (core.feeds): all news and each news
category (news), each information group (groups), BIP new documents and the register of changes
(bip), magazine issues (magazine); this plugin writes them and the "Kanały RSS" page. Every feed has
absolute URLs, `pl` language, Europe/Warsaw dates, at most N items newest
first, and GUIDs that never change when an item is edited: they name the
source file (or commit, or issue number), never the title or URL.
Two builds of the same commit give byte-identical feeds (no "now" anywhere).
Settings: FEEDS = {"max_items", "fallback_siteurl", "guid_authority", "url", "save_as"}.
"""

import hashlib
import logging
import os
from datetime import datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

from plugins.core import ContentValidationError, Problem, check_html, plugin_settings
from plugins.core.cache import BuildCache
from plugins.core.feeds import Feed, FeedItem, announced_feeds

logger = logging.getLogger(__name__)

WARSAW = ZoneInfo("Europe/Warsaw")
DEFAULTS = {
    "max_items": 50,
    # Feeds need absolute links even in the editors' preview, which serves here.
    "fallback_siteurl": "http://127.0.0.1:8000",
    "guid_authority": "wachock.pl",
    "url": "kanaly-rss/",
    "save_as": "kanaly-rss/index.html",
}


def feeds_settings(settings: dict) -> dict:
    return plugin_settings(settings, "FEEDS", DEFAULTS)


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=WARSAW)


def absolute_html(html: str, base: str) -> str:
    """Rewrite links and image sources so the item reads correctly in any reader."""
    if not html:
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for tag, attribute in (("a", "href"), ("img", "src"), ("source", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value and not value.startswith(("http:", "https:", "mailto:", "tel:", "#")):
                element[attribute] = urljoin(base, value)
    return str(soup)


class FeedBuilder:
    def __init__(self, settings: dict):
        config = feeds_settings(settings)
        siteurl = settings["SITEURL"] if settings["SITEURL"].startswith("http") else config["fallback_siteurl"]
        self.siteurl = siteurl.rstrip("/")
        self.max_items = config["max_items"]
        self.authority = config["guid_authority"]
        self.sitename = settings["SITENAME"]
        # RFC 4287 4.1.1: an Atom feed names an author, or every entry does; the office publishes them all.
        office = settings.get("OFFICE") or {}
        self.author = {"name": office.get("name") or self.sitename, "uri": self.siteurl + "/"}
        if office.get("email"):
            self.author["email"] = office["email"]
        self.published: dict[tuple[str, str], tuple[str, list]] = {}
        # Item HTML made absolute and passed by the gate in earlier builds, by its HTML and link.
        self.clean = BuildCache(settings, "FeedsGenerator-Items")

    def absolute(self, url: str) -> str:
        return f"{self.siteurl}/{url.lstrip('/')}"

    def guid(self, date: datetime, specific: str) -> str:
        # RFC 4151 tag URI: stable whatever happens to the title or the address.
        return f"tag:{self.authority},{date:%Y-%m-%d}:{specific}"

    def newest(self, items: list[FeedItem]) -> list[FeedItem]:
        return sorted(items, key=lambda i: (i.date, i.guid), reverse=True)[: self.max_items]

    def published_html(self, item: FeedItem) -> str:
        # One item is in several feeds (all news, its category, its groups): made and judged once.
        key = (item.guid, item.link)
        if key not in self.published:
            cache_key = hashlib.sha256(f"{self.absolute(item.link)}\n{item.content}".encode()).hexdigest()
            known = self.clean.get(cache_key)
            if known is not None:
                self.published[key] = (known, [])
            else:
                html = absolute_html(item.content, self.absolute(item.link))
                violations = check_html(html, own_origin=self.siteurl)
                self.published[key] = (html, violations)
                if not violations:
                    self.clean.keep(cache_key, html)
        return self.published[key][0]

    def gate_problems(self, feed: Feed, items: list[FeedItem]) -> list[Problem]:
        """The item HTML exactly as the feed carries it goes through the same gate as the pages."""
        problems = []
        for item in items:
            self.published_html(item)
            for violation in self.published[(item.guid, item.link)][1]:
                problems.append(Problem(item.source or feed.path, 1, f"w kanale {feed.path}: {violation.message}"))
        return problems

    def generator(self, feed: Feed, items: list[FeedItem], path: str, atom: bool = False) -> FeedGenerator:
        """The feed written to `path`: its id and `rel="self"` are that file's own address.

        RSS carries item HTML in a CDATA section (content:encoded); Atom as escaped `type="html"`
        (RFC 4287 knows no CDATA type).
        """
        generator = FeedGenerator()
        generator.id(self.absolute(path))
        generator.title(feed.title)
        generator.description(feed.description)
        generator.subtitle(feed.description)
        # feedgen takes the channel's <link> from the last link given.
        generator.link(href=self.absolute(path), rel="self", type="application/atom+xml" if atom else None)
        generator.link(href=self.absolute(feed.page_url), rel="alternate")
        generator.language("pl")
        if atom:
            generator.author(self.author)
        elif "email" in self.author:
            generator.managingEditor(f"{self.author['email']} ({self.author['name']})")
        generator.generator(self.sitename)
        generator.copyright(self.sitename)
        stamp = max((aware(i.updated or i.date) for i in items), default=datetime(2000, 1, 1, tzinfo=WARSAW))
        generator.lastBuildDate(stamp)
        generator.updated(stamp)
        # feedgen prepends entries; add oldest first so the feed lists newest first.
        for item in reversed(items):
            entry = generator.add_entry()
            entry.id(item.guid)
            entry.guid(item.guid, permalink=False)
            entry.title(item.title)
            link = self.absolute(item.link)
            entry.link(href=link)
            entry.pubDate(aware(item.date))
            entry.updated(aware(item.updated or item.date))
            if item.summary:
                entry.description(item.summary)
            if item.content:
                entry.content(self.published_html(item), type="html" if atom else "CDATA")
            for category in item.categories:
                entry.category(term=category)
        return generator

    def write(self, feed: Feed, items: list[FeedItem], output_path: str) -> list[str]:
        items = self.newest(items)
        problems = self.gate_problems(feed, items)
        if problems:
            raise ContentValidationError(problems)
        written = [feed.path]
        target = os.path.join(output_path, feed.path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        self.generator(feed, items, feed.path).rss_file(target, pretty=True)
        if feed.atom:
            atom_path = feed.path.replace("rss.xml", "atom.xml")
            self.generator(feed, items, atom_path, atom=True).atom_file(
                os.path.join(output_path, atom_path), pretty=True
            )
            written.append(atom_path)
        return written


class FeedsGenerator(Generator):
    """Collects every feed after the other generators read their content."""

    def generate_context(self):
        self.builder = FeedBuilder(self.settings)
        self.feeds = announced_feeds(self.context)
        self.context["FEEDS"] = {feed.key: feed for feed in self.feeds}
        self.context["FEED_LIST"] = self.feeds
        self.context["GROUP_FEEDS"] = [feed for feed in self.feeds if feed.key.startswith("group:")]
        self.context["FEEDS_PAGE_URL"] = feeds_settings(self.settings)["url"]

    def items_of(self, feed: Feed) -> list[FeedItem]:
        """Items only for the sources a feed can keep: those on or after the N-th newest date."""
        sources, limit = feed.sources, self.builder.max_items
        if len(sources) > limit:
            cutoff = sorted((aware(feed.date_of(source)) for source in sources), reverse=True)[limit - 1]
            sources = [source for source in sources if aware(feed.date_of(source)) >= cutoff]
        return [feed.make_item(source, self.builder.guid) for source in sources]

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(feed.path, None) for feed in self.feeds] + [(feeds_settings(self.settings)["save_as"], None)]

    def generate_output(self, writer):
        for feed in self.feeds:
            self.builder.write(feed, self.items_of(feed), self.output_path)
        self.builder.clean.save()
        config = feeds_settings(self.settings)
        writer.write_file(config["save_as"], self.get_template("feeds"), self.context, url=config["url"])


def get_generators(pelican):
    return FeedsGenerator


# Runs after (plugins.core.order): every plugin that announces a feed or a calendar.
NEEDS = ("news", "groups", "bip", "council", "magazine", "events", "waste_collection", "ledger")


def register():
    signals.get_generators.connect(get_generators)
