"""Time cold, warm and incremental scans, with peak memory, against the peers' way of doing the same work.

    python benchmarks/scan_bench.py                       # a generated 10,000-commit repo
    python benchmarks/scan_bench.py PATH [--incremental 100] [--peer-sample 6] [--jobs 2]

* cold: empty cache, full history, churn for every commit, complexity for every
  file at every quarter end (``--no-lines --no-ai``: without line provenance
  and AI attribution, i.e. the work the peers below do, churn and complexity);
* warm: the same scan again (nothing new);
* incremental: a cold scan of ``REV~N`` (first-parent), then a scan of REV, so
  the second one reads only the commits in between;
* PyDriller's way (``--pydriller-sample N``): every non-merge commit, each
  modified file measured -- radon (cc, mi, raw) for ``.py``, lizard for the
  languages lizard reads (``--pydriller-lizard``: what a PyDriller user does on
  a TypeScript, Rust, Go or Java history) -- timed on N commits spread over the
  history and extrapolated to all of them;
* peers: wily's way -- check out each quarter-end revision into a scratch
  clone (never the analysed repo) and run radon (cc, mi, raw) over every
  Python file -- timed on ``--peer-sample`` evenly spaced quarter ends and
  extrapolated linearly to all of them.  The ratio printed is
  extrapolated-peer-time / our cold time.

Each scan runs in a fresh subprocess, so peak memory (ru_maxrss of the scan
process and of its metric workers) is that scan's own.
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
sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, resource, sys, time
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
args = json.loads(sys.argv[1])
start = time.perf_counter()
gen = run_scan(args["repo"], ScanOptions(rev=args["rev"], cache_dir=args["cache"], use_cache=args["use_cache"],
                                           jobs=args["jobs"], ai=args["ai"], lines=args["lines"]))
try:
    while True:
        next(gen)
except StopIteration as stop:
    result = stop.value
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_mib": own / 1024, "worker_rss_mib": kids / 1024,
                  "commits": result.repo.commits_scanned, "files": len(result.files),
                  "periods": len(result.periods), "commits_read": result.stats.commits_read,
                  "blobs_analysed": result.stats.blobs_analysed, "blobs_cached": result.stats.blobs_from_cache,
                  "phases": result.stats.phase_seconds, "skipped": len(result.skipped)}))
"""


