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
