"""What the file detail panel shows, read lazily from git objects (Qt-free, read-only)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from debt_explorer.core.ai.notes import ai_blame_lines
from debt_explorer.core.blame import BlameLine, blame_file
from debt_explorer.core.gitsafe import DIFF_FLAGS, GitError, run_git
from debt_explorer.core.models import Commit, CommitAttribution, FileChange, ScanResult
from debt_explorer.core.trends import span_of


@dataclass(frozen=True, slots=True)
class FileCommit:
    """One commit that changed a file, with its line counts and AI attribution (if any)."""

    commit: Commit
    change: FileChange
    attribution: CommitAttribution | None


def commits_for_file(result: ScanResult, path: str) -> list[FileCommit]:
    """Commits that changed ``path`` (renames followed), newest first."""
    commits = {c.sha: c for c in result.commits}
    attributions = {a.sha: a for a in result.ai_commits}
    rows = [FileCommit(commits[c.sha], c, attributions.get(c.sha)) for c in result.changes
            if c.file == path and c.sha in commits]
    rows.sort(key=lambda row: row.commit.committer_date, reverse=True)
    return rows


def churn_by_period(result: ScanResult, path: str) -> list[tuple[str, int, int]]:
    """(period, added, deleted) of ``path`` for every period of the scan."""
    starts = [span_of(p)[0] for p in result.periods]
    totals = [[0, 0] for _ in result.periods]
    for row in commits_for_file(result, path):
        slot = bisect_right(starts, row.commit.committer_date) - 1
        if slot >= 0 and not row.change.binary:
            totals[slot][0] += row.change.added
            totals[slot][1] += row.change.deleted
    return [(p.period, a, d) for p, (a, d) in zip(result.periods, totals)]


def file_diff(repo: str, sha: str, path: str, old_path: str | None = None) -> str:
    """The patch of ``path`` in commit ``sha`` against its first parent (no external diff, no textconv)."""
    paths = [path] + ([old_path] if old_path and old_path != path else [])
    try:
        out = run_git(repo, ["diff-tree", "-p", "-M", "--root", "--no-commit-id", *DIFF_FLAGS,
                             "--end-of-options", sha, "--", *paths])
    except GitError as exc:
        return f"(diff unavailable: {exc})"
    return out.decode("utf-8", "replace") or "(no textual change: binary file or mode change)"


def ai_commits(result: ScanResult) -> dict[str, CommitAttribution]:
    """The scan's AI-attributed commits by SHA (attributions of kind ``ai``; the detail's blame marks them)."""
    return {a.sha: a for a in result.ai_commits if a.kind == "ai"}


@dataclass(frozen=True, slots=True)
class FileBlame:
    """A file blamed at the scanned revision, with the lines AI wrote and the tools of each AI commit."""

    lines: list[BlameLine]
    ai_lines: list[int]  # 1-based
    ai_tools: dict[str, tuple[str, ...]]  # sha -> tools, for every AI-attributed commit of the scan


def file_blame(result: ScanResult, path: str) -> FileBlame:
    """Blame ``path`` at the scanned revision and mark its AI-written lines (git notes and trailers included).

    The detail panel calls this in a worker; it raises :class:`GitError` when git cannot blame the file.
    """
    repo, attributed = result.repo.path, ai_commits(result)
    lines = blame_file(repo, result.repo.head or "HEAD", path)
    return FileBlame(lines, ai_blame_lines(repo, lines, set(attributed)),
                     {sha: tuple(a.tools) for sha, a in attributed.items()})
