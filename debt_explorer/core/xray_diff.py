"""One file's history as git walks it for ``git log -L``: one sealed ``git log -m -p -U0`` stream.

``git log <head> --topo-order --parents -m -p -U0 --full-index -M --pretty=raw -- <paths>``
lists, children before parents, every commit of the history of ``paths``
(``-m`` implies the full history, with parent rewriting: each listed commit
names the listed commits that are its parents, so the graph is closed), each
merge once per parent it differs from (``(from <parent>)``), with the
zero-context hunks and the old/new blob of each file diff.  The merge rule of
git's line-log is applied to that graph (:mod:`xray_track`); git's own
history simplification (the default one or ``--simplify-merges``) follows a
merge's TREESAME parent where line-log follows the first parent that left
the lines alone; on flask's ``app.py`` (a refactoring branch merged in 2023)
either lost most of each function's history, so the full graph is walked
(5-20 times the output of a simplified log, most of X-Ray's time).  ``paths`` are every path the file
had (renames are detected inside them with ``-M``).  The diffs are git's
line-log diffs: Myers without the indent heuristic (``line-log.c`` calls
xdiff with no options), whatever the repository configures.

Nothing the repository configures runs: the call goes through
:mod:`gitsafe` with its :data:`~gitsafe.DIFF_FLAGS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.gitsafe import DIFF_FLAGS, GitError, end_process, popen_git, run_git

_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_INDEX = re.compile(rb"^index ([0-9a-f]+)\.\.([0-9a-f]+)")
_COMMIT = re.compile(rb"^commit ((?:[0-9a-f]{40,64})(?: [0-9a-f]{40,64})*)(?: \(from ([0-9a-f]{40,64})\))?$")
_CHANGED = (b"+", b"-", b"\\")
_PERSON = re.compile(rb"^(?:author|committer) (.*) <([^>]*)> (-?\d+) [+-]\d{4}$")

#: the line-log diff: ``git log -L`` diffs with plain Myers, no indent heuristic (``line-log.c: collect_diff``)
LINE_LOG_FLAGS: tuple[str, ...] = ("--diff-algorithm=myers", "--no-indent-heuristic")


@dataclass(frozen=True, slots=True)
class Hunk:
    """``old_start``/``old_count`` lines removed, ``new_start``/``new_count`` lines added (git's @@ numbers)."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int


@dataclass(frozen=True, slots=True)
class FileDiff:
    sha: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None
    hunks: tuple[Hunk, ...]


@dataclass(slots=True)
class LogCommit:
    """One commit of the walk: its (rewritten) parents and its file diffs against each of them."""

    sha: str
    parents: tuple[str, ...]
    author_name: str = ""
    author_email: str = ""
    committer_date: int = 0
    #: parent sha -> the file diffs against it (a parent missing here: nothing of ``paths`` differs)
    diffs: dict[str, list[FileDiff]] = field(default_factory=dict)
    #: the commit's own parents (``parents`` are rewritten to the listed commits; a commit that adds the file
    #: may have none left)
    original_parents: tuple[str, ...] = ()

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


def _path(line: bytes, prefix: bytes) -> str | None:
    text = line[len(prefix):].rstrip(b"\n")
    if text == b"/dev/null":
        return None
    if text.startswith(b'"') and text.endswith(b'"'):  # C-quoted path: unescape octal bytes and \" \\
        text = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), text[1:-1])
        text = text.replace(b'\\"', b'"').replace(b"\\\\", b"\\")
    return text[2:].decode("utf-8", "surrogateescape") if text[1:2] == b"/" else text.decode("utf-8", "replace")


def _blob(value: bytes) -> str | None:
    return None if set(value) == {ord("0")} else value.decode()


class _Diffs:
    """Collects the file diffs of one block (one commit against one parent)."""

    def __init__(self, sha: str) -> None:
        self.sha = sha
        self.done: list[FileDiff] = []
        self.current: dict[str, Any] | None = None
        #: inside a file diff's hunks, where a line starting with + or - is a changed line
        self.in_hunks = False

    def finish(self) -> None:
        if self.current is not None:
            c = self.current
            self.done.append(FileDiff(self.sha, c["old"], c["new"], c["old_blob"], c["new_blob"], tuple(c["hunks"])))
            self.current = None

    def feed(self, line: bytes) -> None:
        if line.startswith(b"diff --git "):
            self.finish()
            self.in_hunks = False
            self.current = {"old": None, "new": None, "old_blob": None, "new_blob": None, "hunks": []}
            return
        current = self.current
        if current is None:
            return
        if line.startswith(b"@@"):
            self.in_hunks = True
            match = _HUNK.match(line)
            if match:
                old_count = 1 if match.group(2) is None else int(match.group(2))
                new_count = 1 if match.group(4) is None else int(match.group(4))
                current["hunks"].append(Hunk(int(match.group(1)), old_count, int(match.group(3)), new_count))
        elif line.startswith(b"index "):
            match = _INDEX.match(line)
            if match:
                current["old_blob"], current["new_blob"] = _blob(match.group(1)), _blob(match.group(2))
        elif line.startswith(b"--- "):
            current["old"] = _path(line, b"--- ")
        elif line.startswith(b"+++ "):
            current["new"] = _path(line, b"+++ ")
        elif line.startswith(b"rename from "):
            current["old"] = _unquote(line[12:])
        elif line.startswith(b"rename to "):
            current["new"] = _unquote(line[10:])


