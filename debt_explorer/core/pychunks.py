"""Measure Python by top-level statement, remembering chunks already seen.

Successive versions of a file share most of their top-level functions and
classes: a quarter's edit touches a few of them.  Every metric radon gives
for a module is a sum or a union over its top-level statements:

* raw line counts are per logical line, and a top-level statement starts one;
* a function's cyclomatic complexity depends only on its own body;
  the module's total is Σ chunk totals − (chunks − 1) (each visitor starts at 1);
* Halstead counts are sums and its distinct operators/operands are unions.

So a file is cut before each line at column 0 that starts a new top-level
statement, each chunk is measured once per distinct text (memoised in the
process), and the results are merged exactly.  When a cut lands somewhere a
statement cannot start (inside a multi-line string or bracket), that chunk
does not parse and the caller measures the whole file instead.
"""

from __future__ import annotations

import ast
import hashlib
import re
import warnings
from dataclasses import dataclass
from typing import Any

from debt_explorer.core.pycognitive import cognitive_of
from debt_explorer.core.pyvisit import visit_module
from debt_explorer.core.rawcount import Raw, raw_metrics

_CONTINUATIONS = ("else", "elif", "except", "finally")
_MEMO_LIMIT = 60_000


@dataclass(frozen=True, slots=True)
class ChunkMetrics:
    raw: Raw
    total_complexity: int
    functions: tuple[tuple[str, int, int, int, int], ...]  # (name, line, end_line, complexity, cognitive) relative to the chunk
    operators_seen: frozenset[str]
    operands_seen: frozenset[tuple[str | None, Any]]
    operators: int
    operands: int


class ChunkFailed(Exception):
    """A chunk is not a complete statement: measure the whole file instead."""


_memo: dict[bytes, ChunkMetrics] = {}


_SCAN = re.compile(r"""\\.|\"\"\"|'''|["'#\n()\[\]{}]""", re.DOTALL)


def _statement_lines(text: str) -> set[int]:
    """0-based lines that begin outside any string, comment continuation or bracket (cheap scanner)."""
    state: str | None = None
    depth = 0
    line = 0
    starts = {0}
    for match in _SCAN.finditer(text):
        token = match.group()
        if state is None:
            if token == "#":
                state = "#"
            elif token in ('"""', "'''", '"', "'"):
                state = token
            elif token in "([{":
                depth += 1
            elif token in ")]}":
                depth = max(0, depth - 1)
            elif token == "\n":
                line += 1
                if depth == 0:
                    starts.add(line)
            elif token == "\\\n":  # explicit continuation: the next line continues this one
                line += 1
        elif state == "#":
            if token == "\n" or token == "\\\n":
                state = None
                line += 1
                if depth == 0:
                    starts.add(line)
        else:
            if token == state:
                state = None
            elif token == "\n" or token == "\\\n":
                line += 1
                if len(state) == 1:  # a newline ends an (unterminated) one-line string
                    state = None
                    if depth == 0:
                        starts.add(line)
    return starts


def split_top_level(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each top-level chunk."""
    lines = text.splitlines(keepends=True)
    safe = _statement_lines(text)
    starts = [0]
    previous = ""
    for index, line in enumerate(lines):
        if index not in safe or not line.strip() or line.lstrip().startswith("#"):
            continue
        if index and line[:1] not in (" ", "\t", ")", "]", "}", "\f"):
            word = line.split(None, 1)[0].rstrip(":")
            if word not in _CONTINUATIONS and not previous.startswith("@"):
                starts.append(index)
        previous = line.lstrip()  # the first line of the latest logical line
    starts.append(len(lines))
    return [(starts[i] + 1, "".join(lines[starts[i]:starts[i + 1]])) for i in range(len(starts) - 1)
            if starts[i] < starts[i + 1]]


def _measure_chunk(text: str) -> ChunkMetrics:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
        raw = raw_metrics(text)
        visited = visit_module(tree)  # recurses once per nested node: absurd nesting fails here
        walked = visited.named_functions()
        cognitive = cognitive_of(text, [(name, end) for name, _, end, _ in walked])
        functions = tuple((*f, value) for f, value in zip(walked, cognitive))
    except (SyntaxError, ValueError, RecursionError, MemoryError, Exception) as exc:
        raise ChunkFailed(f"{type(exc).__name__}: {exc}") from None  # the whole-file path decides and says why
    return ChunkMetrics(raw, visited.total_complexity, functions, visited.operators_seen, visited.operands_seen,
                        visited.operators, visited.operands)


def measure_chunks(text: str) -> list[tuple[int, ChunkMetrics]]:
    """Metrics of each chunk with its first line; raises :class:`ChunkFailed`."""
    results = []
    for first, chunk in split_top_level(text):
        key = hashlib.blake2b(chunk.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = _memo.get(key)
        if found is None:
            found = _measure_chunk(chunk)
            if len(_memo) >= _MEMO_LIMIT:
                _memo.clear()
            _memo[key] = found
        results.append((first, found))
    return results
