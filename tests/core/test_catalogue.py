"""The metric catalogue is the one source of metric names and definitions: docs, table and folder tree agree."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from debt_explorer.core.catalogue import FILE_METRICS, FOLDER_METRICS, Direction, catalogue_markdown, metric
from debt_explorer.core.folders import Folder
from debt_explorer.core.models import FileAi, FileRecord, LineOrigins

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"


def test_docs_carry_the_catalogue_verbatim() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert catalogue_markdown() in text
    for entry in FILE_METRICS + FOLDER_METRICS:
        assert f"| `{entry.key}` | {entry.name} |" in text


def test_every_catalogue_entry_names_a_real_field() -> None:
    record_fields = {f.name for f in fields(FileRecord)}
    origin_fields = {f.name for f in fields(LineOrigins)}
    extra = {m.key for m in FILE_METRICS} - record_fields
    assert extra == {"style_score", "median_age_days", "main_author", "knowledge_loss_share"}  # ai.style_score and
    assert extra - {"style_score"} <= origin_fields  # the line_origins fields
    assert {m.key for m in FOLDER_METRICS} - {"path"} <= {f.name for f in fields(Folder)}
    assert metric("hotspot_score").direction is Direction.WORSE and metric("maintainability").direction is \
        Direction.BETTER
    assert metric("hotspot_score").tooltip().endswith("(0-1; higher is worse)")
    assert "0.64" in metric("hotspot_score").definition


def test_period_metrics_are_period_fields_and_every_plot_names_catalogued_figures() -> None:
    from debt_explorer.core.catalogue import (
        PERIOD_METRICS,
        PLOT_METRICS,
        PLOT_TITLES,
        PROVENANCE_PLOT_METRICS,
        PLOT_TITLES,
        period_metric,
        plot_tooltip,
    )
    from debt_explorer.core.models import PeriodStats

    assert {m.key for m in PERIOD_METRICS} <= {f.name for f in fields(PeriodStats)}
    assert len(PLOT_METRICS) == len(PLOT_TITLES) == 4
    drawn = [key for keys in PLOT_METRICS for key in keys]
    # every catalogued figure is drawn, once: by the Trends plots or by the line-provenance plots
    assert sorted(drawn + list(PROVENANCE_PLOT_METRICS)) == sorted(m.key for m in PERIOD_METRICS)
    assert plot_tooltip(1).splitlines() == [
        "Maintenance churn: deleted + min(added, deleted) per change, summed over the period's non-merge commits "
        "(rework of existing code) (lines; higher is worse)",
        "New-code churn: added - min(added, deleted) per change, summed over the period's non-merge commits (lines)",
        "Maintenance share: maintenance churn / (maintenance + new-code churn) (0-1; higher is worse)"]
    assert "0.64" in period_metric("hotspots").definition
    assert "| period | `maintenance_share` | Maintenance share | 0-1 |" in DOC.read_text(encoding="utf-8")


def test_csv_columns_are_catalogued_fields_in_their_documented_order() -> None:
    from debt_explorer.core.catalogue import FILE_DATA_METRICS, csv_columns
    from debt_explorer.core.export import FILE_COLUMNS, LINE_COLUMNS

    # the CSV contract (docs/metrics.md, "Each file"): names and order unchanged
    assert FILE_COLUMNS == (
        "path", "language", "sloc", "complexity", "max_complexity", "functions", "maintainability", "revisions",
        "added", "deleted", "churn", "authors", "first_commit_date", "last_commit_date", "window_revisions",
        "window_churn", "relative_churn", "hotspot_score", "hotspot_rank", "high_churn", "parsed",
        "unparsed_reason", "cognitive", "max_cognitive")
    assert LINE_COLUMNS == ("lines", "median_age_days", "main_author", "main_author_share", "knowledge_loss_share",
                            "ai_line_share")
    record_fields = {f.name for f in fields(FileRecord)} | {f.name for f in fields(LineOrigins)}
    ai_fields = {f"ai_{f.name}" for f in fields(FileAi)}  # FileRecord.ai's figures, prefixed in the CSV
    assert {m.key for m in FILE_DATA_METRICS} <= record_fields | ai_fields
    for column in FILE_COLUMNS + LINE_COLUMNS:  # every column is defined in the catalogue and the doc
        assert f"| `{metric(column).key}` | {metric(column).name} |" in DOC.read_text(encoding="utf-8")
    assert metric("relative_churn").definition == "Recent churn / max(SLOC, 1)"
    try:
        csv_columns(("path", "no_such_field"))
    except KeyError as exc:
        assert exc.args == ("no_such_field",)
    else:
        raise AssertionError("an uncatalogued CSV column must fail")
