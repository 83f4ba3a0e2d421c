"""The one git stream line provenance reads: ``git diff-tree --stdin -p -U0``, parsed as bytes.

Each input line names one diff job: ``<commit>`` (a root or single-parent
commit against its parent) or ``<merge> <parent>`` (a merge against one of its
parents, one line per parent, in parent order).  ``--always`` makes git print
the commit id for every job even when its diff is empty, so the n-th header in
the output always belongs to the n-th job: unlike ``git log -m``, nothing has
to be guessed about which parent a merge diff is against.

The diff options are pinned so repository configuration cannot change the
result: Myers with the indent heuristic (what ``git blame`` uses by default),
rename detection at git's default 50% similarity with an explicit rename limit,
no textconv, no external diff.  Only hunk headers are interpreted (content
lines are skipped by one compiled regex that only ever matches at a line start
that no content line can have), so the parse costs little beyond reading.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, cast

from debt_explorer.core.gitsafe import end_process, popen_git

#: Rename detection is quadratic in added x deleted files; git's own default is 1000.  Explicit, so a
#: repository's ``diff.renameLimit`` can change neither results nor time.
RENAME_LIMIT = 2000

#: Options shared by the stream and by the ``git blame`` calls it is checked against.
PINNED_CONFIG: tuple[str, ...] = ("diff.algorithm=myers", "diff.indentHeuristic=true",
                                  f"diff.renameLimit={RENAME_LIMIT}", "diff.renames=false",
                                  "blame.ignoreRevsFile=", "blame.markIgnoredLines=false",
                                  "blame.markUnblamableLines=false")

DIFF_ARGS: tuple[str, ...] = ("diff-tree", "--stdin", "--always", "-r", "--root", "-p", "-U0", "-M",
                              f"-l{RENAME_LIMIT}", "--diff-algorithm=myers", "--indent-heuristic",
                              "--no-textconv", "--no-ext-diff", "--no-color", "--src-prefix=a/",
                              "--dst-prefix=b/")

_TOKEN = re.compile(
    rb"\n(?:([0-9a-f]{40}(?:[0-9a-f]{24})?)(?= |\n)"
    rb"|@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@"
    rb"|diff --git ([^\n]*)"
    rb"|rename (from|to) ([^\n]*)"
    rb"|(Binary files )"
    rb"|(new|deleted) file mode"
    rb"|diff --combined ([^\n]*)"
    rb"|(@@@+) ([-+0-9, ]+?) @@@+"
    rb"|--- ([^\n]*)"
    rb"|index ([0-9a-f]+(?:,[0-9a-f]+)+)\.\.([0-9a-f]+))")


@dataclass(slots=True)
class FileDiff:
    """One file's change in one diff job.  ``hunks`` are (old start, old count, new start, new count)."""

    path: str
    old_path: str
    status: str = "M"  # A, D, M, R
    binary: bool = False
    hunks: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: a combined diff (a merge against all its parents): each parent's path (None: not in that parent) ...
    parent_paths: list[str | None] | None = None
    #: ... and its hunks: the header's numbers (start, count per parent, then the merge's) and the lines
    combined: list[tuple[tuple[int, ...], bytearray]] = field(default_factory=list)
    #: ... and the blob of each parent ("0"s: none) and of the merge
    parent_blobs: list[str] = field(default_factory=list)
    blob: str = ""


@dataclass(slots=True)
class JobDiff:
    """The output of one job: the commit id git printed and its files (keyed by new path; deletions by old)."""

    sha: str
    files: list[FileDiff] = field(default_factory=list)


def unquote(raw: bytes) -> str:
    """A path as git prints it (C-quoted when it holds special characters) -> str."""
    if raw.startswith(b'"') and raw.endswith(b'"') and len(raw) >= 2:
        import codecs

        unquoted = cast(bytes, codecs.escape_decode(raw[1:-1])[0])  # typeshed says str; it returns bytes
        return unquoted.decode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "surrogateescape")


