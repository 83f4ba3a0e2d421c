"""Retrospective deltas and the shareable reports, on a repository with known changes."""

from __future__ import annotations

from pathlib import Path

from debt_explorer.core.report import render_html, render_markdown
from debt_explorer.core.retro import compare_periods, default_periods
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, scan
from test_scan_inputs import cli

SIMPLE = "def s(a):\n    return a\n"
BRANCHY = "def s(a):\n" + "".join(f"    if a == {i}:\n        return {i}\n" for i in range(6)) + "    return a\n"


def build(builder: RepoBuilder) -> None:
    builder.write("app/stable.py", SIMPLE)
    builder.write("app/grow.py", SIMPLE)
    builder.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    builder.write("app/grow.py", BRANCHY)  # complexity 1 -> 7 in Q2
    builder.write("app/<odd&name>.py", SIMPLE)
    builder.commit("Grow <script>alert(1)</script>\n\nCo-Authored-By: Claude <noreply@anthropic.com>",
                   "2024-04-10T12:00:00+00:00", BOB)
    builder.write("app/stable.py", SIMPLE + "X = 1\n")
    builder.commit("touch stable", "2024-07-02T12:00:00+00:00", ALICE)


def test_deltas_findings_and_escaped_reports(repo_builder: RepoBuilder) -> None:
    build(repo_builder)
    result = scan(repo_builder.path)
    assert default_periods(result) == ("2024Q1", "2024Q2")  # 2024Q3 is still running at the last commit
    retro = compare_periods(result, "2024Q1", "2024Q2")
    assert (retro.before.complexity, retro.after.complexity) == (2, 9)
    assert [(d.path, d.before, d.after) for d in retro.complexity_up] == [("app/grow.py", 1, 7), ("app/<odd&name>.py", 0, 1)]
    assert retro.new_ai_files == ("app/<odd&name>.py",)
    assert "app/grow.py" in {d.path for d in retro.churn_jumps}
    assert any("Total complexity went from 2 to 9" in f for f in retro.findings)
    assert any("AI-attributed commits: 0% → 100%" in f for f in retro.findings)
    page = render_html(result, retro)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "app/&lt;odd&amp;name&gt;.py" in page and "<odd&name>" not in page
    assert "http://" not in page and "https://" not in page  # self-contained: no external assets
    assert page.count("<svg") == 4
    markdown = render_markdown(result, retro)
    assert "| complexity | 2 | 9 |" in markdown and "&lt;odd&amp;name&gt;" in markdown


def test_report_command(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build(repo_builder)
    out = tmp_path / "report.html"
    proc = cli("report", str(repo_builder.path), "--html", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "Retrospective: 2024Q1 → 2024Q2" in out.read_text()
    proc = cli("report", str(repo_builder.path), "--format", "markdown", "--output", "-", "--quiet",
               "--before", "2024Q1", "--after", "2024Q2")
    assert proc.returncode == 0 and "**2024Q1 → 2024Q2**" in proc.stdout
    bad = cli("report", str(repo_builder.path), "--output", "-", "--before", "1999Q1", "--after", "2024Q2", "--quiet")
    assert bad.returncode == 2 and "unknown period" in bad.stderr
