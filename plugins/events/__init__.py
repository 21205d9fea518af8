"""The town's calendar: events, a page per event, month pages, "Najbliższe terminy" and iCalendar feeds.

content/wydarzenia/**.md, one file per event (village meetings, festivals, office closures...): start,
end, place, category (from content/dane/kalendarz.yaml) and the information groups (villages) it
concerns. Other plugins add dated entries of their own (council sessions) through
core.calendar, so the month pages, the home page and the feeds show everything.

Published: each event's page with a one-event .ics file, a calendar page per month (a table of days
and the list of that month's entries; no JavaScript), `kalendarz/` with what is coming, the home
page's "Najbliższe terminy", and RFC 5545 feeds: all entries, and each sołectwo's events.
Settings: EVENTS = {"url", "home_upcoming", "upcoming", "uid_domain", "feed_name", "village_feed_name"}.
"""

import calendar
import itertools
import os
from dataclasses import dataclass, field
from datetime import date, datetime

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from plugins.core import (
    WARSAW,
    DataFile,
    DocumentType,
    Field,
    Problem,
    Snapshot,
    SnapshotBacked,
    SnapshotReader,
    build_now,
    has_hour,
    local_datetime,
    month_pl,
    plugin_settings,
    read_documents,
    split_list,
)
from plugins.core.calendar import (
    ENTRIES_KEY,
    PLACE_EVENTS,
    SESSION_CATEGORY,
    WHOLE_GMINA,
    CalendarEntry,
    add_calendar_entries,
    announce_calendar,
    calendar_bytes,
    write_calendar,
)
from plugins.core.datafiles import Entry, load_data
from plugins.core.polish import WEEKDAYS, day_month_pl, weekday_pl
from plugins.core.session import output_changes_at
from plugins.core.shown import shown_key

DIRECTORY = "wydarzenia"
DEFAULTS = {
    "url": "kalendarz/",
    "home_upcoming": 4,  # events on the home page, besides the next session
    "upcoming": 30,  # entries listed on kalendarz/
    "uid_domain": "wachock.pl",
    "feed_name": "wydarzenia.ics",
    "village_feed_name": "wydarzenia.ics",
}
DATA_FILE = "kalendarz.yaml"
DATA_ENTRIES = (Entry("categories", "list", unique="name", entries=(Entry("name", example="Zebranie wiejskie"),)),)
# Two letters, as Polish wall calendars print them: a column of a month fits a 320 px phone in larger text.
WEEKDAYS_SHORT = ("Pn", "Wt", "Śr", "Cz", "Pt", "So", "Nd")


def events_settings(settings: dict) -> dict:
    return plugin_settings(settings, "EVENTS", DEFAULTS)


def category_names(settings: dict) -> list[str]:
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    return [] if problems else [entry["name"] for entry in data.get("categories", [])]


def check_data_file(path, shown_as, settings) -> list[Problem]:
    return load_data(settings, DATA_FILE, DATA_ENTRIES)[1]


def start_and_end_alike(documents, settings) -> list[Problem]:
    """An event with an hour ends at an hour; an all-day event ends on a day."""
    problems = []
    for document in documents:
        start, end = document.get("Start"), document.get("End")
        if start and end and start.value and end.value and has_hour(start.value) != has_hour(end.value):
            example = "2026-12-06 18:00" if has_hour(start.value) else "2026-12-07"
            problems.append(
                Problem(
                    document.display_path,
                    end.line,
                    f"„End: {end.value}”: początek podano {'z godziną' if has_hour(start.value) else 'bez godziny'}, "
                    f"więc koniec też, np. „End: {example}”.",
                )
            )
    return problems


EVENT_TYPE = DocumentType(
    name="event",
    label="wydarzenie",
    directory=DIRECTORY,
    fields=(
        Field("Title", required=True, example="nazwa wydarzenia"),
        Field("Start", "date", required=True, example="RRRR-MM-DD GG:MM (albo RRRR-MM-DD: cały dzień)"),
        Field("End", "date", not_before="Start", example="RRRR-MM-DD GG:MM"),
        Field("Place", required=True, example="miejsce, np. świetlica wiejska w Parszowie"),
        Field("Category", "choice", required=True, choices=category_names, example="Zebranie wiejskie"),
        Field(
            "Groups",
            "choices",
            choices=lambda settings: settings.get("GROUPS", {}).get("names", []),
            example="Parszów (sołectwa, których dotyczy; puste: cała gmina)",
        ),
        Field("Summary", example="jedno zdanie o wydarzeniu"),
        Field("Slug", example="adres-wydarzenia"),
    ),
    collection_rules=(start_and_end_alike,),
)


