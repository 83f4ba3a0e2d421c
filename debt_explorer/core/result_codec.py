"""A :class:`ScanResult` as JSON and back, exactly -- a data format that cannot run code when loaded.

The whole-result cache used to hold pickles, and loading a pickle can run any
program its author chose.  This codec writes the frozen dataclasses as plain
JSON and reads them back guided by the type hints, so only the classes below
can ever be built, and only from numbers, text, lists and objects.

* A dataclass on its own is a list of its field values, in field order.
* A tuple of dataclasses (the 22k commits and 66k file changes of a large
  history) is written by columns: ``[count, [column per field]]``, and a
  mapping of such tuples (``file_series``, ``functions``) as
  ``[keys, lengths, columns of all the items]``.  A column is checked in one
  pass over its value types and the objects are built by ``map(cls, *columns)``,
  which makes a warm scan of sphinx about twice as fast as one object per record.
* Text in those columns (paths, SHAs, names, messages) is written once, in the
  file's string table, and referred to by position (0 is ``None``); positions
  are checked against the table before use.
* ``FORMAT_VERSION`` and the classes' field names are part of the header: a
  file written by another layout is refused (a cache miss), never misread.
* Floats are written with ``repr`` precision, so values round-trip exactly;
  text is ASCII-escaped, so lone surrogates (undecodable bytes in paths) survive.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import enum
import gc
import itertools
import json
import operator
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from debt_explorer.core import models
from debt_explorer.core.options import ScanOptions

FORMAT = "debt-explorer-result"
FORMAT_VERSION = 2

#: encoding: text -> its position in the string table (from 1; 0 is None)
Table = dict[str, int]
#: decoding: the string table with ``None`` in front
Strings = list[Any]
Encoder = Callable[[Any, Table], Any]
Decoder = Callable[[Any, Strings], Any]
ColumnEncoder = Callable[[list[Any], Table], list[Any]]
ColumnDecoder = Callable[[Any, int, Strings], list[Any]]


class CodecError(ValueError):
    """The data is not a result this version wrote."""


@cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def layout() -> list[list[Any]]:
    """Field names of every class the codec writes (part of the file header and the cache key)."""
    classes = [c for c in vars(models).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == models.__name__]
    return sorted([c.__name__, [name for name, _ in _hints(c)]] for c in [*classes, ScanOptions])


_PRIMITIVES = (bool, int, float, str)


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _options(hint: Any) -> list[Any]:
    return [o for o in typing.get_args(hint) if o is not type(None)]


def _is_dataclass(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _records_of(hint: Any) -> type | None:
    """The dataclass of ``tuple[SomeDataclass, ...]``, else None (such tuples are written by columns)."""
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis and _is_dataclass(args[0]):
            return typing.cast(type, args[0])
    return None


def _is_text(hint: Any) -> bool:
    """``str`` or ``str | None``: written in the string table when in a column."""
    return hint is str or (_is_union(hint) and _options(hint) == [str])


def _is_texts(hint: Any) -> bool:
    return typing.get_origin(hint) is tuple and typing.get_args(hint) == (str, Ellipsis)


# --- writing ------------------------------------------------------------------------------------

def _same(value: Any, table: Table) -> Any:
    return value


@cache
def _encoder(hint: Any) -> Encoder:
    """A function turning a value of type ``hint`` into JSON data (compiled once per type)."""
    origin = typing.get_origin(hint)
    if _is_union(hint):
        options = _options(hint)
        if all(o in _PRIMITIVES for o in options):
            return _same
        inner = _encoder(options[0]) if len(options) == 1 else None
        if inner is None:
            raise CodecError(f"unsupported union {hint}")
        return lambda v, t: None if v is None else inner(v, t)
    if _is_dataclass(hint):
        parts = [(name, _encoder(sub)) for name, sub in _hints(hint)]
        return lambda v, t: [coder(getattr(v, name), t) for name, coder in parts]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda v, t: v.value
    records = _records_of(hint)
    if records is not None:
        return _block_encoder(records)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _encoder(args[0])
            return (lambda v, t: list(v)) if item is _same else (lambda v, t: [item(x, t) for x in v])
        coders = [_encoder(a) for a in args]
        return lambda v, t: [c(x, t) for c, x in zip(coders, v)]
    if origin in (dict, collections.abc.Mapping):
        value_hint = typing.get_args(hint)[1]
        records = _records_of(value_hint)
        if records is not None:
            block = _block_encoder(records)

            def grouped(v: Any, t: Table) -> Any:
                return [[str(k) for k in v], [len(x) for x in v.values()],
                        block(list(itertools.chain.from_iterable(v.values())), t)]
            return grouped
        item = _encoder(value_hint)
        return lambda v, t: {str(k): item(x, t) for k, x in v.items()}
    if hint is datetime.date:
        return lambda v, t: v.isoformat()
    if hint in _PRIMITIVES:
        return _same
    raise CodecError(f"unsupported type {hint}")


def _column_encoder(hint: Any) -> ColumnEncoder:
    if hint is str:
        return lambda column, t: [t.setdefault(x, len(t) + 1) for x in column]
    if _is_text(hint):
        return lambda column, t: [0 if x is None else t.setdefault(x, len(t) + 1) for x in column]
    if _is_texts(hint):
        return lambda column, t: [[t.setdefault(x, len(t) + 1) for x in item] for item in column]
    item = _encoder(hint)
    if item is _same:
        return lambda column, t: column
    return lambda column, t: [item(x, t) for x in column]


@cache
def _block_encoder(cls: type) -> Encoder:
    """Records of ``cls`` as ``[count, [one column per field]]``."""
    names = [name for name, _ in _hints(cls)]
    coders = [_column_encoder(sub) for _, sub in _hints(cls)]
    getter = operator.attrgetter(*names) if len(names) > 1 else (lambda v: (getattr(v, names[0]),))

    def block(values: Any, t: Table) -> Any:
        rows = list(map(getter, values))
        columns = list(zip(*rows)) if rows else [() for _ in names]
        return [len(rows), [coder(list(column), t) for coder, column in zip(coders, columns)]]
    return block


# --- reading ------------------------------------------------------------------------------------

def _checked(kind: type) -> Decoder:
    if kind is float:
        def number(value: Any, s: Strings) -> float:
            if type(value) is float:
                return value
            if type(value) is int:
                return float(value)
            raise CodecError("expected a number")
        return number

    def exact(value: Any, s: Strings) -> Any:
        if type(value) is not kind:
            raise CodecError(f"expected {kind.__name__}")
        return value
    return exact


@cache
def _decoder(hint: Any) -> Decoder:
    """A function building a value of type ``hint`` from JSON data, checking every type (compiled once)."""
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        raise CodecError("untyped field")
    if _is_union(hint):
        coders = [_decoder(o) for o in _options(hint)]
        optional = type(None) in typing.get_args(hint)

        def union(value: Any, s: Strings) -> Any:
            if value is None and optional:
                return None
            for coder in coders:
                try:
                    return coder(value, s)
                except (CodecError, TypeError, ValueError):
                    continue
            raise CodecError(f"no type of {hint} fits")
        return union
    if _is_dataclass(hint):
        coders = [_decoder(sub) for _, sub in _hints(hint)]
        count, cls = len(coders), hint

        def build(value: Any, s: Strings) -> Any:
            if type(value) is not list or len(value) != count:
                raise CodecError(f"{cls.__name__}: expected {count} fields")
            return cls(*[coder(item, s) for coder, item in zip(coders, value)])
        return build
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda value, s: hint(value)
    records = _records_of(hint)
    if records is not None:
        block = _block_decoder(records)
        return lambda value, s: tuple(block(value, s))
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def many(value: Any, s: Strings) -> tuple[Any, ...]:
                if type(value) is not list:
                    raise CodecError("expected a list")
                return tuple([item(x, s) for x in value])
            return many
        coders = [_decoder(a) for a in args]

        def fixed(value: Any, s: Strings) -> tuple[Any, ...]:
            if type(value) is not list or len(value) != len(coders):
                raise CodecError("tuple length")
            return tuple(c(x, s) for c, x in zip(coders, value))
        return fixed
    if origin in (dict, collections.abc.Mapping):
        return _mapping_decoder(*typing.get_args(hint))
    if hint is datetime.date:
        def day(value: Any, s: Strings) -> datetime.date:
            if type(value) is not str:
                raise CodecError("expected a date")
            return datetime.date.fromisoformat(value)
        return day
    if hint in _PRIMITIVES:
        return _checked(hint)
    raise CodecError(f"unsupported type {hint}")


def _mapping_decoder(key_hint: Any, value_hint: Any) -> Decoder:
    if key_hint not in (str, int):
        raise CodecError("only text or whole-number keys")

    def key(text: Any) -> str | int:  # JSON keys are text: whole numbers are read back as written
        if type(text) is not str:
            raise CodecError("expected a text key")
        if key_hint is str:
            return text
        if not text.lstrip("-").isdigit() or len(text) > 20:
            raise CodecError("expected a whole-number key")
        return int(text)

    records = _records_of(value_hint)
    if records is not None:
        block = _block_decoder(records)

        def grouped(value: Any, s: Strings) -> dict[str | int, Any]:
            if type(value) is not list or len(value) != 3:
                raise CodecError("expected keys, lengths and records")
            keys, lengths, items = value
            if type(keys) is not list or type(lengths) is not list or len(keys) != len(lengths):
                raise CodecError("keys and lengths differ")
            built = block(items, s)
            if not set(map(type, lengths)) <= {int} or (lengths and min(lengths) < 0) \
                    or sum(lengths) != len(built):
                raise CodecError("bad group lengths")
            out: dict[str | int, Any] = {}
            start = 0
            for k, length in zip(keys, lengths):
                out[key(k)] = tuple(built[start:start + length])
                start += length
            if len(out) != len(keys):
                raise CodecError("repeated key")
            return out
        return grouped
    item = _decoder(value_hint)

    def mapping(value: Any, s: Strings) -> dict[str | int, Any]:
        if type(value) is not dict:
            raise CodecError("expected an object")
        return {key(k): item(x, s) for k, x in value.items()}
    return mapping


def _positions(column: list[Any], s: Strings, lowest: int) -> list[Any]:
    """Table positions checked in one pass: whole numbers from ``lowest`` (1: no None) to the table's end."""
    if not set(map(type, column)) <= {int} or (column and (min(column) < lowest or max(column) >= len(s))):
        raise CodecError("bad text position")
    return list(map(s.__getitem__, column))


