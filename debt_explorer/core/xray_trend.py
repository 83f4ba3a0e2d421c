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
    best: tuple[int, int] | None = None
    found = None
    for function in functions:
        start, end = function.line - 1, function.end_line
        lines = sum(max(0, min(end, e) - max(start, s)) for s, e in ranges)
        if lines and (best is None or (lines, start - end) > best):
            best, found = (lines, start - end), function
    return found


def trends(keys: Sequence[str], snapshots: Sequence[Snapshot], ends: Sequence[tuple[str, int]],
           measure: Measure) -> tuple[dict[str, list[TrendPoint]], int]:
    """Per key, (period, complexity, name) at each period end; and how many needed blobs did not parse."""
    per_key: dict[str, list[tuple[int, int, int]]] = {key: [] for key in keys}
    for index, snap in enumerate(snapshots):
        for key, ranges in snap.ranges.items():
            if ranges and key in per_key:
                per_key[key].append((snap.when, -index, index))
    unparsed: set[str] = set()
    out: dict[str, list[TrendPoint]] = {}
    for key in keys:
        points = sorted(per_key[key])
        whens = [p[0] for p in points]
        row = []
        for label, end in ends:
            at = bisect.bisect_right(whens, end) - 1
            if at < 0:
                row.append(TrendPoint(label, None, None))
                continue
            snap = snapshots[points[at][2]]
            functions, parsed = measure(snap.blob, snap.path)
            if not parsed and snap.blob:
                unparsed.add(snap.blob)
            match = best_match(functions, snap.ranges[key])
            row.append(TrendPoint(label, match.complexity if match else None, match.name if match else None))
        out[key] = row
    return out, len(unparsed)
