"""The Coupling tab: files (or folders) that change together -- a sortable table, a graph of the strongest pairs
and the trend of the five strongest (their degree within each period of the scan).

The pairs are computed off the GUI thread (core/coupling_report.py, code-maat's
definitions).  In the graph, files are nodes coloured by top-level folder,
placed on a circle grouped by folder; an edge's width grows with the degree.
Clicking a node or double-clicking a row opens the file; clicking a trend line
selects its pair in the table, selecting a row thickens its trend line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import SpotItem
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout, QWidget

from debt_explorer.core.coupling import CouplingOptions, CouplingPair
from debt_explorer.core.models import ScanResult
from debt_explorer.core.sanitize import printable
from debt_explorer.ui.models.coupling_table import CouplingTableModel
from debt_explorer.ui.theme import plot_colours
from debt_explorer.ui.views.coupling_trend_plot import CouplingTrendPlot
from debt_explorer.ui.views.tables import sorted_table
from debt_explorer.ui.workers import GeneratorWorker, call_in_background, start

if TYPE_CHECKING:
    from debt_explorer.core.coupling_report import CouplingReport
    from debt_explorer.core.coupling_trend import PairTrend

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
GRAPH_PAIRS = 30


def top_folder(path: str) -> str:
    return path.split("/", 1)[0] if "/" in path else "."


def window_start(result: ScanResult | None, since: int | None) -> str | None:
    """The first period of the scan that ends after ``since`` (the hotspot window's first); ``None``: no window,
    or one that starts before the scan's first period (it covers every period)."""
    from debt_explorer.core.trends import span_of

    if result is None or since is None or not result.periods or since < span_of(result.periods[0])[0]:
        return None

    return next((p.period for p in result.periods if span_of(p)[1] > since), None)


def graph_layout(pairs: Sequence[CouplingPair]) -> dict[str, tuple[float, float]]:
    """Node positions on the unit circle, nodes of one top-level folder next to each other."""
    nodes = sorted({p for pair in pairs for p in (pair.entity, pair.coupled)}, key=lambda p: (top_folder(p), p))
    count = max(len(nodes), 1)
    return {node: (math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count))
            for i, node in enumerate(nodes)}


