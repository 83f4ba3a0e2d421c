"""Follow line ranges backwards through a file's history, the way ``git log -L`` does (git's ``line-log.c``).

A range set is a sorted list of ``(start, end)`` half-open, 0-based line
ranges.  For each commit, children before parents, the zero-context diff
parent -> commit decides:

* a hunk *touches* a range when its new side overlaps it (an empty new side,
  a pure deletion, touches a range only strictly inside it);
* the commit counts for the range when a hunk touches it;
* the range in the parent is the untouched part shifted by every hunk above
  it, plus the whole old side of every touched hunk
  (``range_set_map_across_diff``);
* a file the commit adds without a rename source ends the range there;
  a rename (``-M``) carries it to the old path;
* a merge: the range goes, unchanged in meaning, to the first parent whose
  diff does not touch it, and the merge does not count; when every parent
  touches it the merge counts and each parent gets its mapped range
  (``process_ranges_merge_commit``).

Many ranges (one per function) are followed in one walk; each is decided on
its own, as if ``git log -L`` had been run for it alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from debt_explorer.core.xray_diff import FileDiff, Hunk, LogCommit

Ranges = list[tuple[int, int]]
#: per path, per function key: its range set in that commit's version of the file
State = dict[str, dict[str, Ranges]]


@dataclass(frozen=True, slots=True)
class Touch:
    """One commit that changed a tracked range: lines added inside it, lines deleted from it."""

    sha: str
    added: int
    deleted: int
    merge: bool


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The tracked ranges in one commit's version of the file (the commit changed the file)."""

    sha: str
    when: int
    path: str
    blob: str | None
    ranges: dict[str, Ranges]


@dataclass(slots=True)
class Tracking:
    touches: dict[str, list[Touch]] = field(default_factory=dict)
    snapshots: list[Snapshot] = field(default_factory=list)
    #: non-merge commits that changed the file along the walk
    file_revisions: int = 0
    #: (commit, parent, path): a tracked range reached a commit that adds its file (a rename source to look for)
    births: set[tuple[str, str, str]] = field(default_factory=set)
    commits: dict[str, LogCommit] = field(default_factory=dict)


def _hunk_ranges(hunk: Hunk) -> tuple[int, int, int, int]:
    """(old start, old end, new start, new end), 0-based half-open, from git's @@ numbers."""
    old = (hunk.old_start - 1, hunk.old_start - 1 + hunk.old_count) if hunk.old_count else (hunk.old_start,) * 2
    new = (hunk.new_start - 1, hunk.new_start - 1 + hunk.new_count) if hunk.new_count else (hunk.new_start,) * 2
    return old[0], old[1], new[0], new[1]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return not (a[1] <= b[0] or b[1] <= a[0])


