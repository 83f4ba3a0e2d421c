"""Python functions and their cyclomatic complexity only, by top-level chunk (memoised), for X-Ray's trend.

The same radon rules and the same names as the scan's measurement (:mod:`debt_explorer.core.pyvisit`), without
the raw counts, Halstead and cognitive figures X-Ray's complexity trend does not need: about half the time
of a full measurement, and a chunk already seen (most of a file from one period end to the next) costs a
dictionary look-up.
"""

from __future__ import annotations

import ast
import hashlib
import warnings
from collections.abc import Sequence

from debt_explorer.core.models import FunctionMetrics
from debt_explorer.core.pychunks import split_top_level
from debt_explorer.core.pyvisit import visit_module

_memo: dict[bytes, tuple[FunctionMetrics, ...] | None] = {}
_MEMO_LIMIT = 20_000


def _visit(text: str) -> tuple[FunctionMetrics, ...] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            visited = visit_module(ast.parse(text))
        return tuple(FunctionMetrics(name, line, end, complexity, end - line + 1)
                     for name, line, end, complexity in visited.named_functions())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def python_functions(text: str) -> tuple[FunctionMetrics, ...] | None:
    """The functions of a Python text with their complexity, or None when it does not parse."""
    found: list[FunctionMetrics] = []
    for first, chunk in split_top_level(text):
        key = hashlib.blake2b(chunk.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if key not in _memo:
            if len(_memo) >= _MEMO_LIMIT:
                _memo.clear()
            _memo[key] = _visit(chunk)
        measured = _memo[key]
        if measured is None:  # a cut inside a statement: the whole text decides
            return _visit(text)
        found.extend(_shift(measured, first - 1))
    return tuple(sorted(found, key=lambda f: (f.line, f.name)))


def _shift(functions: Sequence[FunctionMetrics], by: int) -> list[FunctionMetrics]:
    return [FunctionMetrics(f.name, f.line + by, f.end_line + by, f.complexity, f.sloc) for f in functions]
