"""Waste collection: each sołectwo's schedule, on its page and as an iCalendar feed residents subscribe to.

The office keeps the schedule in content/dane/odpady.yaml: for a village (a name from
content/dane/solectwa.yaml) and a kind of waste, the collection dates. The village page shows the
schedule; `{village page}odpady.ics` is an RFC 5545 calendar of all-day events with stable UIDs
(a phone's calendar updates them instead of adding duplicates), listed with the RSS feeds.
Settings: WASTE_COLLECTION = {"feed_name": file name of each village's calendar, "uid_domain": ...}.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from plugins.core import Problem, display_path, month_pl, plugin_settings, register_data_file, report_problem
from plugins.core.calendar import CalendarEntry, announce_calendar, calendar_bytes, write_calendar
from plugins.core.datafiles import Entry, data_file_path, load_data
from plugins.core.dates import WARSAW, build_now
from plugins.core.polish import date_pl, weekday_pl
from plugins.core.writer import output_changes_at

DEFAULTS = {
    "feed_name": "odpady.ics",
    "uid_domain": "wachock.pl",
    "url": "odbior-odpadow/",  # every place's next collection, on one page
    "save_as": "odbior-odpadow/index.html",
}
DATA_FILE = "odpady.yaml"
KINDS = ("zmieszane", "papier", "szkło", "metale i tworzywa sztuczne", "bioodpady", "wielkogabarytowe")
DATA_ENTRIES = (
    Entry(
        "collections",
        "list",
        unique=("village", "kind"),  # one element per village and kind: a day is never listed twice
        entries=(
            Entry("village", example="Parszów (nazwa sołectwa z solectwa.yaml)"),
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
    village: str
    collections: tuple[Collection, ...]
    feed_url: str
    page_url: str = ""
    today: date | None = None  # the build's day: what counts as the next collection

    @property
    def pickups(self) -> list[Pickup]:
        """Every collection day from the build's day on, each with all its kinds, in the data file's order."""
        days: dict[date, list[str]] = {}
        for collection in self.collections:
            for day in collection.dates:
                if self.today is None or day >= self.today:
                    days.setdefault(day, []).append(collection.kind)
        return [Pickup(day, tuple(days[day])) for day in sorted(days)]

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
    return problems + repeated_collections(data.get("collections", []), shown_as)


def repeated_collections(entries: list, shown_as: str) -> list[Problem]:
    """A day listed twice would be two events with one UID: calendars drop or duplicate them."""
    problems, seen = [], {}
    for entry in entries:
        key = (entry.get("village"), entry.get("kind"))
        if key in seen:
            problems.append(
                Problem(
                    shown_as,
                    entry.line,
                    f"„{key[0]}”, „{key[1]}” jest już w wierszu {seen[key]}: dopisz te daty tam, a ten element usuń.",
                )
            )
        seen.setdefault(key, entry.line)
        dates = entry.get("dates", [])
        for day in sorted({day for day in dates if dates.count(day) > 1}):
            problems.append(Problem(shown_as, entry.line, f"data {day} jest na liście dwa razy; zostaw jedną."))
    return problems


def collections_by_village(settings: dict) -> dict[str, list[tuple[str, list[date], int]]]:
    data, problems = load_data(settings, DATA_FILE, DATA_ENTRIES)
    grouped: dict[str, list] = {}
    for entry in [] if problems else data.get("collections", []):
        dates = sorted(date.fromisoformat(day) for day in entry["dates"])
        grouped.setdefault(entry["village"], []).append((entry["kind"], dates, entry.line))
    return grouped


def expose(pelican) -> None:
    # In the settings, so that a changed schedule makes every page showing it again (core.writer).
    pelican.settings["WASTE_COLLECTIONS"] = {
        village: [(kind, [day.isoformat() for day in dates]) for kind, dates, _ in collections]
        for village, collections in collections_by_village(pelican.settings).items()
    }


def calendar_of(schedule: Schedule, slug: str, uid_domain: str) -> bytes:
    entries = [
        CalendarEntry(
            uid=f"odpady-{slug}-{slugify(collection.kind)}-{day.isoformat()}@{uid_domain}",
            title=f"Odbiór odpadów: {collection.kind}",
            start=day,
            end=None,
            url="",
            category="Odbiór odpadów",
        )
        for collection in schedule.collections
        for day in collection.dates
    ]
    return calendar_bytes(f"Odbiór odpadów – {schedule.village}", entries, "Odbiór odpadów")


class WasteCollectionGenerator(Generator):
    """Gives each village page its schedule and writes each village's calendar."""

    def generate_context(self):
        config = waste_settings(self.settings)
        villages = {village.name: village for village in self.context.get("VILLAGES_LIST", [])}
        shown = display_path(self.settings["PATH"], data_file_path(self.settings, DATA_FILE))
        self.config = config
        self.calendars: list[tuple[str, bytes]] = []
        self.schedules: list[Schedule] = []
        today = build_now(self.settings).date()
        pages = {getattr(page, "slug", ""): page for page in self.context.get("pages", [])}
        for name, collections in collections_by_village(self.settings).items():
            village = villages.get(name)
            if village is None:
                report_problem(
                    Problem(
                        shown,
                        collections[0][2],
                        f"„village: {name}”: nie ma takiego sołectwa w content/dane/solectwa.yaml. "
                        f"Wpisz jedno z: {', '.join(villages)}.",
                    )
                )
                continue
            feed_url = f"{village.url}{config['feed_name']}"
            kinds = tuple(Collection(kind, tuple(dates)) for kind, dates, _ in collections)
            schedule = Schedule(name, kinds, feed_url, village.url, today)
            self.schedules.append(schedule)
            if schedule.next_pickup is not None:
                # The next collection changes the morning after it: the daily build must publish then.
                output_changes_at(datetime.combine(schedule.next_pickup.day + timedelta(days=1), time(0), WARSAW))
            page = pages.get(village.slug)
            if page is not None:
                page.waste = schedule
            self.calendars.append((feed_url, calendar_of(schedule, village.slug, config["uid_domain"])))
            announce_calendar(self.context, f"Odbiór odpadów – {name}", feed_url)

        self.context["WASTE_PAGE_URL"] = self.config["url"] if self.schedules else ""

    def planned_outputs(self) -> list[tuple[str, object]]:
        overview = [(self.config["save_as"], None)] if self.schedules else []
        return overview + [(url, None) for url, _ in self.calendars]

    def generate_output(self, writer):
        if self.schedules:
            writer.write_file(
                self.config["save_as"],
                self.get_template("waste_collection"),
                self.context,
                url=self.config["url"],
                schedules=self.schedules,
            )
        for url, content in self.calendars:
            write_calendar(self.output_path, url, content)


def get_generators(pelican):
    return WasteCollectionGenerator


def register():
    register_data_file("waste", f"dane/{DATA_FILE}", check_data_file)
    signals.initialized.connect(expose)
    signals.get_generators.connect(get_generators)
