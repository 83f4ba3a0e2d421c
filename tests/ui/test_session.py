"""The session drives the views: a result, a selection or a step of history set on the session alone reaches the
table, the detail, the map, the plots and the menus, without calling any view."""

from __future__ import annotations

from debt_explorer.ui.models.file_table import PATH
from debt_explorer.ui.models.folder_tree import PATH_ROLE
from debt_explorer.ui.session import Entry, Kind, Session
from debt_explorer.ui.views.tabs import Tab
from debt_explorer.ui.workers import live_workers



def _settle(qtbot) -> None:
    """Let the detail's background loads deliver while the window still lives."""
    qtbot.waitUntil(lambda: not live_workers(), timeout=20000)


def _selected_paths(window) -> list[str]:
    return [window.proxy.index(i.row(), PATH).data() for i in window.table.selectionModel().selectedRows()]


def _record(session: Session) -> list[tuple]:
    seen: list[tuple] = []
    session.resultChanged.connect(lambda result: seen.append(("result", result is not None)))
    session.fileSelected.connect(lambda path: seen.append(("file", path)))
    session.periodSelected.connect(lambda period: seen.append(("period", period)))
    session.navigated.connect(lambda kind, value: seen.append(("navigated", kind, value)))
    return seen


def test_session_records_and_announces_in_order(qtbot, scanned) -> None:
    builder, _, result = scanned
    session = Session()
    seen = _record(session)
    assert not session.select_file("app/engine.py") and seen == []  # no result yet: nothing happens
    session.set_result(result, str(builder.path))
    assert session.repo_path == str(builder.path) and session.result is result and seen == [("result", True)]
    assert not session.select_file("no/such.py") and seen == [("result", True)]
    assert session.select_file("app/engine.py")
    session.select_period("2024Q2")
    session.select_file("app/feature.js")
    assert session.history == [Entry(Kind.FILE, "app/engine.py"), Entry(Kind.PERIOD, "2024Q2"),
                               Entry(Kind.FILE, "app/feature.js")]
    session.go(-1)
    assert (session.period, session.history_index) == ("2024Q2", 1)
    assert seen[-2:] == [("navigated", "period", "2024Q2"), ("period", "2024Q2")]
    session.select_file("app/feature.js")  # a new step after Back drops the forward entries
    assert session.history[-1] == Entry(Kind.FILE, "app/feature.js") and len(session.history) == 3
    assert session.can_go(-1) and not session.can_go(1)
    session.select_period("1999Q1")  # an unknown label clears the period and is not remembered
    assert session.period is None and seen[-1] == ("period", None) and len(session.history) == 3
    session.set_result(result)
    assert (session.file, session.period, session.history, session.history_index) == ("", None, [], -1)


def test_a_result_set_on_the_session_fills_table_map_and_plots(qtbot, window, scanned) -> None:
    builder, _, result = scanned
    window.session.set_result(result, str(builder.path))
    assert window.result is result and window.repo_path == str(builder.path)
    paths = sorted(window.table_model.record(row).path for row in range(window.table_model.rowCount()))
    assert paths == sorted(f.path for f in result.files) == ["app/engine.py", "app/feature.js"]
    assert sorted(window.map._records) == paths
    assert window.trends.labels() == [p.period for p in result.periods] == ["2024Q1", "2024Q2", "2024Q3"]
    assert window.coupling.result is result and window.retro.result is result and window.plan.result is result
    # the folder tree and the treemap show one tree (core.folders): same folders, same totals
    model = window.folder_model
    root = model.index(0, 0)
    app = model.index(0, 0, root)
    assert model.data(app, PATH_ROLE) == "app" and [c.path for c in window.map.treemap.root.children] == ["app"]
    engine, feature = result.file("app/engine.py"), result.file("app/feature.js")
    assert model.data(model.index(0, 2, root)) == f"{engine.sloc + feature.sloc:,}"
    assert window.map.treemap.root.children[0].size == max(engine.sloc, 1) + max(feature.sloc, 1)
    _settle(qtbot)


