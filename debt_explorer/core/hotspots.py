"""Hotspot ranking and the high-churn rule, with the formulas the README documents.

hotspot_score = F_rev(window_revisions) x F_cx(complexity)

where F is the empirical cumulative distribution over the *code files* of the
same snapshot (the share of files whose value is <= this file's).  A file
that did not change in the window, or has no complexity, scores 0.  The
product of two percentile ranks is scale-free (a repo of tiny scripts and a
repo of 5,000-line modules rank alike), needs no tuning per repository, and is
high only when a file is *both* among the most-changed and the most complex
ones -- the CodeScene idea of a hotspot.  A file is counted as a hotspot when
its score >= ``hotspot_threshold`` (default 0.64, i.e. both ranks around the
top 20 %).

high_churn: window_churn / max(sloc, 1) >= ``high_churn_ratio`` (default 1.5:
one and a half times the file's size changed in the window) *and*
window_churn >= ``min_high_churn_lines`` (default 100), so tiny files with a
handful of edits are not flagged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any


def ecdf(values: Sequence[float]) -> list[float]:
    """For each value, the share of ``values`` that are <= it."""
    count = len(values)
    if not count:
        return []
    ordered = sorted(values)
    return [bisect_right(ordered, value) / count for value in values]


def hotspot_scores(window_revisions: Sequence[int], complexity: Sequence[int]) -> list[float]:
    """Scores in [0, 1] for parallel sequences of window revisions and complexity."""
    rev_rank = ecdf(window_revisions)
    cx_rank = ecdf(complexity)
    return [round(r * c, 6) if revs > 0 and cx > 0 else 0.0
            for r, c, revs, cx in zip(rev_rank, cx_rank, window_revisions, complexity)]


def hotspot_ranks(scores: Sequence[float], tie_breaks: Sequence[tuple[Any, ...]]) -> list[int | None]:
    """1-based rank by score (ties broken by ``tie_breaks`` descending); ``None`` for score 0."""
    order = sorted((i for i, s in enumerate(scores) if s > 0),
                   key=lambda i: (-scores[i], tuple(-v if isinstance(v, (int, float)) else v
                                                    for v in tie_breaks[i])))
    ranks: list[int | None] = [None] * len(scores)
    for rank, index in enumerate(order, start=1):
        ranks[index] = rank
    return ranks


def relative_churn(window_churn: int, sloc: int) -> float:
    return round(window_churn / max(sloc, 1), 4)


def is_high_churn(window_churn: int, sloc: int, ratio: float, min_lines: int) -> bool:
    return window_churn >= min_lines and relative_churn(window_churn, sloc) >= ratio
