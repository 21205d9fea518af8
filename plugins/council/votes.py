"""Named votes (imienne wykazy głosowań): one CSV file per session, read with `csv` and checked row by row.

The file has a header row `punkt,radny,głos` (a semicolon, as a Polish spreadsheet saves it, works
too) and one row per councillor and item: the item as the agenda names it, the councillor's name as in
content/dane/radni.yaml and the vote.
"""

import csv
import difflib
import io
from dataclasses import dataclass, field
from datetime import date

from plugins.core import Problem, plural_pl, read_source

COLUMNS = ("punkt", "radny", "głos")
# As written, and what each vote counts as.
VOTES = {
    "za": "za",
    "przeciw": "przeciw",
    "wstrzymał się": "wstrzymał się",
    "wstrzymała się": "wstrzymał się",
    "nieobecny": "nieobecny",
    "nieobecna": "nieobecny",
}
KINDS = ("za", "przeciw", "wstrzymał się", "nieobecny")
KIND_LABELS = {"za": "Za", "przeciw": "Przeciw", "wstrzymał się": "Wstrzymało się", "nieobecny": "Nieobecni"}


@dataclass
class Vote:
    councillor: str
    vote: str  # as written (wstrzymała się)
    kind: str  # what it counts as (wstrzymał się)
    line: int


@dataclass
class Item:
    title: str
    line: int
    votes: list[Vote] = field(default_factory=list)

    @property
    def totals(self) -> list[tuple[str, int]]:
        """(label, count) for each kind of vote, in a fixed order."""
        return [(KIND_LABELS[kind], sum(1 for v in self.votes if v.kind == kind)) for kind in KINDS]

    @property
    def passed(self) -> bool:
        """More for than against (a simple majority, the rule for most council resolutions)."""
        counts = dict(self.totals)
        return counts["Za"] > counts["Przeciw"]


def normal_header(cell: str) -> str:
    return cell.strip().lower().replace("glos", "głos")


def read_votes(
    path: str, shown_as: str, councillors: dict[str, tuple[date, date | None]], session_day: date | None
) -> tuple[list[Item], list[Problem]]:
    """The items with their votes; every problem with the CSV file's line.

    `councillors`: name -> (in office from, until); each item must have a vote of every councillor in
    office on the session's day, and of no one else.
    """
    text, problem = read_source(path, shown_as)
    if problem:
        return [], [problem]
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [Problem(shown_as, 1, "plik jest pusty. Pierwszy wiersz to nagłówek: punkt,radny,głos")]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [normal_header(cell) for cell in next(reader)]
    if tuple(header) != COLUMNS:
        return [], [
            Problem(
                shown_as,
                1,
                f"pierwszy wiersz to „{delimiter.join(header)}”, a powinien być nagłówek: punkt{delimiter}radny"
                f"{delimiter}głos (trzy kolumny, w tej kolejności).",
            )
        ]
    items: dict[str, Item] = {}
    problems = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3 or not all(cell.strip() for cell in row):
            problems.append(
                Problem(
                    shown_as,
                    line,
                    f"wiersz ma {len(row)} {plural_pl(len(row), 'kolumnę', 'kolumny', 'kolumn')} albo pustą kolumnę; "
                    f"wpisz trzy wartości: punkt{delimiter}"
                    f"imię i nazwisko radnego{delimiter}głos. Tekst z przecinkiem ujmij w cudzysłów.",
                )
            )
            continue
        title, name, written = (cell.strip() for cell in row)
        problem = row_problem(name, written.lower(), councillors, session_day)
        if problem:
            problems.append(Problem(shown_as, line, problem))
            continue
        item = items.setdefault(title, Item(title, line))
        earlier = next((v for v in item.votes if v.councillor == name), None)
        if earlier:
            problems.append(
                Problem(
                    shown_as,
                    line,
                    f"głos radnego „{name}” w punkcie „{title}” jest już w wierszu {earlier.line}; zostaw jeden.",
                )
            )
            continue
        item.votes.append(Vote(name, written.lower(), VOTES[written.lower()], line))
    for item in items.values():
        missing = [name for name in councillors if in_office(councillors[name], session_day)]
        missing = [name for name in missing if all(v.councillor != name for v in item.votes)]
        if missing:
            problems.append(
                Problem(
                    shown_as,
                    item.line,
                    f"w punkcie „{item.title}” brak głosu: {', '.join(missing)}. Dopisz ich wiersze; kto nie "
                    "głosował, ma „nieobecny” albo „nieobecna”.",
                )
            )
    return list(items.values()), problems


def in_office(term: tuple[date, date | None], day: date | None) -> bool:
    start, end = term
    return day is None or (start <= day and (end is None or day <= end))


def row_problem(name: str, vote: str, councillors: dict, session_day: date | None) -> str | None:
    if name not in councillors:
        close = difflib.get_close_matches(name, list(councillors), n=1, cutoff=0.6)
        hint = f" Czy chodzi o „{close[0]}”?" if close else ""
        return (
            f"„{name}”: nie ma takiego radnego w content/dane/radni.yaml.{hint} Wpisz imię i nazwisko dokładnie "
            "tak jak tam."
        )
    if not in_office(councillors[name], session_day):
        return f"„{name}” nie był radnym w dniu sesji (sprawdź „from” i „until” w content/dane/radni.yaml)."
    if vote not in VOTES:
        return f"głos „{vote}”: wpisz jedno z: {', '.join(VOTES)}."
    return None
