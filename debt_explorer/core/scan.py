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
from collections.abc import Callable, Generator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from debt_explorer.core import git_history as gh
from debt_explorer.core.aggregate import SnapshotPlan, build_file_records, build_periods, snapshot_plan
from debt_explorer.core.cache import Cache, CacheError
from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.fixes import FIXES_VERSION, with_fix_figures
from debt_explorer.core.gitsafe import GitError, run_git
from debt_explorer.core.history import History
from debt_explorer.core.history_reader import HistoryReader, history_of, window_reader
from debt_explorer.core.measure import Measured, measure_blobs
from debt_explorer.core.metric_pool import Extra
from debt_explorer.core.models import (
    Commit,
    FileRecord,
    PeriodStats,
    Phase,
    Progress,
    RepoInfo,
    ScanResult,
    ScanStats,
    Skipped,
    Survival,
    TruckFactor,
)
from debt_explorer.core.options import DEFAULT_EXCLUDES, ScanOptions
from debt_explorer.core.paths import PathFilter
from debt_explorer.core.result_cache import load_result, result_key, store_result
from debt_explorer.core.tree_cache import load_trees, save_trees

if TYPE_CHECKING:
    from debt_explorer.core.ai.attribution import AiOutcome
    from debt_explorer.core.ai.provenance import ProvenanceRecord
    from debt_explorer.core.models import CommitAttribution
    from debt_explorer.core.provenance.runner import ProvenanceRun
    from debt_explorer.core.provenance.state import Provenance

ScanGenerator = Generator[Progress, None, ScanResult]


def run_scan(repo_path: str, options: ScanOptions | None = None, *,
             cancel: Callable[[], bool] | None = None) -> ScanGenerator:
    """Scan ``repo_path``; yields :class:`Progress`, returns a :class:`ScanResult`.

    Raises :class:`ScanError` (a one-line message for the user) or :class:`ScanCancelled`.
    """
    options = options or ScanOptions()
    should_stop = cancel or (lambda: False)
    cache: Cache | None = None
    # Cache problems are said on this run only: they are never stored in a cached result.
    notes: list[str] = []
    try:
        if options.use_cache:
            try:
                cache = Cache(options.cache_dir)
            except CacheError as exc:
                notes.append(f"{exc}; scanning without the cache")
        inner = _scan(repo_path, options, should_stop, cache, notes)
        try:
            while True:
                try:
                    progress = next(inner)
                except StopIteration as stop:
                    result: ScanResult = stop.value
                    if cache is not None:
                        notes[:0] = cache.warnings
                    fresh = [note for note in dict.fromkeys(notes) if note not in result.warnings]
                    return replace(result, warnings=(*fresh, *result.warnings)) if fresh else result
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


