"""`make bench`: this site against stock Pelican on the same synthetic corpus.

Records in BENCHMARKS.md: full build wall time (median of N runs), rebuild
after editing one document, peak memory (max RSS of the build process) and
HTML pages written. Each build runs in its own process, measured by wait4.
"""

import argparse
import datetime
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from .build import PROJECT_ROOT
from .corpus import write_corpus

logger = logging.getLogger("wachock.bench")
BENCH_DIR = os.path.join(PROJECT_ROOT, "bench")
STOCK_SETTINGS = """
PATH = {content!r}
ARTICLE_PATHS = ["aktualnosci"]
PAGE_PATHS = ["pages"]
SITENAME = "Stock Pelican"
TIMEZONE = "Europe/Warsaw"
DEFAULT_LANG = "pl"
DEFAULT_PAGINATION = 10
"""


def measured_run(command: list[str], env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def html_pages(root: str) -> int:
    return sum(name.endswith(".html") for _, _, names in os.walk(root) for name in names)


def edit_one_news_item(content: str, run: int) -> None:
    folder = os.path.join(content, "aktualnosci")
    news = sorted(os.path.join(path, name) for path, _, names in os.walk(folder) for name in names)
    with open(news[len(news) // 2], "a", encoding="utf-8") as handle:
        handle.write(f"\nDopisane zdanie po edycji nr {run}.\n")


def remove_everything_built(output: str, cache: str) -> None:
    """A cold build: no output, no release folders, no caches."""
    parent, name = os.path.split(output)
    for path in (os.path.join(parent, f".{name}-releases"), cache, output):
        if os.path.islink(path) or os.path.isfile(path):
            os.remove(path)
        else:
            shutil.rmtree(path, ignore_errors=True)


def median_run(name: str, what: str, command: list[str], runs: int, before=None) -> tuple[list[float], int]:
    seconds, memory = [], 0
    for run in range(runs):
        if before:
            before(run)
        elapsed, peak = measured_run(command)
        seconds.append(elapsed)
        memory = max(memory, peak)
        logger.info("%s: %s %s/%s in %.1f s", name, what, run + 1, runs, elapsed)
    return seconds, memory


def measure(name: str, command: list[str], output: str, content: str, runs: int, cache: str) -> dict:
    cold, cold_memory = median_run(
        name, "cold build", command, runs, lambda run: remove_everything_built(output, cache)
    )
    unchanged, unchanged_memory = median_run(name, "no-change rebuild", command, runs)
    edited, edited_memory = median_run(
        name, "rebuild after one edit", command, runs, lambda run: edit_one_news_item(content, run)
    )
    return {
        "name": name,
        "build": statistics.median(cold),
        "builds": cold,
        "unchanged": statistics.median(unchanged),
        "rebuild": statistics.median(edited),
        "memory": max(cold_memory, unchanged_memory, edited_memory),
        "pages": html_pages(output),
    }


def measure_log_import(lines: int) -> dict:
    """Lines per second of `make stats` on a generated log (1,000,000 lines by default)."""
    from datetime import datetime, timedelta, timezone

    from .loggen import synthetic_log

    work = os.path.join(BENCH_DIR, "logs")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    log_path = os.path.join(work, "access.log")
    with open(log_path, "w", encoding="utf-8") as handle:
        handle.write(synthetic_log(lines, datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1)))))
    csv_path = os.path.join(work, "odwiedziny.csv")
    command = [
        sys.executable, "-m", "plugins.visit_statistics.logs", log_path,
        "--csv", csv_path, "--state", os.path.join(work, "state.sqlite"),
    ]  # fmt: skip
    seconds, memory = measured_run(command)
    logger.info("log import: %s lines in %.1f s", lines, seconds)
    return {"lines": lines, "seconds": seconds, "memory": memory}


