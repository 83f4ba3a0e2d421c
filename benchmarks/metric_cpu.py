"""CPU cost of the metric phase alone: every blob a scan measures, in one process, this checkout against another.

    python benchmarks/metric_cpu.py REPO [--ext .py] [--compare OLD_ROOT] [--rounds 2] [--limit N]

The blobs are those of the scan's metric phase for files ending in ``--ext``:
every distinct blob of the first-parent commits closing each quarter
(:func:`pyvisit_check.quarter_blobs`), in path order as the scan hands them to
a worker (so the per-worker chunk memo sees versions of one file in a row).
Each round measures them all with ``analyze_blob`` in a fresh subprocess,
with this checkout and, with ``--compare``, with the package under
``OLD_ROOT`` (e.g. ``git archive <old commit> | tar -x -C OLD_ROOT``),
alternating; CPU time of the process is what is printed (the machine's other
load barely moves it), with the median and the ratio.  With ``--compare``, the
two checkouts' metrics of every blob are also compared field by field
(functions included) and the number of identical blobs is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from pyvisit_check import quarter_blobs  # noqa: E402

_CHILD = r"""
import dataclasses, pickle, sys, time, json
from debt_explorer.core.metrics import analyze_blob
items = pickle.load(open(sys.argv[1], "rb"))
start = time.process_time()
results = [analyze_blob(path, data) for path, data in items]
cpu = time.process_time() - start
with open(sys.argv[2], "w") as out:
    json.dump([dataclasses.asdict(m) for m in results], out)
print(json.dumps({"cpu": cpu, "blobs": len(items), "parsed": sum(m.parsed for m in results)}))
"""


def _run(root: Path, blobs_file: str, results_file: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, "-c", _CHILD, blobs_file, results_file], env=env, capture_output=True,
                         text=True, check=True, cwd=tempfile.gettempdir()).stdout
    figures: dict[str, float] = json.loads(out)
    return figures


def function_fields(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    """Names (``function.<field>``) of the per-function fields that differ between two blobs' metrics."""
    found = set()
    for mine, theirs in zip(a["function_list"], b["function_list"]):
        found |= {f"function.{key}" for key in mine if mine[key] != theirs[key]}
    if len(a["function_list"]) != len(b["function_list"]):
        found.add("function count")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo")
    parser.add_argument("--ext", default=".py")
    parser.add_argument("--compare", type=Path, help="root of another checkout (its debt_explorer package)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N blobs (path order)")
    args = parser.parse_args()
    items = sorted(((path, data) for path, data in quarter_blobs(args.repo, args.ext)), key=lambda item: item[0])
    if args.limit:
        items = items[:args.limit]
    with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as handle:
        pickle.dump(items, handle)
    results = {name: handle.name + f".{name}.json" for name in ("this", "compare")}
    try:
        runs: dict[str, list[float]] = {"this": [], "compare": []}
        for round_ in range(args.rounds):
            for name, root in (("this", ROOT), ("compare", args.compare)):
                if root is None:
                    continue
                figures = _run(root, handle.name, results[name])
                runs[name].append(figures["cpu"])
                print(f"round {round_ + 1} {name:7} {figures['cpu']:7.1f} s CPU, {figures['blobs']:,} blobs "
                      f"({figures['parsed']:,} parsed), {1000 * figures['cpu'] / figures['blobs']:.2f} ms/blob",
                      flush=True)
        if args.compare is not None:
            with open(results["this"]) as mine, open(results["compare"]) as theirs:
                pairs = list(zip(json.load(mine), json.load(theirs)))
            same = sum(a == b for a, b in pairs)
            print(f"identical metrics: {same:,} of {len(pairs):,} blobs")
            fields: dict[str, int] = {}
            for a, b in pairs:
                for key in sorted({k for k in a if a[k] != b[k]} | function_fields(a, b)):
                    fields[key] = fields.get(key, 0) + 1
            if fields:
                print("  blobs differing, per field:", fields)
            for (path, _), (a, b) in zip(items, pairs):
                if a != b:
                    print(f"  first difference: {path}", {k: (a[k], b[k]) for k in a if a[k] != b[k] and k != "function_list"})
                    break
    finally:
        for name in (handle.name, *results.values()):
            if os.path.exists(name):
                os.unlink(name)
    this = statistics.median(runs["this"])
    line = f"median: this checkout {this:.1f} s"
    if runs["compare"]:
        other = statistics.median(runs["compare"])
        line += f", {args.compare} {other:.1f} s: {other / this:.2f}x"
    print(line)


if __name__ == "__main__":
    main()
