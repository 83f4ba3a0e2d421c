"""Text from the repository cannot drive the terminal, a spreadsheet or Markdown (escape/formula injection)."""

from __future__ import annotations

import csv
import io

import pytest

from debt_explorer.core.plan import PlanStore
from debt_explorer.core.sanitize import csv_cell, md_code, printable
from gitrepo import RepoBuilder
from scanhelp import ALICE, scan
from test_scan_inputs import cli

ESC_NAME = "evil\x1b]0;pwned\x07\x1b[31m.py"
BIDI_NAME = "admin\u202e\u2066yp.txt.py"
FORMULAS = ["=1+2.py", "+SUM(1).py", "-2+3.py", "@cmd.py", "\tx.py"]


def _hostile_repo(builder: RepoBuilder) -> str:
    body = "def f(a):\n" + "".join(f"    if a == {i}:\n        return {i}\n" for i in range(8)) + "    return 0\n"
    for name in (ESC_NAME, BIDI_NAME, *FORMULAS):
        builder.write(name, body)
    builder.commit("hostile names", "2024-01-10T12:00:00+00:00", ALICE)
    builder.write(ESC_NAME, body + "\n\ndef g():\n    return 1\n")
    builder.commit("again", "2024-02-10T12:00:00+00:00", ALICE)
    return str(builder.path)


def test_helpers() -> None:
    assert printable("a\x1b[31mb\x07\x9b\u202ec") == "a\\x1b[31mb\\x07\\x9b\\u202ec"
    assert printable("ok/é.py") == "ok/é.py"
    assert printable("caf\udce9.py") == "caf\\xe9.py"  # a non-UTF-8 byte carried with surrogateescape
    assert [csv_cell(v) for v in ("=1+2", "+1", "-1", "@a", "\tx", "\rx", "a=b", 3, -5, 1.5)] == \
        ["'=1+2", "'+1", "'-1", "'@a", "'\\x09x", "'\\x0dx", "a=b", 3, -5, 1.5]
    assert md_code("a`b") == "``a`b``" and md_code("`x") == "`` `x ``"


def test_terminal_summary_has_no_raw_control_characters(repo_builder: RepoBuilder) -> None:
    repo = _hostile_repo(repo_builder)
    done = cli("scan", repo, "--quiet", "--top", "20")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout and "\u202e" not in done.stdout
    assert "evil\\x1b]0;pwned\\x07\\x1b[31m.py" in done.stdout.replace("\n", "")


def test_csv_cells_cannot_be_formulas(repo_builder: RepoBuilder, tmp_path) -> None:  # noqa: ANN001
    repo = _hostile_repo(repo_builder)
    out = tmp_path / "files.csv"
    assert cli("scan", repo, "--quiet", "--csv", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    paths = {row["path"] for row in rows}
    assert {"'=1+2.py", "'+SUM(1).py", "'-2+3.py", "'@cmd.py", "'\\x09x.py"} <= paths
    assert not any(row[column].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for column in row)
    assert all(row["sloc"].isdigit() for row in rows)  # numbers stay numbers


def test_markdown_report_and_plan_escape_repository_text(repo_builder: RepoBuilder, tmp_path) -> None:  # noqa: ANN001
    repo = _hostile_repo(repo_builder)
    out = tmp_path / "report.md"
    assert cli("report", repo, "--quiet", "--format", "markdown", "--output", str(out)).returncode == 0
    text = out.read_text()
    assert "\x1b" not in text and "\u202e" not in text and "\\\\x1b" in text
    result = scan(repo)
    store = PlanStore(repo)
    store.add(ESC_NAME, result, note="fix \x1b[2J now")
    store.add("=1+2.py", result, note="=HYPERLINK(\"http://x\")")
    listed = cli("plan", repo, "list")
    assert listed.returncode == 0 and "\x1b" not in listed.stdout
    assert "`evil\\x1b]0;pwned\\x07\\x1b[31m.py`" in listed.stdout and "fix \\x1b[2J now" in listed.stdout
    exported = tmp_path / "plan.csv"
    assert cli("plan", repo, "export", "--csv", str(exported)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text())))
    assert {row["path"] for row in rows} == {"evil\\x1b]0;pwned\\x07\\x1b[31m.py", "'=1+2.py"}
    assert {row["note"] for row in rows} == {"fix \\x1b[2J now", "'=HYPERLINK(\"http://x\")"}


@pytest.mark.parametrize("name", [ESC_NAME, "x|y.py", "[link](http://x).py"])
def test_markdown_cells_are_inert(name: str) -> None:
    from debt_explorer.core.report import _md

    cell = _md(name)
    assert "\x1b" not in cell and "|" not in cell.replace("\\|", "") and "](" not in cell.replace("\\](", "")
