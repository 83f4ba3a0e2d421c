"""Opening and scanning, for the main window: the background scan worker, its progress and its outcome.

A first scan shows the progress page.  A rescan (or a scan with changed options) of a repository whose
results are on screen keeps them on screen and reports progress in the status bar, with a Cancel button.
Progress always says which step of how many is running ("step 4 of 6: metrics").
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QPushButton

from debt_explorer.core.models import Phase, Progress, ScanResult
from debt_explorer.core.options import ScanOptions
from debt_explorer.ui import settings as stored
from debt_explorer.ui.views.window_parts import WindowParts
from debt_explorer.ui.workers import GeneratorWorker, start

START, SCANNING, RESULTS = range(3)
PHASES = list(Phase)


def step_text(step: Progress) -> str:
    """``step 4 of 6: metrics``: where a scan is, overall."""
    return f"step {PHASES.index(step.phase) + 1} of {len(PHASES)}: {step.phase.value}"


class StatusProgress:
    """The status bar's progress for a rescan in place: label, bar and Cancel, hidden when idle."""

    def __init__(self, window: ScanningMixin) -> None:
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop the rescan (Esc); the results on screen stay")
        self.cancel.clicked.connect(lambda: window.cancel_scan())
        for widget in (self.label, self.bar, self.cancel):
            window.statusBar().addPermanentWidget(widget)
        self.show(False)

    def show(self, visible: bool) -> None:
        for widget in (self.label, self.bar, self.cancel):
            widget.setVisible(visible)


class ScanningMixin(WindowParts):
    """Methods of :class:`MainWindow` that open repositories and run scans."""

    def browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a git repository", self.repo_path or "")
        if path:
            self.open_repository(path)

    def open_demo(self) -> None:
        from debt_explorer.core.demo import create_demo_repo, default_demo_dir

        self.open_repository(create_demo_repo(default_demo_dir()))

    def open_repository(self, path: str, options: ScanOptions | None = None) -> None:
        """Scan ``path`` in the background; a scan already running is cancelled and its results dropped."""
        self.cancel_scan(show_start=False)
        in_place = self.result is not None and path == self.repo_path
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
        self.in_place = in_place
        self.first_view = False
        self.first_view_scope = ""
        if in_place:
            self.status_progress.label.setText(f"Rescanning {path}…")
            self.status_progress.bar.setRange(0, 0)
            self.status_progress.show(True)
        else:
            self.progress_label.setText(f"Scanning {path}…")
            self.progress_bar.setRange(0, 0)
            self.progress_eta.setText("")
            self.stack.setCurrentIndex(SCANNING)
        self.statusBar().showMessage(f"Scanning {path}…")
        self.sync_actions()
        start(worker)

    def rescan(self) -> None:
        if self.repo_path and self.result is not None:
            self.open_repository(self.repo_path)

    def cancel_scan(self, show_start: bool = True) -> None:
        if self.worker is not None and not self.worker.done.is_set():
            self.worker.abort()
            self.token += 1  # whatever the old worker still sends is ignored
            self.statusBar().showMessage("Scan cancelled." + (" The results on screen are unchanged."
                                                              if self.result is not None else ""))
            if show_start:
                self.stack.setCurrentIndex(RESULTS if self.result else START)
        self.worker = None
        self.status_progress.show(False)
        self.sync_actions()

    def _progress(self, token: int, step: Progress) -> None:
        if token != self.token:
            return
        phase = step.phase.value
        if step.partial is not None and not self.in_place:
            self._show_first_result(step.partial)
        overall = step_text(step)
        bar = self.status_progress.bar if self.in_place else self.progress_bar
        if step.total:
            bar.setRange(0, step.total)
            bar.setValue(step.done)
            bar.setFormat(f"{phase} %v / %m")
        if self.in_place:  # a first scan that shows its first result is not a rescan
            verb = (f"First result{self.first_view_scope} shown, scanning on" if self.first_view
                    else "Rescanning")
            self.status_progress.label.setText(f"{verb}: {overall}")
            return
        self.progress_label.setText(f"{overall.capitalize()} — {step.message}")
        elapsed = time.monotonic() - self._scan_started
        if phase == "metrics" and step.total and step.done:
            left = elapsed / max(step.done, 1) * (step.total - step.done)
            self.progress_eta.setText(f"about {left:.0f} s left in this step · {elapsed:.0f} s so far")
        else:
            self.progress_eta.setText(f"{elapsed:.0f} s so far")

    def _show_first_result(self, partial: ScanResult) -> None:
        """The scanned revision's files and hotspots while the scan goes on (periods and AI attribution follow):
        from here on the scan reports in the status bar, as a rescan does."""
        self.session.result = partial  # shown by hand below; resultChanged comes with the finished result
        self.hotspots.set_result(partial)  # as a full result: fitted columns, language list, scope counts
        self.map.set_result(partial)
        self.stack.setCurrentIndex(RESULTS)
        self.tabs.setCurrentWidget(self.hotspots)  # the Overview's plots are empty until the history is read
        self.in_place = True
        self.first_view = True
        window = next((w for w in partial.warnings if w.startswith("first result from the last ")), "")
        # "from the last 12 months of history (1,234 of 22,413 commits)": all-time columns fill in later
        self.first_view_scope = f" {window.removeprefix('first result ').partition(':')[0]}" if window else ""
        self.status_progress.label.setText(f"First result{self.first_view_scope} shown: all-time figures, trends "
                                           "and AI attribution follow…")
        self.status_progress.show(True)
        self.sync_actions()

    def _finished(self, token: int, result: ScanResult) -> None:
        if token != self.token:
            return
        self.worker = None
        self.status_progress.show(False)
        self.show_result(result)

    def _failed(self, token: int, message: str) -> None:
        if token != self.token:
            return
        self.worker = None
        self.status_progress.show(False)
        if self.in_place:  # a failed rescan keeps the results on screen
            self.statusBar().showMessage(f"Rescan failed: {message}")
        else:
            self.start_page.show_error(f"Cannot scan {self.repo_path}: {message}")
            self.stack.setCurrentIndex(START)
            self.statusBar().showMessage(message)
        self.sync_actions()

    def _cancelled(self, token: int) -> None:
        if token == self.token:
            self.worker = None
            self.status_progress.show(False)
            self.stack.setCurrentIndex(RESULTS if self.result else START)
            self.sync_actions()
