"""The hotspot map: change frequency against complexity (a scatter) beside a treemap of the code.

The scatter has dashed guides at the median revisions and median complexity, a label in each quadrant
(top right: "refactor here"), the names of the top hotspots beside their points, plain tick labels
(1, 10, 100 -- not powers of ten), and a legend under the plot (not over its points) listing only the AI
labels this scan emitted.  The treemap has a colour scale that says what its colours mean.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from debt_explorer.core.models import FileRecord, ScanResult
from debt_explorer.ui.theme import AI_COLOURS, plot_colours
from debt_explorer.ui.views.treemap import AuthorKeyLabel, ColourScale, TreemapWidget

QUADRANTS = (("refactor here: complex and changing", 1, 1), ("complex but stable", 0, 1),
             ("changing but simple", 1, 0), ("simple and stable", 0, 0))
TOP_LABELS = 5


class PlainLogAxis(pg.AxisItem):
    """A log-scale axis whose ticks read as plain numbers (1, 10, 100, 1,000)."""

    def __init__(self, orientation: str, offset: float = 0.0) -> None:
        super().__init__(orientation=orientation)
        self.offset = offset  # the x axis shows 1 + revisions: its ticks subtract nothing, the label says so

    def logTickStrings(self, values: list, scale: float, spacing: float) -> list[str]:
        return [f"{10 ** value - self.offset:,.0f}" if 10 ** value >= 0.999 else "" for value in values]


class HotspotMapView(QWidget):
    fileClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths: list[str] = []
        background, foreground = plot_colours()
        self.scatter_plot = pg.PlotWidget(background=background, axisItems={
            "bottom": PlainLogAxis("bottom"), "left": PlainLogAxis("left")})
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
        self.legend = QLabel("")  # under the plot: a legend inside it would cover points
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.guides = [pg.InfiniteLine(angle=angle, movable=False, pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine))
                       for angle in (90, 0)]
        for guide in self.guides:
            item.addItem(guide, ignoreBounds=True)
        self.quadrant_labels = [pg.TextItem(text, color="#888888", anchor=(right, 1 - top))
                                for text, right, top in QUADRANTS]
        self.top_labels: list[pg.TextItem] = []
        self.empty = pg.TextItem("No code file with complexity to plot", color="#888888", anchor=(0.5, 0.5))
        for label in (*self.quadrant_labels, self.empty):
            item.addItem(label, ignoreBounds=True)

        self.y_metric = QComboBox()
        self.y_metric.addItems(["Y: cyclomatic complexity", "Y: cognitive complexity"])
        self.y_metric.setToolTip("What the vertical axis shows: Σ cyclomatic or Σ cognitive complexity per file")
        self.y_metric.currentIndexChanged.connect(lambda _index: self.set_result(self._result))
        self._result: ScanResult | None = None
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.y_metric, 0, Qt.AlignmentFlag.AlignRight)
        left_layout.addWidget(self.scatter_plot, 1)

        self.treemap = TreemapWidget()
        self.treemap.fileClicked.connect(self.fileClicked)
        self.colour_by = QComboBox()
        self.colour_by.addItems(["Colour: hotspot score", "Colour: AI share", "Colour: fix ratio",
                                 "Colour: knowledge loss", "Colour: line age", "Colour: main author"])
        self.colour_by.currentIndexChanged.connect(
            lambda i: self.treemap.set_colour_by(("hotspot", "ai", "fix", "loss", "age", "author")[max(0, i)]))
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
        self.scale = ColourScale()
        self.treemap.colourByChanged.connect(self.scale.set_mode)
        right_layout.addWidget(self.scale)
        self.author_key = AuthorKeyLabel()  # replaces the scale while the map is coloured by main author
        self.author_key.hide()
        self.treemap.colourByChanged.connect(self._show_key)
        right_layout.addWidget(self.author_key)
        hint = QLabel("Double-click a folder to zoom in; click a file to open it.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        right_layout.addWidget(hint)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left_layout.addWidget(self.legend)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([600, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._records: dict[str, FileRecord] = {}

    def _show_key(self, mode: str) -> None:
        self.scale.setVisible(mode != "author")
        self.author_key.setVisible(mode == "author")

    def _y(self, record: FileRecord) -> int:
        """The plotted complexity of a file: cyclomatic or cognitive (the combo box's choice; 0 when unknown,
        which leaves the file off the log-scale plot)."""
        return (record.cognitive or 0) if self.y_metric.currentIndex() == 1 else record.complexity

    def set_result(self, result: ScanResult | None) -> None:
        if result is not self._result:
            self.treemap.set_result(result)
            self.author_key.set_key(self.treemap.author_key)
        self._result = result
        cognitive = self.y_metric.currentIndex() == 1
        self.scatter_plot.getPlotItem().setLabel("left", f"{'cognitive' if cognitive else 'cyclomatic'} complexity"
                                                 " (log scale)")
        files = [f for f in (result.files if result else ()) if self._y(f) > 0]
        self.paths = [f.path for f in files]
        self._records = {f.path: f for f in files}
        item = self.scatter_plot.getPlotItem()
        for label in self.top_labels:
            item.removeItem(label)
        self.top_labels = []
        self.legend.setText("")
        self.empty.setVisible(not files)
        for guide in (*self.guides, *self.quadrant_labels):
            guide.setVisible(bool(files))
        if not files:
            self.scatter.clear()
            self.highlight.clear()
            self.empty.setPos(0.5, 0.5)
            return
        x = np.log10(np.array([max(f.window_revisions, 0) + 1 for f in files], dtype=float))
        y = np.log10(np.array([max(self._y(f), 1) for f in files], dtype=float))
        biggest = max(f.sloc for f in files) or 1
        # Sizes in 3-pixel steps and one brush per label: pyqtgraph renders each distinct symbol once.
        sizes = [6 + 3 * round(22 * math.sqrt(f.sloc / biggest) / 3) for f in files]
        palette = {label: pg.mkBrush(colour + "c0") for label, colour in AI_COLOURS.items()}
        brushes = [palette.get(f.ai.label if f.ai else None, palette[None]) for f in files]
        self.scatter.setData(x=x, y=y, size=sizes, brush=brushes, pen=pg.mkPen("#20262b", width=0.5), data=self.paths)
        self.highlight.clear()
        emitted = {f.ai.label if f.ai else "none" for f in files}
        self.legend.setText("Colour = AI label: " + " &nbsp; ".join(
            f"<span style='color:{AI_COLOURS[label]}'>●</span> {label}"
            for label in ("disclosed", "likely", "possible", "none") if label in emitted)
            + " &nbsp; · size = SLOC · dashed lines: medians")
        self._guides(x, y)
        ranked = sorted((f for f in files if f.hotspot_rank is not None), key=lambda f: f.hotspot_rank or 0)[:TOP_LABELS]
        for record in ranked:
            text = pg.TextItem(record.path.rsplit("/", 1)[-1], color=plot_colours()[1], anchor=(-0.1, 1))
            text.setPos(math.log10(record.window_revisions + 1), math.log10(max(record.complexity, 1)))
            item.addItem(text)
            self.top_labels.append(text)

    def _guides(self, x: np.ndarray, y: np.ndarray) -> None:
        """Median guides and the quadrant names, placed in the corners of the data's range."""
        self.guides[0].setValue(float(np.median(x)))
        self.guides[1].setValue(float(np.median(y)))
        spans = ((float(x.min()) - 0.06, float(x.max()) + 0.35), (float(y.min()) - 0.08, float(y.max()) + 0.12))
        box = self.scatter_plot.getPlotItem().getViewBox()
        box.setRange(xRange=spans[0], yRange=spans[1], padding=0)
        for label, (_, right, top) in zip(self.quadrant_labels, QUADRANTS):
            label.setPos(spans[0][right], spans[1][top])

    def _tip(self, x: float, y: float, data: str) -> str:
        record = self._records.get(data)
        if record is None:
            return data
        return (f"{record.path}\nrecent revisions {record.window_revisions} · complexity {record.complexity:,}"
                f" · cognitive {'unknown' if record.cognitive is None else f'{record.cognitive:,}'}"
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
        self.highlight.setData(x=[math.log10(record.window_revisions + 1)], y=[math.log10(max(self._y(record), 1))])
