"""One build session per build (plugins/core/session.py): nothing of a build is left in a module.

Two different sites are built in one process, then a build that fails, then the first site again:
each comes out exactly as it would alone, and no module of the project holds anything afterwards
that it did not hold before the first build.
"""

import importlib
import inspect
import os
import pkgutil

import pytest

import plugins
import wachock
from plugins.core.session import BuildSession, session_of
from plugins.core.state import BuildState
from tests.golden import build_fixture
from tests.sitebuild import SETTINGS_FILE, build_site, copy_fixture_content, write_file
from tests.test_golden import same_as_golden
from wachock.build import BuildFailed, load_settings

SITE_PLUGINS = load_settings(SETTINGS_FILE, "/nonexistent")["PLUGINS"]
WITHOUT_MAGAZINE = [name for name in SITE_PLUGINS if name != "plugins.magazine"]
ROAD_WORKS = """Title: Nowy chodnik na ulicy Kościelnej
Date: 2026-11-20 09:00
Category: Komunikaty

Od poniedziałku wykonawca układa nowy chodnik na ulicy Kościelnej.
"""


def project_modules() -> list:
    modules = []
    for package in (plugins, wachock):
        prefix = package.__name__ + "."
        for info in pkgutil.walk_packages(package.__path__, prefix):
            modules.append(importlib.import_module(info.name))
    return modules


def described(value) -> str:
    """repr, and for an object of the project's own classes what it holds (its repr may not show it)."""
    if type(value).__module__.startswith(("plugins.", "wachock.")) and hasattr(value, "__dict__"):
        return f"{type(value).__qualname__}({vars(value)!r})"
    return repr(value)


def module_level_values() -> dict[str, str]:
    """Every module-level value of the project's modules, and every plain value kept on their classes."""
    values = {}
    for module in project_modules():
        for name, value in vars(module).items():
            if inspect.ismodule(value) or name.startswith("__"):
                continue
            values[f"{module.__name__}.{name}"] = described(value)
            if inspect.isclass(value) and value.__module__ == module.__name__:
                for attribute, kept in vars(value).items():
                    if not attribute.startswith("__") and not callable(kept) and not isinstance(kept, property):
                        values[f"{module.__name__}.{name}.{attribute}"] = described(kept)
    return values


def news_site(tmp_path) -> str:
    """Another site: one news item fewer, one more, and no magazine (its plugin and its data file gone)."""
    content = copy_fixture_content(str(tmp_path / "other"))
    os.remove(os.path.join(content, "aktualnosci", "uchwala-2.md"))
    os.remove(os.path.join(content, "dane", "czasopismo.yaml"))
    write_file(content, "aktualnosci/nowy-chodnik.md", ROAD_WORKS)
    return content


def broken_site(tmp_path) -> str:
    content = copy_fixture_content(str(tmp_path / "broken"))
    write_file(content, "aktualnosci/zepsuty.md", "Title: Zepsuty wpis\nDate: jutro rano\n\nTreść.\n")
    return content


def child_processes() -> list[str]:
    """Names of this process's living children (Pagefind's service is one while a build indexes)."""
    names = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/comm", encoding="utf-8") as handle:
                name = handle.read().strip()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            names.append(name)
    return names


def sitemap_of(output) -> str:
    return (output / "sitemap.xml").read_text(encoding="utf-8")


def test_two_sites_and_a_failed_build_in_one_process_share_nothing(tmp_path, monkeypatch):
    project_modules()  # imported before the snapshot: an import may set its module's constants
    before = module_level_values()
    # Children this build did not start (another module's nginx, a session fixture) are not its own.
    others = child_processes()

    first = tmp_path / "first"
    build_fixture(str(first))
    same_as_golden(first)

    other = tmp_path / "other-output"
    settings = build_site(news_site(tmp_path), str(other), PLUGINS=WITHOUT_MAGAZINE, BUILD_NOW="2026-12-01 12:00")
    # Its own pages, and none of the first site's: the magazine's declarations (its required data file,
    # its document type) went with the first build, so this site builds without them.
    assert "nowy-chodnik" in sitemap_of(other) and "uchwala-2" not in sitemap_of(other)
    assert not (other / "dookola-wachocka").exists()
    schema = session_of(settings).schema
    assert "magazine" not in {t.name for t in schema.document_types}
    assert not any("czasopismo" in path for path in schema.data_file_paths(settings))

    broken = tmp_path / "broken-output"
    with pytest.raises(BuildFailed, match=r"content/aktualnosci/zepsuty\.md:2"):
        build_site(broken_site(tmp_path), str(broken), BUILD_NOW="2026-12-01 12:00")
    assert not broken.exists() or not any(broken.iterdir())

    # A build that stops late, every page written and Pagefind indexing them: nothing keeps running.
    indexed = []

    def full_disk(html, synonyms):
        indexed.append(html)
        if len(indexed) == 3:
            raise OSError("No space left on device (indeks wyszukiwarki)")
        return ()

    monkeypatch.setattr("plugins.search.page_words", full_disk)
    with pytest.raises(BuildFailed, match="nieoczekiwany błąd"):
        build_fixture(str(tmp_path / "stopped"), SEARCH={"enabled": True})
    monkeypatch.undo()
    assert len(indexed) == 3  # Pagefind was running
    assert child_processes() == others

    again = tmp_path / "again"
    build_fixture(str(again))
    same_as_golden(again)  # the failed build's problems and pages did not follow it

    after = module_level_values()
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed == [], f"builds left state in modules: {changed}"


def test_a_build_keeps_its_state_in_its_settings_and_a_session_never_travels(tmp_path):
    import pickle

    output = tmp_path / "output"
    settings = build_fixture(str(output))
    session = session_of(settings)
    assert isinstance(session, BuildSession) and isinstance(session.state, BuildState)
    assert session.state.publishable and session.record.current  # this build's, reachable after it
    # Pelican pickles readings whose categories hold the settings: a session comes back empty.
    restored = pickle.loads(pickle.dumps(session))
    assert restored.state.publishable == [] and restored.record.current == {}
