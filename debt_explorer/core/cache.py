"""SQLite cache: blob metrics by (blob SHA, analyzer version), history by commit SHA.

Git objects are content-addressed, so one cache file serves every repository:
a blob measured in one clone is never measured again in another.

* ``PRAGMA user_version`` stamps the schema.  An older schema is migrated by
  dropping the derived tables (everything here can be recomputed); a newer
  one is refused rather than damaged.
* A corrupt file is moved aside (``cache.sqlite3.corrupt-<time>``) and a
  fresh cache is started; the scan says so in its warnings.
* WAL mode; one :class:`Cache` (one connection) per thread.
* Writes happen in explicit transactions, so a cancelled scan leaves either a
  row or nothing, never half of one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from debt_explorer.core.models import BlobMetrics, Commit, FileChange, FunctionMetrics

SCHEMA_VERSION = 1
CACHE_FILE = "cache.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS blob_metrics (
    blob TEXT NOT NULL,
    analyzer TEXT NOT NULL,
    metrics TEXT NOT NULL,
    PRIMARY KEY (blob, analyzer)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commits (
    sha TEXT PRIMARY KEY,
    history_version TEXT NOT NULL,
    parents TEXT NOT NULL,
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL,
    author_date INTEGER NOT NULL,
    committer_name TEXT NOT NULL,
    committer_email TEXT NOT NULL,
    committer_date INTEGER NOT NULL,
    message TEXT NOT NULL,
    changes TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
"""


class CacheError(RuntimeError):
    """The cache cannot be used (for example, it was written by a newer Debt Explorer)."""


def default_cache_dir() -> str:
    """Where the cache lives unless ``--cache-dir`` says otherwise (platformdirs)."""
    env = os.environ.get("DEBT_EXPLORER_CACHE_DIR")
    if env:
        return env
    import platformdirs

    return platformdirs.user_cache_dir("debt-explorer", appauthor=False)


def _metrics_to_json(metrics: BlobMetrics) -> str:
    data = {
        "language": metrics.language, "loc": metrics.loc, "sloc": metrics.sloc,
        "comments": metrics.comments, "blank": metrics.blank,
        "complexity": metrics.complexity, "max_complexity": metrics.max_complexity,
        "functions": metrics.functions, "maintainability": metrics.maintainability,
        "parsed": metrics.parsed, "reason": metrics.reason,
        "cognitive": metrics.cognitive, "max_cognitive": metrics.max_cognitive,
        "fl": [[f.name, f.line, f.end_line, f.complexity, f.sloc, f.cognitive, f.nesting]
               for f in metrics.function_list],
    }
    return json.dumps(data, separators=(",", ":"))


def _metrics_from_json(text: str) -> BlobMetrics:
    data = json.loads(text)
    functions = tuple(FunctionMetrics(*row) for row in data.pop("fl"))
    return BlobMetrics(function_list=functions, **data)


def _change_rows(changes: Iterable[FileChange]) -> str:
    return json.dumps([[c.path, c.old_path, c.added, c.deleted, int(c.binary)] for c in changes],
                      separators=(",", ":"))


class Cache:
    """One connection to the cache database.  Not shared between threads."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory or default_cache_dir())
        self.path = self.directory / CACHE_FILE
        self.warnings: list[str] = []
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{CACHE_FILE}.corrupt-{int(time.time())}")
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(self.path) + suffix)
                if source.exists():
                    source.replace(Path(str(aside) + suffix))
            self.warnings.append(f"the cache at {self.path} was unreadable ({exc}); "
                                 f"it was moved to {aside.name} and a new one started")
            self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise CacheError(f"the cache at {self.path} was written by a newer Debt Explorer "
                                 f"(schema {version}); use --cache-dir or --no-cache")
            if version < SCHEMA_VERSION:
                conn.executescript("DROP TABLE IF EXISTS blob_metrics; DROP TABLE IF EXISTS commits;")
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("SELECT count(*) FROM kv").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- blob metrics ---------------------------------------------------
    def get_metrics(self, blobs: Iterable[str], analyzer: str) -> dict[str, BlobMetrics]:
        """Cached metrics for those blobs that have them."""
        return {blob: _metrics_from_json(text) for blob, text in
                self._in_chunks("SELECT blob, metrics FROM blob_metrics WHERE analyzer=? AND blob IN ({})",
                                analyzer, blobs)}

    def put_metrics(self, items: Iterable[tuple[str, BlobMetrics]], analyzer: str) -> None:
        rows = [(blob, analyzer, _metrics_to_json(m)) for blob, m in items]
        if not rows:
            return
        with self._transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO blob_metrics(blob, analyzer, metrics) VALUES (?,?,?)", rows)

    # -- history ----------------------------------------------------------
    def known_commits(self, shas: Iterable[str], history_version: str) -> set[str]:
        return {row[0] for row in self._in_chunks("SELECT sha FROM commits WHERE history_version=? AND sha IN ({})",
                                                  history_version, shas)}

    def get_commits(self, shas: Iterable[str], history_version: str
                    ) -> Iterator[tuple[Commit, list[FileChange]]]:
        query = ("SELECT sha, parents, author_name, author_email, author_date, committer_name, committer_email, "
                 "committer_date, message, changes FROM commits WHERE history_version=? AND sha IN ({})")
        for row in self._in_chunks(query, history_version, shas):
            sha = row[0]
            commit = Commit(sha, tuple(row[1].split()) if row[1] else (), row[2], row[3], row[4],
                            row[5], row[6], row[7], row[8])
            changes = [FileChange(sha, path, old, added, deleted, bool(binary))
                       for path, old, added, deleted, binary in json.loads(row[9])]
            yield commit, changes

    def _in_chunks(self, query: str, first: str, keys: Iterable[str]) -> Iterator[tuple]:
        """Run ``query`` (with one ``IN ({})`` list) over ``keys`` 500 at a time (SQLite's variable limit)."""
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start:start + 500]
            yield from self._conn.execute(query.format(",".join("?" * len(chunk))), [first, *chunk])

    def put_commits(self, items: Iterable[tuple[Commit, list[FileChange]]], history_version: str) -> None:
        rows = [(c.sha, history_version, " ".join(c.parents), c.author_name, c.author_email, c.author_date,
                 c.committer_name, c.committer_email, c.committer_date, c.message, _change_rows(ch))
                for c, ch in items]
        if not rows:
            return
        with self._transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO commits VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    # -- generic JSON store (blame, attribution, plans) ----------------------
    def get_json(self, namespace: str, key: str) -> Any | None:
        row = self._conn.execute("SELECT value FROM kv WHERE namespace=? AND key=?",
                                 (namespace, key)).fetchone()
        return json.loads(row[0]) if row else None

    def put_json(self, namespace: str, key: str, value: Any) -> None:
        with self._transaction():
            self._conn.execute("INSERT OR REPLACE INTO kv VALUES (?,?,?,?)",
                               (namespace, key, json.dumps(value, separators=(",", ":")), time.time()))

    def keys(self, namespace: str) -> list[str]:
        return [row[0] for row in self._conn.execute("SELECT key FROM kv WHERE namespace=?", (namespace,))]

    def _transaction(self) -> "_Tx":
        return _Tx(self._conn)


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
