"""Plans are user data: kept in the data folder, copied out of older caches, never discarded on an error."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from debt_explorer.core import sqlite_guard
from debt_explorer.core.cache import Cache
from debt_explorer.core.plan import PlanItem, PlanStore
from debt_explorer.core.plan_file import read_plan_file, write_plan_file
from debt_explorer.core.plan_store import LEGACY_NAMESPACE, PlanStoreError
from debt_explorer.core.errors import ScanError
from fsfaults import damage_pages, read_only_folder, tiny_folder
from gitrepo import RepoBuilder
from scanhelp import ALICE, CORE_V1, scan
from test_scan_inputs import cli


def _repo(builder: RepoBuilder) -> str:
    builder.write("core.py", CORE_V1)
    builder.commit("one", "2024-01-10T12:00:00+00:00", ALICE)
    return str(builder.path)


def _data_dir() -> Path:
    return Path(os.environ["DEBT_EXPLORER_DATA_DIR"])


def test_plan_lives_in_the_data_folder_and_survives_deleting_the_cache(repo_builder: RepoBuilder,
                                                                       tmp_path: Path) -> None:
    repo = _repo(repo_builder)
    result = scan(repo)
    with Cache(tmp_path / "cache") as cache:
        PlanStore(repo, cache).add("core.py", result, note="split", priority="high")
    assert sorted(p.name for p in _data_dir().iterdir()) == ["plans.sqlite3"]
    for path in (tmp_path / "cache").iterdir():  # the user deletes the cache
        path.unlink()
    (tmp_path / "cache").rmdir()
    items = PlanStore(repo).load()
    assert [(i.path, i.note, i.priority) for i in items] == [("core.py", "split", "high")]
    assert not any(p.name.startswith("plan") for p in Path(repo).rglob("*"))  # nothing in the repository


def test_plans_of_an_old_cache_are_copied_once_and_the_source_kept(repo_builder: RepoBuilder,
                                                                   tmp_path: Path) -> None:
    repo = _repo(repo_builder)
    old_item = {"path": "core.py", "function": None, "note": "from 0.1", "priority": "low", "effort": "L",
                "added_at": 1_700_000_000, "baseline": {"complexity": 2.0}}
    with Cache(tmp_path / "cache") as cache:  # what version 0.1 wrote
        cache.put_json(LEGACY_NAMESPACE, os.path.realpath(repo), [old_item])
    with Cache(tmp_path / "cache") as cache:
        store = PlanStore(repo, cache)
        assert [i.note for i in store.load()] == ["from 0.1"]
        assert any("moved 1 plan(s)" in w for w in store.warnings)
        assert store.remove("core.py")
    with Cache(tmp_path / "cache") as cache:
        assert cache.get_json(LEGACY_NAMESPACE, os.path.realpath(repo)) == [old_item]  # source untouched
        again = PlanStore(repo, cache)  # not copied a second time: the removal stands
        assert again.load() == [] and again.warnings == []


def test_unreadable_old_cache_is_not_an_empty_plan(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    repo = _repo(repo_builder)
    cache_dir = tmp_path / "cache"
    with Cache(cache_dir) as cache:
        cache.put_json(LEGACY_NAMESPACE, os.path.realpath(repo), [{"path": "core.py"}])
        cache.put_metrics([], "x")
    damage_pages(cache_dir / "cache.sqlite3")
    before = (cache_dir / "cache.sqlite3").read_bytes()
    done = cli("plan", repo, "list", "--cache-dir", str(cache_dir))
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""
    assert "could not be copied" in done.stderr and "damaged" in done.stderr
    assert "Traceback" not in done.stderr
    assert (cache_dir / "cache.sqlite3").read_bytes() == before  # never moved aside, never rewritten
    assert sorted(p.name for p in cache_dir.iterdir()) == ["cache.sqlite3"]


def test_damaged_plan_store_is_reported_and_left_alone(repo_builder: RepoBuilder) -> None:
    repo = _repo(repo_builder)
    store = PlanStore(repo)
    for n in range(60):  # several pages of plans
        store.add(f"f{n}.py", note="x" * 200)
    path = _data_dir() / "plans.sqlite3"
    damage_pages(path)
    before = path.read_bytes()
    with pytest.raises(PlanStoreError, match="damaged.*left untouched"):
        PlanStore(repo).load()
    with pytest.raises(PlanStoreError, match="damaged"):
        PlanStore(repo).add("core.py")
    assert path.read_bytes() == before
    assert sorted(p.name for p in _data_dir().iterdir()) == ["plans.sqlite3"]
    done = cli("plan", repo, "list")
    assert done.returncode == 2 and done.stdout == "" and "damaged" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_locked_plan_store_waits_then_says_locked(repo_builder: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(repo_builder)
    PlanStore(repo).add("core.py", note="kept")
    path = _data_dir() / "plans.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write
    monkeypatch.setattr(sqlite_guard, "BUSY_TIMEOUT", 0.3)
    started = time.monotonic()
    with pytest.raises(PlanStoreError, match=r"locked by another process \(waited 0.3 s\)"):
        PlanStore(repo).load()
    assert time.monotonic() - started >= 0.3
    with pytest.raises(PlanStoreError, match="locked"):
        PlanStore(repo).add("other.py")
    monkeypatch.setattr(sqlite_guard, "BUSY_TIMEOUT", 10)
    threading.Timer(0.3, holder.rollback).start()  # a lock released in time is simply waited for
    PlanStore(repo).add("other.py")
    holder.close()
    assert [i.path for i in PlanStore(repo).load()] == ["core.py", "other.py"]


def test_read_only_plan_store_is_read_and_refuses_changes(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    repo = _repo(repo_builder)
    data = tmp_path / "ro-data"

    def fill(folder: Path) -> None:
        PlanStore(repo, data_dir=folder).add("core.py", note="kept")

    with read_only_folder(data, fill):
        store = PlanStore(repo, data_dir=data)
        assert [i.note for i in store.load()] == ["kept"]
        with pytest.raises(PlanStoreError, match="read-only; nothing was changed"):
            store.add("other.py")
        assert [i.note for i in PlanStore(repo, data_dir=data).load()] == ["kept"]


def test_full_disk_is_said_and_the_plan_kept(repo_builder: RepoBuilder, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(repo_builder)
    data = tmp_path / "small"
    with tiny_folder(data, "64k"):
        store = PlanStore(repo, data_dir=data)
        store.add("core.py", note="kept")
        with pytest.raises(PlanStoreError, match="is full; free some space"):
            for n in range(2000):
                store.add(f"f{n}.py", note="n" * 2000)
        assert PlanStore(repo, data_dir=data).load()[0].note == "kept"


def test_full_database_variant_without_a_mount(repo_builder: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's own "database or disk is full" (max_page_count reached) -- runs without root."""
    repo = _repo(repo_builder)
    PlanStore(repo).add("core.py", note="kept")
    connect = sqlite_guard.connect

    def small(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
        conn = connect(path, read_only=read_only)
        conn.execute("PRAGMA max_page_count = 4")
        return conn

    monkeypatch.setattr(sqlite_guard, "connect", small)
    with pytest.raises(PlanStoreError, match="is full"):
        PlanStore(repo).add("big.py", note="n" * 20_000)
    assert [i.note for i in PlanStore(repo).load()] == ["kept"]


def test_plan_file_round_trip_and_import(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    repo = _repo(repo_builder)
    result = scan(repo)
    store = PlanStore(repo)
    store.add("core.py", result, note="split", priority="high", effort="S")
    store.add("core.py", result, function="f", note="simplify")
    out = tmp_path / "plan.json"
    done = cli("plan", repo, "export", "--json", str(out))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["format"] == "debt-explorer-plan" and data["version"] == 1
    assert read_plan_file(str(out)) == store.load()
    # a colleague imports it into their own (here: another data folder's) plan, which already has one item
    other = tmp_path / "colleague"
    PlanStore(repo, data_dir=other).add("core.py", note="old note", priority="low")
    env_done = cli_with_data(other, "plan", repo, "import", str(out))
    assert env_done.returncode == 0, env_done.stderr
    assert "1 new, 1 replaced" in env_done.stderr
    assert {(i.function, i.note) for i in PlanStore(repo, data_dir=other).load()} == {(None, "split"),
                                                                                      ("f", "simplify")}


def cli_with_data(data: Path, *args: str):  # noqa: ANN201
    old = os.environ["DEBT_EXPLORER_DATA_DIR"]
    os.environ["DEBT_EXPLORER_DATA_DIR"] = str(data)
    try:
        return cli(*args)
    finally:
        os.environ["DEBT_EXPLORER_DATA_DIR"] = old


@pytest.mark.parametrize("content, message", [
    (b"\x00" * 10, "not JSON"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"format": "other"}', "not a plan file"),
    (b'{"format": "debt-explorer-plan", "version": 9, "items": []}', "version 9"),
    (b'{"format": "debt-explorer-plan", "version": 1, "items": [{"path": "a.py", "priority": "urgent"}]}',
     "item 1: a.py: priority must be one of"),
    (b'{"format": "debt-explorer-plan", "version": 1, "items": [{"path": "a.py", "added_at": true}]}',
     "added_at must be a Unix time"),
    (b'{"format": "debt-explorer-plan", "version": 1, "items": [{"path": "a.py"}, {"path": "a.py"}]}',
     "appears twice"),
])
def test_bad_plan_files_are_refused_whole(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(ScanError, match=message):
        read_plan_file(str(path))


def test_plan_file_size_is_capped(tmp_path: Path) -> None:
    with pytest.raises(ScanError, match="larger than 5 MB"):
        read_plan_file("/dev/zero")


def test_failed_import_changes_nothing(repo_builder: RepoBuilder, tmp_path: Path) -> None:
    repo = _repo(repo_builder)
    PlanStore(repo).add("core.py", note="kept")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "debt-explorer-plan", "version": 1, "items": [{"path": "x.py"}, {"path": 3}]}')
    done = cli("plan", repo, "import", str(bad))
    assert done.returncode == 2 and "item 2" in done.stderr and "nothing was imported" in done.stderr
    assert [i.note for i in PlanStore(repo).load()] == ["kept"]
    written = tmp_path / "w.json"
    with open(written, "w") as stream:
        write_plan_file([PlanItem("a.py")], stream, "/x/shop")
    assert json.loads(written.read_text())["repository"] == "shop"


def test_plans_in_a_file_an_older_version_set_aside_are_recovered(repo_builder: RepoBuilder,
                                                                  tmp_path: Path) -> None:
    """Older versions moved a merely locked cache aside and started empty: the plan is still in there."""
    repo = _repo(repo_builder)
    cache_dir = tmp_path / "cache"
    with Cache(cache_dir) as cache:
        cache.put_json(LEGACY_NAMESPACE, os.path.realpath(repo), [{"path": "core.py", "note": "rescued"}])
    (cache_dir / "cache.sqlite3").rename(cache_dir / "cache.sqlite3.corrupt-1700000000")
    (cache_dir / "cache.sqlite3.corrupt-1700000001").write_bytes(b"really broken" * 100)
    Cache(cache_dir).close()  # the fresh, empty cache the old version started
    store = PlanStore(repo, cache_dir=cache_dir)
    assert [i.note for i in store.load()] == ["rescued"]
    assert any("moved 1 plan(s) from" in w and "corrupt-1700000000" in w for w in store.warnings)
    assert any("set aside" in w and "corrupt-1700000001" in w and "left untouched" in w for w in store.warnings)
    assert (cache_dir / "cache.sqlite3.corrupt-1700000001").read_bytes() == b"really broken" * 100
    again = PlanStore(repo, cache_dir=cache_dir)  # copied once; the unreadable one is mentioned every time
    assert [w for w in again.warnings if "moved" in w] == [] and any("set aside" in w for w in again.warnings)
