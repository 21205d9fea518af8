"""Dated entries shared by the plugins that know dates (council sessions, events, waste collection),
and their RFC 5545 calendars, written with the `icalendar` library.

A plugin that knows dates appends `CalendarEntry` objects to the context's `calendar_entries`
(see `add_calendar_entries`); the events plugin shows them on the month pages and the home page.
A plugin that publishes an .ics file announces it with `announce_calendar`, so that the "Kanały RSS"
page lists it.
"""

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .dates import WARSAW
from .polish import date_pl, weekday_pl

ENTRIES_KEY = "calendar_entries"
SESSION_CATEGORY = "Sesja Rady Miejskiej"  # the category of council sessions: the home page names the next one
FEEDS_KEY = "CALENDAR_FEEDS"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable: a phone's calendar updates the event instead of adding a duplicate
    title: str
    start: date | datetime  # a date alone is an all-day event; a datetime is aware (Europe/Warsaw)
    end: date | datetime | None
    url: str  # the entry's page on the site
    category: str
    place: str = ""
    groups: tuple[str, ...] = ()  # information groups (villages) it concerns; none: the whole gmina
    summary: str = ""
    cancelled: bool = False
    stamp: datetime | None = None  # when its data last changed; the start when unknown
    # A recurring service day of one place (waste collection): on the month pages and in that place's
    # feeds, but not among the gmina's upcoming events nor in the gmina-wide feed a resident subscribes to.
    routine: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        end = self.end or self.start
        return end.date() if isinstance(end, datetime) else end

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range((self.last_day - self.first_day).days + 1)]

    @property
    def ends_at(self) -> datetime:
        """The moment it is over: the end, or the end of its last day."""
        if isinstance(self.end, datetime):
            return self.end
        if isinstance(self.start, datetime) and self.end is None:
            return self.start
        return datetime.combine(self.last_day + timedelta(days=1), time(0, 0), tzinfo=WARSAW)

    @property
    def when(self) -> str:
        """As a list says it: "sobota, 5 grudnia 2026, godz. 18:00–21:00", "5 grudnia 2026 – 7 grudnia 2026"."""
        first, last = self.first_day, self.last_day
        if first != last:
            return f"{date_pl(first)} – {date_pl(last)}"
        text = f"{weekday_pl(first)}, {date_pl(first)}"
        if not self.all_day:
            text += f", godz. {self.start:%H:%M}"
            if isinstance(self.end, datetime):
                text += f"–{self.end:%H:%M}"
        return text

    def sort_key(self) -> tuple:
        start = self.start if isinstance(self.start, datetime) else datetime.combine(self.start, time(0, 0), WARSAW)
        return (start, self.title, self.uid)


def add_calendar_entries(context: dict, entries) -> None:
    context.setdefault(ENTRIES_KEY, []).extend(entries)


# Where an announced calendar stands on the "Kanały RSS" page: the whole gmina's first, then each
# place's waste collection, then each place's events.
WHOLE_GMINA, PLACE_WASTE, PLACE_EVENTS = 0, 1, 2


def announce_calendar(context: dict, title: str, url: str, rank: tuple[int, ...] = (WHOLE_GMINA,)) -> None:
    """An .ics file for the "Kanały RSS" page, listed by `rank` (a scope above, then the producer's own
    order): the same list whatever order the plugins run in."""
    feeds = context.setdefault(FEEDS_KEY, [])
    if any(feed_url == url for _, _, feed_url in feeds):
        return
    feeds.append((rank, title, url))
    feeds.sort(key=lambda feed: feed[0])


def calendar_bytes(name: str, entries, product: str, site_url: str = "") -> bytes:
    """An RFC 5545 calendar with the Europe/Warsaw time zone; the same bytes for the same entries."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Gmina Wąchock//{product}//PL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    entries = sorted(entries, key=CalendarEntry.sort_key)
    if any(not entry.all_day for entry in entries):
        calendar.add_component(warsaw_timezone())
    for entry in entries:
        calendar.add_component(ical_event(entry, site_url))
    return calendar.to_ical()


def warsaw_timezone() -> Timezone:
    """Europe/Warsaw by its rule (the EU's since 1996), as calendar programs publish it: short, no end date."""
    timezone = Timezone()
    timezone.add("tzid", "Europe/Warsaw")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


def ical_event(entry: CalendarEntry, site_url: str) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    # Not the build time: a calendar that did not change keeps its bytes (and HTTP caches their ETag).
    stamp = entry.stamp or entry.start
    if not isinstance(stamp, datetime):
        stamp = datetime.combine(stamp, time(0, 0), tzinfo=UTC)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", entry.start)
    if entry.all_day:
        event.add("dtend", entry.last_day + timedelta(days=1))
    elif entry.end is not None:
        event.add("dtend", entry.end)
    event.add("summary", entry.title)
    if entry.place:
        event.add("location", entry.place)
    if entry.summary:
        event.add("description", entry.summary)
    if entry.category:
        event.add("categories", [entry.category])
    if entry.url and site_url:
        event.add("url", f"{site_url}/{entry.url}")
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if entry.all_day else "OPAQUE")
    return event


def write_calendar(output_path: str, url: str, content: bytes) -> None:
    target = os.path.join(output_path, url)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(content)
