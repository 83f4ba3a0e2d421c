"""Retrospective: two periods side by side, the files that moved, and findings in plain language.

A file's churn "jumped" when it at least doubled and grew by 10 lines or more.

Windows: one period against the one before (the default), or wider windows of
``span`` periods each: the last 2 quarters against the 2 before, the last 6
months against the 6 before.  A window's activity is summed over its periods;
its snapshot figures (complexity, SLOC, hotspots) are those at its end.

Default comparison (:func:`default_periods`): the newest period counts as full
when the scanned history reaches its end (a commit on or after its last day);
a running period is never a default.  Starting from the last full window and
stepping back at most :data:`LOOKBACK` windows, the default is the newest pair
of adjacent windows that *both* have enough activity to compare: at least
:data:`MIN_COMMITS` commits and :data:`MIN_CHURN` lines changed in code files.
When no pair qualifies, the last full pair is compared and
:attr:`Retrospective.warnings` says which window is too small.

Every file list names code files of the scan only (:mod:`debt_explorer.core.scope`):
lock files, docs and excluded paths never appear in "churn jumped".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from debt_explorer.core.models import PeriodStats, ScanResult
from debt_explorer.core.scope import activity_in, code_file_rule
from debt_explorer.core.trends import span_of

#: A window has enough activity to compare when it has at least this many commits ...
MIN_COMMITS = 10
#: ... and at least this many lines changed in code files.
MIN_CHURN = 100
#: How many windows back from the newest full one the default looks for an active pair.
LOOKBACK = 4


@dataclass(frozen=True, slots=True)
class FileDelta:
    path: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Retrospective:
    before: PeriodStats
    after: PeriodStats
    new_hotspots: tuple[str, ...]
    left_hotspots: tuple[str, ...]
    complexity_up: tuple[FileDelta, ...]
    complexity_down: tuple[FileDelta, ...]
    churn_jumps: tuple[FileDelta, ...]
    new_ai_files: tuple[str, ...]
    findings: tuple[str, ...]
    #: "2024Q4 is too small to compare: 5 commits, 2 lines changed in code files ..." (empty when both are fine)
    warnings: tuple[str, ...] = ()
    #: periods per window (1: period against period)
    span: int = 1
    #: files with more bug-fix commits in ``after`` than in ``before`` (at least 2 in ``after``)
    fixes_rose: tuple[FileDelta, ...] = ()


def enough_activity(stats: PeriodStats) -> bool:
    return stats.commits >= MIN_COMMITS and stats.churn >= MIN_CHURN


def too_small(stats: PeriodStats) -> str | None:
    """Why a window is too small to compare, or ``None``."""
    if enough_activity(stats):
        return None
    return (f"{stats.period} is too small to compare: {stats.commits} commit(s), {stats.churn:,} line(s) changed in "
            f"code files (a comparison needs at least {MIN_COMMITS} commits and {MIN_CHURN} lines); "
            "percentages and changes against it mislead")


def spans(result: ScanResult) -> list[tuple[int, str]]:
    """The window widths offered for this scan's period kind: (periods per window, label)."""
    kind = result.options.period
    if kind == "month":
        return [(1, "month against month"), (3, "last 3 months against the 3 before"),
                (6, "last 6 months against the 6 before")]
    if kind == "year":
        return [(1, "year against year")]
    return [(1, "quarter against quarter"), (2, "last 2 quarters against the 2 before")]


def _last_full(result: ScanResult) -> int:
    last = result.periods[-1]
    end = span_of(last)[1] - 86400  # the last day's first second
    full = (result.repo.last_commit_date or 0) >= end
    return len(result.periods) - 1 if full else len(result.periods) - 2


def default_periods(result: ScanResult, span: int = 1) -> tuple[str, str]:
    """Labels of the last period of the *before* and *after* windows (see the module docstring for the rule)."""
    labels = [p.period for p in result.periods]
    if len(labels) < 2 * span:
        raise ValueError(f"a retrospective of {span}-period windows needs at least {2 * span} periods")
    last = _last_full(result)
    if last < 2 * span - 1:
        last = len(labels) - 1
    for index in range(last, max(2 * span - 2, last - LOOKBACK), -1):
        if enough_activity(window(result, labels[index], span)) and \
                enough_activity(window(result, labels[index - span], span)):
            return labels[index - span], labels[index]
    return labels[last - span], labels[last]


