"""Render screenshots of the main views from the demo repository into docs/screenshots/ at 1600 x 1000.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb python benchmarks/screenshots.py
    python benchmarks/screenshots.py [REPO] [--out docs/screenshots]     # offscreen, no X server
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shotkit import DOCS_SCREENSHOTS, Shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?")
    parser.add_argument("--out", default=str(DOCS_SCREENSHOTS))
    parser.add_argument("--file", help="file to open in the detail panel (default: the top hotspot)")
    args = parser.parse_args()
    shots = Shots(args.out)
    from debt_explorer.core.demo import create_demo_repo

    window, pump, out = shots.window, shots.pump, shots.out
    repo = args.repo or create_demo_repo(os.path.join(shots.work, "demo"))
    pump(0.3)
    window.grab().save(str(out / "start-empty.png"))  # a first start: no recent repositories yet
    window.start_page.set_recent([repo, "/home/me/src/payments-service", "/home/me/src/mobile-app"])
    pump(0.3)
    window.grab().save(str(out / "start.png"))
    shots.scan(repo)  # the final result, not the first (partial) one
    period = window.result.periods[-2].period if len(window.result.periods) > 1 else window.result.periods[-1].period
    window.select_period(period)
    window.trends.select_period(period, emit=False)
    window.tabs.setCurrentIndex(0)
    pump(0.5)
    window.grab().save(str(out / "overview.png"))
    window.tabs.setCurrentIndex(1)
    pump(0.5)
    window.grab().save(str(out / "hotspots-period.png"))
    from debt_explorer.ui.views.exports import plot_title

    window.trends.export_plot(0, str(out / "plot-export.png"), plot_title(window.result, "Complexity build-up"))
    window.select_period(None)
    target = args.file or window.result.files[0].path
    window.select_file(target, switch=True)
    window.detail.tabs.setCurrentIndex(0)
    pump(1.0)
    window.grab().save(str(out / "hotspots.png"))
    window.detail.tabs.setCurrentIndex(3)
    pump(1.0)
    window.grab().save(str(out / "blame.png"))
    window.detail.tabs.setCurrentIndex(window.detail.tabs.indexOf(window.detail.ownership))
    pump(0.8)
    window.grab().save(str(out / "ownership.png"))
    window.detail.tabs.setCurrentIndex(2)
    window.detail.commits.selectRow(0)
    pump(1.0)
    window.grab().save(str(out / "commits.png"))
    scored = [f for f in window.result.files if f.ai and f.ai.style_score is not None]
    if scored:  # the file with the highest style score, and its AI evidence
        window.select_file(max(scored, key=lambda f: f.ai.style_score).path, switch=True)
        window.detail.tabs.setCurrentIndex(4)
        pump(0.8)
        window.grab().save(str(out / "ai-evidence.png"))
    window.tabs.setCurrentIndex(2)
    pump(0.5)
    window.grab().save(str(out / "map.png"))
    window.tabs.setCurrentIndex(3)
    pump(0.8)
    window.grab().save(str(out / "retrospective.png"))
    window.tabs.setCurrentIndex(4)
    pump(0.3)
    window.grab().save(str(out / "plan-empty.png"))
    from debt_explorer.ui.views.help_text import show_definitions

    dialog = show_definitions(window)
    pump(0.5)
    dialog.grab().save(str(out / "definitions.png"))
    dialog.close()
    window.tabs.setCurrentIndex(1)
    window.select_file(target)
    from dataclasses import replace

    window.open_repository(repo, replace(window.result.options, use_cache=False))  # a rescan that takes a moment
    pump(0.4)
    window.grab().save(str(out / "rescan.png"))
    shots.wait_for_worker()
    window.plan.add_item(window.result.files[0].path, note="split the pricing rules out", priority="high", effort="M")
    if len(window.result.files) > 2:
        window.plan.add_item(window.result.files[2].path, note="reduce branching", priority="medium", effort="S")
    window.tabs.setCurrentIndex(4)
    pump(0.5)
    window.grab().save(str(out / "plan.png"))
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.lines_view))
    pump(0.8)
    window.grab().save(str(out / "lines.png"))
    print(f"screenshots in {out}")
    shots.close()


if __name__ == "__main__":
    main()
    sys.stdout.flush()

