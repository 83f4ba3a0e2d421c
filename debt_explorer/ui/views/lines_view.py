"""Whose code is reworked, code by age, and how long AI-written lines live (line provenance plots).

Three plots over the scan's line provenance (docs/provenance.md): rework per
period split by the origin of the removed lines (AI-written, recent, older,
bot) with the AI rework share; the code alive at each period end stacked by the
year it was written, with the AI-written lines marked; and survival curves of
AI-written lines against all others.  Everything is read from the finished
:class:`ScanResult`; nothing runs git here.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from debt_explorer.core.models import ScanResult, SurvivalCurve
from debt_explorer.ui.theme import SERIES, plot_colours
from debt_explorer.ui.views.plot_tools import add_right_axis, export_plot, make_plot

ORIGIN_COLOURS = {"ai": SERIES["ai"], "recent": "#2e86ab", "old": "#7f8c8d", "bot": "#e67e22"}
COHORT_COLOURS = ("#1b4965", "#62b6cb", "#2e86ab", "#bee9e8", "#5fa8d3", "#9bc1bc", "#126782", "#8ecae6",
                  "#219ebc", "#cae9ff")
LOSS_COLOUR = "#e8590c"  # an orange no cohort blue is near
PLOT_TITLES = ("Whose code is reworked", "Code alive by the year it was written", "Survival: AI-written vs other lines")


def _brush(colour: str, alpha: int = 200) -> pg.QtGui.QBrush:
    qcolour = pg.mkColor(colour)
    qcolour.setAlpha(alpha)
    return pg.mkBrush(qcolour)


class LinesView(QWidget):
    """The line-provenance plots of one scan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ScanResult | None = None
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.plots = [make_plot(PLOT_TITLES[0], "lines removed"), make_plot(PLOT_TITLES[1], "lines"),
                      make_plot(PLOT_TITLES[2], "share alive %")]
        self.plots[0].setToolTip("Lines deleted per period by the origin of each removed line: written by an "
                                 "AI-attributed commit (any age), by others in the same or two previous periods, "
                                 "older, or by a bot; line: AI rework share")
        self.plots[1].setToolTip("Lines of code files at each period's end by the year they were written; "
                                 "red line: lines written by AI-attributed commits; orange dashed line (right axis): "
                                 "knowledge loss, the share of lines whose author made no commit in the window "
                                 "before the period's end")
        self.plots[2].setToolTip("Of the lines written in a period, the share still there k periods later "
                                 "(pooled over every period with k periods of future in range)")
        self.share_box = add_right_axis(self.plots[0], "AI rework share %")
        self.loss_box = add_right_axis(self.plots[1], "knowledge loss %")
        grid = QGridLayout()
        grid.addWidget(self.plots[0], 0, 0)
        grid.addWidget(self.plots[1], 0, 1)
        grid.addWidget(self.plots[2], 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)

    def set_result(self, result: ScanResult | None) -> None:
        self.result = result
        for plot in self.plots:
            item = plot.getPlotItem()
            item.clear()
            if item.legend is None:
                background, foreground = plot_colours()
                fill = pg.mkColor(background)
                fill.setAlpha(215)
                item.addLegend(offset=(8, 4), labelTextSize="8pt", labelTextColor=foreground, brush=pg.mkBrush(fill))
        self.share_box.clear()
        self.loss_box.clear()
        if result is None or not result.periods or result.periods[0].rework_lines is None:
            self.summary.setText("No line provenance in this scan (scanned with --no-lines, or it could not run).")
            return
        self.summary.setText(summary_text(result))
        labels = [p.period for p in result.periods]
        for plot in self.plots[:2]:
            plot.getPlotItem().getAxis("bottom").set_labels(labels)
        self._draw_rework(result)
        self._draw_cohorts(result)
        self._draw_survival(result)

    def _draw_rework(self, result: ScanResult) -> None:
        item = self.plots[0].getPlotItem()
        x = np.arange(len(result.periods), dtype=float)
        base = np.zeros(len(x))
        parts = (("ai", "AI-written", "rework_ai_lines"), ("recent", "recent (≤ 2 periods)", "rework_recent_lines"),
                 ("old", "older", "rework_old_lines"), ("bot", "bot-written", "rework_bot_lines"))
        for key, name, field in parts:
            values = np.array([getattr(p, field) or 0 for p in result.periods], dtype=float)
            if key == "ai" and all(p.rework_ai_lines is None for p in result.periods):
                continue
            bars = pg.BarGraphItem(x=x, y0=base.copy(), height=values, width=0.7, brush=_brush(ORIGIN_COLOURS[key]),
                                   pen=None)
            item.addItem(bars)
            item.legend.addItem(bars, name)
            base += values
        shares = [p.ai_rework_share for p in result.periods]
        if any(s is not None for s in shares):
            line = pg.PlotDataItem(x, np.array([np.nan if s is None else 100 * s for s in shares]),
                                   pen=pg.mkPen(SERIES["share"], width=2), symbol="o", symbolSize=5,
                                   symbolBrush=SERIES["share"], connect="finite")
            self.share_box.addItem(line)
            self.share_box.setYRange(0, 100)
            item.legend.addItem(line, "AI rework share %")
        item.getViewBox().setXRange(-0.6, len(x) - 0.4, padding=0)

    def _draw_cohorts(self, result: ScanResult) -> None:
        item = self.plots[1].getPlotItem()
        x = np.arange(len(result.periods), dtype=float)
        loss = [p.knowledge_loss_share for p in result.periods]
        if any(v is not None for v in loss):  # first, so its legend entry is never below the years
            dashed = pg.PlotDataItem(x, np.array([np.nan if v is None else 100 * v for v in loss], dtype=float),
                                     pen=pg.mkPen(LOSS_COLOUR, width=3, style=Qt.PenStyle.DashLine),
                                     connect="finite")
            self.loss_box.addItem(dashed)
            self.loss_box.setYRange(0, 100)
            item.legend.addItem(dashed, "knowledge loss % (right axis)")
        years = sorted({year for p in result.periods for year in (p.lines_alive_by_cohort or {})})
        base = np.zeros(len(x))
        for index, year in enumerate(years):
            values = np.array([(p.lines_alive_by_cohort or {}).get(year, 0) for p in result.periods], dtype=float)
            bars = pg.BarGraphItem(x=x, y0=base.copy(), height=values, width=0.8, pen=None,
                                   brush=_brush(COHORT_COLOURS[index % len(COHORT_COLOURS)], 220))
            item.addItem(bars)
            if len(years) <= 10 or index % max(2, len(years) // 6) == 0 or index == len(years) - 1:
                item.legend.addItem(bars, year)
            base = base + values
        ai = [p.ai_lines_alive for p in result.periods]
        if any(v is not None for v in ai):
            line = pg.PlotDataItem(x, np.array([np.nan if v is None else v for v in ai], dtype=float),
                                   pen=pg.mkPen(SERIES["ai"], width=2), symbol="o", symbolSize=5,
                                   symbolBrush=SERIES["ai"], connect="finite")
            item.addItem(line)
            item.legend.addItem(line, "AI-written lines")
        item.getViewBox().setXRange(-0.6, len(x) - 0.4, padding=0)

    def _draw_survival(self, result: ScanResult) -> None:
        item = self.plots[2].getPlotItem()
        survival = result.survival
        item.getAxis("bottom").set_labels([])
        if survival is None:
            return
        item.setLabel("bottom", f"{survival.period}s after the lines were written")
        steps = sorted({k for curve in (survival.ai, survival.other) if curve for k in curve.alive_after})
        item.getAxis("bottom").set_labels([""] + [str(k) for k in range(1, max(steps, default=1) + 1)])
        for curve, name, colour in ((survival.other, "other lines", SERIES["complexity"]),
                                    (survival.ai, "AI-written lines", SERIES["ai"])):
            if curve is None:
                continue
            points = [(k, v) for k, v in sorted(curve.alive_after.items()) if v is not None]
            if not points:
                continue
            xs = np.array([0.0] + [float(k) for k, _ in points])
            ys = np.array([100.0] + [100 * v for _, v in points])
            line = pg.PlotDataItem(xs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                                   symbolBrush=colour)
            item.addItem(line)
            item.legend.addItem(line, f"{name} ({curve.lines:,} written)")
        item.getViewBox().setYRange(0, 105, padding=0)
        item.getViewBox().setXRange(-0.3, max(steps, default=1) + 0.3, padding=0)

    def export_plot(self, index: int, path: str) -> None:
        export_plot(self.plots[index], path)


def _curve_text(curve: SurvivalCurve | None, name: str) -> str:
    if curve is None or not curve.lines:
        return ""
    one = curve.alive_after.get(1)
    median = curve.median_lifetime_periods
    life = f"half gone after {median}" if median is not None else "more than half alive throughout"
    alive = f"{100 * one:.0f}% alive one period later" if one is not None else "too recent to tell"
    return f"{name}: {curve.lines:,} lines written, {alive}, {life}"


def summary_text(result: ScanResult) -> str:
    """One paragraph: the last period's rework by origin and the survival headline."""
    last = next((p for p in reversed(result.periods) if p.rework_lines), None)
    parts = []
    if last is not None:
        share = "" if last.ai_rework_share is None else f", <b>{100 * last.ai_rework_share:.0f}%</b> of it AI-written"
        parts.append(f"<b>{last.period}</b>: {last.rework_lines:,} lines reworked{share} "
                     f"({last.rework_recent_lines:,} recent, {last.rework_old_lines:,} older, "
                     f"{last.rework_bot_lines:,} bot)")
    if result.survival is not None:
        parts += [text for text in (_curve_text(result.survival.ai, "AI-written"),
                                    _curve_text(result.survival.other, "other")) if text]
    loss = next((p for p in reversed(result.periods) if p.knowledge_loss_share is not None), None)
    if loss is not None:
        parts.append(f"knowledge loss <b>{100 * (loss.knowledge_loss_share or 0):.0f}%</b> of code lines at the end "
                     f"of {loss.period}")
    truck = result.truck_factors.get("")
    if truck is not None:
        parts.append(f"truck factor <b>{truck.truck_factor}</b> ({', '.join(truck.authors[:4])})")
    return " · ".join(parts)
