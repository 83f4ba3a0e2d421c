"""Folders with aggregated figures, as a Qt tree model: start from a directory and narrow down."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from debt_explorer.core.catalogue import FOLDER_METRICS
from debt_explorer.core.folders import Folder, folder_tree
from debt_explorer.core.models import ScanResult
from debt_explorer.core.sanitize import printable as shown  # also \n, \t, ESC and bidi overrides, escaped
from debt_explorer.ui.roles import PATH_ROLE

Index = QModelIndex | QPersistentModelIndex
HEADERS = [(m.name, m.tooltip()) for m in FOLDER_METRICS]  # from the metric catalogue


class _Node:
    __slots__ = ("children", "figures", "name", "parent", "path", "row", "truck_authors")

    def __init__(self, name: str, path: str, parent: _Node | None) -> None:
        self.name, self.path, self.parent = name, path, parent
        self.children: list[_Node] = []
        self.row = 0
        self.figures: list = [0, 0, 0, 0, 0, 0]  # files, sloc, complexity, churn, hotspots, ai (+ truck factor)
        self.truck_authors = ""


class FolderTreeModel(QAbstractItemModel):
    """The folder hierarchy of a scan (folders only; files live in the table)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Node("", "", None)

    def set_result(self, result: ScanResult | None) -> None:
        """Show ``result``'s folders with the totals core.folders computed (one tree for every view)."""
        self.beginResetModel()
        top = _Node("", "", None)
        root = _Node("(all files)", "", None) if result is None else self._wrap(folder_tree(result), None)
        root.name = "(all files)"
        top.children = [root]
        self._sort(root)
        self._root = top
        self.endResetModel()

    def _wrap(self, folder: Folder, parent: _Node | None) -> _Node:
        node = _Node(folder.name, folder.path, parent)
        node.figures = [folder.files, folder.sloc, folder.complexity, folder.churn, folder.hotspots,
                        folder.ai_marked, folder.truck_factor]
        node.truck_authors = folder.truck_authors
        node.children = [self._wrap(child, node) for child in folder.folders]
        return node

    def _sort(self, node: _Node) -> None:
        node.children.sort(key=lambda n: (-n.figures[2], n.name))
        for row, child in enumerate(node.children):
            child.row = row
            self._sort(child)

    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        node = self._node(parent)
        if not (0 <= row < len(node.children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # Qt overloads parent(): QObject.parent() and this one
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()
        parent = node.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return shown(node.name)
            value = node.figures[column - 1] if column - 1 < len(node.figures) else None
            return "" if value is None else f"{value:,}"
        if role == PATH_ROLE:
            return node.path
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == len(HEADERS) - 1 and node.truck_authors:
                return f"truck factor authors: {shown(node.truck_authors)}"
            return shown(node.path) or "all files"
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADERS[section][1]
        return None
