"""Bug-fix commits: which commits fixed defects, and how much of the churn was fixing.

One rule table decides, first match wins (:data:`RULES`).  Whole words only,
so "prefix", "fixture", "debugger", "monkeypatch" or "bugle" never count.
Keyword rules look at the subject line; issue-closing phrases and revert
trailers anywhere in the message.  Cosmetic work (typos, formatting, lint,
``docs:``/``style:``/``chore:``/``ci:``/``build:``/``test:`` subjects) is not a
fix even when it says "fix".  A bare "patch" is not a fix word (it is an HTTP
method and a verb in many projects): "patch for ..." is.  Merge commits are never fixes (their lines
were counted on the branch that made them).

Figures (per file in the hotspot window, per period):

* ``fix_commits``: non-merge fix commits that changed the file (or landed in the period);
* ``fix_churn``: lines added + deleted by those commits (code files only, as ``churn``);
* ``fix_ratio = fix_commits / window_revisions`` (``None`` without revisions).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from debt_explorer.core.history import History
from debt_explorer.core.models import Commit, FileChange, FileRecord, PeriodStats
from debt_explorer.core.trends import Period, months_before

FIXES_VERSION = "fixes-1"


@dataclass(frozen=True, slots=True)
class Rule:
    """``pattern`` searched in the ``where`` part of a message; ``is_fix`` is the verdict when it matches."""

    name: str
    where: str  # "subject" or "message"
    pattern: re.Pattern[str]
    is_fix: bool


def _rule(name: str, where: str, pattern: str, is_fix: bool) -> Rule:
    return Rule(name, where, re.compile(pattern, re.IGNORECASE | re.MULTILINE), is_fix)


#: First match wins.  Order matters: cosmetic "fixes" are ruled out before the fix keywords.
RULES: tuple[Rule, ...] = (
    _rule("revert", "message", r"^revert\b|\bthis reverts commit [0-9a-f]{7,}", True),
    _rule("cosmetic", "subject",
          r"^(?:docs|style|chore|ci|build|test)(?:\([^)]*\))?!?:|\b(?:typos?|spelling|whitespace|wording|grammar|"
          r"formatting|lint(?:ing|er)?|pep ?8|flake8|docstrings?|changelog)\b", False),
    _rule("closes issue", "message",
          r"\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\s*:?\s+(?:[\w.-]+/[\w.-]+)?(?:#|gh-)\d+", True),
    _rule("conventional fix", "subject", r"^(?:fix|bugfix|hotfix)(?:\([^)]*\))?!?:", True),
    _rule("fix keyword", "subject",
          r"\b(?:fix|fixes|fixed|fixing|fixup|bugfix(?:es)?|hotfix(?:es)?|bugs?|defects?|regressions?|"
          r"patch(?:es)? for|crash(?:es|ed)?|broken|workaround)\b", True),
)


@dataclass(frozen=True, slots=True)
class FixVerdict:
    is_fix: bool
    rule: str | None  # the rule that decided, None when none matched


def classify(message: str) -> FixVerdict:
    """Whether a commit message describes a bug fix, and the rule that says so."""
    subject = message.split("\n", 1)[0]
    for rule in RULES:
        if rule.pattern.search(subject if rule.where == "subject" else message):
            return FixVerdict(rule.is_fix, rule.name)
    return FixVerdict(False, None)


#: The last few answers of :func:`fix_shas` for a result's commit tuple (the tuple itself is kept to prove identity):
#: the retrospective, the report and X-Ray ask it of the same 22k commits several times per view.
_FIX_SHAS_MEMO: list[tuple[tuple[Commit, ...], frozenset[str]]] = []
_MEMO_SIZE = 2


def fix_shas(commits: Iterable[Commit]) -> frozenset[str]:
    """SHAs of the non-merge fix commits."""
    if isinstance(commits, tuple):
        for known, shas in _FIX_SHAS_MEMO:
            if known is commits:
                return shas
    found = frozenset(c.sha for c in commits if not c.is_merge and classify(c.message).is_fix)
    if isinstance(commits, tuple):
        _FIX_SHAS_MEMO.insert(0, (commits, found))
        del _FIX_SHAS_MEMO[_MEMO_SIZE:]
    return found


def file_fix_figures(commits: Sequence[Commit], changes: Iterable[FileChange], since: int | None,
                     until: int | None, fixes: AbstractSet[str] | None = None) -> dict[str, tuple[int, int]]:
    """File identity -> (fix commits, fix churn) with ``since < committer date <= until``; binary changes skipped."""
    fixes = fix_shas(commits) if fixes is None else fixes
    dates = {c.sha: c.committer_date for c in commits}
    figures: dict[str, tuple[int, int]] = {}
    for change in changes:
        when = dates.get(change.sha)
        if change.binary or change.sha not in fixes or when is None:
            continue
        if (since is not None and when <= since) or (until is not None and when > until):
            continue
        count, churn = figures.get(change.file or change.path, (0, 0))
        figures[change.file or change.path] = (count + 1, churn + change.churn)
    return figures


def fix_ratio(fix_commits: int, revisions: int) -> float | None:
    return round(fix_commits / revisions, 4) if revisions else None


def with_fix_figures(files: Sequence[FileRecord], periods: Sequence[PeriodStats], period_bounds: Sequence[Period],
                     history: History, window_months: int,
                     is_code: Callable[[str], bool]) -> tuple[tuple[FileRecord, ...], tuple[PeriodStats, ...]]:
    """Files and periods with their fix figures filled in."""
    commits, changes, range_end = history.commits, history.resolved, history.range_end
    fixes = fix_shas(commits)
    start = months_before(range_end, window_months)
    per_file = file_fix_figures(commits, changes, start, range_end, fixes)
    new_files = []
    for record in files:
        count, churn = per_file.get(record.path, (0, 0))
        new_files.append(replace(record, fix_commits=count, fix_churn=churn,
                                 fix_ratio=fix_ratio(count, record.window_revisions)))
    starts = [p.start for p in period_bounds]
    by_period: dict[int, list[int]] = {}
    for commit in commits:
        slot = bisect_right(starts, commit.committer_date) - 1
        if commit.sha in fixes and 0 <= slot < len(period_bounds):
            by_period.setdefault(slot, [0, 0])[0] += 1
    dates = {c.sha: c.committer_date for c in commits}
    for change in changes:
        if change.sha in fixes and not change.binary and is_code(change.path):
            slot = bisect_right(starts, dates[change.sha]) - 1
            if 0 <= slot < len(period_bounds):
                by_period.setdefault(slot, [0, 0])[1] += change.churn
    new_periods = [replace(p, fix_commits=by_period.get(i, [0, 0])[0], fix_churn=by_period.get(i, [0, 0])[1])
                   for i, p in enumerate(periods)]
    return tuple(new_files), tuple(new_periods)


def attracts_fixes(record: FileRecord, min_fix_commits: int = 3, min_ratio: float = 0.5) -> bool:
    """A file that keeps attracting fixes: >= 3 fix commits in the window and at least half its revisions."""
    return record.fix_commits >= min_fix_commits and (record.fix_ratio or 0.0) >= min_ratio


def fix_rule_table() -> list[Mapping[str, str]]:
    """The rules as rows, for documentation and the UI's tooltip."""
    return [{"rule": r.name, "looks at": r.where, "pattern": r.pattern.pattern, "verdict": "fix" if r.is_fix
             else "not a fix"} for r in RULES]
