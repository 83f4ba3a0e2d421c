"""A read-only, sortable, row-selecting table over a model, sorted by the model's ``SORT_ROLE`` values."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from debt_explorer.ui.roles import SORT_ROLE


def sorted_table(model: QAbstractItemModel, owner: QObject | None = None) -> tuple[QSortFilterProxyModel, QTableView]:
    """A proxy sorting ``model`` by its raw values and a table showing it (whole rows selected, no editing).

    ``owner`` parents the proxy; without one the table's reference keeps it alive.  Never parent it to a model
    Python owns: the GUI tests crashed in garbage collection when the file detail's tables did."""
    proxy = QSortFilterProxyModel(owner)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return proxy, table
