"""Output files are replaced whole or not at all: an interrupted or failed write leaves the old file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from debt_explorer import cli
from debt_explorer.core.atomic import atomic_write
from fsfaults import tiny_folder
from gitrepo import RepoBuilder
from scanhelp import build_history

OLD = '{"schema": 1, "files": ["the previous good result"]}\n'


def _interrupting(limit: int):  # noqa: ANN202
    """A writer that writes ``limit`` characters and is then interrupted (as by Ctrl-C)."""
    def write(stream) -> None:  # noqa: ANN001
        stream.write("x" * limit)
        stream.flush()
        raise KeyboardInterrupt

    return write


def test_interrupted_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text(OLD)
    os.chmod(target, 0o640)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, _interrupting(100_000))
    assert target.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"]  # no temporary file left
    atomic_write(target, lambda stream: stream.write("new\n"))
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file keeps its permissions


@pytest.mark.parametrize("command, option", [("scan", "--json"), ("scan", "--csv"), ("report", "--html"),
                                             ("report", "--output")])
def test_cli_outputs_survive_an_interrupted_write(repo_builder: RepoBuilder, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, command: str,
                                                  option: str) -> None:
    build_history(repo_builder)
    target = tmp_path / "out.file"
    target.write_text(OLD)
    import debt_explorer.core.export as export
    import debt_explorer.core.report as report

    def broken(*args, **kwargs):  # noqa: ANN002,ANN003,ANN202
        stream = args[-1] if command == "scan" else None
        if stream is not None:
            stream.write("{ half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_json", broken)
    monkeypatch.setattr(export, "write_files_csv", broken)
    monkeypatch.setattr(report, "render_html", broken)
    code = cli.main([command, str(repo_builder.path), option, str(target), "--quiet", "--no-cache"])
    assert code == 130
    assert target.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "repo") == ["out.file"]


def test_plan_export_is_atomic(repo_builder: RepoBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_history(repo_builder)
    import debt_explorer.core.plan_file as plan_file

    target = tmp_path / "plan.json"
    target.write_text(OLD)
    monkeypatch.setattr(plan_file, "write_plan_file", lambda items, stream, repo: _interrupting(10)(stream))
    assert cli.main(["plan", str(repo_builder.path), "export", "--json", str(target)]) == 130
    assert target.read_text() == OLD


def test_full_disk_keeps_the_old_file(repo_builder: RepoBuilder, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    build_history(repo_builder)
    for n in range(40):  # a JSON result larger than the free space
        repo_builder.write(f"pkg/module_{n}.py", f"def f{n}(x):\n    return x\n")
    repo_builder.commit("many", "2024-09-01T12:00:00+00:00", ("A", "a@example.com"))
    with tiny_folder(tmp_path / "small", "12k") as small:
        target = small / "result.json"
        target.write_text(OLD)
        with pytest.raises(OSError):
            atomic_write(target, lambda stream: stream.write("y" * 200_000))
        assert target.read_text() == OLD
        assert sorted(p.name for p in small.iterdir()) == ["result.json"]
        code = cli.main(["scan", str(repo_builder.path), "--json", str(target), "--quiet", "--no-cache"])
        assert code == 2
        err = capsys.readouterr().err
        assert "cannot write" in err and "previous file (if any) is unchanged" in err
        assert json.loads(target.read_text()) == json.loads(OLD)


def test_missing_folder_is_one_line(repo_builder: RepoBuilder, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    build_history(repo_builder)
    code = cli.main(["scan", str(repo_builder.path), "--csv", str(tmp_path / "nope" / "x.csv"), "--quiet"])
    assert code == 2 and "cannot write" in capsys.readouterr().err