def window(result: ScanResult, last: str, span: int = 1) -> PeriodStats:
    """The ``span`` periods ending at ``last`` as one PeriodStats (activity summed, snapshot at its end)."""
    labels = [p.period for p in result.periods]
    end = labels.index(last)
    parts = result.periods[max(0, end - span + 1):end + 1]
    if len(parts) == 1:
        return parts[0]
    first, final = parts[0], parts[-1]
    start, stop = span_of(replace(first, end=final.end))
    in_window = [c for c in result.commits if start <= c.committer_date < stop]
    maintenance = sum(p.maintenance_churn for p in parts)
    new = sum(p.new_code_churn for p in parts)
    commits = sum(p.commits for p in parts)
    ai_commits = None if any(p.ai_commits is None for p in parts) else sum(p.ai_commits or 0 for p in parts)
    return replace(final, period=f"{first.period}–{final.period}", start=first.start,
                   commits=commits, authors=len({c.author_email.lower() for c in in_window if not c.is_merge}),
                   added=sum(p.added for p in parts), deleted=sum(p.deleted for p in parts),
                   churn=sum(p.churn for p in parts), maintenance_churn=maintenance, new_code_churn=new,
                   maintenance_share=maintenance / (maintenance + new) if maintenance + new else None,
                   ai_commits=ai_commits,
                   ai_commit_share=None if ai_commits is None else (ai_commits / commits if commits else 0.0),
                   ai_churn=None if any(p.ai_churn is None for p in parts) else sum(p.ai_churn or 0 for p in parts))


def _churn(result: ScanResult, period: PeriodStats) -> dict[str, int]:
    return {path: lines for path, (_, lines) in activity_in(result, period, current_only=False).items()}


def compare_periods(result: ScanResult, before: str | None = None, after: str | None = None,
                    top: int = 10, span: int = 1) -> Retrospective:
    """Compare the ``span`` periods ending at ``before`` with the ``span`` periods ending at ``after``."""
    if before is None or after is None:
        before, after = default_periods(result, span)
    by_label = {p.period: p for p in result.periods}
    if before not in by_label or after not in by_label:
        unknown = before if before not in by_label else after
        raise ValueError(f"unknown period {unknown!r}: choose from {', '.join(by_label)}")
    first, second = window(result, before, span), window(result, after, span)
    points = {path: {p.period: p for p in series} for path, series in result.file_series.items()}
    deltas = [FileDelta(path, s[before].complexity if before in s else 0, s[after].complexity)
              for path, s in points.items() if after in s]
    up = tuple(sorted((d for d in deltas if d.change > 0), key=lambda d: (-d.change, d.path))[:top])
    down = tuple(sorted((d for d in deltas if d.change < 0), key=lambda d: (d.change, d.path))[:top])
    churn_before, churn_after = _churn(result, first), _churn(result, second)
    counts = code_file_rule(result)
    jumps = tuple(sorted((FileDelta(p, churn_before.get(p, 0), n) for p, n in churn_after.items()
                          if counts(p) and n >= 2 * churn_before.get(p, 0) and n - churn_before.get(p, 0) >= 10),
                         key=lambda d: (-d.change, d.path))[:top])
    hot_after, hot_before = _hotspots_at(result, after), _hotspots_at(result, before)
    ai_files = _ai_files_new_in(result, second)
    fixes_before, fixes_after = _fix_commits(result, first), _fix_commits(result, second)
    rose = tuple(sorted((FileDelta(p, fixes_before.get(p, 0), n) for p, n in fixes_after.items()
                         if n >= 2 and n > fixes_before.get(p, 0)), key=lambda d: (-d.change, d.path))[:top])
    retro = Retrospective(first, second, tuple(sorted(hot_after - hot_before)), tuple(sorted(hot_before - hot_after)),
                          up, down, jumps, ai_files, (),
                          tuple(w for w in (too_small(first), too_small(second)) if w), span, rose)
    return replace(retro, findings=tuple(findings(result, retro)))


def _fix_commits(result: ScanResult, period: PeriodStats) -> dict[str, int]:
    """Current code file -> bug-fix commits (core/fixes.py) that changed it during ``period``."""
    from debt_explorer.core.fixes import fix_shas

    start, end = span_of(period)
    fixes = fix_shas(result.commits)
    dates = {c.sha: c.committer_date for c in result.commits}
    current = {f.path for f in result.files}
    counts: dict[str, int] = {}
    for change in result.changes:
        if change.sha in fixes and change.file in current and not change.binary and start <= dates.get(change.sha, 0) < end:
            counts[change.file] = counts.get(change.file, 0) + 1
    return counts


def _hotspots_at(result: ScanResult, period: str) -> set[str]:
    """Files that were hotspots at ``period``'s end (window ending there), as the scan recorded them."""
    return set(result.period_hotspots.get(period, ()))


