"""Problems found in content, reported to editors one line each."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as the editor sees it: content/aktualnosci/plik.md
    line: int
    message: str  # Polish, says what to write instead

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentValidationError(Exception):
    """The build stops: the content has problems; nothing is published."""

    def __init__(self, problems):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(
            f"Znaleziono błędów: {count}. Strona nie została opublikowana; popraw pliki i uruchom budowanie ponownie."
        )
        return "\n".join(lines)
