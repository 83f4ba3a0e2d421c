"""Run metric work on every core, with a time budget per file and crash isolation.

``analyze_many`` feeds (key, path, bytes) items to a process pool in small
chunks, never more than a few chunks in flight (so 130 MB of blobs are not
pickled at once), and yields ``(key, BlobMetrics, None)`` as results arrive.
Items named in ``extra_keys`` are given to a second function of (path, bytes)
instead, ``extra``, and come back as ``(key, None, its value)``: the scan has
the workers extract the AI style features of the ref's files that way, off
its own thread, under the same time budget and crash isolation.

* **Time budget**: inside a worker, ``SIGALRM`` interrupts a file whose
  analysis exceeds ``timeout`` seconds; it comes back as skipped with the
  reason.  No single pathological file can stall a scan.
* **Crashes**: if a worker dies (segfault, OOM kill), the chunks in flight are
  retried one file per task in a fresh pool; the file that kills it again is
  reported as ``analyzer crashed``.
* **Cancel**: when ``cancel()`` turns true or the consumer closes the
  generator, pending work is cancelled and the worker processes are ended.
* Workers start with ``forkserver`` on Linux (the GUI calls this from a Qt
  thread, where a plain ``fork`` is unsafe) and ``spawn`` elsewhere.
* **Orphans**: a worker ends itself when the process that started the pool
  dies, even by ``kill -9`` (:func:`_watch_parent`).  Workers are children of
  the fork server, which lives while any worker holds its "alive" pipe, and
  the resource tracker lives while either does -- so once the workers go,
  all of them go.  (``PR_SET_PDEATHSIG`` cannot do this: a worker's parent is
  the fork server, not the scan.)
* **Ctrl-C** reaches the whole process group; workers ignore SIGINT (the
  scan's process cancels and ends them), so no worker prints a
  ``KeyboardInterrupt`` traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from debt_explorer.core import pychunks
from debt_explorer.core.metrics import analyze_blob
from debt_explorer.core.models import BlobMetrics

_T = TypeVar("_T")

Item = tuple[str, str, bytes]
#: A module-level function of (path, bytes), run in a worker instead of the metrics on the items named for it
#: (pickled by name).
Extra = Callable[[str, bytes], Any]
#: (key, metrics or None for an ``extra`` item, what ``extra`` made or None, the file's Python chunks or None)
Result = tuple[str, BlobMetrics | None, Any, bytes | None]
#: What an ``extra`` whose time budget was spent yields instead of its value.
EXTRA_OVER_BUDGET = "extra: time budget spent"
#: A chunk (one task for a worker) closes at the first change of path past either size ...
CHUNK_BYTES = 256 * 1024
CHUNK_ITEMS = 24
#: ... or anywhere past either of these, so one path's hundred versions cannot make one huge task.
CHUNK_MAX_BYTES = 4 * 1024 * 1024
CHUNK_MAX_ITEMS = 400


class _Budget(BaseException):
    """Raised by the SIGALRM handler when a file's budget is spent (a BaseException, so no analyzer
    error handler mistakes it for a parse failure)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _Budget()


