"""The town's calendar (plugins/events): event pages, month pages, Najbliższe terminy and iCalendar feeds."""

import os
import shutil
from datetime import date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from plugins.core import WARSAW
from tests.sitebuild import SUITE_NOW, build_site, copy_fixture_content, words, write_file
from tests.test_gate import (
    previous_output,  # noqa: F401
    refused_build,
)
from tests.test_town import line_of

TODAY = SUITE_NOW.date()
SOON = TODAY + timedelta(days=3)
LATER = TODAY + timedelta(days=10)
PAST = TODAY - timedelta(days=5)
CATEGORIES = "categories:\n  - name: Zebranie wiejskie\n  - name: Kultura\n"
EVENTS = {
    "wydarzenia/zebranie.md": f"""Title: Zebranie wiejskie w Marcinkowie
Start: {SOON:%Y-%m-%d} 17:00
End: {SOON:%Y-%m-%d} 19:00
Place: świetlica wiejska
Category: Zebranie wiejskie
Groups: Marcinków

Fundusz sołecki.
""",
    "wydarzenia/jarmark.md": f"""Title: Jarmark
Start: {LATER:%Y-%m-%d}
End: {LATER + timedelta(days=1):%Y-%m-%d}
Place: Rynek
Category: Kultura

Stoiska.
""",
    "wydarzenia/dawne.md": f"""Title: Dawny festyn
Start: {PAST:%Y-%m-%d} 12:00
Place: stadion
Category: Kultura

Było.
""",
}


def write_events(content: str, **replaced) -> None:
    shutil.rmtree(os.path.join(content, "wydarzenia"))  # only this module's events, not the fixture's
    write_file(content, "dane/kalendarz.yaml", CATEGORIES)
    for relative, text in {**EVENTS, **replaced}.items():
        write_file(content, relative, text)


@pytest.fixture(scope="module")
def events_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("events")
    content = copy_fixture_content(str(base))
    write_events(content)
    build_site(content, str(base / "output"))
    return base / "output"


def page_of(output, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_home_page_lists_what_is_coming_and_not_what_is_over(events_site):
    section = page_of(events_site, "").find(id="terminy").parent
    titles = [words(item.a) for item in section.select(".events__item")]
    assert titles == ["Zebranie wiejskie w Marcinkowie", "Jarmark"]
    assert section.find("a", href="/kalendarz/")


def test_the_month_page_is_a_table_of_days_whose_busy_days_lead_to_their_entries(events_site):
    month = page_of(events_site, f"kalendarz/miesiac/{SOON:%Y-%m}")
    table = month.find("table", class_="month")
    assert len(table.thead.find_all("th", scope="col")) == 7
    assert all(len(row.find_all("td")) == 7 for row in table.tbody.find_all("tr"))
    busy = table.select(".month__busy a")
    assert busy, "the day of the meeting is marked"
    for link in busy:
        target = month.find(id=link["href"].lstrip("#"))
        assert target is not None and target.name == "h3"
    day = month.find(id=f"dzien-{SOON.isoformat()}")
    assert "Zebranie wiejskie w Marcinkowie" in words(day.find_next("ul"))
    assert month.find("a", rel="prev") or month.find("a", rel="next")


def test_an_event_has_its_page_and_its_own_calendar_file(events_site):
    page = page_of(events_site, f"kalendarz/{SOON.year}/zebranie-wiejskie-w-marcinkowie")
    facts = {words(dt): words(dt.find_next_sibling("dd")) for dt in page.select(".event__facts dt")}
    assert facts["Gdzie"] == "świetlica wiejska" and facts["Dotyczy"] == "Marcinków"
    assert facts["Kiedy"].endswith("godz. 17:00–19:00")
    one = Calendar.from_ical(
        (events_site / f"kalendarz/{SOON.year}/zebranie-wiejskie-w-marcinkowie/wydarzenie.ics").read_bytes()
    )
    assert [str(e["SUMMARY"]) for e in one.walk("VEVENT")] == ["Zebranie wiejskie w Marcinkowie"]


def test_the_feeds_are_valid_with_warsaw_times_all_day_dates_and_a_village_feed(events_site):
    everything = Calendar.from_ical((events_site / "kalendarz/wydarzenia.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in everything.walk("VEVENT")}
    assert set(events) == {"Zebranie wiejskie w Marcinkowie", "Jarmark", "Dawny festyn"}
    meeting = events["Zebranie wiejskie w Marcinkowie"]
    assert meeting["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert meeting["DTSTART"].dt == datetime(SOON.year, SOON.month, SOON.day, 17, 0, tzinfo=WARSAW)
    fair = events["Jarmark"]
    assert fair["DTSTART"].params.get("VALUE") == "DATE" and fair["DTSTART"].dt == LATER
    assert fair["DTEND"].dt == LATER + timedelta(days=2), "DTEND of an all-day event is the day after its last"
    assert isinstance(fair["DTEND"].dt, date)
    assert [str(tz["TZID"]) for tz in everything.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    uids = [str(e["UID"]) for e in events.values()]
    assert len(set(uids)) == 3
    village = Calendar.from_ical((events_site / "solectwo-marcinkow/wydarzenia.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in village.walk("VEVENT")] == ["Zebranie wiejskie w Marcinkowie"]
    feeds = page_of(events_site, "kanaly-rss")
    assert feeds.find("a", href="/kalendarz/wydarzenia.ics") and feeds.find(
        "a", href="/solectwo-marcinkow/wydarzenia.ics"
    )
    for line in (events_site / "kalendarz/wydarzenia.ics").read_bytes().split(b"\r\n"):
        assert len(line) <= 75


@pytest.mark.parametrize(
    "old, new, marker, message",
    [
        ("Category: Zebranie wiejskie", "Category: Zebranie", "Category:", "Zebranie wiejskie"),
        (f"End: {SOON:%Y-%m-%d} 19:00", f"End: {SOON:%Y-%m-%d}", "End:", "więc koniec też"),
        (f"End: {SOON:%Y-%m-%d} 19:00", f"End: {PAST:%Y-%m-%d} 19:00", "End:", "End"),
        ("Place: świetlica wiejska\n", "", "Title:", "Place"),
        ("Groups: Marcinków", "Groups: Marcinkow", "Groups:", "Marcinkow"),
    ],
)
def test_a_bad_event_is_refused_with_its_line(old, new, marker, message, tmp_path, previous_output):  # noqa: F811
    found = {}

    def prepare(content):
        changed = EVENTS["wydarzenia/zebranie.md"].replace(old, new)
        assert changed != EVENTS["wydarzenia/zebranie.md"]
        write_events(content, **{"wydarzenia/zebranie.md": changed})
        found["line"] = line_of(content, "wydarzenia/zebranie.md", marker)

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/wydarzenia/zebranie.md:{found['line']}:"
    assert any(line.startswith(expected) and message in line for line in report), report
