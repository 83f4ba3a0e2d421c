"""Menus and shortcuts of the main window, and the export actions behind File > Export.

The menus take the session (Back/Forward, the open repository), an :class:`Exporter` and the window's few
commands (:class:`MenuCommands`); they never read the window's attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QMessageBox, QWidget

from debt_explorer import __version__
from debt_explorer.core.catalogue import PLOT_TITLES
from debt_explorer.ui import settings as stored
from debt_explorer.ui.session import Session
from debt_explorer.ui.views.exports import Exporter, write_report
from debt_explorer.ui.views.help_text import show_definitions

__all__ = ["MenuCommands", "build_menus", "edit_options", "write_report"]

ABOUT = (f"<h3>Debt Explorer {__version__}</h3><p>Shows where technical debt piles up in a git repository: "
         "hotspots, high-churn files, AI-written code and the maintenance burden, period by period.</p>"
         "<p>The analysed repository is only read, never changed. Complexity by radon (Python) and lizard "
         "(other languages).</p>")
@dataclass(frozen=True)
class MenuCommands:
    """What the menus ask the window to do (its few services); the menus never read the window's attributes."""

    browse: Callable[[], object]
    open_demo: Callable[[], object]
    open_repository: Callable[..., object]  # (path, options: ScanOptions | None = None)
    rescan: Callable[[], object]
    cancel_scan: Callable[[], object]
    focus_filter: Callable[[], object]
    copy_path: Callable[[], object]
    add_to_plan: Callable[[], object]
    export_plan: Callable[[], object]
    import_plan: Callable[[], object]
    quit: Callable[[], object]


def _action(owner: QWidget, menu: QMenu, text: str, slot: Callable[[], object], keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
            tip: str = "") -> QAction:
    action = QAction(text, owner)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(owner: QWidget, bar: QMenuBar, session: Session, commands: MenuCommands, exporter: Exporter,
                settings: QSettings) -> dict[str, QAction]:
    """The menu bar's menus; ``owner`` parents the actions and dialogs."""
    actions: dict[str, QAction] = {}
    file_menu = bar.addMenu("&File")
    actions["open"] = _action(owner, file_menu, "&Open repository…", commands.browse, QKeySequence.StandardKey.Open)
    actions["demo"] = _action(owner, file_menu, "Open &demo repository", commands.open_demo)
    recent = file_menu.addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: _fill_recent(settings, commands, recent))
    export = file_menu.addMenu("&Export")
    actions["export_csv"] = _action(owner, export, "Current table as CSV…", exporter.export_table)
    actions["export_json"] = _action(owner, export, "Scan result as JSON…", exporter.export_json)
    actions["export_report"] = _action(owner, export, "Report as HTML (self-contained)…", exporter.export_report)
    actions["export_plan"] = _action(owner, export, "Refactoring plan file (JSON)…", commands.export_plan)
    actions["import_plan"] = _action(owner, file_menu, "&Import plan file…", commands.import_plan,
                                     tip="Merge a plan file (exported by a colleague) into this repository's plan")
    for index, title in enumerate(PLOT_TITLES):  # the plot's own title names its export entry and file
        actions[f"plot_{index}"] = _action(owner, export, f"Plot: {title} as PNG/SVG…",
                                           _call(exporter.export_plot, index))
    file_menu.addSeparator()
    actions["quit"] = _action(owner, file_menu, "&Quit", commands.quit, QKeySequence.StandardKey.Quit)
    scan_menu = bar.addMenu("&Scan")
    actions["rescan"] = _action(owner, scan_menu, "&Rescan", commands.rescan, "F5", "Scan the repository again")
    actions["options"] = _action(owner, scan_menu, "Scan &options…",
                                 lambda: edit_options(owner, session, settings, commands.open_repository))
    actions["cancel"] = _action(owner, scan_menu, "&Cancel scan", commands.cancel_scan, "Esc")
    go_menu = bar.addMenu("&Go")
    actions["back"] = _action(owner, go_menu, "&Back", lambda: session.go(-1), QKeySequence.StandardKey.Back)
    actions["forward"] = _action(owner, go_menu, "&Forward", lambda: session.go(1), QKeySequence.StandardKey.Forward)
    actions["find"] = _action(owner, go_menu, "&Find file…", commands.focus_filter, QKeySequence.StandardKey.Find)
    actions["copy"] = _action(owner, go_menu, "&Copy path", commands.copy_path, "Ctrl+Shift+C")
    actions["plan_add"] = _action(owner, go_menu, "&Add selected file to plan…", commands.add_to_plan,
                                  tip="Add the file shown in the detail pane to the refactoring plan")
    help_menu = bar.addMenu("&Help")
    actions["definitions"] = _action(owner, help_menu, "Metric &definitions", lambda: show_definitions(owner))
    actions["about"] = _action(owner, help_menu, "&About Debt Explorer",
                               lambda: QMessageBox.about(owner, "About Debt Explorer", ABOUT))
    return actions


def _call(function: Callable[..., object], argument: object) -> Callable[[], None]:
    """A slot taking no arguments (QAction.triggered's ``checked`` is not passed on) that calls ``function(argument)``."""
    def slot() -> None:
        function(argument)

    return slot


def _fill_recent(settings: QSettings, commands: MenuCommands, menu: QMenu) -> None:
    menu.clear()
    for path in stored.recent(settings):
        menu.addAction(path, _call(commands.open_repository, path))


def edit_options(parent: QWidget, session: Session, settings: QSettings,
                 open_repository: Callable[..., object]) -> None:
    """Scan > Options: edit the open repository's scan options, store them and scan again with them."""
    from debt_explorer.ui.views.scan_dialog import ScanOptionsDialog

    path = session.repo_path
    if not path:
        return
    dialog = ScanOptionsDialog(stored.options_for(settings, path), parent)
    if dialog.exec():
        options = dialog.options()
        stored.save_options(settings, path, options)
        open_repository(path, options)
