"""Selection and navigation, for the main window: the selected file, the period filter, Back and Forward.

The table's selection, the detail pane and the map always name the same file: selecting in any of them,
or going Back/Forward, moves all three (one selected row, never two), and a file the filters hide is
never left in the detail pane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QApplication, QMenu

from debt_explorer.core.scope import activity_in

if TYPE_CHECKING:
    from debt_explorer.ui.views.main_window import MainWindow


class NavigationMixin:
    """Methods of :class:`MainWindow` that select files and periods and walk the history."""

    def _table_row_changed(self: "MainWindow", current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing or not current.isValid() or self.result is None:
            return
        record = self.table_model.record(self.proxy.mapToSource(current).row())
        self._show_file(record.path)

    def _table_menu(self: "MainWindow", position: object) -> None:
        index = self.table.indexAt(position)  # type: ignore[arg-type]
        if not index.isValid():
            return
        record = self.table_model.record(self.proxy.mapToSource(index).row())
        menu = QMenu(self)
        menu.addAction("Add to refactoring plan…", lambda: self.plan.ask_and_add(record.path))
        menu.addAction("Copy path", lambda: QApplication.clipboard().setText(record.path))
        menu.exec(self.table.viewport().mapToGlobal(position))  # type: ignore[arg-type]

    def _show_file(self: "MainWindow", path: str, remember: bool = True) -> None:
        if self.result is None:
            return
        self.detail.show_file(self.result, path, self.result.repo.path)
        self.map.select(path)
        self.statusBar().showMessage(path)
        if remember:
            self._remember(("file", path))
        self.sync_actions()

    def select_file(self: "MainWindow", path: str, switch: bool = False, remember: bool = True) -> None:
        """Select ``path`` in the table (clearing filters that hide it) and open its detail."""
        row = self.table_model.row_of(path)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        if not index.isValid():
            self.select_period(None, remember=False)
            self.hotspots.clear_filters()
            index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        if switch:
            self.tabs.setCurrentIndex(1)
        self._syncing = True  # the view still hears the change (no stale highlighted row); we skip our slot
        try:
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                        | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._syncing = False
        self.table.scrollTo(index)
        self._show_file(path, remember)

    def select_period(self: "MainWindow", period: str | None, remember: bool = True) -> None:
        if self.result is None:
            return
        stats = next((p for p in self.result.periods if p.period == period), None)
        if stats is None:
            self.hotspots.set_period(None)
            self.trends.select_period(None, emit=False)
            return
        self.hotspots.set_period(stats.period, activity_in(self.result, stats))
        self.period_summary.show_period(self.result, stats.period)
        self.trends.select_period(stats.period, emit=False)
        if remember:
            self._remember(("period", stats.period))

    def _remember(self: "MainWindow", entry: tuple[str, str]) -> None:
        if self.history_index >= 0 and self.history[self.history_index] == entry:
            return
        self.history = self.history[:self.history_index + 1] + [entry]
        self.history_index = len(self.history) - 1
        self.sync_actions()

    def go(self: "MainWindow", step: int) -> None:
        target = self.history_index + step
        if 0 <= target < len(self.history):
            self.history_index = target
            kind, value = self.history[target]
            if kind == "file":
                self.select_file(value, switch=True, remember=False)
            else:
                self.tabs.setCurrentIndex(0)
                self.select_period(value, remember=False)
                self._clear_hidden_selection()
        self.sync_actions()

    def _clear_hidden_selection(self: "MainWindow") -> None:
        """After a period filter moved in, the table selection follows the detail pane (or is cleared)."""
        path = self.detail.path
        if path and self.hotspots.is_visible(path):
            index = self.proxy.mapFromSource(self.table_model.index(self.table_model.row_of(path), 0))
            self._syncing = True
            try:
                self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                            | QItemSelectionModel.SelectionFlag.Rows)
            finally:
                self._syncing = False
        else:
            self.table.selectionModel().clear()

    def focus_filter(self: "MainWindow") -> None:
        if self.result is not None:
            self.tabs.setCurrentIndex(1)
            self.hotspots.filter_text.setFocus()
            self.hotspots.filter_text.selectAll()
