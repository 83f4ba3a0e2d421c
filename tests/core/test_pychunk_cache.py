"""A Python file's chunks are kept between scans: the next version measures only what changed, with the same
figures; kept bytes that are damaged or foreign are a miss."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from gitrepo import RepoBuilder
from scanhelp import ALICE, scan

from debt_explorer.core import pychunks
from debt_explorer.core.metrics import analyze_blob
from debt_explorer.core.models import ScanResult, ScanStats


def _module(changed: int, size: int = 12) -> str:
    """A module of ``size`` functions and a class; function ``changed`` differs between versions."""
    functions = "".join(f"def f{i}(a, b):\n    if a and b:\n        return {i}\n    return {i + 1} * b\n\n\n"
                        for i in range(size))
    functions = functions.replace(f"    return {changed + 1} * b", f"    return {changed + 1} * b if b else 0")
    return functions + "class Box:\n    def get(self):\n        return 1 if self else 2\n\n    def put(self, x):\n" \
                       "        for y in x:\n            pass\n"


def test_chunks_round_trip_exactly_and_damaged_bytes_are_a_miss() -> None:
    text = _module(3) + "X = 1 + 1.0 + True + b'x' + 2j + ... + None\n"
    pychunks._memo.clear()
    metrics, used = pychunks.logging_chunks(lambda: analyze_blob("m.py", text.encode()))
    assert len(used) >= 14  # the functions, the class and its method pieces, the last statement
    data = pychunks.encode_chunks(used)
    assert pychunks.decode_chunks(data) == used  # operands keep their exact types (1, 1.0, True differ)
    for bad in (b"", b"garbage", data[:-5], pychunks.zlib.compress(b"\x00"),
                pychunks.zlib.compress(pychunks.marshal.dumps((2, []))),
                pychunks.zlib.compress(pychunks.marshal.dumps((1, [(b"short", (1,) * 7, 1, (), (), (), 0, 0, 0, 0)])))):
        assert pychunks.decode_chunks(bad) is None
    pychunks._memo.clear()
    pychunks.seed(pychunks.decode_chunks(data) or {})
    assert analyze_blob("m.py", text.encode()) == metrics  # seeded or not, the same figures


def _count_measured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    measured: list[str] = []
    real = pychunks._measure_chunk
    monkeypatch.setattr(pychunks, "_measure_chunk", lambda text: measured.append(text) or real(text))
    return measured


def _same(result: ScanResult) -> ScanResult:
    return replace(result, stats=ScanStats(), options=replace(result.options, cache_dir=None, use_cache=True))


def test_next_version_measures_only_what_changed(repo_builder: RepoBuilder, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo_builder.write("app/big.py", _module(0))
    repo_builder.commit("first", "2024-01-10T12:00:00+00:00", ALICE)
    cache = str(tmp_path / "cache")
    scan(repo_builder.path, cache_dir=cache, ai=False)
    repo_builder.write("app/big.py", _module(5))
    repo_builder.commit("change f5", "2024-02-10T12:00:00+00:00", ALICE)
    pychunks._memo.clear()  # as in a fresh worker
    measured = _count_measured(monkeypatch)
    step = scan(repo_builder.path, cache_dir=cache, ai=False)
    # f0 is back to its plain form, f5 gets the change: 2 of 14 chunks are measured again, the rest is kept
    assert [text.splitlines()[0] for text in measured] == ["def f0(a, b):", "def f5(a, b):"]
    pychunks._memo.clear()
    cold = scan(repo_builder.path, ai=False, use_cache=False)
    assert _same(step) == _same(cold)

    # Damaged kept chunks: the file is measured from scratch, with the same figures, and kept anew.
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite3") as db:
        assert db.execute("UPDATE kv SET value=? WHERE namespace LIKE 'py-chunks-%'", ('"AAAA"',)).rowcount == 1
    repo_builder.write("app/big.py", _module(7))
    repo_builder.commit("change f7", "2024-03-10T12:00:00+00:00", ALICE)
    pychunks._memo.clear()
    measured.clear()
    again = scan(repo_builder.path, cache_dir=cache, ai=False)
    assert len(measured) >= 14
    pychunks._memo.clear()
    assert _same(again) == _same(scan(repo_builder.path, ai=False, use_cache=False))
