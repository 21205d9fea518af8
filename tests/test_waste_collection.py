"""Waste collection (plugins/waste_collection): the schedule on the village page and as iCalendar."""

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from tests.sitebuild import build_site, copy_fixture_content, words, write_file
from tests.test_gate import (
    previous_output,  # noqa: F401
    refused_build,
)
from tests.test_town import line_of

SCHEDULE = """districts:
  - name: Wąchock Północ
    streets: [Kościelna, Wielkowiejska]
collections:
  - place: Wąchock Północ
    kind: papier
    dates: [2026-12-03, 2027-01-07]
  - place: Marcinków
    kind: zmieszane
    dates: [2026-12-15, 2026-12-01, 2027-01-12]
  - place: Marcinków
    kind: szkło
    dates:
      - 2026-12-08
"""


def parsed_calendar(output) -> Calendar:
    return Calendar.from_ical((output / "solectwo-marcinkow/odpady.ics").read_bytes())


@pytest.fixture(scope="module")
def waste_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("waste")
    content = copy_fixture_content(str(base))
    write_file(content, "dane/odpady.yaml", SCHEDULE)
    build_site(content, str(base / "output"))
    return base / "output"


def schedule_of(page) -> tuple[str, list[list[str]]]:
    section = page.find("section", attrs={"aria-labelledby": "odpady"})
    rows = [[words(cell) for cell in row.find_all(["th", "td"])] for row in section.find("table").find_all("tr")]
    return words(section.find(class_="waste-next")), rows


def test_the_village_page_shows_the_next_collection_then_each_day_with_its_weekday(waste_site):
    page = BeautifulSoup((waste_site / "solectwo-marcinkow/index.html").read_text(encoding="utf-8"), "html.parser")
    next_collection, rows = schedule_of(page)
    # The suite's moment is Tuesday 1 December 2026, noon: that day's collection is still the next one.
    assert next_collection == "Najbliższy odbiór: wtorek 1 grudnia 2026 – zmieszane"
    assert rows == [
        ["Dzień", "Data", "Co odbieramy"],
        ["Grudzień 2026"],
        ["wtorek", "1 grudnia", "zmieszane"],
        ["wtorek", "8 grudnia", "szkło"],
        ["wtorek", "15 grudnia", "zmieszane"],
        ["Styczeń 2027"],
        ["wtorek", "12 stycznia", "zmieszane"],
    ]
    assert page.find("section", attrs={"aria-labelledby": "odpady"}).find("a", href="/solectwo-marcinkow/odpady.ics")


def test_past_collections_drop_off_and_the_overview_lists_every_places_next_one(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "dane/odpady.yaml", SCHEDULE)
    output = tmp_path / "output"
    build_site(content, str(output), BUILD_NOW="2026-12-09 08:00")
    page = BeautifulSoup((output / "solectwo-marcinkow/index.html").read_text(encoding="utf-8"), "html.parser")
    next_collection, rows = schedule_of(page)
    assert next_collection == "Najbliższy odbiór: wtorek 15 grudnia 2026 – zmieszane"
    assert ["wtorek", "1 grudnia", "zmieszane"] not in rows and ["wtorek", "8 grudnia", "szkło"] not in rows
    overview = BeautifulSoup((output / "odbior-odpadow/index.html").read_text(encoding="utf-8"), "html.parser")
    places = {words(item.h2): words(item.find_all("p")[-2]) for item in overview.select(".waste-places li")}
    assert places == {
        "Wąchock Północ": "Najbliższy odbiór: czwartek 7 stycznia 2027 – papier",
        "Marcinków": "Najbliższy odbiór: wtorek 15 grudnia 2026 – zmieszane",
    }
    links = [link["href"] for link in overview.select(".waste-places h2 a")]
    assert links == ["/odbior-odpadow/wachock-polnoc/", "/solectwo-marcinkow/#odpady"]
    assert words(overview.select_one(".waste-places__streets")) == "Ulice: Kościelna, Wielkowiejska"


