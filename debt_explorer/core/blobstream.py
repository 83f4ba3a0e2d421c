"""Read many blobs in one pipelined ``git cat-file --batch`` stream.

:class:`~debt_explorer.core.git_history.BlobReader` asks for one blob and
waits for it before asking for the next: two process wake-ups per blob.  On a
busy two-core machine that round trip cost ~3 ms, 55 s for the 17,600 blobs of
a nushell scan, more than measuring them.  Here a writer thread sends every
object name up front and the caller reads the answers in order as git writes
them, so git never waits for the reader and the reader waits only for data.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Iterator

from debt_explorer.core.gitsafe import popen_git


def stream_blobs(repo: str, shas: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
    """``(sha, bytes)`` for every sha in order; ``None`` for an object missing from the repository."""
    wanted = list(shas)
    if not wanted:
        return
    proc = popen_git(repo, ["cat-file", "--batch"], stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def feed() -> None:
        try:
            for start in range(0, len(wanted), 512):
                stdin.write("".join(f"{sha}\n" for sha in wanted[start:start + 512]).encode("ascii"))
            stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the reader stopped early and closed the process
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    writer = threading.Thread(target=feed, name="cat-file-feed", daemon=True)
    writer.start()
    try:
        for sha in wanted:
            header = stdout.readline()
            if not header:
                raise OSError(f"git cat-file ended early at {sha}")
            parts = header.split()
            if len(parts) < 3 or parts[-1] == b"missing" or parts[1] != b"blob":
                if len(parts) == 3 and parts[1] != b"missing" and parts[2].isdigit():
                    stdout.read(int(parts[2]) + 1)  # not a blob: skip its content
                yield sha, None
                continue
            size = int(parts[2])
            data = stdout.read(size)
            stdout.read(1)  # the newline after the content
            yield sha, data
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        writer.join(timeout=5)
        stdout.close()
