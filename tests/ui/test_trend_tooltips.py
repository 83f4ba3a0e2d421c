"""The Trends plots' tooltips are rendered from the metric catalogue's per-period figures."""

from __future__ import annotations

from debt_explorer.core.catalogue import PLOT_METRICS, period_metric
from debt_explorer.ui.views.trends import TrendsView


def test_each_plot_tooltip_defines_the_figures_it_draws(qtbot) -> None:
    view = TrendsView()
    qtbot.addWidget(view)
    assert len(view.plots) == len(PLOT_METRICS)
    for plot, keys in zip(view.plots, PLOT_METRICS):
        lines = plot.toolTip().splitlines()
        assert [line.split(":", 1)[0] for line in lines] == [period_metric(key).name for key in keys]
        assert all(period_metric(key).definition in line for key, line in zip(keys, lines))
    assert view.plots[3].toolTip().startswith("Hotspots: Files with hotspot score >= the hotspot threshold")
