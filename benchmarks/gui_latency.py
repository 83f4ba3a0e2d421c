"""How long the window's event loop stalls while a repository is scanned: with the GUI-thread garbage collector
(ui/gcguard.py, the app's default) or, with ``--no-guard``, with Python's automatic collection on every thread.

    python benchmarks/gui_latency.py REPO [--no-guard]

A 20 ms timer on the GUI thread records the gap between its ticks from opening REPO until 5 s after the final
result; the printed maximum, 99th and 95th percentiles are how long a click could wait.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo")
    parser.add_argument("--no-guard", action="store_true", help="leave Python's automatic collection on")
    args = parser.parse_args()
    if args.no_guard:
        import debt_explorer.ui.gcguard as gcguard

        gcguard.install = lambda app: None  # type: ignore[assignment,return-value]
    import tempfile

    from PySide6.QtCore import QTimer
    from shotkit import Shots

    shots = Shots(tempfile.mkdtemp(prefix="latency-"))  # nothing is saved there
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    seconds = shots.scan(args.repo)
    shots.pump(5.0)
    gaps.sort()
    print(f"{'automatic collection' if args.no_guard else 'GUI-thread collection'}: scan {seconds:.1f} s; "
          f"event-loop gaps max {gaps[-1] * 1000:.0f} ms, p99 {gaps[int(len(gaps) * .99)] * 1000:.0f} ms, "
          f"p95 {gaps[int(len(gaps) * .95)] * 1000:.0f} ms over {len(gaps)} ticks")
    shots.close()


if __name__ == "__main__":
    main()
