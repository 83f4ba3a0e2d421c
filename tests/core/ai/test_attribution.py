"""Surviving AI lines from blame, labels, per-period AI figures, notes, and zero cost without AI."""

from __future__ import annotations

from gitrepo import RepoBuilder
from scanhelp import ALICE, scan

CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"


def test_blame_share_labels_and_periods(repo_builder: RepoBuilder) -> None:
    human = "".join(f"def h{i}(a):\n    return a + {i}\n" for i in range(10))  # 20 lines
    repo_builder.write("mixed.py", human)
    repo_builder.write("small.py", "X = 1\n")
    repo_builder.commit("human start", "2024-01-10T12:00:00+00:00", ALICE)
    ai_part = "".join(f"def g{i}(b):\n    if b:\n        return {i}\n    return 0\n" for i in range(5))  # 20 lines
    repo_builder.write("mixed.py", human + ai_part)
    repo_builder.write("generated.py", ai_part)
    repo_builder.commit("Add helpers" + CLAUDE, "2024-04-10T12:00:00+00:00", ALICE)
    repo_builder.write("mixed.py", human.replace("return a + 0", "return a - 0") + ai_part)
    repo_builder.commit("human fix", "2024-04-20T12:00:00+00:00", ALICE)
    result = scan(repo_builder.path)
    mixed, generated, small = result.file("mixed.py"), result.file("generated.py"), result.file("small.py")
    assert mixed.ai.label == "disclosed" and mixed.ai.confidence == "high"
    assert mixed.ai.disclosed_line_share == 0.5  # 20 of 40 lines last changed by the AI commit
    assert mixed.ai.disclosed_commits == 1 and mixed.ai.disclosed_tools == ("Claude Code",)
    assert generated.ai.disclosed_line_share == 1.0
    assert small.ai.label == "insufficient"
    signals = {s.signal for s in mixed.ai.evidence}
    assert {"disclosed commits", "surviving AI lines"} <= signals
    assert [a.kind for a in result.ai_commits] == ["ai"]
    q1, q2 = result.periods
    assert (q1.ai_commits, q1.ai_churn, q1.ai_marked_files) == (0, 0, 0)
    assert (q2.ai_commits, q2.ai_commit_share, q2.ai_churn) == (1, 0.5, 40)
    assert q2.ai_marked_files == 2 and q2.ai_complexity == generated.complexity + mixed.complexity


def test_no_ai_commits_means_no_blame(repo_builder: RepoBuilder, monkeypatch) -> None:
    import debt_explorer.core.ai.attribution as attribution

    calls = []
    monkeypatch.setattr(attribution, "blame_origins", lambda *a: calls.append(a) or [])
    repo_builder.write("a.py", "def a():\n    return 1\n")
    repo_builder.commit("plain", "2024-01-10T12:00:00+00:00", ALICE)
    result = scan(repo_builder.path)
    assert calls == [] and result.ai_commits == ()
    assert result.file("a.py").ai.label == "insufficient"


def test_ai_notes_ref_marks_the_commit(repo_builder: RepoBuilder) -> None:
    repo_builder.write("a.py", "def a():\n    return 1\n")
    sha = repo_builder.commit("plain", "2024-01-10T12:00:00+00:00", ALICE)
    identity = {"GIT_AUTHOR_NAME": "n", "GIT_AUTHOR_EMAIL": "n@x", "GIT_COMMITTER_NAME": "n", "GIT_COMMITTER_EMAIL": "n@x"}
    repo_builder.git("notes", "--ref=refs/notes/ai", "add", "-m", "claude-sonnet wrote lines 1-2", sha, env=identity)
    result = scan(repo_builder.path)
    assert [(a.sha, a.kind) for a in result.ai_commits] == [(sha, "ai")]
    assert result.ai_commits[0].evidence[-1].text == "claude-sonnet wrote lines 1-2"


GIT_AI_META = ('---\n{"schema_version": "authorship/3.0.0", "base_commit_sha": "x", "prompts": {}, '
               '"sessions": {"s_1a2b": {"agent_id": {"tool": "cursor", "id": "42", "model": "gpt-5"}}}}')