def _scan(repo_path: str, options: ScanOptions, cancel: Callable[[], bool], cache: Cache | None,
          notes: list[str]) -> ScanGenerator:
    started = time.perf_counter()
    phase_seconds: dict[str, float] = {}
    warnings: list[str] = []
    mark = time.perf_counter()

    yield Progress(Phase.OPEN, 0, 1, "opening repository")
    facts = gh.open_repository(repo_path, options.rev)
    repo = facts.path
    if facts.shallow:
        warnings.append("shallow clone: history before the oldest fetched commit is missing; "
                        "figures cover only the commits present")
    provenance = None
    if options.ai and options.ai_provenance:
        from debt_explorer.core.ai.provenance import load_provenance

        provenance = load_provenance(options.ai_provenance)  # bad input: one line, before any work
    yield Progress(Phase.OPEN, 1, 1, "repository opened")
    phase_seconds["open"] = time.perf_counter() - mark
    _check(cancel)

    # --- a warm scan: the stored result, found before any walk of the history -------------------
    mark = time.perf_counter()
    key = None
    if cache is not None:
        key = _result_key(repo, facts, options)
        cached = load_result(cache.directory, key)
        if cached is not None:
            yield Progress(Phase.AGGREGATE, 1, 1, "unchanged since the last scan: result loaded from the cache")
            return replace(cached, warnings=tuple(dict.fromkeys([*warnings, *cached.warnings])),
                           stats=ScanStats(seconds=time.perf_counter() - started,
                                           commits_from_cache=len(cached.commits),
                                           blobs_from_cache=cached.stats.blobs_analysed + cached.stats.blobs_from_cache,
                                           phase_seconds={"result cache": time.perf_counter() - mark}))

    # --- history (read in a background thread while snapshots are measured) -------------------
    dated = gh.list_commits(repo, facts.head, options.since, options.until)
    if not dated:
        raise ScanError(f"{repo}: no commits between {options.since or 'the start'} and "
                        f"{options.until or 'now'} on {options.rev}")
    shas = [sha for sha, _ in dated]
    undated = sum(1 for _, when in dated if when == 0)
    if undated:
        warnings.append(f"{undated} commit(s) have an unusable committer date (malformed or past year 9999): "
                        "counted in file totals, in no period")
    history = HistoryReader(repo, shas, cache, cancel, notes)
    history.start()
    quick = window_reader(repo, dated, history, options, cancel)
    lines = None
    try:
        yield Progress(Phase.HISTORY, history.done, len(shas), f"{len(shas)} commits")

        # --- snapshots ----------------------------------------------------------------------
        chain = gh.first_parent_chain(repo, facts.head)
        plan = snapshot_plan([when for _, when in dated], chain, options)
        lines = _start_provenance(repo, plan, options, cache, cancel)
        trees: dict[str, dict[str, tuple[str, int]]] = {}
        snapshot_commits = sorted({sha for sha in plan.snapshots if sha} | {plan.ref_commit})
        lister = gh.TreeLister(repo)  # sizes from the object database in a partial clone (nothing fetched)
        for sha, (tree, special) in load_trees(cache, snapshot_commits).items():  # a commit's tree never changes
            trees[sha] = tree
            lister.special |= special
        unlisted = [sha for sha in snapshot_commits if sha not in trees]
        with ThreadPoolExecutor(max_workers=4) as pool:  # git does the work; threads only wait
            for index, (sha, tree) in enumerate(zip(unlisted, pool.map(lister, unlisted)), start=1):
                trees[sha] = tree
                if index % 10 == 0:
                    yield Progress(Phase.SNAPSHOTS, index, len(unlisted), "reading trees")
                    _check(cancel)
        save_trees(cache, {sha: (trees[sha], lister.special_of[sha]) for sha in unlisted})
        yield Progress(Phase.SNAPSHOTS, len(snapshot_commits), len(snapshot_commits), "trees read")
        phase_seconds["snapshots"] = time.perf_counter() - mark

        # --- metrics: the ref's files first, then every other snapshot's ------------------------
        mark = time.perf_counter()
        path_filter = PathFilter(options.include, options.exclude,
                                 DEFAULT_EXCLUDES if options.use_default_excludes else ())
        at_ref = yield from measure_blobs(repo, plan.ref_commit, {plan.ref_commit: trees[plan.ref_commit]},
                                          path_filter, options, cache, cancel, keep_chunks=True)
        at_ref.not_files |= lister.special  # symlinks and submodules named like code: no churn either
        digest: History | None = None
        ref_files: tuple[FileRecord, ...] | None = None
        first_shown = False
        # With AI attribution, the workers extract the style features of the ref's blobs they just measured, first
        # thing in the second pass: after the first view, never on the scan's own thread.
        styled = {blob: path for path, (blob, _) in trees[plan.ref_commit].items()
                  if blob in at_ref.measured_here and at_ref.counted(path, blob) is not None} if options.ai else {}
        rest = measure_blobs(repo, plan.ref_commit, trees, path_filter, options, cache, cancel, known=at_ref,
                             extra=_style_features() if styled else None, extra_for=styled)
        try:
            while True:
                try:
                    progress = next(rest)
                except StopIteration as stop:
                    measured = stop.value
                    break
                if not first_shown and history.finished.is_set():
                    # First useful view: the ref's hotspots, while the other snapshots are still measured.
                    digest = history_of(history, plan)
                    partial = _partial(progress, facts, options, plan, trees, at_ref, digest, warnings, started)
                    ref_files = partial.partial.files if partial.partial is not None else None
                    yield partial
                    first_shown = True
                elif not first_shown and quick is not None and quick.finished.is_set() and quick.error is None:
                    # ... or, while a long history is still read, from the hotspot window's commits alone.
                    note = (f"first result from the last {options.window_months} months of history "
                            f"({len(quick.shas):,} of {len(shas):,} commits): all-time figures follow")
                    yield _partial(progress, facts, options, plan, trees, at_ref, history_of(quick, plan),
                                   [*warnings, note], started)
                    first_shown = True
                yield progress
        finally:
            rest.close()
        measured.not_files |= lister.special
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
        if quick is not None:
            quick.stop()
    if digest is None:
        digest = history_of(history, plan)
        if not first_shown:
            partial = _partial(Progress(Phase.HISTORY, len(shas), len(shas), "history read"), facts, options, plan,
                               trees, at_ref, digest, warnings, started)
            ref_files = partial.partial.files if partial.partial is not None else None
            yield partial
    commits, from_cache = digest.commits, digest.from_cache
    skipped = [*digest.skipped, *measured.skipped]
    yield Progress(Phase.HISTORY, len(shas), len(shas), "history read")
    phase_seconds["history"] = history.seconds

    try:
        # --- files at the ref, attribution, periods --------------------------------------------
        mark = time.perf_counter()
        # The first view's records are final ones: same history, the ref's blobs measured alike (at_ref's
        # metrics are measured's for every blob at the ref), so they are not built twice.
        files = ref_files if ref_files is not None else build_file_records(trees[plan.ref_commit], measured,
                                                                             digest, options)
        ai_outcome = None
        prov = yield from lines.wait()  # attribution takes surviving lines from it
        phase_seconds["provenance"] = lines.seconds
        if lines.failure:
            warnings.append(f"line provenance could not run: {lines.failure}")
        if options.ai:
            ai_mark = time.perf_counter()
            ai_outcome = yield from _attribute(repo, plan.ref_commit, digest, files, measured, cache,
                                               options, cancel, provenance, line_tally=_line_tally(prov))
            if ai_outcome is not None:
                files = tuple(replace(record, ai=ai_outcome.files.get(record.path)) for record in files)
            phase_seconds["attribution"] = time.perf_counter() - ai_mark
        periods, series, period_hotspots = build_periods(plan, trees, measured, digest, {f.path for f in files},
                                                         options, ai_outcome, files, measured.is_code_path)
        files, periods = with_fix_figures(files, periods, plan.periods, digest, options.window_months,
                                          measured.is_code_path)
        phase_seconds["aggregate"] = time.perf_counter() - mark - phase_seconds.get("attribution", 0.0)
        periods, files, survival, trucks = _finish_provenance(
            prov, repo, plan, periods, files, digest, ai_outcome, measured, options, skipped, phase_seconds)
        yield Progress(Phase.AGGREGATE, 1, 1, "done")
    finally:
        lines.stop()
        measured.close()
    info = _repo_info(facts, options, plan.ref_commit, commits)
    ai_commits: tuple[CommitAttribution, ...] = ()
    if ai_outcome is not None:
        # One count (docs/metrics.md): merges are never AI or bot commits, as they are not commits per period;
        # an agent-branch merge's trace lives on in the evidence of the commits it brought in.
        ai_commits = tuple(ai_outcome.commits[c.sha] for c in commits if not c.is_merge
                           and c.sha in ai_outcome.commits and ai_outcome.commits[c.sha].kind != "human")
    stats = ScanStats(seconds=time.perf_counter() - started, commits_from_cache=from_cache,
                      commits_read=len(shas) - from_cache, blobs_analysed=measured.analysed,
                      blobs_from_cache=measured.from_cache, phase_seconds=phase_seconds)
    result = ScanResult(repo=info, options=options, files=files, periods=periods, skipped=tuple(skipped),
                      commits=commits, changes=digest.resolved, file_series=series,
                      ai_commits=ai_commits, warnings=tuple(warnings), stats=stats,
                      functions={f.path: measured.metrics[f.blob].function_list for f in files},
                      period_hotspots=period_hotspots, survival=survival, truck_factors=trucks)
    if cache is not None and key is not None and cache.usable and not cache.read_only:
        problem = store_result(cache.directory, key, result)
        if problem:
            notes.append(problem)
    return result


