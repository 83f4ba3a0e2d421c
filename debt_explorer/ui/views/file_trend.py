"""A file's trend over its own life: complexity and SLOC on the left axis, churn bars on their own right axis.

The x axis runs from the first period the file existed or changed in to the last one, not over the whole
repository's history, so a file born last quarter gets a readable plot instead of a line squeezed at the end.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from debt_explorer.core.details import churn_by_period
from debt_explorer.core.models import ScanResult
from debt_explorer.ui.theme import SERIES
from debt_explorer.ui.views.plot_tools import add_right_axis, make_plot


class FileTrend:
    def __init__(self) -> None:
        self.widget = make_plot("Complexity and SLOC at each period end; churn per period", "complexity / SLOC")
        self.churn_box = add_right_axis(self.widget, "churn (lines)")
        self.labels: list[str] = []

    def clear(self) -> None:
        item = self.widget.getPlotItem()
        if item.legend is not None:
            item.legend.clear()  # the churn bars live in the right-axis box: clear() would leave their entry
        item.clear()
        self.churn_box.clear()
        self.labels = []

    def fill(self, result: ScanResult, path: str) -> None:
        item = self.widget.getPlotItem()
        self.clear()
        if item.legend is None:
            item.addLegend(offset=(8, 4), labelTextSize="8pt")
        points = {p.period: p for p in result.file_series.get(path, ())}
        churn = {label: added + deleted for label, added, deleted in churn_by_period(result, path)}
        all_labels = [p.period for p in result.periods]
        alive = [i for i, label in enumerate(all_labels) if label in points or churn.get(label)]
        if not alive:
            return
        labels = all_labels[alive[0]:alive[-1] + 1]
        self.labels = labels
        item.getAxis("bottom").set_labels(labels)
        x = np.arange(len(labels), dtype=float)
        bars = pg.BarGraphItem(x=x, height=[churn.get(label, 0) for label in labels], width=0.6,
                               brush=pg.mkBrush(SERIES["maintenance"] + "60"), pen=None)
        self.churn_box.addItem(bars)
        self.churn_box.setYRange(0, max(1, max(churn.get(label, 0) for label in labels)) * 1.1)
        item.legend.addItem(bars, "churn (lines, right axis)")
        for key, colour, name in (("complexity", SERIES["complexity"], "complexity"), ("sloc", SERIES["sloc"], "SLOC")):
            values = [getattr(points[label], key) if label in points else np.nan for label in labels]
            item.plot(x, values, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5,
                      symbolBrush=colour, connect="finite", name=name)
        item.setXRange(-0.6, len(labels) - 0.4, padding=0)
