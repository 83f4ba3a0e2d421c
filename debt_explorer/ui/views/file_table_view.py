"""The hotspot table widget: a read-only, row-selecting, sortable view over the file table proxy."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView


def make_file_table(model: QAbstractItemModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setDefaultSectionSize(84)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    return table


def fit_columns(table: QTableView) -> None:
    """Initial widths, widened where a header (with its sort arrow) would be clipped."""
    from debt_explorer.ui.models.file_table import WIDTHS

    header = table.horizontalHeader()
    for column, width in enumerate(WIDTHS[:table.model().columnCount()]):
        table.setColumnWidth(column, max(width, header.sectionSizeFromContents(column).width() + 6))
