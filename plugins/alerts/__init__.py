"""Komunikaty banners: a news item with `Alert_until` is shown on every page.

The site is static: pages built before the expiry carry the banner, and a few
lines of progressive-enhancement JavaScript (theme/static/js/alerts.js) hide it
in the reader's browser once the moment has passed. Without JavaScript it stays
until the next build. Whether a banner is still current is judged at the build's moment
(`core.dates.build_now`).
"""

from datetime import datetime

from pelican import signals

from plugins.core import Field, build_now
from plugins.core.dates import metadata_moment
from plugins.core.session import output_changes_at


def alert_until(article) -> datetime | None:
    return metadata_moment(article.metadata, "alert_until")


def collect_active_alerts(generator) -> None:
    now = build_now(generator.settings)
    active = []
    for article in generator.articles:
        until = alert_until(article)
        if until and until > now:
            article.alert_until = until
            active.append(article)
            output_changes_at(generator.settings, until)  # the banner goes at that moment although no file changes
    generator.context["active_alerts"] = sorted(active, key=lambda a: a.date, reverse=True)


ADDED_FIELDS = {
    "news": (
        Field(
            "Alert_until",
            "date",
            example="RRRR-MM-DD GG:MM",
            not_before="Date",
            description="do kiedy pokazywać komunikat na każdej stronie",
        ),
    ),
}

# Runs after (plugins.core.order): komunikaty are news items.
NEEDS = ("news",)


def register():
    signals.article_generator_finalized.connect(collect_active_alerts)
