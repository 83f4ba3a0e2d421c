"""The progressive first view on a long history: what the window shows before the scan has finished.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        python benchmarks/first_view_screenshot.py /work/.mirror/sphinx-doc+sphinx/repo

first-view.png: the window at its first result (the scanned commit's hotspots, from the hotspot window's
commits when the history is long), with the status line saying so and the scan still running;
first-view-final.png: the same window once the whole history is in.  Prints when each arrived.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shotkit import DOCS_SCREENSHOTS, Shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo")
    parser.add_argument("--out", default=str(DOCS_SCREENSHOTS))
    args = parser.parse_args()
    shots = Shots(args.out)
    window = shots.window
    started = time.perf_counter()
    first = shots.scan(args.repo, first=True)
    still_running = window.worker is not None
    shots.pump(0.5)
    shots.save("first-view.png")
    print(f"first result after {first:.1f} s (scan still running: {still_running}); "
          f"status: {window.statusBar().currentMessage()!r}")
    shots.wait_for_worker()
    shots.pump(0.5)
    shots.save("first-view-final.png")
    print(f"final result after {time.perf_counter() - started:.1f} s; status: {window.statusBar().currentMessage()!r}")
    shots.close()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
