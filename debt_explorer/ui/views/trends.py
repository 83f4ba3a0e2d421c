"""The quarterly trends: complexity build-up, maintenance burden, AI share, hotspot counts.

Hovering shows the exact values of the period under the mouse in the readout
line above the plots; clicking a period emits :attr:`TrendsView.periodClicked`.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from debt_explorer.core.catalogue import PLOT_TITLES, plot_tooltip
from debt_explorer.core.models import PeriodStats, ScanResult
from debt_explorer.ui.theme import SERIES, plot_colours
from debt_explorer.ui.views.plot_tools import PeriodAxis, add_right_axis, export_plot, make_plot


def _brush(colour: str, alpha: int = 170) -> pg.QtGui.QBrush:
    qcolour = pg.mkColor(colour)
    qcolour.setAlpha(alpha)
    return pg.mkBrush(qcolour)


class TrendsView(QWidget):
    periodClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.periods: tuple[PeriodStats, ...] = ()
        self.selected: str | None = None
        self.readout = QLabel("Hover over a plot to read a period's values; click a period to filter the hotspots.")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.size_metric = QComboBox()
        self.size_metric.addItems(["Complexity", "SLOC"])
        self.size_metric.setToolTip("What the build-up plot stacks: total cyclomatic complexity or source lines")
        self.size_metric.currentIndexChanged.connect(lambda _: self._draw())
        top = QHBoxLayout()
        top.addWidget(self.readout, 1)
        top.addWidget(QLabel("Build-up of"))
        top.addWidget(self.size_metric)
        self.plots = [make_plot(PLOT_TITLES[0], "complexity"), make_plot(PLOT_TITLES[1], "lines changed"),
                      make_plot(PLOT_TITLES[2], "lines changed by AI commits"),
                      make_plot(PLOT_TITLES[3], "files")]
        for index, plot in enumerate(self.plots):  # what each plot draws, from the metric catalogue
            plot.setToolTip(plot_tooltip(index))
        self.share_boxes = [add_right_axis(self.plots[1], "maintenance share %"),
                            add_right_axis(self.plots[2], "AI commit share %")]
        grid = QGridLayout()
        for index, plot in enumerate(self.plots):
            grid.addWidget(plot, index // 2, index % 2)
            plot.getPlotItem().scene().sigMouseMoved.connect(lambda pos, p=plot: self._hover(p, pos))
            plot.getPlotItem().scene().sigMouseClicked.connect(lambda event, p=plot: self._click(p, event))
        # No x-linking: pyqtgraph lines linked views up on screen, which clips plots that carry a right axis.
        self.cursors = [pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine))
                        for _ in self.plots]
        self.markers = [pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#f1c40f", width=3)) for _ in self.plots]
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

    # -- data -----------------------------------------------------------------------------------
    def set_result(self, result: ScanResult | None) -> None:
        self.periods = result.periods if result is not None else ()
        self.selected = None
        self._draw()

    def labels(self) -> list[str]:
        return [p.period for p in self.periods]

    def _draw(self) -> None:
        labels = self.labels()
        x = np.arange(len(labels), dtype=float)
        for plot, cursor, marker in zip(self.plots, self.cursors, self.markers):
            item = plot.getPlotItem()
            item.clear()
            item.getAxis("bottom").set_labels(labels)
            item.addItem(cursor, ignoreBounds=True)
            item.addItem(marker, ignoreBounds=True)
            cursor.hide()
            marker.setVisible(self.selected is not None)
            if item.legend is None:
                background, foreground = plot_colours()
                fill = pg.mkColor(background)
                fill.setAlpha(215)
                item.addLegend(offset=(8, 4), labelTextSize="8pt", labelTextColor=foreground, brush=pg.mkBrush(fill))
            item.legend.clear()  # item.clear() forgets only its own items: lines on the share axes stayed listed
        for box in self.share_boxes:
            box.clear()
        if not labels:
            return
        self._draw_buildup(x)
        self._draw_burden(x)
        self._draw_ai(x)
        self._draw_counts(x)
        self._fit_x()

    def _fit_x(self) -> None:
        """Show every period; re-applied when the view is shown or resized (a hidden tab has no size yet)."""
        count = len(self.periods)
        if not count:
            return
        for plot in self.plots:
            box = plot.getPlotItem().getViewBox()
            box.enableAutoRange(x=False)
            box.setXRange(-0.6, count - 0.4, padding=0)
        for plot, top in zip(self.plots, self._tops()):
            box = plot.getPlotItem().getViewBox()
            box.enableAutoRange(y=False)
            top = top if top > 0 else 1.0
            box.setYRange(-0.04 * top, top * 1.3, padding=0)  # headroom: the legend sits above the data

    def _tops(self) -> list[float]:
        """The highest value each plot draws (its y range is 0 to 1.3 times this)."""
        use_sloc = self.size_metric.currentIndex() == 1
        ps = self.periods
        return [max(float(p.sloc if use_sloc else p.complexity) for p in ps),
                max(float(p.maintenance_churn + p.new_code_churn) for p in ps),
                max(float(p.ai_churn or 0) for p in ps) if any(p.ai_commits for p in ps) else 0.0,
                max(float(max(p.hotspots, p.high_churn_files)) for p in ps)]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_x()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_x()

    def _draw_buildup(self, x: np.ndarray) -> None:
        item = self.plots[0].getPlotItem()
        use_sloc = self.size_metric.currentIndex() == 1
        item.setLabel("left", "SLOC" if use_sloc else "complexity")
        total = np.array([p.sloc if use_sloc else p.complexity for p in self.periods], dtype=float)
        ai_values = [p.ai_sloc if use_sloc else p.ai_complexity for p in self.periods]
        top = pg.PlotDataItem(x, total, pen=pg.mkPen(SERIES["complexity"], width=2), fillLevel=0,
                              brush=_brush(SERIES["complexity"], 110))
        item.addItem(top)
        item.legend.addItem(top, "all code files")
        if all(v is not None for v in ai_values):
            ai_curve = pg.PlotDataItem(np.array(x), np.array(ai_values, dtype=float), pen=pg.mkPen(SERIES["ai"], width=1),
                                       fillLevel=0, brush=_brush(SERIES["ai"], 200))
            item.addItem(ai_curve)
            item.legend.addItem(ai_curve, "AI-marked files")

    def _draw_burden(self, x: np.ndarray) -> None:
        item = self.plots[1].getPlotItem()
        maintenance = np.array([p.maintenance_churn for p in self.periods], dtype=float)
        new = np.array([p.new_code_churn for p in self.periods], dtype=float)
        bars_m = pg.BarGraphItem(x=x, height=maintenance, width=0.7, brush=_brush(SERIES["maintenance"]), pen=None)
        bars_n = pg.BarGraphItem(x=x, y0=maintenance, height=new, width=0.7, brush=_brush(SERIES["new"]), pen=None)
        item.addItem(bars_m)
        item.addItem(bars_n)
        item.legend.addItem(bars_m, "maintenance (rework)")
        item.legend.addItem(bars_n, "new code")
        share = np.array([np.nan if p.maintenance_share is None else 100 * p.maintenance_share for p in self.periods])
        line = pg.PlotDataItem(x, share, pen=pg.mkPen(SERIES["share"], width=2), symbol="o", symbolSize=5,
                               symbolBrush=SERIES["share"], connect="finite")
        self.share_boxes[0].addItem(line)
        self.share_boxes[0].setYRange(-4, 130, padding=0)  # zero and headroom aligned with the left axis
        item.legend.addItem(line, "maintenance share %")

    def _draw_ai(self, x: np.ndarray) -> None:
        item = self.plots[2].getPlotItem()
        item.setTitle(PLOT_TITLES[2], color=plot_colours()[1], size="10pt")
        missing = any(p.ai_commits is None for p in self.periods)
        if missing or not any(p.ai_commits for p in self.periods):
            message = ("No AI attribution data in this scan" if missing else
                       "No AI-attributed commits in this history (no disclosed AI trace found)")
            text = pg.TextItem(message, color="#888888", anchor=(0.5, 0.5))
            item.addItem(text)
            text.setPos(float(len(x) - 1) / 2, 0.5)
            item.setYRange(0, 1)
            return
        total = sum(p.ai_commits or 0 for p in self.periods)
        item.setTitle(f"{PLOT_TITLES[2]}: {total:,} AI commits", color=plot_colours()[1], size="10pt")
        churn = np.array([p.ai_churn or 0 for p in self.periods], dtype=float)
        bars = pg.BarGraphItem(x=x, height=churn, width=0.7, brush=_brush(SERIES["ai"]), pen=None)
        item.addItem(bars)
        item.legend.addItem(bars, "AI churn (lines)")
        share = np.array([100 * (p.ai_commit_share or 0) for p in self.periods], dtype=float)
        line = pg.PlotDataItem(x, share, pen=pg.mkPen(SERIES["share"], width=2), symbol="o", symbolSize=5,
                               symbolBrush=SERIES["share"])
        self.share_boxes[1].addItem(line)
        item.legend.addItem(line, "AI commit share %")
        # team adoption: the share of the period's authors with any AI-attributed commit (a count, never who)
        adoption = np.array([np.nan if p.ai_authors is None or not p.authors else 100 * p.ai_authors / p.authors
                             for p in self.periods], dtype=float)
        dashed = pg.PlotDataItem(x, adoption, pen=pg.mkPen(SERIES["ai"], width=2, style=Qt.PenStyle.DashLine),
                                 symbol="t", symbolSize=6, symbolBrush=SERIES["ai"], connect="finite")
        self.share_boxes[1].addItem(dashed)
        item.legend.addItem(dashed, "authors with AI work %")
        top = max(float(share.max()), float(np.nanmax(adoption)) if np.isfinite(adoption).any() else 0.0)
        self.share_boxes[1].setYRange(0, max(10.0, top * 1.15))

    def _draw_counts(self, x: np.ndarray) -> None:
        item = self.plots[3].getPlotItem()
        for key, name in (("hotspots", "hotspots"), ("high_churn_files", "high-churn files")):
            values = np.array([getattr(p, key) for p in self.periods], dtype=float)
            colour = SERIES["hotspots" if key == "hotspots" else "high_churn"]
            curve = item.plot(x, values, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5, symbolBrush=colour)
            item.legend.addItem(curve, name)

    # -- interaction ---------------------------------------------------------------------------
    def _index_at(self, plot: pg.PlotWidget, scene_pos: QPointF) -> int | None:
        item = plot.getPlotItem()
        if not self.periods or not item.sceneBoundingRect().contains(scene_pos):
            return None
        index = int(round(item.getViewBox().mapSceneToView(scene_pos).x()))  # noqa: RUF046 - pyqtgraph may hand numpy floats, whose round() is a float
        return index if 0 <= index < len(self.periods) else None

    def _hover(self, plot: pg.PlotWidget, pos: QPointF) -> None:
        index = self._index_at(plot, pos)
        for cursor in self.cursors:
            cursor.setVisible(index is not None)
            if index is not None:
                cursor.setValue(index)
        if index is not None:
            self.readout.setText(describe_period(self.periods[index]))

    def _click(self, plot: pg.PlotWidget, event: MouseClickEvent) -> None:
        index = self._index_at(plot, event.scenePos())
        if index is not None:
            self.select_period(self.periods[index].period)

    def select_period(self, label: str | None, emit: bool = True) -> None:
        """Mark a period (``None`` clears) and, by default, tell listeners."""
        labels = self.labels()
        self.selected = label if label in labels else None
        for marker in self.markers:
            marker.setVisible(self.selected is not None)
            if self.selected is not None:
                marker.setValue(labels.index(self.selected))
        if self.selected is not None and emit:
            self.periodClicked.emit(self.selected)

    def export_plot(self, index: int, path: str, title: str | None = None) -> None:
        """Save one plot: titled, without the hover line or the period marker."""
        hidden = [line for line in (self.cursors[index], self.markers[index]) if line.isVisible()]
        for line in hidden:
            line.hide()
        try:
            export_plot(self.plots[index], path, title)
        finally:
            for line in hidden:
                line.show()


def describe_period(p: PeriodStats) -> str:
    share = "–" if p.maintenance_share is None else f"{100 * p.maintenance_share:.0f}%"
    ai = "" if p.ai_commits is None else (f" · AI commits <b>{p.ai_commits}</b> ({100 * (p.ai_commit_share or 0):.0f}%),"
                                         f" AI churn {p.ai_churn:,}, AI-marked files {p.ai_marked_files}"
                                         + (f", authors with AI work {p.ai_authors} of {p.authors}"
                                            if p.ai_authors is not None else "")
                                         + (f", AI lines recorded by the editor {p.ai_recorded_lines:,}"
                                            if p.ai_recorded_lines is not None else ""))
    return (f"<b>{p.period}</b> ({p.start} – {p.end}): complexity <b>{p.complexity:,}</b>, SLOC {p.sloc:,}, "
            f"files {p.files:,} · commits {p.commits:,} by {p.authors} authors · churn {p.churn:,} "
            f"(maintenance {p.maintenance_churn:,}, new {p.new_code_churn:,}, share <b>{share}</b>) · "
            f"hotspots {p.hotspots}, high churn {p.high_churn_files}{ai}")


__all__ = ["PeriodAxis", "TrendsView", "describe_period"]
