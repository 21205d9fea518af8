"""Feeds announced by the plugins whose content they carry; the feeds plugin writes them.

A plugin that publishes items with a feed (news and its categories, information groups, BIP documents
and the register of changes, magazine issues) announces each feed with `announce_feed` while it
builds its context: what the feed is, its items' sources and how one source becomes an item. The
feeds plugin then writes every announced feed with feedgen (the newest items, stable GUIDs, the
gate on item HTML) and lists them on the "Kanały RSS" page in the order of their `rank`.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from operator import attrgetter

from bs4 import BeautifulSoup

from .discovery import display_path

FEEDS_KEY = "announced_feeds"
# Where a feed stands on the "Kanały RSS" page and in FEED_LIST: all news first, the magazine last.
ALL_NEWS, NEWS_CATEGORY, GROUP, BIP_DOCUMENTS, BIP_REGISTER, MAGAZINE = range(6)

# guid(date, specific) -> a tag URI that never changes (the feeds plugin's, with its authority).
Guid = Callable[[datetime, str], str]


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
    # Items are made when the feed is written: their bodies resolve {static} links, which needs every
    # generator's context (the static files are read last).
    sources: list = field(metadata={"described": False})  # the pages showing a feed describe its items
    make_item: Callable[[object, Guid], FeedItem]
    audience: str  # who it is for, for the Kanały RSS page
    rank: tuple = ()
    atom: bool = False
    date_of: Callable[[object], datetime] = attrgetter("date")

    @property
    def url(self) -> str:
        return self.path


def announce_feed(context: dict, feed: Feed) -> None:
    context.setdefault(FEEDS_KEY, []).append(feed)


def announced_feeds(context: dict) -> list[Feed]:
    return sorted(context.get(FEEDS_KEY, []), key=lambda feed: feed.rank)


def news_list_feed(settings: dict, key: str, listing, members: list, title: str, description: str, audience: str, rank):
    """The feed of a list of news items with its own page (a category, an information group)."""
    return Feed(
        f"{key}:{listing.slug}",
        title,
        description,
        f"{listing.url}rss.xml",
        listing.url,
        members,
        partial(article_item, settings),
        audience,
        rank=rank,
    )


def town_genitive(settings: dict) -> str:
    """ "Gminy Wąchock", from the office's data file (plugins/town), else the site's name."""
    return (settings.get("OFFICE") or {}).get("town_genitive") or settings["SITENAME"]


def article_item(settings: dict, article, guid: Guid) -> FeedItem:
    """A news item as a feed item (in all news, its category and its groups)."""
    relative = os.path.relpath(article.source_path, settings["PATH"]).replace(os.sep, "/")
    return FeedItem(
        guid=guid(article.date, relative),
        title=article.title,
        link=article.url,
        date=article.date,
        updated=getattr(article, "modified", None),
        summary=BeautifulSoup(article.summary or "", "html.parser").get_text(" ", strip=True),
        content=article.content,
        categories=[article.category.name],
        source=display_path(settings["PATH"], article.source_path),
    )
