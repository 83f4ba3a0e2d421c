"""What the CLI prints: a summary that fits 80 columns, files written, what next, plain progress, gate wording."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from debt_explorer.core.gate import GateConfig, describe_thresholds, evaluate
from gitrepo import RepoBuilder
from scanhelp import ALICE, scan

SMALL = "def s(a):\n    return a\n"
BIG = "def s(a):\n" + "".join(f"    if a == {i}:\n        return {i}\n" for i in range(21)) + "    return -a\n"


def build(builder: RepoBuilder) -> None:
    """Eleven quarters, one commit each: more periods than the summary shows by default."""
    for index in range(11):
        year, quarter = 2022 + index // 4, index % 4
        builder.write("app/core.py", SMALL + "".join(f"X{i} = {i}\n" for i in range(index)))
        builder.commit(f"q{index}", f"{year}-{3 * quarter + 1:02d}-15T12:00:00+00:00", ALICE)


def run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "COLUMNS": str(columns)}
    env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "debt_explorer", *args], capture_output=True, text=True, env=env)


def test_scan_summary_fits_80_columns_and_says_what_next(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build(repo_builder)
    out = tmp_path / "files.csv"
    done = run("scan", str(repo_builder.path), "--csv", str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").split("\n")
    assert all(len(line) <= 80 for line in lines[:-1]), max(lines[:-1], key=len)
    assert "Per quarter: the last 8 of 11 (--all-periods for every one)" in done.stdout
    assert "2022Q1" not in done.stdout and "2024Q3" in done.stdout
    assert lines[-1].startswith("Next: debt-explorer ")
    assert f"wrote {out}" in done.stderr
    # no terminal: plain progress lines, each naming its step
    progress = [line for line in done.stderr.split("\n") if line.startswith("step ")]
    assert progress and all(" of 6: " in line for line in progress)
    assert "━" not in done.stderr
    every = run("scan", str(repo_builder.path), "--all-periods", columns=160)
    assert "2022Q1" in every.stdout and "the last 8" not in every.stdout


def test_check_names_thresholds_and_new_files(repo_builder: RepoBuilder) -> None:
    repo_builder.write("app/core.py", SMALL)
    base = repo_builder.commit("base", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("app/new.py", BIG)
    repo_builder.commit("add new", "2024-02-10T12:00:00+00:00", ALICE)
    problems = evaluate(scan(repo_builder.path, rev=base), scan(repo_builder.path),
                        GateConfig(max_file_complexity=10, max_complexity_increase=20, top_hotspots=None))
    assert problems == ["app/new.py: new file, complexity 22, above 10",
                        "app/new.py: new file, complexity 22, more than the 20 a change may add"]
    lines = describe_thresholds(GateConfig(max_complexity_increase=5, source="gate.toml"))
    assert "  max_complexity_increase = 5 (from gate.toml)" in lines
    assert "  top_hotspots = 10 (default)" in lines and "  max_file_complexity = off (default)" in lines
    done = run("check", str(repo_builder.path), "--base", "HEAD~1")
    assert "thresholds from defaults:" in done.stdout
    assert "  max_complexity_increase = 20 (default)" in done.stdout
    assert "FAIL app/new.py: new file, complexity 22, more than the 20 a change may add" in done.stdout


def test_report_with_wider_windows_and_the_too_small_warning(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build(repo_builder)
    target = tmp_path / "report.md"
    done = run("report", str(repo_builder.path), "--span", "2", "--format", "markdown", "--output", str(target))
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert "**2023Q3–2023Q4 → 2024Q1–2024Q2**" in text  # 2024Q2 is the last full quarter (2024Q3 is running)
    assert "> ⚠ 2023Q3–2023Q4 is too small to compare: 2 commit(s)" in text
    assert "> ⚠ 2024Q1–2024Q2 is too small to compare: 2 commit(s)" in text
    assert f"wrote {target}" in done.stderr
