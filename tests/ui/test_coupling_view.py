"""The Coupling tab: pairs computed off the GUI thread, sortable, graph nodes open files."""

from __future__ import annotations

from PySide6.QtCore import Qt

from conftest import wait_for_result
from debt_explorer.ui.views.coupling_view import graph_layout, top_folder
from gitrepo import RepoBuilder
from test_coupling import build_coupled


def test_coupling_tab_table_sorting_graph_and_drill_down(qtbot, qtmodeltester, window,
                                                         repo_builder: RepoBuilder) -> None:
    build_coupled(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    view = window.coupling
    qtbot.waitUntil(lambda: view.model.rowCount() == 3 and view.worker is None, timeout=10000)
    qtmodeltester.check(view.model)
    rows = [[view.proxy.index(r, c).data() for c in range(5)] for r in range(3)]
    assert rows == [["src/a.py", "src/pkg/b2.py", "87", "8", "7"], ["lib/c.py", "src/pkg/b2.py", "83", "6", "5"],
                    ["lib/c.py", "src/a.py", "71", "7", "5"]]
    assert view.proxy.index(1, 5).data() == "crosses top-level folders lib and src"
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert [view.proxy.index(r, 4).data() for r in range(3)] == ["5", "5", "7"]
    assert "3 pairs from 9 commits (1 larger than 30 files left out)" in view.summary.text()
    assert len(view.nodes.points()) == 3
    with qtbot.waitSignal(view.fileActivated) as opened:
        view._node_clicked(view.nodes, [p for p in view.nodes.points() if p.data() == "lib/c.py"])
    assert opened.args == ["lib/c.py"]
    assert window.tabs.currentIndex() == 1 and window.detail.isVisible()

    view.level.setCurrentIndex(1)  # folders, depth 1
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.worker is None, timeout=10000)
    assert [view.proxy.index(0, c).data() for c in range(5)] == ["lib", "src", "71", "7", "5"]
    assert view.empty_hint == ""
    view.min_shared.setValue(50)  # nothing reaches it: the blank graph says why and what to try
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and view.worker is None, timeout=10000)
    assert view.empty_hint.startswith("No pair reaches the thresholds here.") and "Whole history" in view.empty_hint
    assert any(getattr(item, "textItem", None) is not None and "No pair" in item.textItem.toPlainText()
               for item in view.graph.getPlotItem().items)


def test_graph_layout_groups_folders() -> None:
    from debt_explorer.core.coupling import CouplingPair

    pairs = [CouplingPair("b/x.py", "a/y.py", 50, 6, 3, 6, 6), CouplingPair("a/z.py", "b/w.py", 40, 5, 2, 5, 5)]
    positions = graph_layout(pairs)
    assert list(positions) == ["a/y.py", "a/z.py", "b/w.py", "b/x.py"]
    assert positions["a/y.py"] == (1.0, 0.0)
    assert top_folder("setup.py") == "."


def test_graph_legend_names_the_top_level(qtbot) -> None:
    from debt_explorer.core.coupling import CouplingPair
    from debt_explorer.ui.views.coupling_view import CouplingView

    view = CouplingView()
    qtbot.addWidget(view)
    view._draw([CouplingPair("play.ts", "src/a\tb.ts", 60, 6, 4, 6, 6)])
    names = [label.text for _, label in view.legend.items]
    assert names == ["(top level)", "src"]  # the root's files were listed under "."
    labels = [item.textItem.toPlainText() for item in view.graph.getPlotItem().items if hasattr(item, "textItem")]
    assert "a\\x09b.ts" in labels and view.empty_hint == ""