def timed_scan(repo: str, rev: str, cache: str | None, jobs: int, ai: bool, lines: bool = True) -> dict:
    payload = json.dumps({"repo": repo, "rev": rev, "cache": cache, "use_cache": cache is not None,
                          "jobs": jobs, "ai": ai, "lines": lines})
    proc = subprocess.run([sys.executable, "-c", _CHILD, payload], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode != 0:
        raise SystemExit(f"scan failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout


def peer_quarter_ends(repo: str, rev: str) -> list[str]:
    """First-parent commit at each quarter end (the revisions a per-period peer would analyse)."""
    from debt_explorer.core.trends import period_of

    chain = [line.split() for line in git(repo, "log", "--first-parent", "--format=%H %ct", rev).splitlines()]
    ends: dict[str, str] = {}
    for sha, stamp in chain:  # newest first: the first seen per quarter is its last commit
        ends.setdefault(period_of(int(stamp)).label, sha)
    return [ends[label] for label in sorted(ends)]


def peer_time(repo: str, revisions: list[str], sample: int) -> tuple[float, int]:
    """wily-style: checkout each sampled revision in a scratch clone and run radon on every .py file."""
    from radon.complexity import cc_visit
    from radon.metrics import mi_visit
    from radon.raw import analyze

    if not revisions:
        return 0.0, 0
    step = max(1, len(revisions) // max(sample, 1))
    picked = revisions[::step][:sample]
    scratch = tempfile.mkdtemp(prefix="peer-")
    try:
        subprocess.run(["git", "clone", "-q", "--no-checkout", repo, scratch], check=True)
        total = 0.0
        for sha in picked:
            start = time.perf_counter()
            subprocess.run(["git", "-C", scratch, "checkout", "-q", "-f", sha], check=True)
            for path in Path(scratch).rglob("*.py"):
                if ".git" in path.parts:
                    continue
                try:
                    text = path.read_text(encoding="utf-8")
                except (UnicodeDecodeError, OSError):
                    continue
                try:
                    cc_visit(text)
                    mi_visit(text, True)
                    analyze(text)
                except Exception:
                    pass
            total += time.perf_counter() - start
        return total, len(picked)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _lizard_measure(path: str, text: str) -> None:
    import lizard

    try:
        lizard.analyze_file.analyze_source_code(path, text)
    except Exception:  # what lizard cannot read (an IndexError in its TypeScript states), a PyDriller user skips
        pass


def pydriller_time(repo: str, rev: str, sample: int, use_lizard: bool = False) -> tuple[float, int, int] | None:
    """PyDriller's way: every commit, radon on every modified Python file (``use_lizard``: lizard on every
    modified file of a language lizard reads, as for non-Python code).  Timed on ``sample`` commits
    spread over the history (in a scratch clone: PyDriller writes to the repository's config), extrapolated.
    Returns (seconds for the sample, sampled commits, all commits), or None without PyDriller installed."""
    try:
        from pydriller import Repository
    except ImportError:
        return None
    from radon.complexity import cc_visit
    from radon.metrics import mi_visit
    from radon.raw import analyze

    shas = git(repo, "rev-list", "--no-merges", rev).split()
    picked = shas[::max(1, len(shas) // max(sample, 1))][:sample]
    scratch = tempfile.mkdtemp(prefix="pydriller-")
    try:
        subprocess.run(["git", "clone", "-q", "--no-checkout", repo, scratch], check=True)
        start = time.perf_counter()
        import lizard

        for commit in Repository(scratch, only_commits=picked).traverse_commits():
            for modified in commit.modified_files:
                if modified.source_code is None:
                    continue
                if use_lizard:
                    if lizard.get_reader_for(modified.filename) is not None and len(modified.source_code) < 1_000_000:
                        _lizard_measure(modified.filename, modified.source_code)
                    continue
                if not modified.filename.endswith(".py"):
                    continue
                try:
                    cc_visit(modified.source_code)
                    mi_visit(modified.source_code, True)
                    analyze(modified.source_code)
                except Exception:
                    pass
        return time.perf_counter() - start, len(picked), len(shas)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", help="repository to scan (default: a generated one)")
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--commits", type=int, default=10_000, help="size of the generated repo")
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--incremental", type=int, default=100, help="first-parent commits for the incremental scan")
    parser.add_argument("--peer-sample", type=int, default=4, help="quarter ends the peer is timed on (0: skip)")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--pydriller-sample", type=int, default=0,
                        help="non-merge commits PyDriller (+ radon) is timed on, if installed (0: skip)")
    parser.add_argument("--pydriller-lizard", action="store_true",
                        help="PyDriller + lizard on every modified file lizard reads (non-Python histories)")
    parser.add_argument("--no-ai", action="store_true")
    parser.add_argument("--no-lines", action="store_true",
                        help="no line provenance (with --no-ai: the peers' work -- churn and complexity -- alone)")
    parser.add_argument("--json", help="write the figures here as JSON")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="scan-bench-")
    repo = args.repo
    if repo is None:
        from debt_explorer.core.synthetic import generate_history

        start = time.perf_counter()
        generated = generate_history(os.path.join(workdir, "synthetic"), commits=args.commits, files=args.files,
                                     checkout=False)
        repo = str(generated.path)
        print(f"generated {args.commits} commits x {args.files} files in {time.perf_counter() - start:.1f} s")
    ai, lines = not args.no_ai, not args.no_lines
    figures: dict[str, object] = {"repo": repo}
    cache = os.path.join(workdir, "cache")
    cold = timed_scan(repo, args.rev, cache, args.jobs, ai, lines)
    figures["cold"] = cold
    print(f"cold:        {cold['seconds']:7.2f} s  peak {cold['rss_mib']:.0f} MiB (+ workers {cold['worker_rss_mib']:.0f} MiB)"
          f"  {cold['commits']} commits, {cold['files']} files, {cold['periods']} periods,"
          f" {cold['blobs_analysed']} blobs measured  phases {json.dumps({k: round(v, 2) for k, v in cold['phases'].items()})}")
    warm = timed_scan(repo, args.rev, cache, args.jobs, ai, lines)
    figures["warm"] = warm
    print(f"warm:        {warm['seconds']:7.2f} s  peak {warm['rss_mib']:.0f} MiB  commits read {warm['commits_read']},"
          f" blobs measured {warm['blobs_analysed']}")
    if args.incremental:
        base = f"{args.rev}~{args.incremental}"
        inc_cache = os.path.join(workdir, "cache-inc")
        timed_scan(repo, base, inc_cache, args.jobs, ai, lines)
        new = int(git(repo, "rev-list", "--count", f"{base}..{args.rev}").strip())
        inc = timed_scan(repo, args.rev, inc_cache, args.jobs, ai, lines)
        figures["incremental"] = {**inc, "new_commits": new}
        print(f"incremental: {inc['seconds']:7.2f} s  after {new} new commits: read {inc['commits_read']},"
              f" blobs measured {inc['blobs_analysed']}")
    if args.peer_sample:
        revisions = peer_quarter_ends(repo, args.rev)
        spent, sampled = peer_time(repo, revisions, args.peer_sample)
        estimate = spent / max(sampled, 1) * len(revisions)
        figures["peer"] = {"sampled": sampled, "quarters": len(revisions), "sample_seconds": spent,
                           "estimated_seconds": estimate, "ratio": estimate / cold["seconds"]}
        print(f"peer (checkout + radon per quarter end): {spent:.1f} s for {sampled} of {len(revisions)} quarter ends"
              f" -> ~{estimate:.0f} s for all; ours is {estimate / cold['seconds']:.0f}x faster"
              " (and the peer computes no churn)")
    if args.pydriller_sample:
        measured = pydriller_time(repo, args.rev, args.pydriller_sample, args.pydriller_lizard)
        if measured is None:
            print("pydriller: not installed (pip install pydriller) -- skipped")
        else:
            spent, sampled, total = measured
            estimate = spent / max(sampled, 1) * total
            figures["pydriller"] = {"sampled": sampled, "commits": total, "sample_seconds": spent,
                                    "estimated_seconds": estimate, "ratio": estimate / cold["seconds"]}
            what = "lizard on each modified file lizard reads" if args.pydriller_lizard else "radon on each modified .py file"
            print(f"peer (PyDriller + {what}): {spent:.1f} s for {sampled} of {total} commits"
                  f" -> ~{estimate:.0f} s for all; ours is {estimate / cold['seconds']:.0f}x faster")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
