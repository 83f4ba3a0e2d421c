"""X-Ray: function-level history inside one file (CodeScene's X-Ray), following lines like ``git log -L``.

Each function of the file at the scanned ref (radon for Python, the scan's
analyzers otherwise) is a line range.  One ``git log -m -p -U0`` stream over
every path the file had (:mod:`xray_diff`) is walked children first, and
each range is followed backwards through every diff the way git's
``line-log.c`` does (:mod:`xray_track`): a commit counts for a function when
a hunk overlaps the function's lines *in that commit's version*, and the
range is then mapped to the parent's coordinates.  A function that moved,
was renamed, or whose file was renamed keeps its history; lines moved in
from elsewhere are not followed (as with git).  Old revisions are never
parsed, except the one blob a period end needs for the complexity trend
(:mod:`xray_trend`, memoised and cached).

Functions that no longer exist at the scanned ref are not listed: the X-Ray
is of the file as it is (as ``git log -L`` can only start from today's lines).

Per function: revisions, added/deleted lines, churn, authors, first and
last change; in the hotspot window: revisions, churn, fix commits and fix
churn; complexity at each period end; the function hotspot score (the file
formula, ``F_rev(window revisions) x F_cx(complexity)`` over the file's
functions); and change coupling between the file's functions (code-maat's
definitions, :mod:`coupling`).
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from debt_explorer.core.cache import Cache
from debt_explorer.core.churn import author_key
from debt_explorer.core.coupling import Changeset, CouplingOptions, CouplingPair, analyse
from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.fixes import fix_shas
from debt_explorer.core.hotspots import hotspot_scores
from debt_explorer.core.languages import language_for
from debt_explorer.core.metrics import ANALYZER_VERSION, analyze_blob, decode
from debt_explorer.core.models import Commit, FileChange, FunctionMetrics, Phase, Progress, ScanResult
from debt_explorer.core.pyfunctions import python_functions
from debt_explorer.core.trends import months_before, span_of
from debt_explorer.core.xray_diff import line_log, rename_source
from debt_explorer.core.xray_track import Ranges, Tracking, track
from debt_explorer.core.xray_trend import trends

XRAY_VERSION = "xray-2"


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


class _Functions:
    """Function lists of blobs, measured once each (the scan's metric cache first when there is one)."""

    def __init__(self, repo: str, cache: Cache | None = None) -> None:
        from debt_explorer.core.git_history import BlobReader

        self.reader = BlobReader(repo)
        self.cache = cache
        self.memo: dict[str, tuple[tuple[FunctionMetrics, ...], bool]] = {}

    def of(self, blob: str | None, path: str, precise: bool = False) -> tuple[tuple[FunctionMetrics, ...], bool]:
        """The functions of ``blob``; ``precise``: Python ranges end where the syntax tree ends them (the ranges
        X-Ray follows; other blobs are only searched for the function holding most of a range)."""
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
        functions, parsed = self.memo[blob]
        if precise and functions and language_for(path) == "Python":
            data = self.reader.read(blob)
            functions = python_extents(data, functions) if data is not None else functions
        return functions, parsed

    def at_period_end(self, blob: str | None, path: str) -> tuple[tuple[FunctionMetrics, ...], bool]:
        """The functions of a period-end blob: the scan's cached metrics, else (Python) complexity only."""
        if blob is None or blob in self.memo or self.cache is not None or language_for(path) != "Python":
            return self.of(blob, path)
        data = self.reader.read(blob)
        text = decode(data) if data is not None else None
        found = python_functions(text) if text is not None else None
        self.memo[blob] = (found, True) if found is not None else ((), False)
        return self.memo[blob]

    def close(self) -> None:
        self.reader.close()


def python_extents(data: bytes, functions: Sequence[FunctionMetrics]) -> tuple[FunctionMetrics, ...]:
    """``functions`` with the end line Python's syntax tree gives each ``def`` (radon's ``endline`` is the first line
    of the last statement it visited: a function ending with a nested ``def`` ends on its own ``def`` line, one
    ending with a call spread over lines loses the call's last lines)."""
    try:
        with warnings.catch_warnings():  # invalid escape sequences in the analysed code are not our warnings
            warnings.simplefilter("ignore")
            tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # radon read it; a range stays as radon gave it
        return tuple(functions)
    ends: dict[int, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
            ends[node.lineno] = max(ends.get(node.lineno, 0), node.end_lineno)
    return tuple(replace(f, end_line=ends[f.line]) if f.line in ends and ends[f.line] > f.end_line else f
                 for f in functions)


def _period_ends(result: ScanResult) -> list[tuple[str, int]]:
    ends = []
    for period in result.periods:
        ends.append((period.period, span_of(period)[1] - 1))
    return ends


def rename_sources(changes: Iterable[FileChange]) -> dict[str, set[str]]:
    """path -> the paths the scan saw renamed to it."""
    sources: dict[str, set[str]] = {}
    for change in changes:
        if change.old_path and change.old_path != change.path:
            sources.setdefault(change.path, set()).add(change.old_path)
    return sources


def every_path(path: str, sources: Mapping[str, set[str]]) -> set[str]:
    """``path`` and every path renamed into it, transitively (the pathspec of the walk)."""
    found, todo = {path}, [path]
    while todo:
        for old in sources.get(todo.pop(), ()):
            if old not in found:
                found.add(old)
                todo.append(old)
    return found


def follow(repo: str, head: str, path: str, ranges: Mapping[str, Ranges], sources: Mapping[str, set[str]],
           cancel: Callable[[], bool] | None = None) -> Tracking:
    """Track ``ranges`` of ``path`` at ``head`` back through history (:mod:`xray_track`).

    The walk's pathspec is every path the scan saw the file have; when a tracked range reaches a commit that adds
    its file, git's line-log rename rule (the file against the files that commit deleted) may name an older
    path: it joins the pathspec and the walk is made again (rare: a file split out of another, as flask's
    ``flask/app.py`` out of ``flask.py``).
    """
    paths = every_path(path, sources)
    checked: set[tuple[str, str, str]] = set()
    for _ in range(_MAX_WALKS):
        tracking = track(line_log(repo, head, sorted(paths), cancel), path, ranges)
        found = set()
        for birth in sorted(tracking.births - checked):
            checked.add(birth)
            source = rename_source(repo, birth[1], birth[0], birth[2])
            if source is not None and source not in paths:
                found.add(source)
        if not found:
            return tracking
        paths |= found
    return tracking


_MAX_WALKS = 4


def xray_file(result: ScanResult, path: str, functions: _Functions, sources: Mapping[str, set[str]],
              commits: Mapping[str, Commit], fixes: AbstractSet[str], coupling_options: CouplingOptions | None = None,
              cancel: Callable[[], bool] | None = None) -> XRay:
    """The X-Ray of ``path`` (its identity at the scanned ref): every function's lines followed like ``git log -L``."""
    record = result.file(path)
    if record is None:
        raise ScanError(f"{path} is not a code file at {result.repo.rev}")
    at_ref, _ = functions.of(record.blob, path, precise=True)
    keys = [str(i) for i in range(len(at_ref))]
    ranges = {key: [(f.line - 1, f.end_line)] for key, f in zip(keys, at_ref)}
    tracking = follow(result.repo.path, result.repo.head, path, ranges, sources, cancel)
    until = result.repo.last_commit_date or 0
    since = months_before(until, result.options.window_months)

    def who(sha: str) -> tuple[str, int]:
        known = commits.get(sha)
        if known is not None:
            return author_key(known), known.committer_date
        seen = tracking.commits[sha]
        return (seen.author_email or seen.author_name).strip().lower(), seen.committer_date

    touched = [tracking.commits[t.sha].committer_date for ts in tracking.touches.values() for t in ts]
    points, unparsed = trends(keys, [f.name for f in at_ref], tracking.snapshots, _period_ends(result),
                              functions.at_period_end, touched)
    together: dict[str, set[str]] = {}
    rows: list[FunctionHistory] = []
    for key, function in zip(keys, at_ref):
        touches = list(reversed(tracking.touches.get(key, [])))  # oldest first
        whens = [who(t.sha) for t in touches]
        window = [(t, w) for t, (_, w) in zip(touches, whens) if since < w <= until]
        fixed = [t for t, _ in window if t.sha in fixes]
        names = [p.name for p in points[key] if p.name and p.name != function.name]
        for touch in touches:
            if not touch.merge:
                together.setdefault(touch.sha, set()).add(function.name)
        rows.append(FunctionHistory(
            name=function.name, line=function.line, end_line=function.end_line, complexity=function.complexity,
            revisions=len(touches), added=sum(t.added for t in touches), deleted=sum(t.deleted for t in touches),
            authors=len({a for a, _ in whens}), first_change=min((w for _, w in whens), default=None),
            last_change=max((w for _, w in whens), default=None), window_revisions=len(window),
            window_churn=sum(t.added + t.deleted for t, _ in window), fix_commits=len(fixed),
            fix_churn=sum(t.added + t.deleted for t in fixed), hotspot_score=0.0,
            complexity_trend=tuple((p.period, p.complexity) for p in points[key]),
            renamed_from=tuple(dict.fromkeys(names)), shas=tuple(t.sha for t in touches)))
    scores = hotspot_scores([r.window_revisions for r in rows], [r.complexity for r in rows])
    histories = [replace(row, hotspot_score=score) for row, score in zip(rows, scores)]
    histories.sort(key=lambda f: (-f.hotspot_score, -f.window_revisions, -f.revisions, f.line))
    known = {f.name for f in at_ref}
    sets = [Changeset(sha, who(sha)[1], tuple(sorted(found))) for sha, found in together.items()]
    pairs = analyse(sets, coupling_options or CouplingOptions(code_only=False), lambda name: name in known).pairs
    return XRay(path, tracking.file_revisions, tuple(histories), pairs, unparsed)


def top_hotspot_paths(result: ScanResult, top: int = 20) -> list[str]:
    ranked = sorted((f for f in result.files if f.hotspot_rank is not None), key=lambda f: f.hotspot_rank or 0)
    return [f.path for f in ranked[:top]]


def run_xray(result: ScanResult, paths: Iterable[str] | None = None, top: int = 20,
             coupling_options: CouplingOptions | None = None, cache: Cache | None = None,
             cancel: Callable[[], bool] | None = None) -> Generator[Progress, None, dict[str, XRay]]:
    """X-Ray ``paths`` (default: the ``top`` hotspot files); yields Progress, returns path -> XRay."""
    targets = list(paths) if paths is not None else top_hotspot_paths(result, top)
    sources = rename_sources(result.changes)
    commits = {c.sha: c for c in result.commits}
    fixes = fix_shas(result.commits)
    reader = _Functions(result.repo.path, cache)
    found: dict[str, XRay] = {}
    try:
        for index, path in enumerate(targets):
            if cancel is not None and cancel():
                raise ScanCancelled()
            yield Progress(Phase.METRICS, index, len(targets), f"X-Ray {path}")
            found[path] = xray_file(result, path, reader, sources, commits, fixes, coupling_options, cancel)
        yield Progress(Phase.METRICS, len(targets), len(targets), "X-Ray done")
    finally:
        reader.close()
    return found
