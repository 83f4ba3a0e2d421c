"""The file detail's X-Ray tab: function-level history (core/xray.py) sorted by function hotspot score.

X-Ray reads the file's diffs from git, so it runs in a worker when a file is
shown; a result from an earlier file is dropped by token.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from debt_explorer.core.models import ScanResult
from debt_explorer.ui.models.headers import column_header
from debt_explorer.ui.roles import SORT_ROLE
from debt_explorer.ui.views.tables import sorted_table
from debt_explorer.ui.workers import GeneratorWorker, start

COLUMNS = ("Function", "Score", "Revisions", "Window revs", "Churn", "Authors", "Fix commits", "Complexity",
           "Complexity trend", "Last change")
TIPS = ("function or method (Class.method); its lines are followed back like git log -L, through moves, "
        "renames of the function and of the file",
        "function hotspot score: F_rev(window revisions) x F_cx(complexity) over this file's functions",
        "commits whose changes touched the function's lines (whole history, as git log -L counts them)",
        "revisions in the hotspot window",
        "lines added inside the function + lines the touching changes removed (merges add none)",
        "distinct authors of those commits", "bug-fix commits that changed it in the hotspot window",
        "cyclomatic complexity now", "complexity at the end of each period (– : did not exist)",
        "date of the last change")
Index = QModelIndex | QPersistentModelIndex


def _date(stamp: int | None) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d") if stamp else ""


def trend_text(trend: tuple[tuple[str, int | None], ...], last: int = 8) -> str:
    """The last ``last`` period-end complexities, oldest first, e.g. ``3 → 5 → 8``."""
    values = ["–" if c is None else str(c) for _, c in trend[-last:]]
    compact = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    return " → ".join(compact)


class XRayModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.functions: list[Any] = []

    def set_functions(self, functions: list[Any]) -> None:
        self.beginResetModel()
        self.functions = list(functions)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.functions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_header(COLUMNS, TIPS, section, orientation, role)

    def _values(self, f: Any) -> tuple:
        return (f.name, f.hotspot_score, f.revisions, f.window_revisions, f.churn, f.authors, f.fix_commits,
                f.complexity, trend_text(f.complexity_trend), f.last_change or 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.functions):
            return None
        function = self.functions[index.row()]
        values = self._values(function)
        column = index.column()
        if role == SORT_ROLE:
            return values[column]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                return f"{function.hotspot_score:.2f}"
            if column == 9:
                return _date(function.last_change)
            return str(values[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= column <= 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            renamed = f"; formerly {', '.join(function.renamed_from)}" if function.renamed_from else ""
            return (f"lines {function.line}-{function.end_line}; first changed {_date(function.first_change)}; "
                    f"+{function.added} −{function.deleted}{renamed}")
        return None


class XRayPanel(QWidget):
    """Shows the X-Ray of one file; ``functionChosen(name, line)`` when a row is selected."""

    functionChosen = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.token = 0
        self.worker: GeneratorWorker | None = None
        self.xray: Any = None
        self.model = XRayModel(self)
        self.proxy, self.table = sorted_table(self.model, self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def clear(self) -> None:
        self.token += 1
        self.xray = None
        self.model.set_functions([])
        self.status.setText("")

    def show_file(self, result: ScanResult, path: str) -> None:
        from debt_explorer.core.xray import run_xray

        self.clear()
        if self.worker is not None:
            self.worker.abort()
        self.status.setText("Reading the file's history for X-Ray…")
        self.worker = GeneratorWorker(lambda cancel: run_xray(result, [path], cancel=cancel), self.token)
        self.worker.signals.finished.connect(self._loaded)
        self.worker.signals.failed.connect(self._failed)
        start(self.worker)

    def _failed(self, token: int, message: str) -> None:
        if token == self.token:
            self.worker = None
            self.status.setText(f"X-Ray failed: {message}")

    def _loaded(self, token: int, xrays: dict) -> None:
        if token != self.token or not xrays:
            return
        self.worker = None
        self.xray = next(iter(xrays.values()))
        self.model.set_functions(list(self.xray.functions))
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        together = "; ".join(f"{p.entity} + {p.coupled} ({p.degree} %)" for p in self.xray.coupling[:3])
        self.status.setText(f"{len(self.xray.functions)} functions, {self.xray.revisions} revisions of the file. "
                            f"Sorted by function hotspot score." + (f" Change together: {together}" if together else ""))

    def figures_note(self, name: str) -> str:
        """The X-Ray figures of function ``name`` as a plan note ("" when it is not in the X-Ray shown)."""
        function = self.xray.function(name) if self.xray is not None and name else None
        if function is None:
            return ""
        return (f"X-Ray: score {function.hotspot_score:.2f}, {function.revisions} revisions "
                f"({function.window_revisions} recent), churn {function.churn}, {function.fix_commits} fix commits, "
                f"complexity {trend_text(function.complexity_trend, 4)}")

    def current_function(self) -> str:
        index = self.table.currentIndex()
        return str(self.proxy.index(index.row(), 0).data()) if index.isValid() else ""

    def _chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        function = self.model.functions[self.proxy.mapToSource(current).row()]
        self.functionChosen.emit(function.name, function.line)
