"""Run core generators off the GUI thread (superqt's GeneratorWorker pattern, git-cola's run tokens).

A :class:`GeneratorWorker` drives a generator factory in the global thread
pool.  It checks a cooperative abort flag between two steps, throttles
progress to about 20 signals a second, and reports exactly one of
``finished(result)``, ``failed(message)`` or ``cancelled()``.  Every worker
carries the ``token`` of the run that started it; the window ignores signals
from an older token, so a late result of a superseded scan never shows.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable, Generator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.gitsafe import GitError

log = logging.getLogger(__name__)

GeneratorFactory = Callable[[Callable[[], bool]], Generator[Any, None, Any]]


class WorkerSignals(QObject):
    progress = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class GeneratorWorker(QRunnable):
    """Drives ``factory(cancel)`` to completion on a pool thread."""

    def __init__(self, factory: GeneratorFactory, token: int = 0) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.factory = factory
        self.token = token
        self.signals = WorkerSignals()
        self._abort = threading.Event()
        self.done = threading.Event()

    def abort(self) -> None:
        self._abort.set()

    def run(self) -> None:  # noqa: D102 - QRunnable entry point
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
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged with its traceback
            log.exception("background task failed")
            self.signals.failed.emit(self.token, f"unexpected error: {type(exc).__name__}: {exc}")
        finally:
            self.done.set()


def call_in_background(function: Callable[[], Any], token: int = 0) -> GeneratorWorker:
    """A worker that runs ``function()`` once (for detail loads: diffs, blame, file text)."""

    def factory(cancel: Callable[[], bool]) -> Generator[None, None, Any]:
        return function()
        yield  # noqa: unreachable - makes this a generator

    return GeneratorWorker(factory, token)


def start(worker: GeneratorWorker) -> GeneratorWorker:
    QThreadPool.globalInstance().start(worker)
    return worker
