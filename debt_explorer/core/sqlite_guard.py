"""Open SQLite files safely and tell their failures apart.

Both stores (the disposable cache and the user's plans) share these rules:

* a lock held by another process is waited for (``busy_timeout``, 30 s by
  default), then reported as *locked* -- never as corruption;
* a file (or folder) that cannot be written is opened read-only and said so;
* a full disk is reported as a full disk;
* only real damage (``SQLITE_CORRUPT``/``SQLITE_NOTADB``) is called corrupt,
  and even then the file is left where it is: nothing here moves or deletes
  a database.
"""

from __future__ import annotations

import enum
import os
import sqlite3
from pathlib import Path

#: Seconds to wait for another process's lock before giving up (tests lower it).
BUSY_TIMEOUT = 30.0


class Problem(str, enum.Enum):
    LOCKED = "locked"
    READ_ONLY = "read-only"
    FULL = "disk full"
    CORRUPT = "corrupt"
    CANNOT_OPEN = "cannot open"
    OTHER = "error"


_BY_CODE = {5: Problem.LOCKED, 6: Problem.LOCKED, 8: Problem.READ_ONLY, 13: Problem.FULL, 11: Problem.CORRUPT,
            26: Problem.CORRUPT, 14: Problem.CANNOT_OPEN, 3: Problem.READ_ONLY}
_BY_TEXT = (("locked", Problem.LOCKED), ("busy", Problem.LOCKED), ("readonly", Problem.READ_ONLY),
            ("read-only", Problem.READ_ONLY), ("disk is full", Problem.FULL), ("malformed", Problem.CORRUPT),
            ("not a database", Problem.CORRUPT), ("unable to open", Problem.CANNOT_OPEN))


def classify(exc: BaseException) -> Problem:
    """What kind of failure an ``sqlite3.Error`` (or ``OSError``) is."""
    if isinstance(exc, OSError):
        import errno

        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return Problem.FULL
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return Problem.READ_ONLY
        return Problem.CANNOT_OPEN
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _BY_CODE:
        return _BY_CODE[code & 0xFF]
    text = str(exc).lower()
    for needle, problem in _BY_TEXT:
        if needle in text:
            return problem
    return Problem.OTHER


def explain(exc: BaseException, path: Path, what: str) -> str:
    """One line for the user: what happened to ``what`` at ``path`` and what to do about it."""
    problem = classify(exc)
    detail = getattr(exc, "strerror", None) or str(exc)
    if problem is Problem.LOCKED:
        return (f"{what} at {path} is locked by another process (waited {BUSY_TIMEOUT:g} s); "
                "try again when the other Debt Explorer has finished")
    if problem is Problem.READ_ONLY:
        return f"{what} at {path} is read-only ({detail}); fix its permissions to save changes"
    if problem is Problem.FULL:
        return f"the disk holding {what} at {path} is full; free some space and try again"
    if problem is Problem.CORRUPT:
        return (f"{what} at {path} is damaged ({detail}); it was left untouched -- move it away yourself "
                "to start a new one")
    return f"{what} at {path} cannot be used ({detail})"


def writable(path: Path) -> bool:
    """Whether ``path`` (a database file, existing or not) and its folder can be written."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the busy timeout set; read-only opens never create or change the file."""
    if not read_only:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    uri = f"{Path(path).absolute().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        if classify(exc) is not Problem.CANNOT_OPEN:
            raise
    # a WAL database in a folder we cannot write: no -shm can be made, so read it as immutable
    return sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
