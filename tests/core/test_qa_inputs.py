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


def _plan(repo: Path, *args: str) -> int:
    return main(["plan", str(repo), *args, "--cache-dir", str(repo.parent / "cache")])


def test_plan_add_again_keeps_the_note_priority_and_baseline(repo_builder: RepoBuilder, capsys) -> None:  # noqa: ANN001
    build_history(repo_builder)
    repo = repo_builder.path
    assert _plan(repo, "add", "app/engine.py", "--note", "split g out", "--priority", "high") == 0
    exported = repo.parent / "plan.json"
    assert _plan(repo, "export", "--json", str(exported)) == 0
    first = __import__("json").loads(exported.read_text())["items"][0]
    # the file grows; adding it again (say, to change the effort) must not wipe the note or reset "since added"
    repo_builder.write("app/engine.py", (repo / "app/engine.py").read_text()
                       + "\n\ndef h(z):\n    if z:\n        return 2\n    return 3\n")
    repo_builder.commit("Add h", "2024-08-01T12:00:00+00:00")
    capsys.readouterr()
    assert _plan(repo, "add", "app/engine.py", "--effort", "L") == 0
    out, err = capsys.readouterr()
    assert "updated the plan item app/engine.py" in err
    assert "**high** · effort L · `app/engine.py`: split g out — complexity 6 (+2 since added)" in out
    assert _plan(repo, "export", "--json", str(exported)) == 0
    items = __import__("json").loads(exported.read_text())["items"]
    assert len(items) == 1
    assert items[0]["added_at"] == first["added_at"] and items[0]["baseline"] == first["baseline"]
    assert (items[0]["note"], items[0]["priority"], items[0]["effort"]) == ("split g out", "high", "L")


def test_plan_function_must_exist_and_shows_its_own_complexity(repo_builder: RepoBuilder, capsys) -> None:  # noqa: ANN001
    build_history(repo_builder)
    repo = repo_builder.path
    assert _plan(repo, "add", "app/engine.py", "--function", "gg") == 2
    err = capsys.readouterr().err
    assert err.strip() == "debt-explorer: gg is not a function of app/engine.py at HEAD; did you mean g?"
    assert _plan(repo, "add", "app/engine.py", "--function", "g") == 0
    out = capsys.readouterr().out
    # g has one loop: complexity 2; its file (f + g) has 4 -- the item must not read "complexity 4"
    assert ("`app/engine.py` › `g`: refactor — function complexity 2 (+0 since added); file complexity 4 "
            "(+0 since added)") in out
    csv_file = repo.parent / "plan.csv"
    assert _plan(repo, "export", "--csv", str(csv_file)) == 0
    header, row = csv_file.read_text().splitlines()[:2]
    assert header.endswith("function_complexity,function_complexity_change")
    assert row.startswith("app/engine.py,g,medium,M,") and row.endswith(",2.0,0.0")


def test_output_to_a_fifo_is_written_in_place_not_replaced(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    """`--json /dev/stdout`, `/dev/null` or a pipe: the atomic rename used to put a plain file where the
    device or FIFO was (as root, `--json /dev/null` replaced /dev/null). A FIFO stands in for a device here."""
    import json
    import os
    import stat
    import threading

    build_history(repo_builder)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["scan", str(repo_builder.path), "--no-cache", "--quiet", "--json", str(fifo)]) == 0
    reader.join(30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["repo"]["commits_scanned"] == 7


def test_output_through_a_symlink_keeps_the_link(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    import json

    build_history(repo_builder)
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "scan.json"
    target.write_text("old")
    link = tmp_path / "scan.json"
    link.symlink_to(target)
    assert main(["scan", str(repo_builder.path), "--no-cache", "--quiet", "--json", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == target
    assert json.loads(target.read_text())["repo"]["commits_scanned"] == 7
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["scan.json"]  # no temporary left behind


def test_provenance_export_size_is_capped(repo_builder: RepoBuilder, monkeypatch: pytest.MonkeyPatch,
                                          capsys) -> None:  # noqa: ANN001
    """`--ai-provenance /dev/zero` read until the kernel killed the process (exit 137), like --config once did."""
    from debt_explorer.core.ai import provenance

    build_history(repo_builder)
    monkeypatch.setattr(provenance, "MAX_PROVENANCE_BYTES", 1_000_000)
    assert main(["scan", str(repo_builder.path), "--no-cache", "--quiet", "--ai-provenance", "/dev/zero"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "debt-explorer: --ai-provenance: /dev/zero is larger than 1 MB: not an AI code tracking export"
    assert provenance.provenance_digest("/dev/zero") == "unreadable"


@pytest.mark.parametrize("kind", ["repository", "folder", "file"])
def test_demo_never_deletes_what_is_not_a_demo(repo_builder: RepoBuilder, tmp_path: Path, kind: str,
                                               capsys) -> None:  # noqa: ANN001
    """`debt-explorer demo ~/src/my-project` deleted the project (any folder with a .git was rmtree'd)."""
    if kind == "repository":
        build_history(repo_builder)
        target = repo_builder.path
    elif kind == "folder":
        target = tmp_path / "notes"
        target.mkdir()
        (target / "todo.txt").write_text("keep me")
    else:
        target = tmp_path / "afile"
        target.write_text("keep me")
    before = snapshot_dir(target) if target.is_dir() else target.read_bytes()
    assert main(["demo", str(target), "--no-gui"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nothing was changed" in err and "Traceback" not in err
    assert (snapshot_dir(target) if target.is_dir() else target.read_bytes()) == before


def test_demo_is_rebuilt_in_place_also_one_made_before_the_marker(tmp_path: Path) -> None:
    from debt_explorer.core.demo import DEMO_MARKER, create_demo_repo

    first = Path(create_demo_repo(tmp_path / "demo"))
    assert (first / ".git" / DEMO_MARKER).is_file()
    (first / ".git" / DEMO_MARKER).unlink()  # as an older version left it
    (first / "scratch.txt").write_text("x")
    again = Path(create_demo_repo(tmp_path / "demo"))
    assert again == first and not (again / "scratch.txt").exists() and (again / ".git" / DEMO_MARKER).is_file()


def test_globs_match_file_names_with_a_newline(repo_builder: RepoBuilder) -> None:
    """A file named "vendor/a<newline>b.py" escaped `vendor/**` (and `--exclude '**'` kept it): '.' stopped at it."""
    from debt_explorer.core.paths import matches

    assert matches("vendor/a\nb.py", "vendor/**") and matches("x/a\nb.py", "**") and matches("a\nb.py", "**/*.py")
    build_history(repo_builder)
    repo_builder.write("app/odd\nname.py", "def odd():\n    return 1\n")
    repo_builder.commit("Odd name", "2024-08-01T12:00:00+00:00")
    assert "app/odd\nname.py" in [f.path for f in scan(repo_builder.path).files]
    assert [f.path for f in scan(repo_builder.path, exclude=("app/**",)).files] == []
    assert sorted(f.path for f in scan(repo_builder.path, include=("app/**",)).files) == sorted(
        ["app/engine.py", "app/feature.js", "app/odd\nname.py"])
