"""The session: what the window is looking at, in one object that views observe.

One :class:`Session` per main window holds the open repository, the current :class:`ScanResult`, the selected
file, the selected period and the Back/Forward history. It only *records* state and announces changes through Qt
signals; it never touches a widget. Views subscribe to its signals and ask it to change (``select_file``,
``select_period``, ``go``); no view reaches into another view or into the window's attributes to do so
(git-cola's model/observer split, napari's layer events).

Signals, in the order a change emits them:

- ``resultChanged(result)``: a new result (or ``None``); selection, period and history are reset first.
- ``fileSelected(path)``: the file every view shows (``""`` when none).
- ``periodSelected(period)``: the period label the views filter to, or ``None``.
- ``historyChanged()``: Back/Forward availability may have changed.
- ``navigated(kind, value)``: emitted by ``go`` *before* the entry is re-applied, so a window can switch tabs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal

from debt_explorer.core.models import ScanResult

__all__ = ["Entry", "Kind", "Session"]


class Kind(str, Enum):
    FILE = "file"
    PERIOD = "period"


@dataclass(frozen=True, slots=True)
class Entry:
    """One step of the Back/Forward history."""

    kind: Kind
    value: str


class Session(QObject):
    resultChanged = Signal(object)  # ScanResult | None
    fileSelected = Signal(str)
    periodSelected = Signal(object)  # str | None
    historyChanged = Signal()
    navigated = Signal(str, str)  # kind, value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo_path = ""
        self.result: ScanResult | None = None
        self.file = ""
        self.period: str | None = None
        self.history: list[Entry] = []
        self.history_index = -1

    # -- result ----------------------------------------------------------------------------------
    def set_result(self, result: ScanResult | None, repo_path: str | None = None) -> None:
        """Make ``result`` current: selection, period and history start afresh, then every view hears it."""
        if repo_path is not None:
            self.repo_path = repo_path
        self.result = result
        self.file, self.period = "", None
        self.history, self.history_index = [], -1
        self.resultChanged.emit(result)
        self.historyChanged.emit()

    # -- selection -------------------------------------------------------------------------------
    def has_file(self, path: str) -> bool:
        return self.result is not None and self.result.file(path) is not None

    def select_file(self, path: str, remember: bool = True) -> bool:
        """Select a file of the current result; False (and nothing emitted) for a path the result lacks."""
        if not self.has_file(path):
            return False
        self.file = path
        self.fileSelected.emit(path)
        if remember:
            self._remember(Entry(Kind.FILE, path))
        return True

    def select_period(self, period: str | None, remember: bool = True) -> None:
        """Filter to ``period`` (a label of the result's periods); an unknown label or ``None`` clears it."""
        if self.result is None:
            return
        known = period if any(p.period == period for p in self.result.periods) else None
        self.period = known
        self.periodSelected.emit(known)
        if known is not None and remember:
            self._remember(Entry(Kind.PERIOD, known))

    # -- history ---------------------------------------------------------------------------------
    def can_go(self, step: int) -> bool:
        return 0 <= self.history_index + step < len(self.history)

    def go(self, step: int) -> None:
        """Walk the history ``step`` entries (negative: Back) and re-apply the entry found there."""
        if not self.can_go(step):
            return
        self.history_index += step
        entry = self.history[self.history_index]
        self.navigated.emit(entry.kind.value, entry.value)
        if entry.kind is Kind.FILE:
            self.select_file(entry.value, remember=False)
        else:
            self.select_period(entry.value, remember=False)
        self.historyChanged.emit()

    def _remember(self, entry: Entry) -> None:
        if self.history_index >= 0 and self.history[self.history_index] == entry:
            return
        self.history = self.history[:self.history_index + 1] + [entry]
        self.history_index = len(self.history) - 1
        self.historyChanged.emit()
