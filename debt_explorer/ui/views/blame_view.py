"""Source with blame: line numbers, the commit of every line, syntax colour, and line colours with their legend.

Each row reads ``  12 1a2b3c4d Alice Martin     2024-05-02 │ source``.  The source part is coloured with
pygments tokens computed in the background worker that also ran ``git blame`` (never on the GUI thread).
The "Colour:" box tints whole lines: lines last changed by AI-attributed commits (the default), every line by
its age (the author date printed on it, on a sequential scale from the file's oldest line to its newest), or by
its author (a colour for each of the file's top authors by lines, grey for the others).  The legend above says
what the colours mean.  The colours come from the same blame rows the text shows (rules: core/authorship.py).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QMouseEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QTextEdit, QToolTip, QVBoxLayout, QWidget

from debt_explorer.core.authorship import OTHERS, blame_ages, blame_author_key
from debt_explorer.core.blame import BlameLine
from debt_explorer.ui.theme import AGE_COLOURS, AUTHOR_COLOURS, OTHERS_COLOUR, SERIES, is_dark

#: what the "Colour:" box offers: (key, text)
COLOUR_MODES = (("ai", "Colour: AI lines"), ("age", "Colour: age"), ("author", "Colour: author"))
#: opacity of a line's tint (0-255): AI lines, age, author
_ALPHA = {"ai": 60, "age": 110, "author": 90}

#: (start column, length, pygments token type as text) per source line
Spans = list[list[tuple[int, int, str]]]

_LIGHT = {"Keyword": "#8e44ad", "Name.Function": "#1f618d", "Name.Class": "#1f618d", "Name.Builtin": "#7d3c98",
          "Literal.String": "#1e8449", "Literal.Number": "#b9770e", "Comment": "#7f8c8d", "Operator.Word": "#8e44ad",
          "Name.Decorator": "#b9770e"}
_DARK = {"Keyword": "#c39bd3", "Name.Function": "#85c1e9", "Name.Class": "#85c1e9", "Name.Builtin": "#d7bde2",
         "Literal.String": "#82e0aa", "Literal.Number": "#f8c471", "Comment": "#95a5a6", "Operator.Word": "#c39bd3",
         "Name.Decorator": "#f8c471"}


def _date(stamp: int | None) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d") if stamp else "–"


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
    def __init__(self, edit: BlameEdit) -> None:
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

    def highlightBlock(self, text: str) -> None:
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
        self.line_colours: list[QColor | None] = []
        self.spans: Spans = []
        self.tips: dict[str, str] = {}
        self.highlighter = _SourceHighlighter(self)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        block = self.cursorForPosition(event.position().toPoint()).blockNumber()
        if 0 <= block < len(self.lines):
            line = self.lines[block]
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"line {line.line} · {line.sha[:12]} · {line.author} · {_date(line.author_time)}\n"
                              f"{line.summary}" + self.tips.get(line.sha, ""), self)

    def show_blame(self, lines: list[BlameLine], spans: Spans, ai_numbers: set[int]) -> None:
        self.lines, self.spans = lines, spans
        width = min(max((len(row.author) for row in lines), default=6), 18)
        self.setPlainText("\n".join(blame_row(row.line, row, width) for row in lines))
        marked = QColor(SERIES["ai"])
        marked.setAlpha(_ALPHA["ai"])
        self.paint([marked if line.line in ai_numbers else None for line in lines])

    def paint(self, colours: list[QColor | None]) -> None:
        """Tint line ``i`` (0-based, full width) with ``colours[i]``; None leaves it as it is."""
        self.line_colours = colours
        selections = []
        for number, colour in enumerate(colours):
            if colour is not None:
                selection = QTextEdit.ExtraSelection()
                selection.format = QTextCharFormat()
                selection.format.setBackground(colour)
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                selection.cursor = QTextCursor(self.document().findBlockByNumber(number))
                selections.append(selection)
        self.setExtraSelections(selections)

    def go_to(self, line: int) -> None:
        block = self.document().findBlockByNumber(line - 1)
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()


def age_colour(fraction: float) -> QColor:
    """The sequential age scale: 0 (the file's oldest line) palest, 1 (its newest) darkest."""
    fraction = max(0.0, min(1.0, fraction))
    position = fraction * (len(AGE_COLOURS) - 1)
    low = min(int(position), len(AGE_COLOURS) - 2)
    a, b, t = QColor(AGE_COLOURS[low]), QColor(AGE_COLOURS[low + 1]), position - low
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def blended(colour: QColor | str, alpha: int, base: QColor) -> QColor:
    """``colour`` at opacity ``alpha`` (0-255) over ``base``, as one opaque colour (what a tinted line shows)."""
    tint, share = QColor(colour), alpha / 255
    return QColor(round(base.red() + (tint.red() - base.red()) * share),
                  round(base.green() + (tint.green() - base.green()) * share),
                  round(base.blue() + (tint.blue() - base.blue()) * share))


def _swatch(colour: QColor | str, alpha: int) -> str:
    """A legend swatch of the tint a line gets (rich text has no alpha: the blend over the text's background)."""
    shown = blended(colour, alpha, QGuiApplication.palette().color(QPalette.ColorRole.Base))
    return f"<span style='background-color:{shown.name()}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"


class BlameView(QWidget):
    """The colour box and the legend line above the blame text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = BlameEdit()
        self.edit.setPlaceholderText("Blame appears here.")
        self.legend = QLabel("")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.colour = QComboBox()
        for key, text in COLOUR_MODES:
            self.colour.addItem(text, key)
        self.colour.setToolTip("Tint the lines written by AI-attributed commits, every line by its age (author "
                               "date), or every line by its author (the file's top authors by lines)")
        self.colour.currentIndexChanged.connect(lambda _index: self.recolour())
        #: (colour, text) of each legend entry, in order (what the legend shows beside the swatches)
        self.legend_entries: list[tuple[str, str]] = []
        self._ai_numbers: set[int] = set()
        self._ai_commits = 0
        bar = QHBoxLayout()
        bar.addWidget(self.legend, 1)
        bar.addWidget(self.colour, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.edit, 1)

    def mode(self) -> str:
        return str(self.colour.currentData() or "ai")

    def set_mode(self, mode: str) -> None:
        self.colour.setCurrentIndex(max(0, self.colour.findData(mode)))

    def show_blame(self, lines: list[BlameLine], spans: Spans, ai_numbers: set[int], ai_commits: int) -> None:
        self._ai_numbers, self._ai_commits = ai_numbers, ai_commits
        self.edit.show_blame(lines, spans, ai_numbers)
        self.recolour()

    def recolour(self) -> None:
        """Tint the lines as the colour box says and write the legend (the blame rows are already loaded)."""
        lines, mode = self.edit.lines, self.mode()
        head = "line · commit · author · date │ source (hover a line for its commit)"
        self.legend_entries = []
        if not lines:
            return
        alpha = _ALPHA[mode]
        if mode == "age":
            fractions, oldest, newest = blame_ages(lines)
            colours = [None if f is None else age_colour(f) for f in fractions]
            if oldest is not None and newest is not None:
                for step in range(len(AGE_COLOURS)):
                    stamp = oldest + (newest - oldest) * step // (len(AGE_COLOURS) - 1)
                    label = _date(stamp) + (" oldest" if step == 0 else " newest" if step == len(AGE_COLOURS) - 1
                                            else "")
                    self.legend_entries.append((AGE_COLOURS[step], label))
            self._paint(colours, alpha)
            self.legend.setText(head + " &nbsp; age (author date): " + " ".join(
                f"{_swatch(colour, alpha)} {html.escape(text)}" for colour, text in self.legend_entries))
            return
        if mode == "author":
            key, authors = blame_author_key(lines)
            palette = {name: QColor(AUTHOR_COLOURS[i]) for i, (name, _) in enumerate(key.top)}
            self._paint([palette.get(author, QColor(OTHERS_COLOUR)) for author in authors], alpha)
            self.legend_entries = [(AUTHOR_COLOURS[i], f"{name} ({count:,})") for i, (name, count) in
                                   enumerate(key.top)]
            if key.others_lines:
                self.legend_entries.append((OTHERS_COLOUR, f"{OTHERS} ({key.others_lines:,})"))
            self.legend.setText(head + " &nbsp; lines by author: " + " &nbsp; ".join(
                f"{_swatch(colour, alpha)} {html.escape(text)}" for colour, text in self.legend_entries))
            return
        marked_colour = QColor(SERIES["ai"])
        self._paint([marked_colour if line.line in self._ai_numbers else None for line in lines], alpha)
        marked = sum(1 for line in lines if line.line in self._ai_numbers)
        if marked:
            self.legend_entries = [(SERIES["ai"], f"{marked:,} of {len(lines):,} lines last changed by "
                                                  "AI-attributed commits")]
        self.legend.setText(head + (
            f" &nbsp; {_swatch(SERIES['ai'], alpha)} {self.legend_entries[0][1]}" if marked else
            (" &nbsp; no line here was last changed by an AI-attributed commit" if self._ai_commits else "")))

    def _paint(self, colours: list[QColor | None], alpha: int) -> None:
        for colour in colours:
            if colour is not None:
                colour.setAlpha(alpha)
        self.edit.paint(colours)

    def show_message(self, text: str) -> None:
        self.edit.lines, self.edit.spans = [], []
        self.edit.line_colours = []
        self.edit.setExtraSelections([])
        self.edit.setPlainText(text)
        self.legend.setText("")
        self.legend_entries = []