def _split_git_line(rest: bytes) -> tuple[str, str]:
    """``a/X b/Y`` from a ``diff --git`` line (only used when no rename lines follow, so X == Y)."""
    if rest.startswith(b'"'):
        end = 1
        while end < len(rest):
            if rest[end] == 0x5C:
                end += 2
                continue
            if rest[end] == 0x22:
                break
            end += 1
        first, second = rest[:end + 1], rest[end + 2:]
        old, new = unquote(first), unquote(second)
        return old[2:], new[2:]
    length = (len(rest) - 5) // 2
    path = rest[2:2 + length].decode("utf-8", "surrogateescape")
    return path, path


class StreamParser:
    """Incremental parser: feed bytes, take finished jobs (all but the one still being read)."""

    def __init__(self) -> None:
        self._rest = b"\n"
        self._jobs: list[JobDiff] = []
        self._file: FileDiff | None = None
        self._body: bytearray | None = None  # the lines of the combined hunk being read

    def feed(self, data: bytes) -> None:
        buffer = self._rest + data
        cut = buffer.rfind(b"\n")
        if cut <= 0:
            self._rest = buffer
            return
        self._parse(buffer, cut + 1)  # no copy of the complete lines
        self._rest = buffer[cut:]

    def close(self) -> None:
        self._parse(self._rest + b"\n")
        self._rest = b"\n"

    def take(self, final: bool = False) -> list[JobDiff]:
        """Jobs whose output is complete (all when ``final``)."""
        if final:
            done, self._jobs = self._jobs, []
        else:
            done, self._jobs = self._jobs[:-1], self._jobs[-1:]
        return done

    def _parse(self, data: bytes, end: int | None = None) -> None:
        jobs = self._jobs
        current = self._file
        stop = len(data) if end is None else end
        body = self._body
        last = 0
        for match in _TOKEN.finditer(data, 0, stop):
            if body is not None:
                if match.group(14) is not None:
                    continue  # a line lost from every parent that starts "-- ": still the hunk's
                body += data[last:match.start()]
                body = None
            last = match.end()
            hunk_a = match.group(2)
            if hunk_a is not None:
                if current is not None:
                    b, d = match.group(3), match.group(5)
                    current.hunks.append((int(hunk_a), 1 if b is None else int(b), int(match.group(4)),
                                          1 if d is None else int(d)))
                continue
            sha = match.group(1)
            if sha is not None:
                jobs.append(JobDiff(sha.decode()))
                current = None
                continue
            git_line = match.group(6)
            if git_line is not None:
                old, new = _split_git_line(git_line)
                current = FileDiff(new, old)
                if jobs:
                    jobs[-1].files.append(current)
                continue
            combined_path = match.group(11)
            if combined_path is not None:
                path = unquote(combined_path)
                current = FileDiff(path, path, parent_paths=[])
                if jobs:
                    jobs[-1].files.append(current)
                continue
            if current is None:
                continue
            ats = match.group(12)
            if ats is not None:
                if current.parent_paths is not None:
                    numbers = tuple(int(n) for n in re.split(rb"[-+,\s]+", match.group(13).strip()) if n)
                    body = bytearray()
                    current.combined.append((numbers, body))
                continue
            blobs = match.group(15)
            if blobs is not None:
                if current.parent_paths is not None and not current.combined:
                    current.parent_blobs = blobs.decode().split(",")
                    current.blob = match.group(16).decode()
                continue
            side = match.group(14)
            if side is not None:
                # the parents' paths of a combined diff (in a plain diff, or among hunk lines, not ours)
                if current.parent_paths is not None and not current.combined:
                    raw = unquote(side)
                    current.parent_paths.append(None if raw == "/dev/null" else raw[2:])
                continue
            which = match.group(7)
            if which is not None:
                current.status = "R"
                if which == b"from":
                    current.old_path = unquote(match.group(8))
                else:
                    current.path = unquote(match.group(8))
                continue
            if match.group(9) is not None:
                current.binary = True
                continue
            kind = match.group(10)
            if kind == b"new":
                current.status = "A"
            elif kind == b"deleted":
                current.status = "D"
        if body is not None:
            body += data[last:stop]
        self._body = body
        self._file = current


def job_lines(jobs: Sequence[tuple[str, str | None]]) -> bytes:
    """stdin for ``diff-tree --stdin``: ``<commit>`` or ``<merge> <parent>`` per job."""
    return b"".join((f"{sha} {parent}\n" if parent else f"{sha}\n").encode() for sha, parent in jobs)


