"""One file's line provenance the way ``git blame`` shows it: line, origin commit, author, date, AI tool.

Uses the persisted state when it is at the asked revision, or continues it
forward from an ancestor; otherwise runs the pass to that revision.  It stores
a state only where none exists: a scan's stored state (with its period
snapshots) is never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from debt_explorer.core import git_history as gh
from debt_explorer.core.errors import ScanError
from debt_explorer.core.gitsafe import GitError, run_git
from debt_explorer.core.provenance import store
from debt_explorer.core.provenance.engine import is_code_file, run_to_end, trace
from debt_explorer.core.provenance.state import Provenance


@dataclass(frozen=True, slots=True)
class LineRow:
    line: int
    sha: str
    author: str
    date: str  # author date, ISO (as git blame shows it)
    ai_tool: str  # AI tools of the origin commit, "" for human and bot commits
    kind: str  # ai | bot | human
    text: str


def provenance_at(repo: str, head: str, cache_dir: str | None) -> Provenance:
    """The pass at ``head`` (default scan options): from the cache, continued from it, or from scratch."""
    from debt_explorer.core.options import ScanOptions
    from debt_explorer.core.provenance.runner import track_for

    track, key = track_for(ScanOptions())
    base = store.load(cache_dir, repo, head, (), key) if cache_dir else None
    if base is not None and base.head == head:
        return base
    prov = run_to_end(trace(repo, head, track=track, base=base, materialize=store.blame_materializer(repo, track)))
    if cache_dir and not store.has_state(cache_dir, repo):  # never replace a scan's state (it keeps snapshots)
        store.save(cache_dir, repo, prov, key)
    return prov


def file_lines(repo_path: str, path: str, rev: str = "HEAD", cache_dir: str | None = None) -> list[LineRow]:
    """Every line of ``path`` at ``rev`` with its origin.  Raises :class:`ScanError` with a one-line message."""
    from debt_explorer.core.ai.notes import read_ai_notes
    from debt_explorer.core.ai.traces import classify_commit

    facts = gh.open_repository(repo_path, rev)
    repo = facts.path
    path = path.strip("/")
    try:
        blob = run_git(repo, ["cat-file", "-p", f"{facts.head}:{path}"])
    except GitError:
        raise ScanError(f"{path}: no such file at {rev}") from None
    if not is_code_file(path):
        raise ScanError(f"{path}: not a code file (line provenance follows the languages Debt Explorer analyses)")
    prov = provenance_at(repo, facts.head, cache_dir)
    shas = prov.origin_shas(path)
    text = blob.decode("utf-8", "replace").split("\n")
    if text and text[-1] == "":
        text.pop()
    if not shas and text:
        raise ScanError(f"{path}: not traced at {rev} (binary, or excluded by the default excludes)")
    commits = {}
    if shas:
        out = run_git(repo, ["log", "--no-walk=unsorted", "--stdin", "-z",
                             f"--format={gh._LOG_FORMAT}"], input=("\n".join(sorted(set(shas))) + "\n").encode())
        for token in out.decode("utf-8", "surrogateescape").split("\0"):
            token = token.strip("\n")
            if token.startswith(gh._HEADER):
                commit = gh._parse_header(token[1:])
                commits[commit.sha] = commit
    notes = read_ai_notes(repo)
    kinds = {sha: classify_commit(commit, notes.get(sha)) for sha, commit in commits.items()}
    rows = []
    for number, (sha, line) in enumerate(zip(shas, text), start=1):
        found = commits.get(sha)
        kind = kinds.get(sha)
        rows.append(LineRow(
            number, sha, found.author_name if found else "?",
            datetime.fromtimestamp(found.author_date, UTC).strftime("%Y-%m-%d") if found else "",
            ", ".join(kind.tools) if kind is not None and kind.kind == "ai" else "",
            kind.kind if kind is not None else "human", line))
    return rows
