"""RSS 2.0 (and Atom for all news) feeds, written with feedgen.

Feeds: all news; each news category; each information group; BIP new
documents; the BIP register of changes; magazine issues. Every feed has
absolute URLs, `pl` language, Europe/Warsaw dates, at most N items newest
first, and GUIDs that never change when an item is edited: they name the
source file (or commit, or issue number), never the title or URL.
Two builds of the same commit give byte-identical feeds (no "now" anywhere).
Settings: FEEDS = {"max_items", "fallback_siteurl", "guid_authority", "url", "save_as"}.
"""

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from operator import attrgetter
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

from plugins.core import ContentValidationError, Problem, check_html, display_path, plugin_settings
from plugins.core.cache import BuildCache

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


@dataclass
class FeedItem:
    guid: str
    title: str
    link: str  # site-relative URL
    date: datetime
    summary: str = ""
    content: str = ""
    categories: list[str] = field(default_factory=list)
    updated: datetime | None = None
    source: str = ""  # the content file, as editors see it, for the gate's messages


@dataclass
class Feed:
    key: str
    title: str
    description: str
    path: str  # site-relative file path, e.g. aktualnosci/rss.xml
    page_url: str  # the HTML page the feed belongs to
    # Made when the feed is written: item bodies resolve {static} links, which needs every
    # generator's context (the static files are read last).
    make_items: Callable[[], list[FeedItem]]
    audience: str  # who it is for, for the Kanały RSS page
    atom: bool = False

    @property
    def url(self) -> str:
        return self.path


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

    def write(self, feed: Feed, output_path: str) -> list[str]:
        items = self.newest(feed.make_items())
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


def relative_source(content, settings) -> str:
    return os.path.relpath(content.source_path, settings["PATH"]).replace(os.sep, "/")


def shown_source(content, settings) -> str:
    return display_path(settings["PATH"], content.source_path)


def news_item(article, builder: FeedBuilder, settings) -> FeedItem:
    return FeedItem(
        guid=builder.guid(article.date, relative_source(article, settings)),
        title=article.title,
        link=article.url,
        date=article.date,
        updated=getattr(article, "modified", None),
        summary=BeautifulSoup(article.summary or "", "html.parser").get_text(" ", strip=True),
        content=article.content,
        categories=[article.category.name],
        source=shown_source(article, settings),
    )


def bip_document_item(document, builder: FeedBuilder, settings) -> FeedItem:
    # The path it was first published at: a move must not make a new item for subscribers.
    specific = document.identity
    return FeedItem(
        guid=builder.guid(document.date, specific),
        title=document.title,
        link=document.url,
        date=document.date,
        summary=document.summary,
        content=document.content,
        categories=[document.category.lineage[0].title] if document.category else [],
        source=shown_source(document, settings),
    )


def register_item(entry, builder: FeedBuilder) -> FeedItem:
    change = entry["change"]
    link = entry["document"].history_url if entry["document"] else "bip/rejestr-zmian/"
    return FeedItem(
        guid=builder.guid(change.date, f"{change.commit}/{change.path}"),
        title=f"{change.kind_label}: {entry['label']}",
        link=link,
        date=change.date,
        summary=f"{change.who}: {change.reason}",
    )


def register_date(entry) -> datetime:
    return entry["change"].date


def magazine_item(issue, builder: FeedBuilder, settings) -> FeedItem:
    return FeedItem(
        guid=builder.guid(issue.date, f"dookola-wachocka/{issue.number}"),
        title=issue.title,
        link=issue.url,
        date=issue.date,
        summary=issue.summary,
        content=issue.content,
        source=shown_source(issue, settings),
    )