def _column_decoder(hint: Any) -> ColumnDecoder:
    """A function checking and building one column of ``count`` values of type ``hint``."""
    def shaped(column: Any, count: int) -> None:
        if type(column) is not list or len(column) != count:
            raise CodecError("bad column")

    if _is_text(hint):
        lowest = 1 if hint is str else 0

        def texts(column: Any, count: int, s: Strings) -> list[Any]:
            shaped(column, count)
            return _positions(column, s, lowest)
        return texts
    if _is_texts(hint):
        def text_tuples(column: Any, count: int, s: Strings) -> list[Any]:
            shaped(column, count)
            if not set(map(type, column)) <= {list}:
                raise CodecError("expected lists")
            _positions(list(itertools.chain.from_iterable(column)), s, 1)
            get = s.__getitem__
            return [tuple(map(get, item)) for item in column]
        return text_tuples
    kinds = _options(hint) if _is_union(hint) else [hint]
    if all(kind in _PRIMITIVES for kind in kinds):
        allowed = set(kinds) | ({type(None)} if _is_union(hint) and type(None) in typing.get_args(hint) else set())
        widen = float in kinds and int not in kinds  # a float written as a whole number reads back as float
        if widen:
            allowed.add(int)

        def plain(column: Any, count: int, s: Strings) -> list[Any]:
            shaped(column, count)
            found = set(map(type, column))
            if not found <= allowed:
                raise CodecError(f"expected {hint}")
            if widen and int in found:
                return [float(x) if type(x) is int else x for x in column]
            return typing.cast(list[Any], column)
        return plain
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        def members(column: Any, count: int, s: Strings) -> list[Any]:
            shaped(column, count)
            return list(map(hint, column))
        return members
    item = _decoder(hint)

    def each(column: Any, count: int, s: Strings) -> list[Any]:
        shaped(column, count)
        return [item(x, s) for x in column]
    return each