def union(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, merged (overlapping or adjacent), empty ranges dropped."""
    out: Ranges = []
    for start, end in sorted(r for r in ranges if r[0] < r[1]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _difference(ranges: Ranges, cuts: Sequence[tuple[int, int]]) -> Ranges:
    out: Ranges = []
    for start, end in ranges:
        pieces = [(start, end)]
        for cut_start, cut_end in cuts:
            nxt = []
            for a, b in pieces:
                if cut_start == cut_end and a < cut_start < b:  # a deletion inside: split (git shifts the tail)
                    nxt += [(a, cut_start), (cut_start, b)]
                    continue
                if cut_end <= a or b <= cut_start:
                    nxt.append((a, b))
                    continue
                if a < cut_start:
                    nxt.append((a, cut_start))
                if cut_end < b:
                    nxt.append((cut_end, b))
            pieces = nxt
        out.extend(pieces)
    return out


class Hunks:
    """One diff's hunks (0-based half-open), with the positions and cumulative size changes for a quick step."""

    __slots__ = ("hunks", "offsets", "starts")

    def __init__(self, hunks: Sequence[tuple[int, int, int, int]]) -> None:
        self.hunks = list(hunks)
        self.starts = [h[2] for h in self.hunks]
        self.offsets = [0]
        for h in self.hunks:
            self.offsets.append(self.offsets[-1] + (h[1] - h[0]) - (h[3] - h[2]))

    def step(self, ranges: Ranges) -> tuple[bool, int, int, Ranges]:
        """:func:`map_ranges`, without looking at every hunk when one range is not touched."""
        if len(ranges) == 1:
            start, end = ranges[0]
            j = bisect.bisect_right(self.starts, start)
            k = bisect.bisect_left(self.starts, end)
            before = self.hunks[j - 1] if j else None
            if k <= j and not (before is not None and before[3] > start and before[2] < before[3]):
                offset = self.offsets[j]
                return False, 0, 0, [(start + offset, end + offset)]
        return map_ranges(ranges, self.hunks)


def map_ranges(ranges: Ranges, hunks: Sequence[tuple[int, int, int, int]]) -> tuple[bool, int, int, Ranges]:
    """(touched, lines added inside, lines deleted by touching hunks, the ranges in the parent)."""
    touched = [h for h in hunks if any(_overlaps((h[2], h[3]), r) for r in ranges)]
    if not touched:
        return False, 0, 0, _shift(ranges, hunks)
    added = sum(max(0, min(h[3], e) - max(h[2], s)) for h in touched for s, e in ranges)
    deleted = sum(h[1] - h[0] for h in touched)
    rest = _shift(_difference(ranges, [(h[2], h[3]) for h in touched]), hunks)
    return True, added, deleted, union([*rest, *((h[0], h[1]) for h in touched)])


def _shift(ranges: Ranges, hunks: Sequence[tuple[int, int, int, int]]) -> Ranges:
    """``range_set_shift_diff``: move each range by the size change of every hunk starting at or above it."""
    out: Ranges = []
    offset, j = 0, 0
    for start, end in ranges:
        while j < len(hunks) and start >= hunks[j][2]:
            offset += (hunks[j][1] - hunks[j][0]) - (hunks[j][3] - hunks[j][2])
            j += 1
        out.append((start + offset, end + offset))
    return union(out)


def _merge_into(states: dict[str, State], sha: str, path: str, key: str, ranges: Ranges) -> None:
    functions = states.setdefault(sha, {}).setdefault(path, {})
    if ranges:  # an empty range set is dropped: the function did not exist before
        functions[key] = union([*functions[key], *ranges]) if key in functions else ranges


def _merge_all(states: dict[str, State], sha: str, path: str, functions: dict[str, Ranges]) -> None:
    known = states.setdefault(sha, {}).get(path)
    if known is None:
        states[sha][path] = functions
        return
    for key, ranges in functions.items():
        _merge_into(states, sha, path, key, ranges)


def _diff_for(diffs: Sequence[FileDiff], path: str) -> FileDiff | None:
    return next((d for d in diffs if d.new_path == path), None)


def track(commits: Iterable[LogCommit], path: str, ranges: Mapping[str, Ranges]) -> Tracking:
    """Follow ``ranges`` (function key -> range set in ``path`` at the first commit) through ``commits``.

    ``commits`` come children first (``--topo-order``) and form a closed graph (rewritten parents); the
    first one is the tip, where ``ranges`` hold.
    """
    result = Tracking()
    states: dict[str, State] = {}
    first = True
    for commit in commits:
        result.commits[commit.sha] = commit
        if first:
            states[commit.sha] = {path: {k: union(v) for k, v in ranges.items()}}
            first = False
        state = states.pop(commit.sha, None)
        if not state:
            continue
        parents = commit.parents or ("",)
        for tracked_path, functions in state.items():
            per_parent = [(p, _diff_for(commit.diffs.get(p, ()), tracked_path)) for p in parents]
            changed = [d for _, d in per_parent if d is not None]
            if not changed:  # the file is the same as in the (first) parent: every range goes there as it is
                if parents[0]:
                    _merge_all(states, parents[0], tracked_path, functions)
                continue
            if not commit.is_merge:
                result.file_revisions += 1
            result.snapshots.append(Snapshot(commit.sha, commit.committer_date, tracked_path, changed[0].new_blob,
                                             {k: list(v) for k, v in functions.items()}))
            hunks = {p: Hunks([_hunk_ranges(h) for h in d.hunks]) if d is not None and d.old_path is not None
                     else None for p, d in per_parent}
            for key, current in functions.items():
                _step(commit, key, current, tracked_path, per_parent, hunks, states, result)
            # the file itself goes on (its revision count) along the first parent it is unchanged from, else all
            same = [(p, d) for p, d in per_parent if d is None]
            for parent, diff in same[:1] or per_parent:
                if parent and not (diff is not None and diff.old_path is None):
                    older = diff.old_path if diff and diff.old_path else tracked_path
                    states.setdefault(parent, {}).setdefault(older, {})
    return result


def _step(commit: LogCommit, key: str, current: Ranges, path: str,
          per_parent: Sequence[tuple[str, FileDiff | None]], hunks: Mapping[str, Hunks | None],
          states: dict[str, State], result: Tracking) -> None:
    mapped = []
    for parent, diff in per_parent:
        if diff is None:
            outcome: tuple[bool, int, int, Ranges] = (False, 0, 0, current)
        elif diff.old_path is None:  # added here (no rename source): every line of the range comes from here
            before = parent or next(iter(commit.original_parents), "")  # rewritten away: the real parent
            if before and current:
                result.births.add((commit.sha, before, path))
            outcome = (bool(current), sum(e - s for s, e in current), 0, [])
        else:
            steps = hunks[parent]
            outcome = steps.step(current) if steps is not None else (False, 0, 0, current)
        if commit.is_merge and not outcome[0]:  # this parent takes all the blame; no other path is followed
            if parent:
                _merge_into(states, parent, diff.old_path if diff and diff.old_path else path, key, outcome[3])
            return
        mapped.append((parent, diff, outcome))
    touched = any(outcome[0] for _, _, outcome in mapped)
    if touched:
        added = 0 if commit.is_merge else sum(o[1] for _, _, o in mapped)
        deleted = 0 if commit.is_merge else sum(o[2] for _, _, o in mapped)
        result.touches.setdefault(key, []).append(Touch(commit.sha, added, deleted, commit.is_merge))
    for parent, diff, outcome in mapped:
        if parent and not (diff is not None and diff.old_path is None):
            _merge_into(states, parent, diff.old_path if diff and diff.old_path else path, key, outcome[3])