class FeedsGenerator(Generator):
    """Collects every feed after the other generators read their content."""

    def generate_context(self):
        builder = FeedBuilder(self.settings)
        self.builder = builder
        # "Gminy Wąchock": from the office's data file (plugins/town), else the site's name.
        town = (self.settings.get("OFFICE") or {}).get("town_genitive") or self.settings["SITENAME"]
        context = self.context
        feeds = []
        articles = context.get("articles", [])
        news = partial(self.items_of, news_item, articles, builder, self.settings)
        feeds.append(
            Feed(
                "news",
                f"{self.settings['SITENAME']}: aktualności",
                f"Wszystkie aktualności i komunikaty {town}.",
                "aktualnosci/rss.xml",
                self.settings["NEWS_URL"],
                news,
                "wszystkie wiadomości z serwisu",
                atom=True,
            )
        )
        for category, members in context.get("categories", []):
            feeds.append(
                Feed(
                    f"category:{category.slug}",
                    f"Aktualności: {category.name}",
                    f"Wiadomości z kategorii {category.name}.",
                    f"{category.url}rss.xml",
                    category.url,
                    partial(self.items_of, news_item, members, builder, self.settings),
                    f"tylko kategoria „{category.name}”",
                )
            )
        for group, members in context.get("groups", []):
            feeds.append(
                Feed(
                    f"group:{group.slug}",
                    f"Wiadomości: {group.name}",
                    f"Wiadomości dla grupy {group.name} (jak w Informatorze SMS).",
                    f"{group.url}rss.xml",
                    group.url,
                    partial(self.items_of, news_item, members, builder, self.settings),
                    f"mieszkańcy i sprawy: {group.name}",
                )
            )
        if "bip_documents" in context:
            feeds.append(
                Feed(
                    "bip_documents",
                    f"BIP {town}: nowe dokumenty",
                    "Nowe dokumenty w Biuletynie Informacji Publicznej.",
                    "bip/rss.xml",
                    "bip/",
                    partial(self.items_of, bip_document_item, context["bip_documents"], builder, self.settings),
                    "nowe uchwały, zarządzenia, przetargi i ogłoszenia w BIP",
                )
            )
            feeds.append(
                Feed(
                    "bip_register",
                    f"BIP {town}: rejestr zmian",
                    "Każda zmiana w Biuletynie Informacji Publicznej: dodanie, zmiana, usunięcie.",
                    "bip/rejestr-zmian/rss.xml",
                    "bip/rejestr-zmian/",
                    partial(
                        self.items_of,
                        register_item,
                        context.get("bip_register_entries", []),
                        builder,
                        date_of=register_date,
                    ),
                    "każda zmiana w BIP (dla dziennikarzy i radnych)",
                )
            )
        if "magazine_issues" in context:
            magazine = context["MAGAZINE_DATA"]
            feeds.append(
                Feed(
                    "magazine",
                    f"„{magazine['name']}”: nowe numery",
                    f"Nowe numery czasopisma „{magazine['name']}”. Wydawca: {magazine['publisher']}.",
                    "dookola-wachocka/rss.xml",
                    "dookola-wachocka/",
                    partial(self.items_of, magazine_item, context["magazine_issues"], builder, self.settings),
                    "nowe numery czasopisma",
                )
            )
        self.feeds = feeds
        context["FEEDS"] = {feed.key: feed for feed in feeds}
        context["FEED_LIST"] = feeds
        context["GROUP_FEEDS"] = [feed for feed in feeds if feed.key.startswith("group:")]
        context["FEEDS_PAGE_URL"] = feeds_settings(self.settings)["url"]

    def items_of(self, make_item, sources, *arguments, date_of=attrgetter("date")) -> list[FeedItem]:
        """Items only for the sources a feed can keep: those on or after the N-th newest date."""
        limit = self.builder.max_items
        if len(sources) > limit:
            cutoff = sorted((aware(date_of(source)) for source in sources), reverse=True)[limit - 1]
            sources = [source for source in sources if aware(date_of(source)) >= cutoff]
        return [make_item(source, *arguments) for source in sources]

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(feed.path, None) for feed in self.feeds] + [(feeds_settings(self.settings)["save_as"], None)]

    def generate_output(self, writer):
        for feed in self.feeds:
            self.builder.write(feed, self.output_path)
        self.builder.clean.save()
        config = feeds_settings(self.settings)
        writer.write_file(config["save_as"], self.get_template("feeds"), self.context, url=config["url"])


def get_generators(pelican):
    return FeedsGenerator


# Runs after (plugins.core.order): every feed's items and the calendars their producers announce.
NEEDS = ("news", "groups", "bip", "council", "magazine", "events", "waste_collection", "ledger")


def register():
    signals.get_generators.connect(get_generators)
