"""An incremental scan (a stored cache from an earlier commit, then new commits) equals a cold scan exactly,
and takes what never changes from the cache: snapshot trees by commit, style features by blob."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, CAROL, build_history, scan

from debt_explorer.core.ai import attribution, style_cache
from debt_explorer.core.models import ScanResult, ScanStats
from debt_explorer.core.trees import TreeLister

CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"


def _module(name: str, n: int) -> str:
    """A Python file long enough (>= 15 SLOC) for the style model to score."""
    return "".join(f"def {name}_{i}(value):\n    # step {i}\n    if value > {i}:\n        return value - {i}\n"
                   f"    return {i}\n\n\n" for i in range(n))


def _base(builder: RepoBuilder) -> str:
    build_history(builder)
    builder.write("app/helpers.py", _module("helper", 5))
    builder.write("lib/tools.py", _module("tool", 6))
    builder.write("app/stable.py", _module("stable", 4))  # never changes: its style features are reused
    os.symlink("tools.py", builder.path / "lib" / "link.py")  # a symlink named like code: never a code file
    builder.commit("Add helpers and tools", "2024-08-10T12:00:00+00:00", BOB)
    builder.write("lib/tools.py", _module("tool", 7))
    return builder.commit("Grow tools" + CLAUDE, "2024-09-12T12:00:00+00:00", CAROL)


def _more(builder: RepoBuilder) -> None:
    builder.write("lib/tools.py", _module("tool", 8))
    builder.commit("Grow tools again" + CLAUDE, "2024-11-20T12:00:00+00:00", ALICE)
    builder.write("app/helpers.py", _module("helper", 6))
    builder.write("lib/extra.py", _module("extra", 4))
    builder.remove("lib/link.py")
    builder.commit("More helpers", "2025-01-05T12:00:00+00:00", BOB)


def _same(result: ScanResult) -> ScanResult:
    """The result without what may differ between runs: timings, where figures came from, the cache folder."""
    return replace(result, stats=ScanStats(), options=replace(result.options, cache_dir=None, use_cache=True))


class _Spy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.listed: list[str] = []
        self.extracted = self.by_workers = 0
        real_call, real_extract, real_made = TreeLister.__call__, style_cache.extract, style_cache.blob_features

        def call(lister: TreeLister, commit: str) -> dict[str, tuple[str, int]]:
            self.listed.append(commit)
            return real_call(lister, commit)

        def extract(text: str, added: int = 1) -> object:
            self.extracted += 1
            return real_extract(text, added)

        def made(path: str, data: bytes) -> object:
            self.by_workers += 1
            return real_made(path, data)

        monkeypatch.setattr(TreeLister, "__call__", call)
        monkeypatch.setattr(style_cache, "extract", extract)
        monkeypatch.setattr(style_cache, "blob_features", made)

    def reset(self) -> None:
        self.listed, self.extracted, self.by_workers = [], 0, 0


def test_incremental_scan_equals_a_cold_scan_and_reuses_trees_and_style(repo_builder: RepoBuilder, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    earlier = _base(repo_builder)
    cache = str(tmp_path / "cache")
    first = scan(repo_builder.path, rev=earlier, cache_dir=cache)
    first_snapshots = set(spy.listed)
    assert first_snapshots and spy.extracted >= 2
    assert "lib/link.py" not in {f.path for f in first.files}
    _more(repo_builder)
    spy.reset()
    step = scan(repo_builder.path, cache_dir=cache)
    assert step.stats.commits_from_cache == first.repo.commits_scanned
    # Only the new snapshots' trees are listed; features only of the blobs not scored before.
    assert spy.listed and not set(spy.listed) & first_snapshots
    # app/helpers.py and lib/tools.py changed, lib/extra.py is new: their features come from the metric pass (in
    # the workers, which hold the bytes); app/stable.py's are reused from the cache, and none is extracted again.
    assert spy.by_workers == spy.extracted == 3
    spy.reset()
    from debt_explorer.core import scan as scan_module

    partials, real_partial = [], scan_module._partial
    monkeypatch.setattr(scan_module, "_partial", lambda *args: partials.append(1) or real_partial(*args))
    cold = scan(repo_builder.path, use_cache=False)
    assert _same(step) == _same(cold)
    assert spy.by_workers == spy.extracted == len({f.blob for f in cold.files})  # every file at the ref, once
    # The file records of the first view (built: partials) are reused as final ones: the same as building them
    # again.
    assert partials
    monkeypatch.setattr(scan_module, "_partial", lambda progress, *args: progress)
    assert _same(scan(repo_builder.path, use_cache=False)) == _same(cold)
    assert {f.path for f in cold.files} >= {"lib/extra.py", "app/helpers.py", "lib/tools.py", "app/stable.py"}
    assert any(f.ai is not None and f.ai.style_score is not None for f in cold.files)


def test_damaged_tree_style_and_metric_entries_are_misses(repo_builder: RepoBuilder, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    _base(repo_builder)
    cache = tmp_path / "cache"
    cold = scan(repo_builder.path, cache_dir=str(cache))
    shutil.rmtree(cache / "results")  # the stored whole result would answer before any of this is read
    with sqlite3.connect(cache / "cache.sqlite3") as db:
        namespaces = [row[0] for row in db.execute("SELECT DISTINCT namespace FROM kv")]
        assert "snapshot-trees-1" in namespaces and any(n.startswith("style-features-") for n in namespaces)
        keys = db.execute("SELECT namespace, key FROM kv WHERE namespace='snapshot-trees-1' "
                          "OR namespace LIKE 'style-features-%' ORDER BY namespace, key").fetchall()
        bad = ['{"p": 1', '{"p": ["a"], "b": [], "s": [], "x": []}', '[1, 2]', '{"v": {"x": "y"}, "l": {}}',
               "null", '{"v": {}, "l": {"emoji": [true]}}']
        db.executemany("UPDATE kv SET value=? WHERE namespace=? AND key=?",
                       [(bad[i % len(bad)], ns, key) for i, (ns, key) in enumerate(keys)])
        blobs = [row[0] for row in db.execute("SELECT blob FROM blob_metrics ORDER BY blob")]
        assert len(blobs) >= 4  # at the ref and in older snapshots only
        damaged = ['{"loc": ', '{"loc": 1, "fl": []}', "[]", '{"fl": [[1]]}']
        db.executemany("UPDATE blob_metrics SET metrics=? WHERE blob=?",
                       [(damaged[i % len(damaged)], blob) for i, blob in enumerate(blobs)])
    spy.reset()
    again = scan(repo_builder.path, cache_dir=str(cache))
    assert len(spy.listed) == len(set(spy.listed)) > 0 and spy.extracted > 0  # listed and measured again
    assert again.stats.blobs_analysed == len(blobs) and again.stats.blobs_from_cache == 0
    assert _same(again) == _same(cold)
    assert not again.warnings or again.warnings == cold.warnings
    shutil.rmtree(cache / "results")
    spy.reset()
    third = scan(repo_builder.path, cache_dir=str(cache))  # the entries were overwritten with good ones
    assert spy.listed == [] and spy.extracted == 0
    assert _same(third) == _same(cold)


def test_style_features_round_trip_exactly() -> None:
    from debt_explorer.core.ai.style import extract

    text = _module("step", 6) + "# TODO(bob): later\nprint('debug')  # 🎉\n"
    features = extract(text, 3)
    assert features is not None and features.locations
    found, again = style_cache._decode(json.loads(json.dumps(style_cache._encode(features))))
    assert found and again == features
    assert style_cache._decode({"none": True}) == (True, None)
    assert attribution.MIN_SLOC == 15