def test_a_district_of_the_town_has_its_own_page_with_its_streets_schedule_and_calendar(waste_site):
    page = BeautifulSoup(
        (waste_site / "odbior-odpadow/wachock-polnoc/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert words(page.h1) == "Odbiór odpadów: Wąchock Północ"
    assert words(page.select_one(".waste-district__streets")) == "Ulice: Kościelna, Wielkowiejska."
    next_collection, rows = schedule_of(page)
    assert next_collection == "Najbliższy odbiór: czwartek 3 grudnia 2026 – papier"
    assert rows[1:] == [
        ["Grudzień 2026"],
        ["czwartek", "3 grudnia", "papier"],
        ["Styczeń 2027"],
        ["czwartek", "7 stycznia", "papier"],
    ]
    feed = page.find("a", href="/odbior-odpadow/wachock-polnoc/odpady.ics")
    assert feed and "kalendarza w telefonie" in words(feed)
    events = Calendar.from_ical((waste_site / "odbior-odpadow/wachock-polnoc/odpady.ics").read_bytes()).walk("VEVENT")
    assert sorted(str(event.decoded("DTSTART")) for event in events) == ["2026-12-03", "2027-01-07"]
    site_map = BeautifulSoup((waste_site / "mapa-strony/index.html").read_text(encoding="utf-8"), "html.parser")
    assert site_map.find("a", href="/odbior-odpadow/") and site_map.find("a", href="/odbior-odpadow/wachock-polnoc/")


def test_collection_days_are_in_the_town_calendar_and_the_village_feed_but_not_the_gmina_wide_lists(waste_site):
    month = BeautifulSoup(
        (waste_site / "kalendarz/miesiac/2026-12/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    # A collection day is one short line under the day's heading, not an event card: events stay visible.
    day = month.find(id="dzien-2026-12-08").find_next(class_="events__routine")
    assert words(day) == "Odbiór odpadów: Marcinków – szkło"
    assert day.find("a", href="/solectwo-marcinkow/#odpady")
    district_day = month.find(id="dzien-2026-12-03").find_next(class_="events__routine")
    assert words(district_day) == "Odbiór odpadów: Wąchock Północ – papier"
    assert district_day.find("a", href="/odbior-odpadow/wachock-polnoc/")
    cell = month.find("a", href="#dzien-2026-12-15").parent
    assert cell["class"] == ["month__routine"] and words(cell).endswith("1 termin"), cell

    def summaries(path):
        return {str(event["SUMMARY"]) for event in Calendar.from_ical((waste_site / path).read_bytes()).walk("VEVENT")}

    assert "Odbiór odpadów – Marcinków: zmieszane" in summaries("solectwo-marcinkow/wydarzenia.ics")
    assert not any("Wąchock Północ" in summary for summary in summaries("solectwo-marcinkow/wydarzenia.ics"))
    assert not any(summary.startswith("Odbiór odpadów") for summary in summaries("kalendarz/wydarzenia.ics"))
    home = BeautifulSoup((waste_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Odbiór odpadów –" not in words(home.find("main"))


def test_the_calendar_is_valid_icalendar_with_all_day_events_and_stable_unique_uids(waste_site):
    calendar = parsed_calendar(waste_site)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Warsaw"
    events = calendar.walk("VEVENT")
    starts = sorted(str(event.decoded("DTSTART")) for event in events)
    assert starts == ["2026-12-01", "2026-12-08", "2026-12-15", "2027-01-12"]
    for event in events:
        assert event["DTSTART"].params.get("VALUE") == "DATE", "an all-day event"
        assert (event.decoded("DTEND") - event.decoded("DTSTART")).days == 1
        assert event["DTSTAMP"] and str(event["SUMMARY"]).startswith("Odbiór odpadów: ")
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    assert "odpady-solectwo-marcinkow-zmieszane-2026-12-01@wachock.pl" in uids
    for line in (waste_site / "solectwo-marcinkow/odpady.ics").read_bytes().split(b"\r\n"):
        assert len(line) <= 75, "RFC 5545 folds lines at 75 octets"


def test_the_same_schedule_gives_the_same_calendar_bytes(waste_site, tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "dane/odpady.yaml", SCHEDULE)
    build_site(content, str(tmp_path / "output"))
    assert (tmp_path / "output/solectwo-marcinkow/odpady.ics").read_bytes() == (
        waste_site / "solectwo-marcinkow/odpady.ics"
    ).read_bytes()


def test_the_calendars_are_listed_beside_the_rss_feeds_with_instructions(waste_site):
    page = BeautifulSoup((waste_site / "kanaly-rss/index.html").read_text(encoding="utf-8"), "html.parser")
    heading = page.find("h2", id="kalendarze")
    assert heading and "telefon" in words(heading.find_next("p"))
    assert page.find("a", href="/solectwo-marcinkow/odpady.ics")


@pytest.mark.parametrize(
    "old, new, marker, message",
    [
        (
            "place: Marcinków\n    kind: szkło",
            "place: Marcinkow\n    kind: szkło",
            "place: Marcinkow",
            "nie ma takiego rejonu miasta",
        ),
        ("kind: szkło", "kind: szklo", "kind: szklo", "wybierz jedną z wartości"),
        ("      - 2026-12-08", "      - 2026-12-32", "2026-12-32", "nie ma takiego dnia"),
        ("[2026-12-15, 2026-12-01,", "[2026-12-15, 2026-12-15,", "- place: Marcinków", "jest na liście dwa razy"),
        (
            "  - place: Marcinków\n    kind: szkło",
            "  - place: Marcinków  # drugi raz\n    kind: zmieszane",
            "# drugi raz",
            "„place: Marcinków, kind: zmieszane” jest już w elemencie 2",
        ),
    ],
)
def test_a_bad_schedule_is_refused_with_its_line(old, new, marker, message, tmp_path, previous_output):  # noqa: F811
    found = {}

    def prepare(content):
        write_file(content, "dane/odpady.yaml", SCHEDULE.replace(old, new))
        found["line"] = line_of(content, "dane/odpady.yaml", marker)

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/dane/odpady.yaml:{found['line']}:"
    assert any(line.startswith(expected) and message in line for line in report), report
