"""Shared test fixtures: headless Qt, an isolated cache directory, a git repository builder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "core"))

import pytest  # noqa: E402

from gitrepo import RepoBuilder  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real cache or plans: every test gets its own cache and data directories."""
    monkeypatch.setenv("DEBT_EXPLORER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("DEBT_EXPLORER_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def repo_builder(tmp_path: Path) -> RepoBuilder:
    return RepoBuilder(tmp_path / "repo")
