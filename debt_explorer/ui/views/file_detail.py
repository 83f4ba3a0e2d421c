"""The file detail panel: trend, functions, commits with diffs, source with blame, AI evidence.

Everything already in the scan result shows at once; the diff of a commit and
the blame of the file are read from git in background workers (a "Loading"
line stands in meanwhile), so opening a file never blocks the window.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QStandardItem, QStandardItemModel, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
                               QPushButton, QSplitter, QTableView, QTabWidget, QTextEdit, QToolTip, QVBoxLayout,
                               QWidget)

from debt_explorer.core.ai.notes import ai_blame_lines
from debt_explorer.core.ai.style_model import load_model
from debt_explorer.core.blame import BlameLine, blame_file
from debt_explorer.core.details import churn_by_period, commits_for_file, file_diff
from debt_explorer.core.models import ScanResult
from debt_explorer.ui.theme import SERIES
from debt_explorer.ui.views.ownership_tab import OwnershipTab
from debt_explorer.ui.views.diff_view import DiffHighlighter
from debt_explorer.ui.views.plot_tools import make_plot
from debt_explorer.ui.workers import GeneratorWorker, call_in_background, start

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


def _date(stamp: int | None) -> str:
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d") if stamp else "–"


def _table(headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(NUMBER_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view, model


def _item(text: str, number: float | str | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(number if number is not None else text.lower(), NUMBER_ROLE)
    if len(text) > 60:
        item.setToolTip(text)  # long details (the style model's own caveats) stay readable
    return item


class BlameEdit(QPlainTextEdit):
    """Read-only source with one blame annotation per line; hovering a line names its commit."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setMouseTracking(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.lines: list[BlameLine] = []
        self.tips: dict[str, str] = {}

    def mouseMoveEvent(self, event: object) -> None:  # noqa: N802
        super().mouseMoveEvent(event)  # type: ignore[arg-type]
        block = self.cursorForPosition(event.position().toPoint()).blockNumber()  # type: ignore[attr-defined]
        if 0 <= block < len(self.lines):
            line = self.lines[block]
            QToolTip.showText(event.globalPosition().toPoint(),  # type: ignore[attr-defined]
                              f"{line.sha[:12]} · {line.author} · {_date(line.author_time)}\n{line.summary}"
                              + self.tips.get(line.sha, ""), self)


