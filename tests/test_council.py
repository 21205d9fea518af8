"""Council sessions, named votes and councillors (plugins/council), judged on the published pages."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from tests.sitebuild import SUITE_NOW, build_site, copy_fixture_content, words, write_file
from tests.test_gate import (
    previous_output,  # noqa: F401
    refused_build,
)

COUNCILLORS = """council: Rada Miejska w Wąchocku
term: IX kadencja (2024–2029)
councillors:
  - name: Anna Nowak
    title: radna
    club: Klub A
    function: Przewodnicząca Rady Miejskiej
    from: 2024-05-07
  - name: Jan Kowal
    title: radny
    from: 2024-05-07
  - name: Piotr Lis
    title: radny
    club: Klub B
    from: 2024-05-07
    until: {until}
"""
PAST = SUITE_NOW.replace(hour=10, minute=0) - timedelta(days=30)
NEXT = PAST + timedelta(days=60)
HELD = f"""Title: XX sesja Rady Miejskiej
Produced_by: Przewodnicząca Rady Miejskiej
Produced_date: {(PAST - timedelta(days=8)):%Y-%m-%d}
Responsible: Anna Nowak, przewodnicząca
Number: XX
Session_start: {PAST:%Y-%m-%d %H:%M}
Place: sala konferencyjna urzędu
Session_status: odbyta
Drafts: bip/rada-miejska/projekt.md
Resolutions: bip/prawo-lokalne/uchwala-xx-1.md
Recording: https://nagrania.example.org/sesja-xx
Votes: glosowania.csv

Porządek obrad:

1. Otwarcie sesji.
"""
VOTES = """punkt;radny;głos
Uchwała w sprawie budżetu;Anna Nowak;za
Uchwała w sprawie budżetu;Jan Kowal;przeciw
Uchwała w sprawie budżetu;Piotr Lis;wstrzymał się
"Uchwała w sprawie drogi; etap II";Anna Nowak;za
"Uchwała w sprawie drogi; etap II";Jan Kowal;za
"Uchwała w sprawie drogi; etap II";Piotr Lis;nieobecny
"""
CONVENED = f"""Title: XXI sesja Rady Miejskiej
Produced_by: Przewodnicząca Rady Miejskiej
Produced_date: {PAST:%Y-%m-%d}
Responsible: Anna Nowak, przewodnicząca
Number: XXI
Session_start: {NEXT:%Y-%m-%d %H:%M}
Place: sala konferencyjna urzędu
Session_status: zwołana

Porządek obrad: budżet.
"""
RESOLUTION = """Title: Uchwała Nr XX/1 w sprawie budżetu
Produced_by: Rada Miejska
Produced_date: 2026-01-02
Responsible: Anna Nowak, przewodnicząca
Number: XX/1

