"""The build's "now" is an input (core.dates.build_now): a setting, `--now`, or SOURCE_DATE_EPOCH."""

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from plugins.core.dates import WARSAW, InvalidMoment, build_now, parse_local_date
from tests.sitebuild import PROJECT_ROOT, SUITE_NOW, build_site, copy_fixture_content
from wachock.build import BuildFailed


def test_a_pinned_moment_wins_over_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert build_now({}) == datetime(2026, 1, 1, 1, 0, tzinfo=WARSAW)
    assert build_now({"BUILD_NOW": "2027-07-01 08:30"}) == datetime(2027, 7, 1, 8, 30, tzinfo=WARSAW)
    assert build_now({"BUILD_NOW": "2027-07-01T06:30:00+00:00"}) == datetime(2027, 7, 1, 8, 30, tzinfo=WARSAW)
    assert build_now({"BUILD_NOW": datetime(2027, 7, 1, 6, 30, tzinfo=UTC)}).utcoffset().total_seconds() == 7200


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2026-12-17", datetime(2026, 12, 17)),
        (" 2026-12-17 10:05 ", datetime(2026, 12, 17, 10, 5)),
        ("2026-12-17 9:00", datetime(2026, 12, 17, 9, 0)),
        ("2026-02-30", None),
        ("2026-12-17 24:00", None),
        ("2026-12-17T10:00", None),
        ("2026-1-01", None),
        ("2026-12-17 10:00:00", None),
    ],
)
def test_a_date_in_a_header_is_read_only_in_the_shapes_the_guide_gives(written, read):
    if read is None:
        with pytest.raises(ValueError):
            parse_local_date(written)
    else:
        assert parse_local_date(written) == read


@pytest.mark.parametrize(
    ("setting", "epoch", "words"),
    [
        ("jutro", "", "chwila budowania „jutro” nie jest datą"),
        ("2026-02-30 10:00", "", "chwila budowania „2026-02-30 10:00” nie jest datą"),
        ("", "wczoraj", "SOURCE_DATE_EPOCH='wczoraj' nie jest liczbą sekund"),
    ],
)
def test_a_moment_that_is_not_one_stops_the_build_in_polish(tmp_path, monkeypatch, setting, epoch, words):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(InvalidMoment, match=words):
        build_now({"BUILD_NOW": setting})
    content = copy_fixture_content(str(tmp_path))
    output = tmp_path / "output"
    with pytest.raises(BuildFailed) as failure:
        build_site(content, str(output), BUILD_NOW=setting)
    assert words in str(failure.value)
    assert not output.exists()


def test_the_command_line_builds_for_the_moment_it_is_given(tmp_path):
    content = copy_fixture_content(str(tmp_path))
    output = tmp_path / "output"
    command = [sys.executable, "-m", "wachock", "build", "--content", content, "--output", str(output)]
    command += ["--cache", str(tmp_path / "cache"), "--now", "2027-02-03 09:00"]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(int(SUITE_NOW.timestamp()))}
    subprocess.run(command, check=True, cwd=PROJECT_ROOT, env=environment, capture_output=True)
    calendar = BeautifulSoup((output / "kalendarz/index.html").read_text(encoding="utf-8"), "html.parser")
    assert calendar.find("a", href="/kalendarz/miesiac/2027-02/", string=lambda s: s and "Ten miesiąc" in s)
    assert (output / "kalendarz/miesiac/2027-02/index.html").exists()
