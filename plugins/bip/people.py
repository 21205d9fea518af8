"""Who made each change to the BIP, and why: people from the editors' data file, not git mailboxes.

Every commit touching content/bip/ must come from an address an editor commits with (bip.yaml,
`commit_emails`) and give a reason (reasons.py). For a commit already published, the office supplies
what is missing in content/dane/bip-korekty.yaml; history is never rewritten.
"""

import dataclasses
from dataclasses import dataclass

from plugins.core import Problem
from plugins.core.datafiles import Entry

from .history import Change
from .reasons import EXAMPLE, reason_problem

CORRECTIONS_FILE = "bip-korekty.yaml"
CORRECTION_ENTRIES = (
    Entry(
        "corrections",
        "list",
        entries=(
            Entry("commit", example="pierwsze 7 znaków numeru commitu, np. 1a2b3c4"),
            Entry("date", "date", example="RRRR-MM-DD, dzień uzupełnienia"),
            Entry("reason", required=False, example=EXAMPLE),
            Entry("person", required=False, example="imię i nazwisko redaktora z bip.yaml"),
        ),
    ),
)


@dataclass(frozen=True)
class Person:
    name: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


def editors_by_email(editors: list[dict]) -> dict[str, Person]:
    found = {}
    for editor in editors:
        for address in editor.get("commit_emails", []):
            found[str(address).lower()] = Person(editor.get("name", ""), editor.get("role", ""))
    return found


def editors_by_account(editors: list[dict]) -> dict[str, Person]:
    """The server's accounts (the publication ledger's `account`) of each editor."""
    found = {}
    for editor in editors:
        for account in editor.get("accounts", []):
            found[str(account).strip()] = Person(editor.get("name", ""), editor.get("role", ""))
    return found


def editors_by_name(editors: list[dict]) -> dict[str, Person]:
    return {editor.get("name", ""): Person(editor.get("name", ""), editor.get("role", "")) for editor in editors}


