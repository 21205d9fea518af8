"""The build's report for editors: a page beside the releases, at /stan-budowania/ on the server.

Written after every build, published or refused, so an editor who pushed a change can see what the
server made of it without access to its log. It lives outside every release (a refused build
changes no release) and the site never links to it. Written atomically: a reader sees the old
report or the new one.
"""

import html
import os
import subprocess
from datetime import UTC, datetime

from plugins.core.dates import WARSAW, build_now
from plugins.core.outputs import STATUS_FOLDER

from . import releases

FOLDER = STATUS_FOLDER
OUTCOMES = {
    "published": "Zmiany opublikowane",
    "unchanged": "Bez zmian: strona była aktualna",
    "refused": "Budowanie nieudane: zmiany NIE zostały opublikowane",
}


def status_file(output: str) -> str:
    """`/srv/wachock/output` -> `/srv/wachock/stan-budowania/index.html`."""
    return os.path.join(os.path.dirname(os.path.abspath(output)), FOLDER, "index.html")


def describe_commit(content_path: str) -> str:
    """The commit the build read, as editors see it in their Git client; "" outside git."""
    try:
        done = subprocess.run(
            ["git", "-C", content_path, "log", "-1", "--format=%h · %an · %s"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def live_release_time(output: str) -> str:
    live = releases.current_release(output)
    if not live:
        return "brak opublikowanej wersji"
    try:
        built = datetime.strptime(os.path.basename(live)[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        return os.path.basename(live)
    return built.replace(tzinfo=UTC).astimezone(WARSAW).strftime("%d.%m.%Y, %H:%M")


def render(outcome: str, report: str, commit: str, live: str, now: datetime) -> str:
    rows = [
        ("Wynik", OUTCOMES[outcome]),
        ("Kiedy", now.strftime("%d.%m.%Y, %H:%M:%S")),
        ("Zmiana (commit)", commit or "nieznana"),
        ("Na stronie jest wersja z", live),
    ]
    table = "\n".join(f'<tr><th scope="row">{html.escape(k)}</th><td>{html.escape(v)}</td></tr>' for k, v in rows)
    details = (
        f"<h2>Co trzeba poprawić</h2>\n<pre>{html.escape(report)}</pre>\n"
        "<p>Popraw plik wskazany wyżej, zapisz zmianę (commit) i wyślij ją ponownie (push). "
        "Do tego czasu mieszkańcy widzą poprzednią wersję strony.</p>"
        if outcome == "refused"
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Stan budowania strony – Gmina Wąchock</title>
</head>
<body>
<main>
<h1>Stan budowania strony</h1>
<table>
<caption>Ostatnie budowanie</caption>
{table}
</table>
{details}
</main>
</body>
</html>
"""


def write_status(
    output: str, outcome: str, report: str = "", content_path: str = "", moment: datetime | None = None
) -> str:
    path = status_file(output)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    page = render(
        outcome,
        report,
        describe_commit(content_path) if content_path else "",
        live_release_time(output),
        moment or build_now(),
    )
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(page)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
    return path