@dataclass
class Event(SnapshotBacked):
    snapshot: Snapshot
    source_path: str
    entry: CalendarEntry
    url: str
    save_as: str

    @property
    def title(self) -> str:
        return self.snapshot.title

    # What a page may show of it (core.shown).
    SHOWN = ("url", "title", "summary", "snapshot", "content", "entry")
    # Its pages are made from its text and header alone (no history): the preview shows an edit of
    # its text at once (wachock.live).
    PREVIEW_FROM_TEXT = True

    @property
    def record_key(self) -> str:
        return shown_key(self)


@dataclass
class Day:
    day: date
    anchor: str
    label: str  # "sobota, 5 grudnia"
    entries: list[CalendarEntry] = field(default_factory=list)

    @property
    def events(self) -> list[CalendarEntry]:
        return [entry for entry in self.entries if not entry.routine]

    @property
    def routine(self) -> list[CalendarEntry]:
        """Service days (waste collection): one short line under the day's events, not a card each."""
        return [entry for entry in self.entries if entry.routine]


@dataclass
class Month:
    year: int
    month: int
    url: str
    title: str  # "grudzień 2026"
    weeks: list[list[Day | None]]  # Monday first; None outside the month
    days: list[Day]  # the days with entries
    previous: tuple[str, str] | None = None  # (title, URL)
    next: tuple[str, str] | None = None


