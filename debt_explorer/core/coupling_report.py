"""Change coupling of a scan: the hotspot window and the whole history, surprises, JSON and CSV rows.

Surprising couplings (what an architect would not expect from the layout):

* **cross-folder**: a reported pair whose two files live in different
  top-level folders (files at the root count as the folder ``.``), except a
  production file with a test file (tests are expected to move with code).
* **tests rarely change with it**: a production code file with at least
  ``min_revs`` revisions in scope whose test file (found by name:
  ``test_app.py``, ``app_test.go``, ``app.test.ts``, ``app.spec.js``,
  ``AppTest.java``, ``app_spec.rb``) changed with it in fewer than ``test_share`` (20 %)
  of its revisions.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from debt_explorer.core.catalogue import PAIR_METRICS, csv_columns
from debt_explorer.core.coupling import (
    CoChanges,
    CouplingOptions,
    CouplingPair,
    CouplingResult,
    analyse,
    changesets,
)
from debt_explorer.core.languages import analyzer_for, language_for
from debt_explorer.core.models import ScanResult
from debt_explorer.core.options import DEFAULT_EXCLUDES, ScanOptions
from debt_explorer.core.paths import PathFilter
from debt_explorer.core.trends import months_before

PAIR_COLUMNS = csv_columns(("entity", "coupled", "degree", "average_revs", "shared_revs", "entity_revs",
                            "coupled_revs", "surprising"), PAIR_METRICS)

_TEST_DIRS = frozenset({"test", "tests", "testing", "__tests__", "spec", "specs"})
_TEST_NAME = re.compile(r"^(?:test_.+|.+_test|.+\.test|.+\.spec|.+_spec|.+Tests?|.+\.e2e)$")


@dataclass(frozen=True, slots=True)
class UntestedChanges:
    """A production file whose test file rarely changed with it."""

    file: str
    test_file: str
    revisions: int
    test_revisions: int
    shared_revs: int

    @property
    def share(self) -> float:
        return round(self.shared_revs / self.revisions, 4) if self.revisions else 0.0


@dataclass(frozen=True, slots=True)
class CouplingReport:
    """Coupling in one scope (``window`` or ``history``)."""

    scope: str
    since: int | None
    until: int | None
    result: CouplingResult
    surprising: dict[tuple[str, str], str]
    test_gaps: tuple[UntestedChanges, ...]

    @property
    def pairs(self) -> tuple[CouplingPair, ...]:
        return self.result.pairs


def is_test_path(path: str) -> bool:
    parts = path.split("/")
    stem = _stem(parts[-1])
    return any(p.lower() in _TEST_DIRS for p in parts[:-1]) or bool(_TEST_NAME.match(stem))


def _stem(name: str) -> str:
    base, dot, _ = name.rpartition(".")
    return base if dot else name


def _tested_stem(path: str) -> str | None:
    """The production stem a test file names (``tests/test_app.py`` -> ``app``), ``None`` if none."""
    stem = _stem(os.path.basename(path))
    for pattern in (r"^test_(.+)$", r"^(.+)_test$", r"^(.+)\.test$", r"^(.+)\.spec$", r"^(.+)_spec$",
                    r"^(.+?)Tests?$", r"^(.+)\.e2e$"):
        match = re.match(pattern, stem)
        if match:
            return match.group(1).lower()
    return None


def find_test_files(paths: Iterable[str]) -> dict[str, list[str]]:
    """Production path -> its test files, matched by name among ``paths``."""
    all_paths = sorted(set(paths))
    tests_by_stem: dict[str, list[str]] = {}
    for path in all_paths:
        if is_test_path(path):
            stem = _tested_stem(path)
            if stem:
                tests_by_stem.setdefault(stem, []).append(path)
    found: dict[str, list[str]] = {}
    for path in all_paths:
        if is_test_path(path):
            continue
        stem = _stem(os.path.basename(path)).lower()
        tests = None if stem.startswith("__") else tests_by_stem.get(stem)
        if tests:
            found[path] = tests
    return found


def code_filter(options: ScanOptions | None) -> PathFilter:
    options = options or ScanOptions()
    return PathFilter(options.include, options.exclude, DEFAULT_EXCLUDES if options.use_default_excludes else ())


def is_code_file(path: str, path_filter: PathFilter) -> bool:
    return analyzer_for(language_for(path)) is not None and path_filter(path)


def _top_folder(path: str) -> str:
    return path.split("/", 1)[0] if "/" in path else "."


def surprising_pairs(pairs: Sequence[CouplingPair]) -> dict[tuple[str, str], str]:
    found = {}
    for pair in pairs:
        a, b = _top_folder(pair.entity), _top_folder(pair.coupled)
        if a != b and is_test_path(pair.entity) == is_test_path(pair.coupled):
            found[(pair.entity, pair.coupled)] = f"crosses top-level folders {a} and {b}"
    return found


def find_test_gaps(counts: CoChanges, min_revs: int, test_share: float = 0.2) -> tuple[UntestedChanges, ...]:
    """Production files with >= ``min_revs`` revisions whose test file shares < ``test_share`` of them."""
    gaps = []
    for path, tests in find_test_files(counts.revisions).items():
        revisions = counts.revisions[path]
        if revisions < min_revs:
            continue
        best = max(tests, key=lambda t: (counts.shared_revs(path, t), t))
        shared = counts.shared_revs(path, best)
        if shared < test_share * revisions:
            gaps.append(UntestedChanges(path, best, revisions, counts.revisions.get(best, 0), shared))
    gaps.sort(key=lambda g: (g.share, -g.revisions, g.file))
    return tuple(gaps)


def included_paths(result: ScanResult, options: CouplingOptions) -> Callable[[str], bool] | None:
    """The paths that count as entities: code files inside the scan's globs, or every file (``None``)."""
    if not options.code_only:
        return None
    path_filter = code_filter(result.options if isinstance(result.options, ScanOptions) else ScanOptions())
    return lambda path: is_code_file(path, path_filter)


