"""Soak test: the real window through a scripted session of ordinary browsing, staying alive throughout.

The session: open the demo, select 25 rows one after another (each with another detail tab, blame loaded),
visit every main tab, click periods, go back and forward, rescan twice, open a second repository and browse it.
Afterwards the window is still up, shows results, and nothing fatal reached stderr (a binding that drops
references to None aborts the interpreter within a few hundred text updates: see tests/ui/test_binding.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from conftest import wait_for_result
from debt_explorer.core.synthetic import generate_history


def _browse(qtbot, window, rows: int) -> int:
    """Select ``rows`` rows one after another, each with the next detail tab; returns rows visited."""
    detail = window.detail
    visited = 0
    window.tabs.setCurrentIndex(1)
    for step in range(rows):
        row = step % window.proxy.rowCount()
        window.table.selectRow(row)
        path = window.table_model.record(window.proxy.mapToSource(window.proxy.index(row, 0)).row()).path
        assert detail.path == path
        detail.tabs.setCurrentIndex(step % detail.tabs.count())
        qtbot.waitUntil(lambda: bool(detail.blame.lines) or "unavailable" in detail.blame.toPlainText(),
                        timeout=10000)
        if detail.commits_model.rowCount():
            detail.commits.selectRow(0)
        qtbot.wait(5)
        visited += 1
    return visited


def test_soak_session_stays_alive(qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capfd: pytest.CaptureFixture[str]) -> None:
    import debt_explorer.core.demo

    monkeypatch.setattr(debt_explorer.core.demo, "default_demo_dir", lambda: str(tmp_path / "demo"))
    second = generate_history(tmp_path / "second", commits=60, files=12, seed=3, start="2023-01-02T09:00:00")
    import gc

    from debt_explorer.ui.workers import LIVE, GeneratorWorker

    def workers() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, GeneratorWorker))

    workers_before = workers()  # earlier tests in this process may leave a few with their windows
    began = time.monotonic()
    refs_before = sys.getrefcount(None)

    window.open_demo()
    wait_for_result(qtbot, window)
    assert window.table_model.rowCount() >= 25
    visited = _browse(qtbot, window, 25)

    for index in range(window.tabs.count()):  # every main tab
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    window.retro.span.setCurrentIndex(1)  # last 2 quarters against the 2 before
    assert window.retro.retro is not None and window.retro.retro.span == 2
    assert "–" in window.retro.retro.after.period
    labels = window.trends.labels()
    for label in labels[-4:]:  # period clicks, as a click on the plot does
        window.tabs.setCurrentIndex(0)
        window.trends.select_period(label)
        assert not window.period_filter.isHidden() and label in window.period_filter.text()
        window.tabs.setCurrentIndex(1)
        if window.proxy.rowCount():
            window.table.selectRow(0)
    for _ in range(6):
        window.go(-1)
    for _ in range(3):
        window.go(1)
    window.select_period(None)

    for _ in range(2):  # two rescans (the second one served by the cache)
        window.rescan()
        wait_for_result(qtbot, window)
        visited += _browse(qtbot, window, 5)

    window.open_repository(str(second.path))
    qtbot.waitUntil(lambda: window.result is not None and window.result.repo.path == str(second.path)
                    and window.worker is None, timeout=30000)
    visited += _browse(qtbot, window, 10)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)

    assert window.isVisible() and window.stack.currentIndex() == 2
    assert window.table_model.rowCount() == len(window.result.files) > 0
    assert visited == 25 + 2 * 5 + 10
    out, err = capfd.readouterr()
    assert "Fatal Python error" not in out + err
    assert "Traceback" not in err
    qtbot.waitUntil(lambda: not LIVE, timeout=10000)
    # every finished worker is released (~100 were started): the window keeps at most its last blame and diff
    assert workers() <= workers_before + 3
    if sys.version_info < (3, 12):
        # thousands of text updates happened: a leaking binding would have lost that many references to None
        assert sys.getrefcount(None) > refs_before - 200
    print(f"soak: {visited} rows, {time.monotonic() - began:.1f} s")
