"""Line-provenance views: the Lines tab's plots and summary, the Ownership & age tab, the new table columns."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "provenance"))

from gitrepo import RepoBuilder  # noqa: E402
from scanhelp import scan  # noqa: E402
from test_provenance_scan import build  # noqa: E402


def test_lines_view_plots_rework_by_origin_cohorts_and_survival(qtbot, tmp_path) -> None:
    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.views.lines_view import LinesView

    create_app()
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    view = LinesView()
    qtbot.addWidget(view)
    view.set_result(result)
    text = view.summary.text()
    assert "<b>2024Q4</b>: 4 lines reworked, <b>0%</b> of it AI-written (1 recent, 1 older, 2 bot)" in text
    assert "AI-written: 6 lines written, 33% alive one period later, half gone after 1" in text
    assert "truck factor <b>1</b> (Ann Lee)" in text
    rework = view.plots[0].getPlotItem()
    bars = [item for item in rework.items if item.__class__.__name__ == "BarGraphItem"]
    assert len(bars) == 4  # AI, recent, older, bot stacked
    heights = [list(bar.opts["height"]) for bar in bars]
    assert heights[0] == [0, 0, 4, 0] and heights[3] == [0, 0, 0, 2]
    survival = view.plots[2].getPlotItem()
    curves = [item for item in survival.items if item.__class__.__name__ == "PlotDataItem"]
    assert [list(curve.yData) for curve in curves][1][:2] == [100.0, 100 * round(2 / 6, 4)]
    view.set_result(None)
    assert "No line provenance" in view.summary.text()


def test_ownership_tab_and_table_columns(qtbot, tmp_path) -> None:
    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.models.file_table import AGE, KNOWLEDGE_LOSS, MAIN_AUTHOR, FileTableModel
    from debt_explorer.ui.views.ownership_tab import OwnershipTab

    create_app()
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    tab = OwnershipTab()
    qtbot.addWidget(tab)
    tab.show_record(result.file("pkg/a.py"))
    assert "main author <b>Ann Lee</b> (90% of the lines)" in tab.summary.text()
    assert "AI-written: <b>2</b> lines (20%)" in tab.summary.text()
    rows = [[tab.owners_model.item(r, c).text() for c in range(3)] for r in range(tab.owners_model.rowCount())]
    assert rows == [["Ann Lee", "9", "90.0%"], ["Ben Roe", "1", "10.0%"]]
    model = FileTableModel()
    model.set_result(result)
    row = model.row_of("pkg/a.py")
    assert model.data(model.index(row, AGE)) == "274"
    assert model.data(model.index(row, MAIN_AUTHOR)) == "Ann Lee (90%)"
    assert model.data(model.index(row, KNOWLEDGE_LOSS)) == "0%"


def test_folder_tree_shows_truck_factor_per_folder(qtbot, tmp_path) -> None:
    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.models.folder_tree import HEADERS, FolderTreeModel

    create_app()
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    model = FolderTreeModel()
    model.set_result(result)
    root = model.index(0, 0)
    pkg = model.index(0, 0, root)
    column = len(HEADERS) - 1
    assert HEADERS[column][0] == "Truck"
    assert model.data(model.index(0, column)) == "1"
    assert model.data(model.index(pkg.row(), column, root)) == "1"
    assert model.data(model.index(pkg.row(), column, root), 3) == "truck factor authors: Ann Lee"  # ToolTipRole


def test_treemap_colours_by_knowledge_loss_and_age(qtbot, tmp_path) -> None:
    from debt_explorer.ui.views.treemap import AGE_SCALE_DAYS, build_tree

    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path, window_months=5)
    root = build_tree(result.files)
    leaf = root.children[0].children[0]
    assert leaf.path == "pkg/a.py"
    assert leaf.loss == 0.9 and root.loss == 0.9
    assert leaf.age == 274.0 / AGE_SCALE_DAYS
