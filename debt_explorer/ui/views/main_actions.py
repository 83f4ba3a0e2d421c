"""Menus and shortcuts of the main window, and the export actions behind File > Export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from debt_explorer import __version__
from debt_explorer.ui import settings as stored
from debt_explorer.ui.views.exports import export_json, export_plot, export_report, export_table, write_report
from debt_explorer.ui.views.help_text import show_definitions

__all__ = ["build_menus", "edit_options", "write_report"]

if TYPE_CHECKING:
    from debt_explorer.ui.views.main_window import MainWindow

ABOUT = (f"<h3>Debt Explorer {__version__}</h3><p>Shows where technical debt piles up in a git repository: "
         "hotspots, high-churn files, AI-written code and the maintenance burden, period by period.</p>"
         "<p>The analysed repository is only read, never changed. Complexity by radon (Python) and lizard "
         "(other languages).</p>")
def _action(window: "MainWindow", menu: QMenu, text: str, slot: object, keys: QKeySequence | str | None = None,
            tip: str = "") -> QAction:
    action = QAction(text, window)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(slot)  # type: ignore[arg-type]
    menu.addAction(action)
    return action


def build_menus(window: "MainWindow") -> dict[str, QAction]:
    bar = window.menuBar()
    actions: dict[str, QAction] = {}
    file_menu = bar.addMenu("&File")
    actions["open"] = _action(window, file_menu, "&Open repository…", window.browse, QKeySequence.StandardKey.Open)
    actions["demo"] = _action(window, file_menu, "Open &demo repository", window.open_demo)
    recent = file_menu.addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    export = file_menu.addMenu("&Export")
    actions["export_csv"] = _action(window, export, "Current table as CSV…", lambda: export_table(window))
    actions["export_json"] = _action(window, export, "Scan result as JSON…", lambda: export_json(window))
    actions["export_report"] = _action(window, export, "Report as HTML (self-contained)…", lambda: export_report(window))
    actions["export_plan"] = _action(window, export, "Refactoring plan file (JSON)…", lambda: window.plan.export("json"))
    actions["import_plan"] = _action(window, file_menu, "&Import plan file…", lambda: window.plan.import_file(),
                                     tip="Merge a plan file (exported by a colleague) into this repository's plan")
    for index, name in enumerate(("complexity build-up", "maintenance burden", "AI-attributed work", "hotspot counts")):
        actions[f"plot_{index}"] = _action(window, export, f"Plot: {name} as PNG/SVG…",
                                           lambda _=False, i=index: export_plot(window, i))
    file_menu.addSeparator()
    actions["quit"] = _action(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    scan_menu = bar.addMenu("&Scan")
    actions["rescan"] = _action(window, scan_menu, "&Rescan", window.rescan, "F5", "Scan the repository again")
    actions["options"] = _action(window, scan_menu, "Scan &options…", lambda: edit_options(window))
    actions["cancel"] = _action(window, scan_menu, "&Cancel scan", window.cancel_scan, "Esc")
    go_menu = bar.addMenu("&Go")
    actions["back"] = _action(window, go_menu, "&Back", lambda: window.go(-1), QKeySequence.StandardKey.Back)
    actions["forward"] = _action(window, go_menu, "&Forward", lambda: window.go(1), QKeySequence.StandardKey.Forward)
    actions["find"] = _action(window, go_menu, "&Find file…", window.focus_filter, QKeySequence.StandardKey.Find)
    actions["copy"] = _action(window, go_menu, "&Copy path", window.detail.copy_path, "Ctrl+Shift+C")
    actions["plan_add"] = _action(window, go_menu, "&Add selected file to plan…", window.detail._add_to_plan,
                                  tip="Add the file shown in the detail pane to the refactoring plan")
    help_menu = bar.addMenu("&Help")
    actions["definitions"] = _action(window, help_menu, "Metric &definitions", lambda: show_definitions(window))
    actions["about"] = _action(window, help_menu, "&About Debt Explorer",
                               lambda: QMessageBox.about(window, "About Debt Explorer", ABOUT))
    return actions


def _fill_recent(window: "MainWindow", menu: QMenu) -> None:
    menu.clear()
    for path in stored.recent(window.settings):
        menu.addAction(path, lambda p=path: window.open_repository(p))


def edit_options(window: "MainWindow") -> None:
    from debt_explorer.ui.views.scan_dialog import ScanOptionsDialog

    if not window.repo_path:
        return
    dialog = ScanOptionsDialog(stored.options_for(window.settings, window.repo_path), window)
    if dialog.exec():
        options = dialog.options()
        stored.save_options(window.settings, window.repo_path, options)
        window.open_repository(window.repo_path, options)
