"""From an editor's push to the live site: the server's git hook, build script, status page, timer."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

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
        # The account the server authenticated (an SSH key's forced command sets it on the server).
        "WACHOCK_PUSHER": "a.nowak",
    }
    install_code(repository, "main", env)
    first = subprocess.run(
        [os.path.join(DEPLOY, "build-site"), str(repository), "main"], env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    editor = base / "redaktor"
    subprocess.run(["git", "clone", "-q", str(repository), str(editor)], check=True)
    return {"repository": repository, "root": root, "editor": editor, "env": env}


def install_code(repository, revision: str, env: dict) -> None:
    """The maintainers' path: the IT person installs a commit's code on the server."""
    installed = subprocess.run(
        [os.path.join(DEPLOY, "install-code"), str(repository), revision], env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr + installed.stdout
    assert "Zainstalowano kod strony" in installed.stdout


def live_files(root) -> dict[str, bytes]:
    """Every file of the live release with its bytes."""
    live = os.path.realpath(root / "output")
    found = {}
    for folder, _, names in os.walk(live):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, live)] = handle.read()
    return found


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


def ledger_bytes(root) -> bytes:
    return (root / "rejestr-publikacji.jsonl").read_bytes()


def test_a_push_that_breaks_the_site_is_refused_with_the_polish_report_and_changes_nothing(server):
    root = server["root"]
    live_before = releases.current_release(str(root / "output"))
    ledger_before = ledger_bytes(root)
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
    assert ledger_bytes(root) == ledger_before  # staged entries join the ledger only when the build passes
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


def marker_code(marker) -> str:
    """Lines an editor might add to a settings file: run, they would leave a file behind."""
    return f"\nopen({str(marker)!r}, 'w').write('uruchomiono kod z wysłanej zmiany')\n"


def test_a_push_that_changes_code_is_refused_before_anything_runs_and_the_site_stays_byte_identical(server, tmp_path):
    root, editor = server["root"], server["editor"]
    before = live_files(root)
    main_before = git(server["repository"], "rev-parse", "main").stdout
    marker = tmp_path / "uruchomiono"
    with open(editor / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write(marker_code(marker))
    with open(editor / NEWS, "a", encoding="utf-8") as handle:
        handle.write('\n<script>alert("x")</script>\n')
    git(editor, "commit", "-q", "-am", "Komunikat i drobna zmiana ustawień")
    pushed = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert pushed.returncode != 0
    assert "zmienia pliki poza folderem content/" in pushed.stderr and "  - pelicanconf.py" in pushed.stderr
    assert "Buduję stronę" not in pushed.stderr  # refused before any build
    assert not marker.exists()
    assert live_files(root) == before
    assert git(server["repository"], "rev-parse", "main").stdout == main_before
    git(editor, "reset", "-q", "--hard", "origin/main")


def test_the_server_builds_a_commits_content_with_its_own_code_never_the_commits(server, tmp_path):
    """Even a commit whose code differs (here built straight by its hash, as a hook would) runs none of it."""
    root, editor = server["root"], server["editor"]
    marker = tmp_path / "uruchomiono"
    with open(editor / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write(marker_code(marker) + "SITESUBTITLE = 'Podmieniony podtytuł'\n")
    with open(editor / NEWS, "a", encoding="utf-8") as handle:
        handle.write("\nDostawy prądu wznowiono.\n")
    git(editor, "commit", "-q", "-am", "Zmiana na gałęzi roboczej")
    pushed = git(editor, "push", "origin", "HEAD:refs/heads/robocza", check=False, env=server["env"])
    assert pushed.returncode == 0, pushed.stderr  # another branch: accepted, and nothing builds it
    assert not marker.exists()
    commit = git(editor, "rev-parse", "HEAD").stdout.strip()
    built = subprocess.run(
        [os.path.join(DEPLOY, "build-site"), str(server["repository"]), commit],
        env=server["env"],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr + built.stdout
    assert not marker.exists()
    pages = "".join(
        text.decode("utf-8", "replace") for name, text in live_files(root).items() if name.endswith(".html")
    )
    assert "Dostawy prądu wznowiono." in pages  # the commit's content
    assert "Podmieniony podtytuł" not in pages  # and not its code
    # back to main for the tests after this one
    assert (
        subprocess.run(
            [os.path.join(DEPLOY, "build-site"), str(server["repository"]), "main"],
            env=server["env"],
            capture_output=True,
        ).returncode
        == 0
    )
    git(editor, "reset", "-q", "--hard", "origin/main")


def test_a_tag_named_like_the_remote_branch_is_never_built(server):
    root, editor = server["root"], server["editor"]
    before = live_files(root)
    git(editor, "checkout", "-q", "--orphan", "inna-historia")
    git(editor, "rm", "-q", "-r", "--cached", "content/aktualnosci")
    git(editor, "commit", "-q", "-m", "Historia bez aktualności")
    git(editor, "tag", "origin/main")
    pushed = git(editor, "push", "origin", "inna-historia", "refs/tags/origin/main", check=False, env=server["env"])
    assert pushed.returncode == 0, pushed.stderr
    git(editor, "checkout", "-q", "-f", "main")
    git(editor, "tag", "-d", "origin/main")  # the editor's own clone would trip over it too
    timer = subprocess.run(
        [os.path.join(DEPLOY, "build-site"), str(server["repository"]), "main"],
        env=server["env"],
        capture_output=True,
        text=True,
    )
    assert timer.returncode == 0, timer.stderr + timer.stdout
    assert live_files(root) == before
    assert "Bez zmian" in status_page(root)


def test_a_merge_commit_is_refused_with_how_to_rebase(server):
    root, editor, repository = server["root"], server["editor"], server["repository"]
    before = live_files(root)
    main_before = git(repository, "rev-parse", "main").stdout
    # Someone else published in the meantime (a clone of their own).
    other = repository.parent / "inny-redaktor"
    subprocess.run(["git", "clone", "-q", str(repository), str(other)], check=True)
    with open(other / NEWS, "a", encoding="utf-8") as handle:
        handle.write("\nAktualizacja: prace potrwają do piątku.\n")
    git(other, "commit", "-q", "-am", "Komunikat: prace do piątku")
    assert git(other, "push", "origin", "main", check=False, env=server["env"]).returncode == 0
    before, main_before = live_files(root), git(repository, "rev-parse", "main").stdout
    # The editor committed on the old version and pulled with a merge.
    with open(editor / "content/aktualnosci/komunikat-woda.md", "a", encoding="utf-8") as handle:
        handle.write("\nBeczkowóz stoi też przy szkole.\n")
    git(editor, "commit", "-q", "-am", "Komunikat o wodzie: drugi beczkowóz")
    git(editor, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert len(git(editor, "rev-list", "--merges", "refs/remotes/origin/main..HEAD").stdout.split()) == 1
    pushed = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert pushed.returncode != 0
    assert "zawiera scalenie (merge)" in pushed.stderr and "git pull --rebase" in pushed.stderr
    assert git(repository, "rev-parse", "main").stdout == main_before
    assert live_files(root) == before
    # Rebased, the same change is accepted.
    git(editor, "rebase", "-q", "refs/remotes/origin/main")
    rebased = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert rebased.returncode == 0, rebased.stderr + git(editor, "log", "--oneline", "--graph", "-5", "--all").stdout


@pytest.mark.parametrize(
    ("days", "message"),
    [(2, "późniejszą niż czas serwera"), (-14, "wcześniejszą niż zmiana przed nim")],
)
def test_a_commit_dated_in_the_future_or_before_its_parent_is_refused(server, days, message):
    """The date of a change becomes the BIP's publication date: the server's clock is the judge."""
    from datetime import timedelta

    from tests.sitebuild import SUITE_COMMIT_DATE, SUITE_NOW

    root, editor, repository = server["root"], server["editor"], server["repository"]
    before, main_before = live_files(root), git(repository, "rev-parse", "main").stdout
    moment = (SUITE_NOW if days > 0 else SUITE_COMMIT_DATE) + timedelta(days=days)
    dated = {**os.environ, "GIT_AUTHOR_DATE": moment.isoformat(), "GIT_COMMITTER_DATE": moment.isoformat()}
    with open(editor / NEWS, "a", encoding="utf-8") as handle:
        handle.write("\nKomunikat z nietypową datą.\n")
    git(editor, "commit", "-q", "-am", "Komunikat: zmiana godzin wyłączenia", env=dated)
    commit = git(editor, "rev-parse", "--short=7", "HEAD").stdout.strip()
    pushed = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert pushed.returncode != 0
    assert f"commit {commit} ({NEWS}) ma datę {moment:%Y-%m-%d %H:%M}, {message}" in pushed.stderr
    assert "git commit --amend --no-edit --reset-author" in pushed.stderr
    assert git(repository, "rev-parse", "main").stdout == main_before
    assert live_files(root) == before
    git(editor, "reset", "-q", "--hard", "refs/remotes/origin/main")


def test_code_reaches_the_server_only_through_the_maintainers_installation(server):
    root, editor = server["root"], server["editor"]
    path = editor / "pelicanconf.py"
    text = path.read_text(encoding="utf-8").replace(
        'SITESUBTITLE = "Oficjalny serwis Urzędu Miasta i Gminy Wąchock"',
        'SITESUBTITLE = "Oficjalny serwis Urzędu Miasta i Gminy Wąchock – wersja 2"',
    )
    assert "wersja 2" in text
    path.write_text(text, encoding="utf-8")
    git(editor, "commit", "-q", "-am", "Kod: nowy podtytuł serwisu")
    refused = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert refused.returncode != 0 and "zmienia pliki poza folderem content/" in refused.stderr
    # The maintainers hand the commit over on a side branch; the IT person installs it; then main may carry it.
    assert git(editor, "push", "origin", "HEAD:refs/heads/kod", check=False, env=server["env"]).returncode == 0
    install_code(server["repository"], "refs/heads/kod", server["env"])
    accepted = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert accepted.returncode == 0, accepted.stderr
    assert "wersja 2" in live_page(root, "index.html").replace("\xa0", " ")


# --- the publication ledger ----------------------------------------------------------

RESOLUTION = "content/bip/prawo-lokalne/uchwaly-rady-miejskiej/uchwala-12.md"
RESOLUTION_TEXT = (
    "Title: Uchwała Nr XII/12/2026 w sprawie targowiska\n"
    "Produced_by: Rada Miejska w Wąchocku\n"
    "Produced_date: 2026-11-20\n"
    "Number: XII/12/2026\n\n"
    "Rada Miejska ustala opłatę targową.\n"
)


def independent_hash(entry: dict) -> str:
    """The published recipe, followed without the project's code."""
    fields = {key: value for key, value in entry.items() if key not in ("hash", "token")}
    return hashlib.sha256(
        json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def test_a_push_without_an_account_the_server_authenticated_is_refused(server):
    root, editor = server["root"], server["editor"]
    before, ledger_before = live_files(root), ledger_bytes(root)
    anonymous = {key: value for key, value in server["env"].items() if key != "WACHOCK_PUSHER"}
    with open(editor / NEWS, "a", encoding="utf-8") as handle:
        handle.write("\nKomunikat bez konta.\n")
    git(editor, "commit", "-q", "-am", "Komunikat: godziny wyłączenia")
    pushed = git(editor, "push", "origin", "main", check=False, env=anonymous)
    assert pushed.returncode != 0
    assert "serwer nie wie, z którego konta ją wysłano" in pushed.stderr
    assert live_files(root) == before and ledger_bytes(root) == ledger_before
    git(editor, "reset", "-q", "--hard", "refs/remotes/origin/main")


def test_the_server_records_the_publication_in_its_ledger_and_the_page_shows_the_servers_time_and_person(server):
    from tests.sitebuild import SUITE_COMMIT_DATE, SUITE_NOW

    root, editor = server["root"], server["editor"]
    os.makedirs(os.path.dirname(editor / RESOLUTION), exist_ok=True)
    (editor / RESOLUTION).write_text(RESOLUTION_TEXT, encoding="utf-8")
    # Typed on the editor's computer: a shared mailbox and yesterday's time.
    shared = ["-c", "user.name=Sekretariat", "-c", "user.email=sekretariat@wachock.pl"]
    subprocess.run(["git", "-C", str(editor), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(editor),
            *shared,
            "commit",
            "-q",
            "-m",
            "Publikacja uchwały Nr XII/12/2026 w sprawie targowiska",
        ],
        check=True,
    )
    commit = git(editor, "rev-parse", "HEAD").stdout.strip()
    pushed = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert pushed.returncode == 0, pushed.stderr
    lines = ledger_bytes(root).decode("utf-8").splitlines()
    last = json.loads(lines[-1])
    assert (last["commit"], last["path"], last["change"], last["account"]) == (commit, RESOLUTION, "A", "a.nowak")
    assert datetime.fromisoformat(last["time"]) == SUITE_NOW  # the server's clock, not the commit's
    assert last["sha256"] == hashlib.sha256((editor / RESOLUTION).read_bytes()).hexdigest()
    # The page: the server's time and the person the account belongs to.
    page = next(
        name
        for name in live_files(root)
        if name.startswith("bip/prawo-lokalne/uchwaly-rady-miejskiej/2026/uchwala-nr-xii")
        and name.endswith("/index.html")
        and name.count("/") == 5
    )
    soup = BeautifulSoup(live_page(root, page), "html.parser")
    metryczka = {div.dt.get_text(): div.dd for div in soup.find("section", class_="metryczka")("div")}
    assert metryczka["Data publikacji"].time["datetime"] == SUITE_NOW.strftime("%Y-%m-%dT%H:%M+01:00")
    assert SUITE_COMMIT_DATE.strftime("%Y-%m-%dT%H:%M") not in str(soup.main)
    assert metryczka["Informację wprowadził"].get_text() == "Anna Nowak, inspektor ds. obsługi Rady Miejskiej"
    # The published copy verifies with nothing but the recipe it states.
    published = json.loads(live_page(root, "bip/rejestr-publikacji/rejestr-publikacji.json"))
    entries = published["entries"]
    assert [json.loads(line) for line in lines] == entries
    previous = "0" * 64
    for number, entry in enumerate(entries):
        assert (entry["number"], entry["previous"], entry["hash"]) == (number, previous, independent_hash(entry))
        previous = entry["hash"]
    ledger_page = BeautifulSoup(live_page(root, "bip/rejestr-publikacji/index.html"), "html.parser")
    assert previous in ledger_page.find("code", class_="hash").get_text()
    newest = ledger_page.find("table", class_="register").tbody.tr
    assert "bip/prawo-lokalne/uchwaly-rady-miejskiej/uchwala-12.md" in newest.get_text()
    assert "a.nowak (Anna Nowak)" in newest.get_text()


def test_the_ledger_check_finds_an_entry_changed_afterwards(server, tmp_path):
    copy = tmp_path / "rejestr.jsonl"
    lines = ledger_bytes(server["root"]).decode("utf-8").splitlines()
    verify = [sys.executable, "-m", "wachock", "ledger", "verify", "--ledger", str(copy)]
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = subprocess.run(verify, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert checked.returncode == 0, checked.stderr
    tampered = json.loads(lines[-1])
    tampered["account"] = "s.staniszewski"  # someone else "published" it
    copy.write_text("\n".join([*lines[:-1], json.dumps(tampered, ensure_ascii=False)]) + "\n", encoding="utf-8")
    checked = subprocess.run(verify, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert checked.returncode == 1
    assert f"wpis nr {len(lines) - 1}: jego treść nie zgadza się z jego skrótem" in checked.stderr
    copy.write_text("\n".join([*lines[:-2], lines[-1]]) + "\n", encoding="utf-8")  # an entry removed
    checked = subprocess.run(verify, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert checked.returncode == 1 and "łańcuch przerwany" in checked.stderr


NOTICE = "content/bip/ogloszenia-i-obwieszczenia/obwieszczenia/2026/obwieszczenie-rgk.md"
NOTICE_TEXT = (
    "Title: Obwieszczenie o wszczęciu postępowania w sprawie decyzji środowiskowej dla drogi w Parszowie\n"
    "Produced_by: Burmistrz Miasta i Gminy Wąchock\n"
    "Produced_date: 2026-11-20\n"
    "Legal_basis: art. 49 Kodeksu postępowania administracyjnego\n"
    "Case_number: RGK.6220.3.2026\n\n"
    "Burmistrz zawiadamia strony o wszczęciu postępowania.\n"
)


def test_a_notice_counts_from_the_day_the_server_published_it_not_the_day_it_was_committed(server):
    """Committed the day before (the editor's clock), the notice is made available on the server's day."""
    from tests.sitebuild import SUITE_COMMIT_DATE

    root, editor = server["root"], server["editor"]
    os.makedirs(os.path.dirname(editor / NOTICE), exist_ok=True)
    (editor / NOTICE).write_text(NOTICE_TEXT, encoding="utf-8")
    git(editor, "add", "-A")
    git(editor, "commit", "-q", "-m", "Obwieszczenie o wszczęciu postępowania RGK.6220.3.2026")
    assert git(editor, "log", "-1", "--format=%cI").stdout.strip() == SUITE_COMMIT_DATE.isoformat()
    pushed = git(editor, "push", "origin", "main", check=False, env=server["env"])
    assert pushed.returncode == 0, pushed.stderr
    folder = "bip/ogloszenia-i-obwieszczenia/obwieszczenia/2026/"
    (page,) = [
        name
        for name in live_files(root)
        if name.startswith(folder) and name.endswith("/index.html") and name.count("/") == 5
    ]
    soup = BeautifulSoup(live_page(root, page), "html.parser")
    facts = {
        " ".join(div.dt.get_text().split()): " ".join(div.dd.get_text().split())
        for div in soup.find("dl", class_="notice-facts")("div")
    }
    assert facts["Dzień udostępnienia w BIP"] == "1 grudnia 2026 r."  # the server's day (SUITE_NOW)
    assert "z końcem dnia 15 grudnia 2026 r." in facts["Doręczenie uważa się za dokonane"]
    certificate = BeautifulSoup(
        live_page(root, page.replace("index.html", "zaswiadczenie-publikacji/index.html")), "html.parser"
    )
    entry = json.loads(ledger_bytes(root).decode("utf-8").splitlines()[-1])
    assert entry["path"] == NOTICE and entry["hash"] in certificate.get_text()
