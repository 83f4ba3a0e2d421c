"""One rule for which paths a view may list, and which files are tests, docs or examples.

Every list a view shows (retrospective, period summary, table) names only *code files in the scan*:
a path counts when the scan measured it, or, for a path no longer at the scanned revision, when its
language has an analyzer and the scan's include/exclude rules (defaults included) let it in.  Lock
files, docs and vendored code therefore never appear, whichever view lists them.

:func:`scope_of` sorts code files into ``product`` and the three areas a hotspot list is usually
swamped by: ``tests``, ``docs`` (documentation examples and docs builds) and ``examples``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from debt_explorer.core.languages import analyzer_for, language_for
from debt_explorer.core.models import PeriodStats, ScanResult
from debt_explorer.core.options import DEFAULT_EXCLUDES
from debt_explorer.core.paths import PathFilter
from debt_explorer.core.trends import span_of


class Scope(str, Enum):
    PRODUCT = "product"
    TESTS = "tests"
    DOCS = "docs"
    EXAMPLES = "examples"


_TESTS = re.compile(r"(^|/)(tests?|testing|__tests__|spec|specs)/|(^|/)(test_[^/]*|[^/]*_test\.[^/]+|[^/]*\.(test|spec)"
                    r"\.[^/]+|conftest\.py)$", re.IGNORECASE)
_DOCS = re.compile(r"(^|/)(docs?|documentation)/", re.IGNORECASE)
_EXAMPLES = re.compile(r"(^|/)(examples?|samples?|demos?|tutorials?)/", re.IGNORECASE)


def scope_of(path: str) -> Scope:
    """Tests first (a test under ``examples/`` is a test), then docs, then examples; everything else is product."""
    if _TESTS.search(path):
        return Scope.TESTS
    if _DOCS.search(path):
        return Scope.DOCS
    if _EXAMPLES.search(path):
        return Scope.EXAMPLES
    return Scope.PRODUCT


def code_file_rule(result: ScanResult) -> Callable[[str], bool]:
    """``path -> bool``: whether a path is a code file of this scan (see the module docstring)."""
    measured = {f.path for f in result.files}
    skipped = {s.path for s in result.skipped}
    options = result.options
    path_filter = PathFilter(options.include, options.exclude,
                             DEFAULT_EXCLUDES if options.use_default_excludes else ())

    def counts(path: str) -> bool:
        if path in measured:
            return True
        if path in skipped:
            return False
        return analyzer_for(language_for(path)) is not None and path_filter(path)

    return counts


def activity_in(result: ScanResult, period: PeriodStats, current_only: bool = True) -> dict[str, tuple[int, int]]:
    """File -> (revisions, lines changed) during ``period`` (or a window of periods): the one home of a file's
    churn within a period, used by the period filter, the period summary and the retrospective.

    Binary changes are not counted. ``current_only`` keeps the code files of the scanned revision (paths at the
    ref; renames are already followed in ``result.changes``); without it, every path changed in the period counts.
    """
    start, end = span_of(period)
    dates = {c.sha: c.committer_date for c in result.commits}
    current = {f.path for f in result.files}
    shas: dict[str, set[str]] = {}
    churn: dict[str, int] = {}
    for change in result.changes:
        if (not current_only or change.file in current) and not change.binary and \
                start <= dates.get(change.sha, 0) < end:
            shas.setdefault(change.file, set()).add(change.sha)
            churn[change.file] = churn.get(change.file, 0) + change.churn
    return {path: (len(shas[path]), churn[path]) for path in churn}