def test_git_ai_notes_give_exact_ai_lines(repo_builder: RepoBuilder) -> None:
    repo_builder.write("app/core.py", "".join(f"def f{i}():\n    return {i}\n" for i in range(3)))  # 6 lines
    agent = repo_builder.commit("Add core", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("app/util.py", "def u():\n    return 0\n")
    human_only = repo_builder.commit("Add util", "2024-01-11T12:00:00+00:00", ALICE)
    identity = {"GIT_AUTHOR_NAME": "n", "GIT_AUTHOR_EMAIL": "n@x", "GIT_COMMITTER_NAME": "n", "GIT_COMMITTER_EMAIL": "n@x"}
    repo_builder.git("notes", "--ref=refs/notes/ai", "add", "-m",
                     "app/core.py\n  s_1a2b::t_9c 1-2,5\n  h_77 3-4,6\n" + GIT_AI_META, agent, env=identity)
    repo_builder.git("notes", "--ref=refs/notes/ai", "add", "-m", "app/util.py\n  h_77 1-2\n" + GIT_AI_META,
                     human_only, env=identity)
    result = scan(repo_builder.path)
    kinds = {a.sha: a for a in result.ai_commits}
    assert kinds[agent].kind == "ai"
    assert kinds[agent].evidence[-1].text == "git-ai note: 3 agent-written line(s) in 1 file(s) by cursor gpt-5"
    assert human_only not in kinds  # a log attesting only human lines is no AI evidence
    core = result.file("app/core.py").ai
    assert core.disclosed_line_share == 0.5 and core.label == "disclosed"  # lines 1, 2, 5 of 6


def test_git_ai_note_parsing_rejects_other_notes() -> None:
    from debt_explorer.core.ai.notes import parse_git_ai_note

    assert parse_git_ai_note("claude-sonnet wrote lines 1-2") is None
    assert parse_git_ai_note("a.py\n  s_1 1-2\n---\nnot json") is None
    note = parse_git_ai_note('"dir/with space.py"\n  legacyhash 3-4\n' + GIT_AI_META)
    assert note is not None and note.ai_lines == {"dir/with space.py": frozenset({3, 4})}


def test_commits_behind_an_agent_branch_merge_are_attributed(repo_builder: RepoBuilder) -> None:
    from scanhelp import BOB

    repo_builder.write("main.py", "".join(f"def m{i}():\n    return {i}\n" for i in range(5)))
    base = repo_builder.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.git("branch", "copilot/fix-12")
    repo_builder.checkout("copilot/fix-12")
    repo_builder.write("fix.py", "def fix():\n    return 1\n")
    first = repo_builder.commit("Fix the parser", "2024-01-11T12:00:00+00:00", BOB)  # no trace in the commit
    repo_builder.write("fix.py", "def fix():\n    return 2\n")
    second = repo_builder.commit("Address review", "2024-01-12T12:00:00+00:00", BOB)
    repo_builder.checkout("main")
    repo_builder.write("main.py", "".join(f"def m{i}():\n    return {i}\n" for i in range(6)))
    mainline = repo_builder.commit("Keep going", "2024-01-13T12:00:00+00:00", ALICE)
    merge = repo_builder.merge("copilot/fix-12", "Merge pull request #12 from acme/copilot/fix-12",
                               "2024-01-14T12:00:00+00:00", ALICE)
    result = scan(repo_builder.path)
    by_sha = {a.sha: a for a in result.ai_commits}
    assert {first, second} <= set(by_sha) and base not in by_sha and mainline not in by_sha
    assert merge not in by_sha  # a merge is not an AI commit; its trace names it in the evidence
    assert by_sha[first].tools == ("GitHub Copilot",)
    assert by_sha[first].evidence[0].kind == "branch"
    assert by_sha[first].evidence[0].text.startswith(f"brought in by the agent-branch merge {merge[:10]}: ")
    fix = result.file("fix.py").ai
    assert fix.label == "disclosed" and fix.disclosed_line_share == 1.0 and fix.disclosed_commits == 2
    assert result.file("main.py").ai.disclosed_commits == 0


def test_whogitit_and_agent_trace_notes_give_ai_lines() -> None:
    import json

    from debt_explorer.core.ai.notes import parse_git_ai_note

    whogitit = {"version": 3, "session": {"model": {"id": "claude-opus-4-5", "provider": "anthropic"}},
                "files": [{"path": "src/auth.rs", "lines": [
                    {"line_number": 1, "source": {"type": "AI", "edit_id": "e"}},
                    {"line_number": 2, "source": {"type": "AIModified", "edit_id": "e", "similarity": 0.8}},
                    {"line_number": 3, "source": {"type": "Human"}},
                    {"line_number": 4, "source": {"type": "Original"}}]},
                          {"path": "src/main.rs", "lines": [{"line_number": 1, "source": {"type": "Human"}}]}]}
    note = parse_git_ai_note(json.dumps(whogitit))
    assert note is not None and note.format == "whogitit"
    assert note.ai_lines == {"src/auth.rs": frozenset({1, 2})} and note.human_paths == {"src/main.rs"}
    assert note.tools == ("claude-opus-4-5",)
    trace = {"version": "0.1.0", "tool": {"name": "cursor"}, "files": [{"path": "a.py", "conversations": [
        {"contributor": {"type": "ai", "model_id": "anthropic/claude-sonnet-4"},
         "ranges": [{"start_line": 3, "end_line": 5}]},
        {"contributor": {"type": "human"}, "ranges": [{"start_line": 1, "end_line": 2}]}]}]}
    note = parse_git_ai_note(json.dumps(trace))
    assert note is not None and note.format == "agent-trace"
    assert note.ai_lines == {"a.py": frozenset({3, 4, 5})} and note.tools == ("anthropic/claude-sonnet-4", "cursor")
    assert parse_git_ai_note('{"files": "nope"}') is None and parse_git_ai_note("{not json") is None
