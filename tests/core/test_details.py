"""Detail-panel data read from git objects."""

from __future__ import annotations

from debt_explorer.core.details import churn_by_period, commits_for_file, file_diff
from gitrepo import RepoBuilder
from scanhelp import build_history, scan


def test_commits_diff_text_and_period_churn(repo_builder: RepoBuilder) -> None:
    shas = build_history(repo_builder)
    result = scan(repo_builder.path)
    rows = commits_for_file(result, "app/engine.py")
    assert [r.commit.sha for r in rows] == [shas["append"], shas["rename"], shas["grow"], shas["create"]]
    assert (rows[1].change.old_path, rows[1].change.added, rows[1].change.deleted) == ("app/core.py", 1, 1)
    diff = file_diff(str(repo_builder.path), shas["rename"], "app/engine.py", "app/core.py")
    assert "-    return 0" in diff and "+    return None" in diff and "rename from app/core.py" in diff
    root = file_diff(str(repo_builder.path), shas["create"], "app/core.py")
    assert "+def f(x):" in root
    assert churn_by_period(result, "app/engine.py") == [("2024Q1", 10, 0), ("2024Q2", 3, 1), ("2024Q3", 0, 0)]


def test_file_blame_marks_the_lines_an_ai_commit_wrote(repo_builder: RepoBuilder) -> None:
    """The detail panel's one call for blame: lines at the scanned head, AI lines and each AI commit's tools."""
    from debt_explorer.core.details import file_blame
    from scanhelp import ALICE

    repo_builder.write("mixed.py", "def h(a):\n    return a\n")
    human = repo_builder.commit("human", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("mixed.py", "def h(a):\n    return a\n\n\ndef g(b):\n    return b\n")
    ai = repo_builder.commit("Add g\n\nCo-Authored-By: Claude <noreply@anthropic.com>", "2024-02-10T12:00:00+00:00",
                             ALICE)
    blame = file_blame(scan(repo_builder.path), "mixed.py")
    assert [line.sha for line in blame.lines] == [human, human, ai, ai, ai, ai]
    assert blame.ai_lines == [3, 4, 5, 6]
    assert list(blame.ai_tools) == [ai] and blame.ai_tools[ai] != ()
