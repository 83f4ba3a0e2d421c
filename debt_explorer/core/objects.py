"""Read git objects through one sealed ``git cat-file --batch`` process (SHA-1 and SHA-256 alike).

This replaces GitPython's object reader: GitPython starts ``cat-file`` with
the caller's environment (``GIT_DIR``, ``GIT_OBJECT_DIRECTORY``... would then
pick the repository), cannot parse 64-hex object names, and would let a
partial clone fetch from its promisor remote.  Here the process is started by
:func:`~debt_explorer.core.gitsafe.popen_git`, so it gets the one sanitised
environment every git process gets (no caller ``GIT_*`` variables, no lazy
fetch, no protocol).

A missing object answers ``None``.  In a partial clone git does not answer
``missing`` but dies ("could not fetch ... from promisor remote", since lazy
fetching is off); the reader then starts a new process on the next read.
"""

from __future__ import annotations

import re
import subprocess
import threading
from types import TracebackType

from debt_explorer.core.gitsafe import popen_git

#: A full object name: 40 hex digits (SHA-1) or 64 (SHA-256).
OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def is_object_id(text: str) -> bool:
    """Whether ``text`` is a full SHA-1 or SHA-256 object name in lower-case hex."""
    return OBJECT_ID.fullmatch(text) is not None


class ObjectReader:
    """``read(oid)`` returns an object's bytes (``None`` when missing); one process, started lazily.

    Safe to share between threads (reads are serialised).  Close it (or use it
    as a context manager) when done.
    """

    def __init__(self, repo: str) -> None:
        self.repo = repo
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def read(self, oid: str) -> bytes | None:
        """The object's content, or ``None`` when it is missing (or ``oid`` is not an object name)."""
        if not is_object_id(oid):
            return None
        with self._lock:
            return self._read(oid)

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            self._stop()
            self._proc = popen_git(self.repo, ["cat-file", "--batch"], stdin=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
        return self._proc

    def _read(self, oid: str) -> bytes | None:
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(oid.encode("ascii") + b"\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._stop()
            return None
        header = proc.stdout.readline()
        parts = header.split()
        if len(parts) != 3 or parts[0].decode("ascii", "replace") != oid or not parts[2].isdigit():
            # "<oid> missing", or git died (a partial clone's missing object with lazy fetch off).
            if not header.endswith(b" missing\n"):
                self._stop()
            return None
        size = int(parts[2])
        data = proc.stdout.read(size + 1)
        if len(data) != size + 1:
            self._stop()
            return None
        return data[:size]

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:  # the pipe is already broken: nothing left to flush
                    pass
        if proc.poll() is None:
            proc.kill()
        proc.wait()

    def close(self) -> None:
        """Stop the ``cat-file`` process."""
        with self._lock:
            self._stop()
