"""Table model over change-coupling pairs (code-maat's columns), sortable by degree and shared revisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from debt_explorer.core.coupling import CouplingPair
from debt_explorer.core.sanitize import printable
from debt_explorer.ui.models.headers import column_header
from debt_explorer.ui.roles import SORT_ROLE

COLUMNS = ("entity", "coupled", "degree %", "average revs", "shared revs", "surprising")
TIPS = ("one side of the pair", "the other side",
        "shared revisions / average revisions of the two, truncated to a whole percentage (code-maat's degree)",
        "mean of the two revision counts, rounded up", "commits that changed both",
        "pairs across top-level folders (production with its tests excepted)")
Index = QModelIndex | QPersistentModelIndex


class CouplingTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[CouplingPair] = []
        self.surprising: dict[tuple[str, str], str] = {}

    def set_pairs(self, pairs: Sequence[CouplingPair], surprising: dict[tuple[str, str], str]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self.surprising = dict(surprising)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_header(COLUMNS, TIPS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.pairs):
            return None
        pair = self.pairs[index.row()]
        values = (pair.entity, pair.coupled, pair.degree, pair.average_revs, pair.shared_revs,
                  self.surprising.get((pair.entity, pair.coupled), ""))
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return printable(str(values[column]))  # a newline or tab in a path, escaped
        if role == SORT_ROLE:
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{pair.entity} ({pair.entity_revs} revisions) and {pair.coupled} ({pair.coupled_revs}) changed "
                    f"together in {pair.shared_revs} commits: {pair.degree} %")
        return None

    def pair(self, row: int) -> CouplingPair | None:
        return self.pairs[row] if 0 <= row < len(self.pairs) else None
