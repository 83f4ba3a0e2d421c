"""The file detail's "Ownership & age" tab: who owns the file's current lines, how old they are, how many AI wrote.

Reads ``FileRecord.line_origins`` (line provenance, docs/provenance.md); no git here.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from debt_explorer.core.models import FileRecord
from debt_explorer.ui.theme import SERIES, plot_colours

AGE_BANDS = ("≤ 90 days", "≤ 1 year", "≤ 2 years", "older")


class OwnershipTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.owners_model = QStandardItemModel(0, 3)
        self.owners_model.setHorizontalHeaderLabels(["Author", "Lines", "Share"])
        self.owners = QTableView()
        self.owners.setModel(self.owners_model)
        self.owners.verticalHeader().hide()
        self.owners.horizontalHeader().setStretchLastSection(True)
        self.owners.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.owners.setToolTip("Current lines per author (the author of the commit that wrote each line; bots left out)")
        background, foreground = plot_colours()
        self.ages = pg.PlotWidget(background=background)
        item = self.ages.getPlotItem()
        item.setTitle("Lines by age", color=foreground, size="10pt")
        item.setMenuEnabled(False)
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.getAxis("bottom").setTicks([list(enumerate(AGE_BANDS))])
        for name in ("left", "bottom"):
            item.getAxis(name).setTextPen(foreground)
            item.getAxis(name).setPen(foreground)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.owners)
        split.addWidget(self.ages)
        split.setSizes([420, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.clear()

    def clear(self) -> None:
        self.summary.setText("Ownership and age come from line provenance.")
        self.owners_model.removeRows(0, self.owners_model.rowCount())
        self.ages.getPlotItem().clear()

    def show_record(self, record: FileRecord) -> None:
        self.clear()
        origins = record.line_origins
        if origins is None:
            self.summary.setText("No line provenance for this file (binary, or the scan ran with --no-lines).")
            return
        main = (f"main author <b>{html.escape(origins.main_author)}</b> ({100 * origins.main_author_share:.0f}% of "
                f"the lines)" if origins.main_author and origins.main_author_share is not None else "no human author")
        loss = ("" if origins.knowledge_loss_share is None else
                f" · <b>{100 * origins.knowledge_loss_share:.0f}%</b> of the lines by authors no longer active")
        ai = ("" if origins.ai_line_share is None else
              f" · AI-written: <b>{origins.ai_lines or 0:,}</b> lines ({100 * origins.ai_line_share:.0f}%)")
        bots = f" · bot lines {origins.bot_lines:,}" if origins.bot_lines else ""
        age = "" if origins.median_age_days is None else f" · median age <b>{origins.median_age_days:,.0f}</b> days"
        self.summary.setText(f"{origins.lines:,} lines{age} · {main}{loss}{ai}{bots}")
        for owner in origins.owners:
            lines = QStandardItem(f"{owner.lines:,}")
            lines.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            share = QStandardItem(f"{100 * owner.share:.1f}%")
            share.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.owners_model.appendRow([QStandardItem(owner.author), lines, share])
        item = self.ages.getPlotItem()
        heights = np.array(origins.age_bands, dtype=float)
        colour = pg.mkColor(SERIES["complexity"])
        item.addItem(pg.BarGraphItem(x=np.arange(len(AGE_BANDS), dtype=float), height=heights, width=0.7,
                                     brush=pg.mkBrush(colour), pen=None))
        item.getViewBox().setXRange(-0.6, len(AGE_BANDS) - 0.4, padding=0)
