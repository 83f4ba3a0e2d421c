"""Run core generators off the GUI thread (superqt's GeneratorWorker pattern, git-cola's run tokens).

A :class:`GeneratorWorker` drives a generator factory in the global thread
pool.  It checks a cooperative abort flag between two steps, throttles
progress to about 20 signals a second, and reports exactly one of
``finished(result)``, ``failed(message)`` or ``cancelled()``.  Every worker
carries the ``token`` of the run that started it; the window ignores signals
from an older token, so a late result of a superseded scan never shows.

Lifetime: the pool runs the worker's ``run`` method as a plain callable, so no
Qt object takes ownership of the worker (handing a ``QRunnable`` to
``QThreadPool.start`` made PySide keep every worker -- and what its closures
hold -- alive for the rest of the session).  Live workers are registered
(superqt's ``_worker_set``): :func:`start` keeps each worker in :data:`LIVE`
until its terminal signal has been delivered on the GUI thread, so neither the
worker nor its signal object can be collected while a queued signal is on its
way, and :func:`wait_for_workers` lets shutdown wait for all of them.  We keep
this small module rather than depending on superqt: its ``GeneratorWorker`` has
no run tokens and no progress throttling, and what we need of it (abort flag,
one terminal signal, a registry) is these few lines; see docs/architecture.md.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.gitsafe import GitError

log = logging.getLogger(__name__)

GeneratorFactory = Callable[[Callable[[], bool]], Generator[Any, None, Any]]


class WorkerSignals(QObject):
    progress = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


#: Workers started by :func:`start` whose terminal signal has not been delivered on the GUI thread yet.
LIVE: set[GeneratorWorker] = set()


class GeneratorWorker:
    """Drives ``factory(cancel)`` to completion on a pool thread."""

    def __init__(self, factory: GeneratorFactory, token: int = 0) -> None:
        self.factory = factory
        self.token = token
        self.signals = WorkerSignals()
        self._abort = threading.Event()
        self.done = threading.Event()

    def abort(self) -> None:
        self._abort.set()

    def run(self) -> None:
        last = 0.0
        try:
            generator = self.factory(self._abort.is_set)
            try:
                while True:
                    if self._abort.is_set():
                        generator.close()
                        self.signals.cancelled.emit(self.token)
                        return
                    step = next(generator)
                    now = time.monotonic()
                    if now - last >= 0.05 or getattr(step, "partial", None) is not None:  # a first result always
                        last = now
                        self.signals.progress.emit(self.token, step)
            except StopIteration as stop:
                self.signals.finished.emit(self.token, stop.value)
        except ScanCancelled:
            self.signals.cancelled.emit(self.token)
        except (ScanError, GitError) as exc:
            self.signals.failed.emit(self.token, str(exc))
        except Exception as exc:
            log.exception("background task failed")
            self.signals.failed.emit(self.token, f"unexpected error: {type(exc).__name__}: {exc}")
        finally:
            self.factory = None  # type: ignore[assignment]  # drop the closure (and what it captured) at once
            self.done.set()


def call_in_background(function: Callable[[], Any], token: int = 0) -> GeneratorWorker:
    """A worker that runs ``function()`` once (for detail loads: diffs, blame, file text)."""

    def factory(cancel: Callable[[], bool]) -> Generator[None, None, Any]:
        return function()
        yield  # unreachable: its presence makes this function a generator

    return GeneratorWorker(factory, token)


def live_workers() -> frozenset[GeneratorWorker]:
    """The workers started by :func:`start` whose terminal signal has not been delivered yet."""
    return frozenset(LIVE)


def start(worker: GeneratorWorker) -> GeneratorWorker:
    """Run ``worker`` in the global thread pool, registered until its terminal signal arrives (GUI thread)."""
    LIVE.add(worker)
    held = weakref.ref(worker)  # the connection must not hold the worker: PySide keeps slots alive with the signal

    def forget(*_args: object) -> None:
        alive = held()
        if alive is not None:
            LIVE.discard(alive)

    for signal in (worker.signals.finished, worker.signals.failed, worker.signals.cancelled):
        signal.connect(forget)
    QThreadPool.globalInstance().start(worker.run)
    return worker


def wait_for_workers(timeout_ms: int = 10000) -> bool:
    """Abort every live worker and wait until all have stopped; ``False`` if some still run after the timeout."""
    for worker in list(LIVE):
        worker.abort()
    deadline = time.monotonic() + timeout_ms / 1000
    for worker in list(LIVE):
        if not worker.done.wait(max(0.0, deadline - time.monotonic())):
            return False
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()  # deliver the queued terminal signals, which unregister the workers
    return QThreadPool.globalInstance().waitForDone(max(0, int((deadline - time.monotonic()) * 1000)))
