"""`make deploy` and `make rollback TO=...` against a folder served by the test nginx."""

import filecmp
import hashlib
import os
import re
import shutil
import threading
import urllib.parse

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import PROJECT_ROOT, PUBLISH_SETTINGS, build_site, copy_fixture_content, write_file
from tests.webserver import Nginx
from wachock import releases
from wachock.__main__ import main

FINGERPRINT = re.compile(r"\.([0-9a-f]{10})\.\w+$")
PAGES = ["/", "/aktualnosci/", "/solectwo-marcinkow/", "/bip/"]


def build_version(base, name: str, css_note: str) -> str:
    """The fixture site with its own stylesheet (a new fingerprint) and its own news item."""
    folder = base / name
    content = copy_fixture_content(str(folder))
    write_file(
        content,
        "aktualnosci/wersja.md",
        f"Title: Wersja {name}\nDate: 2024-05-0{len(name)} 10:00\nCategory: Komunikaty\n\nTreść {name}.\n",
    )
    theme = folder / "theme"
    shutil.copytree(os.path.join(PROJECT_ROOT, "theme"), theme)
    with open(theme / "static" / "css" / "site.css", "a", encoding="utf-8") as handle:
        handle.write(f"\n/* {css_note} */\n")
    output = folder / "output"
    build_site(content, str(output), settings_file=PUBLISH_SETTINGS, THEME=str(theme), SEARCH={"enabled": False})
    return str(output)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    base = tmp_path_factory.mktemp("deploy")
    return build_version(base, "a", "wersja a"), build_version(base, "bb", "wersja bb")


def local_references(page: bytes) -> list[str]:
    soup = BeautifulSoup(page, "html.parser")
    found = [tag.get("href") for tag in soup.find_all("link", rel="stylesheet")]
    found += [tag.get("src") for tag in soup.find_all(["script", "img"])]
    return [
        urllib.parse.urlsplit(url).path
        for url in found
        if url and urllib.parse.urlsplit(url).netloc in ("", "www.wachock.pl")
    ]


class Reader(threading.Thread):
    """A resident reloading pages and everything they load, while deploys happen."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.stop, self.problems, self.requests = server, threading.Event(), [], 0

    def check(self, path: str) -> bytes:
        status, _, body = self.server.get(path)
        self.requests += 1
        if status != 200:
            self.problems.append(f"{status} {path}")
        match = FINGERPRINT.search(path)
        if match and hashlib.sha256(body).hexdigest()[:10] != match.group(1):
            self.problems.append(f"{path} answered with another file's content")
        return body

    def run(self):
        while not self.stop.is_set() and self.requests < 5000:
            for page in PAGES:
                body = self.check(page)
                if b"</html>" not in body:
                    self.problems.append(f"{page} cut short")
                for asset in local_references(body):
                    self.check(asset)


def test_deploys_and_rollbacks_switch_while_residents_read_and_nobody_sees_a_404(versions):
    first, second = versions
    with Nginx() as server:
        assert main(["deploy", "--output", first, "--to", server.srv]) == 0
        reader = Reader(server)
        reader.start()
        names = []
        for round_number in range(6):
            source = second if round_number % 2 == 0 else first
            assert main(["deploy", "--output", source, "--to", server.srv]) == 0
            names.append(os.path.basename(releases.current_release(server.output)))
            status, _, body = server.get("/aktualnosci/")
            assert (status, f"Wersja {'bb' if source == second else 'a'}".encode() in body) == (200, True)
        assert main(["rollback", "--to", server.srv]) == 0
        assert os.path.basename(releases.current_release(server.output)) == names[-2]
        reader.stop.set()
        reader.join(timeout=60)
        assert len(releases.releases(server.output)) == releases.KEPT_RELEASES
    assert reader.requests > 50
    assert reader.problems == []


def test_a_deploy_hard_links_what_the_server_already_has(versions, tmp_path):
    first, second = versions
    target = tmp_path / "srv"
    assert main(["deploy", "--output", first, "--to", str(target)]) == 0
    assert main(["deploy", "--output", second, "--to", str(target)]) == 0
    older, newer = releases.releases(str(target / "output"))
    identical = [
        os.path.join(folder, name)
        for folder, _, names in os.walk(newer)
        for name in names
        if os.path.exists(os.path.join(older, os.path.relpath(folder, newer), name))
        and filecmp.cmp(os.path.join(folder, name), os.path.join(older, os.path.relpath(folder, newer), name), False)
    ]
    assert len(identical) > 20
    assert all(os.stat(path).st_nlink > 1 for path in identical)
    # the previous stylesheet stays one more release, for pages read just before the switch
    old_css = [n for n in os.listdir(os.path.join(older, "theme", "css")) if FINGERPRINT.search(n)]
    assert all(os.path.exists(os.path.join(newer, "theme", "css", name)) for name in old_css)


def test_deploy_without_a_build_or_to_a_bad_target_says_so_in_polish(tmp_path, caplog):
    assert main(["deploy", "--output", str(tmp_path / "brak"), "--to", str(tmp_path / "srv")]) == 1
    assert "najpierw uruchom `make publish`" in caplog.text
    assert main(["rollback", "--to", str(tmp_path / "srv")]) == 1
    assert "Nie ma wcześniejszej wersji strony" in caplog.text
