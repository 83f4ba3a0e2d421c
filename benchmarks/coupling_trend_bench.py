"""Time change coupling with its trend over a whole history, and check the warm scan is unchanged.

    python benchmarks/coupling_trend_bench.py [REPO] [--repeat 3] [--base DIR] [--cache DIR]

REPO defaults to sphinx (22k commits).  Steps, all in the same run:

1. one scan fills a cache of its own (``--cache``, a temporary folder by default: the first scan is cold);
2. **warm scan** (``debt-explorer scan REPO``, result cache hit), this tree against ``--base`` (a checkout of
   the commit before the coupling trend and report sections, e.g. ``git archive 916ee2c | tar -x -C DIR``),
   alternating, median of ``--repeat`` each: their ratio should be ~1;
3. in one process over the warm result, median of ``--repeat``: the Coupling tab's background work over the
   whole history and over the hotspot window (``report_with_trend``: pairs, soc, test gaps and the per-period
   trend of the 5 strongest pairs), the trend alone, and the report's two new sections (``render_markdown``
   and ``render_html`` of the whole report);
4. the reference, ``git log --numstat -M --format=%H HEAD`` (what reading the history costs), median of
   ``--repeat``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPHINX = "/work/.mirror/sphinx-doc+sphinx/repo"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def scan_command(tree: Path, repo: str, cache: str) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, PYTHONPATH=str(tree), DEBT_EXPLORER_CACHE_DIR=cache)
    return [sys.executable, "-c", "import sys; from debt_explorer.cli import main; sys.exit(main(sys.argv[1:]))",
            "scan", repo, "--quiet"], env


def median_of(repeat: int, work) -> tuple[float, object]:  # noqa: ANN001
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", default=SPHINX)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--base", type=Path, default=None, help="a checkout of the base commit (warm-scan reference)")
    parser.add_argument("--cache", default=None, help="cache folder (default: a new temporary one)")
    args = parser.parse_args()
    cache = args.cache or tempfile.mkdtemp(prefix="coupling-bench-")
    os.environ["DEBT_EXPLORER_CACHE_DIR"] = cache
    command, env = scan_command(ROOT, args.repo, cache)
    first = timed(command, env)
    print(f"# {args.repo}\n\nfirst scan (fills {cache}): {first:.1f} s")

    warm: dict[str, list[float]] = {"this tree": [], "base": []}
    for _ in range(args.repeat):
        warm["this tree"].append(timed(command, env))
        if args.base is not None:
            base_command, base_env = scan_command(args.base, args.repo, cache)
            warm["base"].append(timed(base_command, base_env))

    sys.path.insert(0, str(ROOT))
    from debt_explorer.core.coupling import CouplingOptions
    from debt_explorer.core.coupling_report import coupling_report
    from debt_explorer.core.coupling_trend import report_trend, report_with_trend
    from debt_explorer.core.gitsafe import run_git
    from debt_explorer.core.options import ScanOptions
    from debt_explorer.core.report import render_html, render_markdown
    from debt_explorer.core.scan import run_scan

    generator = run_scan(args.repo, ScanOptions())
    try:
        while True:
            next(generator)
    except StopIteration as stop:
        result = stop.value
    options = CouplingOptions()
    history = coupling_report(result, options, "history")
    rows = [
        ("Coupling tab, whole history (pairs, soc, test gaps + trend of 5)",
         median_of(args.repeat, lambda: report_with_trend(result, options, "history"))[0]),
        ("Coupling tab, hotspot window (same)",
         median_of(args.repeat, lambda: report_with_trend(result, options, "window"))[0]),
        ("trend of the 5 strongest pairs alone (whole history)",
         median_of(args.repeat, lambda: report_trend(result, history))[0]),
        ("Markdown report (with the coupling and bug-fix sections)",
         median_of(args.repeat, lambda: render_markdown(result, None))[0]),
        ("HTML report (same)", median_of(args.repeat, lambda: render_html(result, None))[0]),
        ("reference: git log --numstat -M --format=%H HEAD",
         median_of(args.repeat, lambda: run_git(args.repo, ["log", "--numstat", "-M", "--format=%H", "HEAD"]))[0]),
    ]
    print(f"\n{len(result.commits):,} commits, {len(result.periods)} periods, {len(history.pairs)} pairs over the "
          f"whole history; medians of {args.repeat}\n")
    print("| step | time |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} s |")
    med = statistics.median
    print(f"\nwarm scan, this tree: {med(warm['this tree']):.2f} s (runs: "
          f"{', '.join(f'{t:.2f}' for t in warm['this tree'])})")
    if warm["base"]:
        print(f"warm scan, base: {med(warm['base']):.2f} s (runs: {', '.join(f'{t:.2f}' for t in warm['base'])}); "
              f"ratio this / base {med(warm['this tree']) / med(warm['base']):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
