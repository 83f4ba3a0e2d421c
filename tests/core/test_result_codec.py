"""Result cache format 2 (columns and a string table): exact round trip of every field, damaged or foreign data
refused (a cache miss, never a wrong result and never code run)."""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from gitrepo import RepoBuilder
from scanhelp import scan
from test_result_cache import _rich_history

from debt_explorer.core import result_codec
from debt_explorer.core.models import ScanResult
from debt_explorer.core.result_cache import load_result

FIELDS = [f.name for f in dataclasses.fields(ScanResult)]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    builder = RepoBuilder(tmp_path_factory.mktemp("codec") / "repo")
    _rich_history(builder)
    return scan(builder.path, since=None, use_cache=False)


def _same_shape(a: Any, b: Any, where: str) -> None:
    """Equal values of the same types all the way down (``==`` alone takes 1 for 1.0 and a list for a tuple)."""
    if isinstance(a, float):
        assert type(b) is float and a == b, where
    else:
        assert type(a) is type(b), f"{where}: {type(a).__name__} became {type(b).__name__}"
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _same_shape(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same_shape(x, y, f"{where}[{i}]")
    elif isinstance(a, Mapping):
        assert list(a) == list(b), where
        for k in a:
            _same_shape(k, next(key for key in b if key == k), f"{where} key {k!r}")
            _same_shape(a[k], b[k], f"{where}[{k!r}]")
    else:
        assert a == b, where


def test_every_field_of_a_real_result_round_trips_with_its_types(result: ScanResult) -> None:
    filled = [name for name in FIELDS if getattr(result, name) not in ((), {}, None)]
    assert set(FIELDS) - set(filled) <= {"skipped", "warnings"}  # the rest carry data here
    assert result.files[0].line_origins is not None and result.files[0].line_origins.owners
    again = result_codec.loads(result_codec.dumps(result))
    assert again == result
    for name in FIELDS:
        _same_shape(getattr(result, name), getattr(again, name), name)


def test_records_are_written_by_columns_and_text_once(result: ScanResult) -> None:
    header, strings, body = json.loads(result_codec.dumps(result))
    assert header["version"] == result_codec.FORMAT_VERSION == 2
    commits = body[FIELDS.index("commits")]
    count, columns = commits
    assert count == len(result.commits) and len(columns) == len(dataclasses.fields(type(result.commits[0])))
    shas = [strings[i - 1] for i in columns[0]]
    assert shas == [c.sha for c in result.commits]
    assert len(strings) == len(set(strings))  # each text once, however many records name it
    changes = body[FIELDS.index("changes")][1]
    assert {strings[i - 1] for i in changes[0]} <= set(shas)  # a change's SHA is the commit's text, by position


def test_empty_and_odd_values_round_trip(result: ScanResult) -> None:
    odd = dataclasses.replace(result, skipped=(), changes=(), functions={}, file_series={"\udce9.py": ()},
                              warnings=("caf\udce9", ""),
                              commits=(dataclasses.replace(result.commits[0], message="", parents=()),))
    again = result_codec.loads(result_codec.dumps(odd))
    assert again == odd
    _same_shape(odd.file_series, again.file_series, "file_series")


def _edited(result: ScanResult, edit: Callable[[list[Any], list[Any]], None]) -> bytes:
    header, strings, body = json.loads(result_codec.dumps(result))
    edit(strings, body)
    return json.dumps([header, strings, body]).encode()


def _commit_columns(body: list[Any]) -> list[Any]:
    return body[FIELDS.index("commits")][1]


def _set(column: int, value: Any) -> Callable[[list[Any], list[Any]], None]:
    def edit(strings: list[Any], body: list[Any]) -> None:
        _commit_columns(body)[column][0] = value
    return edit


DAMAGE = {
    "position past the table": _set(0, 10**6),
    "negative position": _set(0, -1),
    "None where text is required": _set(0, 0),
    "text instead of a position": _set(0, "abc"),
    "bool in a whole-number column": _set(4, True),
    "float in a whole-number column": _set(4, 1.5),
    "short column": lambda s, b: _commit_columns(b)[3].pop(),
    "missing column": lambda s, b: _commit_columns(b).pop(),
    "wrong count": lambda s, b: b[FIELDS.index("commits")].__setitem__(0, 10**9),
    "negative count": lambda s, b: b[FIELDS.index("changes")].__setitem__(0, -1),
    "number in the string table": lambda s, b: s.__setitem__(0, 7),
    "parents not a list": _set(1, 3),
    "group lengths do not add up": lambda s, b: b[FIELDS.index("file_series")][1].__setitem__(0, 99),
    "negative group length": lambda s, b: b[FIELDS.index("file_series")][1].__setitem__(0, -1),
    "repeated group key": lambda s, b: b[FIELDS.index("functions")][0].__setitem__(1, b[FIELDS.index("functions")][0][0]),
    "unknown enum value": lambda s, b: b[FIELDS.index("ai_commits")][1][1].__setitem__(0, "robot"),
    "a record for a column block": lambda s, b: b.__setitem__(FIELDS.index("changes"), {"a": 1}),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_damaged_columns_are_refused(result: ScanResult, name: str, tmp_path: Path) -> None:
    data = _edited(result, DAMAGE[name])
    with pytest.raises(result_codec.CodecError):
        result_codec.loads(data)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "k.json.gz").write_bytes(gzip.compress(data, mtime=0))
    assert load_result(tmp_path, "k") is None


def test_a_version_one_file_is_a_miss(result: ScanResult, tmp_path: Path) -> None:
    header, _strings, body = json.loads(result_codec.dumps(result))
    header["version"] = 1  # the layout before columns: [header, body]
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "k.json.gz").write_bytes(gzip.compress(json.dumps([header, body]).encode(), mtime=0))
    assert load_result(tmp_path, "k") is None


def test_loading_leaves_the_garbage_collector_as_it_was(result: ScanResult) -> None:
    import gc

    data = result_codec.dumps(result)
    assert gc.isenabled()
    result_codec.loads(data)
    assert gc.isenabled()
    with pytest.raises(result_codec.CodecError):
        result_codec.loads(b"garbage")
    assert gc.isenabled()
    gc.disable()
    try:
        result_codec.loads(data)
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