def _unquote(raw: bytes) -> str:
    text = raw.rstrip(b"\n")
    if text.startswith(b'"') and text.endswith(b'"'):
        text = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), text[1:-1])
        text = text.replace(b'\\"', b'"').replace(b"\\\\", b"\\")
    return text.decode("utf-8", "surrogateescape")


def parse_log(lines: Iterator[bytes]) -> Iterator[LogCommit]:
    """Parse ``git log --parents -m -p --pretty=raw`` output into commits (in the stream's order)."""
    commit: LogCommit | None = None
    diffs: _Diffs | None = None
    parent: str | None = None
    in_header = False

    def close() -> None:
        if commit is not None and diffs is not None:
            diffs.finish()
            if diffs.done:
                key = parent if parent is not None else (commit.parents[0] if commit.parents else "")
                commit.diffs.setdefault(key, []).extend(diffs.done)

    for line in lines:
        first = line[:1]
        if first == b" " or (first in _CHANGED and diffs is not None and diffs.in_hunks):
            continue  # message and signature lines (indented), changed lines: most of the stream
        if line.startswith(b"commit "):
            match = _COMMIT.match(line.rstrip(b"\n"))
            if match:
                close()
                shas = match.group(1).decode().split()
                if commit is None or commit.sha != shas[0]:
                    if commit is not None:
                        yield commit
                    commit = LogCommit(shas[0], tuple(shas[1:]))
                parent = match.group(2).decode() if match.group(2) else None
                diffs = _Diffs(commit.sha)
                in_header = True
                continue
        if commit is None or diffs is None:
            continue
        if in_header:
            if line in (b"\n", b""):
                in_header = False
            elif line.startswith(b"parent "):
                sha = line[7:].strip().decode()
                if sha not in commit.original_parents:
                    commit.original_parents += (sha,)
            elif line.startswith((b"author ", b"committer ")):
                person = _PERSON.match(line.rstrip(b"\n"))
                if person and line.startswith(b"author "):
                    commit.author_name = person.group(1).decode("utf-8", "replace")
                    commit.author_email = person.group(2).decode("utf-8", "replace")
                elif person:
                    commit.committer_date = int(person.group(3))
            continue
        diffs.feed(line)
    close()
    if commit is not None:
        yield commit


def line_log(repo: str, head: str, paths: Sequence[str], cancel: Callable[[], bool] | None = None
             ) -> Iterator[LogCommit]:
    """The history of ``paths`` from ``head``, children first, with every diff git's line-log would look at."""
    if not paths:
        return
    proc = popen_git(repo, ["-c", "diff.renameLimit=2000", "log", head, "--topo-order", "--parents", "-m", "-p",
                            "-U0", "--full-index", "-M", "--pretty=raw", *LINE_LOG_FLAGS, *DIFF_FLAGS, "--",
                            *(f":(literal){p}" for p in paths)])
    assert proc.stdout is not None
    try:
        for commit in parse_log(iter(proc.stdout)):
            if cancel is not None and cancel():
                raise ScanCancelled()
            yield commit
        stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        if proc.wait() != 0:
            raise GitError(stderr.strip().splitlines()[-1] if stderr.strip() else "git log failed", stderr)
    finally:
        end_process(proc)


def rename_source(repo: str, parent: str, sha: str, path: str) -> str | None:
    """The path ``sha`` renamed to ``path`` as ``git log -L`` sees it, or None.

    line-log looks for renames only when the followed file appears, among the file and the files the commit
    deleted (``queue_diffs`` + ``filter_diffs_for_paths``), not in the whole tree.
    """
    deleted = run_git(repo, ["diff-tree", "-r", "--no-commit-id", "--diff-filter=D", "--name-only", "-z",
                             *DIFF_FLAGS, parent, sha]).split(b"\0")
    candidates = [p.decode("utf-8", "surrogateescape") for p in deleted if p]
    if not candidates:
        return None
    out = run_git(repo, ["-c", "diff.renameLimit=2000", "diff-tree", "-r", "--no-commit-id", "-M", "--name-status",
                         "-z", *DIFF_FLAGS, parent, sha, "--", *(f":(literal){p}" for p in (path, *candidates))])
    fields = [f.decode("utf-8", "surrogateescape") for f in out.split(b"\0")]
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        width = 2 if status[:1] in ("R", "C") else 1
        names = fields[index + 1:index + 1 + width]
        if status.startswith("R") and len(names) == 2 and names[1] == path:
            return names[0]
        index += 1 + width
    return None
