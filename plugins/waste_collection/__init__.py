"""Waste collection: each place's schedule, on its page, in the town's calendar and as an iCalendar feed.

The office keeps the schedule in content/dane/odpady.yaml: the town's own districts (`districts`: a
name and its streets) and, for a place (a district, or a sołectwo from content/dane/solectwa.yaml)
and a kind of waste, the collection dates. A village page shows its schedule; a district gets a page
of its own under `url`; `{place page}odpady.ics` is an RFC 5545 calendar of all-day events with
stable UIDs (a phone's calendar updates them instead of adding duplicates), listed with the RSS
feeds. Each collection day is also a calendar entry (core.calendar) for the month pages and the
village's event feed.
Settings: WASTE_COLLECTION = {"feed_name": file name of each place's calendar, "uid_domain": ...,
"url"/"save_as": the overview page; districts' pages are below it}.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from plugins.core import DataFile, Problem, display_path, month_pl, plugin_settings, report_problem
from plugins.core.calendar import (
    PLACE_WASTE,
    CalendarEntry,
    add_calendar_entries,
    announce_calendar,
    calendar_bytes,
    write_calendar,
)
from plugins.core.datafiles import Entry, data_file_path, load_data
from plugins.core.dates import WARSAW, build_now
from plugins.core.polish import date_pl, weekday_pl
from plugins.core.session import output_changes_at

DEFAULTS = {
    "feed_name": "odpady.ics",
    "uid_domain": "wachock.pl",
    "url": "odbior-odpadow/",  # every place's next collection, on one page
    "save_as": "odbior-odpadow/index.html",
}
DATA_FILE = "odpady.yaml"
CATEGORY = "Odbiór odpadów"
KINDS = ("zmieszane", "papier", "szkło", "metale i tworzywa sztuczne", "bioodpady", "wielkogabarytowe")
DATA_ENTRIES = (
    Entry(
        "districts",
        "list",
        required=False,
        unique="name",
        entries=(
            Entry("name", example="Wąchock Północ"),
            Entry("streets", "list", item=Entry("street", example="Kościelna")),
        ),
    ),
    Entry(
        "collections",
        "list",
        unique=("place", "kind"),  # one element per place and kind: a day is never listed twice
        entries=(
            Entry("place", example="Parszów (sołectwo z solectwa.yaml albo rejon miasta z listy districts)"),
            Entry("kind", "choice", choices=KINDS, example="zmieszane"),
            Entry("dates", "list", item=Entry("date", "date", example="2026-12-03")),
        ),
    ),
)


@dataclass(frozen=True)
class Collection:
    kind: str
    dates: tuple[date, ...]

    @property
    def dates_text(self) -> str:
        """By month, as on a printed schedule: "grudzień 2026: 1, 15, 29; styczeń 2027: 12, 26"."""
        months: dict[tuple[int, int], list[str]] = {}
        for day in self.dates:
            months.setdefault((day.year, day.month), []).append(str(day.day))
        return "; ".join(f"{month_pl(month)} {year}: {', '.join(days)}" for (year, month), days in months.items())


@dataclass(frozen=True)
class Pickup:
    """One day's collection: what a resident puts out that morning."""

    day: date
    kinds: tuple[str, ...]

    @property
    def text(self) -> str:
        """ "wtorek 15 grudnia 2026 – zmieszane, papier" """
        return f"{weekday_pl(self.day)} {date_pl(self.day)} – {', '.join(self.kinds)}"


