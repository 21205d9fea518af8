"""News (aktualności) and static pages: their fields, URLs and the home page.

Settings: NEWS = {"categories": [...], "alert_category": ..., "home_latest": N,
"home_alerts": N}.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial

from pelican import signals

from plugins.core import (
    DocumentType,
    Field,
    plugin_settings,
    report_content_problem,
)
from plugins.core.dates import WARSAW, build_now, metadata_moment, parse_local_date
from plugins.core.feeds import ALL_NEWS, NEWS_CATEGORY, Feed, announce_feed, article_item, news_list_feed, town_genitive
from plugins.core.session import output_changes_at

logger = logging.getLogger(__name__)

DEFAULTS = {
    "categories": ["Aktualności"],
    "alert_category": "Komunikaty",
    "home_latest": 6,
    "home_alerts": 3,
    # A komunikat stays on the home page this many days, or until its Expires (when given).
    "home_alerts_max_age_days": 30,
}


def news_settings(settings: dict) -> dict:
    return plugin_settings(settings, "NEWS", DEFAULTS)


def categories(settings: dict) -> list[str]:
    return news_settings(settings)["categories"]


NEWS_TYPE = DocumentType(
    name="news",
    label="aktualność",
    directory="aktualnosci",
    fields=(
        Field("Title", required=True, example="tytuł aktualności"),
        Field("Date", "date", required=True, example="RRRR-MM-DD GG:MM"),
        Field("Category", "choice", required=True, choices=categories, example="jedna z kategorii z listy"),
        Field("Tags", "list", example="słowo, drugie słowo"),
        Field("Summary", example="jedno zdanie widoczne na liście aktualności"),
        Field("Modified", "date", example="RRRR-MM-DD GG:MM", not_before="Date"),
        Field(
            "Expires",
            "date",
            example="RRRR-MM-DD GG:MM",
            not_before="Date",
            description="do kiedy komunikat jest aktualny na stronie głównej",
        ),
        Field("Slug", example="adres-strony"),
        Field("Image", "image", requires="Image_alt", example="images/nazwa-pliku.jpg"),
        Field(
            "Image_alt",
            example="krótki opis tego, co widać na zdjęciu",
            description="opis obrazu dla osób, które go nie widzą",
        ),
        Field("Status", "choice", choices=lambda settings: pelican_statuses(settings), example="draft"),
    ),
)

PAGE_TYPE = DocumentType(
    name="page",
    label="strona",
    directory="pages",
    fields=(
        Field("Title", required=True, example="tytuł strony"),
        Field("Slug", example="adres-strony"),
        Field("Summary", example="jedno zdanie o tym, co jest na stronie"),
        Field("Modified", "date", example="RRRR-MM-DD"),
        Field("Parent", example="adres-strony-nadrzędnej"),
        Field("Status", "choice", choices=lambda settings: pelican_statuses(settings), example="hidden"),
    ),
)


def pelican_statuses(settings: dict) -> list[str]:
    return ["published", "draft", "hidden"]


def has_explicit_slug(content) -> bool:
    return "slug" in content.metadata


def give_same_titles_their_own_urls(generator) -> None:
    """Same-title news in one year get -2, -3... in date order.

    The earliest keeps the plain address, so adding an unrelated document
    never moves an existing one. Explicit Slug clashes are left for the
    validator to report.
    """
    everything = generator.articles + generator.hidden_articles
    by_target = defaultdict(list)
    for article in everything:
        by_target[article.save_as].append(article)
    for clashing in by_target.values():
        automatic = [a for a in clashing if not has_explicit_slug(a)]
        if len(clashing) < 2 or len(automatic) < 2:
            continue
        automatic.sort(key=lambda a: (a.date, a.source_path))
        for number, article in enumerate(automatic[1:], start=2):
            article.slug = f"{article.slug}-{number}"


def current_until(article, max_age_days: int) -> datetime:
    """When a komunikat stops being current: its Expires, or its date plus the configured age."""
    expires = article.metadata.get("expires")
    if expires:
        return parse_local_date(expires).replace(tzinfo=WARSAW)
    return article.date.astimezone(WARSAW) + timedelta(days=max_age_days)


def add_home_page_context(generator) -> None:
    config = news_settings(generator.settings)
    articles = generator.articles  # newest first
    alert_category = config["alert_category"]
    generator.context["home_latest"] = [a for a in articles if a.category.name != alert_category][
        : config["home_latest"]
    ]
    now = build_now(generator.settings)
    current = []
    for article in articles:
        if article.category.name != alert_category:
            continue
        until = current_until(article, config["home_alerts_max_age_days"])
        banner = metadata_moment(article.metadata, "alert_until")
        if banner and banner > now:
            # On every page as the urgent banner (plugins/alerts): not a second time just below it.
            output_changes_at(generator.settings, banner)
            continue
        if until > now:
            current.append(article)
            output_changes_at(generator.settings, until)  # it leaves the home page then, although no file changes
    generator.context["home_alerts"] = current[: config["home_alerts"]]
    for category, _ in generator.categories:
        if category.name == alert_category:
            generator.context["ALERTS_CATEGORY_URL"] = category.url
    years = sorted({a.date.year for a in articles}, reverse=True)
    year_url = generator.settings["YEAR_ARCHIVE_URL"]
    generator.context["news_years"] = [(year, year_url.format(date=datetime(year, 1, 1))) for year in years]
    generator.context["news_categories_configured"] = config["categories"]


def announce_news_feeds(generator) -> None:
    """All news (RSS and Atom) and one feed per category (core.feeds)."""
    settings, context = generator.settings, generator.context
    item = partial(article_item, settings)
    everything = Feed(
        "news",
        f"{settings['SITENAME']}: aktualności",
        f"Wszystkie aktualności i komunikaty {town_genitive(settings)}.",
        "aktualnosci/rss.xml",
        settings["NEWS_URL"],
        generator.articles,
        item,
        "wszystkie wiadomości z serwisu",
        rank=(ALL_NEWS,),
        atom=True,
    )
    announce_feed(context, everything)
    for number, (category, members) in enumerate(generator.categories):
        by_category = news_list_feed(
            settings,
            "category",
            category,
            members,
            f"Aktualności: {category.name}",
            f"Wiadomości z kategorii {category.name}.",
            f"tylko kategoria „{category.name}”",
            rank=(NEWS_CATEGORY, number),
        )
        announce_feed(context, by_category)


def link_pages_to_parents(generator) -> None:
    """Parent: <slug> puts a page under another one (breadcrumbs, sub-page lists)."""
    pages = generator.pages + generator.hidden_pages
    by_slug = {page.slug: page for page in pages}
    for page in pages:
        page.child_pages = []
    for page in pages:
        parent = getattr(page, "parent", "")
        page.parent_page = by_slug.get(parent)
        if parent and page.parent_page is None:
            report_content_problem(
                page,
                "Parent",
                f"nie ma strony o adresie „{parent}” (pole „Parent”). Wpisz adres (Slug) "
                f"istniejącej strony, np. jedną z: {', '.join(sorted(by_slug)[:8])}.",
            )
    for page in pages:
        if page.parent_page is not None and in_parent_cycle(page):
            report_content_problem(
                page,
                "Parent",
                f"strona nie może być (pośrednio) swoją własną stroną nadrzędną (pole „Parent: {page.parent}”). "
                "Wpisz adres strony stojącej wyżej w menu albo usuń ten wiersz.",
            )
            page.parent_page = None
    for page in generator.pages:
        if page.parent_page is not None:
            page.parent_page.child_pages.append(page)


def in_parent_cycle(page) -> bool:
    seen, current = {id(page)}, page.parent_page
    while current is not None:
        if id(current) in seen:
            return True
        seen.add(id(current))
        current = current.parent_page
    return False


DOCUMENT_TYPES = (
    NEWS_TYPE,
    PAGE_TYPE,
)

# Runs after (plugins.core.order): news and pages are validated before they are read.
NEEDS = ("validation",)


def register():
    signals.article_generator_pretaxonomy.connect(give_same_titles_their_own_urls)
    signals.article_generator_finalized.connect(add_home_page_context)
    signals.article_generator_finalized.connect(announce_news_feeds)
    signals.page_generator_finalized.connect(link_pages_to_parents)
