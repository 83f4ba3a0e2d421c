"""Whole-result cache: a re-scan of an unchanged repository with the same options loads the last result.

The key covers everything a result depends on: the repository path, the
resolved revision, the commits in range (count, newest, oldest), AI notes refs,
the scan options that change results, and the versions of the analyzers, the
history reader, the attribution rules and Debt Explorer itself.  Results live
as pickles in ``<cache dir>/results/`` (the user's own cache, never the
analysed repository); a damaged file is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from dataclasses import fields
from pathlib import Path

from debt_explorer import __version__
from debt_explorer.core.models import ScanResult
from debt_explorer.core.options import ScanOptions

KEEP = 40
_IGNORED_OPTIONS = ("cache_dir", "use_cache", "jobs")


def result_key(repo: str, head: str, dated: list[tuple[str, int]], notes_state: str, options: ScanOptions,
               versions: tuple[str, ...]) -> str:
    settings = {k: v for k, v in options.to_json().items() if k not in _IGNORED_OPTIONS}
    shape = [f.name for f in fields(ScanResult)]  # a result pickled by an older layout is never loaded
    material = json.dumps([repo, head, len(dated), dated[0][0] if dated else "", dated[-1][0] if dated else "",
                           notes_state, settings, __version__, shape, *versions], sort_keys=True, default=str)
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def _folder(cache_dir: str | os.PathLike[str]) -> Path:
    return Path(cache_dir) / "results"


def load_result(cache_dir: str | os.PathLike[str], key: str) -> ScanResult | None:
    path = _folder(cache_dir) / f"{key}.pickle"
    try:
        with open(path, "rb") as stream:
            result = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign file is simply not a hit
        return None
    return result if isinstance(result, ScanResult) else None


def store_result(cache_dir: str | os.PathLike[str], key: str, result: ScanResult) -> None:
    folder = _folder(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{key}.pickle")
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    stored = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stored[KEEP:]:
        old.unlink(missing_ok=True)
