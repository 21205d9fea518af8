"""`make stats LOGS="..."`: count monthly page views and visits from access logs.

Reads nginx/Apache Combined Log Format, plain or gzip, rotated files in any
order. A page view is a successful GET of an HTML page by a person (bots per
crawlerdetect's maintained list; assets excluded). A visit is one visitor (IP
and user agent) until 30 minutes pass without a request; it counts in the
month it started. Every counted request is kept, pseudonymised, in a SQLite
state file, so importing the same or overlapping logs again counts nothing
twice; the months are then recomputed from that state and merged into the
visits CSV.
"""

import argparse
import csv
import functools
import gzip
import hashlib
import logging
import os
import re
import secrets
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from crawlerdetect import CrawlerDetect
from tqdm import tqdm

from .data import VISITS_COLUMNS

logger = logging.getLogger(__name__)

LOCAL_TIME = ZoneInfo("Europe/Warsaw")
VISIT_GAP_SECONDS = 30 * 60
COMBINED = re.compile(
    r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) \S+ '
    r'"(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)"'
)
LOG_TIME = re.compile(r"(\d{2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})")
MONTHS = {name: number for number, name in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1
)}  # fmt: skip
ASSET_PREFIXES = ("/theme/", "/images/", "/pliki/", "/pagefind/")
PAGE_EXTENSIONS = {"", ".html", ".htm"}
PROGRESS_THRESHOLD_BYTES = 20 * 2**20
BATCH = 10_000


class MalformedLine(ValueError):
    pass


@dataclass
class ImportReport:
    lines: int = 0
    page_views: int = 0
    new_page_views: int = 0
    bots: int = 0
    not_pages: int = 0
    malformed: int = 0
    malformed_examples: list[str] = field(default_factory=list)


def parse_time(text: str) -> datetime:
    match = LOG_TIME.fullmatch(text)
    if not match or match[2] not in MONTHS:
        raise MalformedLine(f"bad time {text!r}")
    day, month, year = int(match[1]), MONTHS[match[2]], int(match[3])
    offset = timedelta(hours=int(match[8]), minutes=int(match[9])) * (1 if match[7] == "+" else -1)
    try:
        return datetime(year, month, day, int(match[4]), int(match[5]), int(match[6]), tzinfo=timezone(offset))
    except ValueError as error:
        raise MalformedLine(str(error)) from error


def is_page(path: str) -> bool:
    path = path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith(ASSET_PREFIXES):
        return False
    return os.path.splitext(path.rsplit("/", 1)[-1])[1].lower() in PAGE_EXTENSIONS


@functools.lru_cache(maxsize=65_536)
def is_bot(agent: str) -> bool:
    if agent in ("", "-"):
        return True
    return CRAWLERS.isCrawler(agent)


CRAWLERS = CrawlerDetect()


