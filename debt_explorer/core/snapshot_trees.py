"""The trees of a scan's snapshots: the scanned ref's at once, every other one on a background thread.

The metric workers start on the ref's blobs as soon as the ref's tree is known;
the period-end trees (from the cache, else ``git ls-tree``: sphinx has 77) are
read meanwhile, while the workers measure, instead of before them.  Both
sources are those of :mod:`debt_explorer.core.tree_cache`: a commit names its
tree, so a cached tree never changes, and trees listed here are saved for the
next scan.  The background thread opens its own cache connection (SQLite
connections stay on their thread) and never writes into a cache the scan found
damaged or read-only.  Its error, if any, is raised on the scan's thread by
:meth:`SnapshotTrees.others`, which also waits for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from debt_explorer.core.cache import Cache, CacheError
from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.tree_cache import Tree, load_trees, save_trees
from debt_explorer.core.trees import TreeLister


class SnapshotTrees:
    """``ref_tree()`` on the caller's thread, then ``start()`` the others and collect them with ``others()``."""

    def __init__(self, repo: str, ref: str, commits: Sequence[str], cache: Cache | None,
                 cancel: Callable[[], bool], notes: list[str]) -> None:
        self.repo, self.ref, self.cancel, self.notes = repo, ref, cancel, notes
        self.commits = [sha for sha in dict.fromkeys(commits) if sha != ref]
        self.cache = cache
        #: symlink and gitlink paths of every tree read (thread-safe: the lister locks)
        self.lister = TreeLister(repo)
        self.seconds = 0.0
        self._found: dict[str, Tree] = {}
        self._error: BaseException | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="snapshot-trees", daemon=True)

    @property
    def special(self) -> set[str]:
        return self.lister.special

    def ref_tree(self) -> Tree:
        """The ref's tree, from the cache or git, on the caller's thread (with the caller's cache connection)."""
        started = time.perf_counter()
        cached = load_trees(self.cache, [self.ref]).get(self.ref)
        if cached is not None:
            tree, special = cached
            self.lister.add_special(special)
        else:
            tree = self.lister(self.ref)
            save_trees(self.cache, {self.ref: (tree, self.lister.special_of[self.ref])})
        self.seconds += time.perf_counter() - started
        return tree

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """End the thread early (cancel, error): it stops between two trees."""
        self._stopping = True
        if self._thread.is_alive():
            self._thread.join()

    def others(self) -> dict[str, Tree]:
        """Every other snapshot's tree; waits for the thread and raises what it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._found

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            connection = self._connection()
            try:
                for sha, (tree, special) in load_trees(connection, self.commits).items():
                    self._found[sha] = tree
                    self.lister.add_special(special)
                unlisted = [sha for sha in self.commits if sha not in self._found]
                with ThreadPoolExecutor(max_workers=4) as pool:  # git does the work; threads only wait
                    for sha, tree in zip(unlisted, pool.map(self._list, unlisted)):
                        self._found[sha] = tree
                save_trees(connection, {sha: (self._found[sha], self.lister.special_of[sha]) for sha in unlisted})
                if connection is not None:
                    self.notes.extend(connection.warnings)
            finally:
                if connection is not None:
                    connection.close()
        except BaseException as exc:  # raised on the scan's thread by others()
            self._error = exc
        finally:
            self.seconds += time.perf_counter() - started

    def _list(self, sha: str) -> Tree:
        if self._stopping or self.cancel():
            raise ScanCancelled()
        return self.lister(sha)

    def _connection(self) -> Cache | None:
        """This thread's own connection to the scan's cache; ``None`` without one, or when it cannot be used."""
        if self.cache is None or not self.cache.usable:
            return None
        try:
            return Cache(self.cache.directory)
        except CacheError as exc:
            self.notes.append(f"{exc}; snapshot trees are read from git")
            return None
