"""One period's summary: what changed, top files by churn, new hotspots, AI share."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QWidget

from debt_explorer.core.models import ScanResult
from debt_explorer.core.scope import activity_in
from debt_explorer.ui.views.trends import describe_period


def changed_in_period(result: ScanResult, period: str) -> dict[str, int]:
    """path at the ref -> lines changed during ``period`` (core.scope.activity_in is the rule)."""
    target = next((p for p in result.periods if p.period == period), None)
    if target is None:
        return {}
    return {path: lines for path, (_, lines) in activity_in(result, target).items()}


HINT = "Click a period in the plots to see its summary here and filter the hotspot table to it."


class PeriodSummary(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.clear()

    def clear(self) -> None:
        self.setText(HINT)

    def show_period(self, result: ScanResult, period: str) -> None:
        stats = next((p for p in result.periods if p.period == period), None)
        if stats is None:
            return
        churn = changed_in_period(result, period)
        top = sorted(churn.items(), key=lambda kv: -kv[1])[:5]
        labels = [p.period for p in result.periods]
        index = labels.index(period)
        before = result.periods[index - 1] if index else None
        delta = "" if before is None else (f" · complexity {stats.complexity - before.complexity:+,} and hotspots "
                                            f"{stats.hotspots - before.hotspots:+} since {before.period}")
        rows = "".join(f"<li>{html.escape(path)}: {lines:,} lines</li>" for path, lines in top)
        self.setText(f"{describe_period(stats)}{delta}<br><b>Top files by churn</b> ({len(churn)} files changed):"
                     f"<ul>{rows or '<li>no code file changed in this period</li>'}</ul>")

