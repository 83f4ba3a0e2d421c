"""The whole-result cache: JSON that cannot run code, exact round trip, and cache-folder problems."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from debt_explorer.core import result_codec, sqlite_guard
from debt_explorer.core.cache import Cache
from debt_explorer.core.result_cache import load_result, store_result
from fsfaults import damage_pages, read_only_folder, tiny_folder
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, build_history, scan
from test_scan_inputs import cli

CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"


def _rich_history(builder: RepoBuilder) -> None:
    build_history(builder)
    builder.write("app/helpers.py", "".join(f"def g{i}(b):\n    if b:\n        return {i}\n    return 0\n"
                                            for i in range(5)))
    builder.write("weird/\u00e9t\u00e9 = x.py", "def w():\n    return 1\n")
    builder.commit("Add helpers" + CLAUDE, "2024-08-10T12:00:00+00:00", BOB)


def test_result_round_trips_exactly_through_json(repo_builder: RepoBuilder) -> None:
    _rich_history(repo_builder)
    result = scan(repo_builder.path, since=None)
    assert result.ai_commits and result.functions and result.file_series and result.period_hotspots
    data = result_codec.dumps(result)
    assert json.loads(data)[0]["format"] == "debt-explorer-result"
    again = result_codec.loads(data)
    assert again == result
    assert type(again.options) is type(result.options) and again.options == result.options
    assert type(again.files) is tuple and type(again.functions["app/helpers.py"]) is tuple
    # text with lone surrogates (undecodable bytes carried with surrogateescape) survives too
    odd = replace(result, warnings=("path b'\\xff' = caf\udce9.py",))
    assert result_codec.loads(result_codec.dumps(odd)).warnings == odd.warnings


def test_warm_scan_loads_the_json_result_and_equals_the_cold_one(repo_builder: RepoBuilder,
                                                                  tmp_path: Path) -> None:
    _rich_history(repo_builder)
    cold = scan(repo_builder.path, cache_dir=str(tmp_path / "c"))
    stored = list((tmp_path / "c" / "results").iterdir())
    assert [p.name.endswith(".json.gz") for p in stored] == [True]
    warm = scan(repo_builder.path, cache_dir=str(tmp_path / "c"))
    assert warm.stats.phase_seconds.keys() == {"result cache"}
    assert (warm.files, warm.periods, warm.commits, warm.ai_commits, warm.functions) == \
        (cold.files, cold.periods, cold.commits, cold.ai_commits, cold.functions)


class _Boom:
    def __reduce__(self):  # noqa: ANN204 - what a hostile pickle would do when loaded
        return (Path("/tmp/should-not-exist-debt-explorer-marker").touch, ())


def test_a_planted_pickle_is_never_loaded(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    _rich_history(repo_builder)
    cache_dir = tmp_path / "c"
    scan(repo_builder.path, cache_dir=str(cache_dir))
    (stored,) = (cache_dir / "results").iterdir()
    key = stored.name.split(".")[0]
    marker = Path("/tmp/should-not-exist-debt-explorer-marker")
    marker.unlink(missing_ok=True)
    payload = pickle.dumps(_Boom())
    (cache_dir / "results" / f"{key}.pickle").write_bytes(payload)  # the old name
    stored.write_bytes(gzip.compress(payload))  # and the new one
    assert load_result(cache_dir, key) is None
    again = scan(repo_builder.path, cache_dir=str(cache_dir))
    assert again.file("app/engine.py").revisions == 4 and not marker.exists()
    assert not (cache_dir / "results" / f"{key}.pickle").exists()  # old pickles are removed


@pytest.mark.parametrize("data", [b"", b"garbage", gzip.compress(b"[{}, []]", mtime=0),
                                  gzip.compress(b"[" * 50_000, mtime=0),
                                  gzip.compress(b'[{"format": "debt-explorer-result", "version": 1}, []]', mtime=0)],
                         ids=["empty", "garbage", "no-header", "nesting-bomb", "other-layout"])
def test_damaged_result_files_are_a_miss(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "k.json.gz").write_bytes(data)
    assert load_result(tmp_path, "k") is None


def test_file_named_results_says_what_to_do(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    cache_dir = tmp_path / "c"
    cache_dir.mkdir()
    (cache_dir / "results").write_text("not a folder")
    result = scan(repo_builder.path, cache_dir=str(cache_dir))
    assert result.file("app/engine.py").revisions == 4
    assert any("results is a file, not a folder" in w and "remove it" in w for w in result.warnings)
    assert (cache_dir / "results").read_text() == "not a folder"
    done = cli("scan", str(repo_builder.path), "--cache-dir", str(cache_dir), "--quiet")
    assert done.returncode == 0 and "Traceback" not in done.stderr and "not a folder" in done.stderr


def test_cache_warning_is_not_stored_and_not_repeated_on_warm_scans(repo_builder: RepoBuilder,
                                                                    tmp_path: Path) -> None:
    build_history(repo_builder)
    cache_dir = tmp_path / "c"
    scan(repo_builder.path, cache_dir=str(cache_dir))
    with Cache(cache_dir) as cache:  # a hiccup on the next run: the commits table is unreadable
        cache.put_metrics([], "x")
    real = Cache.known_commits

    def failing(self, *args):  # noqa: ANN001,ANN202
        self._failed(sqlite3.DatabaseError("database disk image is malformed"), writing=False)
        return set()

    (cache_dir / "results").rename(tmp_path / "moved")  # force a full scan that meets the problem
    Cache.known_commits = failing
    try:
        first = scan(repo_builder.path, cache_dir=str(cache_dir))
    finally:
        Cache.known_commits = real
    assert any("damaged" in w for w in first.warnings)
    (tmp_path / "moved").rename(cache_dir / "results")
    warm = scan(repo_builder.path, cache_dir=str(cache_dir))
    assert warm.stats.phase_seconds.keys() == {"result cache"}
    assert not any("damaged" in w for w in warm.warnings)
    for stored in (cache_dir / "results").iterdir():
        assert b"damaged" not in gzip.decompress(stored.read_bytes())


def test_page_level_corruption_with_intact_header(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    cache_dir = tmp_path / "c"
    scan(repo_builder.path, cache_dir=str(cache_dir), ai=False)
    for stored in (cache_dir / "results").iterdir():
        stored.unlink()
    database = cache_dir / "cache.sqlite3"
    conn = sqlite3.connect(database)
    kv_root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='kv'").fetchone()[0]
    conn.close()
    damage_pages(database, keep=lambda page: page in (1, kv_root))  # opens fine; fails mid-scan
    before = database.read_bytes()
    for _ in range(2):  # every run: one line, a correct result, the file untouched
        done = cli("scan", str(repo_builder.path), "--cache-dir", str(cache_dir), "--quiet", "--json", "-")
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert json.loads(done.stdout)["files"][0]["path"]
        assert [line for line in done.stderr.splitlines() if "damaged" in line] and \
            all("delete it to start a new cache" in line for line in done.stderr.splitlines() if "damaged" in line)
        assert database.read_bytes() == before
    damaged = scan(repo_builder.path, cache_dir=str(cache_dir), ai=False)
    assert damaged.files == scan(repo_builder.path, use_cache=False, ai=False).files


def test_read_only_cache_folder(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    with read_only_folder(tmp_path / "empty"):  # nothing in it yet: scan without a cache
        result = scan(repo_builder.path, cache_dir=str(tmp_path / "empty"))
        assert result.file("app/engine.py").revisions == 4
        assert any("is not writable" in w and "--cache-dir" in w for w in result.warnings)
        done = cli("scan", str(repo_builder.path), "--cache-dir", str(tmp_path / "empty"), "--quiet")
        assert done.returncode == 0 and "Traceback" not in done.stderr

    def fill(folder: Path) -> None:
        scan(repo_builder.path, cache_dir=str(folder))
        for stored in (folder / "results").iterdir():
            stored.unlink()

    with read_only_folder(tmp_path / "filled", fill):  # a filled cache is read, not written
        result = scan(repo_builder.path, cache_dir=str(tmp_path / "filled"))
        assert result.stats.commits_from_cache == result.repo.commits_scanned
        assert any("read-only" in w for w in result.warnings)


def test_full_disk_during_a_scan(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    for n in range(25):
        repo_builder.write(f"pkg/m{n}.py", "".join(f"def f{n}_{i}(x):\n    return x + {i}\n" for i in range(40)))
    repo_builder.commit("many files", "2024-09-01T12:00:00+00:00", ALICE)
    with tiny_folder(tmp_path / "small", "40k") as small:
        result = scan(repo_builder.path, cache_dir=str(small))
        assert len(result.files) == 27
        assert any("is full" in w and "free some space" in w for w in result.warnings), result.warnings


def test_full_database_during_a_scan_without_a_mount(repo_builder: RepoBuilder, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    build_history(repo_builder)
    connect = sqlite_guard.connect

    def small(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
        conn = connect(path, read_only=read_only)
        conn.execute("PRAGMA max_page_count = 6")  # SQLite answers "database or disk is full" past this
        return conn

    monkeypatch.setattr(sqlite_guard, "connect", small)
    for n in range(30):
        repo_builder.write(f"pkg/m{n}.py", "".join(f"def f{n}_{i}(x):\n    return x + {i}\n" for i in range(30)))
    repo_builder.commit("many files", "2024-09-01T12:00:00+00:00", ALICE)
    result = scan(repo_builder.path, cache_dir=str(tmp_path / "c"))
    assert len(result.files) == 32
    assert sum("is full" in w for w in result.warnings) == 1, result.warnings


def test_store_result_reports_instead_of_raising(tmp_path: Path, repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    result = scan(repo_builder.path, use_cache=False)
    (tmp_path / "results").write_text("x")
    assert "not a folder" in store_result(tmp_path, "k", result)
    os.remove(tmp_path / "results")
    assert store_result(tmp_path, "k", result) is None and load_result(tmp_path, "k") == result


def test_locked_cache_is_waited_for_then_the_scan_goes_on(repo_builder: RepoBuilder, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    build_history(repo_builder)
    cache_dir = tmp_path / "c"
    Cache(cache_dir).close()
    holder = sqlite3.connect(cache_dir / "cache.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another scan in the middle of writing
    monkeypatch.setattr(sqlite_guard, "BUSY_TIMEOUT", 0.3)
    try:
        result = scan(repo_builder.path, cache_dir=str(cache_dir))
    finally:
        holder.rollback()
        holder.close()
    assert result.file("app/engine.py").revisions == 4
    locked = [w for w in result.warnings if "locked by another process (waited 0.3 s)" in w]
    assert len(locked) == 1 and "nothing more is saved in it during this scan" in locked[0]
    again = scan(repo_builder.path, cache_dir=str(cache_dir))  # the lock is gone: the cache is used again
    assert not any("locked" in w for w in again.warnings)


def test_one_line_tree_sitter_file_survives_the_result_cache(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    """A one-line TypeScript file once gave ``sloc = True`` (a bool), which the JSON result could not read back,
    so every warm scan of such a repository missed the result cache."""
    from debt_explorer.core.tsmetrics import tree_sitter_metrics

    metrics = tree_sitter_metrics("a.ts", "export * from './x'\n", "TypeScript")
    assert metrics is not None and metrics.sloc == 1 and type(metrics.sloc) is int
    repo_builder.write("index.ts", "export * from './x'\n")
    repo_builder.write("x.ts", "export function f(a: number): number {\n  return a > 1 ? a : 0;\n}\n")
    repo_builder.commit("one-line entry point", "2024-02-01T10:00:00+00:00", ALICE)
    cache = str(tmp_path / "cache")
    cold = scan(repo_builder.path, cache_dir=cache)
    warm = scan(repo_builder.path, cache_dir=cache)
    assert warm.stats.phase_seconds.keys() == {"result cache"}  # loaded, not rescanned
    assert [(f.path, f.sloc, f.complexity) for f in warm.files] == [(f.path, f.sloc, f.complexity) for f in cold.files]
