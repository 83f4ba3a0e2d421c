"""Retrospective defaults that skip near-empty periods, too-small warnings, wider windows, code files only."""

from __future__ import annotations

import pytest

from debt_explorer.core.retro import MIN_COMMITS, compare_periods, default_periods, spans, window
from debt_explorer.core.scope import Scope, activity_in, code_file_rule, scope_of
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, scan


def _body(lines: int, salt: int) -> str:
    return "def f(a):\n" + "".join(f"    a = a + {salt * 1000 + i}\n" for i in range(lines)) + "    return a\n"


def build(builder: RepoBuilder) -> None:
    """2024Q1 and Q2: 12 commits of 20+ lines each; Q3: one tiny commit; Q4: one commit (so Q3 is full)."""
    for quarter, month in ((1, 1), (2, 4)):
        for day in range(1, 13):
            builder.write("app/core.py", _body(20, quarter * 100 + day))
            if quarter == 2:
                builder.write("poetry.lock", "".join(f"pkg{day}-{i} = 1\n" for i in range(400)))
                builder.write("docs/guide.md", "".join(f"line {day} {i}\n" for i in range(300)))
                builder.write("app/extra.py", _body(30, day))
            builder.commit(f"work {quarter}.{day}", f"2024-{month:02d}-{day + 1:02d}T12:00:00+00:00",
                           ALICE if day % 2 else BOB)
    builder.write("app/core.py", _body(21, 999))
    builder.commit("tiny", "2024-08-01T12:00:00+00:00", ALICE)
    builder.write("app/late.py", _body(2, 1))
    builder.commit("late", "2024-10-02T12:00:00+00:00", BOB)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("retro")
    builder = RepoBuilder(base / "repo")
    build(builder)
    return scan(builder.path, cache_dir=str(base / "cache"))  # module scope: its own cache, never the user's


def test_default_skips_a_period_too_small_to_compare_and_warns_when_chosen(result) -> None:
    q3 = next(p for p in result.periods if p.period == "2024Q3")
    assert q3.commits == 1 < MIN_COMMITS
    assert default_periods(result) == ("2024Q1", "2024Q2")  # not 2024Q2 -> the near-empty, full 2024Q3
    assert compare_periods(result).warnings == ()
    chosen = compare_periods(result, "2024Q2", "2024Q3")
    assert len(chosen.warnings) == 1 and chosen.warnings[0].startswith("2024Q3 is too small to compare: 1 commit(s)")


def test_churn_jumped_lists_code_files_only(result) -> None:
    retro = compare_periods(result, "2024Q1", "2024Q2")
    jumped = [d.path for d in retro.churn_jumps]
    assert "app/extra.py" in jumped
    assert "poetry.lock" not in jumped and "docs/guide.md" not in jumped
    rule = code_file_rule(result)
    assert rule("app/core.py") and not rule("poetry.lock") and not rule("docs/guide.md")


def test_two_period_windows(result) -> None:
    assert spans(result)[1] == (2, "last 2 quarters against the 2 before")
    wide = window(result, "2024Q2", 2)
    q1, q2 = result.periods[0], result.periods[1]
    assert wide.period == "2024Q1–2024Q2" and wide.start == q1.start and wide.end == q2.end
    assert wide.commits == q1.commits + q2.commits == 24
    assert wide.churn == q1.churn + q2.churn and wide.complexity == q2.complexity
    assert wide.authors == 2
    retro = compare_periods(result, "2024Q2", "2024Q4", span=2)
    assert (retro.before.period, retro.after.period, retro.span) == ("2024Q1–2024Q2", "2024Q3–2024Q4", 2)
    assert retro.after.commits == 2 and "2024Q3–2024Q4 is too small" in retro.warnings[0]


def test_period_activity_counts_revisions_and_lines(result) -> None:
    q2 = result.periods[1]
    activity = activity_in(result, q2)
    assert activity["app/extra.py"][0] == 12
    assert activity["app/core.py"][0] == 12
    assert "poetry.lock" not in activity


def test_scope_of_paths() -> None:
    assert scope_of("tests/test_app.py") is Scope.TESTS
    assert scope_of("src/pkg/conftest.py") is Scope.TESTS
    assert scope_of("web/cart.spec.ts") is Scope.TESTS
    assert scope_of("docs/conf.py") is Scope.DOCS
    assert scope_of("examples/tutorial/flaskr/db.py") is Scope.EXAMPLES
    assert scope_of("src/flask/app.py") is Scope.PRODUCT
    assert scope_of("src/contest.py") is Scope.PRODUCT
