"""The fixture site builds to exactly the committed output (make golden)."""

import difflib
import os

from tests.golden import EXPECTED, build_fixture, relative_files


def test_fixture_site_matches_golden_output(tmp_path):
    output = tmp_path / "output"
    build_fixture(str(output))
    same_as_golden(output)


def test_the_plugins_run_in_the_order_their_needs_give_whatever_the_order_of_plugins(tmp_path):
    """PLUGINS listed backwards builds the same site: each plugin's NEEDS orders them (core.order)."""
    from tests.sitebuild import SETTINGS_FILE
    from wachock.build import load_settings

    plugins = load_settings(SETTINGS_FILE, str(tmp_path / "o"))["PLUGINS"]
    output = tmp_path / "output"
    build_fixture(str(output), PLUGINS=list(reversed(plugins)))
    same_as_golden(output)


def test_plugins_that_need_each_other_are_refused_in_polish():
    import sys
    import types

    import pytest

    from plugins.core import SettingsError
    from plugins.core.order import ordered_plugins

    for name, needs in (("wtyczka_a", ("wtyczka_b",)), ("wtyczka_b", ("wtyczka_a",))):
        module = types.ModuleType(name)
        module.NEEDS = needs
        sys.modules[name] = module
    try:
        with pytest.raises(SettingsError, match=r"czekają na siebie nawzajem.*wtyczka_a \(potrzebuje: wtyczka_b\)"):
            ordered_plugins(["plugins.town", "wtyczka_a", "wtyczka_b"])
    finally:
        del sys.modules["wtyczka_a"], sys.modules["wtyczka_b"]


def same_as_golden(output) -> None:
    assert relative_files(str(output)) == relative_files(EXPECTED)
    for relative in relative_files(EXPECTED):
        with open(os.path.join(EXPECTED, relative), "rb") as handle:
            expected = handle.read()
        actual = (output / relative).read_bytes()
        if actual != expected:
            diff = difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(),
                actual.decode("utf-8", "replace").splitlines(),
                f"expected/{relative}",
                f"built/{relative}",
                lineterm="",
            )
            raise AssertionError(
                f"{relative} differs from the golden output; run `make golden` if the change is intended:\n"
                + "\n".join(list(diff)[:60])
            )


def links_in(page, section_id: str) -> list[str]:
    """The link texts of the home page section headed by the h2 with that id (none without the section)."""
    heading = page.find("h2", id=section_id)
    if heading is None:
        return []
    section = heading.find_parent("section")
    links = [link for link in section.find_all("a") if "more" not in (link.get("class") or [])]
    return [link.get_text(strip=True).replace("\xa0", " ") for link in links]


def test_a_month_later_only_the_date_dependent_pages_change(tmp_path):
    """The build's moment is an input: the same content built a month later differs exactly where time shows."""
    from datetime import timedelta

    from bs4 import BeautifulSoup

    from tests.sitebuild import SUITE_NOW

    now, later = tmp_path / "now", tmp_path / "later"
    build_fixture(str(now))
    build_fixture(str(later), SUITE_NOW + timedelta(days=31))
    files = relative_files(str(now))
    assert relative_files(str(later)) == files
    changed = [path for path in files if (now / path).read_bytes() != (later / path).read_bytes()]
    # A new year also changes the visit statistics' line about the years it has no figures for.
    assert changed == ["index.html", "kalendarz/index.html", "statystyka-odwiedzin/index.html"]

    def page(root, path):
        return BeautifulSoup((root / path).read_text(encoding="utf-8"), "html.parser")

    home_now, home_later = page(now, "index.html"), page(later, "index.html")
    # The komunikat expires on 20 December; the fair is on 13 December.
    assert "Zimowe utrzymanie dróg" in links_in(home_now, "komunikaty")
    assert links_in(home_later, "komunikaty") == []
    assert links_in(home_now, "terminy")[:2] == ["Jarmark Bożonarodzeniowy", "Spotkanie noworoczne seniorów"]
    assert "Jarmark Bożonarodzeniowy" not in links_in(home_later, "terminy")
    this_month = [
        page(root, "kalendarz/index.html").find("a", string=lambda s: s and "Ten miesiąc" in s) for root in (now, later)
    ]
    assert [link["href"] for link in this_month] == ["/kalendarz/miesiac/2026-12/", "/kalendarz/miesiac/2027-01/"]
    gaps = [
        " ".join(page(root, "statystyka-odwiedzin/index.html").select_one("main .notice").get_text().split())
        for root in (now, later)
    ]
    assert gaps[0].startswith("Za 2026 r. nie mamy") and gaps[1].startswith("Za 2027 r. nie mamy"), gaps
