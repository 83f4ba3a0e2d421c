"""X-Ray: changed line ranges mapped onto functions, with exact values on a designed history."""

from __future__ import annotations

import json

import pytest

from debt_explorer.cli import main
from debt_explorer.core.coupling import CouplingOptions
from debt_explorer.core.drive import run_to_end
from debt_explorer.core.xray import run_xray
from debt_explorer.core.xray_diff import Hunk, parse_log
from debt_explorer.core.xray_track import map_ranges
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, scan

V1 = "def alpha(x):\n    if x:\n        return 1\n    return 0\n\n\ndef beta(y):\n    return y * 2\n"
V2 = V1.replace("return 1", "return 2")
V3 = V2.replace("    return y * 2\n", "    z = y * 2\n    return z\n")
V4 = V3.replace("return 0", "return -1").replace("z = y * 2", "z = y * 3")
V5 = V4.replace("def beta(y)", "def gamma(y)")
V6 = V5 + "\n\ndef delta():\n    return 4\n"


def build(builder: RepoBuilder) -> None:
    builder.write("mod.py", V1)
    builder.commit("Create mod", "2024-01-01T12:00:00+00:00", ALICE)
    builder.write("mod.py", V2)
    builder.commit("Fix crash in alpha", "2024-02-01T12:00:00+00:00", ALICE)
    builder.write("mod.py", V3)
    builder.commit("Extend beta", "2024-03-01T12:00:00+00:00", BOB)
    builder.write("mod.py", V4)
    builder.commit("Touch both", "2024-04-01T12:00:00+00:00", ALICE)
    builder.write("mod.py", V5)
    builder.commit("Rename beta to gamma", "2024-05-01T12:00:00+00:00", ALICE)
    builder.move("mod.py", "pkg/mod.py")
    builder.write("pkg/mod.py", V6)
    builder.commit("Move mod and add delta", "2024-06-01T12:00:00+00:00", BOB)


@pytest.fixture
def xray(repo_builder: RepoBuilder):  # noqa: ANN201
    build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    options = CouplingOptions(min_revs=1, min_shared_revs=1, min_coupling=0, code_only=False)
    return run_to_end(run_xray(result, ["pkg/mod.py"], coupling_options=options))["pkg/mod.py"]


def test_function_figures_follow_file_and_function_renames(xray) -> None:  # noqa: ANN001
    assert xray.revisions == 6
    rows = {f.name: (f.line, f.end_line, f.revisions, f.added, f.deleted, f.churn, f.authors) for f in xray.functions}
    assert rows == {"alpha": (1, 4, 3, 6, 2, 8, 1), "gamma": (7, 9, 4, 6, 3, 9, 2), "delta": (12, 13, 1, 2, 0, 2, 1)}
    gamma = xray.function("gamma")
    assert gamma.renamed_from == ("beta",)
    assert (gamma.first_change, gamma.last_change) == (1704110400, 1714564800)  # 2024-01-01, 2024-05-01


def test_window_fixes_score_trend_and_coupling(xray) -> None:  # noqa: ANN001
    alpha, gamma, delta = (xray.function(n) for n in ("alpha", "gamma", "delta"))
    assert (alpha.window_revisions, alpha.window_churn, alpha.fix_commits, alpha.fix_churn) == (3, 8, 1, 2)
    assert [f.name for f in xray.functions] == ["gamma", "alpha", "delta"]  # score, then window revisions
    assert (gamma.hotspot_score, alpha.hotspot_score, delta.hotspot_score) == (0.666667, 0.666667, 0.222222)
    assert alpha.complexity_trend == (("2024Q1", 2), ("2024Q2", 2))
    assert gamma.complexity_trend == (("2024Q1", 1), ("2024Q2", 1))  # under its old name in Q1
    assert delta.complexity_trend == (("2024Q1", None), ("2024Q2", 1))
    assert [(p.entity, p.coupled, p.degree, p.average_revs, p.shared_revs) for p in xray.coupling] == [
        ("alpha", "gamma", 57, 4, 2)]  # c1 and c4 touch both; delta changed alone


def test_map_ranges_follows_git_line_log() -> None:
    # hunks as (old start, old end, new start, new end), 0-based half-open; the range is lines 10..19 (0-based)
    assert map_ranges([(10, 20)], [(2, 4, 2, 2)]) == (False, 0, 0, [(12, 22)])  # 2 lines deleted above: shifted
    assert map_ranges([(10, 20)], [(20, 20, 20, 25)]) == (False, 0, 0, [(10, 20)])  # added right below: untouched
    assert map_ranges([(10, 20)], [(10, 13, 10, 10)]) == (False, 0, 0, [(13, 23)])  # deleted just above its first line
    # a deletion strictly inside touches it: the tail moves down by the deleted lines, which join the range
    assert map_ranges([(10, 20)], [(15, 18, 15, 15)]) == (True, 0, 3, [(10, 23)])
    # a modification straddling the end: only the lines inside count as added, the old side joins the range
    assert map_ranges([(10, 20)], [(18, 19, 18, 22)]) == (True, 2, 1, [(10, 19)])
    # an insertion inside: those lines did not exist in the parent
    assert map_ranges([(10, 20)], [(12, 12, 12, 14)]) == (True, 2, 0, [(10, 18)])


