"""Snapshot trees: the ref's at once, the others on a thread (from the cache when it has them), errors and
cancel raised on the scan's thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gitrepo import RepoBuilder

from debt_explorer.core.cache import Cache
from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.gitsafe import GitError
from debt_explorer.core.snapshot_trees import SnapshotTrees
from debt_explorer.core.trees import TreeLister, list_tree


def _history(builder: RepoBuilder) -> list[str]:
    builder.write("app/core.py", "def f():\n    return 1\n")
    os.symlink("core.py", builder.path / "app" / "link.py")
    first = builder.commit("one", "2024-01-10T12:00:00+00:00")
    builder.remove("app/link.py")
    builder.write("app/more.py", "X = 2\n")
    second = builder.commit("two", "2024-04-10T12:00:00+00:00")
    builder.write("app/core.py", "def f():\n    return 3\n")
    return [first, second, builder.commit("three", "2024-07-10T12:00:00+00:00")]


def test_trees_of_every_snapshot_with_their_special_paths_then_from_the_cache(
        repo_builder: RepoBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shas = _history(repo_builder)
    repo, ref = str(repo_builder.path), shas[-1]
    listed: list[str] = []
    real = TreeLister.__call__
    monkeypatch.setattr(TreeLister, "__call__", lambda lister, sha: listed.append(sha) or real(lister, sha))
    with Cache(tmp_path / "cache") as cache:
        for round_ in range(2):
            notes: list[str] = []
            trees = SnapshotTrees(repo, ref, [shas[0], shas[1], ref, shas[0]], cache, lambda: False, notes)
            assert trees.ref_tree() == list_tree(repo, ref)
            trees.start()
            assert trees.others() == {sha: list_tree(repo, sha) for sha in shas[:2]}
            assert trees.special == {"app/link.py"}  # a symlink in the first snapshot: never a code file
            assert notes == []
            assert sorted(listed) == (sorted(shas) if round_ == 0 else [])  # once each; then the cache answers
            listed.clear()


def test_cancel_and_errors_reach_the_scans_thread(repo_builder: RepoBuilder) -> None:
    shas = _history(repo_builder)
    repo = str(repo_builder.path)
    cancelled = SnapshotTrees(repo, shas[-1], shas[:2], None, lambda: True, [])
    cancelled.ref_tree()  # the ref's tree is read before any cancel is looked at
    cancelled.start()
    with pytest.raises(ScanCancelled):
        cancelled.others()
    broken = SnapshotTrees(repo, shas[-1], ["0" * 40], None, lambda: False, [])
    broken.start()
    with pytest.raises(GitError, match="not a tree object"):
        broken.others()
