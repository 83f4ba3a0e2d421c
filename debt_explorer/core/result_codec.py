"""A :class:`ScanResult` as JSON and back, exactly -- a data format that cannot run code when loaded.

The whole-result cache used to hold pickles, and loading a pickle can run any
program its author chose.  This codec writes the frozen dataclasses as plain
JSON (each dataclass as a list of its field values, in field order) and reads
them back guided by the type hints, so only the classes below can ever be
built, and only from numbers, text, lists and objects.

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
FORMAT_VERSION = 1



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


def _same(value: Any) -> Any:
    return value


@cache
def _encoder(hint: Any) -> Callable[[Any], Any]:
    """A function turning a value of type ``hint`` into JSON data (compiled once per type)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        if all(o in _PRIMITIVES for o in options):
            return _same
        inner = _encoder(options[0]) if len(options) == 1 else None
        if inner is None:
            raise CodecError(f"unsupported union {hint}")
        return lambda v: None if v is None else inner(v)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        parts = [(name, _encoder(sub)) for name, sub in _hints(hint)]
        plain = [name for name, coder in parts if coder is _same]
        if len(plain) == len(parts):
            getter = operator.attrgetter(*plain) if len(plain) > 1 else (lambda v: (getattr(v, plain[0]),))
            return lambda v: list(getter(v))
        return lambda v: [coder(getattr(v, name)) for name, coder in parts]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda v: v.value
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _encoder(args[0])
            return list if item is _same else (lambda v: [item(x) for x in v])
        coders = [_encoder(a) for a in args]
        return lambda v: [c(x) for c, x in zip(coders, v)]
    if origin in (dict, collections.abc.Mapping):
        item = _encoder(typing.get_args(hint)[1])
        return lambda v: {str(k): item(x) for k, x in v.items()}
    if hint is datetime.date:
        return lambda v: v.isoformat()
    if hint in _PRIMITIVES:
        return _same
    raise CodecError(f"unsupported type {hint}")


def _checked(kind: type) -> Callable[[Any], Any]:
    if kind is float:
        def number(value: Any) -> float:
            if type(value) is float:
                return value
            if type(value) is int:
                return float(value)
            raise CodecError("expected a number")
        return number

    def exact(value: Any) -> Any:
        if type(value) is not kind:
            raise CodecError(f"expected {kind.__name__}")
        return value
    return exact


@cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function building a value of type ``hint`` from JSON data, checking every type (compiled once)."""
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        raise CodecError("untyped field")
    if origin in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        coders = [_decoder(o) for o in options]
        optional = type(None) in typing.get_args(hint)

        def union(value: Any) -> Any:
            if value is None and optional:
                return None
            for coder in coders:
                try:
                    return coder(value)
                except (CodecError, TypeError, ValueError):
                    continue
            raise CodecError(f"no type of {hint} fits")
        return union
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        coders = [_decoder(sub) for _, sub in _hints(hint)]
        count, cls = len(coders), hint

        def build(value: Any) -> Any:
            if type(value) is not list or len(value) != count:
                raise CodecError(f"{cls.__name__}: expected {count} fields")
            return cls(*[coder(item) for coder, item in zip(coders, value)])
        return build
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def many(value: Any) -> tuple[Any, ...]:
                if type(value) is not list:
                    raise CodecError("expected a list")
                return tuple([item(x) for x in value])
            return many
        coders = [_decoder(a) for a in args]

        def fixed(value: Any) -> tuple[Any, ...]:
            if type(value) is not list or len(value) != len(coders):
                raise CodecError("tuple length")
            return tuple(c(x) for c, x in zip(coders, value))
        return fixed
    if origin in (dict, collections.abc.Mapping):
        key_hint, value_hint = typing.get_args(hint)
        if key_hint not in (str, int):
            raise CodecError("only text or whole-number keys")
        item = _decoder(value_hint)

        def key(text: str) -> str | int:  # JSON keys are text: whole numbers are read back as written
            if key_hint is str:
                return text
            if not text.lstrip("-").isdigit() or len(text) > 20:
                raise CodecError("expected a whole-number key")
            return int(text)

        def mapping(value: Any) -> dict[str | int, Any]:
            if type(value) is not dict:
                raise CodecError("expected an object")
            return {key(k): item(x) for k, x in value.items()}
        return mapping
    if hint is datetime.date:
        def day(value: Any) -> datetime.date:
            if type(value) is not str:
                raise CodecError("expected a date")
            return datetime.date.fromisoformat(value)
        return day
    if hint in _PRIMITIVES:
        return _checked(hint)
    raise CodecError(f"unsupported type {hint}")


def dumps(result: models.ScanResult) -> bytes:
    header = {"format": FORMAT, "version": FORMAT_VERSION, "layout": layout()}
    body = _encoder(models.ScanResult)(result)
    return json.dumps([header, body], separators=(",", ":"), ensure_ascii=True).encode("ascii")


def loads(data: bytes) -> models.ScanResult:
    """The result in ``data``; raises :class:`CodecError` for anything else."""
    try:
        header, body = json.loads(data)
    except (ValueError, TypeError, RecursionError) as exc:
        raise CodecError(f"not a result file: {exc}") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION \
            or header.get("layout") != json.loads(json.dumps(layout())):
        raise CodecError("written by another version")
    try:
        result: models.ScanResult = _decoder(models.ScanResult)(body)
        return result
    except (TypeError, ValueError, KeyError) as exc:
        raise CodecError(str(exc)) from None
