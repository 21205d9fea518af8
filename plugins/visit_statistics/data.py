"""The statistics data files: yearly/monthly BIP visits and SMS group subscribers.

content/statystyki/odwiedziny-bip.csv: rok,miesiąc,odwiedziny,odsłony
  A row with an empty month is a year's total as published (the mayor's report);
  rows with a month are monthly figures (written by the log import). A year's
  total is its total row when there is one, else the sum of its months.
content/statystyki/informator-sms.csv: grupa,sms,sms_cloud,stan_na
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from plugins.core import Problem, parse_local_date, plural_pl, read_source

VISITS_COLUMNS = ["rok", "miesiąc", "odwiedziny", "odsłony"]
SMS_COLUMNS = ["grupa", "sms", "sms_cloud", "stan_na"]


@dataclass
class MonthFigures:
    year: int
    month: int
    visits: int
    page_views: int | None = None


@dataclass
class YearFigures:
    year: int
    visits: int
    page_views: int | None
    months: list[MonthFigures] = field(default_factory=list)
    from_report: bool = False  # a published yearly total, not a sum of months
    change: float | None = None  # percent against the year before, when that year has data
    rank: int = 0  # 1 = the year with the most visits

    @property
    def months_known(self) -> int:
        return len(self.months)


@dataclass
class SmsGroup:
    name: str
    sms: int
    sms_cloud: int
    as_of: date


class DataFileError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def rows_with_lines(path: str, shown_as: str, columns: list[str]):
    """Yield (line, row dict); problems for a wrong header or row width are collected."""
    text, problem = read_source(path, shown_as)
    if problem:
        return [], [problem]
    reader = csv.reader(io.StringIO(text))
    rows, problems = [], []
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != columns:
        problems.append(
            Problem(
                shown_as,
                1,
                f"pierwszy wiersz musi zawierać nazwy kolumn: {','.join(columns)}. Przywróć ten wiersz.",
            )
        )
        return [], problems
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            problems.append(
                Problem(
                    shown_as,
                    line,
                    f"wiersz ma {len(values)} {plural_pl(len(values), 'pole', 'pola', 'pól')} zamiast {len(columns)} "
                    f"({','.join(columns)}). "
                    "Sprawdź przecinki; liczby wpisuj bez spacji, np. 1842828.",
                )
            )
            continue
        rows.append((line, {c: v.strip() for c, v in zip(columns, values, strict=True)}))
    return rows, problems


def whole_number(value: str, column: str, shown_as: str, line: int, optional=False, low=0, high=None):
    if value == "" and optional:
        return None, None
    if value.isascii() and value.isdigit() and int(value) >= low and (high is None or int(value) <= high):
        return int(value), None
    limits = f" od {low} do {high}" if high is not None else ""
    return None, Problem(
        shown_as,
        line,
        f"w kolumnie „{column}” ma być liczba całkowita{limits}, a jest „{value}”. "
        "Wpisz samą liczbę bez spacji i kropek, np. 1842828.",
    )


def read_visits(path: str, shown_as: str) -> tuple[list[YearFigures], list[Problem]]:
    rows, problems = rows_with_lines(path, shown_as, VISITS_COLUMNS)
    totals: dict[int, tuple[int, int | None]] = {}
    months: dict[int, list[MonthFigures]] = {}
    seen: dict[tuple[int, int | None], int] = {}
    for line, row in rows:
        year, p1 = whole_number(row["rok"], "rok", shown_as, line, low=1990, high=2100)
        month, p2 = whole_number(row["miesiąc"], "miesiąc", shown_as, line, optional=True, low=1, high=12)
        visits, p3 = whole_number(row["odwiedziny"], "odwiedziny", shown_as, line)
        views, p4 = whole_number(row["odsłony"], "odsłony", shown_as, line, optional=True)
        found = [p for p in (p1, p2, p3, p4) if p]
        if found:
            problems.extend(found)
            continue
        key = (year, month)
        if key in seen:
            period = f"{month:02d}/{year}" if month else str(year)
            problems.append(
                Problem(
                    shown_as,
                    line,
                    f"okres {period} występuje już w wierszu {seen[key]}. Zostaw jeden wiersz dla każdego okresu.",
                )
            )
            continue
        seen[key] = line
        if month is None:
            totals[year] = (visits, views)
        else:
            months.setdefault(year, []).append(MonthFigures(year, month, visits, views))
    return summarize_years(totals, months), problems


def summarize_years(totals, months) -> list[YearFigures]:
    years = []
    for year in sorted(set(totals) | set(months)):
        year_months = sorted(months.get(year, []), key=lambda m: m.month)
        if year in totals:
            visits, views = totals[year]
            figures = YearFigures(year, visits, views, year_months, from_report=True)
        else:
            views = [m.page_views for m in year_months]
            page_views = sum(views) if all(v is not None for v in views) else None
            figures = YearFigures(year, sum(m.visits for m in year_months), page_views, year_months)
        years.append(figures)
    by_year = {y.year: y for y in years}
    for figures in years:
        previous = by_year.get(figures.year - 1)
        if previous and previous.visits:
            figures.change = (figures.visits - previous.visits) / previous.visits * 100
    for rank, figures in enumerate(sorted(years, key=lambda y: -y.visits), start=1):
        figures.rank = rank
    return years


def read_sms_groups(path: str, shown_as: str, known_groups: list[str]) -> tuple[list[SmsGroup], list[Problem]]:
    rows, problems = rows_with_lines(path, shown_as, SMS_COLUMNS)
    groups = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        sms, p1 = whole_number(row["sms"], "sms", shown_as, line)
        cloud, p2 = whole_number(row["sms_cloud"], "sms_cloud", shown_as, line)
        found = [p for p in (p1, p2) if p]
        if row["grupa"] not in known_groups:
            found.append(
                Problem(
                    shown_as,
                    line,
                    f"nieznana grupa „{row['grupa']}”. Dozwolone: {', '.join(known_groups)}.",
                )
            )
        try:
            as_of = parse_local_date(row["stan_na"]).date()
        except ValueError:
            found.append(
                Problem(
                    shown_as,
                    line,
                    f"nieprawidłowa data „{row['stan_na']}” w kolumnie „stan_na”. Wpisz datę jako RRRR-MM-DD, "
                    "np. 2021-01-13.",
                )
            )
        earlier = first_line.setdefault(row["grupa"], line)
        if earlier != line:
            found.append(
                Problem(
                    shown_as,
                    line,
                    f"grupa „{row['grupa']}” jest już w wierszu {earlier}. Każda grupa może być w pliku tylko raz: "
                    f"wpisz nowe liczby i datę „stan_na” w wierszu {earlier}, a ten wiersz usuń.",
                )
            )
        if found:
            problems.extend(found)
            continue
        groups.append(SmsGroup(row["grupa"], sms, cloud, as_of))
    return groups, problems


@dataclass
class SmsTable:
    """The groups counted on one day: figures of different days are never shown or added up together."""

    as_of: date
    groups: list[SmsGroup]
    caption_id: str

    @property
    def sms_total(self) -> int:
        return sum(group.sms for group in self.groups)

    @property
    def sms_cloud_total(self) -> int:
        return sum(group.sms_cloud for group in self.groups)


def sms_tables(groups: list[SmsGroup]) -> list[SmsTable]:
    """One table per day the figures were counted on, the newest first; groups keep the file's order."""
    days = sorted({group.as_of for group in groups}, reverse=True)
    return [
        SmsTable(day, [group for group in groups if group.as_of == day], "tabela-grup-sms" + (f"-{n}" if n > 1 else ""))
        for n, day in enumerate(days, start=1)
    ]
