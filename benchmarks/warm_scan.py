"""Warm scan speed: the same scan again on a filled cache, this checkout against another one, alternating.

    python benchmarks/warm_scan.py REPO [REPO ...] [--compare OLD_CHECKOUT] [--cache-root DIR] [--rounds 5]

For each REPO a cache folder ``<cache-root>/<name>`` is filled once per checkout by an untimed scan (a cold
scan the first time: ~90 s for sphinx on 2 cores; later runs reuse the folder, each checkout finds its own
result file since the format version is part of the key).  Then, ``--rounds`` times, each checkout runs in
a fresh Python process that imports it and times ``run_scan(repo, ScanOptions(cache_dir=...))`` in process:
the first call ("fresh": what ``debt-explorer scan`` pays after start-up) and two more ("repeat").  The
checkouts alternate, so machine noise hits both alike; medians and the ratio new / old are printed.

A run that did not come from the result cache is reported as a miss (the figure would be meaningless).
Make an old checkout with e.g. ``git -C /work/main archive HEAD | tar -x -C /tmp/warm-old``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # each worker imports its own checkout

_WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
import debt_explorer
assert debt_explorer.__file__.startswith(sys.argv[1]), debt_explorer.__file__

def scan():
    generator = run_scan(sys.argv[2], ScanOptions(cache_dir=sys.argv[3]))
    try:
        while True:
            next(generator)
    except StopIteration as stop:
        return stop.value

times, hits = [], []
for _ in range(int(sys.argv[4])):
    started = time.perf_counter()
    result = scan()
    times.append(time.perf_counter() - started)
    hits.append(set(result.stats.phase_seconds) == {"result cache"})
print(json.dumps({"times": times, "hits": hits, "commits": result.repo.commits_scanned}))
"""


def _run(checkout: Path, repo: str, cache: Path, calls: int) -> dict:
    done = subprocess.run([sys.executable, "-c", _WORKER, str(checkout), repo, str(cache), str(calls)],
                          capture_output=True, text=True, check=True, env=_ENV)
    return json.loads(done.stdout.splitlines()[-1])


def _fmt(seconds: list[float]) -> str:
    return f"{statistics.median(seconds):.3f} s (min {min(seconds):.3f}, max {max(seconds):.3f}, n={len(seconds)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--compare", type=Path, help="another checkout of Debt Explorer (the reference)")
    parser.add_argument("--cache-root", type=Path, default=Path(tempfile.gettempdir()) / "debt-explorer-warm")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    checkouts = {"new": ROOT}
    if args.compare:
        checkouts = {"old": args.compare.resolve(), "new": ROOT}
    for repo in args.repos:
        cache = args.cache_root / Path(repo.rstrip("/")).parent.name.replace("/", "+")
        if Path(repo.rstrip("/")).name != "repo":
            cache = args.cache_root / Path(repo.rstrip("/")).name
        for checkout in checkouts.values():  # fill: a cold scan the first time, else already a warm one
            _run(checkout, repo, cache, 1)
        fresh: dict[str, list[float]] = {name: [] for name in checkouts}
        repeat: dict[str, list[float]] = {name: [] for name in checkouts}
        misses = 0
        commits = 0
        for _ in range(args.rounds):
            for name, checkout in checkouts.items():
                got = _run(checkout, repo, cache, 3)
                misses += got["hits"].count(False)
                commits = got["commits"]
                fresh[name].append(got["times"][0])
                repeat[name].extend(got["times"][1:])
        print(f"{repo} ({commits:,} commits), cache {cache}" + (f", {misses} MISSES" if misses else ""))
        for name in checkouts:
            print(f"  {name}: fresh process {_fmt(fresh[name])}; repeat {_fmt(repeat[name])}")
        if "old" in checkouts:
            print(f"  ratio new/old: fresh {statistics.median(fresh['new']) / statistics.median(fresh['old']):.2f}, "
                  f"repeat {statistics.median(repeat['new']) / statistics.median(repeat['old']):.2f}")


if __name__ == "__main__":
    main()