def _loc(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def budget_exceeded(path: str, data: bytes, timeout: float) -> BlobMetrics:
    from debt_explorer.core.languages import language_for

    return BlobMetrics(language=language_for(path), loc=_loc(data), sloc=0, comments=0, blank=0, complexity=0,
                       max_complexity=0, functions=0, maintainability=None, parsed=False,
                       reason=f"skipped: metric work exceeded {timeout:g} s")


def crashed(path: str, data: bytes) -> BlobMetrics:
    from debt_explorer.core.languages import language_for

    return BlobMetrics(language=language_for(path), loc=_loc(data), sloc=0, comments=0, blank=0, complexity=0,
                       max_complexity=0, functions=0, maintainability=None, parsed=False, reason="analyzer crashed")


def _budgeted(call: Callable[[], _T], timeout: float) -> _T:
    """``call()`` under a wall-clock budget (where SIGALRM can be used: the main thread on POSIX); raises
    :class:`_Budget` when it is spent."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or timeout <= 0:
        return call()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def analyze_with_budget(path: str, data: bytes, timeout: float) -> BlobMetrics:
    """``analyze_blob`` under a wall-clock budget; a file that spends it comes back skipped, with the reason."""
    try:
        return _budgeted(lambda: analyze_blob(path, data), timeout)
    except _Budget:
        return budget_exceeded(path, data, timeout)


def measure_item(path: str, data: bytes, timeout: float, extra: Extra | None = None, seed: bytes | None = None,
                 keep: bool = False) -> tuple[BlobMetrics | None, Any, bytes | None]:
    """``(metrics, None, chunks)`` of one file; with ``extra``, ``(None, extra(path, data), None)`` instead, under the
    same kind of budget (:data:`EXTRA_OVER_BUDGET` when it is spent: the caller then does without, and does not try
    again).  ``seed``: a Python file's chunks from an earlier scan (:func:`~debt_explorer.core.pychunks.seed`);
    ``keep``: return the chunks this measurement used, encoded (``None`` when there are none to keep)."""
    if extra is not None:
        try:
            return None, _budgeted(lambda: extra(path, data), timeout), None
        except _Budget:
            return None, EXTRA_OVER_BUDGET, None
    if seed:
        seeded = pychunks.decode_chunks(seed)
        if seeded:
            pychunks.seed(seeded)
    if not keep:
        return analyze_with_budget(path, data, timeout), None, None
    metrics, used = pychunks.logging_chunks(lambda: analyze_with_budget(path, data, timeout))
    if not (used and metrics.parsed):
        return metrics, None, None
    try:
        return metrics, None, pychunks.encode_chunks(used)
    except ValueError:  # an operand marshal cannot hold: nothing kept, the metrics stand
        return metrics, None, None


def _work_chunk(chunk: list[Item], timeout: float, extra: Extra | None, extra_keys: frozenset[str],
                seeds: dict[str, bytes], keep: frozenset[str]) -> list[Result]:
    return [(key, *measure_item(path, data, timeout, extra if key in extra_keys else None, seeds.get(key),
                                key in keep)) for key, path, data in chunk]


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    """Tasks of a few items, keeping the versions of one path together (items come sorted by path): a worker's
    Python chunk memo (:mod:`debt_explorer.core.pychunks`) then measures each version's unchanged functions
    for free, which a path split across two workers would measure twice (14 % of sphinx's metric work)."""
    chunk: list[Item] = []
    size = 0
    for item in items:
        if chunk and ((item[1] != chunk[-1][1] and (size >= CHUNK_BYTES or len(chunk) >= CHUNK_ITEMS))
                      or size >= CHUNK_MAX_BYTES or len(chunk) >= CHUNK_MAX_ITEMS):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += len(item[2])
    if chunk:
        yield chunk


def _watch_parent(owner: int) -> None:
    """In a worker: end this process as soon as process ``owner`` (the scan) has exited."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows; no watchdog there
        return
    try:
        handle = os.pidfd_open(owner)  # Linux >= 5.3: readable when the process exits; immune to PID reuse
    except (AttributeError, OSError):
        handle = None
    if handle is None:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os.kill(os.getpid(), signal.SIGTERM)

    def watch() -> None:
        while True:
            if handle is not None:
                select.select([handle], [], [])
                break
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                break
        os.kill(os.getpid(), signal.SIGTERM)  # default action: end now (nothing to save in a worker)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _pool(jobs: int) -> ProcessPoolExecutor:
    with _main_not_reimported():
        return ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_watch_parent,
                                   initargs=(os.getpid(),))


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["debt_explorer.core.metric_pool"])
        return context
    return multiprocessing.get_context("spawn")


@contextmanager
def _main_not_reimported() -> Iterator[None]:
    """Start workers without re-running the parent's ``__main__`` script in them.

    spawn/forkserver children re-import a ``__main__`` that was run from a file
    path; for a script without an ``if __name__ == "__main__"`` guard (or a GUI
    entry script) that would start the program again in every worker.  While
    workers start, ``__main__`` is swapped for an empty module.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _submit(pool: ProcessPoolExecutor, function: Callable[..., _T], *args: object) -> Future[_T]:
    with _main_not_reimported():
        return pool.submit(function, *args)


def _end(pool: ProcessPoolExecutor) -> None:
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=2)


def analyze_many(items: Iterable[Item], jobs: int, timeout: float = 10.0,
                 cancel: Callable[[], bool] | None = None, extra: Extra | None = None,
                 extra_keys: Collection[str] = frozenset(), seeds: Mapping[str, bytes] | None = None,
                 keep_chunks: Collection[str] = frozenset()) -> Generator[Result, None, None]:
    """Measure every item; yields ``(key, metrics, None, chunks)`` in completion order.  An item whose key is in
    ``extra_keys`` is given to ``extra`` instead: ``(key, None, its value, None)``.  ``seeds`` (key -> a Python
    file's chunks from an earlier scan) go into the worker's memo before the item is measured; the chunks of the
    items in ``keep_chunks`` come back encoded (see :func:`measure_item`)."""
    stop = cancel or (lambda: False)
    seeds = seeds or {}
    extra_keys, keep_chunks = frozenset(extra_keys), frozenset(keep_chunks)  # once, not per task
    if jobs <= 1:
        for key, path, data in items:
            if stop():
                return
            yield (key, *measure_item(path, data, timeout, extra if key in extra_keys else None, seeds.get(key),
                                      key in keep_chunks))
        return
    pool = _pool(jobs)
    pending: dict[Future[Any], list[Item]] = {}
    retry: list[Item] = []
    feed = _chunks(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < jobs * 3:
                chunk = next(feed, None)
                if chunk is None:
                    exhausted = True
                    break
                keys = [key for key, _path, _data in chunk]
                pending[_submit(pool, _work_chunk, chunk, timeout, extra, extra_keys.intersection(keys),
                                {key: seeds[key] for key in keys if key in seeds},
                                keep_chunks.intersection(keys))] = chunk
            if not pending:
                break
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if stop():
                return
            for future in done:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    retry.extend(chunk)
                    continue
                yield from results
            if retry:
                retry.extend(item for chunk in pending.values() for item in chunk)
                pending.clear()
                _end(pool)
                yield from _isolate(retry, timeout, stop, extra, extra_keys)
                retry = []
                pool = _pool(jobs)
    finally:
        _end(pool)


def _isolate(items: list[Item], timeout: float, stop: Callable[[], bool], extra: Extra | None,
             extra_keys: Collection[str]) -> Iterator[Result]:
    """Re-run items one per task, each in a pool of its own, so a crash names its culprit.

    If workers cannot even start (three crashes in a row), the rest runs in this process.
    """
    in_a_row = 0
    for key, path, data in items:
        if stop():
            return
        if in_a_row >= 3:
            yield (key, *measure_item(path, data, timeout, extra if key in extra_keys else None))
            continue
        single = _pool(1)
        try:  # without seeds: a file that crashes its worker is measured as plainly as it can be
            yield (key, *_submit(single, measure_item, path, data, timeout,
                                 extra if key in extra_keys else None).result())
            in_a_row = 0
        except BrokenProcessPool:
            in_a_row += 1
            yield (key, None, None, None) if key in extra_keys else (key, crashed(path, data), None, None)
        finally:
            _end(single)
