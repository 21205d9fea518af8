"""Notices for the noticeboards: each komunikat and event as an A4 sheet to print and pin up.

The mayor's report counts about 40 noticeboards in the gmina. `{page}druk/` is the page laid out for
one A4 sheet: the office's header (content/dane/urzad.yaml), large type, and a QR code leading to the
page online, drawn at build time by `segno` as inline SVG (no remote service, no image request).
Settings: NOTICEBOARD = {"site_url": the address the QR codes lead to when SITEURL is empty (development
builds), "path": the print page below each page's address}.
"""

from dataclasses import dataclass

import segno
from pelican import signals
from pelican.generators import Generator

from plugins.core import date_pl, plugin_settings
from plugins.core.cache import BuildCache

DEFAULTS = {"site_url": "https://www.wachock.pl", "path": "druk/"}


@dataclass
class Notice:
    title: str
    kind: str  # "Komunikat", "Wydarzenie"
    url: str  # the page online
    print_url: str
    when: str  # the event's date and time, or the komunikat's publication date
    place: str
    body: str  # rendered HTML
    qr_svg: str
    address: str  # the absolute address the QR code encodes, printed under it


def noticeboard_settings(settings: dict) -> dict:
    return plugin_settings(settings, "NOTICEBOARD", DEFAULTS)


def qr_svg(address: str) -> str:
    """The QR code as inline SVG: medium error correction survives a worn, rained-on sheet."""
    code = segno.make(address, error="m", micro=False)
    return code.svg_inline(scale=4, border=4, svgclass="notice-sheet__qr", omitsize=True, title=f"Kod QR: {address}")


class NoticeboardGenerator(Generator):
    """After news and events are read: a print page for every komunikat and event."""

    def generate_context(self):
        config = noticeboard_settings(self.settings)
        site = (self.settings.get("SITEURL") or config["site_url"]).rstrip("/")
        # A code depends on its address only: drawn once, then kept between builds.
        self.codes = BuildCache(self.settings, f"{type(self).__name__}-QrCodes")
        alert_category = self.settings.get("NEWS", {}).get("alert_category", "")
        self.notices = []
        for article in self.context.get("articles", []):
            if str(getattr(article, "category", "")) == alert_category:
                notice = self.notice(site, config, "Komunikat", article.title, article.url, article.content)
                notice.when = f"Opublikowano {date_pl(article.date)} r."
                article.print_url = notice.print_url
                self.notices.append(notice)
        for event in self.context.get("events", []):
            notice = self.notice(site, config, "Wydarzenie", event.title, event.url, event.content)
            notice.when, notice.place = event.entry.when, event.entry.place
            self.notices.append(notice)
        self.codes.save()

    def notice(self, site: str, config: dict, kind: str, title: str, url: str, body: str) -> Notice:
        address = f"{site}/{url}"
        return Notice(title, kind, url, f"{url}{config['path']}", "", "", body, self.qr_code(address), address)

    def qr_code(self, address: str) -> str:
        code = self.codes.get(address)
        if code is None:
            code = qr_svg(address)
            self.codes.keep(address, code)
        return code

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(f"{notice.print_url}index.html", None) for notice in self.notices]

    def generate_output(self, writer):
        template = self.get_template("notice_print")
        for notice in self.notices:
            writer.write_file(
                f"{notice.print_url}index.html", template, self.context, url=notice.print_url, notice=notice
            )


def get_generators(pelican):
    return NoticeboardGenerator


# Runs after (plugins.core.order): a sheet for each komunikat and event.
NEEDS = ("news", "events")


def register():
    signals.get_generators.connect(get_generators)
