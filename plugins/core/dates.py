"""Dates as editors write them (Europe/Warsaw wall time) and comma-separated header lists."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")
DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$")


def parse_local_date(value: str) -> datetime:
    """Parse a contract date (Europe/Warsaw wall time); ValueError if invalid."""
    value = value.strip()
    if not DATE_SHAPE.match(value):
        raise ValueError("shape")
    pattern = "%Y-%m-%d %H:%M" if " " in value else "%Y-%m-%d"
    return datetime.strptime(value, pattern)


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