class CouplingView(QWidget):
    fileActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ScanResult | None = None
        self.token = 0
        self.worker: GeneratorWorker | None = None
        self.model = CouplingTableModel(self)
        self.proxy, self.table = sorted_table(self.model, self)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.scope = QComboBox()
        self.scope.addItems(["Hotspot window", "Whole history"])
        self.level = QComboBox()
        self.level.addItems(["Files", "Folders, depth 1", "Folders, depth 2", "Folders, depth 3"])
        self.min_shared = QSpinBox()
        self.min_shared.setRange(1, 1000)
        self.min_shared.setValue(5)
        self.min_shared.setPrefix("min shared ")
        self.min_shared.setToolTip("Minimum shared revisions (code-maat default 5); min revisions follows it")
        for combo in (self.scope, self.level):
            combo.currentIndexChanged.connect(self.refresh)
        self.min_shared.valueChanged.connect(self.refresh)
        self.summary = QLabel("")
        self.empty_hint = ""
        bar = QHBoxLayout()
        for widget in (self.scope, self.level, self.min_shared):
            bar.addWidget(widget)
        bar.addWidget(self.summary, 1)

        background, foreground = plot_colours()
        self.graph = pg.PlotWidget(background=background)
        self.graph.hideAxis("left")
        self.graph.hideAxis("bottom")
        self.graph.setAspectLocked(False)
        self.graph.getPlotItem().setTitle(f"Strongest {GRAPH_PAIRS} couplings (edge width = degree, colour = "
                                          "top-level folder; click a file)", color=foreground, size="10pt")
        self.nodes = pg.ScatterPlotItem(size=14, hoverable=True, tip=lambda x, y, data: data)
        self.nodes.sigClicked.connect(self._node_clicked)
        self.legend = self.graph.getPlotItem().addLegend(offset=(8, 8), labelTextColor=foreground,
                                                         labelTextSize="8pt")
        self.foreground = foreground
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.graph)
        split.setSizes([650, 650])
        self.splitter = split
        self.trend = CouplingTrendPlot()
        self.trend.pairChosen.connect(self.select_pair)
        rows = QSplitter(Qt.Orientation.Vertical)
        rows.addWidget(split)
        rows.addWidget(self.trend)
        rows.setSizes([560, 330])
        rows.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(rows, 1)

    def options(self) -> CouplingOptions:
        depth = self.level.currentIndex() or None
        shared = self.min_shared.value()
        return CouplingOptions(min_revs=shared, min_shared_revs=shared, folder_depth=depth)

    def set_result(self, result: ScanResult) -> None:
        self.result = result
        self.refresh()

    def refresh(self) -> None:
        if self.result is None:
            return
        from debt_explorer.core.coupling_trend import report_with_trend

        self.token += 1
        if self.worker is not None:
            self.worker.abort()
        result, options = self.result, self.options()
        scope = "history" if self.scope.currentIndex() == 1 else "window"
        self.summary.setText("computing…")
        self.worker = call_in_background(lambda: report_with_trend(result, options, scope), self.token)
        self.worker.signals.finished.connect(self._loaded)
        self.worker.signals.failed.connect(lambda token, message: self.summary.setText(message))
        start(self.worker)

    def _loaded(self, token: int, loaded: object) -> None:
        if token != self.token:
            return
        self.worker = None
        report, trends = cast("tuple[CouplingReport, tuple[PairTrend, ...]]", loaded)  # what the worker returned
        pairs = report.pairs
        counts = report.result.counts
        self.model.set_pairs(pairs, report.surprising)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        for column in (0, 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 280))
        gaps = len(report.test_gaps)
        self.summary.setText(f"{len(pairs)} pairs from {counts.commits} commits ({counts.commits_too_large} larger "
                             f"than {report.result.options.max_changeset_size} files left out); "
                             f"{len(report.surprising)} surprising; {gaps} files whose tests rarely change with them")
        self.summary.setToolTip("\n".join(
            f"{g.file}: {g.revisions} revisions, {g.test_file} changed with it in {g.shared_revs} ({g.share:.0%})"
            for g in report.test_gaps[:25]) or "")
        self._draw(pairs[:GRAPH_PAIRS])
        scope = "whole history" if report.scope == "history" else "hotspot window"
        period = getattr(self.result.options, "period", "period") if self.result is not None else "period"
        self.trend.set_trends(trends, scope, period, window_start(self.result, report.since))

    def _draw(self, pairs: Sequence[CouplingPair]) -> None:
        plot = self.graph.getPlotItem()
        plot.clear()
        positions = graph_layout(pairs)
        folders = sorted({top_folder(p) for p in positions})
        colour = {folder: PALETTE[i % len(PALETTE)] for i, folder in enumerate(folders)}
        for pair in pairs:
            (x1, y1), (x2, y2) = positions[pair.entity], positions[pair.coupled]
            plot.addItem(pg.PlotCurveItem([x1, x2], [y1, y2], pen=pg.mkPen((150, 150, 150, 170),
                                                                           width=1 + pair.degree / 12)))
        spots = [{"pos": xy, "data": path, "brush": pg.mkBrush(colour[top_folder(path)]), "pen": None}
                 for path, xy in positions.items()]
        self.nodes.setData(spots)
        plot.addItem(self.nodes)
        for path, (x, y) in positions.items():
            label = pg.TextItem(printable(path.rsplit("/", 1)[-1]), color=self.foreground,
                                anchor=(0 if x >= 0 else 1, 0.5))
            label.setPos(x * 1.06, y * 1.06)
            plot.addItem(label)
        self.empty_hint = "" if pairs else (  # an empty table and a blank graph said nothing
            "No pair reaches the thresholds here.\nTry Whole history, a lower min shared, or Folders.")
        if self.empty_hint:
            hint = pg.TextItem(self.empty_hint, color=self.foreground, anchor=(0.5, 0.5))
            hint.setPos(0, 0)
            plot.addItem(hint)
        plot.setXRange(-2.0, 2.0, padding=0)
        plot.setYRange(-1.2, 1.2, padding=0)
        self.legend.clear()
        for folder in folders:
            self.legend.addItem(pg.ScatterPlotItem(brush=colour[folder], size=10, pen=None),
                                "(top level)" if folder == "." else printable(folder))  # "." read as a glitch

    def _node_clicked(self, item: object, points: Sequence[SpotItem]) -> None:
        if points:
            self._open(points[0].data())

    def _row_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        pair = self.model.pair(source.row())
        if pair is not None:
            self._open(pair.coupled if source.column() == 1 else pair.entity)

    def select_pair(self, entity: str, coupled: str) -> None:
        """Select the pair's row in the table (a trend line was clicked) and show it."""
        for row, pair in enumerate(self.model.pairs):
            if (pair.entity, pair.coupled) == (entity, coupled):
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                self.table.scrollTo(index)
                return

    def _row_changed(self, current: object, _previous: object) -> None:
        pair = self.model.pair(self.proxy.mapToSource(current).row())  # type: ignore[arg-type]
        self.trend.highlight(None if pair is None else self.trend.index_of(pair.entity, pair.coupled))

    def _open(self, path: str) -> None:
        if self.result is not None and self.result.file(path) is not None:
            self.fileActivated.emit(path)
