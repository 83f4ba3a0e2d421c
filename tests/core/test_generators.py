"""The synthetic history generator and the demo repository: deterministic, with the shapes they promise."""

from __future__ import annotations

import subprocess
from pathlib import Path

from debt_explorer.core.demo import create_demo_repo
from debt_explorer.core.synthetic import append_commits, generate_history, git_env
from scanhelp import scan


def git(path: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True, check=True,
                          env=git_env()).stdout


def test_synthetic_history_is_deterministic_and_shaped(tmp_path: Path) -> None:
    first = generate_history(tmp_path / "a", commits=300, files=60, seed=3)
    second = generate_history(tmp_path / "b", commits=300, files=60, seed=3)
    assert first.head == second.head
    assert first.commits == 300 == int(git(first.path, "rev-list", "--count", "HEAD"))
    assert int(git(first.path, "rev-list", "--merges", "--count", "HEAD")) == 5
    statuses = git(first.path, "log", "--format=", "-M", "--name-status").split("\n")
    assert any(line.startswith("R") for line in statuses)
    assert any(line.startswith("D") for line in statuses)
    messages = git(first.path, "log", "--format=%B%x00").split("\x00")
    assert sum("Co-Authored-By: Claude" in m for m in messages) > 0
    assert "dependabot[bot]" in git(first.path, "log", "--format=%an")
    assert generate_history(tmp_path / "c", commits=300, files=60, seed=4).head != first.head


def test_append_commits_adds_exactly_n(tmp_path: Path) -> None:
    repo = generate_history(tmp_path / "a", commits=120, files=30, seed=1)
    head = append_commits(repo.path, 7)
    assert int(git(repo.path, "rev-list", "--count", f"{repo.head}..{head}")) == 7


def test_demo_repository(tmp_path: Path) -> None:
    path = Path(create_demo_repo(tmp_path / "demo"))
    again = Path(create_demo_repo(tmp_path / "demo2"))
    assert git(path, "rev-parse", "HEAD") == git(again, "rev-parse", "HEAD")
    assert int(git(path, "rev-list", "--count", "HEAD")) == 204
    result = scan(path)
    assert [p.period for p in result.periods] == [f"{y}Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)] + [
        "2025Q1", "2025Q2"]
    top = [f.path for f in result.files[:3]]
    assert top[0] == "shop/billing.py" and "web/src/cart.ts" in top
    assert result.file("shop/taxes.py").high_churn
    assert result.file("shop/helpers.py").first_commit_date == result.repo.first_commit_date  # renamed utils.py
    ai_messages = git(path, "log", "--format=%B%x00").split("\x00")
    assert sum("Claude Code" in m for m in ai_messages) >= 4
    assert "(aider)" in git(path, "log", "--format=%an")
    assert "Initial plan" in git(path, "log", "--format=%s")
