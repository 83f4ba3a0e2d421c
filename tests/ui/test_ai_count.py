"""One count of AI commits: the CLI summary, the JSON (list and periods) and the GUI's AI plot agree."""

from __future__ import annotations

import io
import json

from rich.console import Console

from debt_explorer.core.export import write_json
from debt_explorer.report_text import print_summary
from debt_explorer.ui.views.trends import TrendsView
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, scan

CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"


def _history(b: RepoBuilder) -> None:
    b.write("main.py", "def m():\n    return 0\n")
    b.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    b.write("ai.py", "def a():\n    return 1\n")
    b.commit("Add a" + CLAUDE, "2024-02-10T12:00:00+00:00", ALICE)  # own trace
    b.git("branch", "copilot/fix-3")
    b.git("branch", "topic")
    b.checkout("copilot/fix-3")
    b.write("fix.py", "def fix():\n    return 2\n")
    b.commit("Fix", "2024-04-11T12:00:00+00:00", BOB)  # brought in by the agent-branch merge below
    b.checkout("main")
    b.merge("copilot/fix-3", "Merge pull request #3 from acme/copilot/fix-3", "2024-04-12T12:00:00+00:00")
    b.checkout("topic")
    b.write("topic.py", "def t():\n    return 3\n")
    b.commit("Topic work", "2024-05-01T12:00:00+00:00", BOB)
    b.checkout("main")
    # a merge with its own trace: listed nowhere as an AI commit (merges are not commits per period)
    b.merge("topic", "Merge topic, conflicts resolved by Claude" + CLAUDE, "2024-05-02T12:00:00+00:00")


def test_cli_summary_json_periods_and_gui_give_one_count(qtbot, repo_builder: RepoBuilder) -> None:
    _history(repo_builder)
    result = scan(repo_builder.path)
    periods = sum(p.ai_commits or 0 for p in result.periods)
    assert periods == 2

    stream = io.StringIO()
    write_json(result, stream)
    data = json.loads(stream.getvalue())
    assert len(data["ai_commits"]) == sum(p["ai_commits"] for p in data["periods"]) == periods

    out = io.StringIO()
    print_summary(result, console=Console(file=out, width=200, no_color=True))
    assert f"AI: {periods} commits with disclosed traces" in out.getvalue()

    view = TrendsView()
    qtbot.addWidget(view)
    view.set_result(result)
    assert view.plots[2].getPlotItem().titleLabel.text.endswith(f": {periods} AI commits")
    # team adoption as a trend: share of each period's authors with any AI-attributed commit
    assert [(p.ai_authors, p.authors) for p in result.periods] == [(1, 1), (1, 1)]
    curves = [item for item in view.share_boxes[1].addedItems if hasattr(item, "yData")]
    assert [list(c.yData) for c in curves] == [[50.0, 50.0], [100.0, 100.0]]
