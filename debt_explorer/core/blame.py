"""Line-by-line blame of one file at one revision, read-only.

Runs ``git blame --porcelain`` through :mod:`debt_explorer.core.gitsafe` (no
textconv, no repo-configured programs, no locks) and parses the porcelain
format.  Used by AI attribution (share of lines last changed by AI-attributed
commits) and by the file detail view.
"""

from __future__ import annotations

from dataclasses import dataclass

from debt_explorer.core.gitsafe import BLAME_FLAGS, GitError, run_git
from debt_explorer.core.objects import is_object_id


@dataclass(frozen=True, slots=True)
class BlameLine:
    """One line of a file and the commit that last changed it."""

    line: int
    sha: str
    author: str
    author_email: str
    author_time: int
    summary: str
    text: str
    orig_line: int = 0  # the line's number in the commit that last changed it
    orig_path: str = ""  # the file's path in that commit (renames followed)


def parse_porcelain(output: bytes) -> list[BlameLine]:
    """Parse ``git blame --porcelain`` output into lines (1-based, in file order)."""
    lines: list[BlameLine] = []
    headers: dict[str, dict[str, str]] = {}
    current_sha = ""
    current_line = 0
    current_orig = 0
    current_path = ""
    for raw in output.split(b"\n"):
        if raw.startswith(b"\t"):
            info = headers.get(current_sha, {})
            lines.append(BlameLine(
                line=current_line,
                sha=current_sha,
                author=info.get("author", ""),
                author_email=info.get("author-mail", "").strip("<>"),
                author_time=int(info.get("author-time", "0") or 0),
                summary=info.get("summary", ""),
                text=raw[1:].decode("utf-8", "replace"),
                orig_line=current_orig,
                orig_path=current_path,
            ))
            continue
        if not raw:
            continue
        text = raw.decode("utf-8", "replace")
        head, _, rest = text.partition(" ")
        if is_object_id(head):  # 40 hex digits (SHA-1) or 64 (SHA-256)
            parts = rest.split()
            current_sha = head
            current_line = int(parts[1]) if len(parts) > 1 else current_line + 1
            current_orig = int(parts[0]) if parts else current_orig + 1
            headers.setdefault(current_sha, {})
        elif head == "filename":
            current_path = rest
        else:
            headers.setdefault(current_sha, {})[head] = rest
    return lines


def blame_file(repo_path: str, rev: str, path: str) -> list[BlameLine]:
    """Blame ``path`` as it is at ``rev``.  Raises :class:`GitError` when git cannot."""
    output = run_git(repo_path, ["blame", "--porcelain", *BLAME_FLAGS, "-w", "-M", rev, "--", path])
    return parse_porcelain(output)


def blame_origins(repo_path: str, rev: str, path: str) -> list[tuple[str, int, str]] | None:
    """(commit, line number in that commit, path in that commit) of each line of ``path`` at ``rev``."""
    try:
        return [(line.sha, line.orig_line, line.orig_path) for line in blame_file(repo_path, rev, path)]
    except GitError:
        return None


def blame_commits(repo_path: str, rev: str, path: str) -> list[str] | None:
    """The commit SHA of each line of ``path`` at ``rev``, or ``None`` when blame fails."""
    try:
        return [line.sha for line in blame_file(repo_path, rev, path)]
    except GitError:
        return None
