"""File > Export: the table as CSV (raw numbers, the CLI's columns), the scan as JSON, the report, the plots.

Every writer says in the status bar which file it wrote.  :class:`Exporter` reads the current result from the
session and asks the window only for the few services in :class:`ExportServices` (never its attributes).  The report uses the retrospective exactly as it is
on screen (its windows) and includes the refactoring plan; plots carry a title naming the repository, the
revision and the date, and get a default file name that says what they are.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

import shiboken6
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from debt_explorer.core.atomic import atomic_write
from debt_explorer.core.catalogue import PLOT_TITLES, period_column
from debt_explorer.core.export import AI_COLUMNS, FILE_COLUMNS, file_to_json
from debt_explorer.core.models import FileRecord, ScanResult
from debt_explorer.ui.session import Session
from debt_explorer.ui.workers import GeneratorWorker, call_in_background, start

if TYPE_CHECKING:
    from debt_explorer.core.plan import PlanRow
    from debt_explorer.core.retro import Retrospective


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "repository"


def repo_name(result: ScanResult) -> str:
    """The project's name: the folder's, or for a bare repository (``flask.git``, ``…/pallets+flask/repo``)
    the name without ``.git``, or its parent folder's when the git directory has a generic name."""
    path = result.repo.path.rstrip("/\\")
    name = os.path.basename(path)
    if result.repo.bare or name == ".git":
        name = name.removesuffix(".git")
        if name in ("", "repo", "git"):
            name = os.path.basename(os.path.dirname(path))
    return name or "repository"


def default_name(result: ScanResult, what: str, extension: str) -> str:
    """``flask-complexity-build-up-2026-11-25.png``: repository, content, date."""
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    return f"{_slug(repo_name(result))}-{_slug(what)}-{today}.{extension}"


def plot_title(result: ScanResult, title: str) -> str:
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    return f"{title} — {repo_name(result)} @ {result.repo.rev} ({result.repo.head[:10]}), {today}"


def table_rows(records: Sequence[FileRecord], period: str | None = None,
               activity: dict[str, tuple[int, int]] | None = None) -> list[list[object]]:
    """Rows as the CLI's CSV writes them (raw numbers), plus the period's figures while a period filter is on."""
    header: list[object] = [*FILE_COLUMNS, *AI_COLUMNS[:3]]
    if period is not None:
        header += [period_column("revisions", period), period_column("churn", period)]
    rows = [header]
    for record in records:
        data = file_to_json(record)
        ai = record.ai
        row: list[object] = [("" if data[c] is None else data[c]) for c in FILE_COLUMNS]
        row += [ai.label if ai else "", ai.confidence if ai else "",
                "" if ai is None or ai.style_score is None else ai.style_score]
        if period is not None:
            row += list((activity or {}).get(record.path, (0, 0)))
        rows.append(row)
    return rows


#: The file table as shown: records in view order, the period filter (or None) and its per-file activity.
ShownTable = tuple[Sequence[FileRecord], str | None, Mapping[str, tuple[int, int]] | None]


@dataclass(frozen=True)
class ExportServices:
    """The few window services File > Export needs; the window builds this once, the exports never see it."""

    parent: QWidget  # parent of the file dialogs and error boxes
    status: Callable[[str], None]  # a message in the status bar
    shown_table: Callable[[], ShownTable]
    save_plot: Callable[[int, str, str], None]  # Trends plot index, path, title
    report_inputs: Callable[[], tuple[Retrospective | None, Sequence[PlanRow] | None]]  # windows and plan shown


class Exporter:
    """File > Export over the session's current result (``session.result``)."""

    def __init__(self, session: Session, services: ExportServices) -> None:
        self.session, self.services = session, services

    def _ask(self, caption: str, what: str, extension: str, filters: str) -> str:
        result = self.session.result
        if result is None:
            return ""
        path, _ = QFileDialog.getSaveFileName(self.services.parent, caption, default_name(result, what, extension),
                                              filters)
        return path

    def export_table(self) -> None:
        path = self._ask("Export table", "files", "csv", "CSV (*.csv)")
        if path:
            self.write_table(path)

    def write_table(self, path: str) -> None:
        records, period, activity = self.services.shown_table()
        rows = table_rows(records, period, dict(activity) if period and activity is not None else None)
        from debt_explorer.core.sanitize import csv_row

        if _write_file(self.services.parent, path,
                       lambda stream: csv.writer(stream).writerows(csv_row(row) for row in rows)):
            self.services.status(f"Wrote {len(records):,} rows to {path}")

    def export_json(self) -> None:
        result = self.session.result
        path = self._ask("Export scan", "scan", "json", "JSON (*.json)")
        if path and result is not None:
            from debt_explorer.core.export import write_json

            if _write_file(self.services.parent, path, lambda stream: write_json(result, stream)):
                self.services.status(f"Wrote {path}")

    def export_plot(self, index: int) -> None:
        result = self.session.result
        path = self._ask("Export plot", PLOT_TITLES[index], "png", "PNG (*.png);;SVG (*.svg)")
        if path and result is not None:
            try:
                self.services.save_plot(index, path, plot_title(result, PLOT_TITLES[index]))
            except OSError as exc:
                QMessageBox.warning(self.services.parent, "Export failed", f"Cannot write {path}: {exc.strerror or exc}")
                return
            self.services.status(f"Wrote {path}")

    def export_report(self) -> None:
        result = self.session.result
        path = self._ask("Export report", "debt report", "html", "HTML (*.html)")
        if path and result is not None:
            self.write_report_in_background(result, path)

    def write_report_in_background(self, result: ScanResult, path: str) -> GeneratorWorker:
        """The report (its coupling and bug-fix sections are metric work) written by a worker, not the GUI thread."""
        retro, plan = self.services.report_inputs()

        def work() -> str | None:
            try:
                write_report(result, path, retro, plan)
            except OSError as exc:  # said in a dialog below; the previous file stays whole (atomic write)
                return f"Cannot write {path}: {exc.strerror or exc}. The previous file, if any, is unchanged."
            return None

        worker = call_in_background(work)
        worker.signals.finished.connect(lambda _token, problem: self._report_done(path, problem))
        worker.signals.failed.connect(lambda _token, message: self._report_done(path, message))
        self.services.status(f"Writing {path}…")
        return start(worker)

    def _report_done(self, path: str, problem: str | None) -> None:
        if not shiboken6.isValid(self.services.parent):  # the window closed while the report was written
            return
        if problem:
            QMessageBox.warning(self.services.parent, "Export failed", problem)
        else:
            self.services.status(f"Wrote {path}")


def write_report(result: ScanResult, path: str, retro: Retrospective | None = None,
                 plan: Sequence[PlanRow] | None = None) -> None:
    """The HTML report with ``retro`` (the windows on screen; the default pair when ``None``) and ``plan``."""
    from debt_explorer.core.report import render_html
    from debt_explorer.core.retro import compare_periods

    if retro is None and len(result.periods) >= 2:
        retro = compare_periods(result)
    text = render_html(result, retro, plan=plan)
    atomic_write(path, lambda stream: stream.write(text), newline=None)


def _write_file(parent: QWidget, path: str, write: Callable[[TextIO], object]) -> bool:
    """Write an export atomically (the previous file stays whole on failure); say so in a dialog if it fails."""
    try:
        atomic_write(path, write)
    except OSError as exc:
        QMessageBox.warning(parent, "Export failed", f"Cannot write {path}: {exc.strerror or exc}. "
                                                      "The previous file, if any, is unchanged.")
        return False
    return True
