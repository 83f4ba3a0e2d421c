"""The scan's history value object (core/history.py): built once, its orders and renames exact."""

from __future__ import annotations

import dataclasses

import pytest

from debt_explorer.core.history import History
from debt_explorer.core.models import Commit, FileChange


def _commit(sha: str, when: int, parents: tuple[str, ...] = ()) -> Commit:
    return Commit(sha=sha, parents=parents, author_name="Ann", author_email="ann@example.org", author_date=when,
                  committer_name="Ann", committer_email="ann@example.org", committer_date=when, message=sha)


def _history(c2_date: int = 2000) -> History:
    # rev-list order (newest first, topological); c1 (1000) adds old.py, c2 renames it to new.py, c3 (3000)
    c3, c2, c1 = _commit("c3", 3000, ("c2",)), _commit("c2", c2_date, ("c1",)), _commit("c1", 1000)
    changes = {
        "c1": [FileChange("c1", "old.py", None, 10, 0)],
        "c2": [FileChange("c2", "new.py", "old.py", 2, 1)],
        "c3": [FileChange("c3", "new.py", None, 5, 5)],
    }
    return History.build([c3, c2, c1], changes, [], 1, [1500, 2500, 3500])


def test_orders_range_end_and_commit_map() -> None:
    history = _history(c2_date=500)  # c2 committed "before" its parent (a clock skew): dates decide the order
    assert [c.sha for c in history.commits] == ["c3", "c2", "c1"]
    assert [c.sha for c in history.ordered] == ["c3", "c1", "c2"]
    assert [c.sha for c in history.chrono] == ["c2", "c1", "c3"]
    assert history.range_end == 3000
    assert history.from_cache == 1
    assert sorted(history.commit_map) == ["c1", "c2", "c3"]


def test_renames_resolved_once_with_one_alias_map_per_period_end() -> None:
    history = _history()
    assert [(c.sha, c.path, c.file) for c in history.resolved] == [
        ("c3", "new.py", "new.py"), ("c2", "new.py", "new.py"), ("c1", "old.py", "new.py")]
    assert len(history.aliases) == 3
    assert history.aliases[0].get("old.py") == "new.py"  # at 1500, old.py is the file named new.py today
    assert "old.py" not in history.aliases[2]


def test_is_frozen() -> None:
    history = _history()
    with pytest.raises(dataclasses.FrozenInstanceError):
        history.range_end = 0  # type: ignore[misc]
