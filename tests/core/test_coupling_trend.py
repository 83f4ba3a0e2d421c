"""Coupling trend: code-maat's figures of the strongest pairs within each quarter, exact values."""

from __future__ import annotations

import json

import pytest
from couplinghelp import APP, UTIL, VIEWS, build_quarters
from gitrepo import RepoBuilder
from scanhelp import scan

from debt_explorer.cli import main
from debt_explorer.core.coupling import CouplingOptions
from debt_explorer.core.coupling_report import coupling_report
from debt_explorer.core.coupling_trend import (
    TrendPoint,
    pair_trends,
    report_trend,
    report_with_trend,
    short_pair_name,
    trend_to_json,
)


@pytest.fixture
def quarters(repo_builder: RepoBuilder):
    build_quarters(repo_builder)
    return scan(repo_builder.path, ai=False, use_cache=False)


def test_the_strongest_pairs_per_quarter(quarters) -> None:
    report, trends = report_with_trend(quarters, CouplingOptions(), "window")
    # whole window: app 12 revisions, util 6, views 7; app+util 6 shared (66 %), app+views 6 shared (63 %)
    assert [(p.entity, p.coupled, p.degree, p.shared_revs) for p in report.pairs] == [
        (UTIL, APP, 66, 6), (APP, VIEWS, 63, 6)]
    assert [t.name for t in trends] == ["util.py + app.py", "app.py + views.py"]
    growing, fading = trends
    assert growing.points == (
        TrendPoint("2024Q1", 40, 1, 1, 4),   # util 1 (create), app 4, shared 1: 200 * 1 // 5
        TrendPoint("2024Q2", 50, 1, 1, 3),   # 200 * 1 // 4
        TrendPoint("2024Q3", 100, 3, 3, 3),
        TrendPoint("2024Q4", 66, 1, 1, 2))   # 200 * 1 // 3
    assert fading.points == (
        TrendPoint("2024Q1", 100, 4, 4, 4),
        TrendPoint("2024Q2", 80, 2, 3, 2),   # 200 * 2 // 5
        TrendPoint("2024Q3", 0, 0, 3, 0),    # app changed, views did not
        TrendPoint("2024Q4", 0, 0, 2, 1))    # both changed, never together


def test_folder_trend_counts_only_the_entities_the_report_counts(repo_builder: RepoBuilder) -> None:
    build_quarters(repo_builder)
    repo_builder.write("src/notes.md", "a note\n")  # not code: no revision of src in the folder trend
    repo_builder.write(UTIL, "def f0():\n    return -1\n")
    repo_builder.commit("Notes", "2024-12-20T12:00:00+00:00")
    result = scan(repo_builder.path, ai=False, use_cache=False)
    options = CouplingOptions(min_revs=1, min_shared_revs=1, folder_depth=1)
    report = coupling_report(result, options, "history")
    assert [(p.entity, p.coupled, p.degree) for p in report.pairs] == [("lib", "src", 60)]  # lib 7, src 13, 6 shared
    (trend,) = report_trend(result, report)
    assert trend.points[-1] == TrendPoint("2024Q4", 40, 1, 2, 3)  # lib: 11 and Notes; src: 11, 12, 13, not Notes (33 if it were)
    assert pair_trends(result, report.pairs[:1], options) == (trend,)


def test_short_names_keep_the_parent_when_the_file_names_are_equal() -> None:
    assert short_pair_name("src/flask/app.py", "src/flask/sansio/app.py") == "flask/app.py + sansio/app.py"
    assert short_pair_name("app.py", "pkg/app.py") == "app.py + pkg/app.py"
    assert short_pair_name("src", "lib") == "src + lib"


def test_coupling_json_has_the_trend_of_the_top_pairs(repo_builder: RepoBuilder,
                                                      capsys: pytest.CaptureFixture) -> None:
    build_quarters(repo_builder)
    assert main(["coupling", str(repo_builder.path), "--json", "--no-cache", "--no-ai"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(t["entity"], t["coupled"], t["degree"]) for t in data["trend"]] == [(UTIL, APP, 66), (APP, VIEWS, 63)]
    assert data["trend"][1]["periods"][1] == {"period": "2024Q2", "degree": 80, "shared_revs": 2,
                                              "entity_revs": 3, "coupled_revs": 2}
    assert main(["coupling", str(repo_builder.path), "--json", "--trend", "0", "--no-cache", "--no-ai"]) == 0
    assert json.loads(capsys.readouterr().out)["trend"] == []
    assert main(["coupling", str(repo_builder.path), "--trend", "1", "--no-cache", "--no-ai"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{UTIL} + {APP}: 2024Q1:40 2024Q2:50 2024Q3:100 2024Q4:66"
    assert trend_to_json(()) == []
