"""Processes: nothing outlives a killed scan; Ctrl-C during metrics is one line and exit 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gitrepo import RepoBuilder
from scanhelp import ALICE

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _heavy_repo(builder: RepoBuilder) -> str:
    """Enough distinct Python that two workers need several seconds to measure it."""
    for n in range(160):
        body = "".join(f"    if x == {j}:\n        y = x * {j + n}\n        return y\n" for j in range(600))
        builder.write(f"pkg/m{n}.py", f"def f{n}(x):\n{body}    return None\n")
    builder.commit("heavy", "2024-01-10T12:00:00+00:00", ALICE)
    return str(builder.path)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start(repo: str, tmp_path: Path) -> tuple[subprocess.Popen, list[int], list[int]]:
    """Start a scan and wait until its metric workers run; returns it, every process it started, the workers."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "DEBT_EXPLORER_CACHE_DIR": str(tmp_path / "c")}
    process = subprocess.Popen([sys.executable, "-m", "debt_explorer", "scan", repo, "--jobs", "2", "--no-ai"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        family = _children(process.pid)
        workers = [g for child in family for g in _children(child)]
        if len(workers) >= 2:
            time.sleep(0.5)  # the workers have chunks in hand
            family = _children(process.pid)
            workers = [g for child in family for g in _children(child)]
            return process, family + workers, workers
        if process.poll() is not None:
            pytest.fail(f"the scan ended before its metric phase: {process.stderr.read()}")
        time.sleep(0.05)
    process.kill()
    pytest.fail("no metric workers started within 60 s")


def _gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if _alive(pid)]
        if not alive:
            return []
        time.sleep(0.1)
    return [pid for pid in pids if _alive(pid)]


def test_kill_9_during_metrics_leaves_no_process(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    process, family, _ = _start(_heavy_repo(repo_builder), tmp_path)
    assert len(family) >= 4  # resource tracker, fork server, two workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    left = _gone(family, 10)
    if left:
        for pid in left:  # clean up before failing
            os.kill(pid, signal.SIGKILL)
    assert left == [], "still running after the scan was killed: " + ", ".join(
        Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")[:80] for pid in left)


def _ignores_sigint(pid: int) -> bool:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


def test_ctrl_c_during_metrics_is_one_line_and_exit_130(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    process, family, workers = _start(_heavy_repo(repo_builder), tmp_path)
    # an idle worker hit by SIGINT prints a KeyboardInterrupt traceback (timing-dependent); they ignore it
    assert len(workers) >= 2 and all(_ignores_sigint(pid) for pid in workers)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal sends: the whole process group
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines()[-1] == "debt-explorer: cancelled"
    assert _gone(family, 10) == []
