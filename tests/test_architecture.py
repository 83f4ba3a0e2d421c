"""The architecture's one hard rule: debt_explorer.core never imports Qt (import-linter contract)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_core_never_imports_qt() -> None:
    root = Path(__file__).resolve().parents[1]
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout
