"""The GUI entry point: ``debt-explorer`` (start page) or ``debt-explorer PATH`` (opens and scans PATH)."""

from __future__ import annotations

import functools
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from debt_explorer import __version__


def create_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName("Debt Explorer")
    QCoreApplication.setApplicationName("debt-explorer")
    QCoreApplication.setApplicationVersion(__version__)
    from debt_explorer.ui.theme import apply_theme

    apply_theme(app)
    from debt_explorer.ui import gcguard

    gcguard.install(app)  # cycles holding Qt objects are freed on the GUI thread, never on a worker
    from pathlib import Path

    from PySide6.QtGui import QIcon

    icon = Path(__file__).resolve().parents[1] / "resources" / "icon.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def main(path: str | None = None, *, demo: bool = False) -> int:
    app = create_app()
    from debt_explorer.ui.binding import binding_problem

    problem = binding_problem()
    if problem is not None:
        print(f"debt-explorer: {problem}", file=sys.stderr)
        return 2
    from debt_explorer.ui.views.main_window import MainWindow

    window = MainWindow()
    window.show()
    if demo:
        QTimer.singleShot(0, window.open_demo)
    elif path:
        QTimer.singleShot(0, functools.partial(window.open_repository, path))
    code = app.exec()
    window.settings.sync()
    from debt_explorer.ui.workers import wait_for_workers

    wait_for_workers(10000)  # every background worker ends before teardown
    window.deleteLater()
    del window
    return code
