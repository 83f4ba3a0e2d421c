"""pyqtgraph helpers: a period axis with readable labels, themed plots, a second y axis, exports."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import pyqtgraph as pg
from pyqtgraph import exporters
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from debt_explorer.ui.theme import plot_colours


class PeriodAxis(pg.AxisItem):
    """Bottom axis labelled with period names (2024Q3), thinned so labels never overlap."""

    def __init__(self, labels: Sequence[str] = (), **kwargs: object) -> None:
        super().__init__(orientation="bottom", **kwargs)
        self.labels: list[str] = list(labels)

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        count = len(self.labels)
        if not count:
            return []
        widest = max(len(label) for label in self.labels) * 7 + 14
        visible = max(1, int(min(maxVal, count - 1) - max(minVal, 0)) + 1)
        step = max(1, math.ceil(visible * widest / max(size, 1)))
        return [(step, [float(i) for i in range(0, count, step) if minVal - 0.5 <= i <= maxVal + 0.5])]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:
        out = []
        for value in values:
            index = int(round(value))  # noqa: RUF046 - pyqtgraph may hand numpy floats, whose round() is a float
            out.append(self.labels[index] if 0 <= index < len(self.labels) else "")
        return out


def make_plot(title: str, left: str, parent: QWidget | None = None) -> pg.PlotWidget:
    background, foreground = plot_colours()
    axis = PeriodAxis()
    widget = pg.PlotWidget(parent=parent, axisItems={"bottom": axis}, background=background)
    item = widget.getPlotItem()
    item.setTitle(title, color=foreground, size="10pt")
    item.setLabel("left", left, color=foreground)
    item.showGrid(x=False, y=True, alpha=0.2)
    item.setMenuEnabled(False)
    item.getViewBox().setMouseEnabled(x=False, y=False)
    for name in ("left", "bottom", "right"):
        item.getAxis(name).setTextPen(foreground)
        item.getAxis(name).setPen(foreground)
    widget.setMinimumHeight(190)
    return widget


def add_right_axis(widget: pg.PlotWidget, label: str) -> pg.ViewBox:
    """A second ViewBox bound to the right axis (for shares in %), x-linked to the plot."""
    item = widget.getPlotItem()
    box = pg.ViewBox()
    box.setMouseEnabled(x=False, y=False)
    item.showAxis("right")
    item.scene().addItem(box)
    item.getAxis("right").linkToView(box)
    item.getAxis("right").setLabel(label)
    box.setXLink(item)

    def sync() -> None:
        box.setGeometry(item.getViewBox().sceneBoundingRect())
        box.linkedViewChanged(item.getViewBox(), box.XAxis)

    item.getViewBox().sigResized.connect(sync)
    sync()
    return box


def export_plot(widget: pg.PlotWidget, path: str, title: str | None = None) -> None:
    """Save a plot as PNG or SVG (by the file's extension), titled ``title``, with fonts readable in a slide.

    The plot is laid out at 1200 × 600 while it is exported (fonts keep their point size, so they stay
    readable instead of shrinking with a 2× scaled image) and restored afterwards.
    """
    item = widget.getPlotItem()
    old_title = item.titleLabel.text
    legend_labels: list = []
    old_size = widget.size()
    _, foreground = plot_colours()
    font = QFont()
    font.setPointSize(11)
    axes = [item.getAxis(name) for name in ("left", "bottom", "right") if item.getAxis(name).isVisible()]
    try:
        if title:
            item.setTitle(title, color=foreground, size="13pt")
        for axis in axes:
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        legend_labels = [label for _, label in item.legend.items] if item.legend is not None else []
        for label in legend_labels:
            label.setText(label.text, size="11pt")
        widget.resize(1200, 600)
        QApplication.processEvents()
        if path.lower().endswith(".svg"):
            _write_svg(widget, path, title or old_title)
        else:
            exporter = exporters.ImageExporter(item)
            exporter.parameters()["width"] = 1200
            from debt_explorer.core.atomic import atomic_path

            with atomic_path(path) as temporary:  # same suffix, so the exporter picks the same format
                exporter.export(str(temporary))
    finally:
        small = QFont()
        small.setPointSize(9)
        for axis in axes:
            axis.setStyle(tickFont=small)
        for label in legend_labels:
            label.setText(label.text, size="8pt")
        item.setTitle(old_title, color=foreground, size="10pt")
        widget.resize(old_size)


def _write_svg(widget: pg.PlotWidget, path: str, title: str) -> None:
    """pyqtgraph's SVG exporter, made to accept the closed paths Qt 6 writes.

    QSvgGenerator (which pyqtgraph drives) ends closed paths with ``Z``; pyqtgraph 0.13 then fails to parse
    the path while it rewrites coordinates (``ValueError: not enough values to unpack``), so SVG export
    raised for every plot.  The ``Z`` tokens are dropped before that rewrite: every closed path Qt writes
    here already returns to its first point, so nothing visible changes.
    """
    import importlib

    module = importlib.import_module("pyqtgraph.exporters.SVGExporter")
    original = module.correctCoordinates

    def tolerant(node, defs, item, options):
        for element in node.getElementsByTagName("path"):
            element.setAttribute("d", " ".join(t for t in element.getAttribute("d").split() if t not in ("Z", "z")))
        return original(node, defs, item, options)

    from debt_explorer.core.atomic import atomic_path

    with atomic_path(path) as temporary:  # the previous file stays whole if this fails
        setattr(module, "correctCoordinates", tolerant)  # noqa: B010 - a module's attribute, replaced for one export
        try:
            exporter = exporters.SVGExporter(widget.getPlotItem().scene())  # the scene: the right-axis box too
            exporter.export(str(temporary))
        finally:
            setattr(module, "correctCoordinates", original)  # noqa: B010 - put back
        if title:
            import re

            text = temporary.read_text(encoding="utf-8")
            if "<title>" not in text:
                text = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f"<title>{html.escape(title)}</title>", text,
                              count=1)
                temporary.write_text(text, encoding="utf-8")
