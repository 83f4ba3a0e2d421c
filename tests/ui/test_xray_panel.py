"""The file detail's X-Ray and "Changes together with" tabs, loaded in workers, on designed histories."""

from __future__ import annotations

from conftest import arrow_rows, wait_for_result
from debt_explorer.ui.roles import SORT_ROLE
from debt_explorer.ui.views.xray_panel import trend_text
from gitrepo import RepoBuilder
from test_coupling import build_coupled
from test_xray import build


def test_xray_tab_sorted_by_function_hotspot_score(qtbot, qtmodeltester, window, repo_builder: RepoBuilder) -> None:
    build(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    window.select_file("pkg/mod.py", switch=True)
    panel = window.detail.xray
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3 and panel.worker is None, timeout=15000)
    qtmodeltester.check(panel.model)
    rows = [[panel.proxy.index(r, c).data() for c in range(9)] for r in range(3)]
    assert rows[0] == ["gamma", "0.67", "4", "4", "9", "2", "0", "1", "1"]
    assert rows[1][:7] == ["alpha", "0.67", "3", "3", "8", "1", "1"]
    assert rows[2][0] == "delta" and rows[2][8] == "– → 1"
    window.detail.tabs.setCurrentWidget(panel)
    panel.table.selectRow(1)
    assert panel.current_function() == "alpha"
    seen = []
    window.detail.addToPlan.disconnect()  # the window would ask in a dialog
    window.detail.addToPlan.connect(lambda path, function: seen.append((path, function)))
    window.detail._add_to_plan()
    assert seen == [("pkg/mod.py", "alpha")]
    assert panel.figures_note("alpha") == ("X-Ray: score 0.67, 3 revisions (3 recent), churn 8, 1 fix commits, "
                                           "complexity 2")
    assert panel.figures_note("nope") == "" and panel.figures_note("") == ""


def test_changes_together_with_opens_the_other_file(qtbot, window, repo_builder: RepoBuilder) -> None:
    build_coupled(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    window.select_file("lib/c.py", switch=True)
    panel = window.detail.coupled
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=15000)
    assert [[panel.model.index(r, c).data() for c in range(4)] for r in range(2)] == [
        ["src/pkg/b2.py", "83", "5", "7"], ["src/a.py", "71", "5", "9"]]
    panel._activated(panel.model.index(1, 0))
    assert window.detail.path == "src/a.py"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=15000)
    assert panel.model.index(0, 0).data() == "src/pkg/b2.py"


def test_trend_text_compacts_repeats() -> None:
    assert trend_text((("a", None), ("b", 3), ("c", 3), ("d", 5))) == "– → 3 → 5"


def test_fix_columns_and_attracts_fixes_filter(qtbot, window, repo_builder: RepoBuilder) -> None:
    from debt_explorer.ui.models.file_table import FIX_COMMITS, FIX_RATIO, PATH
    from test_fixes import _build

    _build(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    rows = {window.proxy.index(r, PATH).data(): (window.proxy.index(r, FIX_COMMITS).data(),
                                                 window.proxy.index(r, FIX_RATIO).data())
            for r in range(window.proxy.rowCount())}
    assert rows == {"app.py": ("3", "60%"), "util.py": ("1", "50%")}
    window.fixes_only.setChecked(True)
    assert [window.proxy.index(r, PATH).data() for r in range(window.proxy.rowCount())] == ["app.py"]
    window.select_file("util.py")  # a hidden file: the filter is cleared to show it
    assert not window.fixes_only.isChecked() and window.proxy.rowCount() == 2


def test_treemap_colours_by_fix_ratio(repo_builder: RepoBuilder) -> None:
    from debt_explorer.ui.views.treemap import build_tree
    from scanhelp import scan
    from test_fixes import _build

    _build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    root = build_tree(result.files)
    leaves = {node.path: node.fix for node in root.children}
    assert leaves == {"app.py": 0.6, "util.py": 0.5}
    sizes = {node.path: node.size for node in root.children}
    assert root.fix == (0.6 * sizes["app.py"] + 0.5 * sizes["util.py"]) / root.size


def test_sort_arrow_points_the_way_the_rows_run(qtbot, window, repo_builder: RepoBuilder) -> None:
    from PySide6.QtCore import Qt

    build(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    window.select_file("pkg/mod.py", switch=True)
    window.detail.tabs.setCurrentWidget(window.detail.xray)
    panel = window.detail.xray
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3 and panel.worker is None, timeout=15000)
    header = panel.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (1, Qt.SortOrder.DescendingOrder)
    scores = [panel.proxy.index(r, 1).data(SORT_ROLE) for r in range(3)]
    assert scores == sorted(scores, reverse=True)
    down = arrow_rows(header, 1)
    assert len(down) >= 2 and down[0] > down[-1]  # wide at the top: pointing down, largest first
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    up = arrow_rows(header, 1)
    assert len(up) >= 2 and up[0] < up[-1]
