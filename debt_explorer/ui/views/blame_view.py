"""Source with blame: line numbers, the commit of every line, syntax colour, and the AI-line highlight with its legend.

Each row reads ``  12 1a2b3c4d Alice Martin     2024-05-02 │ source``.  The source part is coloured with
pygments tokens computed in the background worker that also ran ``git blame`` (never on the GUI thread);
lines last changed by AI-attributed commits get a full-width tint, explained by the legend above.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QMouseEvent, QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QToolTip, QVBoxLayout, QWidget

from debt_explorer.core.blame import BlameLine
from debt_explorer.ui.theme import SERIES, is_dark

#: (start column, length, pygments token type as text) per source line
Spans = list[list[tuple[int, int, str]]]

_LIGHT = {"Keyword": "#8e44ad", "Name.Function": "#1f618d", "Name.Class": "#1f618d", "Name.Builtin": "#7d3c98",
          "Literal.String": "#1e8449", "Literal.Number": "#b9770e", "Comment": "#7f8c8d", "Operator.Word": "#8e44ad",
          "Name.Decorator": "#b9770e"}
_DARK = {"Keyword": "#c39bd3", "Name.Function": "#85c1e9", "Name.Class": "#85c1e9", "Name.Builtin": "#d7bde2",
         "Literal.String": "#82e0aa", "Literal.Number": "#f8c471", "Comment": "#95a5a6", "Operator.Word": "#c39bd3",
         "Name.Decorator": "#f8c471"}


def _date(stamp: int | None) -> str:
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d") if stamp else "–"


def token_spans(path: str, lines: list[str]) -> Spans:
    """Per line, the coloured token spans of ``lines`` as source of ``path`` (no lexer known: no colour)."""
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    spans: Spans = [[] for _ in lines]
    try:
        lexer = get_lexer_for_filename(path, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return spans
    row, column = 0, 0
    for token, value in lexer.get_tokens("\n".join(lines)):
        kind = str(token).removeprefix("Token.")
        for index, part in enumerate(value.split("\n")):
            if index:
                row, column = row + 1, 0
            if part and row < len(spans) and kind not in ("Text", "Text.Whitespace", "Name", "Punctuation"):
                spans[row].append((column, len(part), kind))
            column += len(part)
    return spans


def blame_row(number: int, line: BlameLine, author_width: int) -> str:
    return f"{number:>5} {line.sha[:8]} {line.author[:18]:<{author_width}} {_date(line.author_time)} │ {line.text}"


class _SourceHighlighter(QSyntaxHighlighter):
    def __init__(self, edit: "BlameEdit") -> None:
        super().__init__(edit.document())
        self.edit = edit
        palette = _DARK if is_dark() else _LIGHT
        self.formats: dict[str, QTextCharFormat] = {}
        for kind, colour in palette.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            if kind == "Keyword":
                fmt.setFontWeight(QFont.Weight.Bold)
            self.formats[kind] = fmt
        self.gutter = QTextCharFormat()
        self.gutter.setForeground(QColor("#888888"))

    def _format(self, kind: str) -> QTextCharFormat | None:
        while kind:
            if kind in self.formats:
                return self.formats[kind]
            kind = kind.rpartition(".")[0]
        return None

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        bar = text.find("│ ")
        if bar < 0:
            return
        self.setFormat(0, bar + 1, self.gutter)
        number = self.currentBlock().blockNumber()
        if number < len(self.edit.spans):
            for start, length, kind in self.edit.spans[number]:
                fmt = self._format(kind)
                if fmt is not None:
                    self.setFormat(bar + 2 + start, length, fmt)


class BlameEdit(QPlainTextEdit):
    """Read-only source with one blame annotation per line; hovering a line names its commit."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setMouseTracking(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.lines: list[BlameLine] = []
        self.spans: Spans = []
        self.tips: dict[str, str] = {}
        self.highlighter = _SourceHighlighter(self)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        block = self.cursorForPosition(event.position().toPoint()).blockNumber()
        if 0 <= block < len(self.lines):
            line = self.lines[block]
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"line {line.line} · {line.sha[:12]} · {line.author} · {_date(line.author_time)}\n"
                              f"{line.summary}" + self.tips.get(line.sha, ""), self)

    def show_blame(self, lines: list[BlameLine], spans: Spans, ai_numbers: set[int]) -> None:
        self.lines, self.spans = lines, spans
        width = min(max((len(l.author) for l in lines), default=6), 18)
        self.setPlainText("\n".join(blame_row(l.line, l, width) for l in lines))
        marked = QColor(SERIES["ai"])
        marked.setAlpha(60)
        selections = []
        for number, line in enumerate(lines):
            if line.line in ai_numbers:
                selection = QTextEdit.ExtraSelection()
                selection.format = QTextCharFormat()
                selection.format.setBackground(marked)
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                selection.cursor = QTextCursor(self.document().findBlockByNumber(number))
                selections.append(selection)
        self.setExtraSelections(selections)

    def go_to(self, line: int) -> None:
        block = self.document().findBlockByNumber(line - 1)
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()


class BlameView(QWidget):
    """The legend line above the blame text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = BlameEdit()
        self.edit.setPlaceholderText("Blame appears here.")
        self.legend = QLabel("")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.edit, 1)

    def show_blame(self, lines: list[BlameLine], spans: Spans, ai_numbers: set[int], ai_commits: int) -> None:
        self.edit.show_blame(lines, spans, ai_numbers)
        marked = sum(1 for line in lines if line.line in ai_numbers)
        swatch = f"<span style='background:{SERIES['ai']}55'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
        self.legend.setText("line · commit · author · date │ source (hover a line for its commit)" + (
            f" &nbsp; {swatch} {marked:,} of {len(lines):,} lines last changed by AI-attributed commits"
            if marked else (" &nbsp; no line here was last changed by an AI-attributed commit" if ai_commits else "")))

    def show_message(self, text: str) -> None:
        self.edit.lines, self.edit.spans = [], []
        self.edit.setExtraSelections([])
        self.edit.setPlainText(text)
        self.legend.setText("")
