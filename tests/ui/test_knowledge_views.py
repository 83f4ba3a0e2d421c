"""Knowledge loss in the window: the dashed line of the cohort plot, the Lines summary, the retrospective."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "provenance"))

from gitrepo import RepoBuilder  # noqa: E402
from scanhelp import scan  # noqa: E402
from test_knowledge_loss import build  # noqa: E402


def test_knowledge_loss_line_summary_and_retrospective(qtbot, tmp_path) -> None:
    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.views.lines_view import LinesView
    from debt_explorer.ui.views.retro_view import RetroView

    create_app()
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path, window_months=3)
    view = LinesView()
    qtbot.addWidget(view)
    view.set_result(result)
    dashed = [item for item in view.loss_box.addedItems if item.__class__.__name__ == "PlotDataItem"]
    assert len(dashed) == 1 and list(dashed[0].yData) == [0.0, 0.0, 40.0, 100 * round(8 / 22, 4)]
    assert "knowledge loss <b>36%</b> of code lines at the end of 2023Q4" in view.summary.text()
    retro = RetroView()
    qtbot.addWidget(retro)
    retro.set_result(result)
    retro.before.setCurrentIndex(retro.before.findData("2023Q2"))
    retro.after.setCurrentIndex(retro.after.findData("2023Q3"))
    card = retro.cards["knowledge_loss_share"].text()
    assert "40%" in card and "+40 pts" in card and "(was 0%)" in card
    assert ("Knowledge loss rose from 0% of code lines in 2023Q2 to 40% in 2023Q3" in retro.findings.text()
            and "authors who left: Ann Lee (8 lines, last commit 2023-05-10)" in retro.findings.text())