def _ai_files_new_in(result: ScanResult, period: PeriodStats) -> tuple[str, ...]:
    start, end = span_of(period)
    ai = {a.sha for a in result.ai_commits if a.kind == "ai"}
    dates = {c.sha: c.committer_date for c in result.commits}
    first_seen: dict[str, int] = {}
    for change in result.changes:
        when = dates.get(change.sha, 0)
        first_seen[change.file] = min(first_seen.get(change.file, when), when)
    created_by_ai = {c.file for c in result.changes if c.sha in ai and dates.get(c.sha) == first_seen.get(c.file)}
    current = {f.path for f in result.files}
    return tuple(sorted(p for p in created_by_ai if p in current and start <= first_seen[p] < end))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def rework_finding(a: PeriodStats, b: PeriodStats) -> str:
    """Rework by origin (line provenance): how much of the lines removed in ``b`` AI had written."""
    line = (f"{_pct(b.ai_rework_share)} of the lines reworked in {b.period} had been written by AI-attributed "
            f"commits ({b.rework_ai_lines:,} of {b.rework_lines:,}")
    line += f"; {b.rework_recent_lines:,} other recent, {b.rework_old_lines:,} older)" if b.rework_lines else ")"
    if a.ai_rework_share is not None and b.ai_rework_share is not None:
        verb = ("up" if b.ai_rework_share > a.ai_rework_share else "down" if b.ai_rework_share < a.ai_rework_share
                else "as")
        line += f", {verb} from {_pct(a.ai_rework_share)} in {a.period}" if verb != "as" else \
            f", as in {a.period}"
    return line + "."


def findings(result: ScanResult, retro: Retrospective) -> list[str]:
    """Plain-language statements, each computed from the data (nothing is said that the data does not show)."""
    a, b = retro.before, retro.after
    out: list[str] = []
    if a.maintenance_share is not None and b.maintenance_share is not None:
        verb = "rose" if b.maintenance_share > a.maintenance_share else "fell" if b.maintenance_share < a.maintenance_share else "held"
        line = f"Maintenance share {verb} from {_pct(a.maintenance_share)} in {a.period} to {_pct(b.maintenance_share)} in {b.period}"
        ai = {x.sha for x in result.ai_commits if x.kind == "ai"}
        if ai and b.maintenance_churn:
            start, end = span_of(b)
            dates = {c.sha: c.committer_date for c in result.commits}
            counts = code_file_rule(result)  # the share's denominator counts code files only: so does its numerator
            ai_files = {c.file for c in result.changes
                        if c.sha in ai and dates.get(c.sha, 0) < end and counts(c.file)}
            rework_in_ai = sum(c.maintenance for c in result.changes
                               if start <= dates.get(c.sha, 0) < end and c.file in ai_files and not c.binary)
            line += (f"; {100 * rework_in_ai / b.maintenance_churn:.0f}% of that rework was in files that "
                     "AI-attributed commits had touched by then")
        out.append(line + ".")
    if b.ai_rework_share is not None and b.rework_lines:
        out.append(rework_finding(a, b))
    from debt_explorer.core.knowledge import knowledge_finding

    if (knowledge := knowledge_finding(result, a, b)) is not None:
        out.append(knowledge)
    if a.complexity:
        out.append(f"Total complexity went from {a.complexity:,} to {b.complexity:,} "
                   f"({(b.complexity - a.complexity) / a.complexity:+.0%}); SLOC from {a.sloc:,} to {b.sloc:,}.")
    out.append(f"Hotspots: {a.hotspots} → {b.hotspots}; high-churn files: {a.high_churn_files} → {b.high_churn_files}.")
    if b.ai_commit_share is not None:
        out.append(f"AI-attributed commits: {_pct(a.ai_commit_share)} → {_pct(b.ai_commit_share)} of commits "
                   f"({b.ai_commits} in {b.period}).")
    if retro.complexity_up:
        top = retro.complexity_up[0]
        out.append(f"Largest complexity increase: {top.path} ({top.before} → {top.after}).")
    if a.fix_commits is not None and b.fix_commits is not None and (a.fix_commits or b.fix_commits):
        line = (f"Bug-fix commits: {a.fix_commits} → {b.fix_commits} (fix churn {a.fix_churn or 0:,} → "
                f"{b.fix_churn or 0:,} lines)")
        if retro.fixes_rose:
            names = ", ".join(f"{d.path} ({d.before} → {d.after})" for d in retro.fixes_rose[:3])
            line += f"; fixes rose most in {names}"
        out.append(line + ".")
    if retro.new_ai_files:
        out.append(f"{len(retro.new_ai_files)} new file(s) created by AI-attributed commits in {b.period}.")
    return out
