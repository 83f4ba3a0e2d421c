"""Small pure pieces: periods, globs, hotspot formulas, rename resolution, cache schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from debt_explorer.core.cache import SCHEMA_VERSION, Cache, CacheError
from debt_explorer.core.churn import WindowTracker, resolve_identities
from debt_explorer.core.hotspots import ecdf, hotspot_ranks, hotspot_scores, is_high_churn
from debt_explorer.core.models import Commit, FileChange
from debt_explorer.core.paths import PathFilter, matches
from debt_explorer.core.trends import months_before, period_of, periods_between, span_of


def test_period_labels_and_bounds() -> None:
    assert period_of(1719791999).label == "2024Q2"  # 2024-06-30T23:59:59Z
    assert period_of(1719792000).label == "2024Q3"
    assert period_of(1719792000, "month").label == "2024-07"
    assert period_of(1719792000, "year").label == "2024"
    spans = periods_between(1704067200, 1735689599)  # all of 2024
    assert [p.label for p in spans] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert (spans[0].start_date, spans[0].end_date) == ("2024-01-01", "2024-03-31")
    assert months_before(1711886400, 1) == 1709208000  # 2024-03-31 -> 2024-02-29 (day clamps)
    assert months_before(1709208000, 1) == 1706529600  # 2024-02-29 -> 2024-01-29


def test_iso_period_bounds_have_one_home() -> None:
    """PeriodStats keeps ISO days; span_of turns them back into the [start, end) seconds period_of made."""
    from types import SimpleNamespace

    q2 = period_of(1719791999)
    assert span_of(SimpleNamespace(start=q2.start_date, end=q2.end_date)) == (q2.start, q2.end + 1)
    assert span_of(SimpleNamespace(start="2024-02-01", end="2024-02-29")) == (1706745600, 1709251200)


def test_globs() -> None:
    assert matches("a/vendor/x.py", "**/vendor/**") and matches("vendor/x.py", "**/vendor/**")
    assert matches("x/y.min.js", "*.min.js") and not matches("a/b.py", "*.js")
    assert matches("docs/a/b.md", "docs/**") and not matches("src/docs.py", "docs/**")
    flt = PathFilter(include=("src/**",), exclude=("**/test_*.py",), default_exclude=("**/vendor/**",))
    assert flt("src/a.py") and not flt("lib/a.py") and not flt("src/test_a.py")
    assert flt.excluded_by("src/vendor/x.py") is None  # an explicit include wins over a default rule


def test_hotspot_formula() -> None:
    assert ecdf([1, 2, 2, 4]) == [0.25, 0.75, 0.75, 1.0]
    scores = hotspot_scores([0, 1, 5, 5, 10], [3, 1, 8, 2, 20])
    assert scores == [0.0, 0.08, 0.64, 0.32, 1.0]
    assert hotspot_ranks(scores, [(0,), (1,), (5,), (5,), (10,)]) == [None, 4, 2, 3, 1]
    assert is_high_churn(200, 100, 1.0, 100) and not is_high_churn(99, 10, 1.0, 100)


def _commit(sha: str, when: int) -> Commit:
    return Commit(sha, (), "a", "a@x", when, "a", "a@x", when, sha)


def test_rename_chain_resolves_to_the_current_path() -> None:
    commits = [_commit("c3", 300), _commit("c2", 200), _commit("c1", 100)]
    changes = {
        "c1": [FileChange("c1", "a.py", None, 10, 0)],
        "c2": [FileChange("c2", "b.py", "a.py", 1, 1)],
        "c3": [FileChange("c3", "c.py", "b.py", 2, 0)],
    }
    resolved, aliases = resolve_identities(commits, changes, boundaries=[150, 250])
    assert {c.sha: c.file for c in resolved} == {"c1": "c.py", "c2": "c.py", "c3": "c.py"}
    assert aliases[0] == {"a.py": "c.py", "b.py": "c.py"} and aliases[1] == {"b.py": "c.py"}
    tracker = WindowTracker()
    for commit in reversed(commits):
        tracker.apply(commit, changes[commit.sha])
    assert tracker.window("c.py", 0, 300) == (3, 14)
    assert tracker.window("c.py", 150, 300) == (2, 4)
    assert tracker.window("a.py", 0, 300) == (0, 0)


def test_cache_refuses_a_newer_schema(tmp_path: Path) -> None:
    Cache(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "cache.sqlite3")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CacheError, match="newer"):
        Cache(tmp_path)


def test_scan_options_json_round_trip_and_rejects_wrong_types() -> None:
    from datetime import date

    import pytest

    from debt_explorer.core.options import ScanOptions

    options = ScanOptions(rev="main", since=date(2020, 1, 2), until=date(2021, 3, 4), period="month",
                          include=("src/**",), exclude=("**/*_pb2.py",), window_months=6, hotspot_threshold=0.5)
    assert ScanOptions.from_json(options.to_json()) == options
    assert ScanOptions.from_json({"hotspot_threshold": 1}).hotspot_threshold == 1.0
    assert ScanOptions.from_json({"period": "year"}, base=options) == ScanOptions(
        rev="main", since=date(2020, 1, 2), until=date(2021, 3, 4), period="year", include=("src/**",),
        exclude=("**/*_pb2.py",), window_months=6, hotspot_threshold=0.5)
    for bad, message in [({"window_months": "6"}, "window_months must be int, not str"),
                         ({"window_months": True}, "window_months must be int, not bool"),
                         ({"use_cache": 1}, "use_cache must be bool, not int"),
                         ({"include": "src/**"}, "include must be a list of glob strings"),
                         ({"colour": "red"}, "unknown scan option 'colour'"),
                         ({"period": "week"}, "period must be one of quarter, month, year, not 'week'")]:
        with pytest.raises(ValueError) as caught:
            ScanOptions.from_json(bad)
        assert str(caught.value) == message
