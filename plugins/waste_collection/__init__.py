"""Waste collection: each sołectwo's schedule, on its page and as an iCalendar feed residents subscribe to.

The office keeps the schedule in content/dane/odpady.yaml: for a village (a name from
content/dane/solectwa.yaml) and a kind of waste, the collection dates. The village page shows the
schedule; `{village page}odpady.ics` is an RFC 5545 calendar of all-day events with stable UIDs
(a phone's calendar updates them instead of adding duplicates), listed with the RSS feeds.
Settings: WASTE_COLLECTION = {"feed_name": file name of each village's calendar, "uid_domain": ...}.
"""

from dataclasses import dataclass
from datetime import date

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from plugins.core import Problem, display_path, month_pl, plugin_settings, register_data_file, report_problem
from plugins.core.calendar import CalendarEntry, announce_calendar, calendar_bytes, write_calendar
from plugins.core.datafiles import Entry, data_file_path, load_data

DEFAULTS = {"feed_name": "odpady.ics", "uid_domain": "wachock.pl"}
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
class Schedule:
    village: str
    collections: tuple[Collection, ...]
    feed_url: str


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
        self.calendars: list[tuple[str, bytes]] = []
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
            schedule = Schedule(name, tuple(Collection(kind, tuple(dates)) for kind, dates, _ in collections), feed_url)
            page = pages.get(village.slug)
            if page is not None:
                page.waste = schedule
            self.calendars.append((feed_url, calendar_of(schedule, village.slug, config["uid_domain"])))
            announce_calendar(self.context, f"Odbiór odpadów – {name}", feed_url)

    def planned_outputs(self) -> list[tuple[str, object]]:
        return [(url, None) for url, _ in self.calendars]

    def generate_output(self, writer):
        for url, content in self.calendars:
            write_calendar(self.output_path, url, content)


def get_generators(pelican):
    return WasteCollectionGenerator


def register():
    register_data_file("waste", f"dane/{DATA_FILE}", check_data_file)
    signals.initialized.connect(expose)
    signals.get_generators.connect(get_generators)
