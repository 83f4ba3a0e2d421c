"""What a line-provenance pass holds: per-path origin arrays, and what it learnt along the way."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from debt_explorer.core.models import Skipped

_EMPTY = np.zeros(0, dtype=np.int32)

State = dict[str, np.ndarray]


@dataclass
class Provenance:
    """Everything the pass learnt.

    ``commits`` is the origin table (arrays hold indexes into it).  Removal
    events are flat per removed line: ``removed_by[i]`` (the non-merge commit
    that removed it), ``removed_path[i]`` (index into ``paths``, the path in
    that commit) and ``removed_origin[i]``.  ``born_*`` are per (commit, path):
    lines that commit wrote.  ``snapshots`` maps a commit sha to its state,
    ``final`` is the state at the last processed commit (the scanned ref).
    """

    commits: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    removed_by: np.ndarray = field(default_factory=lambda: _EMPTY)
    removed_path: np.ndarray = field(default_factory=lambda: _EMPTY)
    removed_origin: np.ndarray = field(default_factory=lambda: _EMPTY)
    born_by: np.ndarray = field(default_factory=lambda: _EMPTY)
    born_path: np.ndarray = field(default_factory=lambda: _EMPTY)
    born_lines: np.ndarray = field(default_factory=lambda: _EMPTY)
    snapshots: dict[str, State] = field(default_factory=dict)
    final: State = field(default_factory=dict)
    head: str = ""
    skipped: list[Skipped] = field(default_factory=list)

    def origin_shas(self, path: str, state: State | None = None) -> list[str]:
        """The origin commit of each line of ``path`` (in the final state by default)."""
        arr = (self.final if state is None else state).get(path)
        return [] if arr is None else [self.commits[i] for i in arr.tolist()]


class _Events:
    def __init__(self) -> None:
        self.path_ids: dict[str, int] = {}
        self.removed: list[tuple[int, int, np.ndarray]] = []
        self.born: list[tuple[int, int, int]] = []

    def path_id(self, path: str) -> int:
        index = self.path_ids.get(path)
        if index is None:
            index = self.path_ids[path] = len(self.path_ids)
        return index