def test_selecting_through_the_session_moves_table_detail_and_map(qtbot, window, scanned) -> None:
    builder, _, result = scanned
    window.session.set_result(result, str(builder.path))
    window.session.select_file("app/feature.js")
    assert _selected_paths(window) == ["app/feature.js"]
    assert window.detail.path == "app/feature.js" and window.map.treemap.selected == "app/feature.js"
    assert window.actions_by_name["copy"].isEnabled() and not window.actions_by_name["back"].isEnabled()
    window.session.select_file("app/engine.py")
    assert _selected_paths(window) == ["app/engine.py"] and window.detail.path == "app/engine.py"
    assert window.actions_by_name["back"].isEnabled()
    _settle(qtbot)


def test_a_session_period_filters_the_table_and_marks_the_plots(qtbot, window, scanned) -> None:
    builder, _, result = scanned
    window.session.set_result(result, str(builder.path))
    window.session.select_period("2024Q3")  # only logo.png (binary, not code) changed: no code file left
    assert window.trends.selected == "2024Q3" and window.table_model.period == "2024Q3"
    assert window.proxy.rowCount() == 0 and "2024Q3" in window.period_summary.text()
    window.session.select_period("2024Q2")
    shown = sorted(window.proxy.index(r, PATH).data() for r in range(window.proxy.rowCount()))
    assert shown == ["app/engine.py", "app/feature.js"]
    window.session.select_period(None)
    assert window.trends.selected is None and window.table_model.period is None
    _settle(qtbot)


def test_back_and_forward_through_the_session_move_tabs_table_and_detail(qtbot, window, scanned) -> None:
    builder, _, result = scanned
    window.session.set_result(result, str(builder.path))
    window.session.select_file("app/engine.py")
    window.session.select_period("2024Q1")
    window.session.select_file("app/feature.js")  # not changed in 2024Q1: the period filter is cleared first
    assert window.table_model.period is None and window.trends.selected is None
    window.session.go(-1)
    assert window.tabs.currentIndex() == Tab.OVERVIEW and window.trends.selected == "2024Q1"
    assert window.table_model.period == "2024Q1"
    window.session.go(-1)
    assert window.tabs.currentIndex() == Tab.HOTSPOTS
    assert _selected_paths(window) == ["app/engine.py"] and window.detail.path == "app/engine.py"
    assert not window.actions_by_name["back"].isEnabled() and window.actions_by_name["forward"].isEnabled()
    window.session.go(2)
    assert _selected_paths(window) == ["app/feature.js"] and window.detail.path == "app/feature.js"
    assert not window.actions_by_name["forward"].isEnabled()
    _settle(qtbot)


def test_headers_and_help_are_rendered_from_the_metric_catalogue(qtbot) -> None:
    from PySide6.QtCore import Qt

    from debt_explorer.core.catalogue import FOLDER_METRICS, metric
    from debt_explorer.ui.models.file_table import HOTSPOT, FileTableModel
    from debt_explorer.ui.models.folder_tree import FolderTreeModel
    from debt_explorer.ui.views.help_text import definitions_html

    tip = Qt.ItemDataRole.ToolTipRole
    hotspot = metric("hotspot_score")
    assert FileTableModel().headerData(HOTSPOT, Qt.Orientation.Horizontal, tip) == hotspot.tooltip()
    folders = FolderTreeModel()
    assert [folders.headerData(i, Qt.Orientation.Horizontal) for i in range(len(FOLDER_METRICS))] == \
        [m.name for m in FOLDER_METRICS]
    assert folders.headerData(5, Qt.Orientation.Horizontal, tip) == FOLDER_METRICS[5].tooltip()
    assert "higher is worse" in hotspot.tooltip() and "0-1; higher is worse" in definitions_html()
