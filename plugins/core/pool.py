"""Reading spread over every core when there is much to read (a cold build, a new checkout).

The workers are forked from the build, so they see its settings and state as they are at that
moment and only their results travel back. They run before anything is written or any thread is
started (the search index starts with the first page written), which is what makes forking safe.
A worker never raises: a file it cannot read is left to the build itself, which reports it.
"""

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)

# Below this many files a pool costs more than it saves (forking, and results sent back).
PARALLEL_FROM = 200


def worker_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class WarningSeen(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True


class Worker:
    """What one forked worker process reads with: the build's object (a reader) it was forked with.

    It reaches the worker through fork, never pickled; it lives only in the worker process.
    """

    shared = None

    @staticmethod
    def adopt(shared) -> None:
        Worker.shared = shared


def call_in_worker(work: tuple[Callable, object]):
    """One item in a worker. A warning logged there would never reach the build's count of
    warnings (which stops publishing), so such an item is left to the build: None."""
    function, item = work
    seen = WarningSeen()
    logging.getLogger().addHandler(seen)
    try:
        result = function(Worker.shared, item)
    finally:
        logging.getLogger().removeHandler(seen)
    return None if seen.seen else result


def map_in_processes(function: Callable, shared, items: Iterable, minimum: int | None = None) -> list:
    """`[function(shared, item) for item in items]`, in forked processes when it pays. `function`
    returns None for an item the build must read itself; an item that logs a warning also gives None.
    `shared` (the reader) is handed to the workers by fork, so it is never pickled."""
    items = list(items)
    workers = min(worker_count(), len(items))
    if workers < 2 or len(items) < (PARALLEL_FROM if minimum is None else minimum):
        return [function(shared, item) for item in items]
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(items) // (workers * 8))
    logger.debug("reading %s files in %s processes", len(items), workers)
    with context.Pool(processes=workers, initializer=Worker.adopt, initargs=(shared,)) as pool:
        return pool.map(call_in_worker, [(function, item) for item in items], chunksize=chunk)
