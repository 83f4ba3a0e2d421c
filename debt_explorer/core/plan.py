"""The refactoring plan: files (or single functions) to fix, with a note, a priority and an effort estimate.

Saved per repository in the user's data folder (:mod:`debt_explorer.core.plan_store`;
never inside the analysed repository, never in the disposable cache), so it
survives restarts and cache deletion.  Each item remembers the file's metrics
when it was added; :func:`plan_rows` shows how they changed since.  Plans can
be exported to and imported from a JSON plan file (:mod:`debt_explorer.core.plan_file`).
"""

from __future__ import annotations

import csv
import io
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from debt_explorer.core.cache import CACHE_FILE, Cache, CacheError, default_cache_dir
from debt_explorer.core.catalogue import PLAN_METRICS, csv_columns
from debt_explorer.core.models import ScanResult
from debt_explorer.core.plan_store import LEGACY_NAMESPACE, PlanDatabase, PlanStoreError, plans_in_file
from debt_explorer.core.sanitize import csv_row, md_code, printable

PRIORITIES = ("high", "medium", "low")
EFFORTS = ("S", "M", "L", "XL")
NAMESPACE = LEGACY_NAMESPACE  # where versions before 0.2 kept plans (in the cache)


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
            values["function_sloc"] = float(match.sloc)
    return values


class PlanStore:
    """Load and save one repository's plan (in the user's data folder).

    ``cache`` is only where older versions kept plans: its plans are copied to the
    data folder the first time it is seen (default: the default cache).  ``data_dir``
    overrides the data folder.  Raises :class:`PlanStoreError` when the plan
    cannot be read or saved -- never answers with an empty plan instead.
    """

    def __init__(self, repo_path: str, cache: Cache | None = None, *,
                 data_dir: str | os.PathLike[str] | None = None,
                 cache_dir: str | os.PathLike[str] | None = None) -> None:
        self.key = os.path.realpath(repo_path)
        self.cache = cache
        self.database = PlanDatabase(data_dir)
        self.warnings: list[str] = []
        self._migration_error: str | None = None
        self._migrate(Path(cache.path) if cache is not None else Path(cache_dir or default_cache_dir()) / CACHE_FILE)

    @property
    def location(self) -> str:
        return str(self.database.path)

    def _migrate(self, source: Path) -> None:
        """Copy the plans an older version kept in the cache at ``source`` (once per cache file), and from any
        copy of it that version set aside after an error (``cache.sqlite3.corrupt-<time>``)."""
        if self.cache is not None or source.exists():
            self._migrate_one(source, legacy=False)
        for aside in sorted(source.parent.glob(f"{source.name}.corrupt-*")):
            if not aside.name.endswith(("-wal", "-shm")):
                self._migrate_one(aside, legacy=True)

    def _migrate_one(self, source: Path, legacy: bool) -> None:
        name = str(source.resolve())
        try:
            if self.database.is_migrated(name):
                return
        except PlanStoreError:
            return  # the store itself cannot be read: load() and every change say so
        try:
            if legacy:
                found = plans_in_file(source)
            elif self.cache is not None:
                found = self.cache.namespace_items(LEGACY_NAMESPACE)
            else:
                with Cache(source.parent) as opened:
                    found = opened.namespace_items(LEGACY_NAMESPACE)
            copied = self.database.migrate(name, found)
        except (CacheError, PlanStoreError) as exc:
            if legacy:  # plans may be in there: say so every time, never delete it
                self.warnings.append(f"an older Debt Explorer set aside {source} after an error; it may hold "
                                     f"refactoring plans but cannot be read ({exc}); it was left untouched")
                return
            self._migration_error = f"plans kept by an older version in {source} could not be copied: {exc}"
            self.warnings.append(self._migration_error)
            return
        if copied:
            self.warnings.append(f"moved {copied} plan(s) from {source} to {self.location} "
                                 "(the old copy is left as it was)")

    def load(self) -> list[PlanItem]:
        raw = self.database.read(self.key)
        if raw is None and self._migration_error:
            raise PlanStoreError(self._migration_error)
        return _items(raw or [], self.key)

    def save(self, items: list[PlanItem]) -> None:
        self.database.update(self.key, lambda _old: [asdict(item) for item in items])

    def _change(self, change: Callable[[list[PlanItem]], list[PlanItem]]) -> list[PlanItem]:
        if self._migration_error:
            raise PlanStoreError(self._migration_error + "; nothing was changed")
        new = self.database.update(self.key, lambda old: [asdict(i) for i in change(_items(old, self.key))])
        return _items(new, self.key)

    def add(self, path: str, result: ScanResult | None = None, *, function: str | None = None,
            note: str | None = "", priority: str | None = "medium", effort: str | None = "M") -> PlanItem:
        """Add an item, or update the one already there for this file/function.

        Updating keeps what the user made before: the date added and the baseline (so "since added" still
        means since it was first added), and the note, priority and effort not given (``None``)."""
        if priority is not None and priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {', '.join(PRIORITIES)}")
        if effort is not None and effort not in EFFORTS:
            raise ValueError(f"effort must be one of {', '.join(EFFORTS)}")
        baseline = (_metrics(result, path, function) or {}) if result is not None else {}
        made: list[PlanItem] = []

        def change(items: list[PlanItem]) -> list[PlanItem]:
            old = next((i for i in items if i.key == (path, function)), None)
            item = PlanItem(path, function, note if note is not None else (old.note if old else ""),
                            priority or (old.priority if old else "medium"), effort or (old.effort if old else "M"),
                            old.added_at if old else int(time.time()), old.baseline if old else baseline)
            made.append(item)
            return [i if i.key != item.key else item for i in items] if old else [*items, item]

        self._change(change)
        return made[-1]

    def remove(self, path: str, function: str | None = None) -> bool:
        before: list[int] = []

        def drop(items: list[PlanItem]) -> list[PlanItem]:
            before.append(len(items))
            return [i for i in items if i.key != (path, function)]

        return len(self._change(drop)) != before[0]

    def merge(self, incoming: list[PlanItem], replace_all: bool = False) -> tuple[int, int]:
        """Add ``incoming`` (an imported plan); an item for the same file/function is replaced.
        Returns (added, replaced)."""
        counts = [0, 0]

        def merge(items: list[PlanItem]) -> list[PlanItem]:
            if replace_all:
                counts[0] = len(incoming)
                return list(incoming)
            keys = {i.key for i in incoming}
            counts[1] = sum(1 for i in items if i.key in keys)
            counts[0] = len(incoming) - counts[1]
            return [i for i in items if i.key not in keys] + list(incoming)

        self._change(merge)
        return counts[0], counts[1]


