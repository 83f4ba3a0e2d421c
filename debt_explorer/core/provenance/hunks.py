"""Origin arrays through ``-U0`` hunks: apply a diff, and map a diff's unchanged lines to the old side.

A hunk is ``(a, b, c, d)`` from ``@@ -a,b +c,d @@``: ``b`` old lines from line
``a`` become ``d`` new lines from line ``c`` (1-based; with a count of 0 the
start names the line *before* the change).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EMPTY = np.zeros(0, dtype=np.int32)


class Inconsistent(Exception):
    """A diff does not fit the state (a damaged stream): the file is dropped."""


def apply_hunks(old: np.ndarray, hunks: Sequence[tuple[int, int, int, int]], fill: int,
                removed: list[np.ndarray] | None = None) -> np.ndarray:
    """The new origin array after ``hunks``; inserted lines get ``fill``; removed slices go to ``removed``."""
    pieces: list[np.ndarray] = []
    pos = 0
    size = len(old)
    for a, b, _c, d in hunks:
        start = a if b == 0 else a - 1
        if start < pos or start + b > size:
            raise Inconsistent(f"hunk -{a},{b} outside {size} lines")
        if start > pos:
            pieces.append(old[pos:start])
        if b and removed is not None:
            removed.append(old[start:start + b])
        if d:
            pieces.append(np.full(d, fill, dtype=np.int32))
        pos = start + b
    if pos < size:
        pieces.append(old[pos:])
    if not pieces:
        return EMPTY
    return np.concatenate(pieces) if len(pieces) > 1 else pieces[0].copy()


def unchanged_sources(hunks: Sequence[tuple[int, int, int, int]], new_len: int, old_len: int) -> np.ndarray:
    """For each line of the new side: its index on the old side if the diff leaves it unchanged, else -1."""
    src = np.full(new_len, -1, dtype=np.int64)
    pos_old = pos_new = 0
    for a, b, c, d in hunks:
        new_start = c if d == 0 else c - 1
        old_start = a if b == 0 else a - 1
        count = new_start - pos_new
        if count > 0:
            src[pos_new:new_start] = np.arange(pos_old, pos_old + count)
        pos_new, pos_old = new_start + d, old_start + b
    if pos_new < new_len:
        src[pos_new:] = np.arange(pos_old, pos_old + new_len - pos_new)
    if new_len and src.max(initial=-1) >= old_len:
        raise Inconsistent("diff does not fit the parent's lines")
    return src
