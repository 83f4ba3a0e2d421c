"""The Coupling tab's trend plot: one line per strong pair, titled and labelled, clicking a line selects the pair."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt

from conftest import wait_for_result
from couplinghelp import APP, UTIL, VIEWS, build_quarters
from debt_explorer.core.coupling import CouplingPair
from debt_explorer.core.coupling_trend import PairTrend, TrendPoint
from debt_explorer.ui.views.coupling_trend_plot import CouplingTrendPlot, shown_from
from gitrepo import RepoBuilder


def _ys(curve) -> list[float | None]:  # noqa: ANN001
    return [None if math.isnan(y) else y for y in curve.getData()[1]]


def test_trend_lines_legend_and_click_selects_the_pair(qtbot, window, repo_builder: RepoBuilder) -> None:
    build_quarters(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    view = window.coupling
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and view.worker is None, timeout=10000)
    trend = view.trend
    assert trend.item.titleLabel.text == ("Coupling trend: degree within each quarter of the 2 strongest pairs of "
                                          "the hotspot window")
    # the window (12 months to 2024-12-10) starts in 2023Q4, before the first period: no marker
    assert not [i for i in trend.item.items if isinstance(i, pg.InfiniteLine)]
    assert trend.item.getAxis("left").labelText == "degree % within the period"
    assert trend.item.getAxis("bottom").labelText.startswith("period")
    assert trend.axis.labels == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert [label.text for _, label in trend.legend.items] == ["util.py + app.py", "app.py + views.py"]
    assert [_ys(c) for c in trend.curves] == [[40, 50, 100, 66], [100, 80, 0, 0]]
    assert trend.empty_hint == ""

    # a user clicks the fading line (app + views) where it is drawn: its pair is selected in the table
    trend.widget.resize(700, 320)
    qtbot.wait(50)
    scene_point = trend.item.getViewBox().mapViewToScene(QPointF(0.5, 90.0))  # between 100 % and 80 % (Q1, Q2)
    widget_point = trend.widget.mapFromScene(scene_point)
    with qtbot.waitSignal(trend.pairChosen) as chosen:
        qtbot.mouseClick(trend.widget.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    assert chosen.args == [APP, VIEWS]
    row = view.table.selectionModel().selectedRows()[0].row()
    assert (view.proxy.index(row, 0).data(), view.proxy.index(row, 1).data()) == (APP, VIEWS)
    assert trend.selected == 1 and trend.curves[1].opts["pen"].width() == 4

    # selecting the other row in the table thickens the other line
    other = 1 - row
    view.table.selectRow(other)
    assert trend.selected == 0 and trend.curves[0].opts["pen"].width() == 4
    assert trend.curves[1].opts["pen"].width() == 2
    trend._hover(0)
    assert trend.caption.text() == f"{UTIL} + {APP}: 66 % over the scope, 6 shared revisions (click to select it)"


def test_the_hotspot_window_start_is_marked(qtbot, repo_builder: RepoBuilder) -> None:
    from debt_explorer.core.coupling import CouplingOptions
    from debt_explorer.core.coupling_trend import report_with_trend
    from debt_explorer.ui.views.coupling_view import window_start
    from scanhelp import scan

    build_quarters(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False, window_months=6)  # from 2024-06-10
    report, trends = report_with_trend(result, CouplingOptions(min_revs=2, min_shared_revs=2), "window")
    assert window_start(result, report.since) == "2024Q2" and window_start(result, None) is None
    plot = CouplingTrendPlot()
    qtbot.addWidget(plot)
    plot.set_trends(trends, "hotspot window", "quarter", "2024Q2")
    (marker,) = [i for i in plot.item.items if isinstance(i, pg.InfiniteLine)]
    assert marker.value() == 0.5 and marker.label.toPlainText() == "hotspot window →"
    assert shown_from([f"{y}Q{q}" for y in range(2000, 2025) for q in range(1, 5)], "2024Q1") == 92  # 2023Q1 on
    assert shown_from(["2023Q4", "2024Q1", "2024Q2"], "2024Q2") == 0 and shown_from(["2024Q1"], None) == 0
    assert shown_from([str(i) for i in range(20)], "18") == 12  # at least 8 periods shown


def test_too_few_periods_and_no_pairs_say_so(qtbot) -> None:
    plot = CouplingTrendPlot()
    qtbot.addWidget(plot)
    pair = CouplingPair("a.py", "b.py", 50, 6, 3, 6, 6)
    plot.set_trends([PairTrend(pair, (TrendPoint("2024Q1", 50, 3, 6, 6),))], "whole history", "quarter")
    assert plot.empty_hint.startswith("Too few periods for a trend: this scan has 1 (at least 2 needed).")
    assert plot.curves == []
    texts = [item.textItem.toPlainText() for item in plot.item.items if hasattr(item, "textItem")]
    assert texts == [plot.empty_hint]
    plot.set_trends([], "hotspot window", "quarter")
    assert plot.empty_hint == "No pair to follow: none reaches the thresholds here."
    assert plot.item.titleLabel.text == "Coupling trend"


def test_report_export_is_written_by_a_worker_with_the_new_sections(qtbot, window, repo_builder: RepoBuilder,
                                                                    tmp_path, monkeypatch) -> None:  # noqa: ANN001
    import threading

    from PySide6.QtWidgets import QMessageBox

    from debt_explorer.core import report_coupling

    build_quarters(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    threads: list[threading.Thread] = []
    original = report_coupling.section_figures

    def recording(*args, **kwargs):  # noqa: ANN002,ANN003,ANN202
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(report_coupling, "section_figures", recording)
    target = tmp_path / "report.html"
    worker = window.exporter.write_report_in_background(window.result, str(target))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Wrote {target}", timeout=20000)
    assert worker.done.is_set() and threads and threads[0] is not threading.main_thread()
    page = target.read_text(encoding="utf-8")
    assert "<h2>Change coupling</h2>" in page and "lib/util.py + src/app.py" in page
    assert "<h3>Files that attract fixes" in page

    blocked = tmp_path / "missing-dir" / "report.html"  # cannot be written: a dialog says so, nothing raised
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    window.exporter.write_report_in_background(window.result, str(blocked))
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown[0].startswith(f"Cannot write {blocked}: ") and shown[0].endswith("is unchanged.")
