"""Visit statistics: the report's figures, the data files' validation, and the log import."""

import csv
import gzip
import os
import re
from datetime import datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup

from plugins.visit_statistics.logs import import_logs
from tests.sitebuild import PROJECT_ROOT, build_site, copy_fixture_content, write_file
from wachock.build import BuildFailed
from wachock.loggen import BOTS, BROWSERS, log_line

# A copy of the mayor's report kept in the repository: tests read nothing outside it.
SEED = os.path.join(PROJECT_ROOT, "tests", "fixtures", "seeds", "raport-burmistrza.txt")
WARSAW_WINTER = timezone(timedelta(hours=1))
HEADER = "rok,miesiąc,odwiedziny,odsłony\n"


def seed_text() -> str:
    assert os.path.isfile(SEED), f"the mayor's report is expected at {SEED}"
    with open(SEED, encoding="utf-8") as handle:
        return handle.read()


def report_yearly_visits() -> dict[int, int]:
    return {int(y): int(v.replace(" ", "")) for y, v in re.findall(r"^(20\d\d)\t([\d ]+)$", seed_text(), re.M)}


def table_numbers(soup, caption_start: str) -> dict[str, str]:
    table = next(t for t in soup.find_all("table") if t.caption.get_text().startswith(caption_start))
    return {
        (row.th.a or row.th).get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.tbody.find_all("tr")
    }


def test_demo_site_publishes_the_reports_eighteen_years_exactly(demo_site):
    expected = report_yearly_visits()
    assert len(expected) == 18
    with open(os.path.join(demo_site, "statystyka-odwiedzin/index.html"), encoding="utf-8") as handle:
        soup = BeautifulSoup(handle.read(), "html.parser")
    rows = table_numbers(soup, "Odwiedziny BIP")
    published = {int(year): int(cells[0].replace("\xa0", "")) for year, cells in rows.items()}
    assert published == expected
    assert rows["2019"][0] == "1\xa0842\xa0828"
    chart = soup.find("svg", role="img")
    assert chart.title.get_text() and chart.desc.get_text()
    assert len(chart.find_all("rect")) == 18
    for year in expected:
        assert os.path.isfile(os.path.join(demo_site, f"statystyka-odwiedzin/{year}/index.html"))


def test_year_page_shows_change_and_rank(demo_site):
    with open(os.path.join(demo_site, "statystyka-odwiedzin/2010/index.html"), encoding="utf-8") as handle:
        text = BeautifulSoup(handle.read(), "html.parser").main.get_text(" ", strip=True)
    # 2010: 133 101 against 192 822 in 2009.
    assert "−31,0%" in text
    visits = report_yearly_visits()
    assert sorted(visits.values(), reverse=True).index(visits[2010]) + 1 == int(re.search(r"(\d+)\.\sz\s18", text)[1])


def test_sms_page_matches_the_report_totals(demo_site):
    totals = re.search(r"^RAZEM\t(\d+)\t(\d+)$", seed_text(), re.M)
    with open(os.path.join(demo_site, "informator-sms/index.html"), encoding="utf-8") as handle:
        soup = BeautifulSoup(handle.read(), "html.parser")
    footer = [td.get_text(strip=True) for td in soup.tfoot.find_all("td")]
    assert footer[:2] == [totals[1], totals[2]]
    assert "13 stycznia 2021" in soup.caption.get_text().replace("\xa0", " ")
    rows = table_numbers(soup, "Liczba odbiorców")
    assert rows["Parszów"][:2] == ["95", "92"]
    assert soup.find("a", href="/aktualnosci/grupa/parszow/")
    assert soup.find("a", href="/aktualnosci/grupa/parszow/rss.xml")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2021,13,100,",
            "content/statystyki/odwiedziny-bip.csv:3: w kolumnie „miesiąc” ma być liczba całkowita od 1 do 12",
        ),
        ("2021,,1 000,", "content/statystyki/odwiedziny-bip.csv:3: w kolumnie „odwiedziny” ma być liczba całkowita"),
        ("2020,,5,", "content/statystyki/odwiedziny-bip.csv:3: okres 2020 występuje już w wierszu 2."),
        ("2021,1", "content/statystyki/odwiedziny-bip.csv:3: wiersz ma 2 pola zamiast 4"),
    ],
)
def test_malformed_visits_row_is_a_validation_error_with_file_and_line(tmp_path, row, message):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "statystyki/odwiedziny-bip.csv", f"{HEADER}2020,,2473566,\n{row}\n")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "out"))
    assert any(line.startswith(message) for line in str(failure.value).splitlines()), str(failure.value)


def test_unknown_sms_group_is_a_validation_error(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "statystyki/informator-sms.csv", "grupa,sms,sms_cloud,stan_na\nParszow,95,92,2021-01-13\n")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "out"))
    assert "content/statystyki/informator-sms.csv:2: nieznana grupa „Parszow”" in str(failure.value)


SMS_HEADER = "grupa,sms,sms_cloud,stan_na\n"


