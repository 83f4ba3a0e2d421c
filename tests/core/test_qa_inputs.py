"""Regressions found by using the CLI as a new user and as an adversary (QA round): revisions and plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from debt_explorer.cli import main
from debt_explorer.core.errors import ScanError
from gitrepo import RepoBuilder, snapshot_dir
from scanhelp import build_history, scan


@pytest.mark.parametrize("rev, message", [
    ("^HEAD", "is a range, not one revision"),  # verified as '^<sha>' by git: used to say 'no commits between'
    ("HEAD~1..HEAD", "is a range, not one revision"),
    ("main...feature", "is a range, not one revision"),
    ("--output=OUT", "unknown revision '--output=OUT'"),
    ("HEAD^{tree}", "unknown revision"),
])
def test_revision_that_is_not_one_commit_is_refused_in_one_line(repo_builder: RepoBuilder, rev: str,
                                                                 message: str, capsys) -> None:  # noqa: ANN001
    build_history(repo_builder)
    rev = rev.replace("OUT", str(repo_builder.path.parent / "written"))
    before = snapshot_dir(repo_builder.path)
    with pytest.raises(ScanError, match=message.replace("OUT", ".*").replace("^", r"\^").replace("{", r"\{")):
        scan(repo_builder.path, rev=rev)
    assert main(["scan", str(repo_builder.path), f"--rev={rev}", "--no-cache", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no commits between" not in err
    assert not (repo_builder.path.parent / "written").exists()
    assert snapshot_dir(repo_builder.path) == before


def test_check_base_negation_is_refused(repo_builder: RepoBuilder, capsys) -> None:  # noqa: ANN001
    build_history(repo_builder)
    assert main(["check", str(repo_builder.path), "--base", "^HEAD", "--no-cache"]) == 2
    assert "'^HEAD' is a range, not one revision" in capsys.readouterr().err