def open_log(path: str):
    with open(path, "rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    if compressed:
        return gzip.open(path, "rb")
    return open(path, "rb")


class VisitStore:
    """The pseudonymised page views counted so far (SQLite)."""

    def __init__(self, path: str):
        self.connection = sqlite3.connect(path)
        self.connection.executescript(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS views (line BLOB PRIMARY KEY, ts INTEGER NOT NULL, visitor BLOB NOT NULL)"
            " WITHOUT ROWID;"
        )
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        if row is None:
            salt = secrets.token_hex(16)
            self.connection.execute("INSERT INTO meta VALUES ('salt', ?)", (salt,))
            self.connection.commit()
        else:
            salt = row[0]
        self.salt = salt.encode()

    def visitor(self, ip: str, agent: str) -> bytes:
        # IP addresses are personal data: only a salted hash is kept.
        return hashlib.blake2b(f"{ip}\0{agent}".encode(), key=self.salt, digest_size=8).digest()

    def add(self, rows: list[tuple[bytes, int, bytes]]) -> int:
        before = self.connection.total_changes
        self.connection.executemany("INSERT OR IGNORE INTO views VALUES (?, ?, ?)", rows)
        return self.connection.total_changes - before

    def monthly_figures(self) -> dict[tuple[int, int], tuple[int, int]]:
        """(year, month) -> (visits, page views), months in Warsaw time."""
        views: Counter = Counter()
        visits: Counter = Counter()
        previous_visitor, last_seen = None, None
        cursor = self.connection.execute("SELECT visitor, ts FROM views ORDER BY visitor, ts")
        for visitor, timestamp in cursor:
            month = month_of(timestamp)
            views[month] += 1
            if visitor != previous_visitor or timestamp - last_seen > VISIT_GAP_SECONDS:
                visits[month] += 1
            previous_visitor, last_seen = visitor, timestamp
        return {month: (visits[month], views[month]) for month in views}

    def close(self):
        self.connection.commit()
        self.connection.close()


@functools.lru_cache(maxsize=4096)
def _month_of_hour(hour_stamp: int) -> tuple[int, int]:
    local = datetime.fromtimestamp(hour_stamp * 3600, UTC).astimezone(LOCAL_TIME)
    return local.year, local.month


def month_of(timestamp: int) -> tuple[int, int]:
    # Month boundaries fall on whole hours in Warsaw time, so hours can be cached.
    return _month_of_hour(timestamp // 3600)


def parse_line(raw: bytes):
    """(ip, timestamp, method, path, status, agent) or MalformedLine."""
    text = raw.decode("utf-8", "replace").rstrip("\r\n")
    match = COMBINED.match(text)
    if not match:
        raise MalformedLine("not in Combined Log Format")
    parts = match["request"].split(" ")
    if len(parts) < 2:
        raise MalformedLine("bad request line")
    timestamp = int(parse_time(match["time"]).timestamp())
    return match["ip"], timestamp, parts[0], parts[1], int(match["status"]), match["agent"]


def import_file(path: str, store: VisitStore, report: ImportReport) -> None:
    size = os.path.getsize(path)
    pending = []
    with (
        open_log(path) as handle,
        tqdm(
            unit=" wierszy",
            unit_scale=True,
            desc=os.path.basename(path),
            disable=size < PROGRESS_THRESHOLD_BYTES or not sys.stderr.isatty(),
        ) as progress,
    ):
        for number, raw in enumerate(handle, start=1):
            report.lines += 1
            if number % BATCH == 0:
                progress.update(BATCH)
            try:
                ip, timestamp, method, target, status, agent = parse_line(raw)
            except MalformedLine:
                report.malformed += 1
                if len(report.malformed_examples) < 5:
                    report.malformed_examples.append(f"{path}:{number}")
                continue
            if method != "GET" or not (200 <= status < 300 or status == 304) or not is_page(target):
                report.not_pages += 1
                continue
            if is_bot(agent):
                report.bots += 1
                continue
            report.page_views += 1
            line_id = hashlib.blake2b(raw.rstrip(b"\r\n"), digest_size=12).digest()
            pending.append((line_id, timestamp, store.visitor(ip, agent)))
            if len(pending) >= BATCH:
                report.new_page_views += store.add(pending)
                pending.clear()
        report.new_page_views += store.add(pending)


def merge_into_csv(csv_path: str, figures: dict[tuple[int, int], tuple[int, int]]) -> None:
    """Replace the imported months' rows; keep every other row (the report's totals)."""
    rows = []
    if os.path.exists(csv_path):
        with open(csv_path, encoding="utf-8", newline="") as handle:
            rows = [r for r in csv.DictReader(handle) if r.get("rok")]
    kept = [r for r in rows if not r["miesiąc"] or (int(r["rok"]), int(r["miesiąc"])) not in figures]
    for (year, month), (visits, views) in figures.items():
        kept.append({"rok": str(year), "miesiąc": str(month), "odwiedziny": str(visits), "odsłony": str(views)})
    kept.sort(key=lambda r: (int(r["rok"]), int(r["miesiąc"] or 0)))
    temporary = f"{csv_path}.tmp"
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=VISITS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    os.replace(temporary, csv_path)


def import_logs(paths: list[str], csv_path: str, state_path: str) -> ImportReport:
    report = ImportReport()
    store = VisitStore(state_path)
    try:
        for path in sorted(paths):
            import_file(path, store, report)
        store.connection.commit()
        merge_into_csv(csv_path, store.monthly_figures())
    finally:
        store.close()
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make stats LOGS=...", description=__doc__.splitlines()[0])
    parser.add_argument("logs", nargs="+", help="access log files (plain or .gz)")
    parser.add_argument("--csv", default="content/statystyki/odwiedziny-bip.csv")
    parser.add_argument("--state", default="statystyki-stan.sqlite")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    missing = [path for path in arguments.logs if not os.path.isfile(path)]
    if missing:
        logger.error("Nie ma takich plików: %s", ", ".join(missing))
        return 2
    report = import_logs(arguments.logs, arguments.csv, arguments.state)
    logger.info(
        "Wierszy: %s; odsłon stron: %s, w tym nowych: %s (pozostałe były już policzone); "
        "roboty: %s; inne żądania (zasoby, błędy): %s",
        report.lines,
        report.page_views,
        report.new_page_views,
        report.bots,
        report.not_pages,
    )
    if report.malformed:
        logger.warning(
            "Pominięto błędnych wierszy: %s (np. %s)", report.malformed, ", ".join(report.malformed_examples)
        )
    logger.info("Zaktualizowano %s", arguments.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
