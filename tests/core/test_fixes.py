"""Bug-fix classification: the rule table on real messages, and exact fix figures of a designed history."""

from __future__ import annotations

import pytest

from debt_explorer.core.export import result_to_json
from debt_explorer.core.fixes import attracts_fixes, classify, fix_rule_table
from gitrepo import RepoBuilder
from scanhelp import scan

FIXES = [
    ("Fix crash when the config file is empty", "fix keyword"),
    ("fixed #12: handle None", "closes issue"),
    ("Handle empty body\n\nFixes #345", "closes issue"),
    ("Update parser\n\nCloses: pallets/flask#99", "closes issue"),
    ("Resolves gh-1200 by checking the type", "closes issue"),
    ("fix(cli): exit code on bad input", "conventional fix"),
    ("hotfix: restore login", "conventional fix"),
    ("Revert \"Add caching\"", "revert"),
    ("Speed up\n\nThis reverts commit 0123456789abcdef.", "revert"),
    ("Regression in 2.0 URL building", "fix keyword"),
    ("Bugfix for the session cookie", "fix keyword"),
    ("Work around a defect in the C parser", "fix keyword"),
    ("Patch for the Windows path bug", "fix keyword"),
]
NOT_FIXES = [
    ("Add a prefix option to the router", None),
    ("Use a fixture for the database", None),
    ("Improve debugger output", None),
    ("Add app.patch decorator", None),
    ("monkeypatch the environment in tests", None),
    ("Refactor the prefixed URL map", None),
    ("docs: fix typo in quickstart", "cosmetic"),
    ("Fix typo in README", "cosmetic"),
    ("Fix flake8 warnings", "cosmetic"),
    ("Bump version to 2.3.1", None),
    ("Add bugle sound effect", None),
]


@pytest.mark.parametrize(("message", "rule"), FIXES)
def test_fix_messages(message: str, rule: str) -> None:
    verdict = classify(message)
    assert (verdict.is_fix, verdict.rule) == (True, rule)


@pytest.mark.parametrize(("message", "rule"), NOT_FIXES)
def test_non_fix_messages_including_false_friends(message: str, rule: str | None) -> None:
    verdict = classify(message)
    assert (verdict.is_fix, verdict.rule) == (False, rule)


def test_rule_table_is_listed() -> None:
    names = [row["rule"] for row in fix_rule_table()]
    assert names == ["revert", "cosmetic", "closes issue", "conventional fix", "fix keyword"]


def _build(builder: RepoBuilder) -> None:
    builder.write("app.py", "a = 1\nb = 2\nc = 3\nd = 4\n")
    builder.write("util.py", "x = 1\ny = 2\n")
    builder.commit("Create app", "2024-01-10T12:00:00+00:00")
    builder.write("app.py", "a = 1\nb = 20\nc = 3\nd = 4\n")
    builder.commit("Fix crash in app", "2024-02-10T12:00:00+00:00")  # fix, app +1 -1
    builder.write("app.py", "a = 1\nb = 20\nc = 3\nd = 4\ne = 5\nf = 6\n")
    builder.commit("Add prefix option", "2024-02-20T12:00:00+00:00")  # not a fix, +2
    builder.write("app.py", "a = 1\nb = 20\nc = 30\nd = 4\ne = 5\nf = 6\n")
    builder.write("util.py", "x = 1\ny = 2\nz = 3\n")
    builder.commit("Update util\n\nCloses #7", "2024-04-10T12:00:00+00:00")  # fix, app +1 -1, util +1
    builder.write("README.md", "# app\n")
    builder.commit("docs: fix typo", "2024-04-15T12:00:00+00:00")  # cosmetic, and not code
    builder.write("app.py", "a = 1\nb = 20\nc = 30\nd = 4\n")
    builder.commit("Revert \"Add prefix option\"", "2024-05-01T12:00:00+00:00")  # fix, app -2


def test_fix_figures_per_file_and_period(repo_builder: RepoBuilder) -> None:
    _build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    app, util = result.file("app.py"), result.file("util.py")
    assert (app.window_revisions, app.fix_commits, app.fix_churn, app.fix_ratio) == (5, 3, 6, 0.6)
    assert (util.window_revisions, util.fix_commits, util.fix_churn, util.fix_ratio) == (2, 1, 1, 0.5)
    assert attracts_fixes(app) and not attracts_fixes(util)
    assert [(p.period, p.fix_commits, p.fix_churn) for p in result.periods] == [("2024Q1", 1, 2), ("2024Q2", 2, 5)]
    data = result_to_json(result)
    row = next(f for f in data["files"] if f["path"] == "app.py")
    assert (row["fix_commits"], row["fix_churn"], row["fix_ratio"]) == (3, 6, 0.6)
    assert data["periods"][1]["fix_churn"] == 5


def test_fix_window_follows_the_hotspot_window(repo_builder: RepoBuilder) -> None:
    _build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False, window_months=2)  # after 2024-03-01 12:00
    app = result.file("app.py")
    assert (app.window_revisions, app.fix_commits, app.fix_churn, app.fix_ratio) == (2, 2, 4, 1.0)


def test_retrospective_names_files_where_fixes_rose(repo_builder: RepoBuilder) -> None:
    from debt_explorer.core.retro import compare_periods

    _build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    retro = compare_periods(result, "2024Q1", "2024Q2")
    assert [(d.path, d.before, d.after) for d in retro.fixes_rose] == [("app.py", 1, 2)]
    assert ("Bug-fix commits: 1 → 2 (fix churn 2 → 5 lines); fixes rose most in app.py (1 → 2)."
            in retro.findings)


def test_fix_shas_are_computed_once_per_commit_tuple() -> None:
    """The retrospective asks for the fix commits of the same result several times per view: one pass each."""
    from debt_explorer.core import fixes
    from debt_explorer.core.models import Commit

    def commit(sha: str, message: str, merge: bool = False) -> Commit:
        return Commit(sha=sha, parents=("p", "q") if merge else ("p",), author_name="A", author_email="a@x",
                      author_date=0, committer_name="A", committer_email="a@x", committer_date=0, message=message)

    commits = (commit("a", "fix: crash on empty input"), commit("b", "Add a feature"),
               commit("c", "Merge branch 'fix-crash'", merge=True))
    first = fixes.fix_shas(commits)
    assert first == {"a"} and fixes.fix_shas(commits) is first  # the same tuple: the stored answer
    changed = (*commits, commit("d", "Fix the broken build"))  # another result's commits: computed anew
    assert fixes.fix_shas(changed) == {"a", "d"} and fixes.fix_shas(commits) is first
    assert fixes.fix_shas(list(changed)) == {"a", "d"}  # any iterable still works, unmemoised
