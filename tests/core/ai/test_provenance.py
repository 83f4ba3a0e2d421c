"""Provenance from the tools themselves: a per-commit AI line export, Entire's checkpoints branch, adoption."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from debt_explorer.cli import main
from debt_explorer.core.ai.provenance import ProvenanceError, parse_provenance
from debt_explorer.core.errors import ScanError
from gitrepo import RepoBuilder
from scanhelp import ALICE, BOB, CAROL, scan


def _lines(n: int, tag: str) -> str:
    return "".join(f"def {tag}{i}(x):\n    return x + {i}\n" for i in range(n // 2))


def _history(b: RepoBuilder) -> dict[str, str]:
    shas = {}
    b.write("base.py", _lines(20, "b"))
    shas["base"] = b.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    b.write("cursor_made.py", _lines(40, "c"))  # 40 lines: 30 by the agent, 10 by hand per the export
    shas["mixed"] = b.commit("Add the exporter", "2024-02-10T12:00:00+00:00", BOB)
    b.write("typed.py", _lines(20, "t"))
    shas["typed"] = b.commit("Typed by hand", "2024-02-11T12:00:00+00:00", CAROL)  # export: 0 AI lines
    b.write("later.py", _lines(10, "l"))
    shas["later"] = b.commit("Tab-completed helper", "2024-05-02T12:00:00+00:00", CAROL)
    return shas


def _export_json(path: Path, shas: dict[str, str]) -> None:
    """As the paginated API returns it: pages with camelCase items (per-person fields are ignored)."""
    page = lambda items: {"items": items, "totalCount": 3, "page": 1, "pageSize": 100}  # noqa: E731
    path.write_text(json.dumps([
        page([{"commitHash": shas["mixed"], "userId": "user_abc", "userEmail": "bob@example.com",
               "repoName": "demo", "branchName": "main", "isPrimaryBranch": True, "totalLinesAdded": 40,
               "totalLinesDeleted": 0, "tabLinesAdded": 5, "tabLinesDeleted": 0, "composerLinesAdded": 25,
               "composerLinesDeleted": 0, "nonAiLinesAdded": 10, "nonAiLinesDeleted": 0,
               "message": "Add the exporter", "commitTs": "2024-02-10T12:00:00Z"},
              {"commitHash": shas["typed"], "tabLinesAdded": 0, "composerLinesAdded": 0, "nonAiLinesAdded": 20}]),
        page([{"commitHash": shas["later"][:12], "tabLinesAdded": 4, "composerLinesAdded": 0,
               "totalLinesAdded": 10}]),  # abbreviated hash; nonAi derived as total - AI
    ]), encoding="utf-8")


def test_a_cursor_export_adds_recorded_ai_lines_per_commit_and_period(repo_builder: RepoBuilder,
                                                                     tmp_path: Path) -> None:
    shas = _history(repo_builder)
    export = tmp_path / "ai-code-commits.json"
    _export_json(export, shas)
    plain = scan(repo_builder.path)
    assert all(p.ai_recorded_lines is None for p in plain.periods) and not plain.ai_commits

    result = scan(repo_builder.path, ai_provenance=str(export))
    ai = {a.sha: a for a in result.ai_commits if a.kind == "ai"}
    assert set(ai) == {shas["mixed"], shas["later"]}  # the hand-typed commit stays human
    mixed = ai[shas["mixed"]]
    assert mixed.tools == ("Cursor",) and [e.kind for e in mixed.evidence] == ["provenance"]
    assert mixed.evidence[0].text == ("Cursor AI code tracking: 30 of 40 added lines by AI (agent 25, "
                                      "tab completion 5), 10 by hand")
    # lines of a commit known only from the export count in proportion to its recorded AI share
    assert result.file("cursor_made.py").ai.disclosed_line_share == 0.75
    assert result.file("later.py").ai.disclosed_line_share == 0.4
    assert result.file("typed.py").ai.disclosed_commits == 0
    assert result.file("cursor_made.py").ai.evidence[0].detail == ("1 AI-attributed commit(s) changed this file: "
                                                                  "Cursor (evidence: provenance)")
    by_period = {p.period: p for p in result.periods}
    assert by_period["2024Q1"].ai_recorded_lines == 30 and by_period["2024Q2"].ai_recorded_lines == 4
    assert by_period["2024Q1"].ai_commits == 1 and by_period["2024Q1"].ai_authors == 1
    assert by_period["2024Q1"].authors == 3


def test_the_csv_export_with_snake_case_columns_gives_the_same_records(repo_builder: RepoBuilder,
                                                                      tmp_path: Path) -> None:
    shas = _history(repo_builder)
    export = tmp_path / "commits.csv"
    with export.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["commit_hash", "user_email", "repo_name", "total_lines_added", "tab_lines_added",
                         "composer_lines_added", "non_ai_lines_added", "commit_ts"])
        writer.writerow([shas["mixed"], "bob@example.com", "demo", 40, 5, 25, 10, "2024-02-10T12:00:00Z"])
        writer.writerow([shas["later"], "carol@example.com", "demo", 10, 4, 0, 6, "2024-05-02T12:00:00Z"])
    result = scan(repo_builder.path, ai_provenance=str(export))
    assert sum(p.ai_recorded_lines or 0 for p in result.periods) == 34
    assert {a.sha for a in result.ai_commits} == {shas["mixed"], shas["later"]}


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("{not json", "is not valid JSON"),
    ('{"rows": []}', "expected a list of commits"),
    ("sha_of_nothing,lines\nx,1\n", "needs a commit hash column"),
    ('[{"commitHash": "abc1234def", "tabLinesAdded": -3}]', "must be a non-negative number"),
    ('[{"commitHash": "zzz", "tabLinesAdded": 1}]', "has no commit hash"),
    ('[{"commitHash": "abc1234def"}]', "neither tabLinesAdded nor composerLinesAdded"),
    ('[{"commitHash": "abc1234def", "tabLinesAdded": 1}, {"commitHash": "abc1234def", "tabLinesAdded": 2}]',
     "appears twice with different line counts"),
])
def test_a_bad_export_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ProvenanceError, match=message) as error:
        parse_provenance(text, "export.json")
    assert "\n" not in str(error.value) and isinstance(error.value, ScanError)


def test_the_cli_refuses_a_missing_export_with_exit_2(repo_builder: RepoBuilder, tmp_path: Path, capsys) -> None:
    _history(repo_builder)
    code = main(["scan", str(repo_builder.path), "--quiet", "--no-cache", "--ai-provenance",
                 str(tmp_path / "missing.json")])
    assert code == 2
    err = capsys.readouterr().err
    assert "missing.json does not exist" in err and "Traceback" not in err


def _checkpoints_branch(b: RepoBuilder, checkpoint: str, agent: str) -> None:
    b.git("checkout", "-q", "--orphan", "entire/checkpoints/v1")
    b.git("rm", "-rq", "--cached", ".")
    for path in list(b.path.iterdir()):
        if path.name != ".git":
            path.unlink()
    folder = f"{checkpoint[:2]}/{checkpoint[2:]}"
    b.write(f"{folder}/metadata.json", json.dumps({"checkpoint_id": checkpoint, "strategy": "manual-commit",
                                                   "files_touched": ["app.py", "util.py"],
                                                   "sessions": [{"metadata": f"/{folder}/0/metadata.json"}]}))
    b.write(f"{folder}/0/metadata.json", json.dumps({"checkpoint_id": checkpoint, "agent": agent,
                                                     "model": "claude-opus-4-5", "files_touched": ["app.py"]}))
    b.write(f"{folder}/0/full.jsonl", '{"never": "read"}\n')
    b.commit(f"Checkpoint: {checkpoint}\n\nEntire-Agent: {agent}", "2024-03-02T12:00:00+00:00", ALICE)
    b.checkout("main")


def test_an_entire_checkpoints_branch_names_the_agent_of_the_commits_that_cite_it(repo_builder: RepoBuilder) -> None:
    b = repo_builder
    b.write("app.py", _lines(20, "a"))
    b.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    b.write("app.py", _lines(30, "a"))
    recorded = b.commit("Extend app\n\nEntire-Checkpoint: 575cf692eb35", "2024-03-01T12:00:00+00:00", BOB)
    b.write("util.py", _lines(20, "u"))
    unrecorded = b.commit("Add util\n\nEntire-Checkpoint: 0123456789ab", "2024-03-03T12:00:00+00:00", BOB)
    _checkpoints_branch(b, "575cf692eb35", "Claude Code")
    result = scan(b.path)
    ai = {a.sha: a for a in result.ai_commits if a.kind == "ai"}
    assert set(ai) == {recorded, unrecorded}
    assert ai[recorded].tools == ("Claude Code",)
    assert [e.kind for e in ai[recorded].evidence] == ["session record"]
    assert ai[recorded].evidence[0].text == ("Entire checkpoint 575cf692eb35 on heads/entire/checkpoints/v1: "
                                             "Claude Code (claude-opus-4-5), 2 file(s) touched")
    assert ai[unrecorded].tools == ("Entire",) and ai[unrecorded].evidence[0].kind == "trailer"
    assert len(result.commits) == 3  # the checkpoints branch is read as objects, never scanned as history
    assert {p.period: p.ai_authors for p in result.periods}["2024Q1"] == 1
