"""Python that Python cannot parse is measured by tree-sitter's Python grammar: how close is it to radon, how fast?

    python benchmarks/py_fallback_check.py REPO [REPO ...] [--show 10]

* **Agreement**: on every ``.py`` file at HEAD that Python's own parser reads, the functions radon finds
  (the normal path, :func:`debt_explorer.core.metrics.analyze_blob`) against those the tree-sitter rules find
  (:func:`debt_explorer.core.tsmetrics.tree_sitter_metrics` with the Python grammar), paired by name and first
  line: the share with the same cyclomatic complexity, and the first differences (``--show``).
* **Speed**: every distinct ``.py`` blob of the quarter-end snapshots that Python's parser rejects (Python 2,
  newer syntax): how many the grammar reads, and the CPU seconds of tree-sitter on all of them against lizard
  (the fallback before) on all of them.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pyvisit_check import quarter_blobs  # noqa: E402

from debt_explorer.core import metrics  # noqa: E402
from debt_explorer.core.tsmetrics import tree_sitter_metrics  # noqa: E402


def _head_files(repo: str) -> list[tuple[str, str]]:
    out = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "-z", "HEAD"], capture_output=True, check=True).stdout
    found = []
    for entry in out.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob" and path.endswith(b".py"):
            data = subprocess.run(["git", "-C", repo, "cat-file", "blob", parts[2].decode()], capture_output=True,
                                  check=True).stdout
            try:
                found.append((path.decode(), data.decode("utf-8")))
            except UnicodeDecodeError:
                continue
    return found


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def agreement(repo: str, show: int) -> tuple[int, int, int]:
    paired = same = files = only_radon = only_ours = 0
    shown = 0
    for path, text in _head_files(repo):
        if not _parses(text):
            continue
        radon = metrics.analyze_blob(path, text.encode())
        ours = tree_sitter_metrics(path, text, "Python")
        if ours is None or not radon.parsed:
            continue
        files += 1
        theirs = {(f.name, f.line): f.complexity for f in radon.function_list}
        mine = {(f.name, f.line) for f in ours.function_list}
        only_radon += len(theirs.keys() - mine)
        only_ours += len(mine - theirs.keys())
        for function in ours.function_list:
            key = (function.name, function.line)
            if key not in theirs:
                continue
            paired += 1
            if theirs[key] == function.complexity:
                same += 1
            elif shown < show:
                shown += 1
                print(f"  {path}:{function.line} {function.name}: radon {theirs[key]}, tree-sitter {function.complexity}")
    print(f"  functions only radon finds: {only_radon}, only tree-sitter: {only_ours}")
    return files, paired, same


def speed(repo: str) -> tuple[int, int, float, float]:
    rejected = [(path, data.decode("utf-8", "replace")) for path, data in quarter_blobs(repo, ".py")
                if not _parses(data.decode("utf-8", "replace"))]
    start = time.process_time()
    measured = sum(tree_sitter_metrics(path, text, "Python") is not None for path, text in rejected)
    tree_sitter = time.process_time() - start
    start = time.process_time()
    for path, text in rejected:
        metrics._lizard(path, text, "Python")
    return len(rejected), measured, tree_sitter, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    total_paired = total_same = 0
    for repo in args.repos:
        files, paired, same = agreement(repo, args.show)
        total_paired, total_same = total_paired + paired, total_same + same
        print(f"{repo}: {files} files, {paired:,} functions paired, same complexity {same:,} "
              f"({100 * same / max(paired, 1):.1f} %)")
        count, measured, tree_sitter, lizard = speed(repo)
        print(f"  {count} quarter-end blobs Python's parser rejects, {measured} read by the grammar: "
              f"tree-sitter {tree_sitter:.2f} CPU-s (lizard for the rest after it), lizard alone {lizard:.2f} CPU-s")
    print(f"all: {total_same:,} of {total_paired:,} functions ({100 * total_same / max(total_paired, 1):.1f} %)")


if __name__ == "__main__":
    main()
