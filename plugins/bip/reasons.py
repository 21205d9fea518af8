"""The reason for a change to the BIP: the commit message's first line, or its `Powód:` trailer.

The same rule runs in the commit-msg hook (scripts/git-hooks/commit-msg, installed by `make serve`
and `make test`) and in the build, which names any published commit whose reason it refuses.
Run as `python -m plugins.bip.reasons MESSAGE_FILE [PATH...]` by the hook.
"""

import re
import sys

TRAILER = re.compile(r"^Powód:[ \t]*(.*)$", re.MULTILINE | re.IGNORECASE)
# Words that say a change happened, not why: a reason made only of these is refused.
EMPTY_WORDS = {
    "fix",
    "fixes",
    "fixed",
    "update",
    "updates",
    "updated",
    "change",
    "changes",
    "edit",
    "wip",
    "test",
    "tmp",
    "zmiana",
    "zmiany",
    "zmieniono",
    "poprawka",
    "poprawki",
    "poprawiono",
    "korekta",
    "korekty",
    "aktualizacja",
    "zaktualizowano",
    "edycja",
    "drobne",
    "drobna",
    "dokumentu",
    "dokument",
    "pliku",
    "plik",
    "bip",
    "w",
    "i",
    "na",
}
MINIMUM_LETTERS = 10
EXAMPLE = "Uchwała Nr XII/85/2024: dodano wynik głosowania zgodnie z protokołem sesji"


def reason_of(message: str) -> str:
    """The `Powód:` trailer when there is one, otherwise the first line; comments (#) are not part of it."""
    text = "\n".join(line for line in message.splitlines() if not line.startswith("#"))
    trailer = TRAILER.search(text)
    if trailer:
        return trailer.group(1).strip()
    return text.strip().split("\n", 1)[0].strip() if text.strip() else ""


def reason_problem(message: str) -> str | None:
    """Why this commit message gives no reason for a change (in Polish), or None when it does."""
    reason = reason_of(message)
    if not reason:
        return "brak powodu zmiany"
    words = re.findall(r"\w+", reason.lower())
    letters = sum(len(word) for word in words)
    if all(word in EMPTY_WORDS or word.isdigit() for word in words) or letters < MINIMUM_LETTERS:
        return f"powód „{reason}” nie mówi, co zmieniono i dlaczego"
    return None


HOW_TO = (
    f"Pierwszy wiersz opisu commitu to powód zmiany widoczny w rejestrze zmian BIP, np. „{EXAMPLE}”. "
    "Można też dopisać osobny wiersz „Powód: …”."
)


def main(arguments: list[str]) -> int:
    """The commit-msg hook: refuses a commit to content/bip/ whose message gives no reason."""
    with open(arguments[0], encoding="utf-8") as handle:
        message = handle.read()
    problem = reason_problem(message)
    if problem is None:
        return 0
    sys.stderr.write(f"Commit zatrzymany: zmienia BIP, a {problem}.\n{HOW_TO}\n")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
