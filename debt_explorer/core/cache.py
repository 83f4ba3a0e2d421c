"""SQLite cache: blob metrics by (blob SHA, analyzer version), history by commit SHA.

Git objects are content-addressed, so one cache file serves every repository:
a blob measured in one clone is never measured again in another.

* ``PRAGMA user_version`` stamps the schema.  An older schema is migrated by
  dropping the derived tables (everything here can be recomputed); a newer
  one is refused rather than damaged.
* Nothing here ever moves or deletes the file (older versions kept plans in
  it).  A damaged, locked or full cache is reported in one line
  (:mod:`debt_explorer.core.sqlite_guard`) and the scan runs without it; a
  read-only cache is read but not written.  A failure in the middle of a scan
  turns the cache off for the rest of the scan with a warning: the cache
  never makes a scan fail.
* WAL mode; one :class:`Cache` (one connection) per thread.
* Writes happen in explicit transactions, so a cancelled scan leaves either a
  row or nothing, never half of one.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from debt_explorer.core import sqlite_guard
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
    functions = tuple(FunctionMetrics(*row) for row in data.pop("fl", ()))
    return BlobMetrics(function_list=functions, **data)


@functools.cache
def _has_json1() -> bool:
    """Whether this SQLite has its JSON functions (built in since 3.38; optional before)."""
    try:
        sqlite3.connect(":memory:").execute("SELECT json_remove('{}', '$.a')").close()
    except sqlite3.Error:
        return False
    return True


def _change_rows(changes: Iterable[FileChange]) -> str:
    return json.dumps([[c.path, c.old_path, c.added, c.deleted, int(c.binary)] for c in changes],
                      separators=(",", ":"))


def json_safe(text: str) -> bool:
    """Whether ``text`` can go into the JSON store as it is: a path with undecodable bytes (kept as surrogate
    escapes) cannot be encoded as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _sql_text(text: str) -> str | bytes:
    """``text`` for SQLite: a string with undecodable bytes (surrogate escapes) is stored as its raw bytes."""
    return text if json_safe(text) else text.encode("utf-8", "surrogateescape")


def _text(value: str | bytes) -> str:
    """The inverse of :func:`_sql_text`."""
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