class EventsGenerator(Generator):
    """Reads events; gathers every plugin's calendar entries; writes the calendar's pages and feeds."""

    def generate_context(self):
        self.config = events_settings(self.settings)
        self.events = self.read_events()
        add_calendar_entries(self.context, [event.entry for event in self.events])
        for event in self.events:  # `{filename}` links to an event, as to news
            relative = os.path.relpath(event.source_path, self.path).replace(os.sep, "/")
            self.context["generated_content"][relative] = event
        self.entries = sorted(self.context.get(ENTRIES_KEY, []), key=CalendarEntry.sort_key)
        now = build_now(self.settings)
        self.today = now.date()
        self.months = self.make_months()
        upcoming = [entry for entry in self.entries if entry.ends_at > now and not entry.routine]
        if upcoming:
            # The lists change when it is over.
            output_changes_at(self.settings, min(entry.ends_at for entry in upcoming))
        sessions = [entry for entry in upcoming if entry.category == SESSION_CATEGORY and not entry.cancelled]
        others = [entry for entry in upcoming if entry not in sessions[:1]]
        self.context["upcoming_dates"] = {
            "session": sessions[0] if sessions else None,
            "events": others[: self.config["home_upcoming"]],
            "url": self.config["url"],
        }
        self.upcoming = upcoming[: self.config["upcoming"]]
        self.feed_url = f"{self.config['url']}{self.config['feed_name']}"
        announce_calendar(self.context, "Wszystkie terminy: sesje i wydarzenia", self.feed_url, (WHOLE_GMINA, 0))
        self.village_feeds = self.village_calendars()
        self.context["VILLAGE_EVENT_FEEDS"] = {name: url for name, url, _ in self.village_feeds}
        self.context["events"] = self.events
        self.context["EVENTS_URL"] = self.config["url"]

    def read_events(self) -> list[Event]:
        reader = SnapshotReader(self.settings, self.context, cache_name=type(self).__name__)
        events = read_documents(
            self.settings, EVENT_TYPE.name, reader, lambda path, _, snapshot: self.event_of(snapshot, path)
        )
        reader.save()
        return sorted(events, key=lambda event: event.entry.sort_key())

    def event_of(self, snapshot: Snapshot, path: str) -> Event:
        start_text, end_text = snapshot.get("start"), snapshot.get("end")
        start = local_datetime(start_text)
        end = local_datetime(end_text) if end_text else None
        if not has_hour(start_text):
            start, end = start.date(), end.date() if end else None
        slug = snapshot.get("slug") or self.slug_of(snapshot.title)
        url = f"{self.config['url']}{start.year}/{slug}/"
        identity = os.path.relpath(path, self.path).replace(os.sep, "/").removesuffix(".md")
        entry = CalendarEntry(
            uid=f"{self.slug_of(identity)}@{self.config['uid_domain']}",
            title=snapshot.title,
            start=start,
            end=end,
            url=url,
            category=snapshot.get("category"),
            place=snapshot.get("place"),
            groups=tuple(split_list(snapshot.get("groups"))),
            summary=snapshot.get("summary"),
        )
        return Event(snapshot, path, entry, url, f"{url}index.html")

    def slug_of(self, text: str) -> str:
        return slugify(text, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])

    def make_months(self) -> list[Month]:
        today = self.today
        self.by_day: dict[date, list[CalendarEntry]] = {}
        for entry in self.entries:
            for day in entry.days:
                self.by_day.setdefault(day, []).append(entry)
        keys = {(day.year, day.month) for day in self.by_day}
        keys.add((today.year, today.month))
        # The current month always has its page: the next month's first day changes the output.
        next_month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        output_changes_at(self.settings, datetime.combine(next_month, datetime.min.time(), tzinfo=WARSAW))
        first, last = min(keys), max(keys)
        months = []
        year, month = first
        while (year, month) <= last:
            months.append(self.month_page(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        for earlier, later in itertools.pairwise(months):
            earlier.next = (later.title, later.url)
            later.previous = (earlier.title, earlier.url)
        return months

    def month_page(self, year: int, month: int) -> Month:
        grid = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        days = {
            day: Day(
                day,
                f"dzien-{day.isoformat()}",
                f"{weekday_pl(day)}, {day_month_pl(day)}",
                self.by_day.get(day, []),
            )
            for week in grid
            for day in week
            if day.month == month
        }
        weeks = [[days.get(day) for day in week] for week in grid]
        return Month(
            year,
            month,
            f"{self.config['url']}miesiac/{year}-{month:02d}/",
            f"{month_pl(month)} {year}",
            weeks,
            [day for day in days.values() if day.entries],
        )

    @property
    def gmina_wide_entries(self) -> list[CalendarEntry]:
        return [entry for entry in self.entries if not entry.routine]

    def village_calendars(self) -> list[tuple[str, str, list[CalendarEntry]]]:
        feeds = []
        for village in self.context.get("VILLAGES_LIST", []):
            if not village.url:
                continue
            chosen = [entry for entry in self.entries if village.group and village.group in entry.groups]
            url = f"{village.url}{self.config['village_feed_name']}"
            feeds.append((village.name, url, chosen))
            announce_calendar(self.context, f"Wydarzenia – {village.name}", url, (PLACE_EVENTS, len(feeds)))
        return feeds

    def planned_outputs(self) -> list[tuple[str, object]]:
        outputs = [(f"{self.config['url']}index.html", None), (self.feed_url, None)]
        outputs += [(f"{month.url}index.html", None) for month in self.months]
        outputs += [(url, None) for _, url, _ in self.village_feeds]
        for event in self.events:
            outputs += [(event.save_as, event), (f"{event.url}wydarzenie.ics", event)]
        return outputs

    def generate_output(self, writer):
        site = self.settings["SITEURL"]
        template = self.get_template("events")
        url = self.config["url"]
        current = self.today
        this_month = next((m for m in self.months if (m.year, m.month) == (current.year, current.month)), None)
        years = sorted({m.year for m in self.months})
        months_by_year = [(year, [m for m in self.months if m.year == year]) for year in years]
        writer.write_file(
            f"{url}index.html",
            template,
            self.context,
            url=url,
            upcoming=self.upcoming,
            months_by_year=months_by_year,
            this_month=this_month,
            calendar_feed=self.feed_url,
        )
        for month in self.months:
            writer.write_file(
                f"{month.url}index.html",
                self.get_template("events_month"),
                self.context,
                url=month.url,
                month=month,
                weekdays=list(zip(WEEKDAYS_SHORT, WEEKDAYS, strict=True)),
                calendar_feed=self.feed_url,
            )
        for event in self.events:
            month = next(
                m for m in self.months if (m.year, m.month) == (event.entry.first_day.year, event.entry.first_day.month)
            )
            writer.write_file(
                event.save_as,
                self.get_template("event"),
                self.context,
                url=event.url,
                event=event,
                month=(month.title, month.url),
            )
            write_calendar(
                self.output_path,
                f"{event.url}wydarzenie.ics",
                calendar_bytes(event.title, [event.entry], "Wydarzenie", site),
            )
        write_calendar(
            self.output_path,
            self.feed_url,
            calendar_bytes("Gmina Wąchock: sesje i wydarzenia", self.gmina_wide_entries, "Kalendarz", site),
        )
        for name, feed_url, chosen in self.village_feeds:
            write_calendar(
                self.output_path, feed_url, calendar_bytes(f"Wydarzenia – {name}", chosen, "Wydarzenia", site)
            )


def get_generators(pelican):
    return EventsGenerator


DOCUMENT_TYPES = (EVENT_TYPE,)

DATA_FILES = (DataFile("events", f"dane/{DATA_FILE}", check_data_file),)

# Runs after (plugins.core.order): the calendar shows sessions and collection days; village feeds.
NEEDS = ("council", "waste_collection", "villages")


def register():
    signals.get_generators.connect(get_generators)
