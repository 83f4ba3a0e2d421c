"""The hotspot table widget: a read-only, row-selecting, sortable view over the file table proxy.

The ``Style`` column is hidden by default: on held-out repositories the style
score cannot tell AI-created files from other files of the same era, so a
sortable column would suggest what it cannot know.  It stays one click away in
the column header's context menu (with that warning), and the score stays in
the file's AI evidence tab.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView

from debt_explorer.ui.models.file_table import STYLE

STYLE_WARNING = ("The style score cannot tell AI-written files from other files written in the same periods of "
                 "the same repository (close to chance on repositories it was not fitted on): files are marked "
                 "AI only on disclosed or recorded evidence. Shown for reference only.")


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
    table.setColumnHidden(STYLE, True)
    header = table.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda pos: header_menu(table).exec(header.mapToGlobal(pos)))
    return table


def header_menu(table: QTableView, position: QPoint | None = None) -> QMenu:
    """The column header's context menu: opt in to the Style column, with its warning as the tooltip."""
    menu = QMenu(table)
    menu.setToolTipsVisible(True)
    action = menu.addAction("Show Style column (weak signal)")
    action.setCheckable(True)
    action.setChecked(not table.isColumnHidden(STYLE))
    action.setToolTip(STYLE_WARNING)
    action.toggled.connect(lambda on: table.setColumnHidden(STYLE, not on))
    return menu
def fit_columns(table: QTableView) -> None:
    """Initial widths, widened where a header (with its sort arrow) would be clipped."""
    from debt_explorer.ui.models.file_table import WIDTHS

    header = table.horizontalHeader()
    for column, width in enumerate(WIDTHS[:table.model().columnCount()]):
        table.setColumnWidth(column, max(width, header.sectionSizeFromContents(column).width() + 6))
