"""Menus and shortcuts of the main window, and the export actions behind File > Export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from debt_explorer import __version__
from debt_explorer.ui import settings as stored

if TYPE_CHECKING:
    from debt_explorer.ui.views.main_window import MainWindow

ABOUT = (f"<h3>Debt Explorer {__version__}</h3><p>Shows where technical debt piles up in a git repository: "
         "hotspots, high-churn files, AI-written code and the maintenance burden, period by period.</p>"
         "<p>The analysed repository is only read, never changed. Complexity by radon (Python) and lizard "
         "(other languages).</p>")
DEFINITIONS = ("<b>Complexity</b>: sum of cyclomatic complexity of all functions and methods.<br>"
               "<b>Hotspot score</b>: percentile rank of revisions in the last 12 months × percentile rank of "
               "complexity; ≥ 0.64 counts as a hotspot.<br>"
               "<b>High churn</b>: lines changed in the window ≥ 1.5 × SLOC and ≥ 100 lines.<br>"
               "<b>Maintenance churn</b>: deleted + min(added, deleted) per change — lines that rework code; "
               "<b>new-code churn</b>: added − min(added, deleted).<br>"
               "<b>Maintenance share</b>: maintenance / (maintenance + new).<br>"
               "A commit belongs to the period of its committer date (UTC). Full definitions: docs/metrics.md.")


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
        _action(window, export, f"Plot: {name} as PNG/SVG…", lambda _=False, i=index: export_plot(window, i))
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
    help_menu = bar.addMenu("&Help")
    actions["definitions"] = _action(window, help_menu, "Metric &definitions",
                                     lambda: QMessageBox.information(window, "Metric definitions", DEFINITIONS))
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


def export_table(window: "MainWindow") -> None:
    path, _ = QFileDialog.getSaveFileName(window, "Export table", "hotspots.csv", "CSV (*.csv)")
    if not path:
        return
    import csv

    from debt_explorer.core.sanitize import csv_row

    proxy = window.proxy

    def write(stream) -> None:  # noqa: ANN001
        writer = csv.writer(stream)
        from PySide6.QtCore import Qt

        writer.writerow(csv_row(proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())))
        for row in range(proxy.rowCount()):
            writer.writerow(csv_row(proxy.index(row, c).data() for c in range(proxy.columnCount())))

    if _write_file(window, path, write):
        window.statusBar().showMessage(f"Wrote {proxy.rowCount()} rows to {path}")


def export_json(window: "MainWindow") -> None:
    if window.result is None:
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export scan", "scan.json", "JSON (*.json)")
    if path:
        from debt_explorer.core.export import write_json

        if _write_file(window, path, lambda stream: write_json(window.result, stream)):
            window.statusBar().showMessage(f"Wrote {path}")


def export_plot(window: "MainWindow", index: int) -> None:
    path, _ = QFileDialog.getSaveFileName(window, "Export plot", f"plot-{index + 1}.png", "PNG (*.png);;SVG (*.svg)")
    if path:
        try:
            window.trends.export_plot(index, path)
        except OSError as exc:
            QMessageBox.warning(window, "Export failed", f"Cannot write {path}: {exc.strerror or exc}")
            return
        window.statusBar().showMessage(f"Wrote {path}")


def export_report(window: "MainWindow") -> None:
    if window.result is None:
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export report", "debt-report.html", "HTML (*.html)")
    if path:
        try:
            write_report(window.result, path)
        except OSError as exc:
            QMessageBox.warning(window, "Export failed", f"Cannot write {path}: {exc.strerror or exc}")
            return
        window.statusBar().showMessage(f"Wrote {path}")


def write_report(result: object, path: str) -> None:
    from debt_explorer.core.report import render_html
    from debt_explorer.core.retro import compare_periods

    from debt_explorer.core.atomic import atomic_write

    retro = compare_periods(result) if len(result.periods) >= 2 else None  # type: ignore[attr-defined]
    text = render_html(result, retro)  # type: ignore[arg-type]
    atomic_write(path, lambda stream: stream.write(text), newline=None)


def _write_file(window: "MainWindow", path: str, write: object) -> bool:
    """Write an export atomically (the previous file stays whole on failure); say so in a dialog if it fails."""
    from debt_explorer.core.atomic import atomic_write

    try:
        atomic_write(path, write)  # type: ignore[arg-type]
    except OSError as exc:
        QMessageBox.warning(window, "Export failed", f"Cannot write {path}: {exc.strerror or exc}. "
                                                      "The previous file, if any, is unchanged.")
        return False
    return True
