"""Sealed git: nothing the repository (or the caller's environment) configures can run, fetch or redirect reads.

Each case builds its repository in ``tmp_path``.  The promisor variants first
prove with plain git that the setup really runs its marker program, then
check that a scan runs nothing and leaves ``.git`` byte-for-byte unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from debt_explorer.core.gitsafe import git_env
from debt_explorer.core.objects import ObjectReader
from gitrepo import RepoBuilder, isolated_env, snapshot_dir
from scanhelp import ALICE, build_history, scan
from test_scan_inputs import cli


def _git(*args: str, cwd: Path | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=isolated_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def partial_clone(source: RepoBuilder, target: Path, checkout: bool = True) -> Path:
    """``git clone --filter=blob:none file://source target``: blobs other than the checkout's are missing."""
    source.git("config", "uploadpack.allowFilter", "true")
    _git("clone", "-q", "--filter=blob:none", *([] if checkout else ["--no-checkout"]),
         f"file://{source.path}", str(target))
    return target


def missing_blobs(repo: Path) -> list[str]:
    out = _git("-C", str(repo), "rev-list", "--objects", "--all", "--missing=print")
    return [line[1:] for line in out.splitlines() if line.startswith("?")]


def test_plain_partial_clone_scans_and_lists_missing_blobs(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    clone = partial_clone(repo_builder, tmp_path / "clone", checkout=False)
    assert missing_blobs(clone), "the clone should lack blobs"
    before = snapshot_dir(clone)
    proc = cli("scan", str(clone), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    result = scan(clone, use_cache=False)
    skipped = {s.path: s.reason for s in result.skipped}
    assert "partial clone" in skipped["app/engine.py"] and "partial clone" in skipped["app/feature.js"]
    assert result.repo.commits_scanned == 7
    assert missing_blobs(clone), "nothing may have been fetched"
    assert snapshot_dir(clone) == before


def test_checked_out_partial_clone_measures_what_it_has(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    build_history(repo_builder)
    clone = partial_clone(repo_builder, tmp_path / "clone")
    full = scan(repo_builder.path, use_cache=False)
    result = scan(clone, use_cache=False)
    # The checkout fetched the head blobs: the file table is complete; old versions stay missing.
    assert [(f.path, f.sloc, f.complexity) for f in result.files] == [
        (f.path, f.sloc, f.complexity) for f in full.files]
    assert any("line counts unavailable" in s.reason for s in result.skipped)
    assert missing_blobs(clone)


def _marker_script(tmp_path: Path, then: str = "") -> tuple[Path, Path]:
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch '{marker}'\n{then}\n")
    script.chmod(0o755)
    return marker, script


HOSTILE_PROMISORS = {
    # An ext:: remote runs any command; repository config allows the protocol.
    "ext-remote": lambda clone, script, source: [
        ("remote.origin.url", f"ext::{script} %S"), ("protocol.ext.allow", "always")],
    # upload-pack of the promisor remote replaced by a script that also serves packs (it wrote into the repo).
    "uploadpack": lambda clone, script, source: [
        ("remote.origin.uploadpack", str(script)), ("protocol.file.allow", "always")],
    # An ssh remote whose ssh command is the script.
    "ssh-command": lambda clone, script, source: [
        ("remote.origin.url", "ssh://git.example.invalid/repo.git"), ("core.sshCommand", str(script)),
        ("protocol.ssh.allow", "always")],
}


@pytest.mark.parametrize("variant", sorted(HOSTILE_PROMISORS))
def test_hostile_promisor_remote_never_runs(repo_builder: RepoBuilder, tmp_path: Path, variant: str) -> None:
    build_history(repo_builder)
    clone = partial_clone(repo_builder, tmp_path / "clone", checkout=False)
    marker, script = _marker_script(tmp_path, 'exec git-upload-pack "$@"' if variant == "uploadpack" else "")
    for key, value in HOSTILE_PROMISORS[variant](clone, script, repo_builder.path):
        _git("-C", str(clone), "config", key, value)
    blob = missing_blobs(clone)[0]

    # Plain git with these settings does run the script (on a copy): the setup is really hostile.
    probe = tmp_path / "probe"
    shutil.copytree(clone, probe, symlinks=True)
    subprocess.run(["git", "-C", str(probe), "cat-file", "-s", blob], env=isolated_env(), capture_output=True)
    assert marker.exists(), f"{variant}: the hostile setup should run its script under plain git"
    marker.unlink()

    before = snapshot_dir(clone)
    result = scan(clone, use_cache=False)
    assert result.repo.commits_scanned == 7
    assert any("partial clone" in s.reason for s in result.skipped)
    proc = cli("scan", str(clone), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    with ObjectReader(str(clone)) as reader:
        assert reader.read(blob) is None  # missing, and still not fetched
        assert reader.read(_git("-C", str(clone), "rev-parse", "HEAD").strip()) is not None  # reader restarted
    assert not marker.exists()
    assert snapshot_dir(clone) == before


def test_git_env_denies_every_protocol_and_lazy_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("GIT_DIR", "/elsewhere"), ("GIT_CONFIG_COUNT", "1"), ("GIT_ALLOW_PROTOCOL", "ext"),
                        ("GIT_NO_LAZY_FETCH", "0"), ("GIT_SSH_COMMAND", "touch /tmp/x")):
        monkeypatch.setenv(name, value)
    env = git_env()
    assert env["GIT_ALLOW_PROTOCOL"] == "" and env["GIT_NO_LAZY_FETCH"] == "1"
    assert {"GIT_DIR", "GIT_CONFIG_COUNT", "GIT_SSH_COMMAND"}.isdisjoint(env)


def _other_repo(tmp_path: Path) -> RepoBuilder:
    other = RepoBuilder(tmp_path / "other")
    other.write("app/engine.py", "def other(a):\n    return a\n")
    other.write("elsewhere.py", "X = 1\n")
    other.commit("other repository", "2024-03-01T12:00:00+00:00", ALICE)
    return other


CALLER_GIT_ENV = {
    "GIT_DIR": "{other}/.git", "GIT_WORK_TREE": "{other}", "GIT_OBJECT_DIRECTORY": "{other}/.git/objects",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES": "{other}/.git/objects", "GIT_INDEX_FILE": "{other}/.git/index",
    "GIT_NAMESPACE": "nowhere", "GIT_CONFIG_PARAMETERS": "'core.fsmonitor'='touch {marker}'",
    "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "diff.external", "GIT_CONFIG_VALUE_0": "touch {marker}",
    "GIT_EXTERNAL_DIFF": "touch {marker}", "GIT_CEILING_DIRECTORIES": "/",
}


def test_caller_git_environment_never_reaches_git(repo_builder: RepoBuilder, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    build_history(repo_builder)
    other = _other_repo(tmp_path)
    marker = tmp_path / "ran"
    expected = scan(repo_builder.path, use_cache=False)
    for name, value in CALLER_GIT_ENV.items():
        monkeypatch.setenv(name, value.format(other=other.path, marker=marker))
    result = scan(repo_builder.path, use_cache=False)
    assert result.files == expected.files and result.periods == expected.periods
    assert result.file("app/engine.py").complexity == 4 and result.file("elsewhere.py") is None
    assert not marker.exists()


def test_check_reads_the_named_repository_whatever_git_dir_says(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    repo_builder.write("app/core.py", "def s(a):\n    return a\n")
    repo_builder.commit("base", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("app/core.py", "def s(a):\n" + "".join(
        f"    if a == {i}:\n        return {i}\n" for i in range(30)) + "    return -a\n")
    repo_builder.commit("grow", "2024-02-10T12:00:00+00:00", ALICE)
    other = _other_repo(tmp_path)
    other.write("app/core.py", "def s(a):\n    return a\n")
    other.commit("second", "2024-03-02T12:00:00+00:00", ALICE)
    env = {**os.environ, **{name: value.format(other=other.path, marker=tmp_path / "ran")
                            for name, value in CALLER_GIT_ENV.items()}}
    env["PYTHONPATH"] = str(Path(__file__).parents[2])
    gate = tmp_path / "gate.toml"
    gate.write_text("max_complexity_increase = 5\n")
    proc = subprocess.run([sys.executable, "-m", "debt_explorer", "check", str(repo_builder.path), "--base", "HEAD~1",
                           "--config", str(gate), "--no-cache"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL app/core.py: complexity rose by 30 (1 -> 31), more than 5" in proc.stdout


def test_every_git_process_is_sealed(repo_builder: RepoBuilder, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Record every process a scan, a diff, a blame and the gate config start: all sealed the same way."""
    from debt_explorer.core.blame import blame_file
    from debt_explorer.core.details import file_diff
    from debt_explorer.core.gate import load_gate_config

    shas = build_history(repo_builder)
    repo_builder.write("app/helpers.py", "def h(a):\n    return a\n")
    repo_builder.commit("helpers\n\nCo-Authored-By: Claude <noreply@anthropic.com>", "2024-08-01T12:00:00+00:00")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    started: list[tuple[list[str], dict[str, str] | None]] = []
    real_popen = subprocess.Popen

    class Recording(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **kwargs) -> None:  # noqa: ANN001
            started.append((list(args), kwargs.get("env")))
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    result = scan(repo_builder.path, use_cache=False)
    assert result.file("app/helpers.py").ai.label == "disclosed"  # blame ran
    assert "+" in file_diff(str(repo_builder.path), shas["grow"], "app/core.py")
    assert blame_file(str(repo_builder.path), "HEAD", "app/engine.py")
    load_gate_config(str(repo_builder.path))
    commands = set()
    for argv, env in started:
        assert argv[0] == "git" and env is not None, argv
        assert env["GIT_NO_LAZY_FETCH"] == "1" and env["GIT_ALLOW_PROTOCOL"] == "" and "GIT_DIR" not in env
        assert "core.hooksPath=/dev/null" in argv and "i18n.logOutputEncoding=UTF-8" in argv
        command = next(word for word in argv[argv.index("-C") + 2:] if not word.startswith("-")
                       and "=" not in word)
        commands.add(command)
        if command == "blame":
            assert {"--no-textconv", "--no-ignore-revs-file", "--no-ignore-rev"} <= set(argv)
        if {"-p", "--patch", "--numstat", "--stat"} & set(argv):
            assert {"--no-textconv", "--no-ext-diff"} <= set(argv), argv
    assert {"log", "ls-tree", "cat-file", "blame", "diff-tree"} <= commands


def test_git_too_old_to_stop_lazy_fetch_refuses_partial_clones(repo_builder: RepoBuilder, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from debt_explorer.core import git_history
    from debt_explorer.core.errors import ScanError
    from debt_explorer.core.gitsafe import lazy_fetch_can_be_disabled

    assert lazy_fetch_can_be_disabled((2, 39, 5)) and lazy_fetch_can_be_disabled((2, 47, 0))
    assert not lazy_fetch_can_be_disabled((2, 39, 3)) and not lazy_fetch_can_be_disabled((2, 44, 0))
    build_history(repo_builder)
    clone = partial_clone(repo_builder, tmp_path / "clone", checkout=False)
    monkeypatch.setattr(git_history, "lazy_fetch_can_be_disabled", lambda: False)
    with pytest.raises(ScanError, match="partial clone, and git .* cannot be stopped from fetching"):
        scan(clone, use_cache=False)
    assert scan(repo_builder.path, use_cache=False).file("app/engine.py") is not None  # full clones still scan
