"""X-Ray follows each function's lines like ``git log -L``: exact counts on designed histories, and git itself."""

from __future__ import annotations

import subprocess

from debt_explorer.core.drive import run_to_end
from debt_explorer.core.xray import run_xray
from gitrepo import RepoBuilder, isolated_env
from scanhelp import ALICE, BOB, scan

BASE = ("import os\n\n\ndef first(a):\n    return a + 1\n\n\ndef second(b):\n    if b:\n        return b\n"
        "    return 0\n\n\ndef third(c):\n    return c\n")


def build(builder: RepoBuilder) -> dict[str, str]:
    """A history with known edits; returns commit name -> sha."""
    shas = {}
    text = BASE
    builder.write("mod.py", text)
    shas["create"] = builder.commit("Create mod", "2024-01-01T12:00:00+00:00", ALICE)
    text = "import sys\nimport re\n" + text  # every function moves down two lines: no function changed
    builder.write("mod.py", text)
    shas["imports"] = builder.commit("Add imports", "2024-01-10T12:00:00+00:00", BOB)
    text = text.replace("        return b\n", "        return b * 2\n")
    builder.write("mod.py", text)
    shas["second"] = builder.commit("Double b", "2024-02-01T12:00:00+00:00", ALICE)
    text = text.replace("    return 0\n\n\ndef third", "    return 0\n\n# the third one\n\ndef third")
    builder.write("mod.py", text)  # a comment between two functions: neither changed
    shas["between"] = builder.commit("Comment", "2024-02-10T12:00:00+00:00", BOB)
    text = text.replace("return a + 1", "return a + 2").replace("    return c\n", "    return c or None\n")
    builder.write("mod.py", text)
    shas["both"] = builder.commit("Fix first and third", "2024-03-01T12:00:00+00:00", BOB)
    text = text.replace("def second(b)", "def second_v2(b)")
    builder.write("mod.py", text)
    shas["rename"] = builder.commit("Rename second", "2024-04-01T12:00:00+00:00", ALICE)
    builder.git("branch", "side")
    main_text = text.replace("return a + 2", "return a + 3")
    builder.write("mod.py", main_text)
    shas["main"] = builder.commit("Main edits first", "2024-04-10T12:00:00+00:00", ALICE)
    builder.checkout("side")
    builder.write("mod.py", text.replace("return c or None", "return c or 0"))
    shas["side"] = builder.commit("Side edits third", "2024-04-11T12:00:00+00:00", BOB)
    builder.checkout("main")
    shas["merge"] = builder.merge("side", "Merge side", "2024-04-20T12:00:00+00:00")
    builder.move("mod.py", "pkg/core.py")
    shas["move"] = builder.commit("Move mod to pkg/core", "2024-05-01T12:00:00+00:00", BOB)
    return shas


def git_line_log(path: str, repo: str, spec: str) -> list[str]:
    proc = subprocess.run(["git", "-C", repo, "log", f"-L{spec}:{path}", "--format=%H", "--no-patch", "HEAD"],
                          capture_output=True, text=True, env=isolated_env(), check=True)
    return proc.stdout.split()


def test_revisions_follow_lines_not_names(repo_builder: RepoBuilder) -> None:
    shas = build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    xray = run_to_end(run_xray(result, ["pkg/core.py"]))["pkg/core.py"]
    rows = {f.name: (f.line, f.end_line, f.revisions, f.added, f.deleted, f.authors) for f in xray.functions}
    assert rows == {"first": (6, 7, 3, 4, 2, 2), "second_v2": (10, 13, 3, 6, 2, 1), "third": (17, 18, 3, 4, 2, 2)}
    by_name = {f.name: f.shas for f in xray.functions}
    # shifted by the imports, the comment between two functions, the merge and the file move: never counted
    assert by_name["first"] == (shas["create"], shas["both"], shas["main"])
    assert by_name["second_v2"] == (shas["create"], shas["second"], shas["rename"])
    assert by_name["third"] == (shas["create"], shas["both"], shas["side"])
    assert xray.function("second_v2").renamed_from == ("second",)  # its name at the end of 2024Q1
    assert xray.revisions == 9  # every non-merge commit changed the file (the merge did not: it took both sides)


