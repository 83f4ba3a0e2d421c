"""The two marks every view, export and the CLI put on a file: "AI-marked" and "hotspot".

- AI-marked: the file's attribution label is ``disclosed`` or ``likely`` (``possible`` is a weak style signal and
  is shown as such, never counted as AI-marked).
- Hotspot: the file's hotspot score is at least the scan's ``ScanOptions.hotspot_threshold`` (0.64 by default).

Views read these here instead of repeating the labels or the number.
"""

from __future__ import annotations

from debt_explorer.core.models import FileRecord, ScanResult
from debt_explorer.core.options import ScanOptions

__all__ = ["AI_MARKED", "hotspot_threshold", "is_ai_marked", "is_hotspot"]

#: Attribution labels that count as "AI-marked".
AI_MARKED: frozenset[str] = frozenset({"disclosed", "likely"})


def is_ai_marked(record: FileRecord) -> bool:
    return record.ai is not None and record.ai.label in AI_MARKED


def hotspot_threshold(result: ScanResult | None = None) -> float:
    """The threshold the scan used (its options), or the default for no scan."""
    options = getattr(result, "options", None)
    return options.hotspot_threshold if isinstance(options, ScanOptions) else ScanOptions().hotspot_threshold


def is_hotspot(record: FileRecord, threshold: float) -> bool:
    return record.hotspot_score >= threshold
