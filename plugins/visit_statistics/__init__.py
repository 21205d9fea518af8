"""Visit statistics (BIP) and the SMS information service's groups.

Pages: the overview of all years (table + SVG chart), one page a year (with
months when known), and "Informator SMS". Data: CSV files under content/,
checked like any other content; how to sign up for the SMS service is the office's
data file content/dane/informator-sms.yaml (an empty field shows nothing). `make stats` imports web-server logs
(see logs.py). Settings: VISIT_STATISTICS = {...} (DEFAULTS below).
"""

import logging
import os
from datetime import datetime

from pelican import signals
from pelican.generators import Generator

from plugins.core import DataFile, month_pl, number_pl, plugin_settings
from plugins.core.datafiles import Entry, load_data
from plugins.core.dates import WARSAW, build_now
from plugins.core.polish import typeset
from plugins.core.session import output_changes_at

from .chart import bar_chart
from .data import read_sms_groups, read_visits, sms_tables

logger = logging.getLogger(__name__)

DEFAULTS = {
    "visits_file": "statystyki/odwiedziny-bip.csv",
    "sms_file": "statystyki/informator-sms.csv",
    "url": "statystyka-odwiedzin/",
    "save_as": "statystyka-odwiedzin/index.html",
    "year_url": "statystyka-odwiedzin/{year}/",
    "year_save_as": "statystyka-odwiedzin/{year}/index.html",
    "sms_url": "informator-sms/",
    "sms_save_as": "informator-sms/index.html",
}


SMS_DATA_FILE = "informator-sms.yaml"
SMS_DATA_ENTRIES = (
    Entry("operator", required=False, example="Samorządowy Informator SMS sp. z o.o."),
    Entry("since", required=False, example="lipca 2011 r."),
    Entry("cloud_since", required=False, example="1 stycznia 2016 r."),
    Entry("app", required=False, example="BLISKO"),
    Entry("registration_url", "url", required=False, example="https://www.sisms.pl/rejestracja/…"),
    Entry("free", required=False, example="Zapisanie się jest bezpłatne."),
    Entry("steps", "list", required=False, item=Entry("step", example="Zainstaluj aplikację …")),
    Entry("classic_sms", required=False, example="Do SMS-ów można zapisać się, wysyłając SMS …"),
    Entry("reports", required=False, example="Zgłoszenia …"),
)


def check_sms_data_file(path, shown_as, settings):
    return load_data(settings, SMS_DATA_FILE, SMS_DATA_ENTRIES)[1]


def statistics_settings(settings: dict) -> dict:
    return plugin_settings(settings, "VISIT_STATISTICS", DEFAULTS)


def configured_group_names(settings: dict) -> list[str]:
    return list((settings.get("GROUPS") or {}).get("names", []))


def check_visits_file(path, shown_as, settings):
    return read_visits(path, shown_as)[1]


def check_sms_file(path, shown_as, settings):
    return read_sms_groups(path, shown_as, configured_group_names(settings))[1]


def percent_pl(value: float | None) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{number_pl(abs(value), 1)}%"


def year_spans(years: list[int]) -> str:
    """ "2003–2020", "2024", "2007, 2021–2025": runs of consecutive years; "" for none."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def for_years(years: list[int]) -> str:
    """ "za lata 2003–2020", "za 2026 r.", "" for none: how the page names the years a statement is about."""
    spans = year_spans(years)
    if not spans:
        return ""
    return f"za {spans} r." if len(years) == 1 else f"za lata {spans}"


def coverage(years, this_year: int) -> dict[str, str]:
    """What the page may truthfully say about its sources: the years from the mayor's report (whole
    years only), the years counted from the server's logs (with months), and the years with no data
    up to the build's year."""
    known = {figures.year for figures in years}
    first = min(known, default=this_year)
    return {
        "reported": for_years([figures.year for figures in years if not figures.months]),
        "logged": for_years([figures.year for figures in years if figures.months]),
        "missing": for_years([year for year in range(first, this_year + 1) if year not in known]),
    }


def visits_chart(chart_id: str, years) -> str:
    if not years:
        return ""
    best = max(years, key=lambda y: y.visits)
    description = (
        f"Wykres słupkowy liczby odwiedzin BIP w latach {years[0].year}–{years[-1].year}. "
        f"Najwięcej odwiedzin: {number_pl(best.visits)} w {best.year} r. Dane liczbowe są w tabeli obok."
    )
    bars = [(str(y.year), y.visits, number_pl(y.visits)) for y in years]
    return bar_chart(chart_id, "Odwiedziny BIP w kolejnych latach", typeset(description), bars)


