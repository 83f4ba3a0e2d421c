"""Syntax colouring for unified diffs (read from git objects, never from an external diff program)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument


def _format(colour: str, bold: bool = False, background: str | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if background:
        fill = QColor(background)
        fill.setAlpha(40)
        fmt.setBackground(fill)
    return fmt


class DiffHighlighter(QSyntaxHighlighter):
    """Green additions, red deletions, blue hunk headers, bold file headers."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.added = _format("#1e8449", background="#1e8449")
        self.removed = _format("#c0392b", background="#c0392b")
        self.hunk = _format("#2e86c1", bold=True)
        self.header = _format("#7f8c8d", bold=True)

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---", "diff --git", "index ", "rename ", "similarity ", "new file", "deleted file")):
            self.setFormat(0, len(text), self.header)
        elif text.startswith("@@"):
            self.setFormat(0, len(text), self.hunk)
        elif text.startswith("+"):
            self.setFormat(0, len(text), self.added)
        elif text.startswith("-"):
            self.setFormat(0, len(text), self.removed)
