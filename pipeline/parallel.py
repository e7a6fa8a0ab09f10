"""Per-page work on several cores. Pages are independent, so a job's pages are cut into chunks and
each chunk's result comes back to be merged, in page order, so output and messages stay stable.

Workers are forked: they inherit what the parent loaded (the site, the translation memory), so the
work function is never pickled, only its results. Forking is safe only from a parent that runs one
thread (a lock held by another thread at the fork stays locked forever in the child), so the pool
is a small one of our own that starts every worker before anything else happens and runs no
helper thread; with other threads alive, the work runs in this process instead.

A worker dies with its parent (Linux's parent-death signal, and a pipe that reaches end of file),
so a killed run leaves no process behind. An exception raised in a worker is sent back and raised
here, as itself when it pickles, else as WorkerError with the worker's traceback.
"""
from __future__ import annotations

import os
import signal
import threading
import traceback
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_PAGES_PER_WORKER = 24  # below this, starting processes costs more than it saves


class WorkerError(RuntimeError):
    """A worker failed in a way that could not travel back as its own exception, or died."""


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def map_chunks(work: Callable[[Iterable[T]], R], items: Sequence[T], jobs: int,
               progress: Callable[[Iterable, str], Iterable], label: str,
               least: int = MIN_PAGES_PER_WORKER) -> Iterator[R]:
    """work(chunk) for chunks of items, on up to `jobs` processes, each given `least` items at
    least (pages by default; an item of heavier work may be worth a process alone); results in order."""
    workers = min(jobs, len(items) // least)
    if workers <= 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        yield work(progress(items, label))
        return
    size = max(1, len(items) // (workers * 4))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    pool = _Pool(work, chunks, workers)
    try:
        yield from progress(pool.results(), label, len(chunks))
    finally:
        pool.close()


def map_parts(work: Callable[[Iterable[T]], R], parts: Sequence[T], jobs: int, pages: int) -> Iterator[R]:
    """`map_chunks` for a site's few heavy parts (its regions' archives, its region × language
    output folders), a part a process, once the site has pages enough for the page pool: a small
    site's parts take less than a fork. No progress is shown."""
    workers = jobs if pages >= 2 * MIN_PAGES_PER_WORKER else 1
    return map_chunks(work, parts, workers, _unseen, "parts", least=1)


def _unseen(items: Iterable, label: str, length: int | None = None) -> Iterable:
    return items


class _Pool:
    """Forked workers, each fed chunk numbers over its own pipe, answering (number, ok, value)."""

    def __init__(self, work: Callable, chunks: list, workers: int):
        import multiprocessing
        self.context = multiprocessing.get_context("fork")
        self.work, self.chunks = work, chunks
        self.processes, self.pipes = [], []  # self.pipes[i]: this end of worker i's pipe
        for _ in range(workers):
            here, there = self.context.Pipe()
            process = self.context.Process(target=self._serve, args=(there, here, os.getpid()), daemon=True)
            process.start()
            there.close()
            self.processes.append(process)
            self.pipes.append(here)

    def _serve(self, conn, mine, parent: int) -> None:
        """A worker's life: die with the parent, then do chunks until told to stop."""
        _die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        for end in (mine, *self.pipes):  # the parent's ends: only the parent may hold them, so that
            end.close()                  # a dead parent is an end of file here
        while True:
            try:
                index = conn.recv()
                if index is None:
                    return
                conn.send_bytes(_attempt(self.work, self.chunks[index], index))
            except (EOFError, OSError):
                return  # the parent is gone

    def results(self) -> Iterator:
        """The chunks' results, in chunk order, as workers finish them."""
        from multiprocessing.connection import wait
        pending = iter(range(len(self.chunks)))
        busy: dict = {}
        for pipe in self.pipes:
            self._feed(pipe, pending, busy)
        done: dict[int, object] = {}
        following = 0
        while following < len(self.chunks):
            for pipe in wait(list(busy)):
                index, ok, value = self._receive(pipe, busy)
                if not ok:
                    raise value
                done[index] = value
                self._feed(pipe, pending, busy)
            while following in done:
                yield done.pop(following)
                following += 1

    def _feed(self, pipe, pending: Iterator[int], busy: dict) -> None:
        index = next(pending, None)
        if index is not None:
            pipe.send(index)
            busy[pipe] = index

    def _receive(self, pipe, busy: dict) -> tuple:
        import pickle
        index = busy.pop(pipe)
        try:
            data = pipe.recv_bytes()
        except (EOFError, OSError):
            process = self.processes[self.pipes.index(pipe)]
            process.join(1)
            raise WorkerError(f"a worker process ended without finishing its pages (exit code {process.exitcode}, "
                              f"chunk {index}): run again, or with --jobs 1") from None
        try:
            return pickle.loads(data)
        except Exception as err:  # noqa: BLE001 - a class that does not rebuild from its pickle
            raise WorkerError(f"a worker's answer could not be read back: {err!r}") from None

    def close(self) -> None:
        """Stops every worker: a normal end, an error or an interrupted parent alike."""
        for pipe in self.pipes:
            try:
                pipe.send(None)
            except OSError:
                pass
            pipe.close()
        for process in self.processes:
            process.join(2)
            if process.is_alive():
                process.kill()
                process.join()


def _attempt(work: Callable, chunk, index: int) -> bytes:
    """The pickled (index, True, result) or (index, False, the exception)."""
    import pickle
    try:
        answer = (index, True, work(chunk))
    except BaseException as err:  # noqa: BLE001 - every failure must reach the parent
        answer = (index, False, err)
    try:
        data = pickle.dumps(answer)
        if not answer[1]:
            pickle.loads(data)  # an exception class may pickle and yet not rebuild: try it here
        return data
    except Exception:  # noqa: BLE001 - an exception (or a result) that does not travel
        text = "".join(traceback.format_exception(answer[2])) if not answer[1] else "a result that does not pickle"
        return pickle.dumps((index, False, WorkerError(f"a worker failed:\n{text}")))


def _die_with_parent(parent: int) -> None:
    """Asks Linux to kill this process when its parent dies; exits if that already happened."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the closed pipe ends the worker when it next waits for work
    if os.getppid() != parent:
        os._exit(0)
