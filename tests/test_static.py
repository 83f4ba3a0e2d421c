"""The static checks are part of the test run: mypy and ruff must pass on the package.

Their configuration (rule set, strictness per layer, the few per-module exceptions) lives in
pyproject.toml; both tools are pinned in the ``test`` extra so CI gives the same answer on any machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "debt_explorer"


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True, timeout=600)


def _report(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"


def test_mypy_finds_no_errors(tmp_path: Path) -> None:
    proc = _run("mypy", "--cache-dir", str(tmp_path / "cache"), "--config-file", "pyproject.toml", PACKAGE)
    print(_report(proc))
    assert proc.returncode == 0, _report(proc)
    assert "error:" not in proc.stdout


def test_ruff_finds_nothing() -> None:
    proc = _run("ruff", "check", "--no-cache", "--output-format", "concise", PACKAGE)
    print(_report(proc))
    assert proc.returncode == 0, _report(proc)
    assert "All checks passed" in proc.stdout


@pytest.mark.parametrize("tool", ["mypy", "ruff"])
def test_the_checkers_really_check(tool: str, tmp_path: Path) -> None:
    """A deliberately broken file is reported, so a green result above means something."""
    broken = tmp_path / "broken.py"
    broken.write_text("import os\n\n\ndef half(x: int) -> str:\n    return x / 2\n", encoding="utf-8")
    if tool == "mypy":
        proc = _run("mypy", "--cache-dir", str(tmp_path / "cache"), "--config-file", str(ROOT / "pyproject.toml"),
                    str(broken))
        assert proc.returncode == 1, _report(proc)
        assert 'Incompatible return value type (got "float", expected "str")' in proc.stdout
    else:
        proc = _run("ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(broken))
        assert proc.returncode == 1, _report(proc)
        assert "F401" in proc.stdout
