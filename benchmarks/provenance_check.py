"""Agreement of line provenance with ``git blame --porcelain``, line by line, on real repositories.

    python benchmarks/provenance_check.py [REPO ...] [--files 30] [--seed 1]

For each repository (default: the flask, requests and sphinx mirrors): one
forward pass to HEAD (no cache), then ``--files`` code files drawn at random
(seeded) from the files the pass follows at HEAD, each compared with
``git blame --porcelain HEAD -- path`` run with the same pinned diff options
(Myers, indent heuristic, no ignore-revs file).  Prints the share of lines
with the same origin commit, per repository and overall, and every differing
line grouped by kind, so each kind can be explained (docs/provenance.md).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from debt_explorer.core.blame import parse_porcelain  # noqa: E402
from debt_explorer.core.gitsafe import run_git  # noqa: E402
from debt_explorer.core.options import ScanOptions  # noqa: E402
from debt_explorer.core.provenance.engine import run_to_end, trace  # noqa: E402
from debt_explorer.core.provenance.runner import track_for  # noqa: E402
from debt_explorer.core.provenance.stream import PINNED_CONFIG  # noqa: E402

MIRRORS = ["/work/.mirror/pallets+flask/repo", "/work/.mirror/psf+requests/repo",
           "/work/.mirror/sphinx-doc+sphinx/repo"]


def blame(repo: str, path: str) -> list[tuple[str, str]]:
    config: list[str] = []
    for item in PINNED_CONFIG:
        config += ["-c", item]
    out = run_git(repo, [*config, "blame", "--porcelain", "--no-textconv", "HEAD", "--", path])
    return [(line.sha, line.orig_path) for line in parse_porcelain(out)]


def kind_of(repo: str, ours: str, theirs: str, path: str, their_path: str) -> str:
    """Why two origins differ, as far as git can tell."""
    if their_path != path:
        return "blame followed a rename the pass did not (renamed from a path outside the code pathspec, or " \
               "a different pairing)"
    parents = run_git(repo, ["rev-list", "--parents", "-n1", theirs]).decode().split()[1:]
    if len(parents) > 1:
        return "blame gives the line to a merge"
    ours_parents = run_git(repo, ["rev-list", "--parents", "-n1", ours]).decode().split()[1:]
    if len(ours_parents) > 1:
        return "the pass gives the line to a merge"
    return "different non-merge commits"


def check(repo: str, files: int, seed: int) -> tuple[int, int, Counter, float]:
    head = run_git(repo, ["rev-parse", "HEAD"]).decode().strip()
    track, _ = track_for(ScanOptions())
    started = time.perf_counter()
    prov = run_to_end(trace(repo, head, track=track))
    seconds = time.perf_counter() - started
    paths = sorted(prov.final)
    sample = random.Random(seed).sample(paths, min(files, len(paths)))
    same = total = 0
    kinds: Counter = Counter()
    for path in sample:
        expected = blame(repo, path)
        got = prov.origin_shas(path)
        total += len(expected)
        if len(got) != len(expected):
            kinds[f"line count differs ({len(got)} vs {len(expected)})"] += len(expected)
            print(f"  {path}: {len(got)} lines traced, blame has {len(expected)}")
            continue
        for number, (ours, (theirs, their_path)) in enumerate(zip(got, expected), start=1):
            if ours == theirs:
                same += 1
                continue
            kind = kind_of(repo, ours, theirs, path, their_path)
            kinds[kind] += 1
            print(f"  {path}:{number}: pass {ours[:10]}, blame {theirs[:10]} ({kind})")
    return same, total, kinds, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="*", default=MIRRORS)
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    grand_same = grand_total = 0
    for repo in args.repos:
        same, total, kinds, seconds = check(repo, args.files, args.seed)
        grand_same += same
        grand_total += total
        share = same / total if total else 1.0
        print(f"{repo}: {same}/{total} lines agree ({100 * share:.3f}%), pass {seconds:.1f} s")
        for kind, count in kinds.most_common():
            print(f"    {count:6d}  {kind}")
    if grand_total:
        print(f"overall: {grand_same}/{grand_total} lines agree ({100 * grand_same / grand_total:.3f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
