"""Origin arrays through ``-U0`` hunks: apply a diff, and map a diff's unchanged lines to the old side.

A hunk is ``(a, b, c, d)`` from ``@@ -a,b +c,d @@``: ``b`` old lines from line
``a`` become ``d`` new lines from line ``c`` (1-based; with a count of 0 the
start names the line *before* the change).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

EMPTY = np.zeros(0, dtype=np.int32)


class CombinedLike(Protocol):
    """What :func:`combined_origins` reads of a parsed combined diff (stream.FileDiff)."""

    parent_paths: list[str | None] | None
    combined: list[tuple[tuple[int, ...], bytearray]]


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


_SPACE, _PLUS, _MINUS = 0x20, 0x2B, 0x2D


def combined_origins(diff: CombinedLike, parents: Sequence[Mapping[str, np.ndarray]], me: int,
                     ) -> tuple[np.ndarray, int]:
    """A merge's origin array from its combined diff (``diff-tree -c -U0``), and how many lines are its own.

    Each line takes its origin from the first parent, in order, that has it
    unchanged (a space in that parent's column); a line no parent has is the
    merge's.  Lines lost from a parent (a minus in its column) move that
    parent's cursor only.  Between hunks every parent has the merge's lines.
    In a combined hunk header every start is the number of the hunk's first
    line, also when its count is 0 (unlike a plain diff's).
    """
    paths = diff.parent_paths or []
    n = len(parents)
    if len(paths) != n:
        raise Inconsistent(f"combined diff names {len(paths)} parents, the merge has {n}")
    sources = [parents[k].get(path) if path is not None else None for k, path in enumerate(paths)]
    present = [path is not None for path in paths]
    pos = [0] * n
    pieces: list[np.ndarray] = []
    done = 0  # the merge's lines placed so far
    born = 0

    def unchanged(count: int) -> None:
        if count <= 0:
            return
        if not all(present):
            raise Inconsistent("lines outside the hunks that a parent does not have")
        first = next((k for k in range(n) if sources[k] is not None), None)
        if first is None:
            raise Inconsistent("no parent's lines are known")
        source = sources[first]
        assert source is not None
        if pos[first] + count > len(source):
            raise Inconsistent("combined diff does not fit the parent's lines")
        pieces.append(source[pos[first]:pos[first] + count])
        for k in range(n):
            pos[k] += count

    for numbers, body in diff.combined:
        if len(numbers) != 2 * n + 2:
            raise Inconsistent("combined hunk header does not fit the parents")
        unchanged(numbers[2 * n] - 1 - done)
        done = numbers[2 * n] - 1
        for k in range(n):
            if present[k] and numbers[2 * k] - 1 != pos[k]:
                raise Inconsistent("combined hunk does not fit the parent's lines")
        origins: list[int] = []
        for line in bytes(body).split(b"\n")[1:]:  # [0]: the rest of the header line
            if not line or line[0] == 0x5C:  # "\ No newline at end of file"
                continue
            marks = line[:n]
            if _MINUS in marks:
                for k in range(n):
                    if marks[k] == _MINUS:
                        pos[k] += 1
                continue
            origin = -1
            for k in range(n):
                if marks[k] == _SPACE:
                    source = sources[k]
                    if origin < 0 and source is not None:
                        if pos[k] >= len(source):
                            raise Inconsistent("combined diff does not fit the parent's lines")
                        origin = int(source[pos[k]])
                    pos[k] += 1
            if origin < 0:
                origin = me
                born += 1
            origins.append(origin)
        if origins:
            pieces.append(np.array(origins, dtype=np.int32))
        done += len(origins)
    first = next((k for k in range(n) if sources[k] is not None), None)
    if first is not None:
        source = sources[first]
        assert source is not None
        pieces.append(source[pos[first]:])
    elif any(present) and diff.combined:
        raise Inconsistent("no parent's lines are known")
    if not pieces:
        return EMPTY, born
    return (np.concatenate(pieces) if len(pieces) > 1 else pieces[0].copy()).astype(np.int32, copy=False), born
