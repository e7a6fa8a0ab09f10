"""Per-page work on several cores. Pages are independent, so a job's pages are cut into chunks and
each chunk's Report comes back to be merged, in page order, so output and messages stay stable.

Workers are forked: they inherit what the parent loaded (the site, the translation memory), and
the work function is handed over through a module global rather than pickled.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_PAGES_PER_WORKER = 24  # below this, starting processes costs more than it saves

_work: Callable | None = None
_chunks: list = []


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _run(index: int):
    return _work(_chunks[index])


def map_chunks(work: Callable[[Iterable[T]], R], items: Sequence[T], jobs: int,
               progress: Callable[[Iterable, str], Iterable], label: str,
               meanwhile: Callable[[], None] = lambda: None) -> Iterator[R]:
    """work(chunk) for chunks of items, on up to `jobs` processes; results in order.
    `meanwhile` runs in this process once the workers have their chunks (or first, with none)."""
    global _work, _chunks
    workers = min(jobs, len(items) // MIN_PAGES_PER_WORKER)
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        meanwhile()
        yield work(progress(items, label))
        return
    size = max(1, len(items) // (workers * 4))
    _work, _chunks = work, [items[i:i + size] for i in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = pool.map(_run, range(len(_chunks)))
            meanwhile()
            yield from progress(results, label, len(_chunks))
    finally:
        _work, _chunks = None, []
