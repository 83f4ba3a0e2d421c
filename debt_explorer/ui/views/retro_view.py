"""The one-page retrospective for a shared screen: two periods, big numbers with arrows, findings, moved files.

The window width (a period, or the last 2 quarters against the 2 before, ...) and the two windows are chosen at
the top; the default pair follows :func:`debt_explorer.core.retro.default_periods` (windows with enough activity
to compare), and a window too small to compare is named in a warning line above the cards.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from debt_explorer.core.models import ScanResult
from debt_explorer.core.retro import Retrospective, compare_periods, default_periods, spans
from debt_explorer.ui.views.trends import TrendsView

CARDS = [("complexity", "Complexity", False, True), ("sloc", "SLOC", False, True), ("churn", "Churn", False, True),
         ("maintenance_share", "Maintenance share", True, True), ("ai_commit_share", "AI commit share", True, True),
         ("hotspots", "Hotspots", False, True), ("knowledge_loss_share", "Knowledge loss", True, True)]


class RetroView(QWidget):
    fileActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ScanResult | None = None
        self.retro: Retrospective | None = None
        self.before, self.after, self.span = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.before, self.after):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.span.setToolTip("Compare single periods, or wider windows when single periods are too quiet to compare")
        self.span.currentIndexChanged.connect(lambda _: self._fill_windows())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("<b>Retrospective</b>"))
        bar.addWidget(self.span)
        bar.addWidget(QLabel("compare"))
        bar.addWidget(self.before)
        bar.addWidget(QLabel("with"))
        bar.addWidget(self.after)
        bar.addStretch(1)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("QLabel { background: #fff8c5; color: #5c4400; padding: 4px; }")
        self.warning.hide()
        self.cards: dict[str, QLabel] = {}
        grid = QGridLayout()
        for index, (key, title, _, _) in enumerate(CARDS):
            card = QLabel()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setAlignment(Qt.AlignmentFlag.AlignCenter)
            card.setTextFormat(Qt.TextFormat.RichText)
            card.setMinimumHeight(90)
            card.setToolTip(title)
            self.cards[key] = card
            grid.addWidget(card, 0, index)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.lists: dict[str, tuple[QListView, QStringListModel]] = {}
        lists = QHBoxLayout()
        for key, title in (("new_hotspots", "New hotspots"), ("left_hotspots", "Left the hotspot list"),
                           ("complexity_up", "Complexity up"), ("complexity_down", "Complexity down"),
                           ("churn_jumps", "Churn jumped"), ("new_ai_files", "New AI-created files"),
                           ("fixes_rose", "Fixes rose")):
            model = QStringListModel()
            view = QListView()
            view.setModel(model)
            view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
            view.setToolTip("Double-click (or Enter) to open the file")
            view.activated.connect(lambda index, m=model: self._activate(m.data(index)))
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(view)
            lists.addLayout(box)
            self.lists[key] = (view, model)
        self.trends = TrendsView()
        top = QWidget()
        column = QVBoxLayout(top)
        column.addLayout(bar)
        column.addWidget(self.warning)
        column.addLayout(grid)
        column.addWidget(self.findings)
        column.addLayout(lists, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.trends)
        split.setSizes([480, 420])
        QVBoxLayout(self).addWidget(split)

    def set_result(self, result: ScanResult | None) -> None:
        self.result = result
        self.trends.set_result(result)
        self.span.blockSignals(True)
        self.span.clear()
        for width, text in spans(result) if result is not None else []:
            if result is not None and len(result.periods) >= 2 * width:
                self.span.addItem(text, width)
        self.span.blockSignals(False)
        self._fill_windows()

    def span_width(self) -> int:
        return int(self.span.currentData() or 1)

    def _fill_windows(self) -> None:
        """Offer every window of the chosen width (named by its periods) and pick the default pair."""
        result, width = self.result, self.span_width()
        labels = [p.period for p in result.periods] if result else []
        for combo in (self.before, self.after):
            combo.blockSignals(True)
            combo.clear()
            for index in range(width - 1, len(labels)):
                name = labels[index] if width == 1 else f"{labels[index - width + 1]}–{labels[index]}"
                combo.addItem(name, labels[index])
            combo.blockSignals(False)
        if result is not None and len(labels) >= 2 * width:
            before, after = default_periods(result, width)
            self.before.setCurrentIndex(self.before.findData(before))
            self.after.setCurrentIndex(self.after.findData(after))
        self.refresh()

    def chosen(self) -> tuple[str, str, int] | None:
        """(last period of the before window, of the after window, width), or ``None`` without a valid pair."""
        before, after = self.before.currentData(), self.after.currentData()
        if self.result is None or before is None or after is None or before == after:
            return None
        return str(before), str(after), self.span_width()

    def _activate(self, text: str) -> None:
        if text and text != NONE:
            self.fileActivated.emit(text.split("  ")[0])

    def refresh(self) -> None:
        chosen = self.chosen()
        if chosen is None or self.result is None:  # chosen() is None without a result: for the type checker
            self.retro = None
            self.warning.hide()
            for key, title, _, _ in CARDS:
                self.cards[key].setText(f"<div style='font-size:11pt'>{title}</div><div style='color:#888888'>–</div>")
            for _, model in self.lists.values():
                model.setStringList([])
            self.findings.setText("No scan yet." if self.result is None else
                                  "A retrospective needs two different periods: this scan has "
                                  f"{len(self.result.periods)}." if len(self.result.periods) < 2 else
                                  "Choose two different periods to compare.")
            return
        before, after, width = chosen
        self.retro = compare_periods(self.result, before, after, span=width)
        a, b = self.retro.before, self.retro.after
        for key, title, percent, up_is_bad in CARDS:
            old, new = getattr(a, key), getattr(b, key)
            self.cards[key].setText(_card(title, old, new, percent, up_is_bad))
        self.warning.setText("⚠ " + "<br>⚠ ".join(html.escape(w) for w in self.retro.warnings))
        self.warning.setVisible(bool(self.retro.warnings))
        self.findings.setText("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in self.retro.findings) + "</ul>")
        entries = {
            "new_hotspots": list(self.retro.new_hotspots), "left_hotspots": list(self.retro.left_hotspots),
            "complexity_up": [f"{d.path}  {d.before} → {d.after}" for d in self.retro.complexity_up],
            "complexity_down": [f"{d.path}  {d.before} → {d.after}" for d in self.retro.complexity_down],
            "churn_jumps": [f"{d.path}  {d.before} → {d.after} lines" for d in self.retro.churn_jumps],
            "new_ai_files": list(self.retro.new_ai_files),
            "fixes_rose": [f"{d.path}  {d.before} → {d.after} fix commits" for d in self.retro.fixes_rose]}
        for key, (_, model) in self.lists.items():
            model.setStringList(entries[key] or [NONE])


NONE = "— none in these periods —"


def _card(title: str, old: float | None, new: float | None, percent: bool, up_is_bad: bool) -> str:
    def fmt(value: float | None) -> str:
        if value is None:
            return "–"
        return f"{100 * value:.0f}%" if percent else f"{value:,.0f}"

    if old is None or new is None:
        arrow, colour, delta = "", "#888888", ""
    else:
        change = new - old
        arrow = "▲" if change > 0 else "▼" if change < 0 else "＝"
        colour = "#888888" if change == 0 else ("#c0392b" if (change > 0) == up_is_bad else "#1e8449")
        delta = f"{100 * change:+.0f} pts" if percent else f"{change:+,.0f}"
    return (f"<div style='font-size:11pt'>{title}</div><div style='font-size:24pt;font-weight:600'>{fmt(new)}</div>"
            f"<div style='color:{colour};font-size:12pt'>{arrow} {delta} <span style='color:#888888'>(was {fmt(old)})"
            "</span></div>")
