"""Header data for the small fixed-column tables (coupling pairs, X-Ray functions): names with their tooltips."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt


def column_header(columns: Sequence[str], tips: Sequence[str], section: int, orientation: Qt.Orientation,
                  role: int) -> Any:
    """What ``headerData`` answers for a table whose columns are ``columns`` with tooltips ``tips``."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return columns[section]
    if role == Qt.ItemDataRole.ToolTipRole:
        return tips[section]
    return None
