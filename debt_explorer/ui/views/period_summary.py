"""One period's summary: what changed, top files by churn, new hotspots, AI share."""

from __future__ import annotations

import html
from datetime import date, datetime, timezone

from PySide6.QtWidgets import QLabel, QWidget

from debt_explorer.core.models import ScanResult
from debt_explorer.ui.views.trends import describe_period


def changed_in_period(result: ScanResult, period: str) -> dict[str, int]:
    """path at the ref -> lines changed during ``period``."""
    labels = [p.period for p in result.periods]
    if period not in labels:
        return {}
    index = labels.index(period)
    target = result.periods[index]
    start = int(datetime.combine(date.fromisoformat(target.start), datetime.min.time(), timezone.utc).timestamp())
    end = start + int((date.fromisoformat(target.end) - date.fromisoformat(target.start)).days + 1) * 86400
    dates = {c.sha: c.committer_date for c in result.commits}
    current = {f.path for f in result.files}
    churn: dict[str, int] = {}
    for change in result.changes:
        when = dates.get(change.sha, 0)
        if start <= when < end and change.file in current and not change.binary:
            churn[change.file] = churn.get(change.file, 0) + change.churn
    return churn


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

