"""Commits brought in by the merge of an AI agent's branch.

Agents push to branches such as ``copilot/fix-12``, ``claude/issue-7-20250101``
or ``devin/1712345678-fix-ci``; when such a branch is merged with a merge
commit, the merge subject names the branch but the branch's own commits may
carry no trace (the agent's identity was rewritten, or a person finished the
work).

The rule: a merge ``M`` whose subject names an agent branch *as the branch
being merged* (``Merge pull request #12 from acme/copilot/fix-12``,
``Merge branch 'claude/x'``: the branch is ``M^2``; the trace patterns only
match that position, never ``Merge branch 'main' into copilot/fix-12``) marks
exactly the commits of ``git rev-list M^2 ^M^1``: those the merge brought into
its first parent, whether or not that first parent is the scanned main line
(a fork's own merge of its agent branch counts; human commits that reached the
agent branch through a sync merge from main are ancestors of ``M^1`` and do
not).  An agent branch merged twice marks, at each merge, only what that merge
brought.  The walk orders commits by generation number (exact, unlike dates)
and stops as soon as every commit still queued is reachable from ``M^1``.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import replace

from debt_explorer.core.ai.labels import CommitKind, EvidenceKind
from debt_explorer.core.models import Commit, CommitAttribution, Evidence

#: Give up on one merge past this many branch commits (a "merge" of an unrelated long history).
MAX_BRANCH_COMMITS = 2_000

_FIRST, _SECOND = 1, 2


def generations(commits: Sequence[Commit]) -> dict[str, int]:
    """sha -> 1 + the longest parent chain below it (parents outside ``commits`` count as absent)."""
    parents = {c.sha: [p for p in c.parents if p] for c in commits}
    gen: dict[str, int] = {}
    for root in parents:
        if root in gen:
            continue
        stack = [root]
        while stack:
            sha = stack[-1]
            pending = [p for p in parents[sha] if p in parents and p not in gen]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            if sha not in gen:
                gen[sha] = 1 + max((gen[p] for p in parents[sha] if p in gen), default=0)
    return gen


def brought_in(merge: Commit, by_sha: dict[str, Commit], gen: dict[str, int],
               limit: int = MAX_BRANCH_COMMITS) -> list[str] | None:
    """``git rev-list M^2 ^M^1`` over the known commits, newest generation first; ``None`` past ``limit``."""
    if len(merge.parents) < 2 or merge.parents[1] not in by_sha:
        return []
    flags: dict[str, int] = {}
    heap: list[tuple[int, str]] = []
    interesting = 0  # queued commits not (yet) reachable from M^1

    def push(sha: str, flag: int) -> None:
        nonlocal interesting
        old = flags.get(sha)
        if old is None:
            flags[sha] = flag
            heapq.heappush(heap, (-gen[sha], sha))
            interesting += flag == _SECOND
        elif old | flag != old:
            flags[sha] = old | flag
            interesting -= old == _SECOND  # it was interesting; now it is reachable from M^1

    if merge.parents[0] in by_sha:
        push(merge.parents[0], _FIRST)
    push(merge.parents[1], _SECOND)
    found: list[str] = []
    while heap and interesting:
        _, sha = heapq.heappop(heap)
        flag = flags[sha]
        if flag == _SECOND:
            interesting -= 1
            found.append(sha)
            if len(found) > limit:
                return None
        for parent in by_sha[sha].parents:
            if parent in by_sha:
                push(parent, flag)
    return found


def propagate_branch_traces(commits: Sequence[Commit],
                            attributions: dict[str, CommitAttribution]) -> dict[str, CommitAttribution]:
    """Mark the human commits brought in by merges whose subject names an agent branch as the merged branch."""
    updated = dict(attributions)
    merges = [c for c in commits if c.is_merge and (a := attributions.get(c.sha)) is not None and a.kind == "ai"
              and any(e.kind == "branch" for e in a.evidence)]
    if not merges:
        return updated  # most repositories: no walk, no numbering
    by_sha = {c.sha: c for c in commits}
    gen = generations(commits)
    for merge in sorted(merges, key=lambda c: gen[c.sha]):  # oldest first: a commit names the merge that brought it
        attribution = attributions[merge.sha]
        branch = [e for e in attribution.evidence if e.kind == "branch"]
        brought = brought_in(merge, by_sha, gen) or []
        text = f"brought in by the agent-branch merge {merge.sha[:10]}: {branch[0].text}"
        for sha in brought:
            current = updated.get(sha)
            if current is None or current.kind != "human" or by_sha[sha].is_merge:
                continue  # already AI (its own evidence or an earlier merge wins), a bot, or a merge
            updated[sha] = replace(current, kind=CommitKind.AI, tools=attribution.tools,
                                   evidence=(Evidence(EvidenceKind.BRANCH, text[:300]),))
    return updated
