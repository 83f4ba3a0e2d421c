"""Exact values of a scan over a small, known history."""

from __future__ import annotations

from radon.complexity import cc_visit

import lizard
from gitrepo import RepoBuilder
from scanhelp import CORE_V2, CORE_V4, FEATURE_JS, build_history, scan


def test_file_totals_follow_renames_and_skip_merges(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    result = scan(repo_builder.path)
    engine = result.file("app/engine.py")
    assert engine is not None
    assert (engine.revisions, engine.added, engine.deleted, engine.churn) == (4, 13, 1, 14)
    assert engine.authors == 2
    assert engine.first_commit_date == 1704888000  # 2024-01-10T12:00Z: history from before the rename
    feature = result.file("app/feature.js")
    assert (feature.revisions, feature.added, feature.deleted) == (1, 6, 0)  # merge not double counted
    assert result.file("app/core.py") is None
    assert {f.path for f in result.files} == {"app/engine.py", "app/feature.js"}  # only code files
    assert result.repo.commits_scanned == 7


def test_complexity_equals_radon_and_lizard_on_the_blob(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    result = scan(repo_builder.path)
    engine = result.file("app/engine.py")
    radon_blocks = cc_visit(CORE_V4)
    assert engine.complexity == sum(b.complexity for b in radon_blocks) == 2 + 2
    assert engine.max_complexity == 2
    assert engine.functions == 2
    assert engine.maintainability is not None and 0 < engine.maintainability <= 100
    js = lizard.analyze_file.analyze_source_code("feature.js", FEATURE_JS)
    assert result.file("app/feature.js").complexity == sum(f.cyclomatic_complexity for f in js.function_list)


def test_periods_bucket_by_committer_date_with_burden_split(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    periods = {p.period: p for p in scan(repo_builder.path).periods}
    assert list(periods) == ["2024Q1", "2024Q2", "2024Q3"]
    q1, q2, q3 = periods["2024Q1"], periods["2024Q2"], periods["2024Q3"]
    assert (q1.start, q1.end) == ("2024-01-01", "2024-03-31")
    assert (q1.commits, q1.authors, q1.added, q1.deleted, q1.churn) == (2, 2, 10, 0, 10)
    assert (q1.maintenance_churn, q1.new_code_churn, q1.maintenance_share) == (0, 10, 0.0)
    # Q2: rename edit (+1 -1), append (+2), feature (+6); the merge adds nothing.
    assert (q2.commits, q2.added, q2.deleted, q2.churn) == (3, 9, 1, 10)
    assert (q2.maintenance_churn, q2.new_code_churn) == (2, 8)
    assert q2.maintenance_share == round(2 / 10, 4)
    assert (q3.commits, q3.churn, q3.maintenance_share) == (1, 0, None)  # binary only
    # Snapshots: Q1 ends with core.py v2 alone; Q2 with engine.py v4 and feature.js.
    assert (q1.files, q1.complexity) == (1, sum(b.complexity for b in cc_visit(CORE_V2)))
    assert q1.sloc == 8
    assert q2.files == 2 and q3.files == 2


def test_file_series_follows_the_file_across_its_rename(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    series = scan(repo_builder.path).file_series["app/engine.py"]
    assert [p.period for p in series] == ["2024Q1", "2024Q2", "2024Q3"]
    assert series[0].complexity == sum(b.complexity for b in cc_visit(CORE_V2))


def test_commit_in_a_new_quarter_by_utc_committer_date(repo_builder: RepoBuilder) -> None:
    repo_builder.write("a.py", "x = 1\n")
    repo_builder.commit("one", "2024-03-10T10:00:00+00:00")
    repo_builder.write("a.py", "x = 2\n")
    # Authored in Q1; committed at 23:30 on March 31st in UTC-2, which is April 1st in UTC.
    repo_builder.commit("two", "2024-02-01T10:00:00+00:00", committer_date="2024-03-31T23:30:00-02:00")
    periods = {p.period: p.commits for p in scan(repo_builder.path).periods}
    assert periods == {"2024Q1": 1, "2024Q2": 1}


def test_month_and_year_periods(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    months = [p.period for p in scan(repo_builder.path, period="month").periods]
    assert months == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07"]
    assert [p.period for p in scan(repo_builder.path, period="year").periods] == ["2024"]


def test_hotspot_and_high_churn_rules(repo_builder: RepoBuilder) -> None:
    body = "def h(a):\n" + "".join(f"    if a == {i}:\n        return {i}\n" for i in range(12)) + "    return -1\n"
    repo_builder.write("hot.py", body)
    repo_builder.write("calm.py", "def c():\n    return 1\n")
    repo_builder.commit("start", "2024-01-05T12:00:00+00:00")
    for week in range(1, 8):
        repo_builder.write("hot.py", body + "".join(f"X{i} = {week}\n" for i in range(30)))
        repo_builder.commit(f"tune {week}", f"2024-01-{5 + 3 * week:02d}T12:00:00+00:00")
    result = scan(repo_builder.path, min_high_churn_lines=50)
    hot, calm = result.file("hot.py"), result.file("calm.py")
    assert hot.hotspot_rank == 1 and calm.hotspot_rank == 2
    assert hot.window_revisions == 8 and calm.window_revisions == 1
    # score = ECDF(revisions) x ECDF(complexity) over the two files
    assert hot.hotspot_score == 1.0 and calm.hotspot_score == 0.25
    assert hot.high_churn and not calm.high_churn
    assert hot.window_churn == 26 + 30 + 6 * 60
    assert result.periods[-1].hotspots == 1 and result.periods[-1].high_churn_files == 1


def test_window_excludes_old_changes(repo_builder: RepoBuilder) -> None:
    repo_builder.write("a.py", "def a():\n    return 1\n")
    repo_builder.commit("old", "2020-01-01T12:00:00+00:00")
    repo_builder.write("b.py", "def b():\n    return 2\n")
    repo_builder.commit("new", "2024-01-01T12:00:00+00:00")
    result = scan(repo_builder.path, window_months=6)
    assert result.file("a.py").window_revisions == 0 and result.file("a.py").hotspot_score == 0.0
    assert result.file("a.py").hotspot_rank is None
    assert result.file("b.py").window_revisions == 1
    assert len(result.periods) == 17  # 2020Q1 .. 2024Q1, gaps included
