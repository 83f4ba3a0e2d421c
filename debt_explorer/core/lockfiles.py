"""Dependency lock files, which ``git log --numstat`` is told not to diff.

Lock files are never code files (no analyzer reads them) and are often
rewritten by thousands of lines per commit.  :func:`lock_attributes` writes a
temporary git attributes file marking them ``-diff``; passed to ``git log`` as
``core.attributesFile``, it makes git record that they changed without diffing
them (numstat ``-\t-``, read as a binary change): on vuejs/core this halves
git's CPU time for the whole history (docs/performance.md).  A repository's
own ``.gitattributes`` still wins where it says otherwise.
"""

from __future__ import annotations

import os
import tempfile

LOCK_FILES: tuple[str, ...] = ("*.lock", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml",
                               "go.sum", "*.lockb", "bun.lock")


def lock_attributes() -> str:
    """Path of a new temporary attributes file marking :data:`LOCK_FILES` ``-diff``; the caller deletes it."""
    handle, name = tempfile.mkstemp(prefix="debt-explorer-", suffix=".gitattributes")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write("".join(f"{pattern} -diff\n" for pattern in LOCK_FILES))
    return name
