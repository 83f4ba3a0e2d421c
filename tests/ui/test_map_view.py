"""The hotspot map: quadrant guides and names, top-file labels, legend of emitted labels, plain ticks, colour key."""

from __future__ import annotations

from conftest import wait_for_result
from gitrepo import RepoBuilder
from scanhelp import build_history


def test_map_guides_labels_legend_and_scale(qtbot, window, repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    view = window.map
    emitted = {f.ai.label if f.ai else "none" for f in window.result.files if f.complexity > 0}
    for label in ("disclosed", "likely", "possible", "none"):  # only labels this scan emitted
        assert (f"</span> {label}" in view.legend.text()) == (label in emitted)
    assert view.legend.parentWidget() is not view.scatter_plot  # under the plot, never over its points
    assert [label.toPlainText() for label in view.quadrant_labels][0] == "refactor here: complex and changing"
    assert all(label.isVisible() for label in view.quadrant_labels)
    ranked = sorted((f for f in window.result.files if f.hotspot_rank), key=lambda f: f.hotspot_rank)
    assert [t.toPlainText() for t in view.top_labels] == [f.path.rsplit("/", 1)[-1] for f in ranked][:5]
    axis = view.scatter_plot.getPlotItem().getAxis("left")
    assert axis.logTickStrings([-0.05, 0.0, 1.0, 2.0, 3.0], 1, 1) == ["", "1", "10", "100", "1,000"]
    assert view.scale.caption().startswith("hotspot score")
    view.colour_by.setCurrentIndex(1)
    assert view.scale.caption() == "share of SLOC in AI-marked files"
    window.map.set_result(None)
    assert view.empty.isVisible() and not any(label.isVisible() for label in view.quadrant_labels)
