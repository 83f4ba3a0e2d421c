"""Odd but legal repositories: SHA-256, repository config that bends git's output, odd bytes and dates,
symlinks and submodules named like code, an unborn branch.  Each must scan correctly or fail in one line."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from debt_explorer.core.errors import ScanError
from debt_explorer.core.export import write_files_csv, write_json
from debt_explorer.core.report import render_html, render_markdown
from gitrepo import RepoBuilder, isolated_env
from scanhelp import ALICE, BOB, build_history, scan
from test_scan_inputs import cli

CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"


def _with_ai_commit(builder: RepoBuilder) -> None:
    build_history(builder)
    helper = "".join(f"def g{i}(b):\n    if b:\n        return {i}\n    return 0\n" for i in range(5))
    builder.write("app/helpers.py", helper)
    builder.commit("Add helpers" + CLAUDE, "2024-08-10T12:00:00+00:00", ALICE)
    builder.write("app/helpers.py", helper + "\n\ndef human(c):\n    return c\n")
    builder.commit("human touch", "2024-08-20T12:00:00+00:00", BOB)


def _figures(result):  # noqa: ANN001,ANN202 - everything but object names
    files = [replace(f, blob="", ai=f.ai and replace(f.ai, evidence=tuple(
        replace(signal, locations=()) for signal in f.ai.evidence))) for f in result.files]
    periods = [replace(p, snapshot=None) for p in result.periods]
    return files, periods, [(c.author_name, c.message) for c in result.commits]


def test_sha256_repository_gives_the_same_figures_as_sha1(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", "--object-format=sha256", str(tmp_path / "s256")],
                   check=True, env=isolated_env())
    sha256, sha1 = RepoBuilder(tmp_path / "s256"), RepoBuilder(tmp_path / "s1")
    _with_ai_commit(sha256)
    _with_ai_commit(sha1)
    long_result, short_result = scan(sha256.path, use_cache=False), scan(sha1.path, use_cache=False)
    assert len(long_result.repo.head) == 64 and len(long_result.files[0].blob) == 64
    assert not long_result.skipped
    assert _figures(long_result) == _figures(short_result)
    helpers = long_result.file("app/helpers.py")
    assert helpers.complexity == 11 and helpers.ai.label == "disclosed"
    assert helpers.ai.disclosed_line_share == pytest.approx(20 / 24, abs=1e-3)  # blame read 64-hex commits
    cached = tmp_path / "cache"
    assert _figures(scan(sha256.path, cache_dir=str(cached))) == _figures(long_result)
    assert _figures(scan(sha256.path, cache_dir=str(cached))) == _figures(long_result)  # warm


def test_repository_config_cannot_bend_blame_or_diff_figures(tmp_path: Path) -> None:
    plain, bent = RepoBuilder(tmp_path / "plain"), RepoBuilder(tmp_path / "bent")
    _with_ai_commit(plain)
    _with_ai_commit(bent)
    for key, value in (("blame.ignoreRevsFile", str(tmp_path / "no-such-file")),
                       ("blame.markIgnoredLines", "true"), ("blame.markUnblamableLines", "true"),
                       ("blame.showEmail", "true"), ("blame.date", "relative"), ("blame.coloring", "repeatedLines"),
                       ("blame.blankBoundary", "true"), ("blame.showRoot", "true"), ("color.ui", "always"),
                       ("color.diff", "always"), ("color.blame.highlightRecent", "red"),
                       ("diff.algorithm", "patience"), ("diff.indentHeuristic", "false"),
                       ("core.bigFileThreshold", "10"), ("i18n.logOutputEncoding", "UTF-16"),
                       ("i18n.commitEncoding", "ISO-8859-1"), ("log.showSignature", "true"),
                       ("diff.renames", "false"), ("diff.mnemonicPrefix", "true"), ("core.quotePath", "true")):
        bent.git("config", key, value)
    expected, result = scan(plain.path, use_cache=False), scan(bent.path, use_cache=False)
    helpers = result.file("app/helpers.py")
    assert helpers.ai.label == "disclosed" and helpers.ai.disclosed_line_share == pytest.approx(20 / 24, abs=1e-3)
    assert _figures(result) == _figures(expected)
    assert result.file("app/engine.py").churn == 14  # line counts, not "binary" (bigFileThreshold)


def test_commit_encoding_header_is_honoured(repo_builder: RepoBuilder) -> None:
    repo_builder.write("a.py", "def a(x):\n    return x\n")
    repo_builder.git("config", "i18n.commitEncoding", "ISO-8859-1")
    repo_builder.git("add", "-A")
    message = "Café fix".encode("latin-1")
    repo_builder.git("commit", "-q", "-F", "-", input=message, env={
        "GIT_AUTHOR_NAME": "José", "GIT_AUTHOR_EMAIL": "jose@example.com", "GIT_COMMITTER_NAME": "José",
        "GIT_COMMITTER_EMAIL": "jose@example.com", "GIT_AUTHOR_DATE": "2024-01-10T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-01-10T12:00:00+00:00"})
    repo_builder.git("config", "i18n.logOutputEncoding", "UTF-16")
    result = scan(repo_builder.path, use_cache=False)
    assert result.commits[0].message == "Café fix"


def _hand_made_commit(builder: RepoBuilder, header: bytes, message: bytes) -> str:
    """A commit object written byte for byte (``hash-object --literally``), made the branch head."""
    tree = builder.git("write-tree").strip()
    parent = builder.head()
    body = f"tree {tree}\nparent {parent}\n".encode() + header + b"\n" + message
    sha = builder.git("hash-object", "-t", "commit", "--literally", "-w", "--stdin", input=body).strip()
    builder.git("update-ref", "refs/heads/main", sha)
    return sha


def test_undecodable_author_message_and_path_bytes(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    (repo_builder.path / os.fsdecode(b"caf\xe9.py")).write_bytes(b"def f(x):\n    if x:\n        return 1\n"
                                                               b"    return 2\n")
    repo_builder.git("add", "-A")
    sha = _hand_made_commit(repo_builder, b"author Jos\xe9 <j\xff@example.com> 1722600000 +0000\n"
                                          b"committer Jos\xe9 <j@example.com> 1722600000 +0000\n",
                            b"Caf\xe9 \xff\xfe fix\n")
    cache = str(tmp_path / "cache")
    first = scan(repo_builder.path, cache_dir=cache)
    commit = next(c for c in first.commits if c.sha == sha)
    assert commit.author_name == "Jos\udce9" and commit.message == "Caf\udce9 \udcff\udcfe fix"
    assert first.file("caf\udce9.py").complexity == 2
    # The history cache stores and returns the same bytes (it crashed on every run before).
    repo_builder.write("later.py", "X = 1\n")
    repo_builder.commit("later", "2024-09-01T12:00:00+00:00")
    second = scan(repo_builder.path, cache_dir=cache)
    assert second.stats.commits_from_cache == 8
    assert next(c for c in second.commits if c.sha == sha) == commit

    stream = io.StringIO()
    write_json(second, stream)
    stream.getvalue().encode("utf-8")  # writable as UTF-8
    data = json.loads(stream.getvalue())
    assert "caf\udce9.py" in [f["path"] for f in data["files"]]  # lossless: \udce9 escape in the JSON text
    assert '"caf\\udce9.py"' in stream.getvalue()
    table = io.StringIO()
    write_files_csv(second, table)
    assert "caf\\xe9.py" in [row[0] for row in csv.reader(io.StringIO(table.getvalue()))]
    assert "caf\\xe9.py" in render_html(second, None)
    assert "caf\\\\xe9.py" in render_markdown(second, None)  # Markdown escapes the backslash: it reads caf\xe9.py
    out = tmp_path / "out"
    proc = cli("scan", str(repo_builder.path), "--cache-dir", cache, "--json", f"{out}.json", "--csv", f"{out}.csv")
    assert proc.returncode == 0, proc.stderr
    report = cli("report", str(repo_builder.path), "--cache-dir", cache, "--html", f"{out}.html")
    assert report.returncode == 0, report.stderr
    assert "caf\\xe9.py" in Path(f"{out}.html").read_text(encoding="utf-8")
    assert json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))["repo"]["commits_scanned"] == 9


@pytest.mark.parametrize("date", [b"253402300800 +0000", b"99999999999999999999 +0000", b"1722600000",
                                  b"garbage", b"-5 +0000"])
def test_commit_dates_past_9999_or_malformed(repo_builder: RepoBuilder, date: bytes) -> None:
    build_history(repo_builder)
    repo_builder.write("app/engine.py", (repo_builder.path / "app/engine.py").read_text() + "Y = 2\n")
    repo_builder.git("add", "-A")
    _hand_made_commit(repo_builder, b"author A <a@example.com> " + date + b"\ncommitter A <a@example.com> "
                      + date + b"\n", b"odd date\n")
    result = scan(repo_builder.path, use_cache=False)
    assert result.file("app/engine.py").revisions == 5  # the odd commit counts in the file's history
    assert [p.period for p in result.periods] == ["2024Q1", "2024Q2", "2024Q3"]  # and stretches no timeline
    assert any("unusable committer date" in w for w in result.warnings)
    proc = cli("scan", str(repo_builder.path), "--no-cache", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["repo"]["first_commit_date"], data["repo"]["last_commit_date"]) == (
        "2024-01-10T12:00:00Z", "2024-07-20T12:00:00Z")
    engine = next(f for f in data["files"] if f["path"] == "app/engine.py")
    assert (engine["first_commit_date"], engine["last_commit_date"]) == ("2024-01-10T12:00:00Z",
                                                                         "2024-05-02T12:00:00Z")


def test_symlinks_and_submodules_named_like_code_are_not_code(repo_builder: RepoBuilder) -> None:
    repo_builder.write("real.py", "def r(a):\n    return a\n")
    first = repo_builder.commit("start", "2024-01-10T12:00:00+00:00")
    for step, day in enumerate(("2024-01-20", "2024-02-20")):
        link = repo_builder.path / "link.py"
        if link.is_symlink():
            link.unlink()
        os.symlink(f"target-{step}-" + "x" * 40, link)
        repo_builder.git("update-index", "--add", "--cacheinfo", f"160000,{first},vendor/sub.js")
        repo_builder.git("add", "-A")
        repo_builder.commit(f"links {step}", f"{day}T12:00:00+00:00")
        first = repo_builder.head()
    repo_builder.write("real.py", "def r(a):\n    return a + 1\n")
    repo_builder.commit("real change", "2024-03-01T12:00:00+00:00")
    result = scan(repo_builder.path, use_cache=False)
    assert [f.path for f in result.files] == ["real.py"]
    (quarter,) = result.periods
    assert (quarter.added, quarter.deleted) == (3, 1)  # real.py only: 2 + 1 added, 1 deleted


def test_unborn_branch_says_it_has_no_commits(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    repo_builder.git("checkout", "-q", "--orphan", "fresh")
    with pytest.raises(ScanError, match=r"this branch \(fresh\) has no commits yet"):
        scan(repo_builder.path, use_cache=False)
    proc = cli("scan", str(repo_builder.path), "--no-cache")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.strip().splitlines()[-1] == (
        f"debt-explorer: {repo_builder.path}: this branch (fresh) has no commits yet; scan another branch with --rev")
    assert scan(repo_builder.path, use_cache=False, rev="main").file("app/engine.py") is not None
