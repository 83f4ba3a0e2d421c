"""The refactoring plan: files (or single functions) to fix, with a note, a priority and an effort estimate.

Saved per repository in the user's cache database (never inside the analysed
repository), so it survives restarts.  Each item remembers the file's metrics
when it was added; :func:`plan_rows` shows how they changed since.
"""

from __future__ import annotations

import csv
import io
import os
import time
from dataclasses import asdict, dataclass, field

from debt_explorer.core.cache import Cache
from debt_explorer.core.models import ScanResult
from debt_explorer.core.rawbytes import shown

PRIORITIES = ("high", "medium", "low")
EFFORTS = ("S", "M", "L", "XL")
NAMESPACE = "refactoring-plan-1"


@dataclass(frozen=True)
class PlanItem:
    path: str
    function: str | None = None
    note: str = ""
    priority: str = "medium"
    effort: str = "M"
    added_at: int = 0
    baseline: dict[str, float] = field(default_factory=dict)  # complexity, sloc, churn, hotspot_score when added

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.path, self.function)


@dataclass(frozen=True)
class PlanRow:
    item: PlanItem
    current: dict[str, float] | None  # None when the file no longer exists at the scanned revision

    def change(self, metric: str) -> float | None:
        if self.current is None or metric not in self.item.baseline:
            return None
        return self.current[metric] - self.item.baseline[metric]


def _metrics(result: ScanResult, path: str, function: str | None) -> dict[str, float] | None:
    record = result.file(path)
    if record is None:
        return None
    values = {"complexity": float(record.complexity), "sloc": float(record.sloc), "churn": float(record.churn),
              "hotspot_score": record.hotspot_score}
    if function:
        match = next((f for f in result.functions.get(path, ()) if f.name == function), None)
        if match is not None:
            values["function_complexity"] = float(match.complexity)
    return values


class PlanStore:
    """Load and save one repository's plan."""

    def __init__(self, repo_path: str, cache: Cache) -> None:
        self.key = os.path.realpath(repo_path)
        self.cache = cache

    def load(self) -> list[PlanItem]:
        raw = self.cache.get_json(NAMESPACE, self.key) or []
        return [PlanItem(**item) for item in raw]

    def save(self, items: list[PlanItem]) -> None:
        self.cache.put_json(NAMESPACE, self.key, [asdict(item) for item in items])

    def add(self, path: str, result: ScanResult | None = None, *, function: str | None = None, note: str = "",
            priority: str = "medium", effort: str = "M") -> PlanItem:
        if priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {', '.join(PRIORITIES)}")
        if effort not in EFFORTS:
            raise ValueError(f"effort must be one of {', '.join(EFFORTS)}")
        baseline = (_metrics(result, path, function) or {}) if result is not None else {}
        item = PlanItem(path, function, note, priority, effort, int(time.time()), baseline)
        items = [i for i in self.load() if i.key != item.key] + [item]
        self.save(items)
        return item

    def remove(self, path: str, function: str | None = None) -> bool:
        items = self.load()
        kept = [i for i in items if i.key != (path, function)]
        self.save(kept)
        return len(kept) != len(items)


def plan_rows(items: list[PlanItem], result: ScanResult) -> list[PlanRow]:
    order = {p: n for n, p in enumerate(PRIORITIES)}
    rows = [PlanRow(item, _metrics(result, item.path, item.function)) for item in items]
    rows.sort(key=lambda r: (order.get(r.item.priority, 9), -(r.current or {}).get("hotspot_score", 0), r.item.path))
    return rows


def _fmt_change(value: float | None) -> str:
    return "–" if value is None else f"{value:+,.0f}"


def plan_to_markdown(rows: list[PlanRow], repo: str = "") -> str:
    """A task list ready to paste into an issue tracker."""
    lines = [f"## Refactoring plan{f' for {repo}' if repo else ''}", ""]
    for row in rows:
        item = row.item
        target = f"`{shown(item.path)}`" + (f" › `{shown(item.function)}`" if item.function else "")
        now = row.current
        figures = ("(file no longer exists)" if now is None else
                   f"complexity {now['complexity']:,.0f} ({_fmt_change(row.change('complexity'))} since added), "
                   f"SLOC {now['sloc']:,.0f}, hotspot {now['hotspot_score']:.2f}")
        lines.append(f"- [ ] **{item.priority}** · effort {item.effort} · {target}: {item.note or 'refactor'} — {figures}")
    return "\n".join(lines) + "\n"


def plan_to_csv(rows: list[PlanRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["path", "function", "priority", "effort", "note", "added", "complexity", "complexity_change",
                     "sloc", "hotspot_score"])
    for row in rows:
        item, now = row.item, row.current or {}
        writer.writerow([shown(item.path), shown(item.function or ""), item.priority, item.effort, shown(item.note),
                         time.strftime("%Y-%m-%d", time.gmtime(item.added_at)), now.get("complexity", ""),
                         row.change("complexity") if row.change("complexity") is not None else "",
                         now.get("sloc", ""), now.get("hotspot_score", "")])
    return buffer.getvalue()
