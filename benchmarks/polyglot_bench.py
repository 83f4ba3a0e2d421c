"""Cold scans of real polyglot repositories, per phase, against ``git log --numstat -M`` in the same run.

    python benchmarks/polyglot_bench.py REPO [REPO ...] [--jobs 2] [--rounds 1] [--warm]
    python benchmarks/polyglot_bench.py REPO --compare /tmp/old-checkout   # before/after, run alternately

For every repository and round:

* ``git log --numstat -M`` over the whole history (output read and thrown
  away): the reference, so machine noise cancels in the ratio;
* a cold scan (empty cache, fresh subprocess) with the phase times the scan
  records: open, snapshots (tree listing), metrics (every distinct blob at
  every period end), history (``git log --numstat`` parsing, overlapped with
  metrics on its own thread), attribution (AI), aggregate;
* with ``--warm``, the same scan again on the filled cache.

With ``--jobs 1`` all metric work runs in the scan process, so the printed
``cpu`` (user + system time of the scan and of every git process it waited
for) is the scan's whole CPU cost: a figure the machine's load barely moves.

``--compare ROOT`` runs the same scans with the package found under ``ROOT``
(e.g. ``git archive <old commit> | tar -x -C ROOT``), alternating old and new
per round, so before/after figures share the machine's conditions.  Medians
are printed at the end; ``--json`` keeps all figures.

Repositories used for docs/performance.md (public; fetched as bare mirrors,
none of their files is committed here): vuejs/core (TypeScript),
helix-editor/helix and nushell/nushell (Rust), junegunn/fzf (Go), google/gson
(Java), sphinx-doc/sphinx (Python).
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
args = json.loads(sys.argv[1])
start = time.perf_counter()
first_head = None
gen = run_scan(args["repo"], ScanOptions(cache_dir=args["cache"], jobs=args["jobs"], ai=args["ai"]))
try:
    while True:
        progress = next(gen)
        if first_head is None and getattr(progress, "partial", None) is not None:
            first_head = time.perf_counter() - start
except StopIteration as stop:
    result = stop.value
seconds = time.perf_counter() - start
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "cpu": cpu,
                  "commits": result.repo.commits_scanned, "files": len(result.files),
                  "blobs_analysed": result.stats.blobs_analysed, "first_head": first_head,
                  "phases": dict(result.stats.phase_seconds)}))
"""


def reference_seconds(repo: str) -> float:
    """Wall time of ``git log --numstat -M`` over the whole history, output read and discarded."""
    start = time.perf_counter()
    with subprocess.Popen(["git", "-C", repo, "log", "--numstat", "-M", "--format=%H", "HEAD"],
                          stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        while proc.stdout.read(1 << 20):
            pass
    return time.perf_counter() - start


def scan_once(root: Path, repo: str, cache: str, jobs: int, ai: bool) -> dict:
    payload = json.dumps({"repo": repo, "cache": cache, "jobs": jobs, "ai": ai})
    proc = subprocess.run([sys.executable, "-c", _CHILD, payload], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(root)}, cwd=tempfile.gettempdir())
    if proc.returncode != 0:
        raise SystemExit(f"scan of {repo} with {root} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def describe(label: str, scan: dict, ref: float) -> str:
    phases = " ".join(f"{name} {seconds:.1f}" for name, seconds in scan["phases"].items())
    head = f" first HEAD view {scan['first_head']:.1f} s" if scan.get("first_head") else ""
    cpu = f" cpu {scan['cpu']:.1f} s |" if "cpu" in scan else ""
    return (f"  {label:<6} {scan['seconds']:7.1f} s = {scan['seconds'] / ref:5.1f}x git log |{cpu}"
            f" {scan['blobs_analysed']} blobs, {scan['commits']} commits, peak {scan['rss_mib']:.0f} MiB |"
            f" {phases}{head}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--compare", help="another checkout of the package to time alternately (before/after)")
    parser.add_argument("--warm", action="store_true", help="also time a warm scan")
    parser.add_argument("--no-ai", action="store_true")
    parser.add_argument("--json", help="write all figures here")
    args = parser.parse_args()

    roots = {"new": ROOT}
    if args.compare:
        roots = {"old": Path(args.compare).resolve(), "new": ROOT}
    figures: dict[str, dict] = {}
    for repo in args.repos:
        name = Path(repo.rstrip("/")).name if not repo.rstrip("/").endswith("/repo") else Path(repo).parent.name
        print(f"{name}:")
        runs: dict[str, list] = {label: [] for label in roots}
        refs: list[float] = []
        for round_index in range(args.rounds):
            order = list(roots.items())
            if round_index % 2:
                order.reverse()
            for label, root in order:
                ref = reference_seconds(repo)
                refs.append(ref)
                workdir = tempfile.mkdtemp(prefix="polyglot-bench-")
                try:
                    cold = scan_once(root, repo, workdir, args.jobs, not args.no_ai)
                    print(f"  git log --numstat -M: {ref:.1f} s")
                    print(describe(label, cold, ref))
                    entry = {"reference": ref, "cold": cold}
                    if args.warm:
                        warm = scan_once(root, repo, workdir, args.jobs, not args.no_ai)
                        print(f"  {label:<6} warm {warm['seconds']:.2f} s")
                        entry["warm"] = warm
                    runs[label].append(entry)
                finally:
                    shutil.rmtree(workdir, ignore_errors=True)
        summary = {}
        for label, entries in runs.items():
            ratios = [e["cold"]["seconds"] / e["reference"] for e in entries]
            summary[label] = {"median_seconds": statistics.median(e["cold"]["seconds"] for e in entries),
                              "median_ratio": statistics.median(ratios)}
            print(f"  median {label}: {summary[label]['median_seconds']:.1f} s,"
                  f" {summary[label]['median_ratio']:.1f}x git log --numstat -M")
        figures[name] = {"runs": runs, "summary": summary, "reference_median": statistics.median(refs)}
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
