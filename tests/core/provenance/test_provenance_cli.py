"""``debt-explorer lines`` and the JSON/CSV export of the line-provenance figures."""

from __future__ import annotations

import csv
import io
import json

from blamecheck import blame_shas
from gitrepo import RepoBuilder
from scanhelp import scan
from test_provenance_scan import build

from debt_explorer.cli import main
from debt_explorer.core.export import result_to_json, write_files_csv


def test_lines_command_shows_each_line_with_origin_author_date_and_ai_tool(tmp_path, capsys) -> None:
    repo = RepoBuilder(tmp_path / "r")
    shas = build(repo)
    assert main(["lines", str(repo.path), "pkg/a.py", "--json", "--cache-dir", str(tmp_path / "c")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["sha"] for row in rows] == blame_shas(str(repo.path), "HEAD", "pkg/a.py")
    assert [row["line"] for row in rows] == list(range(1, 11))
    assert rows[3] == {"line": 4, "sha": shas["ai"], "author": "Ann Lee", "date": "2024-04-10",
                       "ai_tool": "Claude Code", "kind": "ai", "text": "a5 = 'a5'"}
    assert rows[2]["ai_tool"] == "" and rows[2]["author"] == "Ben Roe"
    # an older revision, text output
    assert main(["lines", str(repo.path), "pkg/a.py", "--rev", "HEAD~3", "--no-cache"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 12 and out[0].startswith(shas["create"][:10]) and "b1 = 'b1'" in out[-2]


def test_lines_command_refuses_bad_input_in_one_line(tmp_path, capsys) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    assert main(["lines", str(repo.path), "missing.py", "--no-cache"]) == 2
    assert capsys.readouterr().err.strip() == "debt-explorer: missing.py: no such file at HEAD"
    assert main(["lines", str(repo.path), "README.md", "--no-cache"]) == 2
    assert "not a code file" in capsys.readouterr().err
    assert main(["lines", str(tmp_path / "nowhere"), "a.py", "--no-cache"]) == 2


def test_json_and_csv_carry_the_new_fields(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    data = json.loads(json.dumps(result_to_json(result)))
    q3 = next(p for p in data["periods"] if p["period"] == "2024Q3")
    assert (q3["rework_lines"], q3["rework_ai_lines"], q3["ai_rework_share"]) == (6, 4, 0.6667)
    assert q3["lines_alive_by_cohort"] == {"2024": 14}
    assert data["survival"]["ai"]["alive_after"]["1"] == 0.3333
    assert data["truck_factors"][""]["truck_factor"] == 1
    origins = data["files"][0]["line_origins"]
    assert origins["main_author"] == "Ann Lee" and origins["owners"][1] == {"author": "Ben Roe", "lines": 1,
                                                                            "share": 0.1}
    stream = io.StringIO()
    write_files_csv(result, stream)
    row = next(csv.DictReader(io.StringIO(stream.getvalue())))
    assert (row["lines"], row["median_age_days"], row["main_author"], row["main_author_share"],
            row["knowledge_loss_share"], row["ai_line_share"]) == ("10", "274.0", "Ann Lee", "0.9", "0.0", "0.2")


def test_scan_summary_has_a_line_provenance_line(tmp_path) -> None:
    from rich.console import Console

    from debt_explorer.report_text import print_summary

    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    stream = io.StringIO()
    print_summary(scan(repo.path), console=Console(file=stream, width=400))
    line = next(text for text in stream.getvalue().splitlines() if text.startswith("Lines: "))
    assert line == ("Lines: truck factor 1 (Ann Lee); 2024Q4 reworked 4 lines (1 recent, 1 older, 0% AI-written); "
                    "AI-written lines alive a quarter later: 33%; other lines alive a quarter later: 93%")
