"""Line provenance inside a scan: a background pass overlapping the metric workers, then the figures.

``ProvenanceRun`` starts the pass on its own thread as soon as the scan knows
its ref and period snapshots (git does the diffing in its own process; this
thread parses), continuing from the state persisted for an earlier scan when
there is one (:mod:`.store`).  ``enrich`` adds the figures to the periods, the
files and the result once attribution is known.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.gitsafe import GitError
from debt_explorer.core.models import (
    FileRecord,
    PeriodStats,
    Phase,
    Progress,
    Skipped,
    Survival,
    TruckFactor,
)
from debt_explorer.core.provenance.engine import is_code_file, trace
from debt_explorer.core.provenance.figures import Figures, read_origins
from debt_explorer.core.provenance.knowledge import period_losses, window_of
from debt_explorer.core.provenance.state import Provenance
from debt_explorer.core.provenance.truck import truck_factors

if TYPE_CHECKING:
    from debt_explorer.core.aggregate import SnapshotPlan
    from debt_explorer.core.history import History
    from debt_explorer.core.options import ScanOptions


class ProvenanceRun:
    """The pass on a background thread; :meth:`wait` re-raises its error on the scan's thread."""

    def __init__(self, repo: str, head: str, snapshots: Sequence[str | None], track: Callable[[str], bool],
                 cache_dir: str | None, cancel: Callable[[], bool], track_key: str = "") -> None:
        self.repo, self.head, self.track, self.cache_dir = repo, head, track, cache_dir
        self.track_key = track_key
        self.keep = {sha for sha in snapshots if sha}
        self.cancel = cancel
        self.progress = Progress(Phase.HISTORY, 0, 1, "line provenance")
        self.result: Provenance | None = None
        self.error: BaseException | None = None
        self.failure = ""  # why the pass could not run (git failed, the cache could not be read): a warning
        self.seconds = 0.0
        self.from_cache = False
        self.finished = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="line-provenance", daemon=True)

    @classmethod
    def disabled(cls) -> ProvenanceRun:
        """A run that was never started (``ScanOptions.lines`` off): waits for nothing, gives nothing."""
        run = cls("", "", (), lambda path: False, None, lambda: False)
        run.finished.set()
        return run

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        if self._thread.is_alive():
            self._thread.join()

    def _stop(self) -> bool:
        return self._stopping or self.cancel()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            from debt_explorer.core.provenance import store

            base = None
            if self.cache_dir is not None:
                base = store.load(self.cache_dir, self.repo, self.head, self.keep, self.track_key)
            if base is not None and base.head == self.head:
                self.result, self.from_cache = base, True
                return
            generator = trace(self.repo, self.head, track=self.track, keep=self.keep, base=base, cancel=self._stop,
                              materialize=store.blame_materializer(self.repo, self.track))
            try:
                while True:
                    self.progress = next(generator)
            except StopIteration as stop:
                self.result = stop.value
            if self.cache_dir is not None and self.result is not None:
                store.save(self.cache_dir, self.repo, self.result, self.track_key)
        except BaseException as exc:  # re-raised on the scan's thread by wait()
            self.error = exc
        finally:
            self.seconds = time.perf_counter() - started
            self.finished.set()

    def wait(self) -> Generator[Progress, None, Provenance | None]:
        while not self.finished.wait(0.2):
            yield self.progress
            if self.cancel():
                raise ScanCancelled()
        if isinstance(self.error, (GitError, OSError)):
            self.failure = str(self.error).splitlines()[0] if str(self.error) else type(self.error).__name__
            return None  # the scan goes on without these figures, with a warning saying why
        if self.error is not None:
            raise self.error
        return self.result


def enrich(repo: str, prov: Provenance, plan: SnapshotPlan, periods: Sequence[PeriodStats],
           files: Sequence[FileRecord], history: History, kinds: Mapping[str, str] | None,
           is_code: Callable[[str], bool], active_since: int, period_kind: str,
           window_months: int | None = None,
           ) -> tuple[tuple[PeriodStats, ...], tuple[FileRecord, ...], Survival, dict[str, TruckFactor], list[Skipped]]:
    """Periods, files, survival and truck factors with the line-provenance figures added."""
    commits, resolved, range_end = history.commits, history.resolved, history.range_end
    from debt_explorer.core.ai.traces import BOT_PATTERN

    def looks_bot(name: str, email: str) -> bool:
        return bool(BOT_PATTERN.search(name) or BOT_PATTERN.search(email))

    with_ai = kinds is not None
    origins = read_origins(repo, prov, kinds, looks_bot)
    plan_periods = plan.periods
    figures = Figures(prov, origins, [p.start for p in plan_periods], [p.end for p in plan_periods],
                      [p.label for p in plan_periods], plan.snapshots, is_code, with_ai, period_kind)
    lines = figures.periods()
    new_periods = tuple(replace(stats, **{name: getattr(extra, name) for name in extra.__dataclass_fields__})
                        for stats, extra in zip(periods, lines))
    window = window_months if window_months is not None else window_of(history.range_end, active_since)
    if window is not None:
        losses = period_losses(figures, history.range_end, window)
        new_periods = tuple(replace(stats, **{name: getattr(loss, name) for name in loss.__dataclass_fields__})
                            for stats, loss in zip(new_periods, losses))
    if not with_ai:
        new_periods = tuple(replace(p, rework_ai_lines=None, ai_rework_share=None) for p in new_periods)
    by_path = figures.file_origins([f.path for f in files], range_end, active_since)
    new_files = tuple(replace(f, line_origins=by_path.get(f.path)) for f in files)
    commit_map = history.commit_map
    bots = {c.sha for c in commits if (kinds or {}).get(c.sha) == "bot" or looks_bot(c.author_name, c.author_email)}
    names = {(c.author_email or c.author_name).strip().lower(): c.author_name for c in reversed(commits)}
    trucks = truck_factors([f.path for f in files], resolved, commit_map, bots.__contains__,
                           lambda key: names.get(key, key))
    return new_periods, new_files, figures.survival(), trucks, list(prov.skipped)


def track_for(options: ScanOptions) -> tuple[Callable[[str], bool], str]:
    """Files the pass follows (code languages inside the scan's include/exclude globs) and a key naming them."""
    import json

    from debt_explorer.core.options import DEFAULT_EXCLUDES
    from debt_explorer.core.paths import PathFilter

    include, exclude = tuple(options.include), tuple(options.exclude)
    defaults = bool(options.use_default_excludes)
    path_filter = PathFilter(include, exclude, DEFAULT_EXCLUDES if defaults else ())
    key = json.dumps([list(include), list(exclude), defaults])
    return (lambda path: is_code_file(path) and bool(path_filter(path))), key
