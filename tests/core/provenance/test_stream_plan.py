"""Which merges the patch stream leaves out, and which extensions it asks git for (core/provenance/merges.py)."""

from __future__ import annotations

import pytest
from blamecheck import blame_shas, mismatches, traced
from gitrepo import RepoBuilder
from randomrepo import build_random
from test_provenance_engine import _merge, day, text

from debt_explorer.core.provenance.engine import code_extensions, commit_graph, is_code_file
from debt_explorer.core.provenance.merges import plan_stream

A = ("Ann", "ann@x.org")
B = ("Bob", "bob@x.org")


def _plan(repo: RepoBuilder):
    graph = commit_graph(str(repo.path), repo.head())
    return plan_stream(str(repo.path), graph, code_extensions(), is_code_file)


def test_a_pull_request_merge_needs_no_diff_and_keeps_the_branch_origins(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", text("a", "b", "c"))
    repo.write("Tool.PY", text("x"))
    repo.write("notes.txt", text("n"))
    base = repo.commit("base", day(1), A)
    repo.git("branch", "side")
    repo.write("other.py", text("o"))
    main = repo.commit("main adds a file", day(2), A)
    repo.checkout("side")
    repo.write("m.py", text("a", "B", "c", "d"))
    repo.remove("Tool.PY")
    side = repo.commit("side edits m and drops Tool", day(3), B)
    repo.checkout("main")
    merge = _merge(repo, "side", date=day(4))
    plan = _plan(repo)
    assert plan.extensions == ["PY", "py"]  # as spelt; not txt
    assert merge in plan.local  # m.py is the side's blob, Tool.PY deleted: nothing to diff
    assert plan.needy == set()
    prov = traced(str(repo.path))
    assert prov.origin_shas("m.py") == [base, side, base, side] == blame_shas(str(repo.path), "HEAD", "m.py")
    assert prov.origin_shas("other.py") == [main]
    assert "Tool.PY" not in prov.final
    assert mismatches(str(repo.path), prov) == {}


def test_a_conflict_resolution_or_a_pure_rename_keeps_its_diffs(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", text("a", "b", "c"))
    repo.write("r.py", text("r1", "r2"))
    repo.commit("base", day(1), A)
    repo.git("branch", "side")
    repo.git("branch", "mover")
    repo.write("m.py", text("a", "main", "c"))
    repo.commit("main", day(2), A)
    repo.checkout("side")
    repo.write("m.py", text("a", "side", "c"))
    repo.commit("side", day(3), B)
    repo.checkout("main")
    conflict = _merge(repo, "side", date=day(4), resolve={"m.py": text("a", "main", "side", "c")})
    repo.checkout("mover")
    repo.move("r.py", "pkg/r.py")
    repo.commit("move r", day(5), B)
    repo.checkout("main")
    renamed = _merge(repo, "mover", date=day(6))
    plan = _plan(repo)
    assert conflict not in plan.local
    assert renamed not in plan.local  # blame follows a pure rename into the first parent
    assert mismatches(str(repo.path), traced(str(repo.path))) == {}


def test_a_merge_with_a_conflict_is_read_as_one_combined_diff(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", text("a", "-- x", "b", "c"))
    repo.commit("base", day(1), A)
    repo.git("branch", "side")
    repo.write("m.py", text("a", "main", "c"))
    main = repo.commit("main", day(2), A)
    repo.checkout("side")
    repo.write("m.py", text("a", "side", "c", "tail"))
    side = repo.commit("side", day(3), B)
    repo.checkout("main")
    merge = _merge(repo, "side", date=day(4), resolve={"m.py": text("a", "main", "both", "c", "tail")})
    plan = _plan(repo)
    assert set(plan.combined) == {merge}
    prov = traced(str(repo.path))
    # "-- x", lost from both parents, is shown as "--- x" inside the combined hunk: still one of its lines
    assert prov.origin_shas("m.py")[1:] == [main, merge, prov.origin_shas("m.py")[3], side]
    assert mismatches(str(repo.path), prov) == {}


@pytest.mark.parametrize("seed", [13, 29, 32])
def test_histories_with_many_merges_agree_with_git_blame(tmp_path, seed: int) -> None:
    # seeds that once exposed a file renamed in a later parent with the same blob (blame passes it whole)
    # and a line starting "-- " lost from every parent of an octopus merge
    repo = build_random(tmp_path / "r", seed, steps=60)
    plan = _plan(repo)
    assert plan.combined
    assert mismatches(str(repo.path), traced(str(repo.path))) == {}
