"""GUI fixtures: a scanned tmp repository and a main window with throw-away settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from gitrepo import RepoBuilder
from scanhelp import build_history, scan  # noqa: F401 - re-exported for the GUI tests


@pytest.fixture
def scanned(repo_builder: RepoBuilder):
    shas = build_history(repo_builder)
    return repo_builder, shas, scan(repo_builder.path)


@pytest.fixture
def window(qtbot, tmp_path: Path):
    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.views.main_window import MainWindow

    create_app()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.cancel_scan(show_start=False)
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10000)  # no worker outlives its window
    main.close()
    main.deleteLater()
    qtbot.wait(20)


def wait_for_result(qtbot, window, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: window.result is not None and window.worker is None, timeout=timeout)


def arrow_rows(header, section: int) -> list[int]:  # noqa: ANN001 - a QHeaderView
    """Widths of the dark pixel rows of the sort arrow drawn at the right end of ``section``, top to bottom."""
    image = header.grab().toImage()
    right = header.sectionViewportPosition(section) + header.sectionSize(section)
    dark_rows = []
    for y in range(image.height()):
        width = sum(1 for x in range(max(0, right - 18), right - 1) if image.pixelColor(x, y).lightness() < 140)
        if width:
            dark_rows.append(width)
    return dark_rows
