"""From an editor's push to the live site: the server's git hook, build script, status page, timer."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.sitebuild import FIXTURE_CONTENT, PROJECT_ROOT
from wachock import releases

DEPLOY = os.path.join(PROJECT_ROOT, "deploy")
EDITOR = ["-c", "user.name=Anna Nowak", "-c", "user.email=a.nowak@wachock.pl"]
NEWS = "content/aktualnosci/komunikat-prad.md"


def git(folder, *arguments, check=True, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(folder), *EDITOR, *arguments], capture_output=True, text=True, check=check, env=env
    )


def project_files() -> list[str]:
    """The project as a clone has it (new files included), without the demo content and the tests."""
    listed = subprocess.run(
        ["git", "-C", PROJECT_ROOT, "ls-files", "-co", "--exclude-standard"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return [
        path
        for path in listed
        if path
        and not path.startswith(("content/", "tests/", "bench/", "docs/"))
        and os.path.isfile(os.path.join(PROJECT_ROOT, path))
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A bare repository with the shipped hook, the site's folder, and an editor's clone."""
    base = tmp_path_factory.mktemp("server")
    start = base / "start"
    for path in project_files():
        os.makedirs(start / os.path.dirname(path), exist_ok=True)
        shutil.copy2(os.path.join(PROJECT_ROOT, path), start / path)
    shutil.copytree(FIXTURE_CONTENT, start / "content")
    git(start, "init", "-q", "-b", "main")
    git(start, "add", "-A")
    git(start, "commit", "-q", "-m", "Strona gminy: pierwsza wersja")
    repository = base / "repo.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(start), str(repository)], check=True)
    shutil.copy(os.path.join(DEPLOY, "git", "pre-receive"), repository / "hooks" / "pre-receive")
    root = base / "srv"
    env = {
        **os.environ,
        "WACHOCK_ROOT": str(root),
        "WACHOCK_PYTHON": sys.executable,
        "WACHOCK_BUILD_SITE": os.path.join(DEPLOY, "build-site"),
    }
    first = subprocess.run(
        [os.path.join(DEPLOY, "build-site"), str(repository), "main"], env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    editor = base / "redaktor"
    subprocess.run(["git", "clone", "-q", str(repository), str(editor)], check=True)
    return {"repository": repository, "root": root, "editor": editor, "env": env}


def live_page(root, relative: str) -> str:
    with open(os.path.join(root, "output", relative), encoding="utf-8") as handle:
        return handle.read()


def status_page(root) -> str:
    with open(os.path.join(root, "stan-budowania", "index.html"), encoding="utf-8") as handle:
        return handle.read()


def edit_and_push(server, text: str, message: str) -> subprocess.CompletedProcess:
    editor = server["editor"]
    with open(editor / NEWS, "a", encoding="utf-8") as handle:
        handle.write(text)
    git(editor, "commit", "-q", "-am", message)
    return git(editor, "push", "origin", "main", check=False, env=server["env"])


def test_a_push_that_breaks_the_site_is_refused_with_the_polish_report_and_changes_nothing(server):
    root = server["root"]
    live_before = releases.current_release(str(root / "output"))
    main_before = git(server["repository"], "rev-parse", "main").stdout
    pushed = edit_and_push(server, '\n<script>alert("x")</script>\n', "Komunikat o przerwie w dostawie prądu")
    assert pushed.returncode != 0
    assert "remote: " in pushed.stderr and "[remote rejected]" in pushed.stderr
    assert f"{NEWS.removeprefix('content/')}:" in pushed.stderr or NEWS in pushed.stderr
    assert "ZMIANA NIE ZOSTAŁA PRZYJĘTA" in pushed.stderr
    assert releases.current_release(str(root / "output")) == live_before
    assert git(server["repository"], "rev-parse", "main").stdout == main_before
    report = status_page(root)
    assert "Budowanie nieudane" in report and "komunikat-prad.md" in report
    # the editor undoes the commit and pushes a good one
    git(server["editor"], "reset", "-q", "--hard", "origin/main")


def test_a_good_push_is_built_published_and_reported(server):
    root = server["root"]
    live_before = releases.current_release(str(root / "output"))
    pushed = edit_and_push(server, "\nDyżur pogotowia energetycznego do godziny 20.\n", "Komunikat: dyżur pogotowia")
    assert pushed.returncode == 0, pushed.stderr
    assert "Zmiana przyjęta i opublikowana." in pushed.stderr
    assert releases.current_release(str(root / "output")) != live_before
    pages = [
        os.path.relpath(os.path.join(d, n), root / "output")
        for d, _, names in os.walk(root / "output" / "aktualnosci")
        for n in names
        if n.endswith(".html")
    ]
    assert any("Dyżur pogotowia energetycznego" in live_page(root, page) for page in pages)
    assert "Zmiany opublikowane" in status_page(root)
    assert "Komunikat: dyżur pogotowia" in status_page(root)


def test_the_timer_and_the_cron_line_run_the_build_script_every_15_minutes(tmp_path):
    for name in ("wachock-build.service", "wachock-build.timer"):
        with open(os.path.join(DEPLOY, "systemd", name), encoding="utf-8") as handle:
            unit = handle.read()
        # the script as the README installs it
        (tmp_path / name).write_text(
            unit.replace("/usr/local/bin/wachock-build-site", os.path.join(DEPLOY, "build-site"))
        )
    verified = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "wachock-build.timer")], capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    calendar = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=96", "*-*-* *:00/15:00"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "OnCalendar=*-*-* *:00/15:00" in (tmp_path / "wachock-build.timer").read_text()
    assert " 00:00:00 " in calendar
    with open(os.path.join(DEPLOY, "cron", "wachock"), encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith(("#", "CRON_TZ", "WACHOCK"))]
    assert lines == [
        "*/15 * * * * wachock /usr/local/bin/wachock-build-site /srv/wachock/repo.git main "
        ">> /srv/wachock/budowanie.log 2>&1\n"
    ]


def test_a_timer_run_with_nothing_new_publishes_nothing_and_says_so(server):
    root = server["root"]
    live_before = releases.current_release(str(root / "output"))
    timer = subprocess.run(
        [os.path.join(DEPLOY, "build-site"), str(server["repository"]), "main"],
        env=server["env"],
        capture_output=True,
        text=True,
    )
    assert timer.returncode == 0, timer.stderr
    assert releases.current_release(str(root / "output")) == live_before
    assert "Bez zmian" in status_page(root)


def test_a_forced_push_rewriting_main_is_refused(server):
    editor = server["editor"]
    main_before = git(server["repository"], "rev-parse", "main").stdout
    git(editor, "fetch", "-q", "origin")
    git(editor, "reset", "-q", "--hard", "origin/main~1")
    git(editor, "commit", "-q", "--allow-empty", "-m", "Inna historia")
    pushed = git(editor, "push", "--force", "origin", "main", check=False, env=server["env"])
    assert pushed.returncode != 0
    assert "nadpisywałaby historię gałęzi main" in pushed.stderr
    assert git(server["repository"], "rev-parse", "main").stdout == main_before
    git(editor, "reset", "-q", "--hard", "origin/main")
