"""+N commits on a real repository, per phase, this checkout against another, alternating.

    python benchmarks/incremental_bench.py [REPO] [--commits 100] [--rounds 3] [--compare /tmp/old-checkout]
                                           [--keep DIR]

"+N commits" (issue 12): a cold scan of ``HEAD~N`` (first parent) into a new cache, then a scan of HEAD with
that cache; the second scan is what is timed.  The base cache is built once per checkout (each writes what it
caches), copied afresh before every timed scan, and the checkouts take turns, so machine load hits both alike.
Each scan runs in a fresh subprocess with ``PYTHONPATH`` set to its checkout.  ``--keep DIR`` keeps (and
reuses) the base caches in DIR.  Prints every run, then per-phase medians and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPHINX = "/work/.mirror/sphinx-doc+sphinx/repo"

_CHILD = r"""
import json, sys, time
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
args = json.loads(sys.argv[1])
start = time.perf_counter()
gen = run_scan(args["repo"], ScanOptions(rev=args["rev"], cache_dir=args["cache"], jobs=args["jobs"]))
try:
    while True:
        next(gen)
except StopIteration as stop:
    result = stop.value
print(json.dumps({"seconds": time.perf_counter() - start, "phases": result.stats.phase_seconds,
                  "blobs_analysed": result.stats.blobs_analysed, "commits_read": result.stats.commits_read}))
"""


def scan(checkout: Path, repo: str, rev: str, cache: str, jobs: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, json.dumps({"repo": repo, "rev": rev, "cache": cache,
                                                                       "jobs": jobs})],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(checkout)},
                          cwd=checkout)  # ``python -c`` puts the working folder first on sys.path
    if proc.returncode != 0:
        raise SystemExit(f"scan failed ({checkout}):\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", default=SPHINX)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compare", help="another checkout of the project (git archive <commit> | tar -x -C DIR)")
    parser.add_argument("--keep", help="keep and reuse the base caches in this folder")
    args = parser.parse_args()
    base_rev = subprocess.run(["git", "-C", args.repo, "rev-parse", f"HEAD~{args.commits}"], capture_output=True,
                              text=True, check=True).stdout.strip()
    sides = {"new": ROOT}
    if args.compare:
        sides["old"] = Path(args.compare).resolve()
    scratch = args.keep or tempfile.mkdtemp(prefix="incrbench-")
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    try:
        for name, checkout in sides.items():
            base = os.path.join(scratch, f"base-{name}")
            if not os.path.isdir(base):
                built = scan(checkout, args.repo, base_rev, base, args.jobs)
                print(f"{name}: cold at HEAD~{args.commits} {built['seconds']:.1f} s", flush=True)
        for round_ in range(args.rounds):
            order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
            for name in order:
                work = os.path.join(scratch, f"run-{name}")
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(os.path.join(scratch, f"base-{name}"), work)
                run = scan(sides[name], args.repo, "HEAD", work, args.jobs)
                runs[name].append(run)
                phases = ", ".join(f"{k} {v:.2f}" for k, v in run["phases"].items() if v >= 0.005)
                print(f"{name}: +{args.commits} commits {run['seconds']:.2f} s ({phases}; "
                      f"{run['blobs_analysed']} blobs measured, {run['commits_read']} commits read)", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    medians = {name: statistics.median(r["seconds"] for r in rs) for name, rs in runs.items()}
    phases = sorted({k for rs in runs.values() for r in rs for k in r["phases"]})
    print(f"\nmedians of {args.rounds} (seconds)" + "".join(f"  {name:>8}" for name in sides))
    for phase in ["total", *phases]:
        cells = []
        for name in sides:
            values = [r["seconds"] if phase == "total" else r["phases"].get(phase, 0.0) for r in runs[name]]
            cells.append(f"  {statistics.median(values):8.2f}")
        print(f"{phase:<28}" + "".join(cells))
    if "old" in medians:
        print(f"new / old: {medians['new'] / medians['old']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
