"""Screenshots of the Coupling tab and the X-Ray table into docs/screenshots/ (a real repository, its own cache).

    xvfb-run -a -s "-screen 0 1600x1000x24" python benchmarks/coupling_screenshots.py [REPO] [--file PATH] [--coupling-only]

coupling.png: the Coupling tab over the whole history (table, graph, and the trend of the five strongest pairs
with one line hovered); coupling-trend-selected.png: after clicking a trend line (its pair selected in the table).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shotkit import DOCS_SCREENSHOTS, Shots

FLASK = "/work/.mirror/pallets+flask/repo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", default=FLASK)
    parser.add_argument("--file", default="src/flask/app.py", help="file whose X-Ray is shown")
    parser.add_argument("--coupling-only", action="store_true", help="only the Coupling tab's screenshots")
    parser.add_argument("--out", default=str(DOCS_SCREENSHOTS))
    args = parser.parse_args()
    shots = Shots(args.out, size=(1500, 950))
    window, pump, out = shots.window, shots.pump, shots.out
    shots.scan(args.repo)  # the final result, not the first (partial) one
    view = window.coupling
    window.tabs.setCurrentWidget(view)
    view.scope.setCurrentIndex(1)  # whole history
    pump(30, lambda: view.worker is None and view.model.rowCount() > 0)
    pump(0.5)
    trend = view.trend
    if trend.curves:
        trend._hover(0)  # what a user sees with the mouse on the strongest pair's line
        pump(0.3)
    window.grab().save(str(out / "coupling.png"))
    if len(trend.curves) > 1:
        trend._hover(None)
        trend._choose(1)  # a click on the second line selects its pair in the table
        pump(0.3)
        window.grab().save(str(out / "coupling-trend-selected.png"))
    if args.coupling_only:
        print(f"screenshots in {out}")
        shots.close()
        return
    window.select_file(args.file, switch=True)
    window.detail.tabs.setCurrentWidget(window.detail.xray)
    pump(120, lambda: window.detail.xray.worker is None and window.detail.xray.model.rowCount() > 0)
    pump(0.5)
    window.grab().save(str(out / "xray.png"))
    window.detail.tabs.setCurrentWidget(window.detail.coupled)
    pump(30, lambda: window.detail.coupled.model.rowCount() > 0)
    pump(0.3)
    window.grab().save(str(out / "changes-together.png"))
    print(f"screenshots in {out}")
    shots.close()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
