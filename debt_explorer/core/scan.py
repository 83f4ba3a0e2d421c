"""``run_scan``: the whole scan as one cancellable generator.

    result = yield from run_scan(path, options)          # inside another generator
    for progress in (gen := run_scan(path)): ...          # or drive it by hand

Steps (each a :class:`Phase`): open and validate the repository; read the
history (only commits the cache does not know); take a snapshot tree at every
period end; measure every distinct blob once (cache first, then a process
pool); attribute AI; aggregate per file and per period.  ``cancel()`` is
checked between steps and between batches; a cancelled scan raises
:class:`ScanCancelled` and leaves only whole rows in the cache.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from concurrent.futures import ThreadPoolExecutor
import time
from typing import Callable, Generator

from debt_explorer.core import git_history as gh
from debt_explorer.core.aggregate import build_file_records, build_periods, snapshot_plan
from debt_explorer.core.cache import Cache, CacheError
from debt_explorer.core.churn import chronological, resolve_identities
from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.gitsafe import GitError
from debt_explorer.core.measure import measure_blobs
from debt_explorer.core.models import (Commit, FileChange, Phase, Progress, RepoInfo, ScanResult, ScanStats,
                                       Skipped)
from debt_explorer.core.options import DEFAULT_EXCLUDES, ScanOptions
from debt_explorer.core.paths import PathFilter
from debt_explorer.core.result_cache import load_result, result_key, store_result

ScanGenerator = Generator[Progress, None, ScanResult]


def run_scan(repo_path: str, options: ScanOptions | None = None, *,
             cancel: Callable[[], bool] | None = None) -> ScanGenerator:
    """Scan ``repo_path``; yields :class:`Progress`, returns a :class:`ScanResult`.

    Raises :class:`ScanError` (a one-line message for the user) or :class:`ScanCancelled`.
    """
    options = options or ScanOptions()
    should_stop = cancel or (lambda: False)
    cache: Cache | None = None
    try:
        if options.use_cache:
            try:
                cache = Cache(options.cache_dir)
            except (CacheError, OSError) as exc:
                raise ScanError(str(exc)) from None
        inner = _scan(repo_path, options, should_stop, cache)
        try:
            while True:
                try:
                    progress = next(inner)
                except StopIteration as stop:
                    return stop.value
                yield progress
                if should_stop():  # between every two steps, like superqt's GeneratorWorker
                    raise ScanCancelled()
        finally:
            inner.close()
    except GitError as exc:
        raise ScanError(f"git failed: {exc}") from None
    finally:
        if cache is not None:
            cache.close()


def _check(cancel: Callable[[], bool]) -> None:
    if cancel():
        raise ScanCancelled()


def _scan(repo_path: str, options: ScanOptions, cancel: Callable[[], bool], cache: Cache | None) -> ScanGenerator:
    started = time.perf_counter()
    phase_seconds: dict[str, float] = {}
    warnings: list[str] = list(cache.warnings) if cache else []
    mark = time.perf_counter()

    yield Progress(Phase.OPEN, 0, 1, "opening repository")
    facts = gh.open_repository(repo_path, options.rev)
    repo = facts.path
    if facts.shallow:
        warnings.append("shallow clone: history before the oldest fetched commit is missing; "
                        "figures cover only the commits present")
    yield Progress(Phase.OPEN, 1, 1, "repository opened")
    phase_seconds["open"] = time.perf_counter() - mark
    _check(cancel)

    # --- history (read in a background thread while snapshots are measured) -------------------
    mark = time.perf_counter()
    dated = gh.list_commits(repo, facts.head, options.since, options.until)
    if not dated:
        raise ScanError(f"{repo}: no commits between {options.since or 'the start'} and "
                        f"{options.until or 'now'} on {options.rev}")
    shas = [sha for sha, _ in dated]
    key = None
    if cache is not None:
        key = _result_key(repo, facts.head, dated, options)
        cached = load_result(cache.directory, key)
        if cached is not None:
            yield Progress(Phase.AGGREGATE, 1, 1, "unchanged since the last scan: result loaded from the cache")
            return replace(cached, warnings=tuple(dict.fromkeys([*warnings, *cached.warnings])),
                           stats=ScanStats(seconds=time.perf_counter() - started, commits_from_cache=len(shas),
                                           blobs_from_cache=cached.stats.blobs_analysed + cached.stats.blobs_from_cache,
                                           phase_seconds={"result cache": time.perf_counter() - mark}))
    history = _HistoryReader(repo, shas, cache, cancel)
    history.start()
    lines = None
    try:
        yield Progress(Phase.HISTORY, history.done, len(shas), f"{len(shas)} commits")

        # --- snapshots ----------------------------------------------------------------------
        chain = gh.first_parent_chain(repo, facts.head)
        plan = snapshot_plan([when for _, when in dated], chain, options)
        lines = _start_provenance(repo, plan, options, cache, cancel)
        trees: dict[str, dict[str, tuple[str, int]]] = {}
        snapshot_commits = sorted({sha for sha in plan.snapshots if sha} | {plan.ref_commit})
        with ThreadPoolExecutor(max_workers=4) as pool:  # git does the work; threads only wait
            for index, (sha, tree) in enumerate(zip(snapshot_commits, pool.map(
                    lambda commit: gh.list_tree(repo, commit), snapshot_commits)), start=1):
                trees[sha] = tree
                if index % 10 == 0:
                    yield Progress(Phase.SNAPSHOTS, index, len(snapshot_commits), "reading trees")
                    _check(cancel)
        yield Progress(Phase.SNAPSHOTS, len(snapshot_commits), len(snapshot_commits), "trees read")
        phase_seconds["snapshots"] = time.perf_counter() - mark

        # --- metrics ----------------------------------------------------------------------------
        mark = time.perf_counter()
        path_filter = PathFilter(options.include, options.exclude,
                                 DEFAULT_EXCLUDES if options.use_default_excludes else ())
        measured = yield from measure_blobs(repo, plan.ref_commit, trees, path_filter, options, cache, cancel)
        phase_seconds["metrics"] = time.perf_counter() - mark
        _check(cancel)

        while not history.finished.wait(0.2):
            yield Progress(Phase.HISTORY, history.done, len(shas), "reading history")
            _check(cancel)
    except BaseException:
        if lines is not None:
            lines.stop()
        raise
    finally:
        history.stop()
    commits, changes_by_commit, history_skips, from_cache = history.outcome()
    skipped = [*history_skips, *measured.skipped]
    yield Progress(Phase.HISTORY, len(shas), len(shas), "history read")
    phase_seconds["history"] = history.seconds
    boundaries = [period.end for period in plan.periods]
    ordered = sorted(commits, key=lambda c: c.committer_date, reverse=True)
    resolved, aliases = resolve_identities(ordered, changes_by_commit, boundaries)

    try:
        # --- files at the ref, attribution, periods --------------------------------------------
        mark = time.perf_counter()
        commit_map = {c.sha: c for c in commits}
        chrono = chronological(ordered)
        range_end = max(c.committer_date for c in commits)
        files = build_file_records(trees[plan.ref_commit], measured, resolved, commit_map, chrono,
                                   changes_by_commit, range_end, options)
        ai_outcome = None
        prov = yield from lines.wait()  # attribution takes surviving lines from it
        phase_seconds["provenance"] = lines.seconds
        if lines.failure:
            warnings.append(f"line provenance could not run: {lines.failure}")
        if options.ai:
            ai_outcome = yield from _attribute(repo, plan.ref_commit, commits, resolved, files, measured, cache,
                                               options, cancel, line_tally=_line_tally(prov))
            if ai_outcome is not None:
                files = tuple(replace(record, ai=ai_outcome.files.get(record.path)) for record in files)
        periods, series, period_hotspots = build_periods(plan, trees, measured, chrono, changes_by_commit, aliases,
                                        {f.path for f in files}, options, ai_outcome, files, measured.is_code_path)
        phase_seconds["aggregate"] = time.perf_counter() - mark
        periods, files, survival, trucks = _finish_provenance(
            prov, repo, plan, periods, files, commits, resolved, ai_outcome, measured, options, range_end,
            skipped, phase_seconds)
        yield Progress(Phase.AGGREGATE, 1, 1, "done")
    finally:
        lines.stop()
        measured.close()
    info = RepoInfo(path=repo, rev=options.rev, head=plan.ref_commit, commits_scanned=len(commits),
                    first_commit_date=min(c.committer_date for c in commits),
                    last_commit_date=range_end, shallow=facts.shallow, bare=facts.bare, branch=facts.branch)
    ai_commits = ()
    if ai_outcome is not None:
        ai_commits = tuple(ai_outcome.commits[c.sha] for c in commits
                           if c.sha in ai_outcome.commits and ai_outcome.commits[c.sha].kind != "human")
    stats = ScanStats(seconds=time.perf_counter() - started, commits_from_cache=from_cache,
                      commits_read=len(shas) - from_cache, blobs_analysed=measured.analysed,
                      blobs_from_cache=measured.from_cache, phase_seconds=phase_seconds)
    result = ScanResult(repo=info, options=options, files=files, periods=periods, skipped=tuple(skipped),
                      commits=tuple(commits), changes=tuple(resolved), file_series=series,
                      ai_commits=ai_commits, warnings=tuple(warnings), stats=stats,
                      functions={f.path: measured.metrics[f.blob].function_list for f in files},
                      period_hotspots=period_hotspots, survival=survival, truck_factors=trucks)
    if cache is not None and key is not None:
        store_result(cache.directory, key, result)
    return result


def _result_key(repo: str, head: str, dated: list[tuple[str, int]], options: ScanOptions) -> str:
    from debt_explorer.core.ai.attribution import ATTRIBUTION_VERSION
    from debt_explorer.core.ai.style_model import model_digest
    from debt_explorer.core.metrics import ANALYZER_VERSION

    try:
        notes = gh.run_git(repo, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/notes/"]).decode()
    except GitError:
        notes = ""
    return result_key(repo, head, dated, notes, options, (ANALYZER_VERSION, gh.HISTORY_VERSION, ATTRIBUTION_VERSION,
                                                               model_digest()))


def _start_provenance(repo, plan, options, cache, cancel):  # noqa: ANN001,ANN202
    """Line provenance on a background thread, overlapping the metric workers (docs/provenance.md)."""
    from debt_explorer.core.provenance.runner import ProvenanceRun, track_for

    if not options.lines:
        return ProvenanceRun.disabled()
    track, key = track_for(options)
    run = ProvenanceRun(repo, plan.ref_commit, plan.snapshots, track, cache.directory if cache is not None else None,
                        cancel, track_key=key)
    run.start()
    return run


def _line_tally(prov):  # noqa: ANN001,ANN202
    """{origin sha: lines} per file at the ref, from line provenance (None: no pass, blame as before)."""
    if prov is None:
        return None
    from debt_explorer.core.provenance.figures import origin_tally

    return lambda path: origin_tally(prov, path) if path in prov.final else None


def _finish_provenance(prov, repo, plan, periods, files, commits, resolved, ai_outcome, measured, options,  # noqa: ANN001,ANN202
                       range_end, skipped, phase_seconds):
    """Add the line-provenance figures (none when the pass did not run)."""
    from debt_explorer.core.provenance.runner import enrich
    from debt_explorer.core.trends import months_before

    if prov is None:
        return periods, files, None, {}
    mark = time.perf_counter()
    kinds = {sha: a.kind for sha, a in ai_outcome.commits.items()} if ai_outcome is not None else None
    periods, files, survival, trucks, lost = enrich(
        repo, prov, plan, periods, files, commits, resolved, kinds, measured.is_code_path, range_end,
        months_before(range_end, options.window_months), options.period)
    skipped.extend(lost)
    phase_seconds["provenance figures"] = time.perf_counter() - mark
    return periods, files, survival, trucks


def _attribute(repo, head, commits, resolved, files, measured, cache, options, cancel,  # noqa: ANN001,ANN202
               line_tally=None):  # noqa: ANN001
    """AI attribution (disclosed traces, surviving AI lines, style observations); yields its progress."""
    from debt_explorer.core.ai.attribution import attribute

    return (yield from attribute(repo, head, commits, resolved, files, measured.read_text, cache,
                                 options.workers, cancel, line_tally=line_tally))


class _HistoryReader:
    """Reads the commits the cache lacks (``git log --numstat``) on a background thread.

    git does the work in its own process; this thread only parses its output,
    so it overlaps well with the metric workers.
    """

    def __init__(self, repo: str, shas: list[str], cache: Cache | None, cancel: Callable[[], bool]) -> None:
        self.repo, self.shas, self.cancel = repo, shas, cancel
        self.cache_dir = cache.directory if cache is not None else None
        self.loaded: dict[str, tuple[Commit, list[FileChange]]] = {}
        if cache is not None:
            known = cache.known_commits(shas, gh.HISTORY_VERSION)
            for commit, changes in cache.get_commits(known, gh.HISTORY_VERSION):
                self.loaded[commit.sha] = (commit, changes)
        self.from_cache = len(self.loaded)
        self.done = self.from_cache
        self.skipped: list[Skipped] = []
        self.error: BaseException | None = None
        self.finished = threading.Event()
        self._stopping = False
        self._started = time.perf_counter()
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="history-reader", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        self._thread.join()

    def _run(self) -> None:
        try:
            missing = [sha for sha in self.shas if sha not in self.loaded]
            if missing:
                reader = gh.read_commits(self.repo, missing, lambda: self._stopping or self.cancel())
                try:
                    while True:
                        self.done = self.from_cache + next(reader)
                except StopIteration as stop:
                    fresh, self.skipped = stop.value
                bad = {s.path for s in self.skipped}
                if self.cache_dir is not None:
                    with Cache(self.cache_dir) as cache:  # one connection per thread
                        cache.put_commits([(c, ch) for c, ch in fresh if c.sha not in bad], gh.HISTORY_VERSION)
                for commit, changes in fresh:
                    self.loaded[commit.sha] = (commit, changes)
            self.done = len(self.shas)
        except BaseException as exc:  # re-raised on the scan's thread by outcome()
            self.error = exc
        finally:
            self.seconds = time.perf_counter() - self._started
            self.finished.set()

    def outcome(self) -> tuple[list[Commit], dict[str, list[FileChange]], list[Skipped], int]:
        if self.error is not None:
            raise self.error
        commits = [self.loaded[sha][0] for sha in self.shas if sha in self.loaded]  # newest first (topological)
        changes = {sha: self.loaded[sha][1] for sha in self.shas
                   if sha in self.loaded and not self.loaded[sha][0].is_merge}
        return commits, changes, self.skipped, self.from_cache
