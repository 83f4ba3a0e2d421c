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
        return (yield from _scan(repo_path, options, should_stop, cache))
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

    # --- history ---------------------------------------------------------------------------
    mark = time.perf_counter()
    shas = gh.list_commits(repo, facts.head, options.since, options.until)
    if not shas:
        raise ScanError(f"{repo}: no commits between {options.since or 'the start'} and "
                        f"{options.until or 'now'} on {options.rev}")
    yield Progress(Phase.HISTORY, 0, len(shas), f"{len(shas)} commits")
    loaded: dict[str, tuple[Commit, list[FileChange]]] = {}
    if cache is not None:
        known = cache.known_commits(shas, gh.HISTORY_VERSION)
        for commit, changes in cache.get_commits(known, gh.HISTORY_VERSION):
            loaded[commit.sha] = (commit, changes)
    from_cache = len(loaded)
    missing = [sha for sha in shas if sha not in loaded]
    skipped: list[Skipped] = []
    if missing:
        reader = gh.read_commits(repo, missing, cancel)
        try:
            while True:
                done = next(reader)
                yield Progress(Phase.HISTORY, from_cache + done, len(shas), "reading history")
        except StopIteration as stop:
            fresh, history_skips = stop.value
        skipped.extend(history_skips)
        if cache is not None:
            good = [(c, ch) for c, ch in fresh if not any(s.path == c.sha for s in history_skips)]
            cache.put_commits(good, gh.HISTORY_VERSION)
        for commit, changes in fresh:
            loaded[commit.sha] = (commit, changes)
    commits = [loaded[sha][0] for sha in shas if sha in loaded]  # newest first (topological)
    changes_by_commit = {sha: loaded[sha][1] for sha in shas if sha in loaded and not loaded[sha][0].is_merge}
    yield Progress(Phase.HISTORY, len(shas), len(shas), "history read")
    phase_seconds["history"] = time.perf_counter() - mark
    _check(cancel)

    # --- snapshots ------------------------------------------------------------------------
    mark = time.perf_counter()
    chain = gh.first_parent_chain(repo, facts.head)
    plan = snapshot_plan(commits, chain, options)
    boundaries = [period.end for period in plan.periods]
    ordered = sorted(commits, key=lambda c: c.committer_date, reverse=True)
    resolved, aliases = resolve_identities(ordered, changes_by_commit, boundaries)
    trees: dict[str, dict[str, tuple[str, int]]] = {}
    snapshot_commits = sorted({sha for sha in plan.snapshots if sha} | {plan.ref_commit})
    for index, sha in enumerate(snapshot_commits, start=1):
        trees[sha] = gh.list_tree(repo, sha)
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
    skipped.extend(measured.skipped)
    phase_seconds["metrics"] = time.perf_counter() - mark
    _check(cancel)

    # --- files at the ref, attribution, periods --------------------------------------------
    mark = time.perf_counter()
    commit_map = {c.sha: c for c in commits}
    chrono = chronological(ordered)
    range_end = max(c.committer_date for c in commits)
    files = build_file_records(trees[plan.ref_commit], measured, resolved, commit_map, chrono,
                               changes_by_commit, range_end, options)
    ai_outcome = None
    if options.ai:
        ai_outcome = yield from _attribute(repo, plan.ref_commit, commits, resolved, files, measured, cache,
                                           options, cancel)
        if ai_outcome is not None:
            from dataclasses import replace

            files = tuple(replace(record, ai=ai_outcome.files.get(record.path)) for record in files)
    periods, series = build_periods(plan, trees, measured, chrono, changes_by_commit, aliases,
                                    {f.path for f in files}, options, ai_outcome, files, measured.is_code_path)
    phase_seconds["aggregate"] = time.perf_counter() - mark
    yield Progress(Phase.AGGREGATE, 1, 1, "done")

    measured.close()
    info = RepoInfo(path=repo, rev=options.rev, head=plan.ref_commit, commits_scanned=len(commits),
                    first_commit_date=min(c.committer_date for c in commits),
                    last_commit_date=range_end, shallow=facts.shallow, bare=facts.bare, branch=facts.branch)
    ai_commits = ()
    if ai_outcome is not None:
        ai_commits = tuple(ai_outcome.commits[c.sha] for c in commits
                           if c.sha in ai_outcome.commits and ai_outcome.commits[c.sha].kind != "human")
    stats = ScanStats(seconds=time.perf_counter() - started, commits_from_cache=from_cache,
                      commits_read=len(missing), blobs_analysed=measured.analysed,
                      blobs_from_cache=measured.from_cache, phase_seconds=phase_seconds)
    return ScanResult(repo=info, options=options, files=files, periods=periods, skipped=tuple(skipped),
                      commits=tuple(commits), changes=tuple(resolved), file_series=series,
                      ai_commits=ai_commits, warnings=tuple(warnings), stats=stats)


def _attribute(repo, head, commits, resolved, files, measured, cache, options, cancel):  # noqa: ANN001,ANN202
    """Run AI attribution when the attribution package is installed; yields its progress."""
    try:
        from debt_explorer.core.ai.attribution import attribute
    except ImportError:
        return None
    outcome = yield from attribute(repo, head, commits, resolved, files, measured.read_text, cache,
                                   options.workers, cancel)
    return outcome
