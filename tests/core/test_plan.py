"""The refactoring plan: persistence per repository, change since added, exports."""

from __future__ import annotations

from pathlib import Path

from debt_explorer.core.cache import Cache
from debt_explorer.core.plan import PlanStore, plan_rows, plan_to_csv, plan_to_markdown
from gitrepo import RepoBuilder
from scanhelp import ALICE, CORE_V1, CORE_V2, scan


def test_plan_persists_and_tracks_changes(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    repo_builder.write("core.py", CORE_V1)
    repo_builder.commit("one", "2024-01-10T12:00:00+00:00", ALICE)
    first = scan(repo_builder.path)
    with Cache(tmp_path / "c") as cache:
        PlanStore(str(repo_builder.path), cache).add("core.py", first, note="split f", priority="high", effort="S")
        PlanStore(str(repo_builder.path), cache).add("core.py", first, function="f", note="simplify")
    repo_builder.write("core.py", CORE_V2)
    repo_builder.commit("two", "2024-02-10T12:00:00+00:00", ALICE)
    second = scan(repo_builder.path)
    with Cache(tmp_path / "c") as cache:  # a new connection, as after a restart
        items = PlanStore(str(repo_builder.path), cache).load()
        assert PlanStore(str(tmp_path), cache).load() == []  # plans are per repository
    assert [(i.path, i.function, i.priority, i.effort) for i in items] == [("core.py", None, "high", "S"),
                                                                            ("core.py", "f", "medium", "M")]
    rows = plan_rows(items, second)
    assert rows[0].item.priority == "high" and rows[0].change("complexity") == 2  # g() was added since
    markdown = plan_to_markdown(rows, "shop")
    assert "- [ ] **high** · effort S · `core.py`: split f — complexity 4 (+2 since added)" in markdown
    assert "`core.py` › `f`: simplify" in markdown
    assert plan_to_csv(rows).splitlines()[1].split(",")[:5] == ["core.py", "", "high", "S", "split f"]
    with Cache(tmp_path / "c") as cache:
        assert PlanStore(str(repo_builder.path), cache).remove("core.py", "f")
        assert len(PlanStore(str(repo_builder.path), cache).load()) == 1


def test_plan_command(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    from test_scan_inputs import cli

    repo_builder.write("core.py", CORE_V1)
    repo_builder.commit("one", "2024-01-10T12:00:00+00:00", ALICE)
    cache = str(tmp_path / "c")
    added = cli("plan", str(repo_builder.path), "add", "core.py", "--note", "split", "--priority", "high",
                "--cache-dir", cache)
    assert added.returncode == 0, added.stderr
    assert "- [ ] **high** · effort M · `core.py`: split" in added.stdout
    out = tmp_path / "plan.csv"
    assert cli("plan", str(repo_builder.path), "export", "--csv", str(out), "--cache-dir", cache).returncode == 0
    assert out.read_text().splitlines()[1].startswith("core.py,,high,M,split,")
    missing = cli("plan", str(repo_builder.path), "add", "nope.py", "--cache-dir", cache)
    assert missing.returncode == 2 and "not a code file" in missing.stderr
