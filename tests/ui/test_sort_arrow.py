"""Sort arrows point the way the rows run: the file detail's commits (newest first) show ▼ over Date."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionHeader

from conftest import arrow_rows, wait_for_result
from couplinghelp import APP, HISTORY, build_quarters
from debt_explorer.ui.theme import sort_arrow
from gitrepo import RepoBuilder


def test_commits_newest_first_under_a_down_arrow(qtbot, window, repo_builder: RepoBuilder) -> None:
    build_quarters(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    window.select_file(APP, switch=True)
    detail = window.detail
    detail.tabs.setCurrentIndex(detail.tabs.indexOf(detail.commits.parentWidget()))
    table = detail.commits
    qtbot.waitUntil(lambda: table.model().rowCount() == 12, timeout=10000)
    dates = [table.model().index(r, 0).data() for r in range(12)]
    assert dates == sorted(dates, reverse=True) and dates[0].startswith("2024-12-10")
    assert table.model().index(11, 6).data() == HISTORY[0][1]  # the oldest, "Create", last
    header = table.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    qtbot.wait(50)
    rows = arrow_rows(header, 0)
    assert len(rows) >= 2 and rows[0] > rows[-1]  # widest at the top: ▼

    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # oldest first: ▲
    assert table.model().index(0, 6).data() == HISTORY[0][1]
    rows = arrow_rows(header, 0)
    assert len(rows) >= 2 and rows[0] < rows[-1]


def test_the_coupling_table_sorted_by_degree_shows_a_down_arrow(qtbot, window, repo_builder: RepoBuilder) -> None:
    build_quarters(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    view = window.coupling
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and view.worker is None, timeout=10000)
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == 2 and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [view.proxy.index(r, 2).data() for r in range(2)] == ["66", "63"]
    qtbot.wait(50)
    rows = arrow_rows(header, 2)
    assert len(rows) >= 2 and rows[0] > rows[-1]


def test_sort_arrow_swaps_up_and_down_only() -> None:
    indicator = QStyleOptionHeader.SortIndicator
    assert sort_arrow(indicator.SortUp) == indicator.SortDown
    assert sort_arrow(indicator.SortDown) == indicator.SortUp
    assert sort_arrow(indicator.None_) == indicator.None_
