"""Whole-result cache: a re-scan of an unchanged repository with the same options loads the last result.

The key covers everything a result depends on: the repository path, the
resolved revision, the commits in range (count, newest, oldest), AI notes refs,
the scan options that change results, and the versions of the analyzers, the
history reader, the attribution rules and Debt Explorer itself.  Results live
as gzip-compressed JSON (:mod:`debt_explorer.core.result_codec`: a format that
cannot run code when read) in ``<cache dir>/results/`` (the user's own cache,
never the analysed repository); a damaged or foreign file is a cache miss and
is rewritten.  Pickles left by older versions are never loaded (and removed).
Problems with the folder (a file named ``results``, a full disk, no
permission) come back as one-line warnings; they never fail a scan.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import zlib
from pathlib import Path

from debt_explorer import __version__
from debt_explorer.core import result_codec
from debt_explorer.core.models import ScanResult
from debt_explorer.core.options import ScanOptions

KEEP = 40
_IGNORED_OPTIONS = ("cache_dir", "use_cache", "jobs")


def result_key(repo: str, head: str, history_state: str, notes_state: str, options: ScanOptions,
               versions: tuple[str, ...]) -> str:
    """The key of a result: the commit scanned fixes its whole history (commits are immutable, replace
    objects are off), save what ``history_state`` names (a shallow clone's boundary), the notes and the options
    (``since``/``until`` among them); so a warm scan needs no walk of the history to find its result."""
    settings = {k: v for k, v in options.to_json().items() if k not in _IGNORED_OPTIONS}
    shape = [result_codec.FORMAT_VERSION, result_codec.layout()]  # another layout is never loaded
    material = json.dumps([repo, head, history_state, notes_state, settings, __version__, shape, *versions],
                          sort_keys=True, default=str)
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def _folder(cache_dir: str | os.PathLike[str]) -> Path:
    return Path(cache_dir) / "results"


SUFFIX = ".json.gz"


def load_result(cache_dir: str | os.PathLike[str], key: str) -> ScanResult | None:
    """The stored result for ``key``, or ``None`` (missing, damaged, foreign or unreadable: all a miss)."""
    path = _folder(cache_dir) / f"{key}{SUFFIX}"
    try:
        return result_codec.loads(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, zlib.error, result_codec.CodecError):
        return None


def store_result(cache_dir: str | os.PathLike[str], key: str, result: ScanResult) -> str | None:
    """Store ``result``; returns a one-line warning when it could not be stored (the scan goes on)."""
    folder = _folder(cache_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return (f"the result cache {folder} is a file, not a folder: warm scans cannot be reused until "
                "you remove it")
    except OSError as exc:
        return f"cannot create the result cache {folder} ({exc.strerror}); warm scans cannot be reused"
    try:
        data = gzip.compress(result_codec.dumps(result), compresslevel=1, mtime=0)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError as exc:
        return f"cannot write in the result cache {folder} ({exc.strerror}); warm scans cannot be reused"
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / f"{key}{SUFFIX}")
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        import errno

        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"the disk holding the result cache {folder} is full: this result was not saved; free some space"
        return f"cannot write in the result cache {folder} ({exc.strerror}); this result was not saved"
    for old in folder.glob("*.pickle"):  # written by older versions; never loaded (pickles can run code)
        old.unlink(missing_ok=True)
    try:
        stored = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stored[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # pruning is housekeeping; the next store tries again
    return None
