"""QA regression: redrawing the trend plots (a rescan, a period click, the build-up choice) must not pile up
legend entries for the lines drawn on the right-hand share axes."""

from __future__ import annotations

from debt_explorer.ui.views.trends import TrendsView


def _legend_names(view: TrendsView) -> list[list[str]]:
    return [[label.text for _, label in plot.getPlotItem().legend.items] for plot in view.plots]


def test_redraws_keep_one_legend_entry_per_series(qtbot, scanned) -> None:
    _, _, result = scanned
    view = TrendsView()
    qtbot.addWidget(view)
    view.set_result(result)
    first = _legend_names(view)
    assert first[1] == ["maintenance (rework)", "new code", "maintenance share %"]
    for _ in range(3):  # a rescan sets the result again; the build-up choice and a period click redraw too
        view.set_result(result)
        view.size_metric.setCurrentIndex(1 - view.size_metric.currentIndex())
        view.select_period("2024Q2")
    assert _legend_names(view) == first
    assert all(len(names) == len(set(names)) for names in _legend_names(view))
