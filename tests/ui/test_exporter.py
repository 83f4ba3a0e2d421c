"""File > Export and the menus work from the session and a few services: no main window needed."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow

from debt_explorer.core.catalogue import FILE_PERIOD_METRICS, PLOT_TITLES, metric
from debt_explorer.core.export import FILE_COLUMNS
from debt_explorer.ui.session import Session
from debt_explorer.ui.views.exports import Exporter, ExportServices
from debt_explorer.ui.views.main_actions import MenuCommands, build_menus


def _exporter(qtbot, result, shown, plots: list, messages: list[str]) -> tuple[Exporter, Session, QMainWindow]:
    parent = QMainWindow()
    qtbot.addWidget(parent)
    session = Session()
    session.set_result(result, "/somewhere/repo")
    services = ExportServices(parent=parent, status=messages.append, shown_table=lambda: shown,
                              save_plot=lambda index, path, title: plots.append((index, path, title)),
                              report_inputs=lambda: (None, None))
    return Exporter(session, services), session, parent


def test_table_export_writes_the_rows_shown_with_the_period_figures(qtbot, scanned, tmp_path: Path) -> None:
    result = scanned[2]
    files = sorted(result.files, key=lambda f: f.path)[:2]
    messages: list[str] = []
    exporter, _, _ = _exporter(qtbot, result, (files, "2024Q1", {files[0].path: (3, 42)}), [], messages)
    target = tmp_path / "shown.csv"
    exporter.write_table(str(target))
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0] == [*FILE_COLUMNS, "ai_label", "ai_confidence", "ai_style_score", "revisions_2024Q1",
                       "churn_2024Q1"]
    for column in rows[0]:  # every column is defined in the catalogue: a per-file figure or one within the period
        if column.endswith("_2024Q1"):
            assert column.removesuffix("_2024Q1") in {m.key for m in FILE_PERIOD_METRICS}
        else:
            assert metric(column).key == column
    assert [row[0] for row in rows[1:]] == [f.path for f in files]
    assert rows[1][-2:] == ["3", "42"] and rows[2][-2:] == ["0", "0"]
    assert messages == [f"Wrote 2 rows to {target}"]


def test_plot_export_asks_for_a_file_and_hands_the_title_to_the_plot_service(qtbot, scanned, tmp_path: Path,
                                                                           monkeypatch) -> None:
    plots: list = []
    messages: list[str] = []
    exporter, _, _ = _exporter(qtbot, scanned[2], ([], None, None), plots, messages)
    target = str(tmp_path / "plot.png")
    asked: list[str] = []

    def save_name(parent, caption, name, filters):
        asked.append(name)
        return target, filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    exporter.export_plot(1)
    assert asked[0].endswith(".png") and "-maintenance-burden-" in asked[0]
    assert [(index, path) for index, path, _ in plots] == [(1, target)]
    assert plots[0][2].startswith("Maintenance burden — ")
    assert messages == [f"Wrote {target}"]


def test_menus_drive_the_session_and_the_commands(qtbot, scanned, tmp_path: Path) -> None:
    result = scanned[2]
    exporter, session, parent = _exporter(qtbot, result, ([], None, None), [], [])
    called: list[str] = []

    def command(name: str):
        return lambda *args: called.append(name)

    commands = MenuCommands(**{name: command(name) for name in MenuCommands.__dataclass_fields__})
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    actions = build_menus(parent, parent.menuBar(), session, commands, exporter, settings)
    first, second = sorted(f.path for f in result.files)[:2]
    session.select_file(first)
    session.select_file(second)
    actions["back"].trigger()
    assert session.file == first
    for name in ("rescan", "cancel", "find", "copy", "plan_add", "import_plan"):
        actions[name].trigger()
    assert called == ["rescan", "cancel_scan", "focus_filter", "copy_path", "add_to_plan", "import_plan"]
    # each plot's export entry is named by the plot's own title (core.catalogue.PLOT_TITLES)
    assert [actions[f"plot_{i}"].text() for i in range(len(PLOT_TITLES))] == [
        "Plot: Complexity build-up as PNG/SVG…", "Plot: Maintenance burden as PNG/SVG…",
        "Plot: AI-attributed work as PNG/SVG…", "Plot: Hotspots and high-churn files as PNG/SVG…"]