def test_a_group_listed_twice_is_refused_with_both_lines(tmp_path):
    """The second row once made the page list Parszów twice, add it to the total and date the whole table by it."""
    content = copy_fixture_content(str(tmp_path))
    rows = "Marcinków,79,81,2021-01-13\nParszów,95,92,2021-01-13\nRataje,103,87,2021-01-13\nParszów,102,99,2022-03-01\n"
    write_file(content, "statystyki/informator-sms.csv", SMS_HEADER + rows)
    output = tmp_path / "out"
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(output))
    assert (
        "content/statystyki/informator-sms.csv:5: grupa „Parszów” jest już w wierszu 3. Każda grupa może być w pliku "
        "tylko raz: wpisz nowe liczby i datę „stan_na” w wierszu 3, a ten wiersz usuń."
    ) in str(failure.value)
    assert not output.exists()


def test_groups_counted_on_different_days_get_a_table_each_never_one_total(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    rows = "Marcinków,79,81,2021-01-13\nParszów,102,99,2022-03-01\nRataje,103,87,2021-01-13\n"
    write_file(content, "statystyki/informator-sms.csv", SMS_HEADER + rows)
    output = tmp_path / "out"
    build_site(content, str(output))
    soup = BeautifulSoup((output / "informator-sms/index.html").read_text(encoding="utf-8"), "html.parser")
    tables = soup.find_all("table", class_="stats__table")
    captions = [table.caption.get_text().replace("\xa0", " ") for table in tables]
    assert captions == [
        "Liczba odbiorców w grupach (stan na 1 marca 2022 r.)",
        "Liczba odbiorców w grupach (stan na 13 stycznia 2021 r.)",
    ]
    groups = [[row.th.a.get_text() for row in table.tbody.find_all("tr")] for table in tables]
    assert groups == [["Parszów"], ["Marcinków", "Rataje"]]
    assert tables[0].tfoot is None  # one group: no "Razem"
    assert [td.get_text(strip=True) for td in tables[1].tfoot.find_all("td")] == ["182", "168"]
    # Each table is named by its own caption (the scrolling region's label).
    assert len({table.caption["id"] for table in tables}) == 2


# --- log import ---------------------------------------------------------------


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=WARSAW_WINTER)


def write_log(path, lines: list[str], compress=False) -> str:
    data = "".join(lines).encode()
    if compress:
        with gzip.open(path, "wb") as handle:
            handle.write(data)
    else:
        path.write_bytes(data)
    return str(path)


def read_months(csv_path) -> dict[tuple[int, int], tuple[int, int]]:
    with open(csv_path, encoding="utf-8") as handle:
        return {
            (int(r["rok"]), int(r["miesiąc"])): (int(r["odwiedziny"]), int(r["odsłony"]))
            for r in csv.DictReader(handle)
            if r["miesiąc"]
        }


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "odwiedziny-bip.csv"
    path.write_text(HEADER + "2020,,2473566,\n", encoding="utf-8")
    return path


ALICE = ("10.0.0.1", BROWSERS[0])
BOB = ("10.0.0.2", BROWSERS[1])


def test_visit_spanning_midnight_and_the_year_boundary_counts_once(tmp_path, csv_file):
    log = write_log(
        tmp_path / "access.log",
        [
            log_line(*ALICE[:1], at("2025-12-31 23:50"), "/", ALICE[1]),
            log_line(*ALICE[:1], at("2026-01-01 00:10"), "/kontakt/", ALICE[1]),
            log_line(*ALICE[:1], at("2026-01-01 00:50"), "/aktualnosci/", ALICE[1]),  # 40 min later: new visit
        ],
    )
    import_logs([log], str(csv_file), str(tmp_path / "state.sqlite"))
    assert read_months(csv_file) == {(2025, 12): (1, 1), (2026, 1): (1, 2)}
    assert "2020,,2473566," in csv_file.read_text(encoding="utf-8"), "the report's rows are kept"


def test_gzip_and_plain_rotated_files_in_any_order_give_the_same_figures(tmp_path, csv_file):
    newest = write_log(tmp_path / "access.log", [log_line(BOB[0], at("2026-02-01 10:05"), "/", BOB[1])])
    older = write_log(
        tmp_path / "access.log.1",
        [log_line(BOB[0], at("2026-02-01 09:50"), "/kontakt/", BOB[1])],
    )
    oldest = write_log(
        tmp_path / "access.log.2.gz",
        [log_line(ALICE[0], at("2026-01-15 12:00"), "/", ALICE[1])],
        compress=True,
    )
    import_logs([newest, oldest, older], str(csv_file), str(tmp_path / "state.sqlite"))
    # Bob's two requests 15 minutes apart, split across rotated files, are one visit.
    assert read_months(csv_file) == {(2026, 1): (1, 1), (2026, 2): (1, 2)}


