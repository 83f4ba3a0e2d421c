"""Python files' chunks kept between scans, by path: what a scan measured at the ref seeds the next version.

An incremental scan measures the new versions of changed Python files in fresh workers whose chunk memo
(:mod:`debt_explorer.core.pychunks`) is empty, though most of a new version's top-level functions and methods
are those of the version the last scan measured.  The ref's pass keeps each Python file's chunks (compressed
``marshal`` bytes, ~0.5 MB for sphinx's 770 files) under its path; the next scan sends them with the file's new
version to the worker, which then measures only what changed.  Keyed by path under a namespace holding the
analyzer version, so any change to how chunks are measured starts afresh; bytes that do not decode are a miss
(the file is measured from scratch), never an error.  A partial clone's path that JSON cannot hold is skipped.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable

from debt_explorer.core.cache import Cache, json_safe
from debt_explorer.core.metrics import ANALYZER_VERSION


def _namespace() -> str:
    return f"py-chunks-1-{ANALYZER_VERSION}"


class PythonChunks:
    """The seeds for the Python blobs a pass measures (blob -> bytes), and the chunks to keep after it."""

    def __init__(self, cache: Cache | None, items: Iterable[tuple[str, str]]) -> None:
        self.cache = cache
        self.paths = {blob: path for blob, path in items if json_safe(path)}
        self.wanted = frozenset(self.paths) if cache is not None and not cache.read_only else frozenset()
        self.seeds: dict[str, bytes] = {}
        self._fresh: dict[str, bytes] = {}
        if cache is None or not self.paths:
            return
        stored = cache.get_json_many(_namespace(), set(self.paths.values()))
        for blob, path in self.paths.items():
            value = stored.get(path)
            if isinstance(value, str):
                try:
                    self.seeds[blob] = base64.b64decode(value.encode("ascii"), validate=True)
                except (binascii.Error, UnicodeEncodeError):
                    continue  # damaged: measured from scratch, overwritten below

    def add(self, blob: str, chunks: bytes) -> None:
        path = self.paths.get(blob)
        if path is not None:
            self._fresh[path] = chunks

    def save(self) -> None:
        if self.cache is not None and self._fresh:
            self.cache.put_json_many(_namespace(), [(path, base64.b64encode(data).decode("ascii"))
                                                    for path, data in sorted(self._fresh.items())])
            self._fresh = {}