def _items(raw: list[Any], repo: str) -> list[PlanItem]:
    try:
        return [item_from_json(entry) for entry in raw]
    except (TypeError, ValueError) as exc:
        raise PlanStoreError(f"the saved plan for {repo} is unreadable ({exc}); it was left untouched") from None


def item_from_json(entry: object) -> PlanItem:
    """A :class:`PlanItem` from its JSON form, with every field checked (raises ``ValueError``)."""
    if not isinstance(entry, dict):
        raise ValueError("a plan item is not an object")
    unknown = set(entry) - {"path", "function", "note", "priority", "effort", "added_at", "baseline"}
    if unknown:
        raise ValueError(f"unknown plan item field(s): {', '.join(sorted(unknown))}")
    path, function, note = entry.get("path"), entry.get("function"), entry.get("note", "")
    if not isinstance(path, str) or not path or len(path) > 4096:
        raise ValueError("a plan item needs a path")
    if function is not None and not isinstance(function, str):
        raise ValueError(f"{path}: function must be text")
    if not isinstance(note, str):
        raise ValueError(f"{path}: note must be text")
    priority, effort = entry.get("priority", "medium"), entry.get("effort", "M")
    if priority not in PRIORITIES:
        raise ValueError(f"{path}: priority must be one of {', '.join(PRIORITIES)}")
    if effort not in EFFORTS:
        raise ValueError(f"{path}: effort must be one of {', '.join(EFFORTS)}")
    added_at = entry.get("added_at", 0)
    if isinstance(added_at, bool) or not isinstance(added_at, int) or not 0 <= added_at < 2 ** 40:
        raise ValueError(f"{path}: added_at must be a Unix time")
    baseline = entry.get("baseline", {})
    if not isinstance(baseline, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for k, v in baseline.items()):
        raise ValueError(f"{path}: baseline must map metric names to numbers")
    return PlanItem(path, function, note, priority, effort, added_at, {k: float(v) for k, v in baseline.items()})


def plan_rows(items: list[PlanItem], result: ScanResult) -> list[PlanRow]:
    order = {p: n for n, p in enumerate(PRIORITIES)}
    rows = [PlanRow(item, _metrics(result, item.path, item.function)) for item in items]
    rows.sort(key=lambda r: (order.get(r.item.priority, 9), -(r.current or {}).get("hotspot_score", 0), r.item.path))
    return rows


def _fmt_change(value: float | None) -> str:
    return "–" if value is None else f"{value:+,.0f}"


def plan_to_markdown(rows: list[PlanRow], repo: str = "") -> str:
    """A task list ready to paste into an issue tracker."""
    lines = [f"## Refactoring plan{f' for {printable(repo)}' if repo else ''}", ""]
    for row in rows:
        item = row.item
        target = md_code(item.path) + (f" › {md_code(item.function)}" if item.function else "")
        now = row.current
        figures = ("(file no longer exists)" if now is None else
                   f"complexity {now['complexity']:,.0f} ({_fmt_change(row.change('complexity'))} since added), "
                   f"SLOC {now['sloc']:,.0f}, hotspot {now['hotspot_score']:.2f}")
        if now is not None and item.function:  # the function's own complexity first, then its file's figures
            figures = ("function not found at this revision; file " if "function_complexity" not in now else
                       f"function complexity {now['function_complexity']:,.0f} "
                       f"({_fmt_change(row.change('function_complexity'))} since added); file ") + figures
        lines.append(f"- [ ] **{item.priority}** · effort {item.effort} · {target}: {printable(item.note) or 'refactor'} — {figures}")
    return "\n".join(lines) + "\n"


#: The plan CSV's columns, in their order; each a catalogued plan-item figure (core.catalogue.PLAN_METRICS).
PLAN_COLUMNS = csv_columns(("path", "function", "priority", "effort", "note", "added", "complexity",
                            "complexity_change", "sloc", "hotspot_score", "function_complexity",
                            "function_complexity_change"), PLAN_METRICS)


def plan_to_csv(rows: list[PlanRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row(list(PLAN_COLUMNS)))
    for row in rows:
        item, now = row.item, row.current or {}
        writer.writerow(csv_row([item.path, item.function or "", item.priority, item.effort, item.note,
                         time.strftime("%Y-%m-%d", time.gmtime(item.added_at)), now.get("complexity", ""),
                         row.change("complexity") if row.change("complexity") is not None else "",
                         now.get("sloc", ""), now.get("hotspot_score", ""), now.get("function_complexity", ""),
                         "" if row.change("function_complexity") is None else row.change("function_complexity")]))
    return buffer.getvalue()