class Attribution:
    """Gives each change its person and reason, and collects the problems, one per commit."""

    def __init__(
        self, editors: list[dict], corrections: list[dict], bip_file: str, corrections_file: str, history_complete=True
    ):
        self.history_complete = history_complete  # a shallow copy lacks older commits: their corrections wait
        self.by_email = editors_by_email(editors)
        self.by_account = editors_by_account(editors)
        self.by_name = editors_by_name(editors)
        self.corrections = corrections
        self.bip_file = bip_file
        self.corrections_file = corrections_file
        self.problems: list[Problem] = []
        # commit -> {"person": the correction naming it, "reason": the one giving it}: several
        # corrections may complete one commit, each keeping its own day.
        self.by_commit: dict[str, dict[str, dict]] = {}

    def resolve_corrections(self, commits: list[str]) -> None:
        """Each correction names one published commit, by its full number or an unambiguous prefix."""
        for correction in self.corrections:
            prefix = str(correction.get("commit", "")).strip().lower()
            matches = {commit for commit in commits if commit.startswith(prefix)} if len(prefix) >= 7 else set()
            if not matches and not self.history_complete:
                continue
            if len(matches) != 1:
                why = "pasuje do kilku commitów" if matches else "nie ma takiego commitu w historii BIP"
                self.problems.append(
                    Problem(
                        self.corrections_file,
                        correction.line,
                        f"„commit: {prefix}”: {why}. Podaj co najmniej 7 pierwszych znaków numeru commitu "
                        "z rejestru zmian (git log -- content/bip).",
                    )
                )
                continue
            self.check_correction(correction)
            completed = self.by_commit.setdefault(matches.pop(), {})
            for supplied in ("person", "reason"):
                if correction.get(supplied):
                    completed[supplied] = correction

    def check_correction(self, correction: dict) -> None:
        name = correction.get("person")
        if name and name not in self.by_name:
            self.problems.append(
                Problem(
                    self.corrections_file,
                    correction.line,
                    f"„person: {name}”: tej osoby nie ma wśród redaktorów w {self.bip_file}. "
                    f"Wpisz imię i nazwisko dokładnie jak tam: {', '.join(self.by_name)}.",
                )
            )
        reason = correction.get("reason")
        if reason and reason_problem(reason):
            self.problems.append(
                Problem(
                    self.corrections_file,
                    correction.line,
                    f"„reason: {reason}”: {reason_problem(reason)}. Napisz, co zmieniono i dlaczego, np. „{EXAMPLE}”.",
                )
            )
        if not reason and not name:
            self.problems.append(
                Problem(
                    self.corrections_file, correction.line, "korekta bez „reason” ani „person”: dopisz jedno z nich."
                )
            )

    def attribute(self, changes: list[Change]) -> list[Change]:
        self.resolve_corrections(sorted({change.commit for change in changes}))
        refused: set[str] = set()
        attributed = []
        for change in changes:
            attributed.append(self.attribute_one(change, refused))
        return attributed

    def attribute_one(self, change: Change, refused: set[str]) -> Change:
        completed = self.by_commit.get(change.commit, {})
        naming, giving = completed.get("person", {}), completed.get("reason", {})
        # The server's account is who published; without a ledger (a preview, or history from before
        # it), the address the commit came from.
        committed_by = (
            self.by_account.get(change.account) if change.account else self.by_email.get(change.email.lower())
        )
        named = self.by_name.get(naming.get("person"))
        person = named or committed_by
        message = giving.get("reason") or change.message
        if change.commit not in refused:
            problems = self.commit_problems(change, person, message)
            if named and change.account:
                problems.append(self.ledger_person_problem(change, naming))
            elif named and committed_by and named != committed_by:
                problems.append(self.replaced_person_problem(change, naming, committed_by))
            if problems:
                refused.add(change.commit)
                self.problems.extend(problems)
        return dataclasses.replace(
            change,
            person=person.label if person else "",
            message=message,
            corrected_on=giving.get("date", ""),
            person_corrected_on=naming.get("date", "") if named and not committed_by else "",
        )

    def replaced_person_problem(self, change: Change, correction: dict, committed_by: Person) -> Problem:
        """A correction names the person of a commit from a shared mailbox; it never replaces an editor."""
        return Problem(
            self.corrections_file,
            correction.line,
            f"„person: {correction.get('person')}”: commit {change.commit[:10]} przyszedł z adresu {change.email}, "
            f"który w {self.bip_file} należy do redaktora {committed_by.name}. Korekta może wskazać osobę tylko dla "
            "commitu ze wspólnej skrzynki; osoby redaktora nie zmienia się. Usuń „person” z tej korekty.",
        )

    def ledger_person_problem(self, change: Change, correction: dict) -> Problem:
        """Whom the server authenticated is a fact of the record: no correction names someone else."""
        return Problem(
            self.corrections_file,
            correction.line,
            f"„person: {correction.get('person')}”: commit {change.commit[:10]} opublikował serwer urzędu z konta "
            f"„{change.account}” i tak zapisał w rejestrze publikacji. Osoby zapisanej przez serwer nie zmienia się "
            "korektą. Usuń „person” z tej korekty.",
        )

    def commit_problems(self, change: Change, person: Person | None, message: str) -> list[Problem]:
        named = (
            f"commit {change.commit[:10]} z {change.date:%Y-%m-%d %H:%M} ({change.author} <{change.email}>, "
            f"plik {change.path})"
        )
        problems = []
        if person is None and change.account:
            problems.append(
                Problem(
                    self.bip_file,
                    1,
                    f"{named}: serwer przyjął tę zmianę z konta „{change.account}”, którego nie przypisano żadnemu "
                    f"redaktorowi BIP. Dopisz je osobie, do której należy („accounts: [{change.account}]” "
                    f"w {self.bip_file}).",
                )
            )
        elif person is None:
            problems.append(
                Problem(
                    self.bip_file,
                    1,
                    f"{named}: adresu {change.email} nie ma na liście redaktorów BIP. Dopisz go osobie, która "
                    f"commituje z tego adresu („commit_emails: [{change.email}]” w {self.bip_file}), albo wskaż tę "
                    f"osobę dla tego commitu w {self.corrections_file} („commit: {change.commit[:7]}”, „person: …”).",
                )
            )
        problem = reason_problem(message)
        if problem:
            problems.append(
                Problem(
                    self.corrections_file,
                    1,
                    f"{named}: {problem}. Historii się nie przepisuje: podaj powód w {self.corrections_file}, np. "
                    f'„- commit: {change.commit[:7]}”, „date: RRRR-MM-DD”, „reason: "{EXAMPLE}"” (z cudzysłowem).',
                )
            )
        return problems
