"""Selection and navigation, for the main window: the selected file, the period filter, Back and Forward.

The state lives in the window's :class:`~debt_explorer.ui.session.Session`; this mixin is its observer (it puts
the session's file and period on the table, detail, map, plots and summary) and turns clicks into session
requests. ``select_file``, ``select_period`` and ``go`` remain as the window's thin aliases.

The table's selection, the detail pane and the map always name the same file: selecting in any of them,
or going Back/Forward, moves all three (one selected row, never two), and a file the filters hide is
never left in the detail pane.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint
from PySide6.QtWidgets import QApplication, QMenu

from debt_explorer.core.scope import activity_in
from debt_explorer.ui.session import Kind
from debt_explorer.ui.views.tabs import Tab
from debt_explorer.ui.views.window_parts import WindowParts


class NavigationMixin(WindowParts):
    """Methods of :class:`MainWindow` that select files and periods and walk the history."""

    def _table_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing or not current.isValid() or self.result is None:
            return
        record = self.table_model.record(self.proxy.mapToSource(current).row())
        self.session.select_file(record.path)

    def _table_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        record = self.table_model.record(self.proxy.mapToSource(index).row())
        menu = QMenu(self)
        menu.addAction("Add to refactoring plan…", lambda: self.plan.ask_and_add(record.path))
        menu.addAction("Copy path", lambda: QApplication.clipboard().setText(record.path))
        menu.exec(self.table.viewport().mapToGlobal(position))

    # -- the session's observers: every change of file, period or history arrives here -------------
    def connect_session(self) -> None:
        """Subscribe the window's views to the session (called once, after the views exist)."""
        session = self.session
        session.resultChanged.connect(self._result_changed)
        session.fileSelected.connect(self._file_selected)
        session.periodSelected.connect(self._period_selected)
        session.navigated.connect(self._navigated)
        session.historyChanged.connect(self.sync_actions)

    def _file_selected(self, path: str) -> None:
        """The session selected ``path``: table row (filters that hide it cleared), detail and map follow."""
        result = self.session.result
        if result is None:
            return
        if not self.hotspots.is_visible(path):
            self.session.select_period(None, remember=False)
            self.hotspots.clear_filters()
        row = self.table_model.row_of(path)
        if row >= 0:
            self._select_row(self.proxy.mapFromSource(self.table_model.index(row, 0)))
        self.detail.show_file(result, path, result.repo.path)
        self.map.select(path)
        self.statusBar().showMessage(path)
        self.sync_actions()

    def _period_selected(self, period: str | None) -> None:
        result = self.session.result
        stats = None if result is None else next((p for p in result.periods if p.period == period), None)
        if result is None or stats is None:
            self.hotspots.set_period(None)
            self.trends.select_period(None, emit=False)
            return
        self.hotspots.set_period(stats.period, activity_in(result, stats))
        self.period_summary.show_period(result, stats.period)
        self.trends.select_period(stats.period, emit=False)
        self._clear_hidden_selection()

    def _navigated(self, kind: str, value: str) -> None:
        """Back/Forward: a file opens on the Hotspots tab, a period on the Overview."""
        self.tabs.setCurrentIndex(Tab.HOTSPOTS if kind == Kind.FILE.value else Tab.OVERVIEW)

    # -- requests (menus, clicks, tests): they only ask the session ----------------------------------
    def select_file(self, path: str, switch: bool = False, remember: bool = True) -> None:
        """Select ``path`` in every view (clearing filters that hide it); ``switch`` shows the Hotspots tab."""
        if not self.session.has_file(path):
            return
        if switch:
            self.tabs.setCurrentIndex(Tab.HOTSPOTS)
        self.session.select_file(path, remember)

    def select_period(self, period: str | None, remember: bool = True) -> None:
        self.session.select_period(period, remember)

    def go(self, step: int) -> None:
        self.session.go(step)

    def _select_row(self, index: QModelIndex) -> None:
        self._syncing = True  # the view still hears the change (no stale highlighted row); we skip our slot
        try:
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                        | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._syncing = False
        self.table.scrollTo(index)

    def _clear_hidden_selection(self) -> None:
        """After a period filter moved in, the table selection follows the detail pane (or is cleared)."""
        path = self.detail.path
        if path and self.hotspots.is_visible(path):
            self._select_row(self.proxy.mapFromSource(self.table_model.index(self.table_model.row_of(path), 0)))
        else:
            self.table.selectionModel().clear()

    def focus_filter(self) -> None:
        if self.result is not None:
            self.tabs.setCurrentIndex(Tab.HOTSPOTS)
            self.hotspots.filter_text.setFocus()
            self.hotspots.filter_text.selectAll()