class Cache:
    """One connection to the cache database.  Not shared between threads.

    Raises :class:`CacheError` (one line saying what to do) when the cache cannot be opened at all.
    Afterwards every database failure is absorbed: reads return nothing, writes stop, and
    :attr:`warnings` says what happened.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory or default_cache_dir())
        self.path = self.directory / CACHE_FILE
        self.warnings: list[str] = []
        self.read_only = False
        self._reads_off = False
        self._writes_off = False
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise CacheError(f"the cache folder {self.directory} is a file; remove it or use --cache-dir") from None
        except OSError as exc:
            raise CacheError(f"cannot create the cache folder {self.directory} ({exc.strerror}); "
                             "use --cache-dir or --no-cache") from None
        if not self.directory.is_dir():
            raise CacheError(f"the cache folder {self.directory} is not a folder; remove it or use --cache-dir")
        self.read_only = not sqlite_guard.writable(self.path)
        if self.read_only and not self.path.exists():
            raise CacheError(f"the cache folder {self.directory} is not writable; fix its permissions or use "
                             "--cache-dir DIR (or --no-cache)")
        try:
            self._conn = self._open()
        except sqlite3.Error as exc:
            if sqlite_guard.classify(exc) is sqlite_guard.Problem.READ_ONLY and not self.read_only:
                self.read_only = True
                try:
                    self._conn = self._open()
                except sqlite3.Error as again:
                    raise CacheError(self._explain(again)) from None
            else:
                raise CacheError(self._explain(exc)) from None
        if self.read_only:
            self.warnings.append(f"the cache at {self.path} is read-only: it is read but nothing new is saved; "
                                 "fix its permissions or use --cache-dir")

    def _explain(self, exc: BaseException) -> str:
        if sqlite_guard.classify(exc) is sqlite_guard.Problem.CORRUPT:
            return (f"the cache at {self.path} is damaged ({exc}); it was left untouched -- delete it to start a "
                    "new cache, or use --cache-dir")
        return sqlite_guard.explain(exc, self.path, "the cache")

    def _open(self) -> sqlite3.Connection:
        conn = sqlite_guard.connect(self.path, read_only=self.read_only)
        try:
            if not self.read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CacheError(f"the cache at {self.path} was written by a newer Debt Explorer "
                                 f"(schema {version}); use --cache-dir or --no-cache")
            if version < SCHEMA_VERSION:
                if self.read_only:
                    raise CacheError(f"the cache at {self.path} is read-only and from an older version; "
                                     "fix its permissions or use --cache-dir")
                conn.executescript("DROP TABLE IF EXISTS blob_metrics; DROP TABLE IF EXISTS commits;")
            if not self.read_only and version < SCHEMA_VERSION:  # an up-to-date file is not written on open
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("SELECT count(*) FROM kv").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _failed(self, exc: sqlite3.Error, writing: bool) -> None:
        """Turn the cache (or its writes) off for the rest of this connection's life, and say so once."""
        problem = sqlite_guard.classify(exc)
        if writing and problem in (sqlite_guard.Problem.FULL, sqlite_guard.Problem.LOCKED,
                                   sqlite_guard.Problem.READ_ONLY):
            if not self._writes_off:
                self.warnings.append(self._explain(exc) + "; nothing more is saved in it during this scan")
            self._writes_off = True
            return
        if not self._reads_off:
            self.warnings.append(self._explain(exc) + "; the scan continues without it")
        self._reads_off = self._writes_off = True

    @property
    def usable(self) -> bool:
        return not self._reads_off

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- blob metrics ---------------------------------------------------
    def get_metrics(self, blobs: Iterable[str], analyzer: str, functions: bool = True) -> dict[str, BlobMetrics]:
        """Cached metrics for those blobs that have them (a row that does not decode is a miss).

        ``functions=False``: without the per-function list (``function_list`` empty), which SQLite strips before
        Python decodes the row -- 4x faster for the 10k blobs of sphinx's period snapshots, whose totals need no
        function list.
        """
        column = "metrics"
        if not functions and _has_json1():
            column = "CASE WHEN json_valid(metrics) THEN json_remove(metrics, '$.fl') END"
        rows = self._read_chunks(f"SELECT blob, {column} FROM blob_metrics WHERE analyzer=? AND blob IN ({{}})",
                                 analyzer, blobs)
        found = {}
        for blob, text in rows:
            try:
                metrics = _metrics_from_json(text)
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # damaged: measured again and overwritten
            found[blob] = metrics if functions else replace(metrics, function_list=())
        return found

    def put_metrics(self, items: Iterable[tuple[str, BlobMetrics]], analyzer: str) -> None:
        rows = [(blob, analyzer, _metrics_to_json(m)) for blob, m in items]
        if rows:
            self._write("INSERT OR REPLACE INTO blob_metrics(blob, analyzer, metrics) VALUES (?,?,?)", rows)

    # -- history ----------------------------------------------------------
    def known_commits(self, shas: Iterable[str], history_version: str) -> set[str]:
        return {row[0] for row in self._read_chunks("SELECT sha FROM commits WHERE history_version=? AND sha IN ({})",
                                                    history_version, shas)}

    def get_commits(self, shas: Iterable[str], history_version: str
                    ) -> Iterator[tuple[Commit, list[FileChange]]]:
        query = ("SELECT sha, parents, author_name, author_email, author_date, committer_name, committer_email, "
                 "committer_date, message, changes FROM commits WHERE history_version=? AND sha IN ({})")
        for row in self._read_chunks(query, history_version, shas):
            sha = row[0]
            commit = Commit(sha, tuple(row[1].split()) if row[1] else (), _text(row[2]), _text(row[3]), row[4],
                            _text(row[5]), _text(row[6]), row[7], _text(row[8]))
            changes = [FileChange(sha, path, old, added, deleted, bool(binary))
                       for path, old, added, deleted, binary in json.loads(row[9])]
            yield commit, changes

    def _read_chunks(self, query: str, first: str, keys: Iterable[str]) -> list[tuple[Any, ...]]:
        """Run ``query`` (with one ``IN ({})`` list) over ``keys`` 500 at a time (SQLite's variable limit).

        All rows or none: a failure part-way turns the cache off and returns nothing."""
        if self._reads_off:
            return []
        key_list = list(keys)
        rows: list[tuple[Any, ...]] = []
        try:
            for start in range(0, len(key_list), 500):
                chunk = key_list[start:start + 500]
                rows.extend(self._conn.execute(query.format(",".join("?" * len(chunk))), [first, *chunk]))
        except sqlite3.Error as exc:
            self._failed(exc, writing=False)
            return []
        return rows

    def _write(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        if self._writes_off or self.read_only:
            return
        try:
            with self._transaction():
                self._conn.executemany(statement, rows)
        except sqlite3.Error as exc:
            self._failed(exc, writing=True)

    def put_commits(self, items: Iterable[tuple[Commit, list[FileChange]]], history_version: str) -> None:
        rows = [(c.sha, history_version, " ".join(c.parents), _sql_text(c.author_name), _sql_text(c.author_email),
                 c.author_date, _sql_text(c.committer_name), _sql_text(c.committer_email), c.committer_date,
                 _sql_text(c.message), _change_rows(ch))
                for c, ch in items]
        if rows:
            self._write("INSERT OR REPLACE INTO commits VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    # -- generic JSON store (blame, attribution) -------------------------------
    def get_json(self, namespace: str, key: str) -> Any | None:
        rows = self._read_chunks("SELECT value FROM kv WHERE namespace=? AND key IN ({})", namespace, [key])
        return json.loads(rows[0][0]) if rows else None

    def put_json(self, namespace: str, key: str, value: Any) -> None:
        self._write("INSERT OR REPLACE INTO kv VALUES (?,?,?,?)",
                    [(namespace, key, json.dumps(value, separators=(",", ":")), time.time())])

    def get_json_many(self, namespace: str, keys: Iterable[str]) -> dict[str, Any]:
        """key -> value for those ``keys`` of ``namespace`` that are stored and read back as JSON (a damaged
        value is left out: a miss)."""
        found: dict[str, Any] = {}
        for key, text in self._read_chunks("SELECT key, value FROM kv WHERE namespace=? AND key IN ({})",
                                           namespace, keys):
            try:
                found[key] = json.loads(text)
            except (ValueError, TypeError):
                continue
        return found

    def put_json_many(self, namespace: str, items: Iterable[tuple[str, Any]]) -> None:
        now = time.time()
        rows = [(namespace, key, json.dumps(value, separators=(",", ":")), now) for key, value in items]
        if rows:
            self._write("INSERT OR REPLACE INTO kv VALUES (?,?,?,?)", rows)

    def keys(self, namespace: str) -> list[str]:
        if self._reads_off:
            return []
        try:
            return [row[0] for row in self._conn.execute("SELECT key FROM kv WHERE namespace=?", (namespace,))]
        except sqlite3.Error as exc:
            self._failed(exc, writing=False)
            return []

    def namespace_items(self, namespace: str) -> dict[str, Any]:
        """Every key and value of ``namespace``; raises :class:`CacheError` (never absorbs) -- used to migrate
        plans out of the cache, where "could not read" must not look like "nothing there"."""
        try:
            rows = self._conn.execute("SELECT key, value FROM kv WHERE namespace=?", (namespace,)).fetchall()
            return {key: json.loads(value) for key, value in rows}
        except sqlite3.Error as exc:
            raise CacheError(self._explain(exc)) from None
        except ValueError as exc:
            raise CacheError(f"the cache at {self.path} holds unreadable data in {namespace} ({exc})") from None

    def _transaction(self) -> _Tx:
        return _Tx(self._conn)


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
            self.conn.execute("ROLLBACK")
