"""Every column of every CSV the command line writes is defined once, in the metric catalogue.

The CSVs are written the way a user gets them (``scan --csv``, ``coupling --csv``, ``plan export --csv``) and
their header rows read back; the File > Export table of the window is checked in tests/ui/test_exporter.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

from gitrepo import RepoBuilder
from scanhelp import build_history

from debt_explorer.cli import main
from debt_explorer.core.catalogue import (
    FILE_DATA_METRICS,
    PAIR_METRICS,
    PLAN_METRICS,
    Metric,
    csv_columns,
    metric,
    period_column,
)


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return next(csv.reader(stream))


def _defined(column: str, level: tuple[Metric, ...]) -> Metric:
    found = [m for m in level if m.key == column]
    assert len(found) == 1, f"{column!r}: {len(found)} catalogue entries"
    assert found[0].name and found[0].unit and found[0].definition
    return found[0]


def test_every_column_of_every_cli_csv_has_one_catalogue_entry(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    repo, cache = str(repo_builder.path), str(tmp_path / "cache")
    files, pairs, plan = tmp_path / "files.csv", tmp_path / "pairs.csv", tmp_path / "plan.csv"
    assert main(["scan", repo, "--csv", str(files), "--cache-dir", cache, "--quiet"]) == 0
    assert main(["coupling", repo, "--history", "--csv", str(pairs), "--cache-dir", cache, "--quiet"]) == 0
    assert main(["plan", repo, "add", "app/engine.py", "--function", "g", "--cache-dir", cache]) == 0
    assert main(["plan", repo, "export", "--csv", str(plan), "--cache-dir", cache]) == 0

    header = _header(files)
    assert header[-10:] == ["ai_label", "ai_confidence", "ai_style_score", "ai_disclosed_line_share", "lines",
                            "median_age_days", "main_author", "main_author_share", "knowledge_loss_share",
                            "ai_line_share"]
    for column in header:
        assert metric(column).key == column  # a table column or a CSV/JSON-only figure, each defined once
    assert metric("ai_disclosed_line_share") in FILE_DATA_METRICS
    assert _header(pairs) == ["entity", "coupled", "degree", "average_revs", "shared_revs", "entity_revs",
                              "coupled_revs", "surprising"]
    for column in _header(pairs):
        _defined(column, PAIR_METRICS)
    plan_header = _header(plan)
    assert plan_header[:6] == ["path", "function", "priority", "effort", "note", "added"]
    for column in plan_header:
        _defined(column, PLAN_METRICS)
    assert _defined("added", PLAN_METRICS).unit == "date"  # the plan's "added" is a day, the file's is lines
    assert metric("added").unit == "lines"


def test_an_uncatalogued_column_cannot_be_written() -> None:
    for attempt in (lambda: csv_columns(("entity", "no_such_column"), PAIR_METRICS),
                    lambda: csv_columns(("ai_label", "ai_mood")),
                    lambda: period_column("complexity", "2024Q1")):
        try:
            attempt()
        except KeyError:
            continue
        raise AssertionError("an uncatalogued CSV column must fail")
    assert period_column("churn", "2024Q1") == "churn_2024Q1"
