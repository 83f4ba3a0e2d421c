"""X-Ray: function-level history inside one file (CodeScene's X-Ray).

For every commit that changed the file (renames followed, merges excluded,
as in the scan), the zero-context diff against its parent
(:mod:`xray_diff`) gives the changed line ranges.  Removed lines are mapped
onto the functions of the *old* blob, added lines onto the functions of the
*new* blob, each blob measured by the scan's own analyzers
(:func:`metrics.analyze_blob`: radon for Python, lizard otherwise).  A
function is changed by a commit when a changed range overlaps its
``line..end_line``; its churn is the number of overlapping lines.

Functions are known by name (``Class.method`` for Python methods), so a
function that moves inside the file keeps its history.  A rename is
followed when a commit touches exactly one function that disappears and
exactly one that appears: the new name takes over the old one's history.

Per function: revisions, added/deleted lines, churn, authors, first and
last change; in the hotspot window: revisions, churn, fix commits and fix
churn; complexity at each period end; the function hotspot score (the file
formula, ``F_rev(window revisions) x F_cx(complexity)`` over the file's
functions); and change coupling between the file's functions (code-maat's
definitions, :mod:`coupling`).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from debt_explorer.core.cache import Cache
from debt_explorer.core.churn import author_key, chronological
from debt_explorer.core.coupling import Changeset, CouplingOptions, CouplingPair, analyse
from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.fixes import fix_shas
from debt_explorer.core.hotspots import hotspot_scores
from debt_explorer.core.metrics import ANALYZER_VERSION, analyze_blob
from debt_explorer.core.models import Commit, FileChange, FunctionMetrics, Phase, Progress, ScanResult
from debt_explorer.core.trends import months_before, span_of
from debt_explorer.core.xray_diff import Hunk, file_diffs

XRAY_VERSION = "xray-1"


@dataclass(frozen=True, slots=True)
class FunctionHistory:
    """One function of the file at the scanned ref and its history."""

    name: str
    line: int
    end_line: int
    complexity: int
    revisions: int
    added: int
    deleted: int
    authors: int
    first_change: int | None
    last_change: int | None
    window_revisions: int
    window_churn: int
    fix_commits: int
    fix_churn: int
    hotspot_score: float
    #: (period label, complexity at the period's end or None when the function did not exist)
    complexity_trend: tuple[tuple[str, int | None], ...] = ()
    renamed_from: tuple[str, ...] = ()
    #: the commits that changed the function, oldest first
    shas: tuple[str, ...] = ()

    @property
    def churn(self) -> int:
        return self.added + self.deleted


@dataclass(frozen=True, slots=True)
class XRay:
    path: str
    revisions: int
    functions: tuple[FunctionHistory, ...]
    coupling: tuple[CouplingPair, ...]
    unparsed_revisions: int = 0
    warnings: tuple[str, ...] = field(default=())

    def function(self, name: str) -> FunctionHistory | None:
        return next((f for f in self.functions if f.name == name), None)


@dataclass(slots=True)
class _Acc:
    revisions: int = 0
    added: int = 0
    deleted: int = 0
    authors: set[str] = field(default_factory=set)
    first: int | None = None
    last: int | None = None
    window_revisions: int = 0
    window_churn: int = 0
    fix_commits: int = 0
    fix_churn: int = 0
    renamed_from: list[str] = field(default_factory=list)
    shas: list[str] = field(default_factory=list)

    def merge(self, other: _Acc, old_name: str) -> None:
        self.revisions += other.revisions
        self.added += other.added
        self.deleted += other.deleted
        self.authors |= other.authors
        self.first = min(x for x in (self.first, other.first) if x is not None) if (self.first or other.first) else None
        self.last = max(x for x in (self.last, other.last) if x is not None) if (self.last or other.last) else None
        self.window_revisions += other.window_revisions
        self.window_churn += other.window_churn
        self.fix_commits += other.fix_commits
        self.fix_churn += other.fix_churn
        self.renamed_from.extend([*other.renamed_from, old_name])
        self.shas = sorted(set(self.shas) | set(other.shas), key=(other.shas + self.shas).index)


def overlap(start: int, count: int, function: FunctionMetrics) -> int:
    """Lines of ``start .. start+count-1`` inside the function's ``line .. end_line``."""
    if count <= 0:
        return 0
    return max(0, min(start + count - 1, function.end_line) - max(start, function.line) + 1)


