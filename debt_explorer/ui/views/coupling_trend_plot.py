"""The Coupling tab's trend plot: the degree of the strongest pairs within each period, one line per pair.

The figures come from core (``core/coupling_trend.py``), computed with the
report in the view's background worker.  Hovering a line (or one of its
points) thickens it and names the pair below the plot; clicking it asks the
view to select the pair in the table (``pairChosen``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from debt_explorer.core.coupling_trend import PairTrend
from debt_explorer.core.sanitize import printable
from debt_explorer.ui.views.plot_tools import PeriodAxis, make_plot

#: Okabe-Ito: tells five lines apart, also for colour-blind readers
LINE_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442", "#000000")
MIN_PERIODS = 2
CONTEXT = 4  # periods shown before the hotspot window
MIN_SHOWN = 8
Y_TOP = 135.0  # room above 100 % for the legend
Y_BOTTOM = -6.0
HINT = ("Point size: shared revisions in the period; 0 %: one changed without the other; gap: neither changed. "
        "Hover a line to name the pair, click it to select the pair in the table.")


class PairCurve(pg.PlotCurveItem):
    """A pair's line that reports the mouse entering and leaving it (``on_hover(index | None)``)."""

    def __init__(self, index: int, on_hover: Callable[[int | None], None], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.on_hover = on_hover
        self.setAcceptHoverEvents(True)

    def hoverEvent(self, ev: object) -> None:
        if ev.isExit():  # type: ignore[attr-defined]
            self.on_hover(None)
        elif self.mouseShape().contains(ev.pos()):  # type: ignore[attr-defined]
            self.on_hover(self.index)


def shown_from(labels: Sequence[str], window_from: str | None) -> int:
    """The first period plotted: a hotspot window's trend shows the window and :data:`CONTEXT` periods before it
    (at least :data:`MIN_SHOWN` periods in all), not decades squeezing the window into the right edge."""
    if window_from not in labels:
        return 0
    return max(0, min(labels.index(window_from) - CONTEXT, len(labels) - MIN_SHOWN))


def point_size(shared_revs: int) -> float:
    """A point's diameter grows with the shared revisions behind it: 100 % from one commit stays small."""
    return 4.0 + 3.0 * math.sqrt(shared_revs)


def point_tip(trend: PairTrend, index: int) -> str:
    point = trend.points[index]
    pair = trend.pair
    if point.degree is None:
        together = "neither changed"
    elif not point.shared_revs:
        together = "0 % (never together)"
    else:
        together = f"{point.degree} % ({point.shared_revs} shared revisions)"
    return (f"{pair.entity} + {pair.coupled}\n{point.period}: {together}; {point.entity_revs} and "
            f"{point.coupled_revs} revisions")


class CouplingTrendPlot(QWidget):
    """One line per pair: x the scan's periods, y the pair's degree within the period (gaps: not together)."""

    pairChosen = Signal(str, str)  # entity, coupled

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = make_plot("Coupling trend", "degree % within the period")
        self.item = self.widget.getPlotItem()
        self.axis: PeriodAxis = self.item.getAxis("bottom")
        self.item.setLabel("bottom", "period (each point counts only that period's commits)")
        self.legend = self.item.addLegend(offset=(6, 4), colCount=3, labelTextSize="8pt",
                                          labelTextColor=self.item.getAxis("left").textPen().color())
        self.caption = QLabel("")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.trends: tuple[PairTrend, ...] = ()
        self.curves: list[PairCurve] = []
        self.hovered: int | None = None
        self.selected: int | None = None
        self.empty_hint = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget, 1)
        layout.addWidget(self.caption)

    def set_trends(self, trends: Sequence[PairTrend], scope: str, period_kind: str,
                   window_from: str | None = None) -> None:
        """Draw ``trends`` (all over the same periods); ``scope`` and ``period_kind`` title the plot; a dashed
        line marks ``window_from``, the first period of the hotspot window the pairs were chosen in."""
        first = shown_from([p.period for p in trends[0].points] if trends else [], window_from)
        self.trends = tuple(PairTrend(t.pair, t.points[first:]) for t in trends)
        self.curves, self.hovered, self.selected = [], None, None
        self.item.clear()
        self.legend.clear()
        labels = [p.period for p in self.trends[0].points] if self.trends else []
        self.axis.set_labels(labels)
        self.item.setTitle(f"Coupling trend: degree within each {period_kind} of the {len(self.trends)} strongest "
                           f"pairs of the {scope}" if self.trends else "Coupling trend")
        self.empty_hint = self._empty_hint(labels)
        self.caption.setText("" if self.empty_hint else HINT)
        if self.empty_hint:
            hint = pg.TextItem(self.empty_hint, anchor=(0.5, 0.5), color=self.axis.textPen().color())
            hint.setPos(0.5, Y_TOP / 2)
            self.item.addItem(hint)
            self.item.setXRange(0, 1, padding=0)
            self.item.setYRange(0, Y_TOP, padding=0)
            return
        xs = list(range(len(labels)))
        for index, trend in enumerate(self.trends):
            colour = LINE_COLOURS[index % len(LINE_COLOURS)]
            ys = [math.nan if p.degree is None else float(p.degree) for p in trend.points]
            curve = PairCurve(index, self._hover, x=xs, y=ys, connect="finite", pen=self._pen(index))
            curve.setClickable(True, width=8)
            curve.sigClicked.connect(lambda _item, _ev, i=index: self._choose(i))
            self.item.addItem(curve)
            self.curves.append(curve)
            spots = [{"pos": (x, y), "data": x, "size": point_size(p.shared_revs)}
                     for x, y, p in zip(xs, ys, trend.points) if not math.isnan(y)]
            points = pg.ScatterPlotItem(spots=spots, brush=pg.mkBrush(colour), pen=None, hoverable=True,
                                        tip=lambda x, y, data, t=trend: point_tip(t, data))
            points.sigHovered.connect(lambda _item, found, _ev, i=index: self._hover(i if len(found) else None))
            points.sigClicked.connect(lambda _item, _points, _ev, i=index: self._choose(i))
            self.item.addItem(points)
            self.legend.addItem(curve, printable(trend.name))
        if window_from in labels:
            start = labels.index(window_from) - 0.5
            marker = pg.InfiniteLine(start, angle=90, pen=pg.mkPen((128, 128, 128), width=1, style=Qt.PenStyle.DashLine),
                                     label="hotspot window →", labelOpts={"position": 0.93, "color": (110, 110, 110),
                                                                          "anchors": [(0, 0), (0, 0)]})
            self.item.addItem(marker)
        self.item.setXRange(-0.5, len(labels) - 0.5, padding=0)
        self.item.setYRange(Y_BOTTOM, Y_TOP, padding=0)  # 0 % points above the axis line
        self.item.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 25)]])

    def _empty_hint(self, labels: Sequence[str]) -> str:
        if not self.trends:
            return "No pair to follow: none reaches the thresholds here."
        if len(labels) < MIN_PERIODS:
            return (f"Too few periods for a trend: this scan has {len(labels)} (at least {MIN_PERIODS} needed).\n"
                    "Scan with a shorter period (Scan options) to see one.")
        return ""

    def _pen(self, index: int) -> object:
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        strong = index in (self.hovered, self.selected)
        return pg.mkPen(colour, width=4 if strong else 2)

    def _restyle(self) -> None:
        for curve in self.curves:
            curve.setPen(self._pen(curve.index))
            curve.setZValue(1 if curve.index in (self.hovered, self.selected) else 0)

    def _hover(self, index: int | None) -> None:
        if index == self.hovered:
            return
        self.hovered = index
        self._restyle()
        if index is None:
            self.caption.setText(HINT)
        else:
            pair = self.trends[index].pair
            self.caption.setText(printable(f"{pair.entity} + {pair.coupled}: {pair.degree} % over the scope, "
                                           f"{pair.shared_revs} shared revisions (click to select it)"))

    def _choose(self, index: int) -> None:
        self.highlight(index)
        pair = self.trends[index].pair
        self.pairChosen.emit(pair.entity, pair.coupled)

    def highlight(self, index: int | None) -> None:
        """Draw the line of pair ``index`` (its position in the trends) thicker; ``None``: none."""
        self.selected = index
        self._restyle()

    def index_of(self, entity: str, coupled: str) -> int | None:
        for index, trend in enumerate(self.trends):
            if (trend.pair.entity, trend.pair.coupled) == (entity, coupled):
                return index
        return None