def _repo_info(facts: gh.RepoFacts, options: ScanOptions, ref: str, commits: Sequence[Commit]) -> RepoInfo:
    return RepoInfo(path=facts.path, rev=options.rev, head=ref, commits_scanned=len(commits),
                    first_commit_date=min((c.committer_date for c in commits if c.committer_date), default=0),
                    last_commit_date=max(c.committer_date for c in commits), shallow=facts.shallow,
                    bare=facts.bare, branch=facts.branch)


def _partial(progress: Progress, facts: gh.RepoFacts, options: ScanOptions, plan: SnapshotPlan,
             trees: dict[str, dict[str, tuple[str, int]]], at_ref: Measured, digest: History,
             warnings: list[str], started: float) -> Progress:
    """``progress`` carrying the first useful result: the ref's files ranked, no periods, no AI yet."""
    ref = plan.ref_commit
    files = build_file_records(trees[ref], at_ref, digest, options)
    partial = ScanResult(repo=_repo_info(facts, options, ref, digest.commits), options=options, files=files,
                         periods=(), skipped=tuple(at_ref.skipped), commits=digest.commits,
                         changes=digest.resolved, file_series={}, warnings=tuple(warnings),
                         stats=ScanStats(seconds=time.perf_counter() - started),
                         functions={f.path: at_ref.metrics[f.blob].function_list for f in files})
    return replace(progress, message=f"{progress.message} · first result: {len(files)} files at the ref",
                   partial=partial)


