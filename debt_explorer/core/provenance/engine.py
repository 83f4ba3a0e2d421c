"""The forward pass: every line of every tracked file, with the commit ``git blame`` names for it.

Commits are processed parents-first (``rev-list --topo-order --reverse``).  The
state of a commit maps each tracked path to an ``int32`` array holding, per
line, an index into :attr:`Provenance.commits`.  Arrays are never changed in
place (a change builds a new array), so states share the arrays of every file
they did not change: copy-on-write at the granularity of a file.  A commit's
state is kept only until its last child has been processed.

How each commit's state is derived (what ``git blame`` does, backwards):

* single parent: the diff parent->commit (``-U0`` hunks) deletes old lines and
  inserts lines whose origin is the commit; renames move the array first.
* merge with parents P1..Pn: a file identical in some parent takes that
  parent's array whole (the first such parent; blame passes the whole file to
  it).  Otherwise each line takes the origin of the first parent, in order,
  for which the line is unchanged (outside every hunk of diff Pk->merge);
  lines no parent has belong to the merge.

Lines removed by non-merge commits are recorded (with their origins) for the
rework figures, lines inserted for births, and the state is copied at the
commits the caller wants snapshots of.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Mapping, Sequence

import numpy as np

from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.gitsafe import GitError, run_git
from debt_explorer.core.models import Phase, Progress, Skipped
from debt_explorer.core.provenance.hunks import EMPTY, Inconsistent, apply_hunks, combined_origins, unchanged_sources
from debt_explorer.core.provenance.merges import Change, StreamPlan, plan_stream
from debt_explorer.core.provenance.state import Provenance, State, _Events
from debt_explorer.core.provenance.stream import FileDiff, JobDiff, JobStream, pathspec_args

ENGINE_VERSION = "provenance-1"
_EMPTY = EMPTY
#: The "parent" of a job the engine does alone, without a diff from git (a merge that needs none).
LOCAL = "-"
#: The "parent" of a merge's one combined-diff job (the merge is named alone on git's stdin).
COMBINED = "*"


class _StreamStopped(Exception):
    """The combined-diff stream ended before a merge it should answer (git's message)."""


def commit_graph(repo: str, head: str, exclude: Iterable[str] = ()) -> list[tuple[str, tuple[str, ...]]]:
    """(sha, parents) of the commits reachable from ``head`` (not from ``exclude``), parents first."""
    args = ["rev-list", "--topo-order", "--reverse", "--parents", head]
    args += [f"^{sha}" for sha in exclude]
    out = run_git(repo, args).decode().split("\n")
    graph = []
    for line in out:
        if line:
            words = line.split()
            graph.append((words[0], tuple(words[1:])))
    return graph


class Engine:
    """One forward pass (or an incremental continuation of an earlier one)."""

    def __init__(self, repo: str, extensions: Sequence[str], track: Callable[[str], bool],
                 keep: Iterable[str] = (), base: Provenance | None = None,
                 cancel: Callable[[], bool] | None = None, materialize: Callable[[str, str], list[str] | None]
                 | None = None) -> None:
        self.repo = repo
        self.extensions = list(extensions)
        self.track = track
        self.keep = set(keep)
        self.cancel = cancel or (lambda: False)
        self.result = base if base is not None else Provenance()
        self.index: dict[str, int] = {sha: i for i, sha in enumerate(self.result.commits)}
        self.events = _Events()
        for path in self.result.paths:
            self.events.path_id(path)
        self.states: dict[str, State] = {}
        self._base = base
        self._base_head = base.head if base is not None else ""
        if base is not None and base.head:
            self.states[base.head] = dict(base.final)
        self.remaining: dict[str, int] = {}
        self.dropped: set[str] = set()
        self.materialize = materialize

    # -- the pass ------------------------------------------------------------------------------
    def run(self, graph: Sequence[tuple[str, tuple[str, ...]]], head: str) -> Generator[Progress, None, Provenance]:
        for sha, parents in graph:
            for parent in parents:
                self.remaining[parent] = self.remaining.get(parent, 0) + 1
            if sha not in self.index:
                self.index[sha] = len(self.result.commits)
                self.result.commits.append(sha)
        try:
            self.plan = plan_stream(self.repo, graph, self.extensions, self.track)
        except GitError:  # an unreadable tree: diff every merge against every parent, ask for every extension
            every = [*self.extensions, *(ext.upper() for ext in self.extensions)]
            self.plan = StreamPlan(every, {(sha, p) for sha, parents in graph for p in parents[1:]})
        jobs: list[tuple[str, str | None]] = []
        self.diffed: dict[str, tuple[str, ...]] = {}  # merge -> the parents it has diff jobs for, in order
        for sha, parents in graph:
            if len(parents) > 1 and sha in self.plan.local:
                self.diffed[sha] = ()
                jobs.append((sha, LOCAL))
            elif len(parents) > 1 and sha in self.plan.combined:
                self.diffed[sha] = (COMBINED,)
                jobs.append((sha, COMBINED))
            elif len(parents) > 1:
                wanted = (parents[0], *(p for p in parents[1:] if (sha, p) in self.plan.needy))
                self.diffed[sha] = wanted
                jobs += [(sha, parent) for parent in wanted]
            else:
                jobs.append((sha, None))
        parents_of = dict(graph)
        total = len(graph)
        done = 0
        yield Progress(Phase.HISTORY, 0, total, "line provenance")
        position = 0
        failures = 0
        while position < len(jobs):
            consumed, error = yield from self._stream(jobs[position:], parents_of, done, total)
            position += consumed
            done = sum(1 for sha, parent in jobs[:position]
                       if parent is None or parent == LOCAL or parent == self.diffed[sha][-1])
            if error is None:
                break
            failures += 1
            if position >= len(jobs):
                break
            # git stopped on a missing object in this job: drop the files it touches and go on without them.
            sha, _ = jobs[position]
            lost = self._changed_paths(sha)
            self.dropped.update(lost)
            for path in lost:
                self.result.skipped.append(Skipped(path, f"line provenance: objects missing at {sha[:12]} ({error})"))
            if failures > 50:
                self.result.skipped.append(Skipped("(provenance)", "too many missing objects: line provenance "
                                                                   "stopped"))
                break
        self.result.head = head
        self.result.final = self.states.get(head, {})
        self.result.paths = list(self.events.path_ids)
        self._flush_events()
        yield Progress(Phase.HISTORY, total, total, "line provenance done")
        return self.result

    def _stream(self, jobs: Sequence[tuple[str, str | None]], parents_of: Mapping[str, tuple[str, ...]],
                done: int, total: int) -> Generator[Progress, None, tuple[int, str | None]]:
        """Run the diff-tree processes over ``jobs``; returns how many jobs were applied and git's error.

        One process answers the commits and the merge parents that need a plain diff; a second one the
        merges read as combined diffs.  Both answer in job order, so the second is read when the pass
        reaches one of its merges.
        """
        pathspecs = pathspec_args(self.plan.extensions, sorted(self.dropped))
        main = JobStream(self.repo, [(sha, parent) for sha, parent in jobs if parent not in (LOCAL, COMBINED)],
                         pathspecs)
        combined_jobs = [(sha, None) for sha, parent in jobs if parent == COMBINED]
        side = JobStream(self.repo, combined_jobs, pathspecs, combined=True) if combined_jobs else None
        applied = 0  # jobs whose commit has been applied
        received = 0
        pending: list[JobDiff] = []

        def run_own() -> None:
            """Apply the merges git's main stream does not answer, up to the next job it answers."""
            nonlocal applied, received, done
            while received < len(jobs) and jobs[received][1] in (LOCAL, COMBINED):
                sha, parent = jobs[received]
                answer: list[JobDiff] = []
                if parent == COMBINED:
                    job = side.next_job() if side is not None else None
                    if job is None or job.sha != sha:
                        raise _StreamStopped((side.error() if side is not None else "") or
                                             f"combined diff of {sha[:12]} missing")
                    answer = [job]
                self._commit(sha, parents_of[sha], answer)
                received += 1
                applied += 1
                done += 1

        def accept(batch: list[JobDiff]) -> None:
            nonlocal applied, received, pending, done
            for job in batch:
                run_own()
                if received >= len(jobs):
                    raise GitError(f"diff stream out of step: {job.sha[:12]} after the last job")
                expected, parent = jobs[received]
                if job.sha != expected:
                    raise GitError(f"diff stream out of step: {job.sha[:12]} for {expected[:12]}")
                received += 1
                pending.append(job)
                parents = parents_of[expected]
                if parent is not None and parent != self.diffed[expected][-1]:
                    continue
                self._commit(expected, parents, pending)
                applied += len(pending)
                pending = []
                done += 1

        try:
            while main.read_some():
                accept(main.ready())
                if self.cancel():
                    raise ScanCancelled()
                yield Progress(Phase.HISTORY, done, total, "line provenance")
            accept(main.ready())
            if not pending:
                run_own()  # trailing merges, or those before the job git stopped at
        except _StreamStopped as stop:
            return applied, str(stop)
        finally:
            main.close()
            if side is not None:
                side.close()
        if main.code != 0:
            return applied, main.error()
        if applied != len(jobs):
            return applied, "git diff-tree ended early"
        return applied, None

    def _changed_paths(self, sha: str) -> list[str]:
        try:
            out = run_git(self.repo, ["diff-tree", "-r", "-z", "--root", "-m", "--no-renames", "--name-only",
                                      "--no-commit-id", sha])
        except GitError:
            return []
        return sorted({p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p})

    # -- one commit -----------------------------------------------------------------------------
    def _base_state(self, parent: str) -> State:
        state = self.states.get(parent)
        if state is None:
            state = self._boundary_state(parent)
            self.states[parent] = state
        return state

    def _boundary_state(self, sha: str) -> State:
        """A parent the pass has not seen (an incremental run's fork point).

        Files whose blob equals the one at the persisted head take the head's
        origins (the same bytes, so the same lines); the others are blamed at
        ``sha``.  Only the files changed since the fork point cost a blame.
        """
        state: State = {}
        if self.materialize is None:
            return state
        here = self._tree(sha)
        base_head = self._base_head
        there = self._tree(base_head) if base_head else {}
        base_final = self.states.get(base_head) if base_head else None
        if base_final is None and self._base is not None:
            base_final = self._base.final
        for path, blob in here.items():
            if base_final is not None and there.get(path) == blob and path in base_final:
                state[path] = base_final[path]
                continue
            shas = self.materialize(sha, path)
            if shas is not None:
                state[path] = np.array([self._id(origin) for origin in shas], dtype=np.int32)
        return state

    def _tree(self, sha: str) -> dict[str, str]:
        out = run_git(self.repo, ["ls-tree", "-r", "-z", "--full-tree", sha])
        tree: dict[str, str] = {}
        for entry in out.split(b"\0"):
            meta, _, raw = entry.partition(b"\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == b"blob":
                path = raw.decode("utf-8", "surrogateescape")
                if self.track(path) and path not in self.dropped:
                    tree[path] = parts[2].decode()
        return tree

    def _id(self, sha: str) -> int:
        index = self.index.get(sha)
        if index is None:
            index = self.index[sha] = len(self.result.commits)
            self.result.commits.append(sha)
        return index

    def _release(self, parents: Sequence[str]) -> None:
        for parent in parents:
            left = self.remaining.get(parent, 0) - 1
            self.remaining[parent] = left
            if left <= 0 and parent != self.result.head:
                self.states.pop(parent, None)

    def _take_first(self, parents: Sequence[str]) -> State:
        if not parents:
            return {}
        first = parents[0]
        base = self._base_state(first)
        if self.remaining.get(first, 0) <= 1:
            return base  # the last child takes the dict over (arrays are never changed in place)
        return dict(base)

    def _commit(self, sha: str, parents: tuple[str, ...], jobs: list[JobDiff]) -> None:
        me = self.index[sha]
        local = self.plan.local.get(sha) if len(parents) > 1 else None
        combined = self.plan.combined.get(sha) if len(parents) > 1 else None
        if local is not None:
            others = [self._base_state(p) for p in parents[1:]]
            state = dict(self._base_state(parents[0]))
            self._merge_whole(sha, state, others, local)
        elif combined is not None:
            first = self._base_state(parents[0])
            others = [self._base_state(p) for p in parents[1:]]
            state = dict(first)
            self._merge_combined(sha, me, state, [first, *others], combined, jobs[0].files if jobs else [])
        elif len(parents) <= 1:
            state = self._take_first(parents)
            self._single(sha, me, state, jobs[0].files if jobs else [])
        else:
            first = self._base_state(parents[0])
            others = [self._base_state(p) for p in parents[1:]]
            state = dict(first)
            self._merge(me, state, first, others, jobs, parents)
        self.states[sha] = state
        self._release(parents)
        for path in self.dropped:
            state.pop(path, None)
        if sha in self.keep:
            self.result.snapshots[sha] = dict(state)

    def _single(self, sha: str, me: int, state: State, files: list[FileDiff]) -> None:
        events = self.events
        olds = [state.get(diff.old_path) if diff.status != "A" else _EMPTY for diff in files]
        for diff in files:  # every old path goes first: a rename and an add may swap paths
            if diff.status in ("D", "R"):
                state.pop(diff.old_path, None)
        for diff, old in zip(files, olds):
            path = diff.path
            if old is None:
                continue  # a file the pass does not follow (binary before, or left out): nothing to attribute
            if diff.binary or not self.track(path):
                state.pop(path, None)
                continue
            removed: list[np.ndarray] = []
            try:
                new = apply_hunks(old, diff.hunks, me, removed)
            except Inconsistent as exc:
                self.result.skipped.append(Skipped(path, f"line provenance: {exc} at {sha[:12]}"))
                state.pop(path, None)
                continue
            if removed:
                # a copy: a slice would keep the file's whole old array alive for the rest of the pass
                events.removed.append((me, events.path_id(path),
                                       np.concatenate(removed) if len(removed) > 1 else removed[0].copy()))
            inserted = sum(h[3] for h in diff.hunks)
            if inserted:
                events.born.append((me, events.path_id(path), inserted))
            if diff.status != "D":
                state[path] = new

    def _merge(self, me: int, state: State, first: State, others: list[State], jobs: list[JobDiff],
               parents: Sequence[str] = ()) -> None:
        by_parent = dict(zip(self.diffed.get(self.result.commits[me], ()), jobs))
        # a parent without a diff job holds every file changed against the first parent as the same blob
        groups = [{d.path if d.status != "D" else d.old_path: d for d in job.files} if job is not None else {}
                  for job in (by_parent.get(p) for p in parents)]
        first_group = groups[0] if groups else {}
        for diff in first_group.values():  # every old path goes first: a rename and an add may swap paths
            if diff.status in ("D", "R"):
                state.pop(diff.old_path, None)
        for diff in first_group.values():
            if diff.status == "D" or diff.binary or not self.track(diff.path):
                state.pop(diff.path, None)
                continue
            if not diff.hunks and not diff.binary and diff.status in ("M", "R") and diff.old_path in first:
                state[diff.path] = first[diff.old_path]  # same blob as the first parent (a mode change, a pure rename)
                continue
            whole = self._identical_parent(diff.path, groups[1:], others)
            if whole is not None:
                state[diff.path] = whole
                continue
            base = first.get(diff.old_path, _EMPTY) if diff.status != "A" else _EMPTY
            try:
                arr = apply_hunks(base, diff.hunks, -1)
                holes = arr == -1
                for group, parent_state in zip(groups[1:], others):
                    if not holes.any():
                        break
                    other = group.get(diff.path)
                    if other is None or other.status == "A" or other.binary:
                        continue
                    source = parent_state.get(other.old_path)
                    if source is None:
                        continue
                    src = unchanged_sources(other.hunks, len(arr), len(source))
                    take = holes & (src >= 0)
                    arr[take] = source[src[take]]
                    holes &= ~take
            except Inconsistent as exc:
                self.result.skipped.append(Skipped(diff.path, f"line provenance: {exc} at a merge"))
                state.pop(diff.path, None)
                continue
            born = int(holes.sum())
            if born:
                arr[holes] = me
                self.events.born.append((me, self.events.path_id(diff.path), born))
            state[diff.path] = arr

    def _merge_whole(self, sha: str, state: State, others: list[State], changes: Sequence[Change]) -> None:
        """A merge whose changed files are each the same blob in a later parent: those arrays, whole."""
        for change in self._whole_files(sha, state, others, changes):
            state.pop(change.path, None)  # a mode change of a file the first parent's state does not follow

    def _whole_files(self, sha: str, state: State, others: list[State], changes: Sequence[Change]) -> list[Change]:
        """Apply the deletions, and the files that are the same blob in a parent; the others are returned."""
        for change in changes:
            if change.status == "D":
                state.pop(change.path, None)
        left: list[Change] = []
        for change in changes:
            path = change.path
            if change.status == "D":
                continue
            if not self.track(path):
                state.pop(path, None)
                continue
            if change.old_blob == change.new_blob and path in state:
                continue  # a mode change: the first parent's lines
            number = self.plan.identical.get((sha, path))
            if number is None:
                left.append(change)
                continue
            whole = others[number - 1].get(path)
            if whole is None:
                state.pop(path, None)  # binary or left out in that parent too
            else:
                state[path] = whole
        return left

    def _merge_combined(self, sha: str, me: int, state: State, parents: list[State], changes: Sequence[Change],
                        files: Sequence[FileDiff]) -> None:
        """A merge read as one combined diff: each line from the first parent that has it unchanged."""
        by_path = {diff.path: diff for diff in files if diff.parent_paths is not None}
        for change in self._whole_files(sha, state, parents[1:], changes):
            path = change.path
            diff = by_path.get(path)
            if diff is None or diff.binary:
                state.pop(path, None)  # binary (or, should git not list it, left out rather than guessed)
                continue
            same = next((k for k, blob in enumerate(diff.parent_blobs) if blob == diff.blob), None)
            if same is not None and diff.parent_paths and diff.parent_paths[same] is not None:
                # blame passes the file whole to the first parent holding the same blob (here: renamed)
                whole = parents[same].get(diff.parent_paths[same] or "")
                if whole is None:
                    state.pop(path, None)
                else:
                    state[path] = whole
                continue
            try:
                arr, born = combined_origins(diff, parents, me)
            except Inconsistent as exc:
                self.result.skipped.append(Skipped(path, f"line provenance: {exc} at merge {sha[:12]}"))
                state.pop(path, None)
                continue
            if born:
                self.events.born.append((me, self.events.path_id(path), born))
            state[path] = arr

    @staticmethod
    def _identical_parent(path: str, groups: Sequence[Mapping[str, FileDiff]], others: Sequence[State],
                          ) -> np.ndarray | None:
        """The array of the first later parent whose file is identical to the merge's (blame passes it whole)."""
        for group, parent_state in zip(groups, others):
            diff = group.get(path)
            if diff is None:
                if path in parent_state:
                    return parent_state[path]
                continue
            if diff.status == "R" and not diff.hunks and not diff.binary and diff.old_path in parent_state:
                return parent_state[diff.old_path]
        return None

    def _flush_events(self) -> None:
        events = self.events
        result = self.result
        if events.removed:
            lengths = np.array([len(arr) for _, _, arr in events.removed], dtype=np.int64)
            by = np.repeat(np.array([c for c, _, _ in events.removed], dtype=np.int32), lengths)
            path = np.repeat(np.array([p for _, p, _ in events.removed], dtype=np.int32), lengths)
            origin = np.concatenate([arr for _, _, arr in events.removed]).astype(np.int32)
            result.removed_by = np.concatenate([result.removed_by, by])
            result.removed_path = np.concatenate([result.removed_path, path])
            result.removed_origin = np.concatenate([result.removed_origin, origin])
        if events.born:
            table = np.array(events.born, dtype=np.int32).reshape(-1, 3)
            result.born_by = np.concatenate([result.born_by, table[:, 0]])
            result.born_path = np.concatenate([result.born_path, table[:, 1]])
            result.born_lines = np.concatenate([result.born_lines, table[:, 2]])
        events.removed, events.born = [], []


def code_extensions() -> list[str]:
    """File extensions of the languages Debt Explorer analyses (the stream's pathspec)."""
    from debt_explorer.core.languages import _EXTENSIONS, analyzer_for

    return sorted({ext.lower() for ext, language in _EXTENSIONS.items() if analyzer_for(language)})


def is_code_file(path: str) -> bool:
    from debt_explorer.core.languages import analyzer_for, language_for

    return analyzer_for(language_for(path)) is not None


def trace(repo: str, head: str, *, track: Callable[[str], bool] | None = None, keep: Iterable[str] = (),
          base: Provenance | None = None, cancel: Callable[[], bool] | None = None,
          materialize: Callable[[str, str], list[str] | None] | None = None,
          ) -> Generator[Progress, None, Provenance]:
    """The line provenance of every code file from the root commits (or ``base``) to ``head``."""
    exclude = [base.head] if base is not None and base.head else []
    graph = commit_graph(repo, head, exclude)
    engine = Engine(repo, code_extensions(), track or is_code_file, keep, base, cancel, materialize)
    return (yield from engine.run(graph, head))


def run_to_end(generator: Generator[Progress, None, Provenance]) -> Provenance:
    """Drive a provenance generator without looking at its progress."""
    while True:
        try:
            next(generator)
        except StopIteration as stop:
            result: Provenance = stop.value
            return result
