"""QA round two: counts and period pairs on the command line are validated in one line, exit 2."""

from __future__ import annotations

import pytest

from debt_explorer.cli import main
from gitrepo import RepoBuilder
from scanhelp import ALICE

SMALL = "def s(a):\n    return a\n"


def _quarters(builder: RepoBuilder, count: int = 6) -> None:
    for index in range(count):
        year, quarter = 2022 + index // 4, index % 4
        builder.write(f"app/m{index}.py", SMALL)
        builder.commit(f"q{index}", f"{year}-{3 * quarter + 1:02d}-15T12:00:00+00:00", ALICE)


@pytest.mark.parametrize("top", ["-5", "0"])
def test_scan_top_must_be_positive(repo_builder: RepoBuilder, top: str, capsys) -> None:  # noqa: ANN001
    _quarters(repo_builder)
    assert main(["scan", str(repo_builder.path), "--top", top, "--no-cache", "--quiet"]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"debt-explorer: --top must be a positive number of rows, not {top}"
    assert captured.out == ""
    assert main(["scan", str(repo_builder.path), "--top", "2", "--no-cache", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "app/m" in out


@pytest.mark.parametrize("args, message", [
    (["--before", "2099Q1"], "--before needs --after too"),
    (["--after", "2022Q2"], "--after needs --before too"),
    (["--before", "2023Q1", "--after", "2022Q1"], "--before 2023Q1 must be an earlier period than --after 2022Q1"),
    (["--before", "2022Q2", "--after", "2022Q2"], "--before 2022Q2 must be an earlier period than --after 2022Q2"),
    (["--before", "2099Q1", "--after", "2023Q1"], "unknown period '2099Q1': choose from 2022Q1, 2022Q2"),
    (["--before", "2022Q2", "--after", "2022Q3", "--span", "2"], "less than --span 2 periods apart"),
    (["--span", "0"], "--span must be a positive number of periods, not 0"),
])
def test_report_period_pair_is_validated(repo_builder: RepoBuilder, tmp_path, args: list[str], message: str,  # noqa: ANN001
                                         capsys) -> None:  # noqa: ANN001
    _quarters(repo_builder)
    out = tmp_path / "report.md"
    code = main(["report", str(repo_builder.path), "--output", str(out), "--format", "markdown", "--no-cache",
                 "--quiet", *args])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1 and message in err, err
    assert not out.exists()


def test_report_with_a_valid_pair_names_it(repo_builder: RepoBuilder, tmp_path, capsys) -> None:  # noqa: ANN001
    _quarters(repo_builder)
    out = tmp_path / "report.md"
    assert main(["report", str(repo_builder.path), "--output", str(out), "--format", "markdown", "--no-cache",
                 "--quiet", "--before", "2022Q1", "--after", "2022Q3"]) == 0
    text = out.read_text()
    assert "2022Q1" in text and "2022Q3" in text and "2022Q3 → 2022Q1" not in text


@pytest.mark.parametrize("args, message", [
    (["coupling", "--top", "-1"], "--top must be a positive number of rows, not -1"),
    (["coupling", "--trend", "-3"], "--trend must be a positive number of pairs, not -3"),
    (["coupling", "--folders", "0"], "folder depth must be at least 1"),
    (["coupling", "--folders", "-1"], "folder depth must be at least 1"),
    (["xray", "--top", "0"], "--top must be a positive number, not 0"),
    (["xray", "--rows", "-1"], "--rows must be a positive number, not -1"),
    (["xray", ""], "an empty PATH"),
    (["xray", "app/m0.py", "gone.py"], "gone.py is not a code file at HEAD"),
])
def test_coupling_and_xray_counts_are_validated(repo_builder: RepoBuilder, args: list[str], message: str,
                                                capsys) -> None:  # noqa: ANN001
    _quarters(repo_builder, 2)
    command, *rest = args
    code = main([command, str(repo_builder.path), *rest, "--no-cache", "--quiet"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and message in captured.err


def test_xray_and_coupling_tables_keep_names_readable_at_80_columns(repo_builder: RepoBuilder, capsys,  # noqa: ANN001
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code = "".join(f"def handle_request_number_{i}(a):\n    if a:\n        return {i}\n    return 0\n\n\n"
                   for i in range(3))
    for index in range(6):  # two files that always change together
        repo_builder.write("w[bold]x.py", code + f"X = {index}\n")
        repo_builder.write("w\x1b[2Jy.py", f"Y = {index}\n")
        repo_builder.commit(f"c{index}", f"2024-0{index + 1}-10T12:00:00+00:00", ALICE)
    assert main(["xray", str(repo_builder.path), "w[bold]x.py", "--no-cache", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "X-Ray of w[bold]x.py" in out  # not read as rich markup
    for i in range(3):
        assert f"handle_request_number_{i}" in out  # the names were cut to "handle…" at 80 columns
    assert " cx" in out.splitlines()[2] and all(len(line) <= 80 for line in out.splitlines())
    assert main(["coupling", str(repo_builder.path), "--no-cache", "--quiet", "--history", "--all-files"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "…" not in out  # long paths fold rather than end in "…"
    joined = "".join(line.strip() for line in out.splitlines())
    assert "w[bold]x.py" in joined.replace(" ", "") and "w\\x1b[2Jy.py" in joined.replace(" ", "")
