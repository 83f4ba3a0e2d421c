"""The Hotspots tab: folder tree, filter bar, the file table with its empty state, and the file detail.

It owns the filters: whenever they change, the row count is updated, an empty result says so (with a way
out), and the detail pane is cleared if it showed a file the filters now hide.  The scope buttons show or
hide tests, docs and examples (:func:`debt_explorer.core.scope.scope_of`) with one click; the excludes chip
says which exclude rules shaped the scan.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from debt_explorer.core.models import FileRecord, ScanResult
from debt_explorer.core.options import DEFAULT_EXCLUDES
from debt_explorer.core.scope import Scope, scope_of
from debt_explorer.ui.models.file_table import AI_FILTERS, HOTSPOT, FileFilterProxy, FileTableModel
from debt_explorer.ui.models.folder_tree import PATH_ROLE, FolderTreeModel
from debt_explorer.ui.views.file_detail import FileDetailPanel
from debt_explorer.ui.views.file_table_view import fit_columns, make_file_table

SCOPE_BUTTONS = ((Scope.TESTS, "Tests"), (Scope.DOCS, "Docs"), (Scope.EXAMPLES, "Examples"))


class HotspotsTab(QSplitter):
    optionsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.table_model = FileTableModel(self)
        self.proxy = FileFilterProxy(self)
        self.proxy.setSourceModel(self.table_model)
        self.table = make_file_table(self.proxy)
        self.folder_model = FolderTreeModel(self)
        self.folders = QTreeView()
        self.folders.setModel(self.folder_model)
        self.folders.selectionModel().currentChanged.connect(self._folder_changed)
        self.detail = FileDetailPanel()
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("Filter paths (Ctrl+F)")
        self.filter_text.setClearButtonEnabled(True)
        self.filter_text.textChanged.connect(lambda text: self.filter(text=text))
        self.language = QComboBox()
        self.language.currentTextChanged.connect(lambda text: self.filter(language="" if text == "All languages" else text))
        self.ai_filter = QComboBox()
        self.ai_filter.addItems([text for text, _ in AI_FILTERS])
        self.ai_filter.setToolTip("Filter by AI label: files are marked AI only on disclosed or recorded evidence "
                                  "(traces in the history, notes, the tools' own records); the style score "
                                  "is too weak to mark files")
        self.ai_filter.currentIndexChanged.connect(lambda i: self.filter(ai_labels=AI_FILTERS[max(0, i)][1]))
        self.churn_only = QCheckBox("High churn only")
        self.churn_only.toggled.connect(lambda on: self.filter(high_churn_only=on))
        self.fixes_only = QCheckBox("Attracts fixes")
        self.fixes_only.setToolTip("Only files with >= 3 bug-fix commits in the hotspot window, at least half their "
                                   "revisions")
        self.fixes_only.toggled.connect(lambda on: self.filter(attracts_fixes=on))
        self.top_n = QSpinBox()
        self.top_n.setRange(0, 100000)
        self.top_n.setSpecialValueText("all")
        self.top_n.setPrefix("top ")
        self.top_n.setToolTip("Only the N highest-ranked hotspots (0: all files)")
        self.top_n.valueChanged.connect(lambda n: self.filter(top=n))
        self.period_filter = QPushButton("")
        self.period_filter.setToolTip("Showing only files changed in this period, with that period's revisions and "
                                      "churn; click to clear")
        self.period_filter.hide()
        self.scope_buttons: dict[Scope, QToolButton] = {}
        bar = QHBoxLayout()
        for widget in (self.filter_text, self.language, self.ai_filter, self.churn_only, self.fixes_only, self.top_n):
            bar.addWidget(widget)
        bar.addWidget(QLabel("Show:"))
        for scope, text in SCOPE_BUTTONS:
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolTip(f"Show {text.lower()} files (paths under {text.lower()}/ and the like); "
                              "uncheck to see product code without them")
            button.toggled.connect(lambda _: self.filter(hidden_scopes=self.hidden_scopes()))
            self.scope_buttons[scope] = button
            bar.addWidget(button)
        bar.addWidget(self.period_filter)
        self.excludes = QPushButton("")
        self.excludes.setFlat(True)
        self.excludes.clicked.connect(self.optionsRequested.emit)
        self.count_label = QLabel("")
        self.empty = QLabel("")
        self.empty.setStyleSheet("QLabel { color: #888888; padding: 12px; }")
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty, 1)
        empty_row.addWidget(self.clear_button)
        self.empty_box = QWidget()
        self.empty_box.setLayout(empty_row)
        self.empty_box.hide()
        status = QHBoxLayout()
        status.addWidget(self.count_label, 1)
        status.addWidget(self.excludes)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(bar)
        table_layout.addWidget(self.empty_box)
        table_layout.addWidget(self.table, 1)
        table_layout.addLayout(status)
        self.inner = QSplitter(Qt.Orientation.Vertical)
        self.inner.addWidget(table_box)
        self.inner.addWidget(self.detail)
        self.inner.setSizes([420, 480])
        self.addWidget(self.folders)
        self.addWidget(self.inner)
        self.setSizes([260, 1140])

    # -- data ------------------------------------------------------------------------------------
    def set_result(self, result: ScanResult) -> None:
        self.table_model.set_result(result)
        self.folder_model.set_result(result)
        self.folders.expandToDepth(0)
        self.detail.clear()
        languages = sorted({f.language for f in result.files if f.language})
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItems(["All languages", *languages])
        self.language.blockSignals(False)
        self.show_all_ai()
        counts = {scope: 0 for scope in Scope}
        for record in result.files:
            counts[scope_of(record.path)] += 1
        for scope, text in SCOPE_BUTTONS:
            self.scope_buttons[scope].setText(f"{text} ({counts[scope]:,})")
        self.proxy.set_filters(text="", language="", ai_labels=None, high_churn_only=False, folder="", paths=None,
                               top=0, hidden_scopes=self.hidden_scopes())
        self.table.sortByColumn(HOTSPOT, Qt.SortOrder.DescendingOrder)
        fit_columns(self.table)
        self.folders.setColumnWidth(0, 130)
        for column in range(1, self.folder_model.columnCount()):
            self.folders.setColumnWidth(column, 62)
        self._describe_excludes(result)
        self.update_count()

    def _describe_excludes(self, result: ScanResult) -> None:
        options = result.options
        own = tuple(getattr(options, "exclude", ())) + tuple(f"only {p}" for p in getattr(options, "include", ()))
        defaults = getattr(options, "use_default_excludes", True)
        parts = (["default excludes (lock files, vendored, minified)"] if defaults else []) + list(own)
        self.excludes.setText("Excludes: " + (", ".join(parts[:3]) + (" …" if len(parts) > 3 else "") if parts
                                              else "none"))
        rules = (list(DEFAULT_EXCLUDES) if defaults else []) + list(own)
        self.excludes.setToolTip("Paths left out of this scan (click to change the scan options):\n"
                                 + ("\n".join(rules) if rules else "none"))

    def hidden_scopes(self) -> frozenset[Scope]:
        return frozenset(scope for scope, button in self.scope_buttons.items() if not button.isChecked())

    # -- filters ---------------------------------------------------------------------------------
    def filter(self, **changes: object) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # Qt moves the current row when it is filtered out: that is no user choice
        try:
            self.proxy.set_filters(**changes)  # type: ignore[arg-type]  # keywords passed on as given; set_filters names them
        finally:
            selection.blockSignals(False)
        self.update_count()
        if self.detail.path and not self.is_visible(self.detail.path):
            self.detail.clear(f"{self.detail.path} is hidden by the current filters.")
            selection.clear()
            self.table.viewport().update()

    def is_visible(self, path: str) -> bool:
        row = self.table_model.row_of(path)
        return row >= 0 and self.proxy.mapFromSource(self.table_model.index(row, 0)).isValid()

    def update_count(self) -> None:
        total, shown = self.table_model.rowCount(), self.proxy.rowCount()
        period = self.table_model.period
        self.count_label.setText(f"{shown:,} of {total:,} files"
                                 + (f" · revisions and churn of {period} only" if period else ""))
        self.empty_box.setVisible(total > 0 and shown == 0)
        self.empty.setText("No files match the filters." if total else "")

    def show_all_ai(self) -> None:
        self.ai_filter.blockSignals(True)
        self.ai_filter.setCurrentIndex(0)
        self.ai_filter.blockSignals(False)

    def clear_filters(self) -> None:
        """Every filter off (the period filter too, which the window also clears in the plots)."""
        widgets = (self.filter_text, self.top_n, self.churn_only, self.fixes_only, self.language,
                   *self.scope_buttons.values())
        for widget in widgets:
            widget.blockSignals(True)
        self.filter_text.clear()
        self.top_n.setValue(0)
        self.churn_only.setChecked(False)
        self.fixes_only.setChecked(False)
        self.language.setCurrentIndex(0)
        for button in self.scope_buttons.values():
            button.setChecked(True)
        for widget in widgets:
            widget.blockSignals(False)
        self.show_all_ai()
        self.folders.selectionModel().clearCurrentIndex()
        self.set_period(None)
        self.filter(text="", language="", folder="", paths=None, top=0, ai_labels=None, high_churn_only=False,
                    hidden_scopes=frozenset(), attracts_fixes=False)

    def set_period(self, period: str | None, activity: dict[str, tuple[int, int]] | None = None) -> None:
        """Filter to the files ``period`` changed and show its own revisions and churn (``None`` clears)."""
        self.table_model.set_period(period, activity)
        if period is None:
            self.period_filter.hide()
            self.filter(paths=None)
            return
        self.period_filter.setText(f"changed in {period} ✕")
        self.period_filter.show()
        self.filter(paths=frozenset(activity or {}))
        fit_columns(self.table)

    def shown_table(self) -> tuple[list[FileRecord], str | None, dict[str, tuple[int, int]] | None]:
        """The records in view order (filters and sort as on screen), the period filter and its activity."""
        proxy, model = self.proxy, self.table_model
        records = [model.record(proxy.mapToSource(proxy.index(row, 0)).row()) for row in range(proxy.rowCount())]
        return records, model.period, model.activity if model.period else None

    def _folder_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.filter(folder=current.data(PATH_ROLE) or "")
