"""``History``: the scanned commits, read and resolved once, handed to every aggregation step.

The scan conductor (``core/scan.py``) reads the commits and their numstat changes, then resolves
renames and author identities once.  Everything the aggregation steps need from that history
(``build_file_records``, ``build_periods``, ``with_fix_figures``, the provenance figures) is one
frozen value built by :meth:`History.build`, instead of eight to thirteen loose arguments.

Orders, spelled out because each step needs a different one:

* ``commits``: as ``git rev-list`` lists them (newest first, topological);
* ``ordered``: newest first by committer date (the order renames are resolved in);
* ``chrono``: oldest first by committer date, ties in topological order (parents first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from debt_explorer.core.churn import chronological, resolve_identities
from debt_explorer.core.models import Commit, FileChange, Skipped


@dataclass(frozen=True)
class History:
    """The history of one scan (see the module docstring for the orders)."""

    commits: tuple[Commit, ...]
    changes_by_commit: Mapping[str, list[FileChange]]  # non-merge commits only, by sha
    skipped: tuple[Skipped, ...]  # commits or changes git could not give us
    from_cache: int  # commits loaded from the cache instead of read from git
    ordered: tuple[Commit, ...]
    chrono: tuple[Commit, ...]
    resolved: tuple[FileChange, ...]  # every change, newest first, credited to its file's path at the ref
    aliases: tuple[Mapping[str, str], ...]  # per period end: {path then: path at the ref}
    commit_map: Mapping[str, Commit]
    range_end: int  # the newest committer date: the end of the hotspot window of the files at the ref

    @classmethod
    def build(cls, commits: Sequence[Commit], changes_by_commit: Mapping[str, list[FileChange]],
              skipped: Sequence[Skipped], from_cache: int, period_ends: Sequence[int]) -> History:
        """Resolve renames and identities once; ``period_ends`` ascending (one rename map per end)."""
        ordered = sorted(commits, key=lambda c: c.committer_date, reverse=True)
        resolved, aliases = resolve_identities(ordered, changes_by_commit, period_ends)
        return cls(commits=tuple(commits), changes_by_commit=changes_by_commit, skipped=tuple(skipped),
                   from_cache=from_cache, ordered=tuple(ordered), chrono=tuple(chronological(ordered)),
                   resolved=tuple(resolved), aliases=tuple(aliases), commit_map={c.sha: c for c in commits},
                   range_end=max(c.committer_date for c in commits))