def changed_lines(hunks: Sequence[Hunk], old: Sequence[FunctionMetrics], new: Sequence[FunctionMetrics]
                  ) -> tuple[dict[str, int], dict[str, int]]:
    """(deleted lines per old function, added lines per new function) for one file diff."""
    deleted: dict[str, int] = {}
    added: dict[str, int] = {}
    for hunk in hunks:
        for function in old:
            lines = overlap(hunk.old_start, hunk.old_count, function)
            if lines:
                deleted[function.name] = deleted.get(function.name, 0) + lines
        for function in new:
            lines = overlap(hunk.new_start, hunk.new_count, function)
            if lines:
                added[function.name] = added.get(function.name, 0) + lines
    return deleted, added


class _Functions:
    """Function lists of blobs, measured once each (the scan's metric cache first when there is one)."""

    def __init__(self, repo: str, cache: Cache | None = None) -> None:
        from debt_explorer.core.git_history import BlobReader

        self.reader = BlobReader(repo)
        self.cache = cache
        self.memo: dict[str, tuple[tuple[FunctionMetrics, ...], bool]] = {}

    def of(self, blob: str | None, path: str) -> tuple[tuple[FunctionMetrics, ...], bool]:
        if blob is None:
            return (), True
        if blob not in self.memo:
            metrics = None
            if self.cache is not None:
                metrics = self.cache.get_metrics([blob], ANALYZER_VERSION).get(blob)
            if metrics is None:
                data = self.reader.read(blob)
                if data is None:
                    self.memo[blob] = ((), False)
                    return self.memo[blob]
                metrics = analyze_blob(path, data)
                if self.cache is not None:
                    self.cache.put_metrics([(blob, metrics)], ANALYZER_VERSION)
            self.memo[blob] = (tuple(metrics.function_list), metrics.parsed or bool(metrics.function_list))
        return self.memo[blob]

    def close(self) -> None:
        self.reader.close()


def _period_ends(result: ScanResult) -> list[tuple[str, int]]:
    ends = []
    for period in result.periods:
        ends.append((period.period, span_of(period)[1] - 1))
    return ends


def xray_file(result: ScanResult, path: str, functions: _Functions, changes: Sequence[FileChange],
              commits: Mapping[str, Commit], fixes: set[str], coupling_options: CouplingOptions | None = None,
              cancel: Callable[[], bool] | None = None) -> XRay:
    """The X-Ray of ``path`` (its identity at the scanned ref) from its resolved ``changes``."""
    record = result.file(path)
    if record is None:
        raise ScanError(f"{path} is not a code file at {result.repo.rev}")
    order = {c.sha: i for i, c in enumerate(chronological(result.commits))}
    mine = sorted((c for c in changes if not c.binary), key=lambda c: order.get(c.sha, 0))
    wanted = {c.sha: c for c in mine}
    paths = sorted({c.path for c in mine} | {c.old_path for c in mine if c.old_path})
    until = result.repo.last_commit_date or 0
    since = months_before(until, result.options.window_months)
    acc: dict[str, _Acc] = {}
    states: list[tuple[int, dict[str, int]]] = []
    sets: list[Changeset] = []
    unparsed = 0
    seen: set[str] = set()
    renamed: dict[str, str] = {}
    for diff in file_diffs(result.repo.path, [c.sha for c in mine], paths, cancel):
        change = wanted.get(diff.sha)
        if change is None or diff.sha in seen or diff.new_path != change.path:
            continue
        seen.add(diff.sha)
        commit = commits[diff.sha]
        old, old_ok = functions.of(diff.old_blob, diff.old_path or change.path)
        new, new_ok = functions.of(diff.new_blob, change.path)
        unparsed += not (old_ok and new_ok)
        deleted, added = changed_lines(diff.hunks, old, new)
        old_names, new_names = {f.name for f in old}, {f.name for f in new}
        vanished = [n for n in deleted if n not in new_names]
        appeared = [n for n in added if n not in old_names]
        if len(vanished) == 1 and len(appeared) == 1 and vanished[0] in acc:
            acc.setdefault(appeared[0], _Acc()).merge(acc.pop(vanished[0]), vanished[0])
            renamed[vanished[0]] = appeared[0]
            deleted[appeared[0]] = deleted.pop(vanished[0]) + deleted.get(appeared[0], 0)
        touched = sorted(set(deleted) | set(added))
        when = commit.committer_date
        in_window = since < when <= until
        for name in touched:
            item = acc.setdefault(name, _Acc())
            churn = deleted.get(name, 0) + added.get(name, 0)
            item.revisions += 1
            item.shas.append(diff.sha)
            item.added += added.get(name, 0)
            item.deleted += deleted.get(name, 0)
            item.authors.add(author_key(commit))
            item.first = when if item.first is None else min(item.first, when)
            item.last = when if item.last is None else max(item.last, when)
            if in_window:
                item.window_revisions += 1
                item.window_churn += churn
                if diff.sha in fixes:
                    item.fix_commits += 1
                    item.fix_churn += churn
        states.append((when, {f.name: f.complexity for f in new}))
        sets.append(Changeset(diff.sha, when, tuple(touched)))
    at_ref, _ = functions.of(record.blob, path)
    trend_points = _trends(states, _period_ends(result))
    window = [acc[f.name].window_revisions if f.name in acc else 0 for f in at_ref]
    scores = hotspot_scores(window, [f.complexity for f in at_ref])
    histories = []
    for function, score in zip(at_ref, scores):
        item = acc.get(function.name, _Acc())
        histories.append(FunctionHistory(
            name=function.name, line=function.line, end_line=function.end_line, complexity=function.complexity,
            revisions=item.revisions, added=item.added, deleted=item.deleted, authors=len(item.authors),
            first_change=item.first, last_change=item.last, window_revisions=item.window_revisions,
            window_churn=item.window_churn, fix_commits=item.fix_commits, fix_churn=item.fix_churn,
            hotspot_score=score, complexity_trend=tuple((label, _lookup(points, function.name, item.renamed_from))
                                                        for label, points in trend_points),
            renamed_from=tuple(item.renamed_from), shas=tuple(item.shas)))
    histories.sort(key=lambda f: (-f.hotspot_score, -f.window_revisions, -f.revisions, f.line))
    names = {f.name for f in at_ref}
    pairs = analyse([Changeset(c.sha, c.when, tuple(_latest(n, renamed) for n in c.files)) for c in sets],
                    coupling_options or CouplingOptions(code_only=False), lambda name: name in names).pairs
    return XRay(path, len(seen), tuple(histories), pairs, unparsed)


