"""Does the one-walk visitor give radon's numbers?  Every figure, every Python text of whole histories.

    python benchmarks/pyvisit_check.py REPO [REPO ...] [--dir DIR ...] [--show 5]

Texts: every distinct ``*.py`` blob of each repository's period-end snapshots
(the first-parent commit closing each quarter, the blobs a scan measures), and
every ``*.py`` file under each ``--dir``; each text whole and cut into its
top-level chunks (:func:`debt_explorer.core.pychunks.split_top_level`, what the
scan measures), each distinct unit once.

For every unit that ``ast.parse`` accepts, radon's ``ComplexityVisitor`` and
``HalsteadVisitor`` against :func:`debt_explorer.core.pyvisit.visit_module`:
total complexity, each function's qualified name, first line, last line and
complexity in radon's order, the distinct operators, the operator and operand
counts, and the distinct operands (radon keys an operand that is not a name,
attribute or constant by its node object; those are compared by number).  A
unit radon's recursive visitors cannot walk (``RecursionError``) is counted
apart.  CPU time of both over the same trees is printed: the speed figure.

Then the scan's chunked measurement (top-level chunks, classes cut by method,
each piece memoised) against the same texts measured whole
(``metrics._python`` vs ``metrics._python_whole``): every field of the blob's
metrics, functions included, must be equal.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from radon.visitors import ComplexityVisitor, HalsteadVisitor  # noqa: E402

from debt_explorer.core import metrics  # noqa: E402
from debt_explorer.core.pychunks import ChunkFailed, split_top_level  # noqa: E402
from debt_explorer.core.pyvisit import visit_module  # noqa: E402


def _git(repo: str, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", repo, *args], input=data, capture_output=True, check=True).stdout


def quarter_blobs(repo: str, ext: str = ".py") -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every distinct blob ending in ``ext`` in the commits closing each quarter (first parent)."""
    chain = [(sha, int(when)) for sha, when in
             (line.split() for line in _git(repo, "log", "--first-parent", "--format=%H %ct", "HEAD").decode().split("\n")
              if line)]
    first = datetime.datetime.fromtimestamp(min(w for _, w in chain), datetime.UTC)
    last = max(w for _, w in chain)
    year, quarter = first.year, (first.month - 1) // 3
    snapshots: set[str] = set()
    while True:
        month = quarter * 3 + 4
        end = datetime.datetime(year + (month > 12), month - 12 if month > 12 else month, 1,
                                tzinfo=datetime.UTC).timestamp()
        found = next((sha for sha, when in chain if when < end), None)
        if found:
            snapshots.add(found)
        if end > last:
            break
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    blobs: dict[str, str] = {}
    for sha in sorted(snapshots):
        for entry in _git(repo, "ls-tree", "-r", "-z", sha).split(b"\0"):
            meta, _, path = entry.partition(b"\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == b"blob" and path.endswith(ext.encode()):
                blobs.setdefault(parts[2].decode(), path.decode("utf-8", "surrogateescape"))
    batch = _git(repo, "cat-file", "--batch", data="".join(f"{sha}\n" for sha in blobs).encode())
    offset = 0
    for name in blobs.values():
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        yield name, batch[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1


def _radon_functions(functions: list[Any], classes: list[Any]) -> list[tuple[str, int, int, int]]:
    """radon's blocks flattened the way the scan names them (functions with closures, then class members)."""
    found: list[tuple[str, int, int, int]] = []

    def add_function(function: Any, owner: str) -> None:
        name = f"{owner}{function.name}"
        found.append((name, function.lineno, function.endline or function.lineno, function.complexity))
        for closure in function.closures:
            add_function(closure, f"{name}.")

    def add_class(cls: Any, owner: str) -> None:
        for method in cls.methods:
            add_function(method, f"{owner}{cls.name}.")
        for inner in cls.inner_classes:
            add_class(inner, f"{owner}{cls.name}.")

    for function in functions:
        add_function(function, "")
    for cls in classes:
        add_class(cls, "")
    return found


def _operands(seen: Any) -> tuple[list[str], int]:
    """Distinct operands with a value, sorted; and how many are keyed by identity (an expression node)."""
    valued = sorted(repr(item) for item in seen if isinstance(item[1], (str, bytes, int, float, complex, type(None),
                                                                         type(...))))
    return valued, len(seen) - len(valued)


def compare(units: Iterator[str], show: int) -> dict[str, float]:
    seen: set[str] = set()
    counts = {"units": 0, "identical": 0, "radon_recursion": 0, "radon_s": 0.0, "ours_s": 0.0}
    shown = 0
    for text in units:
        if text in seen:
            continue
        seen.add(text)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        start = time.process_time()
        try:
            complexity = ComplexityVisitor.from_ast(tree)
            halstead = HalsteadVisitor.from_ast(tree)
        except RecursionError:
            counts["radon_recursion"] += 1
            continue
        middle = time.process_time()
        ours = visit_module(tree)
        counts["radon_s"] += middle - start
        counts["ours_s"] += time.process_time() - middle
        counts["units"] += 1
        theirs = (complexity.total_complexity, _radon_functions(complexity.functions, complexity.classes),
                  sorted(halstead.operators_seen), halstead.operators, halstead.operands,
                  _operands(halstead.operands_seen))
        mine = (ours.total_complexity, ours.named_functions(), sorted(ours.operators_seen), ours.operators,
                ours.operands, (sorted(repr(item) for item in ours.operands_seen), ours.unique_operands))
        if theirs == mine:
            counts["identical"] += 1
        elif shown < show:
            shown += 1
            print("  differs:", text[:80].replace("\n", "\\n"), "\n    radon:", theirs[:5], "\n    ours: ", mine[:5])
    return counts


def chunked_vs_whole(texts: Iterator[tuple[str, bytes]], show: int) -> tuple[int, int]:
    """(identical, compared) blobs: chunked measurement against whole-file measurement."""
    same = compared = 0
    for path, data in texts:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        whole = metrics._python_whole(path, text)
        if not whole.parsed:
            continue
        try:
            chunked = metrics._python(path, text)
        except ChunkFailed:
            continue
        compared += 1
        if chunked == whole:
            same += 1
        elif compared - same <= show:
            fields = {name: (getattr(chunked, name), getattr(whole, name)) for name in chunked.__dataclass_fields__
                      if name != "function_list" and getattr(chunked, name) != getattr(whole, name)}
            pairs = [(a, b) for a, b in zip(chunked.function_list, whole.function_list) if a != b]
            print(f"  chunked differs: {path} (chunked, whole): {fields}", pairs[:2])
    return same, compared


def _units(texts: Iterator[tuple[str, bytes]]) -> Iterator[str]:
    for _path, data in texts:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        yield text
        for _first, chunk in split_top_level(text):
            yield chunk


def _dir_files(root: str) -> Iterator[tuple[str, bytes]]:
    for path in sorted(Path(root).rglob("*.py")):
        yield str(path), path.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repos", nargs="*")
    parser.add_argument("--dir", action="append", default=[], help="a folder of .py files (e.g. the standard library)")
    parser.add_argument("--show", type=int, default=5, help="print this many differing units")
    args = parser.parse_args()
    sources = [(repo, lambda repo=repo: quarter_blobs(repo)) for repo in args.repos]
    sources += [(d, lambda d=d: _dir_files(d)) for d in args.dir]
    for name, texts in sources:
        counts = compare(_units(texts()), args.show)
        print(f"{name}: {counts['identical']:,} of {counts['units']:,} units identical "
              f"({counts['radon_recursion']} too deep for radon); CPU radon {counts['radon_s']:.1f} s, "
              f"one walk {counts['ours_s']:.1f} s ({counts['radon_s'] / max(counts['ours_s'], 1e-9):.1f}x)")
        same, compared = chunked_vs_whole(texts(), args.show)
        print(f"{name}: chunked measurement equals whole-file measurement for {same:,} of {compared:,} blobs")


if __name__ == "__main__":
    main()
