"""The scan options dialog refuses options the scanner would refuse, in one line, and keeps the dialog open."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from debt_explorer.core.options import ScanOptions
from debt_explorer.ui.views.scan_dialog import ScanOptionsDialog


def test_bad_pattern_keeps_the_dialog_open(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(text))
    dialog = ScanOptionsDialog(ScanOptions())
    qtbot.addWidget(dialog)
    dialog.include.setText("src/** [z-a].py")
    dialog.accept()
    assert dialog.result() == 0 and told == ["--include: not a valid pattern '[z-a].py': bad character range z-a"]
    dialog.include.setText("src/**")
    dialog.accept()
    assert dialog.result() == 1 and dialog.options().include == ("src/**",)
