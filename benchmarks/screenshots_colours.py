"""Screenshots of the colour controls on a real repository: blame by age and by author, the treemap by main
author, the retrospective's knowledge-loss finding and the code-by-age plot with knowledge loss.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        python benchmarks/screenshots_colours.py /work/.mirror/pallets+flask/repo --file src/flask/helpers.py

The retrospective compares the adjacent full periods (within the last ``--lookback``, both with enough activity
to compare) where knowledge loss moved the most, so the finding shows; the script prints which and the finding.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shotkit import DOCS_SCREENSHOTS, Shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo")
    parser.add_argument("--out", default=str(DOCS_SCREENSHOTS))
    parser.add_argument("--file", help="file whose blame to show (default: the top hotspot)")
    parser.add_argument("--lookback", type=int, default=20, help="periods to search for the largest move")
    args = parser.parse_args()
    shots = Shots(args.out)
    from debt_explorer.ui.views.tabs import Tab

    window, pump, out = shots.window, shots.pump, shots.out
    seconds = shots.scan(args.repo)
    result = window.result
    print(f"scan {seconds:.1f} s; provenance figures "
          f"{result.stats.phase_seconds.get('provenance figures', 0):.2f} s")
    target = args.file or result.files[0].path
    window.select_file(target, switch=True)
    detail = window.detail
    detail.tabs.setCurrentWidget(detail.blame_view)
    while not detail.blame.lines:
        pump(0.2)
    for mode in ("age", "author"):
        detail.blame_view.set_mode(mode)
        pump(0.6)
        window.grab().save(str(out / f"blame-{mode}.png"))
    detail.blame_view.set_mode("ai")
    window.tabs.setCurrentIndex(Tab.MAP)
    window.map.colour_by.setCurrentText("Colour: main author")
    pump(0.8)
    window.grab().save(str(out / "map-author.png"))
    periods = result.periods
    last = len(periods) - 2  # the newest full period
    from debt_explorer.core.retro import enough_activity

    pairs = [(abs((periods[i].knowledge_loss_share or 0) - (periods[i - 1].knowledge_loss_share or 0)), i)
             for i in range(max(1, last - args.lookback), last + 1)
             if enough_activity(periods[i]) and enough_activity(periods[i - 1])] or [(0.0, last)]
    _, index = max(pairs)
    retro = window.retro
    window.tabs.setCurrentIndex(Tab.RETROSPECTIVE)
    retro.before.setCurrentIndex(retro.before.findData(periods[index - 1].period))
    retro.after.setCurrentIndex(retro.after.findData(periods[index].period))
    pump(0.8)
    window.grab().save(str(out / "retrospective-knowledge.png"))
    print(f"retrospective {periods[index - 1].period} -> {periods[index].period}:")
    for finding in retro.retro.findings if retro.retro else ():
        print("  " + finding)
    window.tabs.setCurrentIndex(Tab.LINES)
    pump(0.8)
    window.grab().save(str(out / "lines-knowledge.png"))
    print(f"screenshots in {out}")
    shots.close()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