def _latest(name: str, renamed: Mapping[str, str]) -> str:
    """The name a function has after every rename seen (a name may be reused later: stop on a cycle)."""
    seen = {name}
    while name in renamed and renamed[name] not in seen:
        name = renamed[name]
        seen.add(name)
    return name


def _lookup(points: Mapping[str, int], name: str, older: Sequence[str]) -> int | None:
    """The function's complexity under its name, or under the last older name it had then."""
    for candidate in (name, *reversed(older)):
        if candidate in points:
            return points[candidate]
    return None


def _trends(states: Sequence[tuple[int, dict[str, int]]], ends: Sequence[tuple[str, int]]
            ) -> list[tuple[str, dict[str, int]]]:
    points = []
    cursor, current = 0, {}
    ordered = sorted(states, key=lambda s: s[0])
    for label, end in ends:
        while cursor < len(ordered) and ordered[cursor][0] <= end:
            current = ordered[cursor][1]
            cursor += 1
        points.append((label, current))
    return points


def top_hotspot_paths(result: ScanResult, top: int = 20) -> list[str]:
    ranked = sorted((f for f in result.files if f.hotspot_rank is not None), key=lambda f: f.hotspot_rank or 0)
    return [f.path for f in ranked[:top]]


def run_xray(result: ScanResult, paths: Iterable[str] | None = None, top: int = 20,
             coupling_options: CouplingOptions | None = None, cache: Cache | None = None,
             cancel: Callable[[], bool] | None = None) -> Generator[Progress, None, dict[str, XRay]]:
    """X-Ray ``paths`` (default: the ``top`` hotspot files); yields Progress, returns path -> XRay."""
    targets = list(paths) if paths is not None else top_hotspot_paths(result, top)
    by_file: dict[str, list[FileChange]] = {}
    wanted = set(targets)
    for change in result.changes:
        if change.file in wanted:
            by_file.setdefault(change.file, []).append(change)
    commits = {c.sha: c for c in result.commits}
    fixes = fix_shas(result.commits)
    reader = _Functions(result.repo.path, cache)
    found: dict[str, XRay] = {}
    try:
        for index, path in enumerate(targets):
            if cancel is not None and cancel():
                raise ScanCancelled()
            yield Progress(Phase.METRICS, index, len(targets), f"X-Ray {path}")
            found[path] = xray_file(result, path, reader, by_file.get(path, []), commits, fixes, coupling_options,
                                    cancel)
        yield Progress(Phase.METRICS, len(targets), len(targets), "X-Ray done")
    finally:
        reader.close()
    return found