@dataclass(frozen=True)
class Schedule:
    place: str
    collections: tuple[Collection, ...]
    feed_url: str
    page_url: str = ""
    today: date | None = None  # the build's day: what counts as the next collection
    streets: tuple[str, ...] = ()  # a district of the town: the streets it covers; a village: none
    slug: str = ""

    @property
    def anchor(self) -> str:
        """Where on its page the schedule is: a village page has other sections, a district's has only this."""
        return "" if self.streets else "#odpady"

    @property
    def collection_days(self) -> dict[date, list[str]]:
        """Every collection day, in order, with its kinds in the data file's order."""
        days: dict[date, list[str]] = {}
        for collection in self.collections:
            for day in collection.dates:
                days.setdefault(day, []).append(collection.kind)
        return dict(sorted(days.items()))

    @property
    def pickups(self) -> list[Pickup]:
        """Every collection day from the build's day on."""
        days = self.collection_days.items()
        return [Pickup(day, tuple(kinds)) for day, kinds in days if self.today is None or day >= self.today]

    @property
    def next_pickup(self) -> Pickup | None:
        pickups = self.pickups
        return pickups[0] if pickups else None

    @property
    def months(self) -> list[tuple[str, list[Pickup]]]:
        """The pickups by month: ("grudzień 2026", [...])."""
        grouped: dict[tuple[int, int], list[Pickup]] = {}
        for pickup in self.pickups:
            grouped.setdefault((pickup.day.year, pickup.day.month), []).append(pickup)
        return [(f"{month_pl(month)} {year}", pickups) for (year, month), pickups in grouped.items()]


def waste_settings(settings: dict) -> dict:
    return plugin_settings(settings, "WASTE_COLLECTION", DEFAULTS)


def check_data_file(path, shown_as, settings) -> list[Problem]:
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    return problems + repeated_dates(data.get("collections", []), shown_as)


def repeated_dates(entries: list, shown_as: str) -> list[Problem]:
    """A day listed twice would be two events with one UID: calendars drop or duplicate them.
    (A place and kind listed twice is refused by the schema's `unique`.)"""
    problems = []
    for entry in entries:
        dates = entry.get("dates", [])
        for day in sorted({day for day in dates if dates.count(day) > 1}):
            problems.append(Problem(shown_as, entry.line, f"data {day} jest na liście dwa razy; zostaw jedną."))
    return problems


def collections_by_place(settings: dict) -> dict[str, list[tuple[str, list[date], int]]]:
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    grouped: dict[str, list] = {}
    for entry in [] if problems else data.get("collections", []):
        dates = sorted(date.fromisoformat(day) for day in entry["dates"])
        grouped.setdefault(entry["place"], []).append((entry["kind"], dates, entry.line))
    return grouped


def districts_of(settings: dict) -> dict[str, tuple[str, ...]]:
    """The town's districts in the data file's order: name -> its streets."""
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    return {} if problems else {entry["name"]: tuple(entry["streets"]) for entry in data.get("districts", [])}


def expose(pelican) -> None:
    # In the settings, so that a changed schedule makes every page showing it again (core.writer).
    pelican.settings["WASTE_COLLECTIONS"] = {
        "districts": {name: list(streets) for name, streets in districts_of(pelican.settings).items()},
        "places": {
            place: [(kind, [day.isoformat() for day in dates]) for kind, dates, _ in collections]
            for place, collections in collections_by_place(pelican.settings).items()
        },
    }


def calendar_of(schedule: Schedule, uid_domain: str) -> bytes:
    entries = [
        CalendarEntry(
            uid=f"odpady-{schedule.slug}-{slugify(collection.kind)}-{day.isoformat()}@{uid_domain}",
            title=f"Odbiór odpadów: {collection.kind}",
            start=day,
            end=None,
            url="",
            category=CATEGORY,
        )
        for collection in schedule.collections
        for day in collection.dates
    ]
    return calendar_bytes(f"Odbiór odpadów – {schedule.place}", entries, CATEGORY)


def town_calendar_entries(schedule: Schedule, group: str, uid_domain: str) -> list[CalendarEntry]:
    """One entry per collection day, for the month pages and the place's event feed (not the gmina-wide lists)."""
    return [
        CalendarEntry(
            uid=f"odpady-{schedule.slug}-{collection_day.isoformat()}@{uid_domain}",
            title=f"Odbiór odpadów – {schedule.place}: {', '.join(kinds)}",
            start=collection_day,
            end=None,
            url=f"{schedule.page_url}{schedule.anchor}",
            category=CATEGORY,
            place=schedule.place,
            groups=(group,) if group else (),
            summary=", ".join(kinds),
            routine=True,
        )
        for collection_day, kinds in schedule.collection_days.items()
    ]


