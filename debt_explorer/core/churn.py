"""Churn, revisions, authors and rework per file, rename-aware.

Two views of the same changes:

* :func:`resolve_identities` walks the history newest-first and credits each
  change to the path the file has at the scanned ref (``git log --follow``
  for every file at once): a renamed file keeps its history.
* :class:`WindowTracker` replays the history oldest-first, moving a file's
  change events along when it is renamed, so "changes in the 12 months before
  this period's end" can be asked of the paths *as they were* at that time.

Merge commits carry no changes (their lines were counted on the branch that
made them) and binary changes count as revisions of nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from debt_explorer.core.models import Commit, FileChange


@dataclass(slots=True)
class FileHistory:
    """Running totals for one file identity."""

    revisions: int = 0
    added: int = 0
    deleted: int = 0
    first: int | None = None
    last: int | None = None
    authors: set[str] | None = None

    def add(self, change: FileChange, commit: Commit) -> None:
        self.revisions += 1
        self.added += change.added
        self.deleted += change.deleted
        when = commit.committer_date
        if when:  # 0: an unknown (malformed) date, which says nothing about first or last
            self.first = when if self.first is None else min(self.first, when)
            self.last = when if self.last is None else max(self.last, when)
        if self.authors is None:
            self.authors = set()
        self.authors.add(author_key(commit))


def author_key(commit: Commit) -> str:
    """Authors are told apart by e-mail (mailmap applied by git), else by name."""
    return (commit.author_email or commit.author_name).strip().lower()


def resolve_identities(commits_newest_first: Sequence[Commit], changes: Mapping[str, list[FileChange]],
                       boundaries: Sequence[int] = ()) -> tuple[list[FileChange], list[dict[str, str]]]:
    """Credit every change to its file's path at the newest commit, following renames.

    Returns the changes (newest first, with ``file`` set) and, for each
    timestamp in ``boundaries`` (ascending), the rename map in force at that
    moment: ``alias.get(path_then, path_then)`` is the file's path today.
    """
    alias: dict[str, str] = {}
    resolved: list[FileChange] = []
    pending = sorted(range(len(boundaries)), key=lambda i: boundaries[i], reverse=True)
    snapshots: list[dict[str, str]] = [dict() for _ in boundaries]
    cursor = 0
    for commit in commits_newest_first:
        while cursor < len(pending) and commit.committer_date <= boundaries[pending[cursor]]:
            snapshots[pending[cursor]] = dict(alias)
            cursor += 1
        for change in changes.get(commit.sha, ()):
            identity = alias.get(change.path, change.path)
            resolved.append(FileChange(change.sha, change.path, change.old_path, change.added, change.deleted,
                                       change.binary, identity))
            if change.old_path and change.old_path != change.path:
                alias[change.old_path] = identity
    while cursor < len(pending):
        snapshots[pending[cursor]] = dict(alias)
        cursor += 1
    return resolved, snapshots


def file_histories(resolved: Iterable[FileChange], commits: Mapping[str, Commit]) -> dict[str, FileHistory]:
    """Totals per file identity (binary changes skipped)."""
    histories: dict[str, FileHistory] = {}
    for change in resolved:
        if change.binary:
            continue
        histories.setdefault(change.file, FileHistory()).add(change, commits[change.sha])
    return histories


class WindowTracker:
    """Replays changes oldest-first; answers window questions about paths as they are *now*."""

    def __init__(self) -> None:
        self._times: dict[str, list[int]] = {}
        self._churn: dict[str, list[int]] = {}
        self._tags: dict[str, set[str]] = {}

    def apply(self, commit: Commit, changes: Iterable[FileChange], tag: str | None = None) -> None:
        when = commit.committer_date
        for change in changes:
            if change.old_path and change.old_path != change.path:
                self._move(change.old_path, change.path)
            if change.binary:
                continue
            times = self._times.setdefault(change.path, [])
            churns = self._churn.setdefault(change.path, [])
            if times and times[-1] > when:  # out-of-order committer dates: keep the list sorted
                index = bisect_right(times, when)
                times.insert(index, when)
                churns.insert(index, change.churn)
            else:
                times.append(when)
                churns.append(change.churn)
            if tag is not None:
                self._tags.setdefault(change.path, set()).add(tag)

    def _move(self, old: str, new: str) -> None:
        times = self._times.pop(old, None)
        churns = self._churn.pop(old, None)
        tags = self._tags.pop(old, None)
        if times is not None and churns is not None:
            if new in self._times:
                merged = sorted(zip(self._times[new] + times, self._churn[new] + churns))
                self._times[new] = [t for t, _ in merged]
                self._churn[new] = [c for _, c in merged]
            else:
                self._times[new], self._churn[new] = times, churns
        if tags:
            self._tags.setdefault(new, set()).update(tags)

    def window(self, path: str, start: int, end: int) -> tuple[int, int]:
        """(revisions, churn) of ``path`` with start < time <= end."""
        times = self._times.get(path)
        if not times:
            return 0, 0
        low = bisect_right(times, start)
        high = bisect_right(times, end)
        return high - low, sum(self._churn[path][low:high])

    def has_tag(self, path: str, tag: str) -> bool:
        return tag in self._tags.get(path, ())



def chronological(commits: Sequence[Commit]) -> list[Commit]:
    """Commits oldest-first by committer date; ties keep topological order (parents first)."""
    indexed = list(enumerate(reversed(commits)))
    indexed.sort(key=lambda item: (item[1].committer_date, item[0]))
    return [commit for _, commit in indexed]
