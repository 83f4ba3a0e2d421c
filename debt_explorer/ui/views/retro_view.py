"""The one-page retrospective for a shared screen: two periods, big numbers with arrows, findings, moved files."""

from __future__ import annotations

import html

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QListView, QSplitter,
                               QVBoxLayout, QWidget)

from debt_explorer.core.models import ScanResult
from debt_explorer.core.retro import Retrospective, compare_periods, default_periods
from debt_explorer.ui.views.trends import TrendsView

CARDS = [("complexity", "Complexity", False, True), ("sloc", "SLOC", False, True), ("churn", "Churn", False, True),
         ("maintenance_share", "Maintenance share", True, True), ("ai_commit_share", "AI commit share", True, True),
         ("hotspots", "Hotspots", False, True)]


class RetroView(QWidget):
    fileActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ScanResult | None = None
        self.retro: Retrospective | None = None
        self.before, self.after = QComboBox(), QComboBox()
        for combo in (self.before, self.after):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("<b>Retrospective</b>  compare"))
        bar.addWidget(self.before)
        bar.addWidget(QLabel("with"))
        bar.addWidget(self.after)
        bar.addStretch(1)
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
            view.activated.connect(lambda index, m=model: self.fileActivated.emit(m.data(index).split("  ")[0]))
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(view)
            lists.addLayout(box)
            self.lists[key] = (view, model)
        self.trends = TrendsView()
        top = QWidget()
        column = QVBoxLayout(top)
        column.addLayout(bar)
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
        labels = [p.period for p in result.periods] if result else []
        for combo in (self.before, self.after):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(labels)
            combo.blockSignals(False)
        if result is not None and len(labels) >= 2:
            before, after = default_periods(result)
            self.before.setCurrentText(before)
            self.after.setCurrentText(after)
        self.refresh()

    def refresh(self) -> None:
        result = self.result
        if result is None or len(result.periods) < 2 or self.before.currentText() == self.after.currentText():
            self.retro = None
            self.findings.setText("A retrospective needs two different periods.")
            return
        self.retro = compare_periods(result, self.before.currentText(), self.after.currentText())
        a, b = self.retro.before, self.retro.after
        for key, title, percent, up_is_bad in CARDS:
            old, new = getattr(a, key), getattr(b, key)
            self.cards[key].setText(_card(title, old, new, percent, up_is_bad))
        self.findings.setText("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in self.retro.findings) + "</ul>")
        entries = {
            "new_hotspots": list(self.retro.new_hotspots), "left_hotspots": list(self.retro.left_hotspots),
            "complexity_up": [f"{d.path}  {d.before} → {d.after}" for d in self.retro.complexity_up],
            "complexity_down": [f"{d.path}  {d.before} → {d.after}" for d in self.retro.complexity_down],
            "churn_jumps": [f"{d.path}  {d.before} → {d.after} lines" for d in self.retro.churn_jumps],
            "new_ai_files": list(self.retro.new_ai_files),
            "fixes_rose": [f"{d.path}  {d.before} → {d.after} fix commits" for d in self.retro.fixes_rose]}
        for key, (_, model) in self.lists.items():
            model.setStringList(entries[key] or [])


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
