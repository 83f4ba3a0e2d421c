"""The refactoring plan in the window: items with current metrics and change since added; add, remove,
export (plan file, Markdown, CSV) and import a plan file.  Plans live in the user's data folder
(:mod:`debt_explorer.core.plan_store`); a store that cannot be read is said, never shown as an empty plan."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from debt_explorer.core.atomic import atomic_write
from debt_explorer.core.errors import ScanError
from debt_explorer.core.models import ScanResult
from debt_explorer.core.plan import EFFORTS, PRIORITIES, PlanRow, PlanStore, plan_rows, plan_to_csv, plan_to_markdown
from debt_explorer.core.plan_file import read_plan_file, write_plan_file

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
        self.rows: list[PlanRow] = []
        self.readable = False
        remove = self.remove_button = QPushButton("Remove")
        remove.setToolTip("Remove the selected items from the plan")
        remove.clicked.connect(self.remove_selected)
        self.menu = QMenu("Plan", self)
        self.menu.setToolTipsVisible(True)
        export_file = self.menu.addAction("Export plan file (JSON)…", lambda: self.export("json"))
        export_file.setToolTip("A plan file your team can commit or share; read it back with Import")
        self.menu.addAction("Import plan file…", self.import_file)
        self.menu.addSeparator()
        markdown = self.menu.addAction("Export Markdown task list…", lambda: self.export("md"))
        markdown.setToolTip("A task list ready to paste into an issue tracker")
        as_csv = self.menu.addAction("Export CSV…", lambda: self.export("csv"))
        self.export_actions = (export_file, markdown, as_csv)
        plan_button = QToolButton()
        plan_button.setText("Plan")
        plan_button.setMenu(self.menu)
        plan_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for button in (remove, plan_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.selectionModel().hasSelection())
        for action in self.export_actions:
            action.setEnabled(bool(self.rows))

    def _store(self) -> PlanStore:
        """The plan store (plans of older versions are copied from the scan's cache once); raises ScanError
        (PlanStoreError) with a one-line reason."""
        return PlanStore(self.repo_path, cache_dir=getattr(self.result.options, "cache_dir", None)
                         if self.result else None)

    def _tell(self, message: str) -> None:
        QMessageBox.warning(self, "Refactoring plan", message)

    def set_context(self, result: ScanResult | None, repo_path: str) -> None:
        self.result, self.repo_path = result, repo_path
        self.refresh()

    def refresh(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self.rows = []
        self.readable = False
        if self.result is None:
            self.rows = []
            self._sync_buttons()
            return
        try:
            store = self._store()
            self.rows = plan_rows(store.load(), self.result)
        except ScanError as exc:
            self.summary.setText(f"<b>The plan could not be read</b>: {exc}")
            self.summary.setToolTip(str(exc))
            self._sync_buttons()
            return
        self.readable = True
        for row in self.rows:
            now, item = row.current or {}, row.item
            # a function item shows the function's own figures (its file's were shown: 168 for a function of 7)
            prefix = "function_" if item.function else ""
            change = row.change(prefix + "complexity")
            complexity = now.get(prefix + "complexity")
            sloc = now.get(prefix + "sloc")
            gone = "gone" if not now else "function gone"
            cells = [item.priority, item.effort, item.path, item.function or "", item.note,
                     gone if complexity is None else f"{complexity:,.0f}", "–" if change is None else f"{change:+,.0f}",
                     "" if sloc is None else f"{sloc:,.0f}", f"{now['hotspot_score']:.2f}" if now else ""]
            cells_items = [QStandardItem(text) for text in cells]
            if item.function and now:
                for column in (HEADERS.index("Complexity"), HEADERS.index("SLOC")):
                    cells_items[column].setToolTip(f"the function's own; its file: complexity "
                                                   f"{now['complexity']:,.0f}, SLOC {now['sloc']:,.0f}")
            self.model.appendRow(cells_items)
        notes = "; ".join(store.warnings)
        text = (f"{len(self.rows)} item(s) in the plan for {self.repo_path}" if self.rows else
                "The plan is empty. Add files or functions from the Hotspots tab: right-click a row, "
                "or “Add to plan…” in the file detail.")
        self.summary.setText(text + (f" — {notes}" if notes else ""))
        self.summary.setToolTip(f"Saved in {store.location}")
        self._sync_buttons()

    def _change(self, work: Callable[[PlanStore], object]) -> bool:
        try:
            work(self._store())
        except ScanError as exc:
            self._tell(str(exc))
            return False
        finally:
            self.refresh()
        return True

    def add_item(self, path: str, function: str | None = None, note: str = "", priority: str = "medium",
                 effort: str = "M") -> None:
        self._change(lambda store: store.add(path, self.result, function=function, note=note, priority=priority,
                                             effort=effort))

    def ask_and_add(self, path: str, function: str | None = None, note: str = "") -> None:
        dialog = AddToPlanDialog(path + (f" › {function}" if function else ""), self)
        existing = next((row.item for row in self.rows if row.item.key == (path, function)), None)
        if existing is not None:  # editing: start from what is saved, or saving would clear the note
            dialog.setWindowTitle("Edit the plan item")
            dialog.priority.setCurrentText(existing.priority)
            dialog.effort.setCurrentText(existing.effort)
            note = existing.note or note
        dialog.note.setText(note)  # e.g. the function's X-Ray figures, for the user to keep or edit
        if dialog.exec():
            self.add_item(path, function, dialog.note.text(), dialog.priority.currentText(), dialog.effort.currentText())

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            return
        items = [self.rows[row].item for row in rows]

        def remove(store: PlanStore) -> None:
            for item in items:
                store.remove(item.path, item.function)

        self._change(remove)

    def import_file(self, path: str | None = None) -> bool:
        """Merge a plan file into this repository's plan (items for the same file/function are replaced)."""
        if self.result is None:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import plan file", "", "Plan file (*.json)")
            if not path:
                return False
        try:
            incoming = read_plan_file(path)
        except ScanError as exc:
            self._tell(str(exc))
            return False
        return self._change(lambda store: store.merge(incoming))

    def export(self, kind: str, path: str | None = None) -> bool:
        """Export the plan: ``json`` (a plan file), ``md`` or ``csv``; asks where unless ``path`` is given."""
        if self.result is None:
            return False
        if not self.readable:
            self._tell("The plan could not be read, so there is nothing to export: " + self.summary.toolTip())
            return False
        if path is None:
            filters = {"md": "Markdown (*.md)", "csv": "CSV (*.csv)", "json": "Plan file (*.json)"}
            path, _ = QFileDialog.getSaveFileName(self, "Export plan", f"refactoring-plan.{kind}", filters[kind])
            if not path:
                return False
        if kind == "json":
            items = [row.item for row in self.rows]
            write = lambda stream: write_plan_file(items, stream, self.repo_path)  # noqa: E731
        else:
            text = plan_to_markdown(self.rows, self.repo_path) if kind == "md" else plan_to_csv(self.rows)
            write = lambda stream: stream.write(text)  # noqa: E731
        try:
            atomic_write(path, write)
        except OSError as exc:
            self._tell(f"Cannot write {path}: {exc.strerror or exc}. The previous file, if any, is unchanged.")
            return False
        return True
