"""A read-only, sortable, row-selecting table over a model, sorted by the model's ``SORT_ROLE`` values."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject, QSortFilterProxyModel
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QProxyStyle, QStyle, QStyleOption,
                               QStyleOptionHeader, QTableView, QWidget)

from debt_explorer.ui.roles import SORT_ROLE


class SortArrowStyle(QProxyStyle):
    """Header arrows that point the way the rows run: down for descending (largest first), up for ascending.

    ``QHeaderView`` hands the style ``SortUp`` for a *descending* sort (``Qt::AscendingOrder`` becomes
    ``SortDown``), and Fusion and the Windows styles draw ``SortUp`` as an up arrow, so a table sorted
    largest-first showed an arrow pointing up.  The macOS style draws the platform's own convention and is
    left alone.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            swapped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            if option.sortIndicator == up:
                swapped.sortIndicator = down
            elif option.sortIndicator == down:
                swapped.sortIndicator = up
            option = swapped
        super().drawPrimitive(element, option, painter, widget)


def sort_arrows_follow_rows(view: QTableView) -> None:
    """Give ``view``'s header :class:`SortArrowStyle` (kept alive by the header)."""
    base = QApplication.style()
    if base is None or base.name().lower() == "macos":
        return
    style = SortArrowStyle(base.name())
    style.setParent(view.horizontalHeader())
    view.horizontalHeader().setStyle(style)


def sorted_table(model: QAbstractItemModel, owner: QObject) -> tuple[QSortFilterProxyModel, QTableView]:
    """A proxy sorting ``model`` by its raw values and a table showing it (whole rows selected, no editing)."""
    proxy = QSortFilterProxyModel(owner)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    sort_arrows_follow_rows(table)
    return proxy, table
