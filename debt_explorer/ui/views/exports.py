"""File > Export: the table as CSV (raw numbers, the CLI's columns), the scan as JSON, the report, the plots.

Every writer says in the status bar which file it wrote.  The report uses the retrospective exactly as it is
on screen (its windows) and includes the refactoring plan; plots carry a title naming the repository, the
revision and the date, and get a default file name that says what they are.
"""

from __future__ import annotations

import csv
import os
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Sequence, TextIO

from PySide6.QtWidgets import QFileDialog, QMessageBox

from debt_explorer.core.atomic import atomic_write
from debt_explorer.core.export import FILE_COLUMNS, file_to_json
from debt_explorer.core.models import FileRecord, ScanResult
from debt_explorer.ui.views.trends import PLOT_TITLES

if TYPE_CHECKING:
    from debt_explorer.core.plan import PlanRow
    from debt_explorer.core.retro import Retrospective
    from debt_explorer.ui.views.main_window import MainWindow


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
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    return f"{_slug(repo_name(result))}-{_slug(what)}-{today}.{extension}"


def plot_title(result: ScanResult, title: str) -> str:
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    return f"{title} — {repo_name(result)} @ {result.repo.rev} ({result.repo.head[:10]}), {today}"


def table_rows(records: Sequence[FileRecord], period: str | None = None,
               activity: dict[str, tuple[int, int]] | None = None) -> list[list[object]]:
    """Rows as the CLI's CSV writes them (raw numbers), plus the period's figures while a period filter is on."""
    header: list[object] = [*FILE_COLUMNS, "ai_label", "ai_confidence", "ai_style_score"]
    if period is not None:
        header += [f"revisions_{period}", f"churn_{period}"]
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


def export_table(window: "MainWindow") -> None:
    if window.result is None:
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export table", default_name(window.result, "files", "csv"),
                                          "CSV (*.csv)")
    if path:
        write_table(window, path)


def write_table(window: "MainWindow", path: str) -> None:
    proxy, model = window.proxy, window.table_model
    records = [model.record(proxy.mapToSource(proxy.index(row, 0)).row()) for row in range(proxy.rowCount())]
    rows = table_rows(records, model.period, model._activity if model.period else None)
    from debt_explorer.core.sanitize import csv_row

    if _write_file(window, path, lambda stream: csv.writer(stream).writerows(csv_row(row) for row in rows)):
        window.statusBar().showMessage(f"Wrote {len(records):,} rows to {path}")


def export_json(window: "MainWindow") -> None:
    if window.result is None:
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export scan", default_name(window.result, "scan", "json"),
                                          "JSON (*.json)")
    if path:
        from debt_explorer.core.export import write_json

        result = window.result
        if _write_file(window, path, lambda stream: write_json(result, stream)):
            window.statusBar().showMessage(f"Wrote {path}")


def export_plot(window: "MainWindow", index: int) -> None:
    if window.result is None:
        return
    name = default_name(window.result, PLOT_TITLES[index], "png")
    path, _ = QFileDialog.getSaveFileName(window, "Export plot", name, "PNG (*.png);;SVG (*.svg)")
    if path:
        try:
            window.trends.export_plot(index, path, plot_title(window.result, PLOT_TITLES[index]))
        except OSError as exc:
            QMessageBox.warning(window, "Export failed", f"Cannot write {path}: {exc.strerror or exc}")
            return
        window.statusBar().showMessage(f"Wrote {path}")


def export_report(window: "MainWindow") -> None:
    if window.result is None:
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export report", default_name(window.result, "debt report", "html"),
                                          "HTML (*.html)")
    if path:
        try:
            write_report(window.result, path, window.retro.retro, getattr(window.plan, "rows", None))
        except OSError as exc:
            QMessageBox.warning(window, "Export failed", f"Cannot write {path}: {exc.strerror or exc}. "
                                                          "The previous file, if any, is unchanged.")
            return
        window.statusBar().showMessage(f"Wrote {path}")


def write_report(result: ScanResult, path: str, retro: "Retrospective | None" = None,
                 plan: "Sequence[PlanRow] | None" = None) -> None:
    """The HTML report with ``retro`` (the windows on screen; the default pair when ``None``) and ``plan``."""
    from debt_explorer.core.report import render_html
    from debt_explorer.core.retro import compare_periods

    if retro is None and len(result.periods) >= 2:
        retro = compare_periods(result)
    text = render_html(result, retro, plan=plan)
    atomic_write(path, lambda stream: stream.write(text), newline=None)


def _write_file(window: "MainWindow", path: str, write: "Callable[[TextIO], object]") -> bool:
    """Write an export atomically (the previous file stays whole on failure); say so in a dialog if it fails."""
    try:
        atomic_write(path, write)
    except OSError as exc:
        QMessageBox.warning(window, "Export failed", f"Cannot write {path}: {exc.strerror or exc}. "
                                                      "The previous file, if any, is unchanged.")
        return False
    return True
