"""Reading the history on a background thread: the whole of it, and the hotspot window's commits first.

:class:`HistoryReader` takes the commits the cache holds (decoded on its own thread and connection) and reads the
others with ``git log --numstat`` (:func:`debt_explorer.core.git_history.read_commits`), saving them for the next
scan.  :func:`window_reader` starts a second one over the hotspot window's commits when the whole history is long
to read, so the first result does not wait for it.  Errors are raised on the scan's thread by
:meth:`HistoryReader.outcome`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from debt_explorer.core import git_history as gh
from debt_explorer.core.aggregate import SnapshotPlan
from debt_explorer.core.cache import Cache, CacheError
from debt_explorer.core.history import History
from debt_explorer.core.models import Commit, FileChange, Skipped
from debt_explorer.core.options import ScanOptions

#: A history this long (commits still to read) gets a first result from its hotspot window alone.
QUICK_HISTORY_COMMITS = 3000


def window_reader(repo: str, dated: list[tuple[str, int]], history: HistoryReader, options: ScanOptions,
                   cancel: Callable[[], bool]) -> HistoryReader | None:
    """A second reader of the hotspot window's commits only, when the whole history is long to read.

    Reading sphinx's 22k commits takes 20-30 s; its last 12 months take 1-2 s, which is all the ref's
    hotspots need (churn and revisions in the window).  The commits are read twice, which costs the
    window's share of the history (about 5 % on sphinx); nothing is written to the cache from it.
    """
    from debt_explorer.core.trends import months_before

    if len(dated) - history.from_cache < QUICK_HISTORY_COMMITS:
        return None
    newest = max(when for _, when in dated)
    start = months_before(newest, options.window_months)
    window = [sha for sha, when in dated if when >= start]
    if not window or len(window) * 3 > len(dated):
        return None
    reader = HistoryReader(repo, window, None, cancel, [])
    reader.start()
    return reader


def history_of(reader: HistoryReader, plan: SnapshotPlan) -> History:
    """The history, read and resolved once (renames, identities), for the partial and the final result."""
    commits, changes_by_commit, skipped, from_cache = reader.outcome()
    return History.build(commits, changes_by_commit, skipped, from_cache, [period.end for period in plan.periods])



class HistoryReader:
    """Reads the commits the cache lacks (``git log --numstat``) on a background thread.

    git does the work in its own process; this thread only parses its output,
    so it overlaps well with the metric workers.
    """

    def __init__(self, repo: str, shas: list[str], cache: Cache | None, cancel: Callable[[], bool],
                 notes: list[str]) -> None:
        self.repo, self.shas, self.cancel, self.notes = repo, shas, cancel, notes
        self.cache_dir = cache.directory if cache is not None else None
        self.main_cache = cache
        self.loaded: dict[str, tuple[Commit, list[FileChange]]] = {}
        # Only which commits are cached is asked here (fast); the rows are decoded on the reader's thread,
        # overlapping the tree listing and the metric workers (0.5 s for sphinx's 22k commits).
        self._known = cache.known_commits(shas, gh.HISTORY_VERSION) if cache is not None else set()
        self.from_cache = len(self._known)
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

    def _load_cached(self) -> None:
        if not self._known or self.cache_dir is None:
            return
        try:
            with Cache(self.cache_dir) as cache:  # one connection per thread
                for commit, changes in cache.get_commits(self._known, gh.HISTORY_VERSION):
                    self.loaded[commit.sha] = (commit, changes)
                self.notes.extend(cache.warnings)
        except CacheError as exc:
            self.notes.append(f"{exc}; history is read from git")
        self.from_cache = self.done = len(self.loaded)

    def _run(self) -> None:
        try:
            self._load_cached()
            missing = [sha for sha in self.shas if sha not in self.loaded]
            if missing:
                reader = gh.read_commits(self.repo, missing, lambda: self._stopping or self.cancel())
                try:
                    while True:
                        self.done = self.from_cache + next(reader)
                except StopIteration as stop:
                    fresh, self.skipped = stop.value
                bad = {s.path for s in self.skipped}
                if self.cache_dir is not None and self.main_cache is not None and self.main_cache.usable:
                    try:  # never write into a cache found damaged on this run
                        with Cache(self.cache_dir) as cache:  # one connection per thread
                            cache.put_commits([(c, ch) for c, ch in fresh if c.sha not in bad], gh.HISTORY_VERSION)
                            self.notes.extend(cache.warnings)
                    except CacheError as exc:
                        self.notes.append(f"{exc}; history was not saved in the cache")
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