def test_parse_log_reads_parents_merges_renames_blobs_and_hunks() -> None:
    a, b, c = "a" * 40, "b" * 40, "c" * 40
    text = (f"commit {a} {b} {c} (from {c})\ntree {'d' * 40}\nparent {b}\nparent {c}\n"
            f"author Ann <ann@x.org> 1700000000 +0100\ncommitter Bo <bo@x.org> 1700000100 +0000\n\n"
            f"    Merge: diff --git a/x b/x in a message\n\n").encode() + (
            b"diff --git a/old.py b/new.py\nsimilarity index 90%\n"
            b"rename from old.py\nrename to new.py\nindex " + b"1" * 40 + b".." + b"2" * 40 + b" 100644\n"
            b"--- a/old.py\n+++ b/new.py\n@@ -3 +3,2 @@ def f():\n-x\n+y\n+++z\n@@ -9,2 +10,0 @@\n-p\n--- q\n"
            + f"commit {b} {c}\nauthor Ann <ann@x.org> 1600000000 +0000\ncommitter Ann <ann@x.org> 1600000001 +0000"
              f"\n\n    Edit\n\ndiff --git a/new.py b/new.py\n--- a/new.py\n+++ b/new.py\n@@ -1,0 +2 @@\n+w\n".encode())
    merge, edit = list(parse_log(iter(text.splitlines(keepends=True))))
    assert (merge.sha, merge.parents, merge.is_merge, merge.author_email, merge.committer_date) == (
        a, (b, c), True, "ann@x.org", 1700000100)
    assert list(merge.diffs) == [c]
    (diff,) = merge.diffs[c]
    assert (diff.old_path, diff.new_path, diff.old_blob, diff.new_blob) == ("old.py", "new.py", "1" * 40, "2" * 40)
    assert diff.hunks == (Hunk(3, 1, 3, 2), Hunk(9, 2, 10, 0))
    assert (edit.parents, [d.hunks for d in edit.diffs[c]]) == ((c,), [(Hunk(1, 0, 2, 1),)])


def test_cli_xray_json_and_unknown_file(repo_builder: RepoBuilder, capsys: pytest.CaptureFixture) -> None:
    build(repo_builder)
    assert main(["xray", str(repo_builder.path), "pkg/mod.py", "--json", "--no-cache", "--no-ai"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["files"][0]
    assert first["path"] == "pkg/mod.py" and first["functions"][0]["name"] == "gamma"
    assert first["functions"][0]["revisions"] == 4 and first["functions"][0]["renamed_from"] == ["beta"]
    assert main(["xray", str(repo_builder.path), "nope.py", "--no-cache", "--no-ai"]) == 2
    assert "nope.py is not a code file" in capsys.readouterr().err


def test_xray_of_a_lizard_language(repo_builder: RepoBuilder) -> None:
    js_v1 = "function feature(a, b) {\n  if (a && b) {\n    return a;\n  }\n  return b;\n}\n\nfunction other() {\n  return 1;\n}\n"
    repo_builder.write("web/app.js", js_v1)
    repo_builder.commit("Add app", "2024-01-01T12:00:00+00:00")
    repo_builder.write("web/app.js", js_v1.replace("return b;", "return b || a;"))
    repo_builder.commit("Fix crash when b is empty", "2024-02-01T12:00:00+00:00")
    result = scan(repo_builder.path, ai=False, use_cache=False)
    xray = run_to_end(run_xray(result, ["web/app.js"]))["web/app.js"]
    rows = {f.name: (f.line, f.end_line, f.revisions, f.added, f.deleted, f.fix_commits) for f in xray.functions}
    assert rows == {"feature": (1, 6, 2, 7, 1, 1), "other": (8, 10, 1, 3, 0, 0)}


def test_xray_is_cancellable_and_leaves_the_repository_untouched(repo_builder: RepoBuilder) -> None:
    from debt_explorer.core.errors import ScanCancelled
    from gitrepo import snapshot_dir

    build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    before = snapshot_dir(repo_builder.path)
    with pytest.raises(ScanCancelled):
        run_to_end(run_xray(result, ["pkg/mod.py"], cancel=lambda: True))
    run_to_end(run_xray(result, ["pkg/mod.py"]))
    assert snapshot_dir(repo_builder.path) == before


def test_quick_step_equals_the_full_mapping() -> None:
    import random

    from debt_explorer.core.xray_track import Hunks

    rng = random.Random(13)
    for _ in range(2000):
        hunks, old, new = [], 0, 0
        for _ in range(rng.randint(0, 5)):
            gap = rng.randint(0, 4) if not hunks else rng.randint(1, 4)  # untouched lines between two hunks
            old, new = old + gap, new + gap
            removed, added = rng.randint(0, 3), rng.randint(0, 3)
            if removed == added == 0:
                added = 1
            hunks.append((old, old + removed, new, new + added))
            old, new = old + removed, new + added
        start = rng.randint(0, 20)
        ranges = [(start, start + rng.randint(1, 8))]
        assert Hunks(hunks).step(ranges) == map_ranges(ranges, hunks), (hunks, ranges)