def test_equal_to_git_log_L(repo_builder: RepoBuilder) -> None:
    build(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    xray = run_to_end(run_xray(result, ["pkg/core.py"]))["pkg/core.py"]
    repo = str(repo_builder.path)
    for function in xray.functions:
        theirs = git_line_log("pkg/core.py", repo, f"{function.line},{function.end_line}")
        assert list(reversed(theirs)) == list(function.shas), function.name


def test_a_merge_that_resolved_lines_counts_like_git(repo_builder: RepoBuilder) -> None:
    text = "def f(x):\n    return x\n\n\ndef g(y):\n    return y\n"
    repo_builder.write("m.py", text)
    repo_builder.commit("Create", "2024-01-01T12:00:00+00:00", ALICE)
    repo_builder.git("branch", "side")
    repo_builder.write("m.py", text.replace("return x", "return x + 1"))
    repo_builder.commit("Main", "2024-01-02T12:00:00+00:00", ALICE)
    repo_builder.checkout("side")
    repo_builder.write("m.py", text.replace("return x", "return x - 1"))
    repo_builder.commit("Side", "2024-01-03T12:00:00+00:00", BOB)
    repo_builder.checkout("main")
    who = {"GIT_AUTHOR_NAME": "Alice Doe", "GIT_AUTHOR_EMAIL": "alice@example.com",
           "GIT_COMMITTER_NAME": "Alice Doe", "GIT_COMMITTER_EMAIL": "alice@example.com"}
    proc = subprocess.run(["git", "-C", str(repo_builder.path), "merge", "-q", "side"], capture_output=True,
                          env=isolated_env(who), check=False)
    assert proc.returncode == 1 and (repo_builder.path / ".git" / "MERGE_HEAD").exists()  # a conflict in f
    repo_builder.write("m.py", text.replace("return x", "return x * 2"))
    merge = repo_builder.commit("Merge side", "2024-01-04T12:00:00+00:00", ALICE)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    xray = run_to_end(run_xray(result, ["m.py"]))["m.py"]
    f, g = xray.function("f"), xray.function("g")
    assert (f.revisions, g.revisions) == (4, 1)  # create, main, side and the resolving merge; g only created
    assert f.shas[-1] == merge and f.churn == 2 + 2 + 2  # a merge adds no churn: its lines came from both sides
    for function in (f, g):
        theirs = git_line_log("m.py", str(repo_builder.path), f"{function.line},{function.end_line}")
        assert sorted(theirs) == sorted(function.shas)


def test_a_file_split_out_of_another_is_followed_like_git(repo_builder: RepoBuilder) -> None:
    functions = [f"def f{i}(x):\n    y = x + {i}\n    if y > {i * 7}:\n        return y\n    return -y\n"
                 for i in range(12)]
    repo_builder.write("big.py", "\n\n".join(functions))
    create = repo_builder.commit("Create big", "2024-01-01T12:00:00+00:00", ALICE)
    edited = "\n\n".join(functions).replace("y = x + 1\n", "y = x + 100\n")
    repo_builder.write("big.py", edited)
    edit = repo_builder.commit("Edit f1", "2024-02-01T12:00:00+00:00", BOB)
    parts = edited.split("\n\n")
    repo_builder.remove("big.py")
    repo_builder.write("pkg/other.py", "\n\n".join(parts) + "\n\n\ndef extra():\n    return 0\n")
    repo_builder.write("pkg/small.py", "\n\n".join(parts[:8]))  # most of big.py: git -L follows it there
    repo_builder.commit("Split big", "2024-03-01T12:00:00+00:00", ALICE)
    repo_builder.write("pkg/small.py", "\n\n".join(parts[:8]).replace("return -y\n", "return 0\n", 2))
    last = repo_builder.commit("Edit f0 and f1", "2024-04-01T12:00:00+00:00", BOB)
    result = scan(repo_builder.path, ai=False, use_cache=False)
    assert not any(c.path == "pkg/small.py" and c.old_path for c in result.changes)  # the scan paired it elsewhere
    xray = run_to_end(run_xray(result, ["pkg/small.py"]))["pkg/small.py"]
    f1 = xray.function("f1")
    assert f1.shas == (create, edit, last)  # back through the split into big.py
    for function in xray.functions:
        theirs = git_line_log("pkg/small.py", str(repo_builder.path), f"{function.line},{function.end_line}")
        assert list(reversed(theirs)) == list(function.shas), function.name
