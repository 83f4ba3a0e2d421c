"""The real window, offscreen: open, scan, read, drill down, cancel, fail clearly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from conftest import wait_for_result
from debt_explorer.core.synthetic import generate_history
from debt_explorer.ui.models.file_table import PATH
from gitrepo import RepoBuilder
from scanhelp import build_history


def test_open_scan_filter_and_drill_down(qtbot, window, repo_builder: RepoBuilder) -> None:
    shas = build_history(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    assert window.stack.currentIndex() == 2
    assert window.table_model.rowCount() == 2
    assert window.proxy.index(0, PATH).data() == "app/engine.py"  # sorted by hotspot score
    assert "7 commits, 2 code files, 3 quarters" in window.statusBar().currentMessage()
    window.table.sortByColumn(PATH, Qt.SortOrder.AscendingOrder)
    assert [window.proxy.index(r, PATH).data() for r in range(2)] == ["app/engine.py", "app/feature.js"]

    window.trends.select_period("2024Q2")  # as a click on the plot does
    assert window.proxy.rowCount() == 2
    window.trends.select_period("2024Q1")
    assert [window.proxy.index(r, PATH).data() for r in range(window.proxy.rowCount())] == ["app/engine.py"]
    assert "2024Q1" in window.period_summary.text() and "app/engine.py" in window.period_summary.text()
    window.select_period(None)
    assert window.proxy.rowCount() == 2

    window.select_file("app/engine.py", switch=True)
    detail = window.detail
    assert "app/engine.py" in detail.header.text() and "4 revisions" in detail.header.text()
    record = window.result.file("app/engine.py")
    authors = f"by {record.authors} author{'' if record.authors == 1 else 's'} ·"
    assert authors in detail.header.text()  # "1 author", never "1 authors"
    assert detail.functions_model.rowCount() == 2
    assert detail.commits_model.rowCount() == 4
    qtbot.waitUntil(lambda: len(detail.blame.lines) == 12, timeout=10000)
    assert {line.sha for line in detail.blame.lines} >= {shas["create"], shas["append"]}
    detail.commits.selectRow(0)
    qtbot.waitUntil(lambda: "+VERSION = 4" in detail.diff.toPlainText(), timeout=10000)

    from debt_explorer.ui.views.main_actions import write_report

    write_report(window.result, str(repo_builder.path.parent / "report.html"))
    assert "Retrospective: 2024Q1 → 2024Q2" in (repo_builder.path.parent / "report.html").read_text()

    retro = window.retro
    assert (retro.before.currentText(), retro.after.currentText()) == ("2024Q1", "2024Q2")
    assert "▲ +3" in retro.cards["complexity"].text()  # 4 -> 7: feature.js arrived
    assert retro.retro.after.complexity == result_complexity(window, "2024Q2")
    model = retro.lists["complexity_up"][1]
    assert model.stringList()[0].startswith("app/feature.js  0 → ")
    retro.lists["complexity_up"][0].activated.emit(model.index(0))
    assert window.detail.path == "app/feature.js"

    window.select_file("app/feature.js")
    window.go(-1)
    assert detail.path == "app/engine.py"
    window.go(1)
    assert detail.path == "app/feature.js"


def test_non_repository_shows_a_clear_error(qtbot, window, tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    window.open_repository(str(tmp_path / "plain"))
    qtbot.waitUntil(lambda: window.start_page.error.isVisible(), timeout=10000)
    assert "not a git repository" in window.start_page.error.text()
    assert window.stack.currentIndex() == 0 and window.result is None


def test_cancel_and_superseded_scans(qtbot, window, tmp_path: Path, repo_builder: RepoBuilder) -> None:
    big = generate_history(tmp_path / "big", commits=1500, files=150, seed=5)
    window.open_repository(str(big.path))
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 1, timeout=5000)
    window.cancel_scan()
    assert window.stack.currentIndex() == 0 and window.result is None
    # A second repository opened mid-scan wins; the first one's late result never shows.
    build_history(repo_builder)
    window.open_repository(str(big.path))
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    qtbot.wait(300)
    assert window.result.repo.path == str(repo_builder.path)
    assert window.table_model.rowCount() == 2
    assert str(repo_builder.path) in window.settings.value("recent")


def test_plan_survives_a_restart_of_the_window(qtbot, window, tmp_path: Path, repo_builder: RepoBuilder) -> None:
    from debt_explorer.ui.views.main_window import MainWindow

    build_history(repo_builder)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    window.plan.add_item("app/engine.py", note="split f and g", priority="high", effort="S")
    assert window.plan.model.rowCount() == 1
    assert window.plan.model.item(0, 2).text() == "app/engine.py"
    window.close()
    again = MainWindow(window.settings)
    qtbot.addWidget(again)
    again.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, again)
    assert again.plan.model.rowCount() == 1
    assert [again.plan.model.item(0, c).text() for c in (0, 1, 4)] == ["high", "S", "split f and g"]
    again.plan.table.selectRow(0)
    again.plan.remove_selected()
    assert again.plan.model.rowCount() == 0


def result_complexity(window, period: str) -> int:
    return next(p.complexity for p in window.result.periods if p.period == period)


def test_blame_highlights_exactly_the_ai_lines(qtbot, window, repo_builder: RepoBuilder) -> None:
    from scanhelp import ALICE

    repo_builder.write("mixed.py", "def h(a):\n    return a\n")
    repo_builder.commit("human", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("mixed.py", "def h(a):\n    return a\n\n\ndef g(b):\n    return b\n")
    repo_builder.commit("Add g\n\nCo-Authored-By: Claude <noreply@anthropic.com>", "2024-02-10T12:00:00+00:00", ALICE)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    window.select_file("mixed.py", switch=True)
    detail = window.detail
    qtbot.waitUntil(lambda: len(detail.blame.lines) == 6, timeout=10000)
    assert detail.ai_line_numbers() == [3, 4, 5, 6]
    assert len(detail.blame.extraSelections()) == 4
    assert "AI: <b>disclosed</b> (high)" in detail.header.text()


def test_style_score_column_ai_filter_and_evidence_jump(qtbot, window, repo_builder: RepoBuilder) -> None:
    from scanhelp import ALICE

    from debt_explorer.core.ai.style_model import load_model
    from debt_explorer.ui.models.file_table import AI, AI_FILTERS, PATH, STYLE

    human = "".join(f"def f{i}(a):\n    # TODO(ana): check {i}\n    return a + {i}\n" for i in range(8))
    repo_builder.write("human.py", human)
    repo_builder.commit("human", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("agent.py", "".join(f"def g{i}(b):\n    return b * {i}\n" for i in range(10)))
    repo_builder.commit("Add g\n\nCo-Authored-By: Claude <noreply@anthropic.com>", "2024-02-10T12:00:00+00:00", ALICE)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    human_record = window.result.file("human.py")
    model = window.table_model
    row = model.row_of("human.py")
    assert model.index(row, STYLE).data() == f"{human_record.ai.style_score:.2f}"
    assert model.index(model.row_of("agent.py"), STYLE).data() == ""  # disclosed files get no style score
    assert "ROC AUC" in model.index(row, AI).data(Qt.ItemDataRole.ToolTipRole)
    window.ai_filter.setCurrentIndex(1)  # AI: disclosed
    shown = [window.proxy.index(r, PATH).data() for r in range(window.proxy.rowCount())]
    assert shown == ["agent.py"]
    texts = [t for t, _ in AI_FILTERS]
    assert ("AI: disclosed or possible" in texts) == load_model().allow_possible  # offered only when allowed
    if "AI: disclosed or possible" in texts:
        window.ai_filter.setCurrentIndex(texts.index("AI: disclosed or possible"))
        expected = {"agent.py"} | ({"human.py"} if human_record.ai.label == "possible" else set())
        assert {window.proxy.index(r, PATH).data() for r in range(window.proxy.rowCount())} == expected
    else:
        assert human_record.ai.label == "none"
    window.select_file("human.py", switch=True)
    detail = window.detail
    assert f"style score {human_record.ai.style_score:.2f}" in detail.header.text()
    assert ("weak signal" in detail.header.text() or "close to chance" in detail.header.text()) == (
        not load_model().meets_target)
    qtbot.waitUntil(lambda: len(detail.blame.lines) == 24, timeout=10000)
    rows = {detail.evidence_model.item(r, 0).text(): r for r in range(detail.evidence_model.rowCount())}
    assert "style score" in rows
    personal = rows["personal todo"]  # a signal found at specific lines is always listed
    assert detail.evidence_model.item(personal, 3).text() == "2, 5, 8, 11, 14, 17, 20, 23"
    detail._evidence_chosen(detail.evidence_model.index(personal, 3))
    assert detail.tabs.currentWidget() is detail.blame_view
    assert detail.blame.textCursor().blockNumber() == 1  # line 2: "# TODO(ana): check 0"


def test_blame_follows_git_ai_note_line_ranges(qtbot, window, repo_builder: RepoBuilder) -> None:
    from scanhelp import ALICE

    repo_builder.write("core.py", "".join(f"def f{i}():\n    return {i}\n" for i in range(3)))
    sha = repo_builder.commit("Add core", "2024-01-10T12:00:00+00:00", ALICE)
    meta = '---\n{"schema_version": "authorship/3.0.0", "sessions": {"s_1": {"agent_id": {"tool": "claude"}}}}'
    identity = {"GIT_AUTHOR_NAME": "n", "GIT_AUTHOR_EMAIL": "n@x", "GIT_COMMITTER_NAME": "n", "GIT_COMMITTER_EMAIL": "n@x"}
    repo_builder.git("notes", "--ref=refs/notes/ai", "add", "-m", "core.py\n  s_1::t_2 3-4\n  h_3 1-2,5-6\n" + meta, sha,
                     env=identity)
    window.open_repository(str(repo_builder.path))
    wait_for_result(qtbot, window)
    window.select_file("core.py", switch=True)
    detail = window.detail
    qtbot.waitUntil(lambda: len(detail.blame.lines) == 6, timeout=10000)
    assert detail.ai_line_numbers() == [3, 4]
    assert len(detail.blame.extraSelections()) == 2
    assert window.result.file("core.py").ai.disclosed_line_share == round(2 / 6, 4)


def test_first_result_shows_the_hotspots_before_the_scan_ends(qtbot, window, repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    shown: list[tuple[int, int]] = []  # (table rows, trend periods) when the first result arrives
    tabs: list[object] = []
    labels: list[str] = []
    languages: list[list[str]] = []
    from debt_explorer.core.models import Phase, Progress
    original = window._show_first_result

    def spy(partial):  # noqa: ANN001, ANN202
        original(partial)
        shown.append((window.table_model.rowCount(), len(window.trends.labels())))
        tabs.append(window.tabs.currentWidget())
        languages.append([window.hotspots.language.itemText(i) for i in range(window.hotspots.language.count())])
        window._progress(window.token, Progress(Phase.METRICS, 1, 2, "metrics"))
        labels.append(window.status_progress.label.text())

    window._show_first_result = spy
    from debt_explorer.core.options import ScanOptions

    window.open_repository(str(repo_builder.path), ScanOptions(use_cache=False))  # a cached result comes whole
    wait_for_result(qtbot, window)
    assert shown == [(2, 0)]  # files ranked, trends still empty
    assert tabs == [window.hotspots]  # not the Overview with four empty plots
    assert languages[0][0] == "All languages" and "Python" in languages[0]  # it was left empty in the first view
    assert labels[0].startswith("First result shown, scanning on: ") and "Rescanning" not in labels[0]
    assert window.trends.labels() == ["2024Q1", "2024Q2", "2024Q3"]
    assert window.proxy.index(0, PATH).data() == "app/engine.py"
