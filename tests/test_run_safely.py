"""Started inside an untrusted repository, the entry point and ``python -P -m`` import none of its files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def hostile_folder(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "imported"
    folder = tmp_path / "repo"
    folder.mkdir()
    for name in ("rich.py", "platformdirs.py", "argparse.py"):
        (folder / name).write_text(f"open({str(marker)!r}, 'a').write({name!r})\n")
    return folder, marker


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}


def test_entry_point_and_python_dash_p_import_nothing_from_the_folder(hostile_folder: tuple[Path, Path]) -> None:
    folder, marker = hostile_folder
    entry = shutil.which("debt-explorer", path=str(Path(sys.executable).parent))
    assert entry is not None, "the package must be installed (pip install -e .)"
    for argv in ([entry, "scan", "--help"], [sys.executable, "-P", "-m", "debt_explorer", "scan", "--help"]):
        proc = subprocess.run(argv, cwd=folder, env=_env(), capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert not marker.exists(), argv


def test_plain_python_dash_m_does_import_the_folder(hostile_folder: tuple[Path, Path]) -> None:
    """Why the README says -P: without it Python imports the current folder's files first."""
    folder, marker = hostile_folder
    subprocess.run([sys.executable, "-m", "debt_explorer", "scan", "--help"], cwd=folder, env=_env(),
                   capture_output=True, text=True)
    assert marker.exists()