def test_importing_again_or_overlapping_logs_counts_nothing_twice(tmp_path, csv_file):
    first_half = [log_line(ALICE[0], at(f"2026-03-0{day} 10:00"), "/", ALICE[1]) for day in range(1, 5)]
    second_half = [log_line(BOB[0], at(f"2026-03-0{day} 11:00"), "/", BOB[1]) for day in range(3, 7)]
    log_a = write_log(tmp_path / "a.log", first_half)
    log_b = write_log(tmp_path / "b.log", first_half[2:] + second_half)  # overlaps a.log
    state = str(tmp_path / "state.sqlite")
    import_logs([log_a], str(csv_file), state)
    import_logs([log_b], str(csv_file), state)
    once = csv_file.read_bytes()
    report = import_logs([log_a, log_b], str(csv_file), state)
    assert csv_file.read_bytes() == once
    assert report.new_page_views == 0
    assert read_months(csv_file) == {(2026, 3): (8, 8)}


def test_bots_assets_errors_and_bad_lines_are_not_counted(tmp_path, csv_file):
    log = write_log(
        tmp_path / "access.log",
        [
            log_line(ALICE[0], at("2026-04-01 10:00"), "/", ALICE[1]),
            log_line(ALICE[0], at("2026-04-01 10:00"), "/theme/css/site.css", ALICE[1]),
            log_line(ALICE[0], at("2026-04-01 10:01"), "/nie-ma/", ALICE[1], status=404),
            log_line(ALICE[0], at("2026-04-01 10:02"), "/kontakt/", ALICE[1], method="POST"),
            log_line("66.249.66.1", at("2026-04-01 10:03"), "/", BOTS[0]),
            "this is not a log line\n",
            '10.0.0.9 - - [31/Foo/2026:10:00:00 +0100] "GET / HTTP/1.1" 200 1 "-" "x"\n',
        ],
    )
    report = import_logs([log], str(csv_file), str(tmp_path / "state.sqlite"))
    assert read_months(csv_file) == {(2026, 4): (1, 1)}
    assert (report.bots, report.malformed, report.not_pages) == (1, 2, 3)
    assert report.malformed_examples == [f"{log}:6", f"{log}:7"]


def test_imported_months_and_years_appear_after_a_rebuild(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    csv_path = os.path.join(content, "statystyki", "odwiedziny-bip.csv")
    write_file(content, "statystyki/odwiedziny-bip.csv", HEADER + "2020,,2473566,\n")
    log = write_log(
        tmp_path / "access.log",
        [log_line(f"10.0.1.{n}", at("2026-05-02 12:00"), "/", ALICE[1]) for n in range(1, 4)],
    )
    import_logs([log], csv_path, str(tmp_path / "state.sqlite"))
    build_site(content, str(tmp_path / "out"))
    page = (tmp_path / "out/statystyka-odwiedzin/2026/index.html").read_text(encoding="utf-8")
    assert "maj" in page and "Odwiedziny w\xa0miesiącach" in page
    assert "brak danych za 2025&nbsp;r." in page
    overview = (tmp_path / "out/statystyka-odwiedzin/index.html").read_text(encoding="utf-8")
    assert '<a href="/statystyka-odwiedzin/2026/">2026</a>' in overview
    sources = " ".join(BeautifulSoup(overview, "html.parser").main.find("h1").find_next("p").get_text().split())
    assert "Dane za 2020 r. pochodzą z „Informacji Burmistrza" in sources
    assert "Dane za 2026 r. policzono z dzienników serwera" in sources
    gap = " ".join(BeautifulSoup(overview, "html.parser").select_one("main .notice").get_text().split())
    assert gap.startswith("Za lata 2021–2025 nie mamy jeszcze danych"), gap


def test_the_overview_names_the_years_it_has_no_figures_for(demo_site):
    """The report ends with 2020; the page says so instead of implying later years are there."""
    with open(os.path.join(demo_site, "statystyka-odwiedzin/index.html"), encoding="utf-8") as handle:
        main = BeautifulSoup(handle.read(), "html.parser").main
    text = " ".join(main.get_text(" ").split())
    assert "Dane za lata 2003–2020 pochodzą z „Informacji Burmistrza" in text
    assert "z dzienników serwera tego serwisu" not in text, "no year was counted from logs"
    assert "Za lata 2021–2026 nie mamy jeszcze danych" in " ".join(main.select_one(".notice").get_text().split())


def test_sms_page_says_how_to_sign_up_as_the_report_does(demo_site):
    report = seed_text()
    address = re.search(r"\((https://www\.sisms\.pl/rejestracja/[^)\s]+)\)", report)[1]
    with open(os.path.join(demo_site, "informator-sms/index.html"), encoding="utf-8") as handle:
        soup = BeautifulSoup(handle.read(), "html.parser")
    text = soup.main.get_text(" ").replace("\xa0", " ")
    assert soup.find("h2", string="Jak się zapisać")
    assert soup.find("a", href=address), "the registration address from the report"
    assert "BLISKO" in report and "BLISKO" in text
    assert "bezpłatne" in text and "1 SMS w cenniku" in text


def test_a_registration_address_that_is_not_a_web_address_is_refused_with_file_and_line(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "dane/informator-sms.yaml", "app: BLISKO\nregistration_url: www.sisms.pl/rejestracja\n")
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(tmp_path / "out"))
    assert "content/dane/informator-sms.yaml:2: „registration_url: www.sisms.pl/rejestracja”" in str(failure.value)