def coupling_report(result: ScanResult, options: CouplingOptions | None = None, scope: str = "window"
                    ) -> CouplingReport:
    """Coupling over the hotspot window (``scope="window"``) or the whole scanned history (``"history"``)."""
    if scope not in ("window", "history"):
        raise ValueError(f"scope must be window or history, not {scope!r}")
    options = options or CouplingOptions()
    scan_options = result.options if isinstance(result.options, ScanOptions) else ScanOptions()
    until = result.repo.last_commit_date
    since = None
    if scope == "window" and until is not None:
        since = months_before(until, scan_options.window_months)
    sets = changesets(result.commits, result.changes, since, until)
    outcome = analyse(sets, options, included_paths(result, options))
    gaps: tuple[UntestedChanges, ...] = ()
    if options.folder_depth is None:
        gaps = find_test_gaps(outcome.counts, options.min_revs)
    return CouplingReport(scope, since, until, outcome, surprising_pairs(outcome.pairs), gaps)


def pair_to_json(pair: CouplingPair, surprising: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    return {"entity": pair.entity, "coupled": pair.coupled, "degree": pair.degree,
            "average_revs": pair.average_revs, "shared_revs": pair.shared_revs,
            "entity_revs": pair.entity_revs, "coupled_revs": pair.coupled_revs,
            "surprising": (surprising or {}).get((pair.entity, pair.coupled))}


def report_to_json(report: CouplingReport) -> dict[str, Any]:
    from debt_explorer.core.export import iso

    opts = report.result.options
    return {
        "scope": report.scope, "since": iso(report.since), "until": iso(report.until),
        "options": {"min_revs": opts.min_revs, "min_shared_revs": opts.min_shared_revs,
                    "min_coupling": opts.min_coupling, "max_coupling": opts.max_coupling,
                    "max_changeset_size": opts.max_changeset_size, "folder_depth": opts.folder_depth,
                    "code_only": opts.code_only},
        "commits": report.result.counts.commits,
        "commits_too_large": report.result.counts.commits_too_large,
        "coupling": [pair_to_json(p, report.surprising) for p in report.pairs],
        "soc": [{"entity": e, "soc": s} for e, s in report.result.soc],
        "test_gaps": [{"file": g.file, "test_file": g.test_file, "revisions": g.revisions,
                       "test_revisions": g.test_revisions, "shared_revs": g.shared_revs, "share": g.share}
                      for g in report.test_gaps],
    }


def write_pairs_csv(report: CouplingReport, stream: TextIO) -> None:
    writer = csv.writer(stream)
    writer.writerow(PAIR_COLUMNS)
    for pair in report.pairs:
        row = pair_to_json(pair, report.surprising)
        writer.writerow(["" if row[c] is None else row[c] for c in PAIR_COLUMNS])
