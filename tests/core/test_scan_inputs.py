"""Bad and unusual input: clear one-line errors, never a traceback, never a changed repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
from gitrepo import RepoBuilder, isolated_env, snapshot_dir
from scanhelp import build_history, scan


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "debt_explorer", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})


@pytest.mark.parametrize("case, message", [
    ("missing", "no such file or directory"),
    ("file", "not a directory"),
    ("plain-dir", "not a git repository"),
    ("empty-repo", "has no commits yet"),
])
def test_bad_paths_exit_2_with_one_line(tmp_path: Path, case: str, message: str) -> None:
    target = tmp_path / case
    if case == "file":
        target.write_text("x")
    elif case == "plain-dir":
        target.mkdir()
    elif case == "empty-repo":
        RepoBuilder(target)
    proc = cli("scan", str(target), "--no-cache", "--quiet")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_unknown_revision(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    with pytest.raises(ScanError, match="unknown revision 'nope'"):
        scan(repo_builder.path, rev="nope")
    proc = cli("scan", str(repo_builder.path), "--rev", "nope", "--quiet")
    assert proc.returncode == 2 and "unknown revision" in proc.stderr


def test_scan_changes_nothing_in_the_repository(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    # Repo-configured programs that must never run: an fsmonitor hook, a textconv driver, a pager.
    marker = repo_builder.path.parent / "ran"
    evil = f"sh -c 'touch {marker}'"
    for key, value in (("core.fsmonitor", evil), ("diff.evil.textconv", evil), ("core.pager", evil),
                       ("diff.external", evil),
                       # A promisor remote that runs a program if anything is ever fetched (partial-clone
                       # variants with really missing objects: tests/core/test_git_sealed.py).
                       ("core.repositoryformatversion", "1"), ("extensions.partialClone", "origin"),
                       ("remote.origin.promisor", "true"), ("remote.origin.url", f"ext::{evil}"),
                       ("protocol.ext.allow", "always"), ("remote.origin.uploadpack", evil),
                       ("protocol.file.allow", "always"), ("core.sshCommand", evil),
                       ("protocol.ssh.allow", "always"), ("core.alternateRefsCommand", evil),
                       ("blame.ignoreRevsFile", str(marker.parent / "missing-revs"))):
        repo_builder.git("config", key, value)
    (repo_builder.path / ".gitattributes").write_text("*.py diff=evil\n")
    hooks = repo_builder.path / ".git" / "hooks" / "post-checkout"
    hooks.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hooks.chmod(0o755)
    before = snapshot_dir(repo_builder.path)
    result = scan(repo_builder.path, use_cache=False)
    assert result.file("app/engine.py") is not None
    assert snapshot_dir(repo_builder.path) == before
    assert not marker.exists()


def test_second_scan_comes_from_cache_and_increments(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    cache_dir = str(tmp_path / "cache")
    first = scan(repo_builder.path, cache_dir=cache_dir)
    assert first.stats.commits_read == 7 and first.stats.blobs_analysed > 0
    second = scan(repo_builder.path, cache_dir=cache_dir)
    assert (second.stats.commits_read, second.stats.blobs_analysed) == (0, 0)
    assert second.stats.commits_from_cache == 7
    assert second.files == first.files and second.periods == first.periods
    repo_builder.write("app/new.py", "def n(a):\n    return a or 1\n")
    repo_builder.commit("new file", "2024-08-01T12:00:00+00:00")
    third = scan(repo_builder.path, cache_dir=cache_dir)
    assert third.stats.commits_read == 1
    assert third.stats.blobs_analysed == 1
    assert third.file("app/new.py").complexity == 2


def test_cancel_raises_and_keeps_the_cache_usable(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    cache_dir = str(tmp_path / "cache")
    seen = []

    def cancel() -> bool:
        return len(seen) >= 3

    generator = run_scan(str(repo_builder.path), ScanOptions(cache_dir=cache_dir, jobs=1), cancel=cancel)
    with pytest.raises(ScanCancelled):
        for progress in generator:
            seen.append(progress)
    assert len(seen) == 3
    after = scan(repo_builder.path, cache_dir=cache_dir)
    fresh = scan(repo_builder.path, use_cache=False)
    assert after.files == fresh.files and after.periods == fresh.periods


def test_corrupt_cache_is_left_untouched(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    damaged = b"this is not a database" * 100
    (cache_dir / "cache.sqlite3").write_bytes(damaged)
    result = scan(repo_builder.path, cache_dir=str(cache_dir))
    assert result.file("app/engine.py").revisions == 4
    assert any("is damaged" in w and "scanning without the cache" in w for w in result.warnings)
    assert sorted(p.name for p in cache_dir.iterdir()) == ["cache.sqlite3"]  # nothing moved, nothing new
    assert (cache_dir / "cache.sqlite3").read_bytes() == damaged


def test_bare_shallow_and_detached(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    shas = build_history(repo_builder)
    env = isolated_env()
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo_builder.path), str(bare)], check=True, env=env)
    full = scan(repo_builder.path)
    bare_result = scan(bare)
    assert bare_result.repo.bare and bare_result.files == full.files
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo_builder.path}", str(shallow)],
                   check=True, env=env)
    shallow_result = scan(shallow)
    assert shallow_result.repo.shallow
    assert any("shallow" in w for w in shallow_result.warnings)
    assert shallow_result.repo.commits_scanned < full.repo.commits_scanned
    repo_builder.checkout("--detach", shas["append"])
    detached = scan(repo_builder.path)
    assert detached.repo.head == shas["append"] and detached.repo.branch is None
    assert detached.file("app/feature.js") is None


def test_damaged_repository_scans_what_is_readable(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    # Remove the loose object of core.py's first version: git log --numstat stops there.
    blob = repo_builder.git("rev-parse", "HEAD~4:app/core.py").strip()
    target = repo_builder.path / ".git" / "objects" / blob[:2] / blob[2:]
    target.chmod(0o644)
    target.unlink()
    result = scan(repo_builder.path, use_cache=False)
    assert result.file("app/engine.py") is not None
    reasons = " ".join(s.reason for s in result.skipped)
    assert "line counts unavailable" in reasons
    assert result.repo.commits_scanned == 7


def test_skip_rules_for_big_generated_vendored_and_odd_files(repo_builder: RepoBuilder) -> None:
    repo_builder.write("big.py", "X = [\n" + "    1,\n" * 3000 + "]\n")
    repo_builder.write("gen.py", "# @generated by protoc. DO NOT EDIT.\nx = 1\n")
    repo_builder.write("vendor/lib.py", "def v():\n    return 1\n")
    repo_builder.write("py2.py", "def old(x):\n    if x:\n        print 'yes'\n    return x\n")
    repo_builder.write("latin.py", "# caf\xe9\nx = 1\n".encode("latin-1"))
    repo_builder.write("ok.py", "def ok():\n    return 1\n")
    repo_builder.commit("files", "2024-01-10T12:00:00+00:00")
    result = scan(repo_builder.path, max_file_bytes=10_000)
    skipped = {s.path: s.reason for s in result.skipped}
    assert skipped["big.py"].startswith("too large")
    assert skipped["gen.py"].startswith("generated")
    assert skipped["vendor/lib.py"].startswith("excluded by default rule")
    py2 = result.file("py2.py")
    assert py2 is not None and not py2.parsed and py2.complexity >= 2  # lizard fallback keeps it counted
    latin = result.file("latin.py")
    assert latin is not None and latin.sloc == 1 or latin.sloc == 2
    assert {f.path for f in result.files} == {"py2.py", "latin.py", "ok.py"}


def test_include_and_exclude_globs(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    only_js = scan(repo_builder.path, include=("**/*.js",))
    assert [f.path for f in only_js.files] == ["app/feature.js"]
    no_js = scan(repo_builder.path, exclude=("*.js",))
    assert [f.path for f in no_js.files] == ["app/engine.py"]
    assert sum(p.churn for p in no_js.periods) == 14


def test_since_until_bound_the_history(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    from datetime import date

    result = scan(repo_builder.path, since=date(2024, 4, 1), until=date(2024, 5, 31))
    assert [p.period for p in result.periods] == ["2024Q2"]
    assert result.repo.commits_scanned == 4
    with pytest.raises(ScanError, match="no commits"):
        scan(repo_builder.path, since=date(2030, 1, 1))


def test_cli_json_contract(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    out = tmp_path / "scan.json"
    csv_out = tmp_path / "files.csv"
    proc = cli("scan", str(repo_builder.path), "--json", str(out), "--csv", str(csv_out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "Top 2 hotspots" in proc.stdout and "2024Q2" in proc.stdout
    data = json.loads(out.read_text())
    assert data["schema"] == 1
    assert set(data) >= {"schema", "repo", "options", "skipped", "files", "periods", "ai_commits"}
    assert set(data["repo"]) >= {"path", "rev", "head", "commits_scanned", "first_commit_date",
                                 "last_commit_date", "shallow"}
    file_keys = {"path", "language", "sloc", "complexity", "max_complexity", "functions", "maintainability",
                 "revisions", "added", "deleted", "churn", "authors", "first_commit_date", "last_commit_date",
                 "hotspot_score", "hotspot_rank", "high_churn", "ai"}
    assert all(file_keys <= set(f) for f in data["files"])
    period_keys = {"period", "start", "end", "commits", "authors", "added", "deleted", "churn",
                   "maintenance_churn", "new_code_churn", "maintenance_share", "files", "sloc", "complexity",
                   "mean_maintainability", "hotspots", "high_churn_files"}
    assert all(period_keys <= set(p) for p in data["periods"])
    engine = next(f for f in data["files"] if f["path"] == "app/engine.py")
    assert engine["churn"] == 14 and engine["first_commit_date"] == "2024-01-10T12:00:00Z"
    assert csv_out.read_text().splitlines()[0].startswith("path,language,sloc,complexity")
    assert csv_out.read_text().splitlines()[0].endswith(",ai_label,ai_confidence,ai_style_score,ai_disclosed_line_share"
                                                        ",lines,median_age_days,main_author,main_author_share"
                                                        ",knowledge_loss_share,ai_line_share")
    engine_ai = engine["ai"]
    assert set(engine_ai) >= {"label", "confidence", "style_score", "disclosed_commits", "disclosed_tools",
                              "disclosed_line_share", "evidence"}
    assert (engine["sloc"], engine_ai["label"], engine_ai["style_score"], engine_ai["evidence"]) == (
        engine["sloc"], "insufficient", None, []) and engine["sloc"] < 15
    assert "AI: 0 commits with disclosed traces" in proc.stdout
