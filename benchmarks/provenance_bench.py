"""What line provenance costs in a scan, and the peer git-of-theseus on the same repositories.

    python benchmarks/provenance_bench.py scan [REPO] [--jobs 2] [--incremental 100]
    python benchmarks/provenance_bench.py pair [REPO] [--rounds 2]
    python benchmarks/provenance_bench.py theseus [REPO ...]

``scan`` (default: the sphinx mirror), each scan in a fresh subprocess so peak
memory (ru_maxrss of the scan process; the metric workers separately) is its own:

* cold without line provenance (``ScanOptions(lines=False)``), empty cache (``pair``: alternating with and
  without, ``--rounds`` times, medians of wall and CPU time — CPU time of the scan process and its git processes
  (not the metric workers, children of a fork server) is less at the mercy of other load on the machine);
* cold with it, empty cache (the pass runs on a thread, overlapping the metric workers);
* warm: the same scan again (nothing new);
* +N commits: a cold scan of ``HEAD~N`` (first parent) into a new cache, then
  a scan of HEAD, which continues the stored line state over the N commits.

``theseus``: ``git-of-theseus-analyze`` (cohorts by sampled ``git blame``,
its defaults) on a scratch clone of each repository (it needs a work tree),
against our forward pass alone (``trace``) and a whole cold scan.  Install the
peer yourself (``pip install git-of-theseus``); it is no dependency.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPHINX = "/work/.mirror/sphinx-doc+sphinx/repo"
PEERS = ["/work/.mirror/pallets+flask/repo", "/work/.mirror/psf+requests/repo"]

_CHILD = r"""
import json, resource, sys, time
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
args = json.loads(sys.argv[1])
start = time.perf_counter()
gen = run_scan(args["repo"], ScanOptions(rev=args["rev"], cache_dir=args["cache"], use_cache=args["cache"] is not None,
                                           jobs=args["jobs"], lines=args["lines"]))
try:
    while True:
        next(gen)
except StopIteration as stop:
    result = stop.value
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "commits": result.repo.commits_scanned, "phases": result.stats.phase_seconds}))
"""

_TRACE = r"""
import json, resource, sys, time
from debt_explorer.core.gitsafe import run_git
from debt_explorer.core.provenance.engine import run_to_end, trace
repo = sys.argv[1]
head = run_git(repo, ["rev-parse", "HEAD"]).decode().strip()
start = time.perf_counter()
prov = run_to_end(trace(repo, head))
print(json.dumps({"seconds": time.perf_counter() - start, "files": len(prov.final),
                  "lines": int(sum(len(a) for a in prov.final.values())),
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode != 0:
        raise SystemExit(f"failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def scan(repo: str, rev: str, cache: str | None, jobs: int, lines: bool) -> dict:
    return child(_CHILD, json.dumps({"repo": repo, "rev": rev, "cache": cache, "jobs": jobs, "lines": lines}))


def show(label: str, run: dict) -> None:
    phases = run.get("phases", {})
    print(f"{label:<34} {run['seconds']:7.1f} s  cpu {run.get('cpu', 0):7.1f} s  rss {run['rss_mib']:6.0f} MiB  workers {run.get('worker_rss_mib', 0):5.0f}"
          f" MiB  provenance {phases.get('provenance', 0):6.1f} s  figures {phases.get('provenance figures', 0):4.1f} s",
          flush=True)


def bench_scan(repo: str, jobs: int, incremental: int) -> None:
    first_parent = subprocess.run(["git", "-C", repo, "rev-parse", f"HEAD~{incremental}"], capture_output=True,
                                  text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="provbench-") as scratch:
        without = scan(repo, "HEAD", os.path.join(scratch, "a"), jobs, False)
        show("cold, without line provenance", without)
        cold = scan(repo, "HEAD", os.path.join(scratch, "b"), jobs, True)
        show("cold, with line provenance", cold)
        warm = scan(repo, "HEAD", os.path.join(scratch, "b"), jobs, True)
        show("warm", warm)
        shutil.rmtree(os.path.join(scratch, "b"))
        base = scan(repo, first_parent, os.path.join(scratch, "c"), jobs, True)
        show(f"cold at HEAD~{incremental}", base)
        step = scan(repo, "HEAD", os.path.join(scratch, "c"), jobs, True)
        show(f"+{incremental} commits", step)
    print(f"cold with / without: {cold['seconds'] / without['seconds']:.2f}x "
          f"(+{cold['seconds'] - without['seconds']:.1f} s; the pass itself {cold['phases'].get('provenance', 0):.1f} s "
          f"on its thread)")


def bench_pair(repo: str, jobs: int, rounds: int) -> None:
    """Cold scans without and with line provenance, alternating, so machine load hits both alike."""
    import statistics

    walls: dict[bool, list[float]] = {False: [], True: []}
    cpus: dict[bool, list[float]] = {False: [], True: []}
    with tempfile.TemporaryDirectory(prefix="provpair-") as scratch:
        for round_ in range(rounds):
            for lines in (False, True) if round_ % 2 == 0 else (True, False):
                run = scan(repo, "HEAD", os.path.join(scratch, f"{round_}-{lines}"), jobs, lines)
                show(f"cold, {'with' if lines else 'without'} line provenance", run)
                walls[lines].append(run["seconds"])
                cpus[lines].append(run["cpu"])
    wall = statistics.median(walls[True]) / statistics.median(walls[False])
    cpu = statistics.median(cpus[True]) / statistics.median(cpus[False])
    print(f"median wall with / without: {wall:.2f}x; median CPU (scan process + its git processes; the metric "
          f"workers, children of a fork server, are not counted) with / without: {cpu:.2f}x, "
          f"+{statistics.median(cpus[True]) - statistics.median(cpus[False]):.1f} s")


def bench_theseus(repos: list[str]) -> None:
    exe = shutil.which("git-of-theseus-analyze") or str(Path(sys.executable).parent / "git-of-theseus-analyze")
    if not os.path.exists(exe):
        raise SystemExit("git-of-theseus is not installed (pip install git-of-theseus)")
    for repo in repos:
        ours = child(_TRACE, repo)
        with tempfile.TemporaryDirectory(prefix="theseus-") as scratch:
            clone = os.path.join(scratch, "clone")
            subprocess.run(["git", "clone", "-q", repo, clone], check=True)
            out = os.path.join(scratch, "out")
            start = time.perf_counter()
            subprocess.run([exe, "--outdir", out, clone], check=True, capture_output=True)
            peer = time.perf_counter() - start
        print(f"{repo}: git-of-theseus {peer:.1f} s, our pass {ours['seconds']:.1f} s "
              f"({peer / ours['seconds']:.1f}x faster; {ours['files']} files, {ours['lines']} lines with their "
              f"exact origin commit, peak {ours['rss_mib']:.0f} MiB)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("scan", "pair", "theseus"))
    parser.add_argument("repos", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--incremental", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.what == "scan":
        bench_scan(args.repos[0] if args.repos else SPHINX, args.jobs, args.incremental)
    elif args.what == "pair":
        bench_pair(args.repos[0] if args.repos else SPHINX, args.jobs, args.rounds)
    else:
        bench_theseus(args.repos or PEERS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
