"""Turn history and measured snapshots into per-file records and per-period statistics.

Definitions (the README repeats them for users):

* Only *code files* count: a language radon or lizard analyses, inside the
  include/exclude globs, not skipped.  Churn of other files (docs, data) is
  not in any total.
* Per change: ``maintenance = deleted + min(added, deleted)`` (lines that
  rework existing code: the removed lines plus the added lines that replace
  them), ``new_code = added - min(added, deleted)``; ``maintenance_share =
  maintenance / (maintenance + new_code)``.
* ``commits`` and ``authors`` per period count non-merge commits.
* The snapshot of a period is the last first-parent commit of the scanned ref
  at or before the period's end; ``files``, ``sloc``, ``complexity``,
  ``mean_maintainability`` (mean MI of its Python files), ``hotspots`` and
  ``high_churn_files`` describe that tree, with hotspot windows ending at
  the period's end.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from debt_explorer.core.churn import WindowTracker, file_histories
from debt_explorer.core.history import History
from debt_explorer.core.hotspots import hotspot_ranks, hotspot_scores, is_high_churn, relative_churn
from debt_explorer.core.measure import Measured
from debt_explorer.core.models import Commit, FileChange, FilePoint, FileRecord, PeriodStats
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.trends import Period, months_before, periods_between

if TYPE_CHECKING:
    from debt_explorer.core.ai.attribution import AiOutcome

AI_TAG = "ai"


@dataclass(frozen=True)
class SnapshotPlan:
    periods: list[Period]
    snapshots: list[str | None]  # per period: the snapshot commit, None before the first commit
    ref_commit: str  # the tree whose files the scan reports


def snapshot_plan(dates: Sequence[int], chain: Sequence[tuple[str, int]], options: ScanOptions) -> SnapshotPlan:
    """Periods spanning ``dates`` (committer dates of the scanned commits) and their snapshot commits."""
    known = [when for when in dates if when > 0] or list(dates)  # 0: a malformed date, in no period
    first, last = min(known), max(known)
    periods = periods_between(first, last, options.period)
    snapshots: list[str | None] = []
    for period in periods:
        snapshots.append(next((sha for sha, when in chain if when <= period.end), None))
    ref_commit = chain[0][0]
    if options.until is not None:
        ref_commit = next((sha for sha, when in chain if when <= last), ref_commit)
    return SnapshotPlan(periods, snapshots, ref_commit)


def _scores_for(paths: Sequence[str], tracker: WindowTracker, start: int, end: int,
                complexity: Sequence[int]) -> tuple[list[tuple[int, int]], list[float]]:
    windows = [tracker.window(path, start, end) for path in paths]
    scores = hotspot_scores([w[0] for w in windows], complexity)
    return windows, scores


def build_file_records(head_tree: Mapping[str, tuple[str, int]], measured: Measured, history: History,
                       options: ScanOptions) -> tuple[FileRecord, ...]:
    """One record per code file at the scanned ref, ranked by hotspot score."""
    histories = file_histories(history.resolved, history.commit_map)
    tracker = WindowTracker()
    for commit in history.chrono:
        tracker.apply(commit, history.changes_by_commit.get(commit.sha, ()))
    range_end = history.range_end
    paths = sorted(p for p, (blob, _) in head_tree.items() if measured.counted(p, blob) is not None)
    metrics = [measured.metrics[head_tree[p][0]] for p in paths]
    start = months_before(range_end, options.window_months)
    windows, scores = _scores_for(paths, tracker, start, range_end, [m.complexity for m in metrics])
    ranks = hotspot_ranks(scores, [(w[0], m.complexity, m.sloc) for w, m in zip(windows, metrics)])
    records = []
    for path, m, (w_revs, w_churn), score, rank in zip(paths, metrics, windows, scores, ranks):
        seen = histories.get(path)
        records.append(FileRecord(
            path=path, blob=head_tree[path][0], language=m.language, sloc=m.sloc, complexity=m.complexity,
            max_complexity=m.max_complexity, functions=m.functions,
            maintainability=None if m.maintainability is None else round(m.maintainability, 2),
            parsed=m.parsed, unparsed_reason=m.reason,
            revisions=seen.revisions if seen else 0, added=seen.added if seen else 0,
            deleted=seen.deleted if seen else 0,
            churn=(seen.added + seen.deleted) if seen else 0,
            authors=len(seen.authors or ()) if seen else 0,
            first_commit_date=seen.first if seen else None,
            last_commit_date=seen.last if seen else None,
            window_revisions=w_revs, window_churn=w_churn, relative_churn=relative_churn(w_churn, m.sloc),
            hotspot_score=score, hotspot_rank=rank,
            high_churn=is_high_churn(w_churn, m.sloc, options.high_churn_ratio, options.min_high_churn_lines),
            cognitive=m.cognitive, max_cognitive=m.max_cognitive,
        ))
    records.sort(key=lambda r: (r.hotspot_rank is None, r.hotspot_rank or 0, r.path))
    return tuple(records)


def build_periods(plan: SnapshotPlan, trees: Mapping[str, Mapping[str, tuple[str, int]]], measured: Measured,
                  history: History, head_paths: set[str], options: ScanOptions,
                  ai_outcome: AiOutcome | None, files: Sequence[FileRecord],
                  is_code: Callable[[str], bool] | None = None,
                  ) -> tuple[tuple[PeriodStats, ...], dict[str, tuple[FilePoint, ...]], dict[str, tuple[str, ...]]]:
    """Per-period activity and snapshot statistics, each current file's series, and each period's hotspots."""
    code = is_code or (lambda path: path in measured.code_paths)
    chrono, changes_by_commit, aliases = history.chrono, history.changes_by_commit, history.aliases
    ai_shas: set[str] = set()
    likely: set[str] = set()
    recorded: dict[str, int] | None = None
    if ai_outcome is not None:
        recorded = ai_outcome.recorded_lines
        ai_shas = {sha for sha, attribution in ai_outcome.commits.items() if attribution.kind == "ai"}
        likely = {path for path, fa in ai_outcome.files.items() if fa is not None and fa.label == "likely"}
    starts = [p.start for p in plan.periods]
    activity = [_Activity() for _ in plan.periods]
    tracker = WindowTracker()
    series: dict[str, list[FilePoint]] = {}
    hotspots: dict[str, tuple[str, ...]] = {}
    stats: list[PeriodStats] = []
    cursor = 0
    for index, period in enumerate(plan.periods):
        while cursor < len(chrono) and chrono[cursor].committer_date <= period.end:
            commit = chrono[cursor]
            cursor += 1
            changes = changes_by_commit.get(commit.sha, ())
            is_ai = commit.sha in ai_shas
            tracker.apply(commit, changes, AI_TAG if is_ai else None)
            slot = bisect_right(starts, commit.committer_date) - 1
            if slot >= 0 and not commit.is_merge:
                activity[slot].add(commit, [c for c in changes if not c.binary and code(c.path)], is_ai,
                                   (recorded or {}).get(commit.sha, 0))
        stats.append(_period_stats(period, plan.snapshots[index], trees, measured, tracker, activity[index],
                                   aliases[index] if index < len(aliases) else {}, head_paths, likely,
                                   options, ai_outcome is not None, series, hotspots, recorded is not None))
    return tuple(stats), {path: tuple(points) for path, points in series.items()}, hotspots


class _Activity:
    __slots__ = (
        "added",
        "ai_authors",
        "ai_churn",
        "ai_commits",
        "ai_recorded",
        "authors",
        "commits",
        "deleted",
        "maintenance",
        "new",
    )

    def __init__(self) -> None:
        self.commits = 0
        self.authors: set[str] = set()
        self.added = self.deleted = self.maintenance = self.new = self.ai_commits = self.ai_churn = 0
        self.ai_authors: set[str] = set()
        self.ai_recorded = 0

    def add(self, commit: Commit, changes: Sequence[FileChange], is_ai: bool, recorded: int = 0) -> None:
        from debt_explorer.core.churn import author_key

        self.commits += 1
        self.authors.add(author_key(commit))
        for change in changes:
            self.added += change.added
            self.deleted += change.deleted
            self.maintenance += change.maintenance
            self.new += change.new_code
            if is_ai:
                self.ai_churn += change.churn
        if is_ai:
            self.ai_commits += 1
            self.ai_authors.add(author_key(commit))
            self.ai_recorded += recorded


def _period_stats(period: Period, snapshot: str | None, trees: Mapping[str, Mapping[str, tuple[str, int]]],
                  measured: Measured, tracker: WindowTracker, act: _Activity, alias: Mapping[str, str],
                  head_paths: set[str], likely: set[str], options: ScanOptions, with_ai: bool,
                  series: dict[str, list[FilePoint]], hotspot_paths: dict[str, tuple[str, ...]],
                  with_records: bool = False) -> PeriodStats:
    burden = act.maintenance + act.new
    files = sloc = complexity = hotspots = high = 0
    ai_files = ai_cx = ai_sloc = 0
    mi_values: list[float] = []
    hot: list[str] = []
    if snapshot is not None:
        tree = trees[snapshot]
        rows = [(path, m) for path, (blob, _) in tree.items() if (m := measured.counted(path, blob)) is not None]
        rows.sort(key=lambda row: row[0])
        paths = [path for path, _ in rows]
        start = months_before(period.end, options.window_months)
        windows, scores = _scores_for(paths, tracker, start, period.end, [m.complexity for _, m in rows])
        for (path, m), (_, w_churn), score in zip(rows, windows, scores):
            files += 1
            sloc += m.sloc
            complexity += m.complexity
            if m.maintainability is not None:
                mi_values.append(m.maintainability)
            identity = alias.get(path, path)
            if score >= options.hotspot_threshold:
                hotspots += 1
                hot.append(identity)
            high += is_high_churn(w_churn, m.sloc, options.high_churn_ratio, options.min_high_churn_lines)
            if with_ai and (tracker.has_tag(path, AI_TAG) or identity in likely):
                ai_files += 1
                ai_cx += m.complexity
                ai_sloc += m.sloc
            if identity in head_paths:
                series.setdefault(identity, []).append(FilePoint(period.label, m.sloc, m.complexity))
    hotspot_paths[period.label] = tuple(sorted(hot))
    return PeriodStats(
        period=period.label, start=period.start_date, end=period.end_date, commits=act.commits,
        authors=len(act.authors), added=act.added, deleted=act.deleted, churn=act.added + act.deleted,
        maintenance_churn=act.maintenance, new_code_churn=act.new,
        maintenance_share=round(act.maintenance / burden, 4) if burden else None,
        snapshot=snapshot, files=files, sloc=sloc, complexity=complexity,
        mean_maintainability=round(sum(mi_values) / len(mi_values), 2) if mi_values else None,
        hotspots=hotspots, high_churn_files=high,
        ai_commits=act.ai_commits if with_ai else None,
        ai_commit_share=(round(act.ai_commits / act.commits, 4) if act.commits else 0.0) if with_ai else None,
        ai_churn=act.ai_churn if with_ai else None,
        ai_marked_files=ai_files if with_ai else None,
        ai_complexity=ai_cx if with_ai else None,
        ai_sloc=ai_sloc if with_ai else None,
        ai_authors=len(act.ai_authors) if with_ai else None,
        ai_recorded_lines=act.ai_recorded if with_ai and with_records else None,
    )
