"""Commits brought in by an agent-branch merge M are exactly ``git rev-list M^2 ^M^1`` (non-merges)."""

from __future__ import annotations

from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, CAROL, scan

DAY = "2024-03-{:02d}T12:00:00+00:00"


def _commit(builder: RepoBuilder, path: str, text: str, message: str, day: int,
            author: tuple[str, str] = BOB) -> str:
    builder.write(path, f"def f():\n    return {text!r}\n")
    return builder.commit(message, DAY.format(day), author)


def _rev_list(builder: RepoBuilder, merge: str) -> set[str]:
    """git's own answer, and only non-merge commits (merges carry their own trace or none)."""
    return set(builder.git("rev-list", "--no-merges", f"{merge}^2", f"^{merge}^1").split())


def _ai(builder: RepoBuilder) -> dict[str, object]:
    return {a.sha: a for a in scan(builder.path).ai_commits if a.kind == "ai"}


def test_a_sync_merge_of_main_into_the_agent_branch_drags_in_nothing(repo_builder: RepoBuilder) -> None:
    b = repo_builder
    base = _commit(b, "main.py", "base", "start", 1, ALICE)
    b.git("branch", "copilot/fix-1")
    b.git("branch", "feature/x")
    b.checkout("feature/x")
    human = _commit(b, "feature.py", "h", "Human feature work", 2, CAROL)  # not on main's first-parent chain
    b.checkout("main")
    b.merge("feature/x", "Merge pull request #2 from acme/feature/x", DAY.format(3))
    b.checkout("copilot/fix-1")
    agent_1 = _commit(b, "fix.py", "a1", "Fix the parser", 4)
    sync = b.merge("main", "Merge branch 'main' into copilot/fix-1", DAY.format(5), BOB)
    agent_2 = _commit(b, "fix.py", "a2", "Address review", 6)
    b.checkout("main")
    merge = b.merge("copilot/fix-1", "Merge pull request #1 from acme/copilot/fix-1", DAY.format(7))
    ai = _ai(b)
    assert _rev_list(b, merge) == {agent_1, agent_2}
    assert set(ai) == {agent_1, agent_2}  # merges are never counted as AI commits (docs/metrics.md)
    assert human not in ai and sync not in ai and base not in ai
    assert ai[agent_1].tools == ("GitHub Copilot",)
    assert ai[agent_1].evidence[0].kind == "branch"
    assert ai[agent_1].evidence[0].text.startswith(f"brought in by the agent-branch merge {merge[:10]}: Merge pull")


def test_a_forks_merge_of_its_own_agent_branch_marks_only_that_branch(repo_builder: RepoBuilder) -> None:
    b = repo_builder
    _commit(b, "main.py", "base", "start", 1, ALICE)
    b.git("branch", "fork-main")
    b.checkout("fork-main")
    fork_human = _commit(b, "fork.py", "f1", "Fork maintainer's own change", 2, CAROL)
    b.git("branch", "codex/add-cache")
    b.checkout("codex/add-cache")
    agent = _commit(b, "cache.py", "c1", "Add a cache", 3)
    b.checkout("fork-main")
    fork_human_2 = _commit(b, "fork.py", "f2", "Fork tweak", 4, CAROL)
    fork_merge = b.merge("codex/add-cache", "Merge pull request #3 from forkuser/codex/add-cache", DAY.format(5),
                         CAROL)
    b.checkout("main")
    _commit(b, "main.py", "m2", "Upstream work", 6, ALICE)
    upstream = b.merge("fork-main", "Merge pull request #9 from forkuser/fork-main", DAY.format(7))
    ai = _ai(b)
    assert _rev_list(b, fork_merge) == {agent}
    # the fork's own commits are on no first-parent chain of main, and were not brought in by the agent merge
    assert set(ai) == {agent}
    assert fork_human not in ai and fork_human_2 not in ai and upstream not in ai
    assert ai[agent].tools == ("OpenAI Codex",)


def test_an_agent_branch_merged_twice_marks_each_commit_once_with_the_merge_that_brought_it(
        repo_builder: RepoBuilder) -> None:
    b = repo_builder
    base = _commit(b, "main.py", "base", "start", 1, ALICE)
    b.git("branch", "claude/issue-7-20240301")
    b.checkout("claude/issue-7-20240301")
    first = _commit(b, "fix.py", "a1", "First pass", 2)
    b.checkout("main")
    merge_1 = b.merge("claude/issue-7-20240301", "Merge pull request #7 from acme/claude/issue-7-20240301",
                      DAY.format(3))
    human = _commit(b, "main.py", "h", "Human work on main", 4, ALICE)
    b.checkout("claude/issue-7-20240301")
    second = _commit(b, "fix.py", "a2", "Second pass", 5)
    b.checkout("main")
    merge_2 = b.merge("claude/issue-7-20240301", "Merge pull request #8 from acme/claude/issue-7-20240301",
                      DAY.format(6))
    ai = _ai(b)
    assert _rev_list(b, merge_1) == {first} and _rev_list(b, merge_2) == {second}
    assert set(ai) == {first, second}
    assert base not in ai and human not in ai
    assert merge_1[:10] in ai[first].evidence[0].text and merge_2[:10] in ai[second].evidence[0].text