def _result_key(repo: str, facts: gh.RepoFacts, options: ScanOptions) -> str:
    from debt_explorer.core.ai.attribution import ATTRIBUTION_VERSION
    from debt_explorer.core.ai.provenance import provenance_digest
    from debt_explorer.core.ai.style_model import model_digest
    from debt_explorer.core.metrics import ANALYZER_VERSION

    try:
        notes = run_git(repo, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/notes/",
                                  "refs/heads/entire/checkpoints/"]).decode()  # AI notes, agent-session records
    except GitError:
        notes = ""
    versions = (ANALYZER_VERSION, gh.HISTORY_VERSION, ATTRIBUTION_VERSION, model_digest(),
                provenance_digest(options.ai_provenance), FIXES_VERSION)
    return result_key(repo, facts.head, _shallow_state(facts), notes, options, versions)


def _shallow_state(facts: gh.RepoFacts) -> str:
    """A digest of a shallow clone's boundary (deepening it changes the history under the same head)."""
    if not facts.shallow:
        return ""
    import hashlib
    from pathlib import Path

    try:
        return hashlib.sha256((Path(facts.git_dir) / "shallow").read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


def _start_provenance(repo: str, plan: SnapshotPlan, options: ScanOptions, cache: Cache | None,
                      cancel: Callable[[], bool]) -> ProvenanceRun:
    """Line provenance on a background thread, overlapping the metric workers (docs/provenance.md)."""
    from debt_explorer.core.provenance.runner import ProvenanceRun, track_for

    if not options.lines:
        return ProvenanceRun.disabled()
    track, key = track_for(options)
    run = ProvenanceRun(repo, plan.ref_commit, plan.snapshots, track,
                        str(cache.directory) if cache is not None else None,
                        cancel, track_key=key)
    run.start()
    return run


def _line_tally(prov: Provenance | None) -> Callable[[str], dict[str, int] | None] | None:
    """{origin sha: lines} per file at the ref, from line provenance (None: no pass, blame as before)."""
    if prov is None:
        return None
    from debt_explorer.core.provenance.figures import origin_tally

    def tally(path: str) -> dict[str, int] | None:
        return origin_tally(prov, path) if path in prov.final else None

    return tally


def _finish_provenance(prov: Provenance | None, repo: str, plan: SnapshotPlan, periods: tuple[PeriodStats, ...],
                       files: tuple[FileRecord, ...], history: History, ai_outcome: AiOutcome | None,
                       measured: Measured, options: ScanOptions, skipped: list[Skipped],
                       phase_seconds: dict[str, float],
                       ) -> tuple[tuple[PeriodStats, ...], tuple[FileRecord, ...], Survival | None,
                                  dict[str, TruckFactor]]:
    """Add the line-provenance figures (none when the pass did not run)."""
    from debt_explorer.core.provenance.runner import enrich
    from debt_explorer.core.trends import months_before

    if prov is None:
        return periods, files, None, {}
    mark = time.perf_counter()
    kinds = {sha: a.kind for sha, a in ai_outcome.commits.items()} if ai_outcome is not None else None
    periods, files, survival, trucks, lost = enrich(
        repo, prov, plan, periods, files, history, kinds, measured.is_code_path,
        months_before(history.range_end, options.window_months), options.period, options.window_months)
    skipped.extend(lost)
    phase_seconds["provenance figures"] = time.perf_counter() - mark
    return periods, files, survival, trucks


def _attribute(repo: str, head: str, history: History, files: tuple[FileRecord, ...], measured: Measured,
               cache: Cache | None, options: ScanOptions, cancel: Callable[[], bool],
               provenance: Mapping[str, ProvenanceRecord] | None = None,
               line_tally: Callable[[str], dict[str, int] | None] | None = None,
               ) -> Generator[Progress, None, AiOutcome | None]:
    """AI attribution (disclosed traces, surviving AI lines, style observations); yields its progress."""
    from debt_explorer.core.ai.attribution import attribute

    return (yield from attribute(repo, head, history.commits, history.resolved, files, measured.read_text, cache,
                                 options.workers, cancel, provenance, line_tally=line_tally,
                                 style_made=measured.extras))


def _style_features() -> Extra:
    from debt_explorer.core.ai.style_cache import blob_features

    return blob_features
