"""Knowledge loss per period (line provenance) and the retrospective's finding: exact values on a built repo."""

from __future__ import annotations

from datetime import datetime

from scanhelp import scan
from gitrepo import RepoBuilder

from debt_explorer.core.models import LostFile, LostOwner
from debt_explorer.core.report import render_html, render_markdown
from debt_explorer.core.retro import compare_periods

ANN = ("Ann Lee", "ann@example.com")
BEN = ("Ben Roe", "ben@example.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")


def lines(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i} = {i}\n" for i in range(1, count + 1)]


def ts(day: str) -> int:
    return int(datetime.fromisoformat(day + "T12:00:00+00:00").timestamp())


def build(repo: RepoBuilder) -> None:
    """Ann writes a.py and stops committing after May 2023; Ben keeps working; a bot adds lines at the end."""
    a = lines("ann", 10)
    repo.write("pkg/a.py", "".join(a))
    repo.commit("a", "2023-01-15T12:00:00+00:00", ANN)
    b = lines("ben", 6)
    repo.write("pkg/b.py", "".join(b))
    repo.commit("b", "2023-02-15T12:00:00+00:00", BEN)
    b += lines("more", 4)
    repo.write("pkg/b.py", "".join(b))
    repo.commit("b more", "2023-04-15T12:00:00+00:00", BEN)
    repo.write("README.md", "# doc\n")  # Ann's last commit touches no code: still a commit
    repo.commit("doc", "2023-05-10T12:00:00+00:00", ANN)
    a = ["x1 = 1\n", "x2 = 2\n"] + a[2:]  # Ben rewrites two of Ann's lines
    repo.write("pkg/a.py", "".join(a))
    repo.commit("rewrite", "2023-08-10T12:00:00+00:00", BEN)
    b += lines("late", 2)
    repo.write("pkg/b.py", "".join(b))
    repo.commit("late", "2023-11-10T12:00:00+00:00", BEN)
    repo.write("pkg/a.py", "".join(a + lines("bump", 3)))
    repo.commit("bump", "2023-12-01T12:00:00+00:00", BOT)


def test_knowledge_loss_per_period_is_exact(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path, window_months=3)
    by = {p.period: p for p in result.periods}
    assert list(by) == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    # Q1, Q2: both authors committed within 3 months of the period end
    assert (by["2023Q1"].knowledge_loss_share, by["2023Q1"].knowledge_loss_lines) == (0.0, 0)
    assert (by["2023Q2"].knowledge_loss_share, by["2023Q2"].knowledge_loss_lines) == (0.0, 0)
    assert by["2023Q2"].knowledge_loss_authors == () and by["2023Q2"].knowledge_loss_files == ()
    # Q3 (end 2023-09-30): Ann's last commit 2023-05-10 is before 2023-06-30; her 8 surviving lines of 20
    q3 = by["2023Q3"]
    assert (q3.knowledge_loss_share, q3.knowledge_loss_lines) == (0.4, 8)
    assert q3.knowledge_loss_authors == (LostOwner("Ann Lee", 8, ts("2023-05-10")),)
    assert q3.knowledge_loss_files == (LostFile("pkg/a.py", 8, 0.8, share_before=0.0),)  # 0% at Q2's end
    # Q4 is measured at the newest commit (2023-12-01); the bot's 3 lines count in neither part: 8 of 22
    q4 = by["2023Q4"]
    assert (q4.knowledge_loss_share, q4.knowledge_loss_lines) == (round(8 / 22, 4), 8)
    assert q4.knowledge_loss_files == (LostFile("pkg/a.py", 8, 0.8, share_before=0.8),)
    # the last period uses the per-file rule exactly: the files' lost lines add up to it
    files = {f.path: f.line_origins for f in result.files}
    assert files["pkg/a.py"].knowledge_loss_share == 0.8 and files["pkg/b.py"].knowledge_loss_share == 0.0
    assert files["pkg/a.py"].bot_lines == 3
    # scan --json carries the figures per period, and the cached result reads them back unchanged
    from debt_explorer.core.export import period_to_json
    from debt_explorer.core.result_codec import dumps, loads

    import json

    data = json.loads(json.dumps(period_to_json(q3)))
    assert (data["knowledge_loss_share"], data["knowledge_loss_lines"]) == (0.4, 8)
    assert data["knowledge_loss_authors"] == [{"author": "Ann Lee", "lines": 8, "last_commit": ts("2023-05-10")}]
    assert data["knowledge_loss_files"] == [{"path": "pkg/a.py", "lines": 8, "share": 0.8, "share_before": 0.0}]
    assert loads(dumps(result)).periods == result.periods


def test_knowledge_loss_finding_in_retrospective_and_report(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path, window_months=3)
    retro = compare_periods(result, "2023Q2", "2023Q3")
    finding = ("Knowledge loss rose from 0% of code lines in 2023Q2 to 40% in 2023Q3 (held by authors with no "
               "commit in the 3 months before the period's end: 0 → 8 lines); authors who left: Ann Lee (8 lines, "
               "last commit 2023-05-10); top files: pkg/a.py (8 lines, 80%, was 0%).")
    assert finding in retro.findings
    assert "Knowledge loss rose from 0% of code lines in 2023Q2 to 40% in 2023Q3" in render_html(result, retro)
    assert "Knowledge loss rose from 0% of code lines in 2023Q2 to 40% in 2023Q3" in render_markdown(result, retro)
    # windows that are not adjacent: the files' shares at the earlier end are not known, so none is quoted
    wide = compare_periods(result, "2023Q1", "2023Q3")
    assert [f for f in wide.findings if f.startswith("Knowledge loss")][0].endswith(
        "top files: pkg/a.py (8 lines, 80%).")
    # 40% -> 36%: a move under five points says nothing
    quiet = compare_periods(result, "2023Q3", "2023Q4")
    assert not [f for f in quiet.findings if f.startswith("Knowledge loss")]


def test_knowledge_loss_fell_names_no_one_who_left(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    repo.write("pkg/a.py", "".join(lines("new", 5)))  # Ben replaces all of Ann's code
    repo.commit("replace", "2024-01-20T12:00:00+00:00", BEN)
    result = scan(repo.path, window_months=3)
    q1 = {p.period: p for p in result.periods}["2024Q1"]
    assert (q1.knowledge_loss_share, q1.knowledge_loss_lines, q1.knowledge_loss_authors) == (0.0, 0, ())
    retro = compare_periods(result, "2023Q4", "2024Q1")
    assert ("Knowledge loss fell from 36% of code lines in 2023Q4 to 0% in 2024Q1 (held by authors with no commit "
            "in the 3 months before the period's end: 8 → 0 lines).") in retro.findings
