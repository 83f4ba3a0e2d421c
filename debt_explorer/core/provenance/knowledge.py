"""Knowledge loss per period, from the same line origins as the per-file figure.

``knowledge_loss_share`` of a period: of the non-bot lines of code files alive
in the period's snapshot, the share whose origin author made no commit (to any
file) in the ``window_months`` before the period's end.  The reference moment
is the period's last second, or the newest commit of the scanned range when
the period is still running; so the last period uses exactly the per-file
rule (``files[].line_origins.knowledge_loss_share``: no commit since
``window_months`` before the last commit in range) and its lines are the sum
of the files' lost lines.  Authors are mailmap identities (e-mail first), as
for owners; bots (AI attribution's bot commits and bot-looking names) are left
out of numerator and denominator.

With each share come the top holders of that code (authors, with the date of
their last commit, so a retrospective can tell who left during its window)
and the files with the most such lines, each with its share at the end of the
period before (the change a quarter-against-quarter retrospective shows).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from debt_explorer.core.models import LostFile, LostOwner
from debt_explorer.core.provenance.figures import BOT, Figures
from debt_explorer.core.trends import months_before

#: how many authors and files each period names
TOP = 5


@dataclass(frozen=True)
class PeriodLoss:
    knowledge_loss_share: float | None
    knowledge_loss_lines: int | None
    knowledge_loss_authors: tuple[LostOwner, ...]
    knowledge_loss_files: tuple[LostFile, ...]


NONE = PeriodLoss(None, None, (), ())


def window_of(range_end: int, active_since: int, longest: int = 1200) -> int | None:
    """The window in months that ``months_before(range_end, months) == active_since`` (None when none does)."""
    for months in range(1, longest + 1):
        if months_before(range_end, months) == active_since:
            return months
    return None


def period_losses(figures: Figures, range_end: int, window_months: int) -> list[PeriodLoss]:
    """One :class:`PeriodLoss` per period of ``figures`` (empty where the period has no snapshot)."""
    origins = figures.origins
    human = origins.kind != BOT
    out: list[PeriodLoss] = []
    before: tuple[dict[str, np.ndarray], np.ndarray] | None = None  # the previous period's state and lost mask
    for index, snapshot in enumerate(figures.snapshots):
        if snapshot is None or not len(origins.time):
            out.append(NONE)
            before = None
            continue
        ref = min(figures.ends[index], range_end)
        since = months_before(ref, window_months)
        upto = origins.time <= ref
        last = np.full(len(origins.names), -1, dtype=np.int64)
        np.maximum.at(last, origins.author[upto], origins.time[upto])
        gone_author = last < since
        lost = human & gone_author[origins.author]  # per origin id
        counts = figures.alive(snapshot)
        total = int(counts[human].sum())
        lost_lines = int(counts[lost].sum())
        state = figures.state(snapshot)
        if not total:
            out.append(PeriodLoss(None, 0, (), ()))
            before = (state, lost)
            continue
        per_author = np.bincount(origins.author[lost], weights=counts[lost], minlength=len(origins.names))
        order = np.argsort(-per_author, kind="stable")
        authors = tuple(LostOwner(origins.names[a], int(per_author[a]), int(last[a]))
                        for a in order[:TOP] if per_author[a] > 0)
        files: list[LostFile] = []
        for path, arr in state.items():
            if not len(arr) or not figures.is_code(path):
                continue
            gone = int(lost[arr].sum())
            if gone:
                files.append(LostFile(path, gone, round(gone / int(human[arr].sum()), 4)))
        files.sort(key=lambda f: (-f.lines, f.path))
        top = tuple(replace(f, share_before=_share(before, f.path, human)) for f in files[:TOP])
        out.append(PeriodLoss(round(lost_lines / total, 4), lost_lines, authors, top))
        before = (state, lost)
    return out


def _share(before: tuple[dict[str, np.ndarray], np.ndarray] | None, path: str, human: np.ndarray) -> float | None:
    """``path``'s knowledge-loss share in the previous period's state (None when it had no non-bot line there)."""
    if before is None:
        return None
    state, lost = before
    arr = state.get(path)
    if arr is None or not len(arr):
        return None
    people = int(human[arr].sum())
    return round(int(lost[arr].sum()) / people, 4) if people else None