def pathspec_args(extensions: Sequence[str], excluded: Sequence[str] = ()) -> list[str]:
    """Pathspecs limiting the stream to files with these extensions (as spelt), minus ``excluded`` exact paths.

    Plain patterns (``*`` crosses ``/`` in git's default pathspec matching): ``:(glob,icase)`` costs
    five times as much git time on flask.  git matches every entry of every tree it walks against
    every pattern, so the caller passes only the extensions that occur (core/provenance/merges.py).
    """
    if not extensions:
        return ["--", ":(exclude)*"]  # nothing to diff (an exclude-only pathspec that excludes everything)
    specs = [f"*.{ext}" for ext in extensions]
    specs += [f":(exclude,literal){path}" for path in excluded]
    return ["--", *specs]


#: Combined diffs of merges named alone.  One line of context: with none, git leaves out the merge's
#: unchanged lines that removed lines hang on, and the lines of a hunk could not be counted.
COMBINED_ARGS: tuple[str, ...] = tuple("-U1" if arg == "-U0" else arg for arg in DIFF_ARGS) + (
    "-c", "--combined-all-paths", "--full-index")


def open_stream(repo: str, stdin_file: IO[bytes], pathspecs: Sequence[str],
                combined: bool = False) -> subprocess.Popen[bytes]:
    """Start the sealed diff-tree process reading its jobs from ``stdin_file``."""
    argv: list[str] = []
    for item in PINNED_CONFIG:
        argv += ["-c", item]
    return popen_git(repo, [*argv, *(COMBINED_ARGS if combined else DIFF_ARGS), *pathspecs], stdin=stdin_file)


class JobStream:
    """One sealed diff-tree process over a list of jobs, whose outputs come out in order."""

    def __init__(self, repo: str, jobs: Sequence[tuple[str, str | None]], pathspecs: Sequence[str],
                 combined: bool = False) -> None:
        self._handle = tempfile.TemporaryFile()  # noqa: SIM115 - git reads it while the stream runs; see close()
        self._handle.write(job_lines(jobs))
        self._handle.seek(0)
        self.proc = open_stream(repo, self._handle, pathspecs, combined)
        self._parser = StreamParser()
        self._ready: deque[JobDiff] = deque()
        self.code: int | None = None
        self.stderr = ""
        assert self.proc.stdout is not None
        out = self.proc.stdout
        self._read = out.read1 if hasattr(out, "read1") else out.read

    def read_some(self) -> bool:
        """Read one pipe-full; False once git has ended (``code`` and ``stderr`` are then set)."""
        if self.code is not None:
            return False
        data = self._read(1 << 16)  # pipe-sized: large reads shrunk after the fact fragment the C heap
        if data:
            self._parser.feed(data)
            self._ready.extend(self._parser.take())  # all but the job still being written
            return True
        self.stderr = self.proc.stderr.read().decode("utf-8", "replace") if self.proc.stderr else ""
        self.code = self.proc.wait()
        self._parser.close()
        if self.code == 0:
            self._ready.extend(self._parser.take(final=True))
        return False

    def ready(self) -> list[JobDiff]:
        """The jobs read completely so far (taken)."""
        done = list(self._ready)
        self._ready.clear()
        return done

    def next_job(self) -> JobDiff | None:
        """The next job, reading as much as it takes; None when git ended without it."""
        while not self._ready:
            if not self.read_some() and not self._ready:
                return None
        return self._ready.popleft()

    def error(self) -> str:
        """git's message when it failed (or the empty string)."""
        if self.code in (None, 0):
            return ""
        return next((line for line in self.stderr.splitlines() if line.startswith(("fatal", "error"))),
                    f"git diff-tree exited {self.code}")

    def close(self) -> None:
        end_process(self.proc)
        self._handle.close()


def read_jobs(proc: subprocess.Popen[bytes], chunk: int = 1 << 22) -> Iterator[list[JobDiff]]:
    """Finished jobs in batches, as git produces them."""
    parser = StreamParser()
    assert proc.stdout is not None
    read = proc.stdout.read1 if hasattr(proc.stdout, "read1") else proc.stdout.read
    while True:
        data = read(chunk)
        if not data:
            break
        parser.feed(data)
        done = parser.take()
        if done:
            yield done
    parser.close()
    done = parser.take(final=True)
    if done:
        yield done
