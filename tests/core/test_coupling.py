"""Change coupling: exact code-maat figures over a designed history (co-changes, a rename, a huge commit)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from debt_explorer.cli import main
from debt_explorer.core.coupling import Changeset, CouplingOptions, analyse, changesets, degree_of, folder_of
from debt_explorer.core.coupling_report import (coupling_report, is_test_path, report_to_json, find_test_files,
                                                write_pairs_csv)
from debt_explorer.core.export import result_to_json
from gitrepo import RepoBuilder
from scanhelp import scan


def _touch(builder: RepoBuilder, path: str, step: int) -> None:
    builder.write(path, "".join(f"def f{i}():\n    return {i + step}\n" for i in range(3)))


def build_coupled(builder: RepoBuilder) -> None:
    """9 commits in January 2024 and one 32-file commit in March.

    a: commits 1-9; b (renamed src/b.py -> src/pkg/b2.py in 6): 1-7; c: 1-5;
    tests/test_a.py: 1; docs/guide.md: 1 and 9; commit 10 changes a, b2 and 30 text files.
    """
    for path in ("src/a.py", "src/b.py", "lib/c.py", "tests/test_a.py"):
        _touch(builder, path, 0)
    builder.write("docs/guide.md", "# guide\n")
    builder.commit("Create", "2024-01-01T12:00:00+00:00")
    for step in range(2, 6):
        for path in ("src/a.py", "src/b.py", "lib/c.py"):
            _touch(builder, path, step)
        builder.commit(f"Change {step}", f"2024-01-0{step}T12:00:00+00:00")
    builder.move("src/b.py", "src/pkg/b2.py")
    _touch(builder, "src/a.py", 6)
    builder.commit("Move b", "2024-01-06T12:00:00+00:00")
    _touch(builder, "src/a.py", 7)
    _touch(builder, "src/pkg/b2.py", 7)
    builder.commit("Change 7", "2024-01-07T12:00:00+00:00")
    _touch(builder, "src/a.py", 8)
    builder.commit("Change 8", "2024-01-08T12:00:00+00:00")
    _touch(builder, "src/a.py", 9)
    builder.write("docs/guide.md", "# guide\nmore\n")
    builder.commit("Change 9", "2024-01-09T12:00:00+00:00")
    _touch(builder, "src/a.py", 10)
    _touch(builder, "src/pkg/b2.py", 10)
    for index in range(30):
        builder.write(f"gen/data{index}.txt", f"{index}\n")
    builder.commit("Huge", "2024-03-01T12:00:00+00:00")


@pytest.fixture
def coupled_scan(repo_builder: RepoBuilder):  # noqa: ANN201
    build_coupled(repo_builder)
    return scan(repo_builder.path, ai=False, use_cache=False)


def _rows(report) -> list[tuple]:  # noqa: ANN001
    return [(p.entity, p.coupled, p.degree, p.average_revs, p.shared_revs) for p in report.pairs]


def test_file_coupling_has_code_maat_values_renames_followed_huge_commit_left_out(coupled_scan) -> None:  # noqa: ANN001
    report = coupling_report(coupled_scan, scope="history")
    assert _rows(report) == [
        ("src/a.py", "src/pkg/b2.py", 87, 8, 7),  # 7 / ((9 + 7) / 2) = 87.5 % -> 87
        ("lib/c.py", "src/pkg/b2.py", 83, 6, 5),  # 5 / 6 = 83.3 %; b's history before the rename counts
        ("lib/c.py", "src/a.py", 71, 7, 5),  # 5 / 7 = 71.4 %
    ]
    counts = report.result.counts
    assert (counts.commits, counts.commits_too_large) == (9, 1)
    assert counts.revisions == {"src/a.py": 9, "src/pkg/b2.py": 7, "lib/c.py": 5, "tests/test_a.py": 1}
    assert dict(report.result.soc) == {"src/a.py": 13, "src/pkg/b2.py": 13, "lib/c.py": 11, "tests/test_a.py": 3}
    assert report.surprising == {("lib/c.py", "src/pkg/b2.py"): "crosses top-level folders lib and src",
                                 ("lib/c.py", "src/a.py"): "crosses top-level folders lib and src"}
    gap = report.test_gaps[0]
    assert (gap.file, gap.test_file, gap.revisions, gap.test_revisions, gap.shared_revs, gap.share) == (
        "src/a.py", "tests/test_a.py", 9, 1, 1, 0.1111)
    assert len(report.test_gaps) == 1


def test_all_files_counts_docs_like_code_maat(coupled_scan) -> None:  # noqa: ANN001
    options = CouplingOptions(code_only=False, min_revs=1, min_shared_revs=2, min_coupling=0)
    report = coupling_report(coupled_scan, options, scope="history")
    assert ("docs/guide.md", "src/a.py", 36, 6, 2) in _rows(report)  # 2 / ((2 + 9) / 2) = 36.4 %
    assert dict(report.result.soc)["src/a.py"] == 15 and dict(report.result.soc)["docs/guide.md"] == 5


def test_thresholds_are_inclusive_and_exact(coupled_scan) -> None:  # noqa: ANN001
    at_71 = coupling_report(coupled_scan, CouplingOptions(min_coupling=71), scope="history")
    assert [r[:2] for r in _rows(at_71)][-1] == ("lib/c.py", "src/a.py")
    above = coupling_report(coupled_scan, CouplingOptions(min_coupling=72, max_coupling=86), scope="history")
    assert _rows(above) == [("lib/c.py", "src/pkg/b2.py", 83, 6, 5)]
    shared = coupling_report(coupled_scan, CouplingOptions(min_shared_revs=6), scope="history")
    assert [r[:2] for r in _rows(shared)] == [("src/a.py", "src/pkg/b2.py")]
    revs = coupling_report(coupled_scan, CouplingOptions(min_revs=7), scope="history")  # average >= 7
    assert [r[:2] for r in _rows(revs)] == [("src/a.py", "src/pkg/b2.py"), ("lib/c.py", "src/a.py")]
    bigger = coupling_report(coupled_scan, CouplingOptions(max_changeset_size=32), scope="history")
    assert _rows(bigger)[0] == ("src/a.py", "src/pkg/b2.py", 88, 9, 8)  # the huge commit now counts: 8 / 9


def test_window_scope_is_the_hotspot_window(repo_builder: RepoBuilder) -> None:
    build_coupled(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False, window_months=1)
    report = coupling_report(result)  # window: 2024-02-01 .. 2024-03-01, only the huge commit
    assert report.since == 1706788800 and report.until == 1709294400
    assert report.pairs == () and (report.result.counts.commits, report.result.counts.commits_too_large) == (0, 1)
    assert len(coupling_report(result, scope="history").pairs) == 3


def test_folder_coupling_at_depths(coupled_scan) -> None:  # noqa: ANN001
    one = coupling_report(coupled_scan, CouplingOptions(folder_depth=1), scope="history")
    assert _rows(one) == [("lib", "src", 71, 7, 5)]
    two = coupling_report(coupled_scan, CouplingOptions(folder_depth=2), scope="history")
    assert _rows(two) == [("src", "src/pkg", 87, 8, 7), ("lib", "src/pkg", 83, 6, 5), ("lib", "src", 71, 7, 5)]
    assert folder_of("setup.py", 1) == "." and folder_of("a/b/c/d.py", 2) == "a/b"


def test_changesets_window_and_degree_arithmetic() -> None:
    sets = [Changeset("x", 10, ("a", "b")), Changeset("y", 20, ("a", "b", "c")), Changeset("z", 30, ("a",))]
    assert [c.sha for c in sets if 10 < c.when <= 30] == ["y", "z"]
    result = analyse(sets, CouplingOptions(min_revs=1, min_shared_revs=1, min_coupling=0))
    assert [(p.entity, p.coupled, p.degree, p.average_revs, p.shared_revs) for p in result.pairs] == [
        ("a", "b", 80, 3, 2), ("b", "c", 66, 2, 1), ("a", "c", 50, 2, 1)]
    assert degree_of(1, 2, 1) == 66 and degree_of(7, 9, 7) == 87
    with pytest.raises(ValueError):
        CouplingOptions(min_coupling=50, max_coupling=40)


def test_changesets_filter_by_date_and_drop_duplicates(coupled_scan) -> None:  # noqa: ANN001
    all_sets = changesets(coupled_scan.commits, coupled_scan.changes)
    assert len(all_sets) == 10 and len(all_sets[-1].files) == 32
    january = changesets(coupled_scan.commits, coupled_scan.changes, since=None, until=1704801600)  # 01-09 12:00
    assert len(january) == 9
    assert all(len(set(c.files)) == len(c.files) for c in all_sets)


def test_test_file_matching() -> None:
    assert is_test_path("tests/test_app.py") and is_test_path("src/app.spec.ts") and is_test_path("FooTest.java")
    assert not is_test_path("src/flask/testing.py") and not is_test_path("src/contest.py")
    found = find_test_files(["src/app.py", "tests/test_app.py", "web/view.ts", "web/view.spec.ts", "lib/x.py"])
    assert found == {"src/app.py": ["tests/test_app.py"], "web/view.ts": ["web/view.spec.ts"]}
    assert find_test_files(["src/__init__.py", "tests/apps/__init__.py", "flask.py", "tests/apps/flask.py"]) == {}


def test_json_and_csv_outputs(coupled_scan) -> None:  # noqa: ANN001
    data = result_to_json(coupled_scan)
    assert data["coupling"] == data["coupling_history"]  # the 12-month window holds the whole history here
    assert data["coupling_history"][0] == {"entity": "src/a.py", "coupled": "src/pkg/b2.py", "degree": 87,
                                           "average_revs": 8, "shared_revs": 7, "entity_revs": 9,
                                           "coupled_revs": 7, "surprising": None}
    report = coupling_report(coupled_scan, scope="history")
    as_json = report_to_json(report)
    assert as_json["commits_too_large"] == 1 and as_json["soc"][0] == {"entity": "src/a.py", "soc": 13}
    stream = io.StringIO()
    write_pairs_csv(report, stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[0][:5] == ["entity", "coupled", "degree", "average_revs", "shared_revs"]
    assert rows[2] == ["lib/c.py", "src/pkg/b2.py", "83", "6", "5", "5", "7", "crosses top-level folders lib and src"]


def test_cli_coupling_json_csv_and_bad_input(repo_builder: RepoBuilder, capsys: pytest.CaptureFixture) -> None:
    build_coupled(repo_builder)
    assert main(["coupling", str(repo_builder.path), "--history", "--json", "--no-cache", "--no-ai"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["degree"] for p in data["coupling"]] == [87, 83, 71]
    assert main(["coupling", str(repo_builder.path), "--history", "--folders", "--csv", "--no-cache", "--no-ai"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "lib,src,71,7,5,5,9,"
    assert main(["coupling", str(repo_builder.path), "--min-coupling", "80", "--max-coupling", "50"]) == 2
    assert "min-coupling must not exceed max-coupling" in capsys.readouterr().err


def test_per_period_trend_of_the_strongest_pairs(repo_builder: RepoBuilder, capsys: pytest.CaptureFixture) -> None:
    from debt_explorer.core.coupling_trend import TrendPoint, report_trend

    build_coupled(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False, period="month")
    report = coupling_report(result, scope="history")
    trend = report_trend(result, report, 2)
    assert [(t.pair.entity, t.pair.coupled, t.points) for t in trend] == [
        ("src/a.py", "src/pkg/b2.py", (TrendPoint("2024-01", 87, 7, 9, 7), TrendPoint("2024-02", None, 0, 0, 0),
                                       TrendPoint("2024-03", None, 0, 0, 0))),
        ("lib/c.py", "src/pkg/b2.py", (TrendPoint("2024-01", 83, 5, 5, 7), TrendPoint("2024-02", None, 0, 0, 0),
                                       TrendPoint("2024-03", None, 0, 0, 0)))]
    assert main(["coupling", str(repo_builder.path), "--history", "--trend", "1", "--json", "--no-cache",
                 "--no-ai", "--period", "month"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["trend"][0]["periods"][0] == {"period": "2024-01", "degree": 87, "shared_revs": 7, "entity_revs": 9,
                                              "coupled_revs": 7}
