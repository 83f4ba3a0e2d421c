"""Commits that reached the main line through a merge whose branch name is an AI trace.

Agents push to branches such as ``copilot/fix-12``, ``claude/issue-7-20250101``
or ``devin/1712345678-fix-ci``; when such a branch is merged with a merge
commit, the merge subject names the branch but the branch's own commits may
carry no trace (the agent's identity was rewritten, or a person finished the
work).  The merge marks every commit it brought in: those reachable from its
second (and later) parents without passing through the first-parent chain of
the scanned revision -- the commits the merge made part of the main line.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from debt_explorer.core.models import Commit, CommitAttribution, Evidence

#: Give up on one merge past this many branch commits (a "merge" of an unrelated long history).
MAX_BRANCH_COMMITS = 2_000


def first_parent_chain(commits: Sequence[Commit], head: str) -> set[str]:
    parents = {c.sha: c.parents for c in commits}
    chain: set[str] = set()
    sha: str | None = head
    while sha and sha in parents and sha not in chain:
        chain.add(sha)
        sha = parents[sha][0] if parents[sha] else None
    return chain


def propagate_branch_traces(commits: Sequence[Commit], attributions: dict[str, CommitAttribution],
                            head: str) -> dict[str, CommitAttribution]:
    """Mark the human commits brought in by merges whose only AI trace is their branch name."""
    by_sha = {c.sha: c for c in commits}
    main_line = first_parent_chain(commits, head)
    updated = dict(attributions)
    for merge in commits:
        attribution = attributions.get(merge.sha)
        if not merge.is_merge or attribution is None or attribution.kind != "ai":
            continue
        branch = [e for e in attribution.evidence if e.kind == "branch"]
        if not branch:
            continue
        brought = _brought_in(merge, by_sha, main_line)
        text = f"merged into the main line by {merge.sha[:10]}: {branch[0].text}"
        for sha in brought:
            current = updated.get(sha)
            if current is None or current.kind != "human":
                continue  # already AI (its own evidence wins) or a bot
            updated[sha] = replace(current, kind="ai", tools=attribution.tools,
                                   evidence=(Evidence("branch", text[:300]),))
    return updated


def _brought_in(merge: Commit, by_sha: dict[str, Commit], main_line: set[str]) -> list[str]:
    seen: set[str] = set()
    stack = [p for p in merge.parents[1:] if p in by_sha]
    while stack and len(seen) <= MAX_BRANCH_COMMITS:
        sha = stack.pop()
        if sha in seen or sha in main_line:
            continue
        seen.add(sha)
        stack.extend(p for p in by_sha[sha].parents if p in by_sha and p not in seen)
    if len(seen) > MAX_BRANCH_COMMITS:
        return []
    return [sha for sha in seen if not by_sha[sha].is_merge]
