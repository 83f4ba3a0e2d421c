"""The forward pass gives every line the commit ``git blame`` names for it (exact, line by line)."""

from __future__ import annotations

import subprocess

import pytest

from blamecheck import blame_shas, mismatches, traced
from gitrepo import RepoBuilder, isolated_env
from randomrepo import IDENTITY, build_random
from debt_explorer.core.provenance.engine import apply_hunks, unchanged_sources

import numpy as np

A = ("Ann", "ann@example.com")
B = ("Ben", "ben@example.com")


def day(n: int) -> str:
    return f"2024-{1 + (n // 28):02d}-{1 + n % 28:02d}T12:00:00+00:00"


def text(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


def test_apply_hunks_and_sources_follow_git_hunk_arithmetic() -> None:
    old = np.array([10, 11, 12, 13], dtype=np.int32)
    removed: list[np.ndarray] = []
    # delete line 2, insert two lines after line 3, replace line 4
    new = apply_hunks(old, [(2, 1, 1, 0), (3, 0, 3, 2), (4, 1, 5, 1)], 99, removed)
    assert new.tolist() == [10, 12, 99, 99, 99]
    assert [r.tolist() for r in removed] == [[11], [13]]
    assert unchanged_sources([(2, 1, 1, 0), (3, 0, 3, 2), (4, 1, 5, 1)], 5, 4).tolist() == [0, 2, -1, -1, -1]


def test_edits_moves_and_renames(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("src/a.py", text("one", "two", "three", "four", "five"))
    c1 = repo.commit("create", day(1), A)
    repo.write("src/a.py", text("one", "TWO", "three", "four", "five", "six"))
    c2 = repo.commit("edit", day(2), B)
    repo.write("src/a.py", text("four", "five", "one", "TWO", "three", "six"))  # move a block up
    c3 = repo.commit("move", day(3), A)
    repo.move("src/a.py", "lib/b.py")
    repo.write("lib/b.py", text("four", "five", "one", "TWO", "three", "six", "seven"))
    c4 = repo.commit("rename and append", day(4), B)
    prov = traced(str(repo.path))
    assert prov.origin_shas("lib/b.py") == [c3, c3, c1, c2, c1, c2, c4]
    assert prov.origin_shas("lib/b.py") == blame_shas(str(repo.path), "HEAD", "lib/b.py")
    assert "src/a.py" not in prov.final
    # the move removed "four" and "five" (written by c1) below, and re-inserted them above
    removed = {(prov.commits[b], prov.commits[o]) for b, o in zip(prov.removed_by, prov.removed_origin)}
    assert (c3, c1) in removed and (c2, c1) in removed


def _merge(repo: RepoBuilder, *branches: str, date: str, resolve: dict[str, str] | None = None) -> str:
    env = isolated_env({**IDENTITY, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    proc = subprocess.run(["git", "-C", str(repo.path), "merge", "--no-ff", "--no-commit", *branches], env=env,
                          capture_output=True)
    assert proc.returncode == 0 or resolve, proc.stderr
    for path, content in (resolve or {}).items():
        repo.write(path, content)
    return repo.commit("merge " + " ".join(branches), date, ("Ann", "ann@x.org"))


def test_merge_of_a_branch_that_edited_the_same_file(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", text("a", "b", "c", "d", "e"))
    base = repo.commit("base", day(1), A)
    repo.git("branch", "side")
    repo.write("m.py", text("A", "b", "c", "d", "e"))
    main = repo.commit("main edits top", day(2), A)
    repo.checkout("side")
    repo.write("m.py", text("a", "b", "c", "d", "E", "f"))
    side = repo.commit("side edits bottom", day(3), B)
    repo.checkout("main")
    merge = _merge(repo, "side", date=day(4))
    prov = traced(str(repo.path))
    assert prov.origin_shas("m.py") == [main, base, base, base, side, side]
    assert prov.origin_shas("m.py") == blame_shas(str(repo.path), "HEAD", "m.py")
    assert merge not in prov.origin_shas("m.py")


def test_conflict_resolution_lines_belong_to_the_merge(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", text("a", "b", "c"))
    base = repo.commit("base", day(1), A)
    repo.git("branch", "side")
    repo.write("m.py", text("a", "main", "c"))
    main = repo.commit("main", day(2), A)
    repo.checkout("side")
    repo.write("m.py", text("a", "side", "c", "tail"))
    side = repo.commit("side", day(3), B)
    repo.checkout("main")
    merge = _merge(repo, "side", date=day(4), resolve={"m.py": text("a", "main", "resolved", "c", "tail")})
    prov = traced(str(repo.path))
    assert prov.origin_shas("m.py") == [base, main, merge, base, side]
    assert prov.origin_shas("m.py") == blame_shas(str(repo.path), "HEAD", "m.py")
    assert merge != main


def test_revert_gives_lines_to_the_revert(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", text("a", "b"))
    base = repo.commit("base", day(1), A)
    repo.write("m.py", text("a", "B"))
    repo.commit("change", day(2), B)
    repo.write("m.py", text("a", "b"))
    revert = repo.commit("Revert change", day(3), A)
    prov = traced(str(repo.path))
    assert prov.origin_shas("m.py") == [base, revert] == blame_shas(str(repo.path), "HEAD", "m.py")


def test_octopus_merge_takes_each_line_from_the_first_parent_that_has_it(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", text("a", "b", "c"))
    repo.write("n.py", text("x"))
    base = repo.commit("base", day(1), A)
    repo.git("branch", "one")
    repo.git("branch", "two")
    repo.checkout("one")
    repo.write("m.py", text("a", "b", "c", "one"))
    one = repo.commit("one", day(2), B)
    repo.checkout("two")
    repo.write("n.py", text("x", "two"))
    two = repo.commit("two", day(3), B)
    repo.checkout("main")
    repo.write("o.py", text("main"))
    main = repo.commit("main", day(4), A)
    _merge(repo, "one", "two", date=day(5))
    assert len(repo.git("rev-list", "--parents", "-n1", "HEAD").split()) == 4
    prov = traced(str(repo.path))
    assert prov.origin_shas("m.py") == [base, base, base, one]
    assert prov.origin_shas("n.py") == [base, two]
    assert prov.origin_shas("o.py") == [main]
    assert mismatches(str(repo.path), prov) == {}


def test_binary_and_non_code_files_are_left_out(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("code.py", text("x = 1"))
    repo.write("README.md", text("# doc"))
    repo.write("blob.py", b"\x00\x01binary\x00")
    repo.commit("base", day(1), A)
    prov = traced(str(repo.path))
    assert set(prov.final) == {"code.py"}


def test_no_newline_at_end_and_crlf(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("m.py", b"a\r\nb\r\nc")
    c1 = repo.commit("base", day(1), A)
    repo.write("m.py", b"a\r\nb\r\nc\r\nd")
    c2 = repo.commit("append", day(2), B)
    prov = traced(str(repo.path))
    assert prov.origin_shas("m.py") == [c1, c1, c2, c2] == blame_shas(str(repo.path), "HEAD", "m.py")


@pytest.mark.parametrize("seed", range(3))
def test_random_histories_agree_with_git_blame(tmp_path, seed: int) -> None:
    repo = build_random(tmp_path / "r", seed, steps=45)
    assert int(repo.git("rev-list", "--merges", "--count", "HEAD")) > 0
    prov = traced(str(repo.path))
    assert prov.final, "no code files traced"
    assert mismatches(str(repo.path), prov) == {}


def test_a_missing_blob_costs_only_its_file_which_is_listed_in_skipped(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    repo.write("a.py", text("a1"))
    repo.write("b.py", text("b1"))
    repo.commit("one", day(1), A)
    repo.write("a.py", text("a1", "a2"))
    repo.commit("two", day(2), A)
    lost = repo.git("rev-parse", "HEAD:a.py").strip()
    repo.write("a.py", text("a1", "a2", "a3"))
    repo.write("b.py", text("b1", "b2"))
    three = repo.commit("three", day(3), B)
    (repo.path / ".git" / "objects" / lost[:2] / lost[2:]).unlink()
    prov = traced(str(repo.path))
    assert "a.py" not in prov.final
    assert prov.origin_shas("b.py")[1] == three
    assert [s.path for s in prov.skipped] == ["a.py"]
    assert "objects missing" in prov.skipped[0].reason


def test_store_round_trip_keeps_states_events_and_shares_unchanged_arrays(tmp_path) -> None:
    from debt_explorer.core.provenance import store

    repo = build_random(tmp_path / "r", 7, steps=30)
    shas = repo.git("rev-list", "--first-parent", "HEAD").split()
    keep = {shas[3], shas[8]}
    prov = traced(str(repo.path), keep=keep)
    store.save(str(tmp_path / "cache"), str(repo.path), prov, "key")
    arrays = np.load(next((tmp_path / "cache").rglob("arrays.npz")), allow_pickle=False)
    distinct = {id(a) for state in (prov.final, *prov.snapshots.values()) for a in state.values()}
    assert len(arrays["pool_sizes"]) == len(distinct)  # each shared array stored once
    loaded = store.load(str(tmp_path / "cache"), str(repo.path), prov.head, keep, "key")
    assert loaded is not None and loaded.commits == prov.commits and loaded.paths == prov.paths
    for name in ("removed_by", "removed_path", "removed_origin", "born_by", "born_path", "born_lines"):
        assert getattr(loaded, name).tolist() == getattr(prov, name).tolist()
    assert {p: a.tolist() for p, a in loaded.final.items()} == {p: a.tolist() for p, a in prov.final.items()}
    assert set(loaded.snapshots) == keep
    assert store.load(str(tmp_path / "cache"), str(repo.path), prov.head, keep, "other options") is None
