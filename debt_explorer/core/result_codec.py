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

import dataclasses
import datetime
import enum
import json
import types
import typing
from functools import lru_cache
from typing import Any, Mapping

from debt_explorer.core import models
from debt_explorer.core.options import ScanOptions

FORMAT = "debt-explorer-result"
FORMAT_VERSION = 1

#: Fields whose annotation is looser than what they hold.
_OVERRIDES = {(models.ScanResult, "options"): ScanOptions}


class CodecError(ValueError):
    """The data is not a result this version wrote."""


@lru_cache(maxsize=None)
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _OVERRIDES.get((cls, f.name), hints[f.name])) for f in dataclasses.fields(cls))


def layout() -> list:
    """Field names of every class the codec writes (part of the file header and the cache key)."""
    classes = [c for c in vars(models).values() if dataclasses.is_dataclass(c) and isinstance(c, type)]
    return sorted([c.__name__, [name for name, _ in _hints(c)]] for c in [*classes, ScanOptions])


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise CodecError(f"cannot encode {type(value).__name__}")


def _decode(value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        raise CodecError("untyped field")
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _decode(value, option)
            except (CodecError, TypeError, ValueError) as exc:
                errors.append(exc)
        raise CodecError(f"no type of {hint} fits: {errors}")
    if dataclasses.is_dataclass(hint):
        fields = _hints(hint)
        if not isinstance(value, list) or len(value) != len(fields):
            raise CodecError(f"{hint.__name__}: expected {len(fields)} fields")
        return hint(**{name: _decode(item, sub) for (name, sub), item in zip(fields, value)})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, list):
            raise CodecError("expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0]) for v in value)
        if len(args) != len(value):
            raise CodecError("tuple length")
        return tuple(_decode(v, a) for v, a in zip(value, args))
    if origin in (dict, Mapping, typing.Mapping, __import__("collections.abc").abc.Mapping):
        key_hint, value_hint = typing.get_args(hint)
        if not isinstance(value, dict) or key_hint is not str:
            raise CodecError("expected an object")
        return {k: _decode(v, value_hint) for k, v in value.items()}
    if hint is datetime.date:
        if not isinstance(value, str):
            raise CodecError("expected a date")
        return datetime.date.fromisoformat(value)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CodecError("expected a number")
        return float(value)
    if hint in (bool, int, str):
        if type(value) is not hint:
            raise CodecError(f"expected {hint.__name__}")
        return value
    raise CodecError(f"unsupported type {hint}")


def dumps(result: models.ScanResult) -> bytes:
    header = {"format": FORMAT, "version": FORMAT_VERSION, "layout": layout()}
    return json.dumps([header, _encode(result)], separators=(",", ":"), ensure_ascii=True).encode("ascii")


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
        return _decode(body, models.ScanResult)
    except (TypeError, ValueError, KeyError) as exc:
        raise CodecError(str(exc)) from None
