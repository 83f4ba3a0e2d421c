"""The main window: start page, scan progress, and the Overview / Hotspots / Map tabs."""

from __future__ import annotations

import time

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QApplication, QCheckBox, QMenu, QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMainWindow,
                               QProgressBar, QPushButton, QSpinBox, QSplitter, QStackedWidget, QTabWidget,
                               QTreeView, QVBoxLayout, QWidget)

from debt_explorer.core.models import Progress, ScanResult
from debt_explorer.core.options import ScanOptions
from debt_explorer.ui import settings as stored
from debt_explorer.ui.models.file_table import AI_FILTERS, WIDTHS, FileFilterProxy, FileTableModel
from debt_explorer.ui.models.folder_tree import PATH_ROLE, FolderTreeModel
from debt_explorer.ui.views.file_detail import FileDetailPanel
from debt_explorer.ui.views.file_table_view import make_file_table
from debt_explorer.ui.views.hotspot_map import HotspotMapView
from debt_explorer.ui.views.main_actions import build_menus
from debt_explorer.ui.views.period_summary import PeriodSummary, changed_in_period
from debt_explorer.ui.views.plan_view import PlanView
from debt_explorer.ui.views.retro_view import RetroView
from debt_explorer.ui.views.start_page import StartPage
from debt_explorer.ui.views.lines_view import LinesView
from debt_explorer.ui.views.trends import TrendsView
from debt_explorer.ui.workers import GeneratorWorker, start

