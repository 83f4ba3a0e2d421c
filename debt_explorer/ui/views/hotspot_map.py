"""The hotspot map: change frequency against complexity (a scatter) beside a treemap of the code."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from debt_explorer.core.models import ScanResult
from debt_explorer.ui.theme import AI_COLOURS, plot_colours
from debt_explorer.ui.views.treemap import TreemapWidget


class HotspotMapView(QWidget):
    fileClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths: list[str] = []
        background, foreground = plot_colours()
        self.scatter_plot = pg.PlotWidget(background=background)
        item = self.scatter_plot.getPlotItem()
        item.setTitle("Change frequency vs complexity (size = SLOC, colour = AI label)", color=foreground, size="10pt")
        item.setLabel("bottom", "1 + revisions in the hotspot window (log scale)", color=foreground)
        item.setLabel("left", "complexity (log scale)", color=foreground)
        item.getAxis("bottom").setLogMode(True)  # points are placed at log10 values; ticks read as counts
        item.getAxis("left").setLogMode(True)
        item.showGrid(x=True, y=True, alpha=0.2)
        for name in ("left", "bottom"):
            item.getAxis(name).setTextPen(foreground)
        self.scatter_plot.setToolTip("Top right: complex files that keep changing -- the hotspots. Click a point to open the file.")
        self.scatter = pg.ScatterPlotItem(hoverable=True, tip=self._tip)
        self.scatter.sigClicked.connect(self._clicked)
        item.addItem(self.scatter)
        self.highlight = pg.ScatterPlotItem(size=22, pen=pg.mkPen("#f1c40f", width=3), brush=None)
        item.addItem(self.highlight)
        legend = item.addLegend(offset=(-8, 8), labelTextColor=foreground, labelTextSize="8pt")
        for label in ("disclosed", "likely", "possible", "none"):
            legend.addItem(pg.ScatterPlotItem(brush=AI_COLOURS[label], size=9, pen=None), f"AI: {label}")

        self.treemap = TreemapWidget()
        self.treemap.fileClicked.connect(self.fileClicked)
        self.colour_by = QComboBox()
        self.colour_by.addItems(["Colour: hotspot score", "Colour: AI share", "Colour: knowledge loss",
                                 "Colour: line age"])
        self.colour_by.currentIndexChanged.connect(
            lambda i: self.treemap.set_colour_by(("hotspot", "ai", "loss", "age")[i]))
        self.breadcrumb = QLabel("all files")
        up = QPushButton("Up")
        up.setToolTip("Zoom out one folder (or right-click the map)")
        up.clicked.connect(self.treemap.zoom_out)
        self.treemap.zoomChanged.connect(lambda p: self.breadcrumb.setText(p or "all files"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Treemap of SLOC:"))
        bar.addWidget(self.breadcrumb, 1)
        bar.addWidget(up)
        bar.addWidget(self.colour_by)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.treemap, 1)
        hint = QLabel("Double-click a folder to zoom in; click a file to open it.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        right_layout.addWidget(hint)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.scatter_plot)
        self.splitter.addWidget(right)
        self.splitter.setSizes([600, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._records: dict[str, object] = {}

    def set_result(self, result: ScanResult | None) -> None:
        self.treemap.set_result(result)
        files = [f for f in (result.files if result else ()) if f.complexity > 0]
        self.paths = [f.path for f in files]
        self._records = {f.path: f for f in files}
        if not files:
            self.scatter.clear()
            self.highlight.clear()
            return
        x = np.log10(np.array([max(f.window_revisions, 0) + 1 for f in files], dtype=float))
        y = np.log10(np.array([max(f.complexity, 1) for f in files], dtype=float))
        biggest = max(f.sloc for f in files) or 1
        # Sizes in 3-pixel steps and one brush per label: pyqtgraph renders each distinct symbol once.
        sizes = [6 + 3 * round(22 * math.sqrt(f.sloc / biggest) / 3) for f in files]
        palette = {label: pg.mkBrush(colour + "c0") for label, colour in AI_COLOURS.items()}
        brushes = [palette.get(f.ai.label if f.ai else None, palette[None]) for f in files]
        self.scatter.setData(x=x, y=y, size=sizes, brush=brushes, pen=pg.mkPen("#20262b", width=0.5), data=self.paths)
        self.highlight.clear()

    def _tip(self, x: float, y: float, data: str) -> str:
        record = self._records.get(data)
        if record is None:
            return data
        return (f"{record.path}\nrecent revisions {record.window_revisions} · complexity {record.complexity:,}"
                f" · SLOC {record.sloc:,}\nhotspot score {record.hotspot_score:.2f}")

    def _clicked(self, item: pg.ScatterPlotItem, points: list, event: object = None) -> None:
        if len(points):
            self.select(points[0].data())
            self.fileClicked.emit(points[0].data())

    def select(self, path: str | None) -> None:
        self.treemap.select(path)
        record = self._records.get(path or "")
        if record is None:
            self.highlight.clear()
            return
        self.highlight.setData(x=[math.log10(record.window_revisions + 1)], y=[math.log10(max(record.complexity, 1))])
