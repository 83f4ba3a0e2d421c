"""Write output files atomically: a temporary file in the same folder, then one ``os.replace``.

Ctrl-C, ``kill`` or a full disk half-way through leaves the previous file
exactly as it was (and no temporary file behind, except after ``kill -9``,
when a hidden ``.<name>.*.tmp`` remains next to it).  Every file the
program writes for the user -- ``--json``, ``--csv``, reports, plan exports,
the window's exports -- goes through :func:`atomic_write`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path next to ``target`` (same suffix) that replaces ``target`` when the block succeeds.

    For writers that want a file name (image exporters); the suffix is kept so format detection works.
    A symlink is followed (the file it points to is replaced, the link stays); a target that is not a regular
    file (``/dev/null``, ``/dev/stdout``, a FIFO) is written in place -- replacing it would put a plain file
    where a device was, and there is no previous content to keep."""
    target = Path(target)
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)
    except FileNotFoundError:  # a new file, or a dangling symlink (replaced like a new file where it points)
        special = False
    if special:
        yield target
        return
    target = Path(os.path.realpath(target))
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=f".tmp{target.suffix}")
    os.close(handle)
    temp = Path(temporary)
    try:
        yield temp
        os.chmod(temp, _mode_for(target))
        with open(temp, "rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def atomic_write(target: str | os.PathLike[str], write: Callable[[TextIO], object], *,
                 encoding: str = "utf-8", newline: str | None = "", errors: str = "strict") -> None:
    """Call ``write(stream)`` on a temporary text file, then move it over ``target``.

    Raises what ``write`` or the file system raises; ``target`` is then unchanged."""
    with atomic_path(target) as temp, open(temp, "w", encoding=encoding, newline=newline, errors=errors) as stream:
        write(stream)


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(data)
