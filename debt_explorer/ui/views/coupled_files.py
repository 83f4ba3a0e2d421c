"""The file detail's "Changes together with" tab: the files most coupled with the shown file.

Pairs come from core/coupling_report.py over the whole scanned history with
code-maat's defaults, computed once per scan result in a worker; double-click
a row to open that file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from debt_explorer.core.coupling import coupled_with
from debt_explorer.core.models import ScanResult
from debt_explorer.ui.workers import GeneratorWorker, call_in_background, start

if TYPE_CHECKING:
    from debt_explorer.core.coupling_report import CouplingReport


class CoupledFilesPanel(QWidget):
    fileActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: CouplingReport | None = None
        self.report_for: ScanResult | None = None  # the result the report belongs to (compared by identity)
        self._computing_for: ScanResult | None = None
        self.result: ScanResult | None = None
        self.path = ""
        self.token = 0
        self.worker: GeneratorWorker | None = None
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(["Changes together with", "Degree %", "Shared revs", "Their revs"])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._activated)
        self.table.setToolTip("Files changed in the same commits (whole history, code-maat's thresholds: at least "
                              "5 shared revisions and 30 %). Double-click to open.")
        self.status = QLabel("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def show_file(self, result: ScanResult, path: str) -> None:
        from debt_explorer.core.coupling_report import coupling_report

        self.result, self.path = result, path
        if self.report_for is result and self.report is not None:
            self._fill()
            return
        self.token += 1
        self.model.removeRows(0, self.model.rowCount())
        self.status.setText("computing…")
        self._computing_for = result
        self.worker = call_in_background(lambda: coupling_report(result, scope="history"), self.token)
        # a bound method, not a lambda: Qt drops the connection when this panel is destroyed, so a report that
        # arrives after the window closed is not delivered to deleted widgets
        self.worker.signals.finished.connect(self._loaded)
        start(self.worker)

    def _loaded(self, token: int, report: object) -> None:
        if token != self.token:
            return
        self.worker = None
        self.report, self.report_for = cast("CouplingReport", report), self._computing_for
        self._fill()

    def _fill(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        if self.report is None:
            return
        found = coupled_with(self.report.result, self.path, limit=15)
        for other, pair in found:
            theirs = pair.coupled_revs if other == pair.coupled else pair.entity_revs
            row = [QStandardItem(other)] + [QStandardItem(str(v)) for v in (pair.degree, pair.shared_revs, theirs)]
            for item in row[1:]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(row)
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(found)} file(s) change together with {self.path}" if found else
                            "No file changed together with this one in at least 5 commits (30 %).")

    def _activated(self, index: QModelIndex) -> None:
        path = self.model.index(index.row(), 0).data()
        if path and self.result is not None and self.result.file(path) is not None:
            self.fileActivated.emit(path)
