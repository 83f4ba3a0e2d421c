"""What the per-period knowledge-loss figure costs inside a cold scan (line provenance on).

    python benchmarks/knowledge_loss_bench.py /work/.mirror/pallets+flask/repo [REPO ...]

Times ``period_losses`` (core/provenance/knowledge.py) and the other provenance figures of the same scan
(``Figures.periods``, the rework/cohort pass it sits beside), with a fresh cache so the scan is cold.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="+")
    args = parser.parse_args()
    import os

    from debt_explorer.core.options import ScanOptions
    from debt_explorer.core.provenance import runner
    from debt_explorer.core.provenance.figures import Figures
    from debt_explorer.core.scan import run_scan

    timings: dict[str, float] = {}

    def timed(name, function):  # type: ignore[no-untyped-def]
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    runner.period_losses = timed("period_losses", runner.period_losses)  # type: ignore[assignment]
    Figures.periods = timed("Figures.periods", Figures.periods)  # type: ignore[method-assign]
    print("| repository | periods | cold scan | provenance figures | of which knowledge loss | rework and cohorts |")
    print("|---|---|---|---|---|---|")
    for repo in args.repos:
        timings.clear()
        os.environ["DEBT_EXPLORER_CACHE_DIR"] = tempfile.mkdtemp(prefix="kl-bench-")
        started = time.perf_counter()
        generator = run_scan(repo, ScanOptions())
        try:
            while True:
                next(generator)
        except StopIteration as stop:
            result = stop.value
        total = time.perf_counter() - started
        print(f"| {Path(repo).parent.name if Path(repo).name == 'repo' else Path(repo).name} | {len(result.periods)} "
              f"| {total:.1f} s | {result.stats.phase_seconds.get('provenance figures', 0):.2f} s "
              f"| {timings.get('period_losses', 0):.2f} s | {timings.get('Figures.periods', 0):.2f} s |")


if __name__ == "__main__":
    main()