Treść uchwały.
"""
DRAFT = RESOLUTION.replace("Uchwała Nr XX/1", "Projekt uchwały").replace("Number: XX/1\n", "")


def write_council(content: str, until: str = "2030-01-01", **replaced) -> None:
    files = {
        "dane/radni.yaml": COUNCILLORS.format(until=until),
        "bip/rada-miejska/sesje/sesja-xx.md": HELD,
        "bip/rada-miejska/sesje/glosowania.csv": VOTES,
        "bip/rada-miejska/sesje/xxi/sesja-xxi.md": CONVENED,
        "bip/prawo-lokalne/uchwala-xx-1.md": RESOLUTION,
        "bip/rada-miejska/projekt.md": DRAFT,
    }
    for relative, text in {**files, **replaced}.items():
        write_file(content, relative, text)


@pytest.fixture(scope="module")
def council_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("council")
    content = copy_fixture_content(str(base))
    write_council(content)
    build_site(content, str(base / "output"))
    return base / "output"


def page_of(output, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative / "index.html").read_text(encoding="utf-8"), "html.parser")


def link_named(page, text: str):
    """The link whose text reads `text` (typography puts non-breaking spaces in it)."""
    return next(a for a in page.find_all("a") if words(a) == text)


def session_url(output, number: str) -> str:
    listing = page_of(output, "bip/rada-miejska/sesje")
    return link_named(listing, f"{number} sesja Rady Miejskiej")["href"].strip("/")


def test_the_session_page_gives_time_place_status_resolutions_recording_and_totals(council_site):
    page = page_of(council_site, session_url(council_site, "XX"))
    facts = {words(dt): words(dt.find_next_sibling("dd")) for dt in page.select(".session-facts dt")}
    assert facts["Miejsce"] == "sala konferencyjna urzędu" and facts["Sesja"] == "odbyta"
    # One truthful status: a session is held or convened, never "obowiązujący" like a resolution.
    assert "Status" not in [words(dt) for dt in page.select(".doc-facts dt")]
    assert "obowiązujący" not in words(page.main)
    assert facts["Termin"].endswith(f"godz. {PAST:%H:%M}")
    resolution = link_named(page, "Uchwała Nr XX/1 w sprawie budżetu")
    assert (council_site / resolution["href"].strip("/") / "index.html").is_file()
    assert link_named(page, "Projekt uchwały w sprawie budżetu")
    recording = page.find(id="nagranie").find_next("a")
    assert recording["href"] == "https://nagrania.example.org/sesja-xx"
    assert not page.find(["iframe", "video", "embed", "object"]), "another host's player is never embedded"
    table = page.find("table", class_="votes-summary")
    header = [words(th) for th in table.thead.find_all("th")]
    rows = {words(row.th): [words(td) for td in row.find_all("td")] for row in table.tbody.find_all("tr")}
    assert header == ["Punkt", "Za", "Przeciw", "Wstrzymało się", "Nieobecni"]
    assert rows == {
        "Uchwała w sprawie budżetu": ["1", "1", "1", "0"],
        "Uchwała w sprawie drogi; etap II": ["2", "0", "0", "1"],
    }


def test_named_votes_are_a_table_per_item_with_totals_and_links_to_councillors(council_site):
    url = session_url(council_site, "XX")
    page = page_of(council_site, f"{url}/glosowania")
    tables = page.find_all("table")
    assert [words(t.caption) for t in tables] == [
        "Głosowanie 1: Uchwała w sprawie budżetu",
        "Głosowanie 2: Uchwała w sprawie drogi; etap II",
    ]
    first = {words(row.th): words(row.td) for row in tables[0].tbody.find_all("tr")}
    assert first == {"Anna Nowak": "za", "Jan Kowal": "przeciw", "Piotr Lis": "wstrzymał się"}
    assert all(th["scope"] == "row" for th in tables[0].tbody.find_all("th"))
    totals = {words(row.th): words(row.td) for row in tables[1].tfoot.find_all("tr")}
    assert totals == {"Za": "2", "Przeciw": "0", "Wstrzymało się": "0", "Nieobecni": "1"}
    for link in tables[0].tbody.find_all("a"):
        assert (council_site / link["href"].strip("/") / "index.html").is_file()
    csv_link = link_named(page, "wykaz w pliku CSV")
    assert (council_site / csv_link["href"].strip("/")).read_text(encoding="utf-8") == VOTES


def test_each_councillor_has_a_page_with_the_history_of_their_votes(council_site):
    page = page_of(council_site, "bip/rada-miejska/sklad/jan-kowal")
    assert words(page.find("table").caption) == "Jak głosował Jan Kowal, od najnowszych"
    assert words(page.title).startswith("Jan Kowal – radny –")
    other = page_of(council_site, "bip/rada-miejska/sklad/anna-nowak")
    assert words(other.title).startswith("Anna Nowak – radna –")
    rows = [[words(td) for td in row.find_all("td")] for row in page.find("table").tbody.find_all("tr")]
    assert [row[1:] for row in rows] == [
        ["Uchwała w sprawie budżetu", "przeciw"],
        ["Uchwała w sprawie drogi; etap II", "za"],
    ]
    assert [words(li) for li in page.select(".vote-totals li")] == [
        "Za: 1",
        "Przeciw: 1",
        "Wstrzymanie się: 0",
        "Nieobecność: 0",
    ]


def test_bip_categories_list_councillors_named_votes_and_recordings(council_site):
    members = [words(a) for a in page_of(council_site, "bip/rada-miejska/sklad").select("main .doc-list a")]
    assert members == ["Jan Kowal", "Piotr Lis", "Anna Nowak"]  # by surname
    votes = page_of(council_site, "bip/rada-miejska/imienne-wykazy-glosowan").select("main .doc-list a")
    assert [a["href"].strip("/") for a in votes] == [f"{session_url(council_site, 'XX')}/glosowania"]
    recordings = page_of(council_site, "bip/rada-miejska/transmisje-i-nagrania-obrad").select("main .doc-list a")
    assert len(recordings) == 1 and recordings[0]["href"].endswith("#nagranie")


def test_sessions_are_an_icalendar_feed_in_the_warsaw_time_zone_with_stable_uids(council_site, tmp_path):
    raw = (council_site / "bip/rada-miejska/sesje.ics").read_bytes()
    calendar = Calendar.from_ical(raw)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"XX sesja Rady Miejskiej", "XXI sesja Rady Miejskiej"}
    start = events["XXI sesja Rady Miejskiej"]["DTSTART"]
    assert start.params["TZID"] == "Europe/Warsaw" and start.dt == NEXT
    assert str(events["XX sesja Rady Miejskiej"]["LOCATION"]) == "sala konferencyjna urzędu"
    uids = [str(e["UID"]) for e in events.values()]
    assert len(set(uids)) == 2 and all(uid.endswith("@wachock.pl") for uid in uids)
    content = copy_fixture_content(str(tmp_path))
    write_council(content)
    build_site(content, str(tmp_path / "output"))
    assert (tmp_path / "output/bip/rada-miejska/sesje.ics").read_bytes() == raw, "same data, same bytes"


@pytest.mark.parametrize(
    "relative, old, new, marker, message",
    [
        ("glosowania.csv", "Jan Kowal;przeciw", "Jan Kowalski;przeciw", "Jan Kowalski", "Czy chodzi o „Jan Kowal”?"),
        ("glosowania.csv", "Piotr Lis;nieobecny", "Piotr Lis;nie wiem", "nie wiem", "głos „nie wiem”: wpisz jedno z"),
        (
            "glosowania.csv",
            '\n"Uchwała w sprawie drogi; etap II";Jan Kowal;za',
            "",
            'etap II";Anna',
            "brak głosu: Jan Kowal",
        ),
        (
            "glosowania.csv",
            "Anna Nowak;za\n",
            "Anna Nowak;za\nUchwała w sprawie budżetu;Anna Nowak;za\n",
            "budżetu;Anna Nowak;za",
            "jest już w wierszu 2",
        ),
        ("glosowania.csv", "punkt;radny;głos", "punkt;osoba;głos", "punkt;osoba", "nagłówek: punkt;radny;głos"),
        (
            "glosowania.csv",
            "Uchwała w sprawie budżetu;Piotr Lis;",
            '=HYPERLINK("https://example.invalid/";"Uchwała w sprawie budżetu");Piotr Lis;',
            "punkt;radny;głos",  # the published file is refused as a whole, naming the row
            "(wiersz 4) komórka „=HYPERLINK",
        ),
        (
            "sesja-xx.md",
            "Session_status: odbyta",
            "Session_status: zwołana",
            "Votes:",
            "ma tylko sesja, która się odbyła",
        ),
        ("sesja-xx.md", "Session_status: odbyta", "Session_status: przełożona", "Session_status:", "przełożona"),
        ("sesja-xx.md", "Place: sala konferencyjna urzędu\n", "", "Title:", "Place"),
        (
            "sesja-xx.md",
            "bip/prawo-lokalne/uchwala-xx-1.md",
            "bip/prawo-lokalne/uchwala-xx-9.md",
            "Resolutions:",
            "nie ma takiego dokumentu BIP",
        ),
        ("sesja-xx.md", "Recording: https://", "Recording: http://", "Recording:", "https://"),
        (
            "sesja-xx.md",
            f"Session_start: {PAST:%Y-%m-%d %H:%M}",
            f"Session_start: {PAST:%Y-%m-%d}",
            "Session_start:",
            "dopisz godzinę rozpoczęcia",
        ),
    ],
)
def test_bad_sessions_and_votes_are_refused_with_file_and_line(
    relative,
    old,
    new,
    marker,
    message,
    tmp_path,
    previous_output,  # noqa: F811
):
    found = {}
    path = f"bip/rada-miejska/sesje/{relative}"

    def prepare(content):
        write_council(content)
        original = HELD if relative.endswith(".md") else VOTES
        changed = original.replace(old, new)
        assert changed != original
        write_file(content, path, changed)
        found["line"] = last_line_with(content, path, marker)

    report = refused_build(tmp_path, previous_output, prepare)
    expected = f"content/{path}:{found['line']}:"
    assert any(line.startswith(expected) and message in line for line in report), report


def last_line_with(content: str, relative: str, fragment: str) -> int:
    with open(f"{content}/{relative}", encoding="utf-8") as handle:
        return max(number for number, line in enumerate(handle, start=1) if fragment in line)


def test_a_vote_of_someone_no_longer_in_office_is_refused(tmp_path, previous_output):  # noqa: F811
    def prepare(content):
        write_council(content, until=f"{PAST - timedelta(days=1):%Y-%m-%d}")

    report = refused_build(tmp_path, previous_output, prepare)
    assert any(
        line.startswith("content/bip/rada-miejska/sesje/glosowania.csv:4:") and "nie był radnym w dniu sesji" in line
        for line in report
    ), report
