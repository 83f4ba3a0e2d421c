"""The file detail panel: trend, functions, commits with diffs, source with blame, AI evidence.

Everything already in the scan result shows at once; the diff of a commit and
the blame of the file are read from git in background workers (a "Loading"
line stands in meanwhile), so opening a file never blocks the window.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import cast

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from debt_explorer.core.ai.style_model import load_model
from debt_explorer.core.details import FileBlame, commits_for_file, file_blame, file_diff
from debt_explorer.core.models import ScanResult
from debt_explorer.ui.roles import ROW_ROLE, SORT_ROLE
from debt_explorer.ui.theme import SERIES
from debt_explorer.ui.views.blame_view import BlameView, Spans, token_spans
from debt_explorer.ui.views.coupled_files import CoupledFilesPanel
from debt_explorer.ui.views.diff_view import DiffHighlighter
from debt_explorer.ui.views.file_trend import FileTrend
from debt_explorer.ui.views.ownership_tab import OwnershipTab
from debt_explorer.ui.views.tables import sorted_table
from debt_explorer.ui.views.xray_panel import XRayPanel
from debt_explorer.ui.workers import GeneratorWorker, call_in_background, start


def _date(stamp: int | None) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d") if stamp else "–"


def _table(headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    _, view = sorted_table(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view, model


def _item(text: str, number: float | str | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(number if number is not None else text.lower(), SORT_ROLE)
    if len(text) > 60:
        item.setToolTip(text)  # long details (the style model's own caveats) stay readable
    return item


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
        copy = self.copy_button = QPushButton("Copy path")
        copy.setToolTip("Copy the file's path (Ctrl+Shift+C)")
        copy.clicked.connect(self.copy_path)
        copy.setEnabled(False)
        plan = self.plan_button = QPushButton("Add to plan…")
        plan.setToolTip("Add this file (or the function selected in Functions) to the refactoring plan; "
                        "select a file first")
        plan.clicked.connect(self._add_to_plan)
        plan.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(plan, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        self.tabs = QTabWidget()
        self.file_trend = FileTrend()
        self.trend = self.file_trend.widget
        self.tabs.addTab(self.trend, "Trend")
        self.functions, self.functions_model = _table(["Function", "Complexity", "Lines", "Line", "Cognitive"])
        self.functions.setToolTip("Cyclomatic and cognitive complexity per function (radon and complexipy for"
                                  " Python, tree-sitter or lizard otherwise)")
        self.functions.selectionModel().currentRowChanged.connect(self._function_chosen)
        self.tabs.addTab(self.functions, "Functions")
        self.commits, self.commits_model = _table(["Date", "Commit", "Author", "+", "−", "AI", "Subject"])
        self.commits.selectionModel().currentRowChanged.connect(self._commit_chosen)
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff.setPlaceholderText("Select a commit to see its diff of this file.")
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = DiffHighlighter(self.diff.document())
        split = QSplitter(Qt.Orientation.Horizontal)  # side by side: the list keeps its rows, SHA and date
        split.addWidget(self.commits)
        split.addWidget(self.diff)
        split.setSizes([560, 640])
        split.setChildrenCollapsible(False)
        self.tabs.addTab(split, "Commits")
        self.blame_view = BlameView()
        self.blame = self.blame_view.edit
        self.tabs.addTab(self.blame_view, "Source && blame")
        self.evidence, self.evidence_model = _table(["Signal", "Weight", "Detail", "Where"])
        self.evidence.setToolTip("Double-click a signal with line numbers to see its first line in the source")
        self.evidence.doubleClicked.connect(self._evidence_chosen)
        self.tabs.addTab(self.evidence, "AI evidence")
        self.xray = XRayPanel()  # function-level history, by function hotspot score
        self.xray.functionChosen.connect(lambda name, line: self.functionSelected.emit(name))
        self.tabs.addTab(self.xray, "X-Ray")
        self.coupled = CoupledFilesPanel()
        self.tabs.addTab(self.coupled, "Changes together with")
        self.ownership = OwnershipTab()  # line provenance: owners, age, AI lines
        self.tabs.addTab(self.ownership, "Ownership && age")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addStretch(0)
        self.tabs.hide()

    # -- public ----------------------------------------------------------------------------------
    def clear(self, message: str = "Select a file in the table (or on the map) to see its details.") -> None:
        self.path = ""
        self._token += 1  # a blame or diff still loading for the old file is dropped
        self.header.setText(html.escape(message))
        for model in (self.functions_model, self.commits_model, self.evidence_model):
            model.removeRows(0, model.rowCount())
        self.file_trend.clear()
        self.diff.clear()
        self.blame_view.show_message("")
        self.xray.clear()
        self.ownership.clear()
        self.plan_button.setEnabled(False)
        self.copy_button.setEnabled(False)
        self.tabs.hide()  # no empty plot and tables under "select a file"

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
            f"{_count(record.revisions, 'revision')}, churn {record.churn:,} by {_count(record.authors, 'author')} · "
            f"hotspot {record.hotspot_score:.2f}{f' (#{record.hotspot_rank})' if record.hotspot_rank else ''}"
            f"{' · <b>high churn</b>' if record.high_churn else ''}{ai_text}{parsed}")
        self.plan_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        self.tabs.show()
        self.file_trend.fill(result, path)
        self._fill_functions(result, path)
        self._fill_commits(result, path)
        self._fill_evidence(record)
        self.xray.show_file(result, path)
        self.coupled.show_file(result, path)
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
        elif self.tabs.currentWidget() is self.xray:
            function = self.xray.current_function()
        self.addToPlan.emit(self.path, function)

    def copy_path(self) -> None:
        if self.path:
            QApplication.clipboard().setText(self.path)

    # -- filling ---------------------------------------------------------------------------------
    def _fill_functions(self, result: ScanResult, path: str) -> None:
        model = self.functions_model
        model.removeRows(0, model.rowCount())
        for function in result.functions.get(path, ()):
            model.appendRow([_item(function.name), _item(str(function.complexity), function.complexity),
                             _item(str(function.sloc), function.sloc), _item(str(function.line), function.line),
                             _item("" if function.cognitive is None else str(function.cognitive),
                                   -1 if function.cognitive is None else function.cognitive)])
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
            date.setData(index, ROW_ROLE)
            subject = _item(commit.subject)
            subject.setToolTip(commit.message[:2000])
            ai_item = _item(ai)
            if ai:
                ai_item.setForeground(QColor(SERIES["ai"]))
            sha = _item(commit.sha[:10])
            sha.setToolTip(commit.sha)
            model.appendRow([date, sha, _item(commit.author_name), _item(f"+{change.added}", change.added),
                             _item(f"−{change.deleted}", change.deleted), ai_item, subject])
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
    def _commit_chosen(self, current: QModelIndex, previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            return
        proxy = cast(QSortFilterProxyModel, self.commits.model())  # the proxy _table() put on the view
        source = proxy.mapToSource(proxy.index(current.row(), 0))
        index = self.commits_model.item(source.row(), 0).data(ROW_ROLE)
        row = self._commit_rows[index]
        repo, sha, path, old = self.repo_path, row.commit.sha, row.change.path, row.change.old_path
        self.diff.setPlainText(f"Loading the diff of {sha[:12]}…")
        token = self._token
        worker = call_in_background(lambda: file_diff(repo, sha, path, old), token)
        worker.signals.finished.connect(lambda t, text: self.diff.setPlainText(text) if t == self._token else None)
        worker.signals.failed.connect(lambda t, message: self.diff.setPlainText(message))
        self._diff_worker = start(worker)

    def _evidence_chosen(self, index: QModelIndex) -> None:
        where = self.evidence_model.item(index.row(), 3).text()
        first = where.split(",")[0].strip()
        if first.isdigit():
            self.show_line(int(first))

    def show_line(self, line: int) -> None:
        """Open the source tab at 1-based ``line`` (once blame has loaded)."""
        self.tabs.setCurrentWidget(self.blame_view)
        if self.blame.lines:
            self.blame.go_to(line)

    def _function_chosen(self, current: QModelIndex, previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            return
        proxy = self.functions.model()
        name = proxy.index(current.row(), 0).data()
        line = proxy.index(current.row(), 3).data(SORT_ROLE)
        self.functionSelected.emit(str(name))
        if isinstance(line, (int, float)) and self.blame.lines:
            self.blame.go_to(int(line))

    def _load_blame(self) -> None:
        self.blame_view.show_message("Loading blame…")
        result, path, token = self.result, self.path, self._token
        if result is None:
            return

        def work() -> tuple[FileBlame, Spans]:
            blame = file_blame(result, path)  # core.details: blame, notes and trailers, read-only
            return blame, token_spans(path, [line.text for line in blame.lines])

        worker = call_in_background(work, token)
        worker.signals.finished.connect(self._blame_loaded)
        worker.signals.failed.connect(lambda t, message: self.blame_view.show_message(f"Blame unavailable: {message}")
                                      if t == self._token else None)
        self._blame_worker = start(worker)

    def _blame_loaded(self, token: int, loaded: tuple[FileBlame, Spans]) -> None:
        if token != self._token or self.result is None:
            return
        blame, spans = loaded
        self._ai_lines = blame.ai_lines
        self.blame.tips = {sha: "\nAI-attributed: " + ", ".join(tools) for sha, tools in blame.ai_tools.items()}
        self.blame_view.show_blame(blame.lines, spans, set(blame.ai_lines), len(blame.ai_tools))

    def ai_line_numbers(self) -> list[int]:
        """1-based lines highlighted as AI-attributed (for tests and the status bar)."""
        return list(self._ai_lines) if self.result is not None and self.blame.lines else []


def _count(n: int, noun: str) -> str:
    """``1 revision``, ``2 revisions``, ``1,204 revisions``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
