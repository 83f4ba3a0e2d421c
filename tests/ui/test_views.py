"""Trend plots, the hotspot map and the treemap on real scans."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from debt_explorer.ui.views.hotspot_map import HotspotMapView
from debt_explorer.ui.views.treemap import squarify
from debt_explorer.ui.views.trends import TrendsView


def test_trends_plot_every_period_and_emit_clicks(qtbot, scanned) -> None:
    _, _, result = scanned
    view = TrendsView()
    qtbot.addWidget(view)
    view.set_result(result)
    assert view.labels() == ["2024Q1", "2024Q2", "2024Q3"]
    axis = view.plots[1].getPlotItem().getAxis("bottom")
    assert axis.labels == ["2024Q1", "2024Q2", "2024Q3"]
    assert axis.tickStrings([0.0, 1.0, 2.0], 1, 1) == ["2024Q1", "2024Q2", "2024Q3"]
    with qtbot.waitSignal(view.periodClicked) as blocker:
        view.select_period("2024Q2")
    assert blocker.args == ["2024Q2"]
    assert view.markers[0].value() == 1


def test_hotspot_map_points_and_clicks(qtbot, scanned) -> None:
    _, _, result = scanned
    view = HotspotMapView()
    qtbot.addWidget(view)
    view.set_result(result)
    assert sorted(view.paths) == ["app/engine.py", "app/feature.js"]
    points = view.scatter.points()
    assert len(points) == 2
    with qtbot.waitSignal(view.fileClicked) as blocker:
        view._clicked(view.scatter, [points[0]])
    assert blocker.args == [points[0].data()]
    view.treemap.resize(400, 300)
    cells = [(cell, node) for cell, node, _ in view.treemap.cells() if node.record is not None]
    assert {node.path for _, node in cells} == {"app/engine.py", "app/feature.js"}


def test_squarify_areas_are_proportional() -> None:
    rects = squarify([6, 6, 4, 3, 2, 2, 1], QRectF(0, 0, 600, 400))
    areas = [r.width() * r.height() for r in rects]
    total = 600 * 400
    for area, size in zip(areas, [6, 6, 4, 3, 2, 2, 1]):
        assert abs(area - total * size / 24) < 1e-6 * total
    assert all(QRectF(0, 0, 600, 400).adjusted(-1e-6, -1e-6, 1e-6, 1e-6).contains(r) for r in rects)


def test_hotspot_map_plots_cognitive_complexity_on_request(qtbot, scanned) -> None:
    import math

    _, _, result = scanned
    view = HotspotMapView()
    qtbot.addWidget(view)
    view.set_result(result)
    records = {f.path: f for f in result.files}
    cyclomatic = {p.data(): p.pos().y() for p in view.scatter.points()}
    view.y_metric.setCurrentIndex(1)
    cognitive = {p.data(): p.pos().y() for p in view.scatter.points()}
    assert set(cognitive) == {path for path, record in records.items() if record.cognitive > 0}
    for path, y in cognitive.items():
        assert math.isclose(y, math.log10(records[path].cognitive))
        assert math.isclose(cyclomatic[path], math.log10(records[path].complexity))
    assert "cognitive" in view.scatter_plot.getPlotItem().getAxis("left").labelText