START, SCANNING, RESULTS = range(3)


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.setWindowTitle("Debt Explorer")
        self.setAcceptDrops(True)
        self.result: ScanResult | None = None
        self.repo_path = ""
        self.token = 0
        self.worker: GeneratorWorker | None = None
        self.history: list[tuple[str, str]] = []  # ("file" | "period", value)
        self.history_index = -1
        self._scan_started = 0.0

        self.start_page = StartPage()
        self.start_page.openRequested.connect(self.open_repository)
        self.start_page.browseRequested.connect(self.browse)
        self.start_page.demoRequested.connect(self.open_demo)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self._progress_page())
        self.stack.addWidget(self._results_page())
        self.setCentralWidget(self.stack)
        self.actions_by_name: dict[str, QAction] = build_menus(self)
        self.statusBar().showMessage("Open a repository to begin.")
        self.start_page.set_recent(stored.recent(self.settings))
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        for name, splitter in self.splitters.items():
            state = self.settings.value(f"window/splitter/{name}")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    # -- pages ----------------------------------------------------------------------------------
    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.progress_label = QLabel("Scanning…")
        self.progress_bar = QProgressBar()
        self.progress_eta = QLabel("")
        cancel = QPushButton("Cancel")
        cancel.setToolTip("Stop the scan (Esc); nothing partial is kept")
        cancel.clicked.connect(self.cancel_scan)
        column = QVBoxLayout(page)
        column.addStretch(1)
        for widget in (self.progress_label, self.progress_bar, self.progress_eta):
            column.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(2)
        return page

    def _results_page(self) -> QWidget:
        self.tabs = QTabWidget()
        self.trends = TrendsView()
        self.trends.periodClicked.connect(self.select_period)
        self.period_summary = PeriodSummary()
        overview = QSplitter(Qt.Orientation.Vertical)
        overview.addWidget(self.trends)
        overview.addWidget(self.period_summary)
        overview.setSizes([700, 160])
        self.tabs.addTab(overview, "Overview")

        self.table_model = FileTableModel(self)
        self.proxy = FileFilterProxy(self)
        self.proxy.setSourceModel(self.table_model)
        self.table = make_file_table(self.proxy)
        self.table.selectionModel().currentRowChanged.connect(self._table_row_changed)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.folder_model = FolderTreeModel(self)
        self.folders = QTreeView()
        self.folders.setModel(self.folder_model)
        self.folders.selectionModel().currentChanged.connect(self._folder_changed)
        self.detail = FileDetailPanel()
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("Filter paths (Ctrl+F)")
        self.filter_text.setClearButtonEnabled(True)
        self.filter_text.textChanged.connect(lambda text: self._filter(text=text))
        self.language = QComboBox()
        self.language.currentTextChanged.connect(lambda text: self._filter(language="" if text == "All languages" else text))
        self.ai_filter = QComboBox()
        self.ai_filter.addItems([text for text, _ in AI_FILTERS])
        self.ai_filter.setToolTip("Filter by AI label (disclosed traces; style labels only where the shipped style "
                                  "model's evaluation allows them)")
        self.ai_filter.currentIndexChanged.connect(lambda i: self._filter(ai_labels=AI_FILTERS[max(0, i)][1]))
        self.churn_only = QCheckBox("High churn only")
        self.churn_only.toggled.connect(lambda on: self._filter(high_churn_only=on))
        self.top_n = QSpinBox()
        self.top_n.setRange(0, 100000)
        self.top_n.setSpecialValueText("all")
        self.top_n.setPrefix("top ")
        self.top_n.setToolTip("Only the N highest-ranked hotspots (0: all files)")
        self.top_n.valueChanged.connect(lambda n: self._filter(top=n))
        self.period_filter = QPushButton("")
        self.period_filter.setToolTip("Showing only files changed in this period; click to clear")
        self.period_filter.clicked.connect(lambda: self.select_period(None))
        self.period_filter.hide()
        bar = QHBoxLayout()
        for widget in (self.filter_text, self.language, self.ai_filter, self.churn_only, self.top_n, self.period_filter):
            bar.addWidget(widget)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(bar)
        table_layout.addWidget(self.table, 1)
        self.count_label = QLabel("")
        table_layout.addWidget(self.count_label)
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.addWidget(table_box)
        inner.addWidget(self.detail)
        inner.setSizes([420, 480])
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(self.folders)
        outer.addWidget(inner)
        outer.setSizes([260, 1140])
        self.tabs.addTab(outer, "Hotspots")
        self.map = HotspotMapView()
        self.map.fileClicked.connect(lambda path: self.select_file(path, switch=True))
        self.tabs.addTab(self.map, "Map")
        self.retro = RetroView()
        self.retro.fileActivated.connect(lambda path: self.select_file(path, switch=True))
        self.tabs.addTab(self.retro, "Retrospective")
        self.plan = PlanView()
        self.tabs.addTab(self.plan, "Plan")
        self.lines_view = LinesView()  # line provenance: rework by origin, code by age, survival
        self.tabs.addTab(self.lines_view, "Lines")
        self.detail.addToPlan.connect(lambda path, function: self.plan.ask_and_add(path, function or None))
        self.splitters = {"overview": overview, "table": inner, "outer": outer, "map": self.map.splitter}
        return self.tabs

    # -- opening and scanning ------------------------------------------------------------------
    def browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a git repository", self.repo_path or "")
        if path:
            self.open_repository(path)

    def open_demo(self) -> None:
        from debt_explorer.cli import default_demo_dir
        from debt_explorer.core.demo import create_demo_repo

        self.open_repository(create_demo_repo(default_demo_dir()))

    def open_repository(self, path: str, options: ScanOptions | None = None) -> None:
        """Scan ``path`` in the background; a scan already running is cancelled and its results dropped."""
        self.cancel_scan(show_start=False)
        self.repo_path = path
        options = options or stored.options_for(self.settings, path)
        self.token += 1
        token = self.token
        from debt_explorer.core.scan import run_scan

        worker = GeneratorWorker(lambda cancel: run_scan(path, options, cancel=cancel), token)
        worker.signals.progress.connect(self._progress)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        worker.signals.cancelled.connect(self._cancelled)
        self.worker = worker
        self._scan_started = time.monotonic()
        self.progress_label.setText(f"Scanning {path}…")
        self.progress_bar.setRange(0, 0)
        self.progress_eta.setText("")
        self.stack.setCurrentIndex(SCANNING)
        self.statusBar().showMessage(f"Scanning {path}…")
        start(worker)

    def rescan(self) -> None:
        if self.repo_path:
            self.open_repository(self.repo_path)

    def cancel_scan(self, show_start: bool = True) -> None:
        if self.worker is not None and not self.worker.done.is_set():
            self.worker.abort()
            self.token += 1  # whatever the old worker still sends is ignored
            self.statusBar().showMessage("Scan cancelled.")
            if show_start:
                self.stack.setCurrentIndex(RESULTS if self.result else START)
        self.worker = None

    def _progress(self, token: int, step: Progress) -> None:
        if token != self.token:
            return
        phase = step.phase.value
        self.progress_label.setText(f"{phase.capitalize()}: {step.message}")
        if step.total:
            self.progress_bar.setRange(0, step.total)
            self.progress_bar.setValue(step.done)
            self.progress_bar.setFormat(f"{phase} %v / %m")
        elapsed = time.monotonic() - self._scan_started
        if phase == "metrics" and step.total and step.done:
            left = elapsed / max(step.done, 1) * (step.total - step.done)
            self.progress_eta.setText(f"about {left:.0f} s left in this phase · {elapsed:.0f} s so far")
        else:
            self.progress_eta.setText(f"{elapsed:.0f} s so far")

    def _finished(self, token: int, result: ScanResult) -> None:
        if token != self.token:
            return
        self.worker = None
        self.result = result
        stored.remember_repo(self.settings, self.repo_path)
        stored.save_options(self.settings, self.repo_path, result.options)  # type: ignore[arg-type]
        self.start_page.set_recent(stored.recent(self.settings))
        self.start_page.show_error(None)
        self.table_model.set_result(result)
        self.folder_model.set_result(result)
        self.folders.expandToDepth(0)
        self.trends.set_result(result)
        self.map.set_result(result)
        self.plan.set_context(result, self.repo_path)
        self.retro.set_result(result)
        self.lines_view.set_result(result)
        self.detail.clear()
        languages = sorted({f.language for f in result.files if f.language})
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItems(["All languages", *languages])
        self.language.blockSignals(False)
        self._show_all_ai()
        self.proxy.set_filters(text="", language="", ai_labels=None, high_churn_only=False, folder="", paths=None, top=0)
        self.table.sortByColumn(10, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.folders.setColumnWidth(0, 130)
        for column in range(1, self.folder_model.columnCount()):
            self.folders.setColumnWidth(column, 62)
        self.history, self.history_index = [], -1
        self._update_count()
        self.stack.setCurrentIndex(RESULTS)
        self.setWindowTitle(f"Debt Explorer — {result.repo.path}")
        notes = f" · {len(result.warnings)} warning(s): {result.warnings[0]}" if result.warnings else ""
        self.statusBar().showMessage(
            f"{result.repo.commits_scanned:,} commits, {len(result.files):,} code files, {len(result.periods)} "
            f"{result.options.period}s (HEAD {result.repo.head[:10]}) scanned in {result.stats.seconds:.1f} s; "
            f"{len(result.skipped)} skipped{notes}")

    def _failed(self, token: int, message: str) -> None:
        if token != self.token:
            return
        self.worker = None
        self.start_page.show_error(f"Cannot scan {self.repo_path}: {message}")
        self.stack.setCurrentIndex(START)
        self.statusBar().showMessage(message)

    def _cancelled(self, token: int) -> None:
        if token == self.token:
            self.worker = None
            self.stack.setCurrentIndex(RESULTS if self.result else START)

    # -- navigation ----------------------------------------------------------------------------
    def _show_all_ai(self) -> None:
        self.ai_filter.blockSignals(True)
        self.ai_filter.setCurrentIndex(0)
        self.ai_filter.blockSignals(False)

    def _filter(self, **changes: object) -> None:
        self.proxy.set_filters(**changes)  # type: ignore[arg-type]
        self._update_count()

    def _update_count(self) -> None:
        total = self.table_model.rowCount()
        self.count_label.setText(f"{self.proxy.rowCount():,} of {total:,} files")

    def _folder_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._filter(folder=current.data(PATH_ROLE) or "")

    def _table_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and self.result is not None:
            record = self.table_model.record(self.proxy.mapToSource(current).row())
            self._show_file(record.path)

    def _table_menu(self, position: object) -> None:
        index = self.table.indexAt(position)  # type: ignore[arg-type]
        if not index.isValid():
            return
        record = self.table_model.record(self.proxy.mapToSource(index).row())
        menu = QMenu(self)
        menu.addAction("Add to refactoring plan…", lambda: self.plan.ask_and_add(record.path))
        menu.addAction("Copy path", lambda: QApplication.clipboard().setText(record.path))
        menu.exec(self.table.viewport().mapToGlobal(position))  # type: ignore[arg-type]

    def _show_file(self, path: str, remember: bool = True) -> None:
        if self.result is None:
            return
        self.detail.show_file(self.result, path, self.result.repo.path)
        self.map.select(path)
        self.statusBar().showMessage(path)
        if remember:
            self._remember(("file", path))

    def select_file(self, path: str, switch: bool = False, remember: bool = True) -> None:
        """Select ``path`` in the table (clearing filters that hide it) and open its detail."""
        row = self.table_model.row_of(path)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        if not index.isValid():
            self.filter_text.clear()
            self._show_all_ai()
            self._filter(text="", folder="", paths=None, top=0, ai_labels=None, high_churn_only=False)
            index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        if switch:
            self.tabs.setCurrentIndex(1)
        self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                    | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(index)
        self._show_file(path, remember)

    def select_period(self, period: str | None, remember: bool = True) -> None:
        if self.result is None:
            return
        if period is None:
            self._filter(paths=None)
            self.period_filter.hide()
            self.trends.select_period(None, emit=False)
            return
        changed = changed_in_period(self.result, period)
        self._filter(paths=frozenset(changed))
        self.period_filter.setText(f"changed in {period} ✕")
        self.period_filter.show()
        self.period_summary.show_period(self.result, period)
        self.trends.select_period(period, emit=False)
        if remember:
            self._remember(("period", period))

    def _remember(self, entry: tuple[str, str]) -> None:
        if self.history_index >= 0 and self.history[self.history_index] == entry:
            return
        self.history = self.history[:self.history_index + 1] + [entry]
        self.history_index = len(self.history) - 1

    def go(self, step: int) -> None:
        target = self.history_index + step
        if 0 <= target < len(self.history):
            self.history_index = target
            kind, value = self.history[target]
            if kind == "file":
                self.select_file(value, switch=True, remember=False)
            else:
                self.tabs.setCurrentIndex(0)
                self.select_period(value, remember=False)

    def focus_filter(self) -> None:
        if self.result is not None:
            self.tabs.setCurrentIndex(1)
            self.filter_text.setFocus()
            self.filter_text.selectAll()

    # -- window --------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_repository(urls[0].toLocalFile())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.cancel_scan(show_start=False)
        self.settings.setValue("window/geometry", self.saveGeometry())
        for name, splitter in self.splitters.items():
            self.settings.setValue(f"window/splitter/{name}", splitter.saveState())
        super().closeEvent(event)