def months_chart(chart_id: str, year) -> str:
    description = (
        f"Wykres słupkowy liczby odwiedzin BIP w kolejnych miesiącach {year.year} r. Dane liczbowe są w tabeli obok."
    )
    bars = [(month_pl(m.month), m.visits, number_pl(m.visits)) for m in year.months]
    return bar_chart(chart_id, typeset(f"Odwiedziny BIP w miesiącach {year.year} r."), typeset(description), bars)


class StatisticsGenerator(Generator):
    def generate_context(self):
        config = statistics_settings(self.settings)
        content = self.settings["PATH"]
        visits_path = os.path.join(content, config["visits_file"])
        sms_path = os.path.join(content, config["sms_file"])
        # Both files were validated at start-up; problems there stopped the build.
        self.years = read_visits(visits_path, visits_path)[0] if os.path.isfile(visits_path) else []
        sms_groups = (
            read_sms_groups(sms_path, sms_path, configured_group_names(self.settings))[0]
            if os.path.isfile(sms_path)
            else []
        )
        for figures in self.years:
            figures.url = config["year_url"].format(year=figures.year)
            figures.save_as = config["year_save_as"].format(year=figures.year)
            figures.change_text = percent_pl(figures.change)
        self.sms_groups = sms_groups
        # Without the file (it is optional) the page says nothing about signing up.
        unset = {entry.name: [] if entry.kind == "list" else "" for entry in SMS_DATA_ENTRIES}
        self.context["sms_signup"] = {**unset, **load_data(self.settings, SMS_DATA_FILE, SMS_DATA_ENTRIES)[0]}
        self.context["visit_years"] = self.years
        this_year = build_now(self.settings).year
        self.context["visit_coverage"] = coverage(self.years, this_year)
        # The years without figures run to the build's year: the daily build republishes on 1 January.
        output_changes_at(self.settings, datetime(this_year + 1, 1, 1, tzinfo=WARSAW))
        self.context["sms_groups"] = sms_groups
        self.context["VISIT_STATISTICS_URL"] = config["url"]
        self.context["SMS_GROUPS_URL"] = config["sms_url"]

    def planned_outputs(self) -> list[tuple[str, object]]:
        config = statistics_settings(self.settings)
        pages = [config["save_as"], config["sms_save_as"]] + [figures.save_as for figures in self.years]
        return [(save_as, None) for save_as in pages]

    def generate_output(self, writer):
        config = statistics_settings(self.settings)
        writer.write_file(
            config["save_as"],
            self.get_template("visit_statistics"),
            self.context,
            chart=visits_chart("wykres-lata", self.years),
            url=config["url"],
        )
        for figures in self.years:
            writer.write_file(
                figures.save_as,
                self.get_template("visit_statistics_year"),
                self.context,
                year=figures,
                previous_year=figures.year - 1,
                chart=months_chart("wykres-miesiace", figures) if figures.months else "",
                url=figures.url,
            )
        writer.write_file(
            config["sms_save_as"],
            self.get_template("sms_groups"),
            self.context,
            sms_tables=sms_tables(self.sms_groups),
            sms_group_urls=self.group_urls(),
            url=config["sms_url"],
        )

    def group_urls(self) -> dict[str, dict]:
        """Each SMS group's page and, when the feeds plugin runs, its RSS feed."""
        feeds = self.context.get("FEEDS", {})
        return {
            group.name: {"page": group.url, "feed": getattr(feeds.get(f"group:{group.slug}"), "url", None)}
            for group, _ in self.context.get("groups", [])
        }


def get_generators(pelican):
    return StatisticsGenerator


DATA_FILES = (
    DataFile("visits", lambda s: statistics_settings(s)["visits_file"], check_visits_file),
    DataFile("sms", lambda s: statistics_settings(s)["sms_file"], check_sms_file),
    DataFile("sms_signup", f"dane/{SMS_DATA_FILE}", check_sms_data_file),
)

# Runs after (plugins.core.order): the SMS groups are the information groups.
NEEDS = ("groups",)


def register():
    signals.get_generators.connect(get_generators)
