"""What the screenshot scripts in benchmarks/ share: a main window with its own cache and settings (the user's
are left alone), an event pump, waiting for a scan, and saving a grab.

    from shotkit import Shots
    shots = Shots(out, size=(1600, 1000))
    shots.scan(repo)                 # the final result (``first=True``: the first, partial one)
    shots.save("hotspots.png")
    shots.close()                    # as the app ends: the window closed, every background worker waited for
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


class Shots:
    """A shown main window of the given size whose grabs go to ``out``."""

    def __init__(self, out: str | Path = DOCS_SCREENSHOTS, size: tuple[int, int] = (1600, 1000)) -> None:
        from PySide6.QtCore import QSettings

        from debt_explorer.ui.app import create_app

        self.app = create_app()
        from debt_explorer.ui.views.main_window import MainWindow

        self.work = tempfile.mkdtemp(prefix="shots-")
        os.environ.setdefault("DEBT_EXPLORER_CACHE_DIR", os.path.join(self.work, "cache"))
        # Any: the scripts reach into the window's views and state freely, as a test would
        self.window: Any = MainWindow(QSettings(os.path.join(self.work, "settings.ini"), QSettings.Format.IniFormat))
        self.window.resize(*size)
        self.window.show()
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)

    def pump(self, seconds: float, until: Callable[[], bool] | None = None) -> None:
        """Process events for ``seconds``, or until ``until()`` is true."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (until and until()):
            self.app.processEvents()
            time.sleep(0.02)

    def scan(self, repo: str, options: Any = None, first: bool = False) -> float:
        """Open ``repo`` and wait for its final result (``first``: its first result, partial or not); seconds."""
        started = time.perf_counter()
        window = self.window
        window.open_repository(repo, options) if options is not None else window.open_repository(repo)
        while window.result is None or (window.worker is not None and not first):
            self.pump(0.1)
            if window.stack.currentIndex() == 0:
                raise SystemExit(f"scan failed: {window.start_page.error.text()}")
        return time.perf_counter() - started

    def wait_for_worker(self) -> None:
        while self.window.worker is not None:
            self.pump(0.1)

    def save(self, name: str, widget: Any = None) -> Path:
        path = self.out / name
        (widget or self.window).grab().save(str(path))
        return path

    def close(self) -> None:
        """Close the window and wait for every background worker (blame, X-Ray, ...), as the app does before
        teardown: a worker still running when the interpreter ends would emit into deleted Qt objects."""
        from debt_explorer.ui.workers import wait_for_workers

        self.window.close()
        self.pump(0.2)
        if not wait_for_workers(10000):
            print("warning: background workers still running after 10 s", file=sys.stderr)
