"""What a user sees while browsing: period figures, filters vs detail, Back/Forward, scope, exports, empty states."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from conftest import wait_for_result
from debt_explorer.ui.models.file_table import CHURN, PATH, REVISIONS, SLOC
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB

BRANCHY = "def f(a):\n" + "".join(f"    if a == {i}:\n        return {i}\n" for i in range(8)) + "    return a\n"


def _body(lines: int, salt: int) -> str:
    return "def g(a):\n" + "".join(f"    a = a + {salt * 100 + i}\n" for i in range(lines)) + "    return a\n"


def build(builder: RepoBuilder) -> None:
    """2024Q1: engine grows (3 commits), tests and docs and examples appear; Q2: util twice; Q3: engine once."""
    builder.write("app/engine.py", BRANCHY)
    builder.write("tests/test_engine.py", _body(5, 1))
    builder.write("docs/conf.py", _body(3, 2))
    builder.write("examples/demo.py", _body(4, 3))
    builder.write("poetry.lock", "a = 1\n")
    builder.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    for day in (2, 3):
        builder.write("app/engine.py", BRANCHY + _body(day * 10, day))
        builder.commit(f"engine {day}", f"2024-02-0{day}T12:00:00+00:00", BOB)
    for day in (4, 5):
        builder.write("app/util.py", _body(day * 6, day))
        builder.commit(f"util {day}", f"2024-05-0{day}T12:00:00+00:00", ALICE)
    builder.write("app/engine.py", BRANCHY + _body(7, 9))
    builder.commit("engine again", "2024-08-01T12:00:00+00:00", BOB)


@pytest.fixture
def opened(qtbot, window, repo_builder: RepoBuilder):
    build(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    return window


def _paths(window) -> list[str]:
    return [window.proxy.index(r, PATH).data() for r in range(window.proxy.rowCount())]


def _row(window, path: str) -> int:
    return _paths(window).index(path)


def test_period_filter_shows_the_period_figures_and_says_so(opened) -> None:
    window = opened
    engine = window.result.file("app/engine.py")
    assert engine.revisions == 4
    window.trends.select_period("2024Q1")
    assert sorted(_paths(window)) == ["app/engine.py", "docs/conf.py", "examples/demo.py", "tests/test_engine.py"]
    row = _row(window, "app/engine.py")
    assert window.proxy.index(row, REVISIONS).data() == "3"  # not the all-time 4
    assert window.proxy.headerData(REVISIONS, Qt.Orientation.Horizontal) == "Revisions 2024Q1"
    assert window.proxy.headerData(CHURN, Qt.Orientation.Horizontal) == "Churn 2024Q1"
    assert "of 2024Q1 only" in window.count_label.text()
    window.select_period(None)
    assert window.proxy.index(_row(window, "app/engine.py"), REVISIONS).data() == "4"
    assert window.proxy.headerData(REVISIONS, Qt.Orientation.Horizontal) == "Revisions"


def test_detail_never_shows_a_file_the_filter_hid(opened) -> None:
    window = opened
    window.select_file("app/util.py", switch=True)
    assert window.detail.path == "app/util.py" and window.detail.plan_button.isEnabled()
    window.filter_text.setText("engine")
    assert window.detail.path == "" and "hidden by the current filters" in window.detail.header.text()
    assert not window.detail.plan_button.isEnabled()
    window.filter_text.setText("xyz-none")
    assert window.hotspots.empty_box.isVisibleTo(window.hotspots) and "No files match" in window.hotspots.empty.text()
    window.hotspots.clear_button.click()
    assert window.proxy.rowCount() == window.table_model.rowCount() == 5
    assert not window.hotspots.empty_box.isVisibleTo(window.hotspots)


def test_back_and_forward_move_the_table_selection_with_the_detail(opened) -> None:
    window = opened
    window.table.selectRow(_row(window, "app/engine.py"))
    window.table.selectRow(_row(window, "app/util.py"))
    window.go(-1)
    selected = [window.proxy.index(i.row(), PATH).data() for i in window.table.selectionModel().selectedRows()]
    assert selected == ["app/engine.py"] and window.detail.path == "app/engine.py"
    assert window.actions_by_name["forward"].isEnabled() and not window.actions_by_name["back"].isEnabled()
    window.go(1)
    selected = [window.proxy.index(i.row(), PATH).data() for i in window.table.selectionModel().selectedRows()]
    assert selected == ["app/util.py"] and window.detail.path == "app/util.py"


def test_scope_buttons_and_excludes_chip(opened) -> None:
    window = opened
    tests, docs, examples = window.hotspots.scope_buttons.values()
    assert (tests.text(), docs.text(), examples.text()) == ("Tests (1)", "Docs (1)", "Examples (1)")
    tests.click()
    docs.click()
    examples.click()
    assert sorted(_paths(window)) == ["app/engine.py", "app/util.py"]
    assert "default excludes" in window.hotspots.excludes.text()
    assert "**/poetry.lock" in window.hotspots.excludes.toolTip()


def test_first_click_on_a_metric_sorts_worst_first(opened) -> None:
    window = opened
    header = window.table.horizontalHeader()
    window.table.sortByColumn(PATH, Qt.SortOrder.AscendingOrder)
    # Qt picks the first order of a newly clicked section from InitialSortOrderRole
    assert window.table_model.headerData(SLOC, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole) == \
        Qt.SortOrder.DescendingOrder
    assert window.table_model.headerData(PATH, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole) == \
        Qt.SortOrder.AscendingOrder
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    x = header.sectionViewportPosition(SLOC) + header.sectionSize(SLOC) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == SLOC and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    slocs = [window.table_model.record(window.proxy.mapToSource(window.proxy.index(r, 0)).row()).sloc
             for r in range(window.proxy.rowCount())]
    assert slocs == sorted(slocs, reverse=True)
    for column in range(window.proxy.columnCount()):  # no clipped header (among the columns shown)
        if not window.table.isColumnHidden(column):
            assert window.table.columnWidth(column) >= header.sectionSizeFromContents(column).width()


def test_csv_export_writes_raw_numbers(opened, tmp_path: Path) -> None:
    window = opened
    window.trends.select_period("2024Q1")
    target = tmp_path / "files.csv"
    window.exporter.write_table(str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    engine = next(r for r in rows if r["path"] == "app/engine.py")
    record = window.result.file("app/engine.py")
    assert engine["sloc"] == str(record.sloc) and engine["revisions"] == "4"
    assert engine["revisions_2024Q1"] == "3" and engine["churn_2024Q1"].isdigit()
    assert engine["hotspot_score"] == str(record.hotspot_score)
    assert len(rows) == 4


def test_report_export_uses_the_windows_on_screen_and_the_plan(opened, tmp_path: Path) -> None:
    from debt_explorer.ui.views.exports import write_report

    window = opened
    window.plan.add_item("app/engine.py", note="split f into rules")
    retro = window.retro
    retro.before.setCurrentIndex(retro.before.findData("2024Q1"))
    retro.after.setCurrentIndex(retro.after.findData("2024Q3"))
    assert "2024Q3 is too small to compare: 1 commit(s)" in retro.warning.text()
    target = tmp_path / "report.html"
    write_report(window.result, str(target), retro.retro, window.plan.rows)
    page = target.read_text(encoding="utf-8")
    assert "Retrospective: 2024Q1 → 2024Q3" in page
    assert "too small to compare" in page
    assert "Refactoring plan" in page and "split f into rules" in page


def test_retrospective_windows_and_empty_lists(opened) -> None:
    retro = opened.retro
    assert [retro.span.itemData(i) for i in range(retro.span.count())] == [1]  # 3 quarters: no 2-quarter windows
    model = retro.lists["new_ai_files"][1]
    assert model.stringList() == ["— none in these periods —"]
    retro.lists["new_ai_files"][0].activated.emit(model.index(0))  # activating the placeholder opens nothing
    assert opened.detail.path == ""


def test_actions_that_cannot_act_are_disabled(qtbot, window) -> None:
    actions = window.actions_by_name
    for name in ("export_csv", "export_json", "export_report", "rescan", "options", "plot_0", "back", "plan_add"):
        assert not actions[name].isEnabled(), name
    assert not window.detail.plan_button.isEnabled()


def test_blame_has_line_numbers_and_colour_and_trend_spans_the_file_life(qtbot, opened) -> None:
    window = opened
    window.select_file("app/util.py", switch=True)
    detail = window.detail
    qtbot.waitUntil(lambda: bool(detail.blame.lines), timeout=10000)
    first = detail.blame.toPlainText().split("\n")[0]
    assert first.startswith("    1 ") and "│ def g(a):" in first
    assert any(kind.startswith("Keyword") for _, _, kind in detail.blame.spans[0])
    assert "line · commit · author · date" in detail.blame_view.legend.text()
    assert detail.file_trend.labels == ["2024Q2", "2024Q3"]  # util.py was born in 2024Q2
    headers = [detail.commits_model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers[:2] == ["Date", "Commit"] and headers[-1] == "Subject"


def test_rescan_keeps_results_on_screen_and_counts_steps(qtbot, opened) -> None:
    from debt_explorer.core.models import Phase, Progress
    from debt_explorer.ui.views.scanning import step_text

    window = opened
    assert step_text(Progress(Phase.METRICS, 1, 2)) == "step 4 of 6: metrics"
    window.select_file("app/util.py", switch=True)
    window.rescan()
    assert window.stack.currentIndex() == 2  # the results stay; progress is in the status bar
    assert window.status_progress.bar.isVisibleTo(window)
    wait_for_result(qtbot, window)
    assert not window.status_progress.bar.isVisibleTo(window)
    assert window.detail.path == "app/util.py"  # the open file stays open
    selected = [window.proxy.index(i.row(), PATH).data() for i in window.table.selectionModel().selectedRows()]
    assert selected == ["app/util.py"]


def test_help_definitions_come_from_the_package(qtbot, window) -> None:
    from debt_explorer.ui.views.help_text import definitions_html, show_definitions

    text = definitions_html()
    assert "Hotspot score" in text and "Recent revs" in text and "at least 10 commits" in text
    assert "docs/metrics.md" not in text
    import html

    from debt_explorer.core.catalogue import PERIOD_METRICS, metric

    # every definition is the catalogue's own text: the plots' figures and the headline rules alike
    assert all(html.escape(m.tooltip()) in text for m in PERIOD_METRICS)
    assert f"<dt><b>High churn</b></dt><dd>{html.escape(metric('high_churn').tooltip())}</dd>" in text
    dialog = show_definitions(window)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTextBrowser

    assert "Maintenance share" in dialog.findChild(QTextBrowser).toPlainText()
    dialog.close()


def test_trend_plots_leave_headroom_for_their_legends_and_say_when_there_is_no_ai(opened) -> None:
    trends = opened.trends
    top = max(p.complexity for p in opened.result.periods)
    low, high = trends.plots[0].getPlotItem().getViewBox().viewRange()[1]
    assert high == pytest.approx(1.3 * top) and low < 0 < top
    texts = [item.toPlainText() for item in trends.plots[2].getPlotItem().items if hasattr(item, "toPlainText")]
    assert texts == ["No AI-attributed commits in this history (no disclosed AI trace found)"]


def test_plot_export_is_titled_without_the_hover_line_and_named_for_its_content(opened, tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from debt_explorer.ui.views.exports import default_name, plot_title

    window = opened
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert default_name(window.result, "Complexity build-up", "png") == f"repo-complexity-build-up-{today}.png"
    title = plot_title(window.result, "Complexity build-up")
    assert title == f"Complexity build-up — repo @ HEAD ({window.result.repo.head[:10]}), {today}"
    trends = window.trends
    trends.cursors[0].show()
    seen: list[bool] = []
    original = trends.plots[0].getPlotItem().titleLabel.text
    import debt_explorer.ui.views.trends as trends_module

    real = trends_module.export_plot

    def spy(widget, path, text):  # noqa: ANN001
        seen.append(trends.cursors[0].isVisible())
        real(widget, path, text)
        seen.append(widget.getPlotItem().titleLabel.text == original)

    trends_module.export_plot = spy
    try:
        trends.export_plot(0, str(tmp_path / "plot.svg"), title)
    finally:
        trends_module.export_plot = real
    assert seen == [False, True]  # hidden while exporting, title restored afterwards
    assert trends.cursors[0].isVisible()
    svg = (tmp_path / "plot.svg").read_text(encoding="utf-8")
    assert "Complexity build-up — repo @ HEAD" in svg


def test_empty_states_of_the_start_page_and_the_plan(qtbot, window) -> None:
    start = window.start_page
    assert start.no_recent.isVisibleTo(start) and not start.recent.isVisibleTo(start)
    assert "Open the demo repository" in start.no_recent.text()
    start.set_recent(["/somewhere/repo"])
    assert start.recent.isVisibleTo(start) and not start.no_recent.isVisibleTo(start)
    plan = window.plan
    assert not any(action.isEnabled() for action in plan.export_actions) and not plan.remove_button.isEnabled()
