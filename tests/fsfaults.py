"""Real file-system faults for tests: a read-only folder and a tiny (soon full) folder.

As root, permission bits do not stop writes, so both use a tmpfs mount there (remounted read-only, or
mounted with a few kilobytes); without root, a read-only folder uses permission bits and a full disk
cannot be made, so those tests skip with the reason.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest


def _mount(path: Path, options: str) -> None:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], check=False)


@contextmanager
def read_only_folder(path: Path, fill: Callable[[Path], None] = lambda folder: None) -> Iterator[Path]:
    """``path`` as a folder nobody can write, after ``fill(path)`` put files in it."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        fill(path)
        modes = {p: p.stat().st_mode for p in path.rglob("*")}
        for p in modes:
            p.chmod(0o444 if p.is_file() else 0o555)
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)
            for p, mode in modes.items():
                p.chmod(mode)
        return
    _mount(path, "size=16m")
    try:
        fill(path)
        subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
        yield path
    finally:
        _umount(path)


@contextmanager
def tiny_folder(path: Path, size: str = "96k") -> Iterator[Path]:
    """``path`` on a file system of ``size`` bytes: writing more fails with ENOSPC / "disk is full"."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a tmpfs mount (root); the max_page_count variant covers SQLite")
    path.mkdir(parents=True, exist_ok=True)
    _mount(path, f"size={size}")
    try:
        yield path
    finally:
        _umount(path)


def damage_pages(database: Path, keep: Callable[[int], bool] = lambda page: page == 1) -> None:
    """Overwrite every page of an SQLite file except those ``keep(page)`` (1-based) chooses: the header
    (page 1) stays intact, so the file still opens and fails only when a damaged page is read."""
    import sqlite3

    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(database.read_bytes())
    size = int.from_bytes(data[16:18], "big") or 65536
    for page in range(2, len(data) // size + 1):
        if not keep(page):
            start = (page - 1) * size
            data[start:start + size] = bytes([0xA5]) * size
    database.write_bytes(bytes(data))
