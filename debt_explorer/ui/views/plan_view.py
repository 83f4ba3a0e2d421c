"""The refactoring plan in the window: items with current metrics and change since added; add, remove, export."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from debt_explorer.core.cache import Cache
from debt_explorer.core.models import ScanResult
from debt_explorer.core.plan import EFFORTS, PRIORITIES, PlanStore, plan_rows, plan_to_csv, plan_to_markdown

HEADERS = ["Priority", "Effort", "File", "Function", "Note", "Complexity", "Δ since added", "SLOC", "Hotspot"]


class AddToPlanDialog(QDialog):
    def __init__(self, target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to the refactoring plan")
        self.note = QLineEdit()
        self.note.setPlaceholderText("what to do, e.g. split the billing rules out of process()")
        self.priority = QComboBox()
        self.priority.addItems(PRIORITIES)
        self.priority.setCurrentText("medium")
        self.effort = QComboBox()
        self.effort.addItems(EFFORTS)
        self.effort.setCurrentText("M")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{target}</b>"))
        form.addRow("Note", self.note)
        form.addRow("Priority", self.priority)
        form.addRow("Effort", self.effort)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PlanView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ScanResult | None = None
        self.repo_path = ""
        self.model = QStandardItemModel(0, len(HEADERS))
        self.model.setHorizontalHeaderLabels(HEADERS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(HEADERS.index("Note"), QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel("Add files or functions from the Hotspots tab (“Add to plan…” in the file detail).")
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        markdown = QPushButton("Export Markdown…")
        markdown.setToolTip("A task list ready to paste into an issue tracker")
        markdown.clicked.connect(lambda: self._export("md"))
        as_csv = QPushButton("Export CSV…")
        as_csv.clicked.connect(lambda: self._export("csv"))
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for button in (remove, markdown, as_csv):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _store(self) -> tuple[PlanStore, Cache]:
        cache = Cache(getattr(self.result.options, "cache_dir", None) if self.result else None)
        return PlanStore(self.repo_path, cache), cache

    def set_context(self, result: ScanResult | None, repo_path: str) -> None:
        self.result, self.repo_path = result, repo_path
        self.refresh()

    def refresh(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        if self.result is None:
            return
        store, cache = self._store()
        try:
            self.rows = plan_rows(store.load(), self.result)
        finally:
            cache.close()
        for row in self.rows:
            now, item = row.current or {}, row.item
            change = row.change("complexity")
            cells = [item.priority, item.effort, item.path, item.function or "", item.note,
                     f"{now['complexity']:,.0f}" if now else "gone", "–" if change is None else f"{change:+,.0f}",
                     f"{now['sloc']:,.0f}" if now else "", f"{now['hotspot_score']:.2f}" if now else ""]
            self.model.appendRow([QStandardItem(text) for text in cells])
        self.summary.setText(f"{len(self.rows)} item(s) in the plan for {self.repo_path}")

    def add_item(self, path: str, function: str | None = None, note: str = "", priority: str = "medium",
                 effort: str = "M") -> None:
        store, cache = self._store()
        try:
            store.add(path, self.result, function=function, note=note, priority=priority, effort=effort)
        finally:
            cache.close()
        self.refresh()

    def ask_and_add(self, path: str, function: str | None = None, note: str = "") -> None:
        dialog = AddToPlanDialog(path + (f" › {function}" if function else ""), self)
        dialog.note.setText(note)  # e.g. the function's X-Ray figures, for the user to keep or edit
        if dialog.exec():
            self.add_item(path, function, dialog.note.text(), dialog.priority.currentText(), dialog.effort.currentText())

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            return
        store, cache = self._store()
        try:
            for row in rows:
                item = self.rows[row].item
                store.remove(item.path, item.function)
        finally:
            cache.close()
        self.refresh()

    def _export(self, kind: str) -> None:
        if self.result is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export plan", f"refactoring-plan.{kind}",
                                              "Markdown (*.md)" if kind == "md" else "CSV (*.csv)")
        if path:
            with open(path, "w", encoding="utf-8", newline="") as stream:
                stream.write(plan_to_markdown(self.rows, self.repo_path) if kind == "md" else plan_to_csv(self.rows))
