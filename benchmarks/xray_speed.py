"""Time X-Ray of a repository's top 20 hotspot files, cold, against ``git log`` of the same files.

    python benchmarks/xray_speed.py [REPO] [--repeat 3] [--before REV] [--top 20]

Each timed run is a fresh process (nothing memoised) without a metric cache (every blob X-Ray needs is
measured); the scan itself comes from the result cache and is not timed.  ``--before REV`` also times the
X-Ray of an earlier version of this project (its ``debt_explorer`` package taken with ``git archive`` from
this repository), e.g. the name-based X-Ray that parsed every revision.  In the same run, interleaved with
the X-Ray runs, the reference: ``git log --format=%H -- PATH`` of each of the same files (one process per
file, as X-Ray runs one walk per file).  Medians and ratios are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPHINX = "/work/.mirror/sphinx-doc+sphinx/repo"


def worker(repo: str, top: int) -> None:
    """One cold X-Ray of the top hotspot files, with the package found first on sys.path."""
    from debt_explorer.core.drive import run_to_end
    from debt_explorer.core.options import ScanOptions
    from debt_explorer.core.scan import run_scan
    from debt_explorer.core.xray import run_xray, top_hotspot_paths

    result = run_to_end(run_scan(repo, ScanOptions(ai=False)))
    paths = top_hotspot_paths(result, top)
    start = time.perf_counter()
    xrays = run_to_end(run_xray(result, paths))
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "paths": paths, "revisions": sum(x.revisions for x in xrays.values()),
                      "functions": sum(len(x.functions) for x in xrays.values())}))


def run_worker(source: Path, repo: str, top: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(source))
    proc = subprocess.run([sys.executable, __file__, repo, "--worker", "--top", str(top)], capture_output=True,
                          text=True, env=env, check=True, cwd=source)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def reference(repo: str, paths: list[str]) -> float:
    start = time.perf_counter()
    for path in paths:
        subprocess.run(["git", "-C", repo, "log", "--format=%H", "--", path], capture_output=True, check=True)
    return time.perf_counter() - start


def export(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "debt_explorer"],
                             capture_output=True, check=True).stdout
    tar_path = into / "before.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(into / "before", filter="data")
    return into / "before"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", default=SPHINX)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--before", metavar="REV", help="also time this project's X-Ray at REV")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.repo, args.top)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        variants = {"after": ROOT}
        if args.before:
            variants = {"before": export(args.before, Path(scratch)), **variants}
        times: dict[str, list[float]] = {name: [] for name in (*variants, "reference")}
        info: dict[str, dict] = {}
        for _ in range(args.repeat):
            for name, source in variants.items():
                info[name] = run_worker(source, args.repo, args.top)
                times[name].append(info[name]["seconds"])
                print(f"{name}: {info[name]['seconds']:.1f} s", file=sys.stderr)
            times["reference"].append(reference(args.repo, info["after"]["paths"]))
    med = {name: statistics.median(values) for name, values in times.items()}
    after = info["after"]
    print(f"X-Ray of the top {len(after['paths'])} hotspot files of {args.repo} ({after['revisions']} file "
          f"revisions, {after['functions']} functions), cold, median of {args.repeat}:")
    for name in variants:
        print(f"  {name}: {med[name]:.1f} s ({med[name] / med['reference']:.1f}x the reference)"
              + (f"; {info[name]['revisions']} file revisions" if name != "after" else ""))
    print(f"  reference `git log --format=%H -- PATH` of the same files: {med['reference']:.1f} s")
    if "before" in med:
        print(f"  speed-up: {med['before'] / med['after']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
