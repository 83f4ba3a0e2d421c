"""Light and dark palettes that follow the system colour scheme, and the colours plots share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

AI_COLOURS = {"disclosed": "#d1495b", "likely": "#f28f3b", "possible": "#edae49", "none": "#4a90a4",
              "insufficient": "#9aa5ab", None: "#4a90a4"}
SERIES = {"complexity": "#4a90a4", "ai": "#d1495b", "maintenance": "#c0392b", "new": "#2e86ab",
          "share": "#8e44ad", "hotspots": "#e67e22", "high_churn": "#16a085", "sloc": "#7f8c8d"}

#: categorical colours of the top authors (blame view, treemap), then "others" and "no data" (core/authorship.py)
AUTHOR_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f")
OTHERS_COLOUR, NO_DATA_COLOUR = "#b3b3b3", "#5f6368"
#: the blame view's age scale, oldest line to newest (ColorBrewer's sequential YlGnBu)
AGE_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


class SortArrowStyle(QProxyStyle):
    """Fusion whose header sort arrow points the way the rows run: ▼ largest / newest first, ▲ smallest first.

    Qt hands a descending sort to the style as ``SortUp`` and Fusion draws it as ▲, so the commit list
    (newest first) and every table sorted by a score showed an arrow pointing up over a column running down.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            option = QStyleOptionHeader(option)
            option.sortIndicator = sort_arrow(option.sortIndicator)
        super().drawPrimitive(element, option, painter, widget)


def sort_arrow(indicator: QStyleOptionHeader.SortIndicator) -> QStyleOptionHeader.SortIndicator:
    """The arrow Fusion must draw for Qt's indicator: up and down swapped, none kept."""
    swap = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}
    return swap.get(indicator, indicator)


def apply_theme(app: QApplication) -> None:
    """Fusion style (sort arrows pointing the way rows run) with a palette matching the system's scheme."""
    app.setStyle(SortArrowStyle("Fusion"))
    if not is_dark():
        return
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2326", QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#17191b", QPalette.ColorRole.AlternateBase: "#22262a",
        QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#2a2f33",
        QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.Highlight: "#3d7ea6",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2a2f33",
        QPalette.ColorRole.ToolTipText: "#e8e8e8", QPalette.ColorRole.PlaceholderText: "#8a9399",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)


def plot_colours() -> tuple[str, str]:
    """(background, foreground) for pyqtgraph plots in the current palette."""
    palette = QGuiApplication.palette()
    return (palette.color(QPalette.ColorRole.Base).name(), palette.color(QPalette.ColorRole.Text).name())
