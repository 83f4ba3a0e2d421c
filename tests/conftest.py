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
    """Never touch the user's real cache: every test gets its own cache directory."""
    monkeypatch.setenv("DEBT_EXPLORER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def repo_builder(tmp_path: Path) -> RepoBuilder:
    return RepoBuilder(tmp_path / "repo")


_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process once pytest is done, skipping interpreter teardown.

    PySide6 6.12 can abort while the interpreter frees Qt-wrapped objects at shutdown ("bool_dealloc",
    exit 134) after every test has passed, depending on how many windows a run created.  The report is
    complete at this point, so the process exits with pytest's own status.  (xdist workers are left alone:
    their controller collects their results.)
    """
    if hasattr(config, "workerinput") or not _EXIT_STATUS or "PySide6" not in sys.modules:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_EXIT_STATUS[-1])
