"""Dates as editors write them (Europe/Warsaw wall time), the build's "now", and comma-separated lists."""

import os
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")
DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$")
# The build's moment: a setting (`wachock build --now`), else the reproducible-builds convention.
NOW_SETTING = "BUILD_NOW"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
NOW_EXAMPLE = "RRRR-MM-DD GG:MM (czas polski) albo 2026-12-06T12:00:00+01:00"


class InvalidMoment(ValueError):
    """A pinned build moment that is not a moment; the message is in Polish."""


def build_now(settings: dict | None = None) -> datetime:
    """The moment everything date-dependent in a build is computed for, in the site's time zone.

    Production builds use the clock; tests and reproducible builds pin it with the BUILD_NOW setting
    or SOURCE_DATE_EPOCH. wachock.build resolves it once and stores it in BUILD_NOW, so every plugin
    of one build agrees on it even when the build runs across midnight.
    """
    pinned = (settings or {}).get(NOW_SETTING)
    if pinned:
        return parse_moment(pinned)
    epoch = os.environ.get(EPOCH_VARIABLE, "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).astimezone(WARSAW)
        except (ValueError, OverflowError, OSError) as error:
            raise InvalidMoment(
                f"zmienna środowiskowa {EPOCH_VARIABLE}={epoch!r} nie jest liczbą sekund od 1970 roku"
            ) from error
    return clock_now()


def clock_now() -> datetime:
    """The clock itself: for production builds, and for what records when something really happened."""
    return datetime.now(WARSAW)


def parse_moment(value) -> datetime:
    """A moment as a setting gives it: an aware datetime, ISO 8601, or a Warsaw wall time as editors write it."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        try:
            moment = parse_local_date(text) if DATE_SHAPE.match(text) else datetime.fromisoformat(text)
        except ValueError as error:
            raise InvalidMoment(f"chwila budowania „{text}” nie jest datą; wpisz ją jako {NOW_EXAMPLE}") from error
    return (moment if moment.tzinfo else moment.replace(tzinfo=WARSAW)).astimezone(WARSAW)


def parse_local_date(value: str) -> datetime:
    """Parse a contract date (Europe/Warsaw wall time); ValueError if invalid."""
    value = value.strip()
    if not DATE_SHAPE.match(value):
        raise ValueError("shape")
    # The shape is checked above; fromisoformat then refuses what strptime would (2026-02-30, 24:00)
    # at a fraction of its cost (every document's dates are read on every build).
    day, _, hour = value.partition(" ")
    return datetime.fromisoformat(f"{day} {hour.zfill(5)}" if hour else day)


def has_hour(value: str) -> bool:
    """Whether a date as an editor wrote it gives an hour ("2026-12-17 10:00") or only a day."""
    return " " in value.strip()


def local_datetime(value: str) -> datetime | None:
    """An aware datetime in the site's time zone, or None when the text is not a date."""
    try:
        return parse_local_date(value).replace(tzinfo=WARSAW)
    except ValueError:
        return None


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def metadata_moment(metadata: dict, name: str) -> datetime | None:
    """A header field holding a Warsaw wall-clock moment ("Alert_until: 2026-12-01 12:00"), or None."""
    raw = metadata.get(name)
    return parse_local_date(raw).replace(tzinfo=WARSAW) if raw else None
