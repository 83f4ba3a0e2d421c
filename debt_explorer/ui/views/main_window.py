"""The main window: start page, scan progress, and the Overview / Hotspots / Map / Retrospective / Plan tabs.

Scanning lives in :mod:`~debt_explorer.ui.views.scanning`, selection and navigation in
:mod:`~debt_explorer.ui.views.navigation`, the Hotspots tab in :mod:`~debt_explorer.ui.views.hotspots_tab`.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from debt_explorer.core.models import ScanResult
from debt_explorer.ui import settings as stored
from debt_explorer.ui.session import Session
from debt_explorer.ui.views.coupling_view import CouplingView
from debt_explorer.ui.views.exports import Exporter, ExportServices
from debt_explorer.ui.views.hotspot_map import HotspotMapView
from debt_explorer.ui.views.hotspots_tab import HotspotsTab
from debt_explorer.ui.views.lines_view import LinesView
from debt_explorer.ui.views.main_actions import MenuCommands, build_menus, edit_options
from debt_explorer.ui.views.navigation import NavigationMixin
from debt_explorer.ui.views.period_summary import PeriodSummary
from debt_explorer.ui.views.plan_view import PlanView
from debt_explorer.ui.views.retro_view import RetroView
from debt_explorer.ui.views.scanning import RESULTS, SCANNING, START, ScanningMixin, StatusProgress
from debt_explorer.ui.views.start_page import StartPage
from debt_explorer.ui.views.tabs import Tab
from debt_explorer.ui.views.trends import TrendsView
from debt_explorer.ui.workers import GeneratorWorker

__all__ = ["RESULTS", "SCANNING", "START", "MainWindow"]


class MainWindow(ScanningMixin, NavigationMixin, QMainWindow):
    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.setWindowTitle("Debt Explorer")
        self.setAcceptDrops(True)
        self.session = Session(self)  # the repository, result, selection and history; views observe it
        self.token = 0
        self.worker: GeneratorWorker | None = None
        self._scan_started = 0.0
        self._syncing = False
        self.in_place = False

        self.start_page = StartPage()
        self.start_page.openRequested.connect(self.open_repository)
        self.start_page.browseRequested.connect(self.browse)
        self.start_page.demoRequested.connect(self.open_demo)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self._progress_page())
        self.stack.addWidget(self._results_page())
        self.setCentralWidget(self.stack)
        self.connect_session()
        self.status_progress = StatusProgress(self)
        self.exporter = Exporter(self.session, ExportServices(
            parent=self, status=self.statusBar().showMessage, shown_table=self.hotspots.shown_table,
            save_plot=self.trends.export_plot, report_inputs=lambda: (self.retro.retro, self.plan.rows)))
        commands = MenuCommands(
            browse=self.browse, open_demo=self.open_demo, open_repository=self.open_repository, rescan=self.rescan,
            cancel_scan=self.cancel_scan, focus_filter=self.focus_filter, copy_path=self.detail.copy_path,
            add_to_plan=self.detail._add_to_plan, export_plan=lambda: self.plan.export("json"),
            import_plan=lambda: self.plan.import_file(), quit=self.close)
        self.actions_by_name: dict[str, QAction] = build_menus(self, self.menuBar(), self.session, commands,
                                                               self.exporter, self.settings)
        self.sync_actions()
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
        self.tabs.insertTab(Tab.OVERVIEW, overview, "Overview")

        self.hotspots = HotspotsTab()
        self.hotspots.optionsRequested.connect(
            lambda: edit_options(self, self.session, self.settings, self.open_repository))
        self.hotspots.period_filter.clicked.connect(lambda: self.select_period(None))
        hot = self.hotspots  # the window's names for its parts, used by menus, tests and navigation
        self.table_model, self.proxy, self.table, self.detail = hot.table_model, hot.proxy, hot.table, hot.detail
        self.folder_model, self.folders, self.filter_text = hot.folder_model, hot.folders, hot.filter_text
        self.language, self.ai_filter, self.churn_only, self.top_n = hot.language, hot.ai_filter, hot.churn_only, hot.top_n
        self.period_filter, self.count_label, self.fixes_only = hot.period_filter, hot.count_label, hot.fixes_only
        self.table.selectionModel().currentRowChanged.connect(self._table_row_changed)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.tabs.insertTab(Tab.HOTSPOTS, self.hotspots, "Hotspots")
        self.map = HotspotMapView()
        self.map.fileClicked.connect(lambda path: self.select_file(path, switch=True))
        self.tabs.insertTab(Tab.MAP, self.map, "Map")
        self.retro = RetroView()
        self.retro.fileActivated.connect(lambda path: self.select_file(path, switch=True))
        self.tabs.insertTab(Tab.RETROSPECTIVE, self.retro, "Retrospective")
        self.plan = PlanView()
        self.tabs.insertTab(Tab.PLAN, self.plan, "Plan")
        self.coupling = CouplingView()
        self.coupling.fileActivated.connect(lambda path: self.select_file(path, switch=True))
        self.tabs.insertTab(Tab.COUPLING, self.coupling, "Coupling")
        self.lines_view = LinesView()  # line provenance: rework by origin, code by age, survival
        self.tabs.insertTab(Tab.LINES, self.lines_view, "Lines")
        self.detail.coupled.fileActivated.connect(lambda path: self.select_file(path, switch=True))
        self.detail.addToPlan.connect(lambda path, function: self.plan.ask_and_add(
            path, function or None, self.detail.xray.figures_note(function)))
        self.splitters = {"overview": overview, "table": self.hotspots.inner, "outer": self.hotspots,
                          "map": self.map.splitter}
        return self.tabs

    # -- the window's names for session state (menus, exports and tests read them) -------------------
    @property
    def result(self) -> ScanResult | None:
        return self.session.result

    @property
    def repo_path(self) -> str:
        return self.session.repo_path

    @repo_path.setter
    def repo_path(self, path: str) -> None:
        self.session.repo_path = path

    # -- results ---------------------------------------------------------------------------------
    def show_result(self, result: ScanResult) -> None:
        """Put a finished scan on screen: the session announces it to every view; a rescan keeps the open file."""
        keep = self.detail.path if self.in_place else ""
        stored.remember_repo(self.settings, self.repo_path)
        stored.save_options(self.settings, self.repo_path, result.options)
        self.start_page.set_recent(stored.recent(self.settings))
        self.start_page.show_error(None)
        self.session.set_result(result)
        self.stack.setCurrentIndex(RESULTS)
        self.setWindowTitle(f"Debt Explorer — {result.repo.path}")
        notes = f" · {len(result.warnings)} warning(s): {result.warnings[0]}" if result.warnings else ""
        self.statusBar().showMessage(
            f"{result.repo.commits_scanned:,} commits, {len(result.files):,} code files, {len(result.periods)} "
            f"{result.options.period}s (HEAD {result.repo.head[:10]}) scanned in {result.stats.seconds:.1f} s; "
            f"{len(result.skipped)} skipped{notes}")
        if keep and result.file(keep) is not None:
            self.select_file(keep)
        self.sync_actions()

    def _result_changed(self, result: ScanResult | None) -> None:
        """Every view hears a new result from the session (subscribed in ``connect_session``)."""
        if result is None:
            return
        self.hotspots.set_result(result)
        self.trends.set_result(result)
        self.map.set_result(result)
        self.plan.set_context(result, self.repo_path)
        self.retro.set_result(result)
        self.coupling.set_result(result)
        self.lines_view.set_result(result)
        self.period_summary.clear()

    def sync_actions(self) -> None:
        """Enable what can act now; the tooltip of a disabled action says why it cannot."""
        actions = getattr(self, "actions_by_name", None)
        if not actions:
            return
        has_result, scanning = self.result is not None, self.worker is not None
        reasons = {"export_csv": has_result, "export_json": has_result, "export_report": has_result,
                   "rescan": has_result and not scanning, "options": bool(self.repo_path) and not scanning,
                   "cancel": scanning, "back": self.session.can_go(-1),
                   "forward": self.session.can_go(1), "find": has_result,
                   "copy": bool(self.detail.path), "plan_add": bool(self.detail.path)}
        for name, enabled in reasons.items():
            if name in actions:
                actions[name].setEnabled(enabled)
        for name, action in actions.items():
            if name.startswith("plot_"):
                action.setEnabled(has_result)

    # -- window --------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_repository(urls[0].toLocalFile())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_scan(show_start=False)
        self.settings.setValue("window/geometry", self.saveGeometry())
        for name, splitter in self.splitters.items():
            self.settings.setValue(f"window/splitter/{name}", splitter.saveState())
        super().closeEvent(event)