class WasteCollectionGenerator(Generator):
    """Gives each village page its schedule, writes the districts' pages and every place's calendar."""

    def generate_context(self):
        self.config = config = waste_settings(self.settings)
        villages = {village.name: village for village in self.context.get("VILLAGES_LIST", [])}
        districts = districts_of(self.settings)
        self.calendars: list[tuple[str, bytes]] = []
        self.schedules: list[Schedule] = []
        today = build_now(self.settings).date()
        pages = {getattr(page, "slug", ""): page for page in self.context.get("pages", [])}
        collections = collections_by_place(self.settings)
        # The town's districts first, as the overview lists them; then the sołectwa.
        for name in sorted(collections, key=lambda place: (place not in districts, list(collections).index(place))):
            village = villages.get(name)
            if village is None and name not in districts:
                self.report_unknown_place(name, collections[name][0][2], villages, districts)
                continue
            kinds = tuple(Collection(kind, tuple(dates)) for kind, dates, _ in collections[name])
            if village is not None:
                schedule = Schedule(
                    name, kinds, f"{village.url}{config['feed_name']}", village.url, today, slug=village.slug
                )
                page = pages.get(village.slug)
                if page is not None:
                    page.waste = schedule
            else:
                slug = slugify(name, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"])
                url = f"{config['url']}{slug}/"
                schedule = Schedule(name, kinds, f"{url}{config['feed_name']}", url, today, districts[name], slug)
            self.schedules.append(schedule)
            if schedule.next_pickup is not None:
                # The next collection changes the morning after it: the daily build must publish then.
                morning_after = datetime.combine(schedule.next_pickup.day + timedelta(days=1), time(0), WARSAW)
                output_changes_at(self.settings, morning_after)
            self.calendars.append((schedule.feed_url, calendar_of(schedule, config["uid_domain"])))
            rank = (PLACE_WASTE, len(self.schedules))  # districts, then villages, in the data file's order
            announce_calendar(self.context, f"Odbiór odpadów – {name}", schedule.feed_url, rank)
            group = village.group if village is not None else ""
            add_calendar_entries(self.context, town_calendar_entries(schedule, group, config["uid_domain"]))
        self.context["WASTE_PAGE_URL"] = config["url"] if self.schedules else ""
        self.context["waste_districts"] = [(schedule.place, schedule.page_url) for schedule in self.district_schedules]

    def report_unknown_place(self, name: str, line: int, villages: dict, districts: dict) -> None:
        shown = display_path(self.settings["PATH"], data_file_path(self.settings, DATA_FILE))
        known = ", ".join([*districts, *villages])
        report_problem(
            self.settings,
            Problem(
                shown,
                line,
                f"„place: {name}”: nie ma takiego rejonu miasta (lista districts) ani sołectwa "
                f"w content/dane/solectwa.yaml. Wpisz jedno z: {known}.",
            ),
        )

    @property
    def district_schedules(self) -> list[Schedule]:
        return [schedule for schedule in self.schedules if schedule.streets]

    def planned_outputs(self) -> list[tuple[str, object]]:
        overview = [(self.config["save_as"], None)] if self.schedules else []
        districts = [(f"{schedule.page_url}index.html", None) for schedule in self.district_schedules]
        return overview + districts + [(url, None) for url, _ in self.calendars]

    def generate_output(self, writer):
        if self.schedules:
            writer.write_file(
                self.config["save_as"],
                self.get_template("waste_collection"),
                self.context,
                url=self.config["url"],
                schedules=self.schedules,
            )
        for schedule in self.district_schedules:
            writer.write_file(
                f"{schedule.page_url}index.html",
                self.get_template("waste_district"),
                self.context,
                url=schedule.page_url,
                schedule=schedule,
            )
        for url, content in self.calendars:
            write_calendar(self.output_path, url, content)


def get_generators(pelican):
    return WasteCollectionGenerator


DATA_FILES = (DataFile("waste", f"dane/{DATA_FILE}", check_data_file),)

# Runs after (plugins.core.order): VILLAGES_LIST and the village pages.
NEEDS = ("villages",)


def register():
    signals.initialized.connect(expose)
    signals.get_generators.connect(get_generators)
