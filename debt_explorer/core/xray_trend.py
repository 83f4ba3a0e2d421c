"""Complexity of each tracked function at each period end, parsing only the blobs that period ends need.

The tracked ranges (:mod:`xray_track`) say where a function's lines were in
every commit that changed the file.  For a period end, a function's state is
the newest such commit (committer date at or before the end) on the path its
lines took; its blob is measured once (memoised, the scan's metric cache
first) and the function of that blob that holds most of the tracked lines
gives the complexity, and its name then (a rename shows up here).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from debt_explorer.core.models import FunctionMetrics
from debt_explorer.core.xray_track import Ranges, Snapshot

#: blob, path -> (functions, parsed)
Measure = Callable[[str | None, str], tuple[tuple[FunctionMetrics, ...], bool]]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: str
    complexity: int | None
    name: str | None


def best_match(functions: Sequence[FunctionMetrics], ranges: Ranges) -> FunctionMetrics | None:
    """The function holding most of ``ranges`` (ties: the shorter, i.e. the innermost), None without overlap."""
    return _LineIndex(functions).best(ranges)


class _LineIndex:
    """Which functions hold each line of a blob, to find a range's function in time proportional to its length."""

    def __init__(self, functions: Sequence[FunctionMetrics]) -> None:
        self.functions = list(functions)
        self.holders: dict[int, list[int]] = {}
        for index, function in enumerate(self.functions):
            for line in range(function.line - 1, function.end_line):
                self.holders.setdefault(line, []).append(index)

    def best(self, ranges: Ranges) -> FunctionMetrics | None:
        votes: dict[int, int] = {}
        for start, end in ranges:
            for line in range(start, end):
                for index in self.holders.get(line, ()):
                    votes[index] = votes.get(index, 0) + 1
        if not votes:
            return None
        f = self.functions
        winner = max(votes, key=lambda i: (votes[i], f[i].line - 1 - f[i].end_line, -i))
        return f[winner]


def trends(keys: Sequence[str], names: Sequence[str], snapshots: Sequence[Snapshot], ends: Sequence[tuple[str, int]],
           measure: Measure, touched: Sequence[int] = ()) -> tuple[dict[str, list[TrendPoint]], int]:
    """Per key, (period, complexity, name) at each period end; and how many needed blobs did not parse.

    One blob per period end: the file at the newest commit (committer date at or before the end) that changed
    it.  A function is found there by its tracked lines; when its lines took another branch than that
    commit's, by the name it has today (``names``, in the order of ``keys``).  ``touched``: the committer dates
    of every commit that touched a function; a period without one keeps the previous period's figures (no
    function's lines changed), without reading the file.
    """
    dates = sorted(touched)
    order = sorted(range(len(snapshots)), key=lambda i: (snapshots[i].when, -i))
    whens = [snapshots[i].when for i in order]
    born = {key: min((s.when for s in snapshots if s.ranges.get(key)), default=None) for key in keys}
    unparsed: set[str] = set()
    indexes: dict[str, _LineIndex] = {}
    out: dict[str, list[TrendPoint]] = {key: [] for key in keys}
    previous_end: int | None = None
    for label, end in ends:
        if previous_end is not None and dates and bisect.bisect_right(dates, end) == bisect.bisect_right(
                dates, previous_end):
            for key in keys:
                last = out[key][-1]
                out[key].append(TrendPoint(label, last.complexity, last.name))
            previous_end = end
            continue
        previous_end = end
        at = bisect.bisect_right(whens, end) - 1
        snap = snapshots[order[at]] if at >= 0 else None
        functions: Sequence[FunctionMetrics] = ()
        index = _LineIndex(())
        if snap is not None and any(first is not None and first <= end for first in born.values()):
            functions, parsed = measure(snap.blob, snap.path)
            index = indexes.get(snap.blob or "") or indexes.setdefault(snap.blob or "", _LineIndex(functions))
            if not parsed and snap.blob:
                unparsed.add(snap.blob)
        for key, name in zip(keys, names):
            first = born[key]
            match = None
            if snap is not None and first is not None and first <= end:
                ranges = snap.ranges.get(key)
                match = index.best(ranges) if ranges else next(
                    (f for f in functions if f.name == name), None)
            out[key].append(TrendPoint(label, match.complexity if match else None, match.name if match else None))
    return out, len(unparsed)
