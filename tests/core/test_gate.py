"""The CI gate: thresholds from the project's committed pyproject.toml, pass and fail exit codes."""

from __future__ import annotations

from pathlib import Path

from debt_explorer.core.gate import GateConfig, evaluate, load_gate_config
from gitrepo import RepoBuilder
from scanhelp import ALICE, scan
from test_scan_inputs import cli

SMALL = "def s(a):\n    return a\n"
BIG = "def s(a):\n" + "".join(f"    if a == {i}:\n        return {i}\n" for i in range(30)) + "    return -a\n"


def build(builder: RepoBuilder, pyproject: str | None) -> tuple[str, str]:
    builder.write("app/core.py", SMALL)
    builder.write("app/other.py", SMALL)
    builder.write("app/zzz.py", BIG)  # the top hotspot at base
    if pyproject is not None:
        builder.write("pyproject.toml", pyproject)
    base = builder.commit("base", "2024-01-10T12:00:00+00:00", ALICE)
    builder.write("app/core.py", BIG)
    head = builder.commit("Grow\n\nCo-Authored-By: Claude <noreply@anthropic.com>", "2024-02-10T12:00:00+00:00", ALICE)
    return base, head


def test_evaluate_each_threshold(repo_builder: RepoBuilder) -> None:
    base_sha, _ = build(repo_builder, None)
    base, head = scan(repo_builder.path, rev=base_sha), scan(repo_builder.path)
    assert evaluate(base, head, GateConfig(max_complexity_increase=None, top_hotspots=None)) == []
    problems = evaluate(base, head, GateConfig(max_file_complexity=25, max_complexity_increase=20, top_hotspots=1,
                                               max_unreviewed_ai_share=0.5, max_maintenance_share=0.01))
    assert problems[0] == "app/core.py: complexity 31 is above 25 (was 1)"
    assert problems[1] == "app/core.py: complexity rose by 30 (1 -> 31), more than 20"
    assert problems[2].startswith("app/core.py: new in the top 1 hotspots")
    assert problems[3].startswith("AI-attributed commits without a Reviewed-by trailer changed 100% of the")
    assert problems[4].startswith("maintenance share since base is ")
    assert len(problems) == 5


def test_config_from_the_committed_pyproject_is_data(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build(repo_builder, '[tool.debt-explorer]\nmax_complexity_increase = 50\ntop_hotspots = 0\n')
    config = load_gate_config(str(repo_builder.path), "HEAD")
    assert (config.max_complexity_increase, config.top_hotspots) == (50, 0)
    passing = cli("check", str(repo_builder.path), "--base", "HEAD~1")
    assert passing.returncode == 0, passing.stderr
    assert "OK: no threshold crossed" in passing.stdout and "pyproject.toml at" in passing.stdout
    strict = tmp_path / "gate.toml"
    strict.write_text("max_complexity_increase = 5\n")
    failing = cli("check", str(repo_builder.path), "--base", "HEAD~1", "--config", str(strict))
    assert failing.returncode == 1
    assert "FAIL app/core.py: complexity rose by 30 (1 -> 31), more than 5" in failing.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("no_such_threshold = 1\n")
    broken = cli("check", str(repo_builder.path), "--base", "HEAD~1", "--config", str(bad))
    assert broken.returncode == 2 and "unknown gate setting" in broken.stderr
    missing = cli("check", str(repo_builder.path), "--base", "nope")
    assert missing.returncode == 2 and "unknown revision" in missing.stderr


def test_top_hotspots_needs_more_than_twice_n_ranked_files(repo_builder: RepoBuilder) -> None:
    from debt_explorer.core.gate import gate_notes

    repo_builder.write("app/core.py", SMALL)
    base_sha = repo_builder.commit("base", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("app/new.py", SMALL)
    repo_builder.commit("a second file", "2024-02-10T12:00:00+00:00", ALICE)
    base, head = scan(repo_builder.path, rev=base_sha), scan(repo_builder.path)
    assert head.file("app/new.py").hotspot_rank is not None  # rank 2 of 2: "in the top 10" says nothing
    assert evaluate(base, head, GateConfig()) == []
    assert gate_notes(head, GateConfig()) == [
        "top_hotspots not applied: 2 ranked code files, the rule needs more than 20 (twice its N)"]
    assert evaluate(base, head, GateConfig(top_hotspots=1)) == []  # 2 files are not more than 2 x 1
    done = cli("check", str(repo_builder.path), "--base", "HEAD~1", "--no-cache")
    assert done.returncode == 0 and "  note: top_hotspots not applied: 2 ranked code files" in done.stdout
    for index in range(19):  # 21 files: the default rule applies again
        repo_builder.write(f"lib/m{index}.py", SMALL)
    middle = repo_builder.commit("more files", "2024-03-10T12:00:00+00:00", ALICE)
    repo_builder.write("app/hot.py", BIG)
    repo_builder.commit("a hot file", "2024-04-10T12:00:00+00:00", ALICE)
    base, head = scan(repo_builder.path, rev=middle), scan(repo_builder.path)
    assert gate_notes(head, GateConfig()) == []
    assert [p for p in evaluate(base, head, GateConfig()) if "hotspots" in p] == [
        f"app/hot.py: new in the top 10 hotspots (rank 1, score {head.file('app/hot.py').hotspot_score:.2f})"]


def test_unreviewed_ai_share_counts_code_lines_only(repo_builder: RepoBuilder) -> None:
    """A long docs change by a human does not dilute an AI commit's share of the code changed since base."""
    base_sha, _ = build(repo_builder, None)
    repo_builder.write("docs/notes.md", "".join(f"note {i}\n" for i in range(500)))
    repo_builder.commit("Write notes", "2024-02-11T12:00:00+00:00", ALICE)
    base, head = scan(repo_builder.path, rev=base_sha), scan(repo_builder.path)
    [problem] = evaluate(base, head, GateConfig(max_complexity_increase=None, top_hotspots=None,
                                                max_unreviewed_ai_share=0.5))
    # app/core.py: SMALL (2 lines) -> BIG (62 lines): 61 added, 1 deleted, all by the AI commit
    assert problem == ("AI-attributed commits without a Reviewed-by trailer changed 100% of the 62 lines of code "
                       "changed since base (limit 50%)")
