"""The background worker: signals in strict order, cancellation, registry and shutdown with a live worker."""

from __future__ import annotations

import threading
from typing import Callable, Generator

from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.ui.workers import (GeneratorWorker, call_in_background, live_workers, start,
                                      wait_for_workers)


def _record(worker: GeneratorWorker) -> list[tuple[str, object]]:
    events: list[tuple[str, object]] = []
    worker.signals.progress.connect(lambda token, step: events.append(("progress", step)))
    worker.signals.finished.connect(lambda token, value: events.append(("finished", value)))
    worker.signals.failed.connect(lambda token, message: events.append(("failed", message)))
    worker.signals.cancelled.connect(lambda token: events.append(("cancelled", token)))
    return events


def test_progress_then_exactly_one_finished(qtbot) -> None:
    def factory(cancel: Callable[[], bool]) -> Generator[int, None, str]:
        yield 1
        return "result"

    worker = GeneratorWorker(factory, token=7)
    events = _record(worker)
    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as blocker:
        start(worker)
    assert blocker.args == [7, "result"]
    qtbot.waitUntil(lambda: worker not in live_workers(), timeout=2000)
    assert events == [("progress", 1), ("finished", "result")]


def test_scan_error_is_failed_with_its_message(qtbot) -> None:
    def factory(cancel: Callable[[], bool]) -> Generator[int, None, None]:
        raise ScanError("repo: not a git repository")
        yield 0

    worker = GeneratorWorker(factory, token=3)
    events = _record(worker)
    with qtbot.waitSignal(worker.signals.failed, timeout=5000):
        start(worker)
    qtbot.wait(50)
    assert events == [("failed", "repo: not a git repository")]


def test_unexpected_error_names_its_type(qtbot) -> None:
    worker = call_in_background(lambda: 1 / 0, token=1)
    with qtbot.waitSignal(worker.signals.failed, timeout=5000) as blocker:
        start(worker)
    assert blocker.args[1] == "unexpected error: ZeroDivisionError: division by zero"


def test_abort_ends_with_cancelled_only(qtbot) -> None:
    release = threading.Event()
    running = threading.Event()
    steps: list[int] = []

    def factory(cancel: Callable[[], bool]) -> Generator[int, None, str]:
        for index in range(1000):
            steps.append(index)
            running.set()
            release.wait(5)
            if cancel():
                raise ScanCancelled()
            yield index
        return "never"

    worker = GeneratorWorker(factory, token=5)
    events = _record(worker)
    start(worker)
    assert running.wait(10)  # the worker is inside its first step when the abort comes
    worker.abort()
    with qtbot.waitSignal(worker.signals.cancelled, timeout=10000) as blocker:
        release.set()
    assert blocker.args == [5]
    qtbot.wait(50)
    assert [kind for kind, _ in events if kind != "progress"] == ["cancelled"]
    assert len(steps) < 1000


def test_shutdown_waits_for_a_live_worker(qtbot) -> None:
    started = threading.Event()
    stopped = threading.Event()

    def factory(cancel: Callable[[], bool]) -> Generator[None, None, None]:
        started.set()
        while not cancel():
            yield None
        stopped.set()

    worker = GeneratorWorker(factory)
    start(worker)
    assert started.wait(5)
    assert worker in live_workers()
    assert wait_for_workers(5000) is True
    assert worker.done.is_set()
    assert worker not in live_workers()