@cache
def _block_decoder(cls: type) -> Callable[[Any, Strings], list[Any]]:
    coders = [_column_decoder(sub) for _, sub in _hints(cls)]

    def block(value: Any, s: Strings) -> list[Any]:
        if type(value) is not list or len(value) != 2:
            raise CodecError(f"{cls.__name__}: expected a count and columns")
        count, columns = value
        if type(count) is not int or count < 0 or type(columns) is not list or len(columns) != len(coders):
            raise CodecError(f"{cls.__name__}: expected {len(coders)} columns")
        return list(map(cls, *[coder(column, count, s) for coder, column in zip(coders, columns)]))
    return block


def dumps(result: models.ScanResult) -> bytes:
    header = {"format": FORMAT, "version": FORMAT_VERSION, "layout": layout()}
    table: Table = {}
    body = _encoder(models.ScanResult)(result, table)
    return json.dumps([header, list(table), body], separators=(",", ":"), ensure_ascii=True).encode("ascii")


def loads(data: bytes) -> models.ScanResult:
    """The result in ``data``; raises :class:`CodecError` for anything else."""
    collecting = gc.isenabled()
    gc.disable()  # ~150k new lists and objects, none in a cycle: the collector's passes would cost 40 % of a load
    try:
        return _loads(data)
    finally:
        if collecting:
            gc.enable()


def _loads(data: bytes) -> models.ScanResult:
    try:
        header, strings, body = json.loads(data)
    except (ValueError, TypeError, RecursionError) as exc:
        raise CodecError(f"not a result file: {exc}") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION \
            or header.get("layout") != json.loads(json.dumps(layout())):
        raise CodecError("written by another version")
    if type(strings) is not list or not set(map(type, strings)) <= {str}:
        raise CodecError("bad string table")
    try:
        result: models.ScanResult = _decoder(models.ScanResult)(body, [None, *strings])
        return result
    except (TypeError, ValueError, KeyError, IndexError, RecursionError) as exc:
        raise CodecError(str(exc)) from None
