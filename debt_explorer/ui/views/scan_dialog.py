"""Scan options for one repository (remembered per repository by the main window)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from debt_explorer.core.options import PERIODS, ScanOptions


class ScanOptionsDialog(QDialog):
    def __init__(self, options: ScanOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scan options")
        self.rev = QLineEdit(options.rev)
        self.rev.setToolTip("Branch, tag or commit to scan")
        self.use_since, self.since = QCheckBox("from"), QDateEdit()
        self.use_until, self.until = QCheckBox("to"), QDateEdit()
        for check, edit, value in ((self.use_since, self.since, options.since), (self.use_until, self.until, options.until)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            check.setChecked(value is not None)
            edit.setDate(QDate(value.year, value.month, value.day) if value else QDate.currentDate())
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period.setCurrentText(options.period)
        self.include = QLineEdit(" ".join(options.include))
        self.include.setPlaceholderText("e.g. src/** (space-separated globs; empty: everything)")
        self.exclude = QLineEdit(" ".join(options.exclude))
        self.exclude.setPlaceholderText("e.g. tests/** docs/**")
        self.window_months = QSpinBox()
        self.window_months.setRange(1, 120)
        self.window_months.setValue(options.window_months)
        self.window_months.setSuffix(" months")
        self.window_months.setToolTip("The recent window for hotspot scores and the high-churn rule")
        form = QFormLayout(self)
        form.addRow("Revision", self.rev)
        form.addRow(self.use_since, self.since)
        form.addRow(self.use_until, self.until)
        form.addRow("Period", self.period)
        form.addRow("Include", self.include)
        form.addRow("Exclude", self.exclude)
        form.addRow("Hotspot window", self.window_months)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._base = options

    def accept(self) -> None:
        """Only valid options close the dialog; a bad pattern or date range is said in one line."""
        try:
            self.options()
        except ValueError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Scan options", str(exc))
            return
        super().accept()

    def options(self) -> ScanOptions:
        def as_date(edit: QDateEdit) -> date:
            value = edit.date()
            return date(value.year(), value.month(), value.day())

        from dataclasses import replace

        return replace(self._base, rev=self.rev.text().strip() or "HEAD",
                       since=as_date(self.since) if self.use_since.isChecked() else None,
                       until=as_date(self.until) if self.use_until.isChecked() else None,
                       period=self.period.currentText(), include=tuple(self.include.text().split()),
                       exclude=tuple(self.exclude.text().split()), window_months=self.window_months.value())
