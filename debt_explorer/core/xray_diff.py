"""The changed line ranges of one file's commits, from one sealed ``git log -p -U0`` stream.

For each commit that changed the file (renames followed by the scan), git is
asked for the zero-context diff against the commit's parent, limited to every
path the file ever had, with ``--full-index`` so each diff names its old and
new blob.  Nothing the repository configures runs: the call goes through
:mod:`gitsafe` with ``--no-textconv --no-ext-diff``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.gitsafe import GitError, end_process, popen_git

_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_INDEX = re.compile(rb"^index ([0-9a-f]+)\.\.([0-9a-f]+)")
_MARK = b"\x00xray\x00"


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


def parse_stream(lines: Iterator[bytes]) -> Iterator[FileDiff]:
    """Parse ``git log --format=<mark>%H -p -U0 --full-index`` output into per-file diffs."""
    sha = ""
    current: dict[str, Any] | None = None

    def finish() -> FileDiff | None:
        if current is None:
            return None
        return FileDiff(sha, current["old"], current["new"], current["old_blob"], current["new_blob"],
                        tuple(current["hunks"]))

    for line in lines:
        if line.startswith(_MARK):
            done = finish()
            if done:
                yield done
            current = None
            sha = line[len(_MARK):].strip().decode()
        elif line.startswith(b"diff --git "):
            done = finish()
            if done:
                yield done
            current = {"old": None, "new": None, "old_blob": None, "new_blob": None, "hunks": []}
        elif current is None:
            continue
        elif line.startswith(b"index "):
            match = _INDEX.match(line)
            if match:
                current["old_blob"], current["new_blob"] = _blob(match.group(1)), _blob(match.group(2))
        elif line.startswith(b"--- "):
            current["old"] = _path(line, b"--- ")
        elif line.startswith(b"+++ "):
            current["new"] = _path(line, b"+++ ")
        elif line.startswith(b"rename from "):
            current["old"] = line[12:].rstrip(b"\n").decode("utf-8", "surrogateescape")
        elif line.startswith(b"rename to "):
            current["new"] = line[10:].rstrip(b"\n").decode("utf-8", "surrogateescape")
        elif line.startswith(b"@@"):
            match = _HUNK.match(line)
            if match:
                old_count = 1 if match.group(2) is None else int(match.group(2))
                new_count = 1 if match.group(4) is None else int(match.group(4))
                current["hunks"].append(Hunk(int(match.group(1)), old_count, int(match.group(3)), new_count))
    done = finish()
    if done:
        yield done


def file_diffs(repo: str, shas: Sequence[str], paths: Sequence[str],
               cancel: Callable[[], bool] | None = None) -> Iterator[FileDiff]:
    """Zero-context diffs of ``paths`` in each of ``shas`` (in that order), against each commit's first parent."""
    if not shas:
        return
    with tempfile.TemporaryFile() as stdin:
        stdin.write("".join(f"{sha}\n" for sha in shas).encode())
        stdin.seek(0)
        proc = popen_git(repo, ["-c", "diff.renameLimit=2000", "log", "--no-walk=unsorted", "--stdin",
                                "--format=%x00xray%x00%H", "-p", "-U0", "-M", "--full-index", "--no-textconv",
                                "--no-ext-diff", "--no-color", "--first-parent", "--",
                                *(f":(literal){p}" for p in paths)], stdin=stdin)
        assert proc.stdout is not None
        try:
            for diff in parse_stream(iter(proc.stdout.readline, b"")):
                if cancel is not None and cancel():
                    raise ScanCancelled()
                yield diff
            stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            if proc.wait() != 0:
                raise GitError(stderr.strip().splitlines()[-1] if stderr.strip() else "git log failed", stderr)
        finally:
            end_process(proc)
