"""Coupling trend: how the strongest couplings of a scope developed, period by period.

For each of the top pairs of a coupling report (the strongest ``top`` of the
hotspot window or of the whole history), and for every period of the scan,
the same code-maat figures as the report computed over **that period's
commits only** (committer date in ``[start, end)``): the two entities'
revisions, their shared revisions and ``degree = shared / average revisions``
as a truncated whole percentage.  The same entities count (code files inside
the scan's globs, or folders at the report's depth), a commit larger than the
max changeset size is left out, renames are followed.  No threshold applies
within a period: a coupling that grows or fades shows up.  ``degree`` is 0
when one of the two changed in the period without the other, and ``None``
(no figure) when neither changed.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from debt_explorer.core.coupling import CouplingOptions, CouplingPair, changesets, co_changes, degree_of, entity_mapper
from debt_explorer.core.coupling_report import CouplingReport, coupling_report, included_paths
from debt_explorer.core.models import ScanResult
from debt_explorer.core.trends import span_of

#: pairs the GUI plots and ``coupling --json`` trends by default
TREND_PAIRS = 5


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One pair in one period: code-maat's figures over that period's commits."""

    period: str
    degree: int | None
    shared_revs: int
    entity_revs: int
    coupled_revs: int


@dataclass(frozen=True, slots=True)
class PairTrend:
    """A pair of the report (its figures over the whole scope) and its points, one per period of the scan."""

    pair: CouplingPair
    points: tuple[TrendPoint, ...]

    @property
    def name(self) -> str:
        return short_pair_name(self.pair.entity, self.pair.coupled)


def short_name(path: str, other: str) -> str:
    """The last part of ``path``; with its parent folder when ``other`` ends the same (two ``__init__.py``)."""
    base, other_base = os.path.basename(path) or path, os.path.basename(other) or other
    if base != other_base:
        return base
    parts = path.split("/")
    return "/".join(parts[-2:]) if len(parts) > 1 else path


def short_pair_name(entity: str, coupled: str) -> str:
    """A legend label: ``app.py + cli.py``."""
    return f"{short_name(entity, coupled)} + {short_name(coupled, entity)}"


def pair_trends(result: ScanResult, pairs: Sequence[CouplingPair], options: CouplingOptions | None = None
                ) -> tuple[PairTrend, ...]:
    """Per period of ``result``, the figures of each of ``pairs`` (entities as ``options`` define them)."""
    options = options or CouplingOptions()
    mapper = entity_mapper(options, included_paths(result, options))
    wanted = {name for pair in pairs for name in (pair.entity, pair.coupled)}

    def entity_of(path: str) -> str | None:
        entity = mapper(path)
        return entity if entity in wanted else None

    sets = changesets(result.commits, result.changes)  # sorted by committer date
    whens = [changeset.when for changeset in sets]
    rows: list[list[TrendPoint]] = [[] for _ in pairs]
    for period in result.periods:
        start, end = span_of(period)
        counts = co_changes(sets[bisect_left(whens, start):bisect_left(whens, end)], entity_of,
                            options.max_changeset_size)
        for row, pair in zip(rows, pairs):
            shared = counts.shared_revs(pair.entity, pair.coupled)
            revs = counts.revisions.get(pair.entity, 0), counts.revisions.get(pair.coupled, 0)
            row.append(TrendPoint(period.period, degree_of(shared, *revs) if any(revs) else None, shared, *revs))
    return tuple(PairTrend(pair, tuple(row)) for pair, row in zip(pairs, rows))


def report_trend(result: ScanResult, report: CouplingReport, top: int = TREND_PAIRS) -> tuple[PairTrend, ...]:
    """The trend of the ``top`` strongest pairs of ``report``, with the report's options."""
    return pair_trends(result, report.pairs[:top], report.result.options)


def report_with_trend(result: ScanResult, options: CouplingOptions, scope: str, top: int = TREND_PAIRS
                      ) -> tuple[CouplingReport, tuple[PairTrend, ...]]:
    """A coupling report and the trend of its ``top`` pairs (the Coupling tab's background work)."""
    report = coupling_report(result, options, scope)
    return report, report_trend(result, report, top)


def trend_to_json(trends: Sequence[PairTrend]) -> list[dict[str, Any]]:
    return [{"entity": t.pair.entity, "coupled": t.pair.coupled, "degree": t.pair.degree,
             "periods": [{"period": p.period, "degree": p.degree, "shared_revs": p.shared_revs,
                          "entity_revs": p.entity_revs, "coupled_revs": p.coupled_revs} for p in t.points]}
            for t in trends]