class FileDetailPanel(QWidget):
    functionSelected = Signal(str)
    addToPlan = Signal(str, str)  # path, function ("" for the whole file)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ScanResult | None = None
        self.repo_path = ""
        self.path = ""
        self._blame_worker: GeneratorWorker | None = None
        self._diff_worker: GeneratorWorker | None = None
        self._token = 0
        self._ai_lines: list[int] = []
        self.header = QLabel("Select a file to see its details.")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = QPushButton("Copy path")
        copy.setToolTip("Copy the file's path (Ctrl+Shift+C)")
        copy.clicked.connect(self.copy_path)
        plan = QPushButton("Add to plan…")
        plan.setToolTip("Add this file (or the function selected in Functions) to the refactoring plan")
        plan.clicked.connect(self._add_to_plan)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(plan, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        self.tabs = QTabWidget()
        self.trend = make_plot("Complexity, SLOC and churn per period", "complexity / SLOC")
        self.tabs.addTab(self.trend, "Trend")
        self.functions, self.functions_model = _table(["Function", "Complexity", "Lines", "Line"])
        self.functions.setToolTip("Cyclomatic complexity per function (radon for Python, lizard otherwise)")
        self.functions.selectionModel().currentRowChanged.connect(self._function_chosen)
        self.tabs.addTab(self.functions, "Functions")
        self.commits, self.commits_model = _table(["Date", "Author", "Subject", "+", "−", "AI"])
        self.commits.selectionModel().currentRowChanged.connect(self._commit_chosen)
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff.setPlaceholderText("Select a commit to see its diff of this file.")
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = DiffHighlighter(self.diff.document())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.commits)
        split.addWidget(self.diff)
        self.tabs.addTab(split, "Commits")
        self.blame = BlameEdit()
        self.blame.setPlaceholderText("Blame appears here.")
        self.tabs.addTab(self.blame, "Source && blame")
        self.evidence, self.evidence_model = _table(["Signal", "Weight", "Detail", "Where"])
        self.evidence.setToolTip("Double-click a signal with line numbers to see its first line in the source")
        self.evidence.doubleClicked.connect(self._evidence_chosen)
        self.tabs.addTab(self.evidence, "AI evidence")
        self.ownership = OwnershipTab()  # line provenance: owners, age, AI lines
        self.tabs.addTab(self.ownership, "Ownership && age")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # -- public ----------------------------------------------------------------------------------
    def clear(self) -> None:
        self.path = ""
        self.header.setText("Select a file to see its details.")
        for model in (self.functions_model, self.commits_model, self.evidence_model):
            model.removeRows(0, model.rowCount())
        self.trend.getPlotItem().clear()
        self.diff.clear()
        self.blame.clear()
        self.ownership.clear()

    def show_file(self, result: ScanResult, path: str, repo_path: str) -> None:
        record = result.file(path)
        if record is None:
            self.clear()
            return
        self._token += 1
        self.result, self.path, self.repo_path = result, path, repo_path
        ai = record.ai
        ai_text = f" · AI: <b>{ai.label}</b> ({ai.confidence})" if ai and ai.label != "none" else ""
        if ai and ai.style_score is not None:
            model = load_model()
            weak = ("" if model.meets_target else " <i>(weak signal, see AI evidence)</i>" if model.allow_possible
                    else " <i>(close to chance: for reference only, see AI evidence)</i>")
            ai_text += f" · style score {ai.style_score:.2f}{weak}"
        parsed = "" if record.parsed else f"<br><i>not parsed: {html.escape(record.unparsed_reason or '')}</i>"
        self.header.setText(
            f"<b>{html.escape(path)}</b> · {record.language or ''}<br>"
            f"SLOC {record.sloc:,} · complexity {record.complexity:,} (max {record.max_complexity}) · "
            f"MI {'–' if record.maintainability is None else f'{record.maintainability:.0f}'} · "
            f"{record.revisions} revisions, churn {record.churn:,} by {record.authors} authors · "
            f"hotspot {record.hotspot_score:.2f}{f' (#{record.hotspot_rank})' if record.hotspot_rank else ''}"
            f"{' · <b>high churn</b>' if record.high_churn else ''}{ai_text}{parsed}")
        self._fill_trend(result, path)
        self._fill_functions(result, path)
        self._fill_commits(result, path)
        self._fill_evidence(record)
        self.ownership.show_record(record)
        self.diff.clear()
        self._load_blame()

    def _add_to_plan(self) -> None:
        if not self.path:
            return
        function = ""
        if self.tabs.currentWidget() is self.functions:
            current = self.functions.currentIndex()
            if current.isValid():
                function = str(self.functions.model().index(current.row(), 0).data())
        self.addToPlan.emit(self.path, function)

    def copy_path(self) -> None:
        if self.path:
            QApplication.clipboard().setText(self.path)

    # -- filling ---------------------------------------------------------------------------------
    def _fill_trend(self, result: ScanResult, path: str) -> None:
        item = self.trend.getPlotItem()
        item.clear()
        if item.legend is None:
            item.addLegend(offset=(8, 4), labelTextSize="8pt")
        labels = [p.period for p in result.periods]
        item.getAxis("bottom").set_labels(labels)  # type: ignore[attr-defined]
        points = {p.period: p for p in result.file_series.get(path, ())}
        x = np.arange(len(labels), dtype=float)
        churn = churn_by_period(result, path)
        bars = pg.BarGraphItem(x=x, height=[a + d for _, a, d in churn], width=0.6,
                               brush=pg.mkBrush(SERIES["maintenance"] + "80"), pen=None)
        item.addItem(bars)
        item.legend.addItem(bars, "churn (lines)")
        for key, colour, name in (("complexity", SERIES["complexity"], "complexity"), ("sloc", SERIES["sloc"], "SLOC")):
            values = [getattr(points[l], key) if l in points else np.nan for l in labels]
            item.plot(x, values, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=4,
                      symbolBrush=colour, connect="finite", name=name)
        item.setXRange(-0.6, len(labels) - 0.4, padding=0)

    def _fill_functions(self, result: ScanResult, path: str) -> None:
        model = self.functions_model
        model.removeRows(0, model.rowCount())
        for function in result.functions.get(path, ()):
            model.appendRow([_item(function.name), _item(str(function.complexity), function.complexity),
                             _item(str(function.sloc), function.sloc), _item(str(function.line), function.line)])
        self.functions.sortByColumn(1, Qt.SortOrder.DescendingOrder)

    def _fill_commits(self, result: ScanResult, path: str) -> None:
        model = self.commits_model
        model.removeRows(0, model.rowCount())
        self._commit_rows = commits_for_file(result, path)
        for index, row in enumerate(self._commit_rows):
            commit, change, attribution = row.commit, row.change, row.attribution
            ai = ", ".join(attribution.tools) if attribution and attribution.kind == "ai" else (
                "bot" if attribution and attribution.kind == "bot" else "")
            date = _item(_date(commit.committer_date), commit.committer_date)
            date.setData(index, Qt.ItemDataRole.UserRole + 5)
            subject = _item(commit.subject)
            subject.setToolTip(commit.message[:2000])
            ai_item = _item(ai)
            if ai:
                ai_item.setForeground(QColor(SERIES["ai"]))
            model.appendRow([date, _item(commit.author_name), subject, _item(f"+{change.added}", change.added),
                             _item(f"−{change.deleted}", change.deleted), ai_item])
        self.commits.sortByColumn(0, Qt.SortOrder.DescendingOrder)

    def _fill_evidence(self, record: object) -> None:
        model = self.evidence_model
        model.removeRows(0, model.rowCount())
        ai = getattr(record, "ai", None)
        if ai is None or not ai.evidence:
            model.appendRow([_item("no AI evidence for this file"), _item(""), _item(""), _item("")])
            return
        for signal in ai.evidence:
            model.appendRow([_item(signal.signal), _item(f"{signal.weight:+.2f}", signal.weight),
                             _item(signal.detail), _item(", ".join(signal.locations[:10]))])

    # -- interaction -----------------------------------------------------------------------------
    def _commit_chosen(self, current: object, previous: object = None) -> None:
        if not current.isValid():  # type: ignore[attr-defined]
            return
        proxy = self.commits.model()
        source = proxy.mapToSource(proxy.index(current.row(), 0))  # type: ignore[attr-defined]
        index = self.commits_model.item(source.row(), 0).data(Qt.ItemDataRole.UserRole + 5)
        row = self._commit_rows[index]
        repo, sha, path, old = self.repo_path, row.commit.sha, row.change.path, row.change.old_path
        self.diff.setPlainText(f"Loading the diff of {sha[:12]}…")
        token = self._token
        worker = call_in_background(lambda: file_diff(repo, sha, path, old), token)
        worker.signals.finished.connect(lambda t, text: self.diff.setPlainText(text) if t == self._token else None)
        worker.signals.failed.connect(lambda t, message: self.diff.setPlainText(message))
        self._diff_worker = start(worker)

    def _evidence_chosen(self, index: object) -> None:
        where = self.evidence_model.item(index.row(), 3).text()  # type: ignore[attr-defined]
        first = where.split(",")[0].strip()
        if first.isdigit():
            self.show_line(int(first))

    def show_line(self, line: int) -> None:
        """Open the source tab at 1-based ``line`` (once blame has loaded)."""
        self.tabs.setCurrentWidget(self.blame)
        if self.blame.lines:
            block = self.blame.document().findBlockByNumber(line - 1)
            self.blame.setTextCursor(QTextCursor(block))
            self.blame.centerCursor()

    def _function_chosen(self, current: object, previous: object = None) -> None:
        if not current.isValid():  # type: ignore[attr-defined]
            return
        proxy = self.functions.model()
        name = proxy.index(current.row(), 0).data()  # type: ignore[attr-defined]
        line = proxy.index(current.row(), 3).data(NUMBER_ROLE)  # type: ignore[attr-defined]
        self.functionSelected.emit(str(name))
        if isinstance(line, (int, float)) and self.blame.lines:
            block = self.blame.document().findBlockByNumber(int(line) - 1)
            self.blame.setTextCursor(QTextCursor(block))
            self.blame.centerCursor()

    def _load_blame(self) -> None:
        self.blame.lines = []
        self.blame.setPlainText("Loading blame…")
        repo, head, path, token = self.repo_path, self.result.repo.head if self.result else "HEAD", self.path, self._token
        ai_shas = {a.sha for a in self.result.ai_commits if a.kind == "ai"} if self.result else set()

        def work() -> tuple[list[BlameLine], list[int]]:
            lines = blame_file(repo, head, path)
            return lines, ai_blame_lines(repo, lines, ai_shas)

        worker = call_in_background(work, token)
        worker.signals.finished.connect(self._blame_loaded)
        worker.signals.failed.connect(lambda t, message: self.blame.setPlainText(f"Blame unavailable: {message}")
                                      if t == self._token else None)
        self._blame_worker = start(worker)

    def _blame_loaded(self, token: int, loaded: tuple[list[BlameLine], list[int]]) -> None:
        if token != self._token or self.result is None:
            return
        lines, ai_lines = loaded
        self._ai_lines = ai_lines
        ai_numbers = set(ai_lines)
        ai = {a.sha: a for a in self.result.ai_commits if a.kind == "ai"}
        self.blame.lines = lines
        self.blame.tips = {sha: "\nAI-attributed: " + ", ".join(a.tools) for sha, a in ai.items()}
        width = max((len(l.author) for l in lines), default=6)
        text = "\n".join(f"{l.sha[:8]} {l.author[:18]:<{min(width, 18)}} {_date(l.author_time)} │ {l.text}"
                         for l in lines)
        self.blame.setPlainText(text)
        selections = []
        marked = QColor(SERIES["ai"])
        marked.setAlpha(60)
        for number, line in enumerate(lines):
            if line.line in ai_numbers:
                selection = QTextEdit.ExtraSelection()
                selection.format = QTextCharFormat()
                selection.format.setBackground(marked)
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                selection.cursor = QTextCursor(self.blame.document().findBlockByNumber(number))
                selections.append(selection)
        self.blame.setExtraSelections(selections)

    def ai_line_numbers(self) -> list[int]:
        """1-based lines highlighted as AI-attributed (for tests and the status bar)."""
        return list(self._ai_lines) if self.result is not None and self.blame.lines else []
