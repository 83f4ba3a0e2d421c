"""The start page: open a repository (dialog, drop, recent list) or the demo; errors show here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from debt_explorer.ui.roles import PATH_ROLE


class StartPage(QWidget):
    openRequested = Signal(str)
    browseRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h1>Debt Explorer</h1><p>See where technical debt piles up: hotspots, high-churn files, "
                       "AI-written code and the maintenance burden, quarter by quarter.</p>")
        title.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("errorBanner")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel#errorBanner { background: #f8d7da; color: #721c24; padding: 8px;"
                                 " border-radius: 4px; }")
        self.error.hide()
        open_button = QPushButton("Open a repository…")
        open_button.setToolTip("Choose a folder holding a git repository (Ctrl+O)")
        open_button.clicked.connect(self.browseRequested)
        demo_button = QPushButton("Open the demo repository")
        demo_button.setToolTip("A generated web shop with ten quarters of history, hotspots and AI-tool commits")
        demo_button.clicked.connect(self.demoRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(demo_button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setToolTip("Double-click (or press Enter) to open")
        self.recent.itemActivated.connect(lambda item: self.openRequested.emit(item.data(PATH_ROLE)))
        hint = QLabel("…or drop a repository folder anywhere on this window. The repository is only read, never changed.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(self.error)
        column.addLayout(buttons)
        column.addWidget(QLabel("<b>Recent repositories</b>"))
        self.no_recent = QLabel("None yet: repositories you open are listed here. New to Debt Explorer? "
                                "Open the demo repository to see every view with ten quarters of history.")
        self.no_recent.setWordWrap(True)
        self.no_recent.setStyleSheet("color: palette(placeholder-text); padding: 8px 0;")
        self.no_recent.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.no_recent, 1)  # takes the list's place (and its stretch) when there is none
        column.addWidget(self.recent, 1)
        column.addWidget(hint)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(path)
            item.setData(PATH_ROLE, path)
            self.recent.addItem(item)
        self.no_recent.setVisible(not paths)
        self.recent.setVisible(bool(paths))

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
