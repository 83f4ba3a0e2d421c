"""Responsiveness of the window on a large scan result (20,000 files by default), offscreen.

    python benchmarks/ui_bench.py [--files 20000] [--periods 40]

Prints: time to a shown window (from process start), loading a result, sorting
and filtering the hotspot table, and opening a file's detail panel (blame then
loads in the background and is not part of the figure).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def large_result(files: int, periods: int, seed: int = 0):  # noqa: ANN201
    from debt_explorer.core.models import (Commit, FileChange, FilePoint, FileRecord, FunctionMetrics, PeriodStats,
                                           RepoInfo, ScanResult)
    from debt_explorer.core.options import ScanOptions
    from debt_explorer.core.trends import periods_between

    rng = random.Random(seed)
    spans = periods_between(1_500_000_000, 1_500_000_000 + periods * 91 * 86400)[:periods]
    commits = [Commit(f"{i:040x}", (f"{i - 1:040x}",) if i else (), f"dev{i % 50}", f"dev{i % 50}@x",
                      spans[0].start + i * 3600, f"dev{i % 50}", f"dev{i % 50}@x", spans[0].start + i * 3600,
                      f"Change {i}") for i in range(periods * 500)]
    paths = [f"src/pkg{i % 97}/sub{i % 13}/module_{i}.py" for i in range(files)]
    changes = [FileChange(commits[j].sha, paths[j % files], None, rng.randint(0, 50), rng.randint(0, 30), False,
                          paths[j % files]) for j in range(len(commits))]
    records = tuple(FileRecord(path=p, blob=f"{i:040x}", language="Python", sloc=rng.randint(5, 3000),
                               complexity=rng.randint(1, 600), max_complexity=rng.randint(1, 40), functions=10,
                               maintainability=rng.uniform(0, 100), parsed=True, unparsed_reason=None,
                               revisions=rng.randint(1, 300), added=100, deleted=50, churn=rng.randint(10, 9000),
                               authors=rng.randint(1, 20), first_commit_date=spans[0].start,
                               last_commit_date=spans[-1].end, window_revisions=rng.randint(0, 60),
                               window_churn=rng.randint(0, 2000), relative_churn=rng.random() * 3,
                               hotspot_score=round(rng.random(), 3), hotspot_rank=i + 1, high_churn=rng.random() < 0.05)
                    for i, p in enumerate(paths))
    stats = tuple(PeriodStats(s.label, s.start_date, s.end_date, 500, 40, 9000, 4000, 13000, 6000, 7000, 0.46,
                              commits[0].sha, files, 1_000_000 + k * 1000, 200_000 + k * 300, 55.0, 900, 300)
                  for k, s in enumerate(spans))
    series = {p: tuple(FilePoint(s.label, 100 + k, 20 + k) for k, s in enumerate(spans)) for p in paths[:2000]}
    functions = {p: tuple(FunctionMetrics(f"f{k}", k * 10 + 1, k * 10 + 9, k + 1, 9) for k in range(10)) for p in paths[:50]}
    return ScanResult(RepoInfo("/nonexistent", "HEAD", commits[-1].sha, len(commits), commits[0].committer_date,
                               commits[-1].committer_date, False), ScanOptions(), records, stats, (), tuple(commits),
                      tuple(changes), series, functions=functions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--periods", type=int, default=40)
    args = parser.parse_args()
    from PySide6.QtCore import QSettings, Qt

    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.models.file_table import COMPLEXITY, HOTSPOT
    from debt_explorer.ui.views.main_window import MainWindow

    app = create_app()
    window = MainWindow(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    window.show()
    app.processEvents()
    shown = time.perf_counter() - STARTED
    result = large_result(args.files, args.periods)

    def timed(action) -> float:  # noqa: ANN001
        start = time.perf_counter()
        action()
        app.processEvents()
        return (time.perf_counter() - start) * 1000

    window.repo_path = "/nonexistent"
    load = timed(lambda: window._finished(window.token, result))
    window.tabs.setCurrentIndex(1)
    app.processEvents()
    sort_cx = timed(lambda: window.table.sortByColumn(COMPLEXITY, Qt.SortOrder.DescendingOrder))
    sort_hot = timed(lambda: window.table.sortByColumn(HOTSPOT, Qt.SortOrder.AscendingOrder))
    filter_text = timed(lambda: window.filter_text.setText("sub7/module_1"))
    matches = window.proxy.rowCount()
    clear = timed(lambda: window.filter_text.setText(""))
    high = timed(lambda: window.churn_only.setChecked(True))
    window.churn_only.setChecked(False)
    detail = timed(lambda: window.select_file(result.files[10].path))
    print(f"files: {args.files:,}, periods: {args.periods}, changes: {len(result.changes):,}")
    print(f"window shown (process start to first paint): {shown * 1000:.0f} ms")
    print(f"load result into every view: {load:.0f} ms")
    print(f"sort by complexity: {sort_cx:.0f} ms; sort by hotspot score: {sort_hot:.0f} ms")
    print(f"filter by text ({matches} matches): {filter_text:.0f} ms; clear filter: {clear:.0f} ms; "
          f"high-churn only: {high:.0f} ms")
    print(f"open file detail: {detail:.0f} ms")
    from PySide6.QtCore import QThreadPool

    window.close()
    QThreadPool.globalInstance().waitForDone(5000)
    sys.stdout.flush()



if __name__ == "__main__":
    main()
