"""Retrospective: two periods side by side, the files that moved, and findings in plain language.

A file's churn "jumped" when it at least doubled and grew by 10 lines or more.

Default comparison: the last *full* period against the one before.  The newest
period counts as full when the scanned history reaches its end (a commit on
or after its last day); otherwise it is still running and the two before it
are compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from debt_explorer.core.models import PeriodStats, ScanResult


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


def default_periods(result: ScanResult) -> tuple[str, str]:
    labels = [p.period for p in result.periods]
    if len(labels) < 2:
        raise ValueError("a retrospective needs at least two periods")
    last = result.periods[-1]
    end = int(datetime.combine(date.fromisoformat(last.end), datetime.min.time(), timezone.utc).timestamp())
    full = (result.repo.last_commit_date or 0) >= end
    if full or len(labels) < 3:
        return labels[-2], labels[-1]
    return labels[-3], labels[-2]


def _bounds(period: PeriodStats) -> tuple[int, int]:
    start = int(datetime.combine(date.fromisoformat(period.start), datetime.min.time(), timezone.utc).timestamp())
    end = int(datetime.combine(date.fromisoformat(period.end), datetime.min.time(), timezone.utc).timestamp()) + 86400
    return start, end


def _churn(result: ScanResult, period: PeriodStats) -> dict[str, int]:
    start, end = _bounds(period)
    dates = {c.sha: c.committer_date for c in result.commits}
    churn: dict[str, int] = {}
    for change in result.changes:
        if start <= dates.get(change.sha, 0) < end and not change.binary:
            churn[change.file] = churn.get(change.file, 0) + change.churn
    return churn


def compare_periods(result: ScanResult, before: str | None = None, after: str | None = None,
                    top: int = 10) -> Retrospective:
    if before is None or after is None:
        before, after = default_periods(result)
    by_label = {p.period: p for p in result.periods}
    if before not in by_label or after not in by_label:
        raise ValueError(f"unknown period: choose from {', '.join(by_label)}")
    first, second = by_label[before], by_label[after]
    points = {path: {p.period: p for p in series} for path, series in result.file_series.items()}
    deltas = [FileDelta(path, s[before].complexity if before in s else 0, s[after].complexity)
              for path, s in points.items() if after in s]
    up = tuple(sorted((d for d in deltas if d.change > 0), key=lambda d: (-d.change, d.path))[:top])
    down = tuple(sorted((d for d in deltas if d.change < 0), key=lambda d: (d.change, d.path))[:top])
    churn_before, churn_after = _churn(result, first), _churn(result, second)
    jumps = tuple(sorted((FileDelta(p, churn_before.get(p, 0), n) for p, n in churn_after.items()
                          if n >= 2 * churn_before.get(p, 0) and n - churn_before.get(p, 0) >= 10),
                         key=lambda d: (-d.change, d.path))[:top])
    hot_after, hot_before = _hotspots_at(result, after), _hotspots_at(result, before)
    ai_files = _ai_files_new_in(result, second)
    retro = Retrospective(first, second, tuple(sorted(hot_after - hot_before)), tuple(sorted(hot_before - hot_after)),
                          up, down, jumps, ai_files, ())
    return Retrospective(**{**{f: getattr(retro, f) for f in retro.__slots__}, "findings": tuple(findings(result, retro))})


def _hotspots_at(result: ScanResult, period: str) -> set[str]:
    """Files that were hotspots at ``period``'s end (window ending there), as the scan recorded them."""
    return set(result.period_hotspots.get(period, ()))


def _ai_files_new_in(result: ScanResult, period: PeriodStats) -> tuple[str, ...]:
    start, end = _bounds(period)
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
    if a.ai_rework_share is not None:
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
            start, end = _bounds(b)
            dates = {c.sha: c.committer_date for c in result.commits}
            ai_files = {c.file for c in result.changes if c.sha in ai and dates.get(c.sha, 0) < end}
            rework_in_ai = sum(c.maintenance for c in result.changes
                               if start <= dates.get(c.sha, 0) < end and c.file in ai_files and not c.binary)
            line += (f"; {100 * rework_in_ai / b.maintenance_churn:.0f}% of that rework was in files that "
                     "AI-attributed commits had touched by then")
        out.append(line + ".")
    if b.ai_rework_share is not None and b.rework_lines:
        out.append(rework_finding(a, b))
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
    if retro.new_ai_files:
        out.append(f"{len(retro.new_ai_files)} new file(s) created by AI-attributed commits in {b.period}.")
    return out