def machine_description() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def targets(results: list[dict]) -> list[str]:
    """Issue 9's targets against this run, with the distance where one is missed."""
    ours, stock = results[0], results[1] if len(results) > 1 else None

    def verdict(value: float, limit: float, unit: str) -> str:
        return "met" if value <= limit else f"missed by {value - limit:.1f} {unit} ({value / limit:.1f}×)"

    rows = [
        ("No-change rebuild ≤ 2 s", f"{ours['unchanged']:.1f} s", verdict(ours["unchanged"], 2.0, "s")),
        ("Peak memory ≤ 500 MiB", f"{ours['memory']} MiB", verdict(ours["memory"], 500, "MiB")),
        ("One-edit rebuild ≤ Hugo's cold build", f"{ours['rebuild']:.1f} s", "not measured: Hugo is not installed"),
    ]
    if stock:
        rows.insert(
            0, ("Cold build ≤ stock Pelican's", f"{ours['build']:.1f} s", verdict(ours["build"], stock["build"], "s"))
        )
    lines = ["", "## Targets (issue 9)", "", "| Target | This project | Verdict |", "|---|---|---|"]
    return lines + [f"| {target} | {value} | {result} |" for target, value, result in rows]


def report(results: list[dict], documents: int, runs: int, log_import: dict | None) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m wachock.bench`); do not edit by hand.",
        "",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {machine_description()}",
        f"- Corpus: {documents} documents from `wachock/corpus.py` (seed 2024): news over 18 years "
        "with headings, lists and tables, 1% static pages",
        f"- Medians of {runs} runs, each build in its own process: cold (no output, no release folders, "
        "no caches), no-change rebuild, rebuild after appending a sentence to one news item; memory: peak RSS "
        "of the build process and the children it waited for (Pagefind's service included)",
        "",
        "| Build | Cold build | Cold runs | No-change rebuild | Rebuild after one edit | Peak memory | HTML pages |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        runs_text = ", ".join(f"{seconds:.1f}" for seconds in result["builds"])
        lines.append(
            f"| {result['name']} | {result['build']:.1f} s | {runs_text} | {result['unchanged']:.1f} s "
            f"| {result['rebuild']:.1f} s | {result['memory']} MiB | {result['pages']} |"
        )
    lines += targets(results)
    if log_import:
        rate = log_import["lines"] / log_import["seconds"]
        lines += [
            "",
            "## Log import (`make stats`)",
            "",
            f"Generated Combined Log Format file of {log_import['lines']:,} lines (`wachock/loggen.py`: pages, "
            "assets, bots, 404s, 0.1% malformed), imported into an empty state in one process.",
            "",
            "| Lines | Wall time | Lines per second | Peak memory |",
            "|---|---|---|---|",
            f"| {log_import['lines']:,} | {log_import['seconds']:.1f} s | {rate:,.0f} | {log_import['memory']} MiB |",
        ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wachock.bench")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--report", default=os.path.join(PROJECT_ROOT, "BENCHMARKS.md"))
    parser.add_argument("--log-lines", type=int, default=1_000_000)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    corpus_root = os.path.join(BENCH_DIR, "corpus")
    shutil.rmtree(corpus_root, ignore_errors=True)
    count = write_corpus(corpus_root, arguments.documents)
    content = os.path.join(corpus_root, "content")
    logger.info("corpus: %s documents in %s", count, content)

    stock_settings = os.path.join(corpus_root, "stock_pelicanconf.py")
    with open(stock_settings, "w", encoding="utf-8") as handle:
        handle.write(STOCK_SETTINGS.format(content=content))
    ours_output = os.path.join(BENCH_DIR, "out-ours")
    stock_output = os.path.join(BENCH_DIR, "out-stock")
    python = sys.executable
    ours_cache = os.path.join(BENCH_DIR, "cache-ours")
    ours = [python, "-m", "wachock", "build", "--content", content, "--output", ours_output, "--cache", ours_cache]
    pelican = os.path.join(os.path.dirname(python), "pelican")
    stock = [pelican, content, "-o", stock_output, "-s", stock_settings, "-q"]

    results = [
        measure("Gmina Wąchock site (this project)", ours, ours_output, content, arguments.runs, ours_cache),
    ]
    # The edit above changed one file; rewrite the corpus so both build the same input.
    shutil.rmtree(content)
    write_corpus(corpus_root, arguments.documents)
    stock_cache = os.path.join(BENCH_DIR, "cache-stock")  # stock Pelican caches nothing by default
    results.append(
        measure("Stock Pelican 4.12, default theme", stock, stock_output, content, arguments.runs, stock_cache)
    )

    log_import = measure_log_import(arguments.log_lines) if arguments.log_lines else None
    with open(arguments.report, "w", encoding="utf-8") as handle:
        handle.write(report(results, count, arguments.runs, log_import))
    logger.info("recorded in %s", arguments.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
