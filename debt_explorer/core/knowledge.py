"""The retrospective's knowledge-loss finding (line provenance; docs/provenance.md).

A finding is stated only when the share of code lines held by authors who made
no commit in the ``window_months`` before a window's end moved by at least
:data:`MIN_CHANGE` (five percentage points) between the *before* and the
*after* window; smaller moves are noise (one active author's big deletion
shifts it by a point or two) and say nothing.

"Authors who left" are the top holders of lost code at the end of *after*
whose last commit falls on or after the start of the activity window of
*before*'s end: they still counted as active then, they no longer do.
"""

from __future__ import annotations

from datetime import UTC, datetime

from debt_explorer.core.models import PeriodStats, ScanResult
from debt_explorer.core.trends import months_before, span_of

#: the smallest change of ``knowledge_loss_share`` (absolute, 0-1) that makes a finding
MIN_CHANGE = 0.05
#: how many authors and files a finding names
NAMED = 3


def _day(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, UTC).date().isoformat()


def reference_end(result: ScanResult, period: PeriodStats) -> int:
    """The moment a period's knowledge loss is measured at: its last second, or the newest commit when running."""
    newest = max((c.committer_date for c in result.commits), default=None)
    end = span_of(period)[1] - 1
    return end if newest is None else min(end, newest)


def knowledge_finding(result: ScanResult, a: PeriodStats, b: PeriodStats) -> str | None:
    """"Knowledge loss rose from 12% to 19% of code lines ..." or None when it moved by less than MIN_CHANGE."""
    before, after = a.knowledge_loss_share, b.knowledge_loss_share
    if before is None or after is None or abs(after - before) < MIN_CHANGE - 1e-9:
        return None
    months = result.options.window_months
    verb = "rose" if after > before else "fell"
    line = (f"Knowledge loss {verb} from {100 * before:.0f}% of code lines in {a.period} to {100 * after:.0f}% in "
            f"{b.period} (held by authors with no commit in the {months} months before the period's end: "
            f"{a.knowledge_loss_lines or 0:,} → {b.knowledge_loss_lines or 0:,} lines)")
    since = months_before(reference_end(result, a), months)
    left = [o for o in b.knowledge_loss_authors if o.last_commit >= since]
    details = []
    if left:
        details.append("authors who left: " + ", ".join(
            f"{o.author} ({o.lines:,} lines, last commit {_day(o.last_commit)})" for o in left[:NAMED]))
    if b.knowledge_loss_files and after > before:
        adjacent = _adjacent(result, a, b)
        details.append("top files: " + ", ".join(
            f"{f.path} ({f.lines:,} lines, {100 * f.share:.0f}%"
            + (f", was {100 * f.share_before:.0f}%" if adjacent and f.share_before is not None else "") + ")"
            for f in b.knowledge_loss_files[:NAMED]))
    return line + ("; " + "; ".join(details) if details else "") + "."


def _adjacent(result: ScanResult, a: PeriodStats, b: PeriodStats) -> bool:
    """Whether ``a`` is the period just before ``b`` (the files' ``share_before`` is then ``a``'s figure)."""
    labels = [p.period for p in result.periods]
    return a.period in labels and b.period in labels and labels.index(b.period) == labels.index(a.period) + 1
