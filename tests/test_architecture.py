"""The layers hold: core never imports Qt, and each layer imports only those below it (import-linter contracts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_import_contracts_are_kept() -> None:
    root = Path(__file__).resolve().parents[1]
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "The core never imports Qt KEPT" in proc.stdout
    assert "Layers: core < ui models < ui views < app < command line KEPT" in proc.stdout
    assert "2 kept, 0 broken" in proc.stdout
