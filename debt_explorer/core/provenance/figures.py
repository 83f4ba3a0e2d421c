"""Figures from line provenance: rework by origin, code by cohort, survival, ownership per file.

Definitions (docs/provenance.md repeats them for users):

* ``rework_lines`` of a period: lines of code files deleted by the period's
  non-merge commits (the deleted half of churn; equal to the churn engine's
  ``deleted``).  Each removed line is split by its origin: written by an
  AI-attributed commit (``rework_ai_lines``, any age), else by a bot
  (``rework_bot_lines``), else written in the same or the previous two periods
  (``rework_recent_lines``), else ``rework_old_lines``.
* ``lines_alive_by_cohort``: lines of code files in the period's snapshot
  commit, grouped by the year their origin commit landed.
* survival: of the lines commits of period p wrote, the share still in the
  snapshot of period p+k; pooled over every p with p+k in range.
* per file: ages are the scanned ref's committer date minus the origin's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from debt_explorer.core.git_history import commit_time
from debt_explorer.core.gitsafe import run_git
from debt_explorer.core.models import LineOrigins, Owner, Survival, SurvivalCurve
from debt_explorer.core.provenance.state import Provenance, State

HUMAN, AI, BOT = 0, 1, 2
SURVIVAL_STEPS = (1, 2, 4, 8)
RECENT_PERIODS = 2


@dataclass
class Origins:
    """Per origin id (index into ``Provenance.commits``): author, committer time, kind."""

    author: np.ndarray  # int32 index into names
    names: list[str]
    time: np.ndarray  # int64 committer time
    kind: np.ndarray  # int8: HUMAN, AI, BOT
    last_commit: np.ndarray  # per author index: the latest committer time of any of their commits


def read_origins(repo: str, prov: Provenance, kinds: Mapping[str, str] | None,
                 bot: Callable[[str, str], bool] | None = None) -> Origins:
    """Author (mailmap applied), committer date and AI/bot/human kind of every commit in ``prov``."""
    out = run_git(repo, ["log", "--no-walk=unsorted", "--stdin", "--format=%H%x1f%aN%x1f%aE%x1f%ct"],
                  input=("\n".join(prov.commits) + "\n").encode()) if prov.commits else b""
    meta: dict[str, tuple[str, str, int]] = {}
    for line in out.decode("utf-8", "surrogateescape").split("\n"):
        parts = line.split("\x1f")
        if len(parts) == 4:
            meta[parts[0]] = (parts[1], parts[2], commit_time(parts[3]))  # past 9999 or malformed: 0, unknown
    keys: dict[str, int] = {}
    names: list[str] = []
    n = len(prov.commits)
    author = np.zeros(n, dtype=np.int32)
    time = np.zeros(n, dtype=np.int64)
    kind = np.zeros(n, dtype=np.int8)
    for index, sha in enumerate(prov.commits):
        name, email, when = meta.get(sha, ("?", "", 0))
        key = (email or name).strip().lower()
        if key not in keys:
            keys[key] = len(names)
            names.append(name)
        author[index] = keys[key]
        time[index] = when
        label = kinds.get(sha) if kinds else None
        if label is None and bot is not None and bot(name, email):
            label = "bot"
        kind[index] = AI if label == "ai" else BOT if label == "bot" else HUMAN
    last = np.zeros(len(names), dtype=np.int64)
    if n:
        np.maximum.at(last, author, time)
    return Origins(author, names, time, kind, last)


def _period_index(times: np.ndarray, starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
    """Index of the period holding each time; -1 before the first, len(starts) after the last."""
    index = np.searchsorted(np.asarray(starts, dtype=np.int64), times, side="right") - 1
    index[times > ends[-1]] = len(starts)
    return index


@dataclass(frozen=True)
class PeriodLines:
    rework_lines: int
    rework_ai_lines: int
    rework_recent_lines: int
    rework_old_lines: int
    rework_bot_lines: int
    ai_rework_share: float | None
    lines_alive_by_cohort: dict[str, int] | None
    ai_lines_alive: int | None
    ai_lines_alive_share: float | None


def _code_mask(paths: Sequence[str], is_code: Callable[[str], bool]) -> np.ndarray:
    return np.array([bool(is_code(p)) for p in paths], dtype=bool) if paths else np.zeros(0, dtype=bool)


def _alive_counts(state: State, is_code: Callable[[str], bool], size: int) -> np.ndarray:
    arrays = [arr for path, arr in state.items() if is_code(path)]
    if not arrays:
        return np.zeros(size, dtype=np.int64)
    return np.bincount(np.concatenate(arrays), minlength=size)


class Figures:
    """Everything the scan reports from one :class:`Provenance`, for one period plan."""

    def __init__(self, prov: Provenance, origins: Origins, starts: Sequence[int], ends: Sequence[int],
                 labels: Sequence[str], snapshots: Sequence[str | None], is_code: Callable[[str], bool],
                 with_ai: bool, period: str = "quarter") -> None:
        self.prov, self.origins = prov, origins
        self.starts, self.ends, self.labels, self.snapshots = list(starts), list(ends), list(labels), list(snapshots)
        self.is_code, self.with_ai, self.period = is_code, with_ai, period
        self.origin_period = _period_index(origins.time, starts, ends) if len(origins.time) else origins.time
        self.year = np.array([datetime.fromtimestamp(int(t), UTC).year for t in origins.time],
                             dtype=np.int32) if len(origins.time) else np.zeros(0, dtype=np.int32)
        self._alive: dict[str, np.ndarray] = {}

    def state(self, snapshot: str) -> State:
        """Origin arrays per path in ``snapshot`` (empty when the pass kept none)."""
        state = self.prov.snapshots.get(snapshot)
        if state is None and snapshot == self.prov.head:
            state = self.prov.final
        return state or {}

    def alive(self, snapshot: str) -> np.ndarray:
        """Lines per origin id in ``snapshot`` (code files only)."""
        counts = self._alive.get(snapshot)
        if counts is None:
            counts = _alive_counts(self.state(snapshot), self.is_code, len(self.prov.commits))
            self._alive[snapshot] = counts
        return counts

    def periods(self) -> list[PeriodLines]:
        prov, origins = self.prov, self.origins
        nper = len(self.starts)
        code = _code_mask(prov.paths, self.is_code)
        rework = np.zeros((nper, 4), dtype=np.int64)  # ai, recent, old, bot
        if len(prov.removed_by):
            keep = code[prov.removed_path]
            by_period = self.origin_period[prov.removed_by[keep]]
            origin = prov.removed_origin[keep]
            inside = (by_period >= 0) & (by_period < nper)
            by_period, origin = by_period[inside], origin[inside]
            kind = origins.kind[origin]
            recent = self.origin_period[origin] >= by_period - RECENT_PERIODS
            cls = np.where(kind == AI, 0, np.where(kind == BOT, 3, np.where(recent, 1, 2)))
            if not self.with_ai:
                cls = np.where(kind == AI, np.where(recent, 1, 2), cls)
            np.add.at(rework, (by_period, cls), 1)
        out = []
        for index in range(nper):
            ai, recent, old, bot = (int(v) for v in rework[index])
            total = ai + recent + old + bot
            cohorts = ai_alive = share = None
            snapshot = self.snapshots[index]
            if snapshot is not None:
                counts = self.alive(snapshot)
                years = np.bincount(self.year, weights=counts, minlength=1) if len(counts) else np.zeros(0)
                cohorts = {str(year): int(n) for year, n in enumerate(years) if n}
                alive_total = int(counts.sum())
                if self.with_ai:
                    ai_alive = int(counts[origins.kind == AI].sum())
                    share = round(ai_alive / alive_total, 4) if alive_total else None
            out.append(PeriodLines(total, ai if self.with_ai else 0, recent, old, bot,
                                   (round(ai / total, 4) if total else None) if self.with_ai else None,
                                   cohorts, ai_alive, share))
        return out

    def survival(self) -> Survival:
        prov, origins = self.prov, self.origins
        nper = len(self.starts)
        code = _code_mask(prov.paths, self.is_code)
        born = np.zeros((2, nper), dtype=np.int64)  # [ai?, period]
        if len(prov.born_by):
            keep = code[prov.born_path]
            who = prov.born_by[keep]
            period = self.origin_period[who]
            inside = (period >= 0) & (period < nper)
            np.add.at(born, ((origins.kind[who] == AI)[inside].astype(int), period[inside]),
                      prov.born_lines[keep][inside])
        alive = np.zeros((2, nper, nper), dtype=np.int64)  # [ai?, written in p, alive at end of q]
        valid = (self.origin_period >= 0) & (self.origin_period < nper)
        is_ai = (origins.kind == AI).astype(int)
        for q, snapshot in enumerate(self.snapshots):
            if snapshot is None:
                continue
            counts = self.alive(snapshot)
            np.add.at(alive, (is_ai[valid], self.origin_period[valid], q), counts[valid])  # type: ignore[arg-type]  # a tuple of index arrays, as numpy documents
        curves = [self._curve(born[c], alive[c], nper) for c in (1, 0)]
        return Survival(ai=curves[0] if self.with_ai else None, other=curves[1] if self.with_ai else
                        self._curve(born.sum(axis=0), alive.sum(axis=0), nper), period=self.period)

    def _curve(self, born: np.ndarray, alive: np.ndarray, nper: int) -> SurvivalCurve:
        shares: dict[int, float | None] = {}
        measured: dict[int, int] = {}
        median = None
        for k in range(1, nper):
            written = sum(int(born[p]) for p in range(nper - k) if self.snapshots[p + k] is not None)
            kept = sum(int(alive[p, p + k]) for p in range(nper - k) if self.snapshots[p + k] is not None)
            share = round(min(kept, written) / written, 4) if written else None
            if k in SURVIVAL_STEPS:
                shares[k], measured[k] = share, written
            if median is None and share is not None and share < 0.5:
                median = k
        for k in SURVIVAL_STEPS:
            shares.setdefault(k, None)
            measured.setdefault(k, 0)
        return SurvivalCurve(int(born.sum()), shares, measured, median)

    def file_origins(self, paths: Iterable[str], ref_time: int, active_since: int,
                     ai_lines: Mapping[str, int] | None = None) -> dict[str, LineOrigins]:
        """Ownership and age of each of ``paths`` at the scanned ref."""
        origins = self.origins
        out: dict[str, LineOrigins] = {}
        for path in paths:
            arr = self.prov.final.get(path)
            if arr is None or not len(arr):
                continue
            ages = (ref_time - origins.time[arr]) / 86400.0
            kinds = origins.kind[arr]
            human = arr[kinds != BOT]
            authors = origins.author[human]
            owners: list[Owner] = []
            lost = None
            if len(human):
                counts = np.bincount(authors)
                order = np.argsort(-counts, kind="stable")
                owners = [Owner(origins.names[a], int(counts[a]), round(counts[a] / len(human), 4))
                          for a in order if counts[a]]
                lost = round(float((origins.last_commit[authors] < active_since).sum()) / len(human), 4)
            if ai_lines is not None and path in ai_lines:
                ai_count: int | None = ai_lines[path]
            else:
                ai_count = int((kinds == AI).sum()) if self.with_ai else None
            bands = (int((ages <= 90).sum()), int(((ages > 90) & (ages <= 365)).sum()),
                     int(((ages > 365) & (ages <= 730)).sum()), int((ages > 730).sum()))
            out[path] = LineOrigins(
                lines=len(arr), median_age_days=round(float(np.median(ages)), 1),
                owners=tuple(owners[:10]), main_author=owners[0].author if owners else None,
                main_author_share=owners[0].share if owners else None, knowledge_loss_share=lost,
                ai_line_share=round(ai_count / len(arr), 4) if ai_count is not None else None,
                ai_lines=ai_count, bot_lines=int((kinds == BOT).sum()), age_bands=bands)
        return out


def alive_from(prov: Provenance, shas: Iterable[str], paths: Iterable[str] | None = None) -> dict[str, int]:
    """Lines alive at the traced head, per file, whose origin is one of ``shas`` (files with none left out)."""
    wanted = {sha for sha in shas}
    ids = np.array([i for i, sha in enumerate(prov.commits) if sha in wanted], dtype=np.int32)
    out: dict[str, int] = {}
    if not len(ids):
        return out
    for path in (prov.final if paths is None else paths):
        arr = prov.final.get(path)
        if arr is None:
            continue
        count = int(np.isin(arr, ids).sum())
        if count:
            out[path] = count
    return out


def origin_tally(prov: Provenance, path: str) -> dict[str, int]:
    """{origin sha: lines} of ``path`` at the traced head (the shape AI attribution's blame tally has)."""
    arr = prov.final.get(path)
    if arr is None:
        return {}
    ids, counts = np.unique(arr, return_counts=True)
    return {prov.commits[i]: int(n) for i, n in zip(ids.tolist(), counts.tolist())}


def period_slot(starts: Sequence[int], when: int) -> int:
    return bisect_right(list(starts), when) - 1
