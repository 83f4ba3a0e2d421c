"""The hotspot table: every file of a scan as a Qt table model, and the proxy that sorts and filters it.

Sorting uses :data:`SORT_ROLE`, which holds plain numbers or lower-cased text,
so Qt's C++ sort compares them without calling back into Python per pair;
filtering checks precomputed flags.  Both stay well under 100 ms at 20,000
rows (benchmarks/ui_bench.py).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from debt_explorer.core.ai.labels import AiLabel
from debt_explorer.core.ai.style_model import load_model
from debt_explorer.core.catalogue import FILE_METRICS, Metric
from debt_explorer.core.fixes import attracts_fixes
from debt_explorer.core.marks import AI_MARKED
from debt_explorer.core.models import FileRecord, ScanResult
from debt_explorer.core.sanitize import printable as shown  # also \n, \t, ESC and bidi overrides, escaped
from debt_explorer.core.scope import Scope, scope_of
from debt_explorer.ui.roles import RECORD_ROLE, SORT_ROLE
from debt_explorer.ui.theme import AI_COLOURS

Index = QModelIndex | QPersistentModelIndex

_GETTERS: dict[str, Any] = {"language": lambda r: r.language or "", "ai": lambda r: r.ai.label if r.ai else "",
                            "style_score": lambda r: r.ai.style_score if r.ai else None,
                            # line provenance: fields of FileRecord.line_origins (None without the pass)
                            "median_age_days": lambda r: r.line_origins.median_age_days if r.line_origins else None,
                            "main_author": lambda r: (r.line_origins.main_author or "") if r.line_origins else "",
                            "knowledge_loss_share":
                                lambda r: r.line_origins.knowledge_loss_share if r.line_origins else None}


def _tooltip(metric: Metric) -> str:
    return metric.tooltip() + (" " + load_model().summary() if metric.key == "style_score" else "")


#: (header, tooltip defining the metric, value getter), rendered from the metric catalogue (core.catalogue)
COLUMNS: list[tuple[str, str, Any]] = [(m.name, _tooltip(m), _GETTERS.get(m.key, attrgetter(m.key)))
                                       for m in FILE_METRICS]
(PATH, LANGUAGE, SLOC, COMPLEXITY, MAX_CC, MI, REVISIONS, CHURN, AUTHORS, RECENT, HOTSPOT, HIGH_CHURN, AI,
 STYLE, COGNITIVE, MAX_COGNITIVE, FIX_COMMITS, FIX_RATIO, AGE, MAIN_AUTHOR, KNOWLEDGE_LOSS) = range(21)
#: Initial column widths (pixels at 96 dpi), chosen so every column fits a 1500-pixel window.
WIDTHS = (224, 72, 56, 74, 56, 40, 66, 60, 58, 76, 74, 72, 112, 48, 70, 60, 76, 64, 48, 150, 96)
#: The AI filter's choices: (text, labels shown; None = every file)
AI_FILTERS: list[tuple[str, frozenset[str] | None]] = [
    ("All files", None),
    ("AI: disclosed", AI_MARKED),
]
if load_model().allow_possible:  # only offered when the style model's evaluation allows the label
    AI_FILTERS += [("AI: disclosed or possible", frozenset({AiLabel.DISCLOSED, AiLabel.LIKELY, AiLabel.POSSIBLE})),
                   ("AI: style only (weak)", frozenset({AiLabel.LIKELY, AiLabel.POSSIBLE}))]
_NUMERIC_ATTRIBUTES = {SLOC: "sloc", COMPLEXITY: "complexity", MAX_CC: "max_complexity", MI: "maintainability",
                       REVISIONS: "revisions", CHURN: "churn", AUTHORS: "authors", RECENT: "window_revisions",
                       HOTSPOT: "hotspot_score", HIGH_CHURN: "high_churn", COGNITIVE: "cognitive",
                       MAX_COGNITIVE: "max_cognitive", FIX_COMMITS: "fix_commits", FIX_RATIO: "fix_ratio"}


#: Columns whose worst values are the largest: the first click on their header sorts descending.
WORST_FIRST = frozenset({SLOC, COMPLEXITY, MAX_CC, REVISIONS, CHURN, AUTHORS, RECENT, HOTSPOT, HIGH_CHURN, STYLE})


def _display(column: int, record: FileRecord, value: Any = None) -> str:
    value = COLUMNS[column][2](record) if value is None else value
    if column == MI:
        return "" if value is None else f"{value:.0f}"
    if column in (COGNITIVE, MAX_COGNITIVE) and value is None:
        return ""  # unknown: a language lizard measures, or a file the parser rejected
    if column == HOTSPOT:
        return f"{value:.2f}" if value else ""
    if column == HIGH_CHURN:
        return "yes" if value else ""
    if column == STYLE:
        return "" if value is None else f"{value:.2f}"
    if column == FIX_RATIO:
        return "" if value is None else f"{value:.0%}"
    if column == AGE:
        return "" if value is None else f"{value:,.0f}"
    if column == KNOWLEDGE_LOSS:
        return "" if value is None else f"{100 * value:.0f}%"
    if column == MAIN_AUTHOR:
        share = record.line_origins.main_author_share if record.line_origins else None
        return f"{shown(value)} ({100 * share:.0f}%)" if value and share is not None else shown(str(value))
    if column == AI:
        if not record.ai or record.ai.label is AiLabel.NONE:
            return ""
        return f"{record.ai.label} ({record.ai.confidence})"
    if isinstance(value, int) and column != PATH:
        return f"{value:,}"
    return shown(str(value))  # Qt drops undecodable path bytes: show them as \xNN


def _sort_value(column: int, record: FileRecord) -> Any:
    value = COLUMNS[column][2](record)
    if column in (PATH, LANGUAGE, AI, MAIN_AUTHOR):
        return str(value).lower()
    if value is None:
        return -1.0
    return float(value)


class FileTableModel(QAbstractTableModel):
    """Read-only table over ``ScanResult.files``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: tuple[FileRecord, ...] = ()
        self._base: tuple[FileRecord, ...] = ()
        self._keys: dict[int, list] = {}
        self._period: str | None = None
        self._activity: dict[str, tuple[int, int]] = {}

    def set_result(self, result: ScanResult | None) -> None:
        self.beginResetModel()
        self._records = result.files if result is not None else ()
        self._base = self._records
        self._keys = {}
        self._period, self._activity = None, {}
        self.endResetModel()

    def set_period(self, period: str | None, activity: dict[str, tuple[int, int]] | None = None) -> None:
        """Show ``period``'s own revisions and churn (``activity``: path -> (revisions, lines)); ``None``: all time."""
        self._period, self._activity = period, dict(activity or {})
        self._keys.pop(REVISIONS, None)
        self._keys.pop(CHURN, None)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, REVISIONS, CHURN)
        if self._records:
            self.dataChanged.emit(self.index(0, REVISIONS), self.index(len(self._records) - 1, CHURN))

    @property
    def period(self) -> str | None:
        return self._period

    @property
    def activity(self) -> dict[str, tuple[int, int]]:
        """The period's own (revisions, lines) per path; empty without a period."""
        return self._activity

    def value(self, column: int, record: FileRecord) -> Any:
        """The raw value shown in ``column`` (numbers stay numbers: CSV export writes these)."""
        if self._period is not None and column in (REVISIONS, CHURN):
            revisions, churn = self._activity.get(record.path, (0, 0))
            return revisions if column == REVISIONS else churn
        return COLUMNS[column][2](record)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python on precomputed keys: one C-level list sort, milliseconds at 20,000 rows.

        Qt's proxy sort would call back into Python for every comparison (seconds at that size).
        Ties are broken by path, so the order is stable and predictable.
        """
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self._records
        keys = self._keys.get(column)
        if keys is None:  # per column, aligned with the scan's own order; computed once
            attribute = _NUMERIC_ATTRIBUTES.get(column)
            if self._period is not None and column in (REVISIONS, CHURN):
                keys = [(float(self.value(column, record)), record.path) for record in self._base]
            elif attribute is not None:
                keys = [(-1.0 if (value := getattr(record, attribute)) is None else value, record.path)
                        for record in self._base]
            else:
                keys = [(_sort_value(column, record), record.path) for record in self._base]
            self._keys[column] = keys
        ordering = sorted(range(len(self._base)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self._records = tuple(self._base[i] for i in ordering)
        position = {id(record): row for row, record in enumerate(before)}
        new_row = [0] * len(before)
        for new, base_index in enumerate(ordering):
            new_row[position[id(self._base[base_index])]] = new
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [self.index(new_row[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def record(self, row: int) -> FileRecord:
        return self._records[row]

    def row_of(self, path: str) -> int:
        for row, record in enumerate(self._records):
            if record.path == path:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(column, record, self.value(column, record) if self._period is not None else None)
        if role == SORT_ROLE:
            return _sort_value(column, record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (PATH, LANGUAGE, AI, MAIN_AUTHOR):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == AI and record.ai:
            return QBrush(QColor(AI_COLOURS.get(record.ai.label, "#888888")))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PATH and not record.parsed and record.unparsed_reason:
                return f"{shown(record.path)}\nnot parsed: {record.unparsed_reason}"
            if column == AI and record.ai:
                return "\n".join(f"{s.signal} ({s.weight:+.2f}): {s.detail}" for s in record.ai.evidence[:8]) or None
            return shown(record.path) if column == PATH else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        in_period = self._period is not None and section in (REVISIONS, CHURN)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{COLUMNS[section][0]} {self._period}" if in_period else COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            if in_period:
                return (f"{'Non-merge commits that changed the file' if section == REVISIONS else 'Lines added + deleted'}"
                        f" during {self._period} only (the period filter is on; clear it for all-time figures)")
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.DescendingOrder if section in WORST_FIRST else Qt.SortOrder.AscendingOrder
        return None


class FileFilterProxy(QSortFilterProxyModel):
    """Text, language, AI label, high-churn, attracts-fixes, folder, period and top-N filters over :class:`FileTableModel`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self._text = ""
        self._language = ""
        self._ai_labels: frozenset[str] | None = None
        self._high_churn_only = False
        self._folder = ""
        self._paths: frozenset[str] | None = None
        self._top: int = 0
        self._hidden_scopes: frozenset[Scope] = frozenset()
        self._scope_of: dict[str, Scope] = {}
        self._attracts_fixes = False
        self._any = False

    def set_filters(self, *, text: str | None = None, language: str | None = None, ai_labels: frozenset[str] | None | bool = False,
                    high_churn_only: bool | None = None, folder: str | None = None,
                    paths: frozenset[str] | None | bool = False, top: int | None = None,
                    hidden_scopes: frozenset[Scope] | None = None, attracts_fixes: bool | None = None) -> None:
        """Change any of the filters (``paths=None`` clears the period filter) and re-filter once."""
        modern = hasattr(self, "beginFilterChange")  # Qt >= 6.9; invalidateFilter() is deprecated there
        if modern:
            self.beginFilterChange()
        if text is not None:
            self._text = text.lower()
        if language is not None:
            self._language = language
        if not isinstance(ai_labels, bool):  # False (the default) means "leave as it is"
            self._ai_labels = ai_labels
        if high_churn_only is not None:
            self._high_churn_only = high_churn_only
        if folder is not None:
            self._folder = folder.rstrip("/") + "/" if folder else ""
        if not isinstance(paths, bool):
            self._paths = paths
        if top is not None:
            self._top = top
        if hidden_scopes is not None:
            self._hidden_scopes = hidden_scopes
        if attracts_fixes is not None:
            self._attracts_fixes = attracts_fixes
        self._any = self._active()
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the source model (fast); the proxy keeps the source's order."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def _active(self) -> bool:
        return bool(self._top or self._folder or self._hidden_scopes or self._text or self._language
                    or self._high_churn_only or self._ai_labels is not None or self._paths is not None
                    or self._attracts_fixes)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if not self._any:
            return True
        model = cast(FileTableModel, self.sourceModel())
        record = model.record(row)
        if self._top and (record.hotspot_rank is None or record.hotspot_rank > self._top):
            return False
        if self._folder and not record.path.startswith(self._folder):
            return False
        if self._text and self._text not in record.path.lower():
            return False
        if self._language and record.language != self._language:
            return False
        if self._high_churn_only and not record.high_churn:
            return False
        if self._ai_labels is not None and not (record.ai and record.ai.label in self._ai_labels):
            return False
        if self._paths is not None and record.path not in self._paths:
            return False
        if self._hidden_scopes:
            scope = self._scope_of.get(record.path)
            if scope is None:
                scope = self._scope_of[record.path] = scope_of(record.path)
            if scope in self._hidden_scopes:
                return False
        return not (self._attracts_fixes and not attracts_fixes(record))

    @property
    def hidden_scopes(self) -> frozenset[Scope]:
        return self._hidden_scopes
