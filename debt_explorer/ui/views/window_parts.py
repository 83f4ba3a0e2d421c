"""What the main window's mixins use of the window: its parts, state and commands, typed for mypy.

:class:`~debt_explorer.ui.views.scanning.ScanningMixin` and
:class:`~debt_explorer.ui.views.navigation.NavigationMixin` are methods of
:class:`~debt_explorer.ui.views.main_window.MainWindow` kept in their own modules.  For the type checker they
inherit :class:`WindowParts`, a ``QMainWindow`` that declares every attribute and command of the window they
use; mypy then checks each mixin body against these types *and* checks that ``MainWindow`` defines them with
the same types.  At run time the base is ``object``: ``MainWindow``'s own bases supply everything.

A mixin that starts using another part of the window declares it here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStackedWidget, QTableView, QTabWidget

    from debt_explorer.core.models import ScanResult
    from debt_explorer.ui.models.file_table import FileFilterProxy, FileTableModel
    from debt_explorer.ui.session import Session
    from debt_explorer.ui.views.file_detail import FileDetailPanel
    from debt_explorer.ui.views.hotspot_map import HotspotMapView
    from debt_explorer.ui.views.hotspots_tab import HotspotsTab
    from debt_explorer.ui.views.period_summary import PeriodSummary
    from debt_explorer.ui.views.plan_view import PlanView
    from debt_explorer.ui.views.scanning import StatusProgress
    from debt_explorer.ui.views.start_page import StartPage
    from debt_explorer.ui.views.trends import TrendsView
    from debt_explorer.ui.workers import GeneratorWorker

    class WindowParts(QMainWindow):
        # state
        settings: QSettings
        session: Session
        token: int  # the current scan's run token: a superseded worker's signals are ignored
        worker: GeneratorWorker | None
        _scan_started: float
        _syncing: bool
        in_place: bool  # the scan runs with results on screen (progress in the status bar)
        first_view: bool
        first_view_scope: str  # " from the last 12 months of history (…)" when the first result is the window's
        # pages and views
        stack: QStackedWidget
        start_page: StartPage
        progress_label: QLabel
        progress_bar: QProgressBar
        progress_eta: QLabel
        status_progress: StatusProgress
        tabs: QTabWidget
        trends: TrendsView
        period_summary: PeriodSummary
        hotspots: HotspotsTab
        table_model: FileTableModel
        proxy: FileFilterProxy
        table: QTableView
        detail: FileDetailPanel
        map: HotspotMapView
        plan: PlanView

        @property
        def result(self) -> ScanResult | None: ...

        @property
        def repo_path(self) -> str: ...

        @repo_path.setter
        def repo_path(self, path: str) -> None: ...

        def show_result(self, result: ScanResult) -> None: ...

        def sync_actions(self) -> None: ...

        def _result_changed(self, result: ScanResult | None) -> None: ...
else:
    WindowParts = object
