"""Komunikaty banners: shown on every page until Alert_until, hidden by script afterwards."""

import re

from tests.sitebuild import build_site, copy_fixture_content, write_file

ALERT = (
    "Title: Ostrzeżenie powodziowe\nDate: 2026-11-30 16:40\nCategory: Komunikaty\n"
    "Alert_until: 2026-12-02 18:00\n\nStan wody w Kamiennej rośnie.\n"
)


def build_at(tmp_path, now: str):
    content = copy_fixture_content(str(tmp_path))
    write_file(content, "aktualnosci/ostrzezenie.md", ALERT)
    output = tmp_path / f"out-{now[:10]}"
    build_site(content, str(output), BUILD_NOW=now)
    return output


def test_banner_is_on_every_page_built_before_the_expiry(tmp_path):
    output = build_at(tmp_path, "2026-12-01 08:00")
    for page in ("index.html", "solectwa/index.html", "aktualnosci/2024/komunikat/index.html"):
        html = (output / page).read_text(encoding="utf-8")
        assert 'class="alert-banner"' in html
        assert 'data-alert-until="2026-12-02T18:00+01:00"' in html
        assert 'href="/aktualnosci/2026/ostrzezenie-powodziowe/"' in html


def test_banner_is_gone_from_pages_built_after_the_expiry(tmp_path):
    output = build_at(tmp_path, "2026-12-02 18:00")
    assert "alert-banner" not in (output / "index.html").read_text(encoding="utf-8")


def test_invalid_alert_date_is_a_validation_error(tmp_path):
    import pytest

    from wachock.build import BuildFailed

    content = copy_fixture_content(str(tmp_path))
    write_file(content, "aktualnosci/zly.md", ALERT.replace("2026-12-02 18:00", "jutro"))
    with pytest.raises(BuildFailed, match=re.escape("content/aktualnosci/zly.md:4: nieprawidłowy format daty „jutro”")):
        build_site(content, str(tmp_path / "out"))
