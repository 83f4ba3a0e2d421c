"""Browse a real repository in the real window for a few minutes, as a user clicking around would.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        python benchmarks/soak_window.py /work/.mirror/pallets+flask/repo --seconds 180

Each round: a random row of the hotspot table (with real mouse clicks), a random detail tab (waiting for
blame), a random main tab, a period click in the plots, the period cleared, Back and Forward, a filter
typed and cleared, the map; every 60 s a rescan.  Prints the rounds done, the seconds, and how far
``sys.getrefcount(None)`` drifted (a leaking Qt binding loses one reference per text update and aborts
the process when the count reaches zero).  Exit 0 when the window is still up at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _rss_mb() -> int:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo")
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtTest import QTest

    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.views.main_window import MainWindow

    app = create_app()
    work = tempfile.mkdtemp(prefix="soak-")
    os.environ.setdefault("DEBT_EXPLORER_CACHE_DIR", os.path.join(work, "cache"))
    window = MainWindow(QSettings(os.path.join(work, "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()
    rng = random.Random(args.seed)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def wait(condition, timeout: float = 60.0) -> bool:  # noqa: ANN001
        end = time.monotonic() + timeout
        while not condition() and time.monotonic() < end:
            pump(0.05)
        return bool(condition())

    window.open_repository(args.repo)
    if not wait(lambda: window.result is not None and window.worker is None, 600):
        print("scan did not finish", file=sys.stderr)
        return 1
    refs = sys.getrefcount(None)
    rss_start = _rss_mb()
    began = last_rescan = time.monotonic()
    rounds = rescans = 0
    labels = [p.period for p in window.result.periods]
    while time.monotonic() - began < args.seconds:
        window.tabs.setCurrentIndex(1)
        rows = window.proxy.rowCount()
        if rows:
            row = rng.randrange(rows)
            window.table.scrollTo(window.proxy.index(row, 0))
            rect = window.table.visualRect(window.proxy.index(row, 0))
            QTest.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            window.detail.tabs.setCurrentIndex(rng.randrange(window.detail.tabs.count()))
            wait(lambda: bool(window.detail.blame.lines) or "unavailable" in window.detail.blame.toPlainText(), 20)
            if window.detail.commits_model.rowCount():
                window.detail.commits.selectRow(rng.randrange(window.detail.commits_model.rowCount()))
        window.tabs.setCurrentIndex(rng.randrange(window.tabs.count()))
        pump(0.1)
        window.trends.select_period(rng.choice(labels))
        pump(0.05)
        window.go(-1)
        window.go(1)
        window.select_period(None)
        QTest.keyClicks(window.filter_text, rng.choice(("app", "test", "cli", "zz")))
        window.filter_text.clear()
        window.tabs.setCurrentIndex(2)
        plot = window.map.scatter_plot
        QTest.mouseMove(plot.viewport(), QPoint(rng.randrange(50, 500), rng.randrange(50, 500)))
        pump(0.05)
        if time.monotonic() - last_rescan > 60:
            window.rescan()
            wait(lambda: window.worker is None, 300)
            last_rescan, rescans = time.monotonic(), rescans + 1
        rounds += 1
    elapsed = time.monotonic() - began
    alive = window.isVisible() and window.result is not None
    print(f"rounds {rounds}, rescans {rescans}, {elapsed:.0f} s, window alive: {alive}, "
          f"None refcount drift {sys.getrefcount(None) - refs:+d}, resident memory {rss_start} -> {_rss_mb()} MB")
    window.close()
    pump(0.2)
    from debt_explorer.ui.workers import wait_for_workers

    stopped = wait_for_workers(10000)  # as the app does: no worker outlives the window into teardown
    print(f"background workers stopped before exit: {stopped}")
    return 0 if alive and stopped else 1


if __name__ == "__main__":
    sys.exit(main())
