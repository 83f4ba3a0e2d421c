"""Where refactoring plans are kept: a small SQLite file in the user's *data* folder.

Plans are what a user typed; the cache may be deleted at any time, so plans
live apart from it, in ``platformdirs.user_data_dir("debt-explorer")/plans.sqlite3``
(``$DEBT_EXPLORER_DATA_DIR`` overrides the folder; tests set it).  Nothing
is ever written into an analysed repository.

* Every change is one ``BEGIN IMMEDIATE`` transaction (read, modify, write), so
  the window and the command line can edit the same plan without losing
  either's change.  A lock held by another process is waited for
  (:data:`sqlite_guard.BUSY_TIMEOUT`), then reported.
* A file or folder that cannot be written is read read-only; saving then says so.
* A damaged file is reported and left where it is -- never moved aside,
  never replaced by an empty plan.
* Plans kept by older versions in the cache database are copied here the
  first time a cache is seen (:func:`migrate_from_cache`); the cache's copy is
  left untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from debt_explorer.core import sqlite_guard
from debt_explorer.core.errors import ScanError

_T = TypeVar("_T")

DATA_FILE = "plans.sqlite3"
SCHEMA_VERSION = 1
LEGACY_NAMESPACE = "refactoring-plan-1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (repo TEXT PRIMARY KEY, items TEXT NOT NULL, updated REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


class PlanStoreError(ScanError):
    """The plan store cannot be read or written; the message says why and what to do."""


def default_data_dir() -> str:
    """Where plans live unless ``$DEBT_EXPLORER_DATA_DIR`` says otherwise (platformdirs' user data dir)."""
    env = os.environ.get("DEBT_EXPLORER_DATA_DIR")
    if env:
        return env
    import platformdirs

    return platformdirs.user_data_dir("debt-explorer", appauthor=False)


class PlanDatabase:
    """The plans file.  Opens a connection per operation (plans are small; nothing is held open)."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory or default_data_dir())
        self.path = self.directory / DATA_FILE

    # -- opening -----------------------------------------------------------------
    def _fail(self, exc: BaseException) -> PlanStoreError:
        return PlanStoreError(sqlite_guard.explain(exc, self.path, "the plan store"))

    def _connect(self, write: bool) -> sqlite3.Connection:
        if write or not self.path.exists():
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PlanStoreError(f"cannot create the plan folder {self.directory} ({exc.strerror}); "
                                     "set DEBT_EXPLORER_DATA_DIR to a folder you can write") from None
        read_only = not sqlite_guard.writable(self.path)
        if read_only and write:
            raise PlanStoreError(f"the plan store at {self.path} is read-only; nothing was changed -- fix its "
                                 "permissions (or set DEBT_EXPLORER_DATA_DIR) to save plans")
        if read_only and not self.path.exists():
            raise PlanStoreError(f"the plan folder {self.directory} is not writable; set DEBT_EXPLORER_DATA_DIR "
                                 "to a folder you can write")
        try:
            conn = sqlite_guard.connect(self.path, read_only=read_only)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise PlanStoreError(f"the plan store at {self.path} was written by a newer Debt Explorer "
                                     f"(schema {version}); update Debt Explorer to use it")
            if not read_only and version < SCHEMA_VERSION:
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            if version or not read_only:
                conn.execute("SELECT count(*) FROM plans").fetchone()  # reaches the pages: damage shows here
        except sqlite3.Error as exc:
            conn.close()
            raise self._fail(exc) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _run(self, write: bool, work: Callable[[sqlite3.Connection], _T]) -> _T:
        conn = self._connect(write)
        try:
            if write:
                conn.execute("BEGIN IMMEDIATE")
            try:
                value = work(conn)
            except BaseException:
                if write and conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                    conn.execute("ROLLBACK")
                raise
            if write:
                conn.execute("COMMIT")
            return value
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        finally:
            conn.close()

    # -- plans -------------------------------------------------------------------
    @staticmethod
    def _decode(repo: str, text: str) -> list[dict[str, Any]]:
        try:
            items = json.loads(text)
        except ValueError as exc:
            raise PlanStoreError(f"the saved plan for {repo} is unreadable ({exc}); it was left untouched") from None
        if not isinstance(items, list):
            raise PlanStoreError(f"the saved plan for {repo} is not a list; it was left untouched")
        return items

    def read(self, repo: str) -> list[dict[str, Any]] | None:
        """The items of ``repo``'s plan, or ``None`` when it never had one."""
        if not self.path.exists():
            return None

        def work(conn: sqlite3.Connection) -> list[dict[str, Any]] | None:
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                return None
            row = conn.execute("SELECT items FROM plans WHERE repo=?", (repo,)).fetchone()
            return None if row is None else self._decode(repo, row[0])

        return self._run(False, work)

    def update(self, repo: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """Read, change and write ``repo``'s plan in one transaction; returns the new items."""

        def work(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            row = conn.execute("SELECT items FROM plans WHERE repo=?", (repo,)).fetchone()
            items = change([] if row is None else self._decode(repo, row[0]))
            conn.execute("INSERT OR REPLACE INTO plans VALUES (?,?,?)",
                         (repo, json.dumps(items, separators=(",", ":")), time.time()))
            return items

        return self._run(True, work)

    def is_migrated(self, source: str) -> bool:
        if not self.path.exists():
            return False

        def done(conn: sqlite3.Connection) -> bool:
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                return False
            return conn.execute("SELECT 1 FROM meta WHERE key=?", (f"migrated:{source}",)).fetchone() is not None

        return self._run(False, done)

    def migrate(self, source: str, plans: dict[str, Any]) -> int:
        """Copy ``plans`` (repo -> items, read from ``source``) in; plans already here win.  Returns the count."""

        def work(conn: sqlite3.Connection) -> int:
            copied = 0
            for repo, items in plans.items():
                if isinstance(items, list) and items:
                    cursor = conn.execute("INSERT OR IGNORE INTO plans VALUES (?,?,?)",
                                          (repo, json.dumps(items, separators=(",", ":")), time.time()))
                    copied += cursor.rowcount
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?,?)",
                         (f"migrated:{source}", f"{copied} plan(s), {time.time():.0f}"))
            return copied

        return self._run(True, work)


def plans_in_file(path: Path) -> dict[str, Any]:
    """Plans (repo -> items) in an old cache database, read read-only -- for files an older version set aside
    (``cache.sqlite3.corrupt-<time>``), which were often healthy databases that had only been locked."""
    try:
        conn = sqlite_guard.connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise PlanStoreError(sqlite_guard.explain(exc, path, "the set-aside cache")) from None
    try:
        rows = conn.execute("SELECT key, value FROM kv WHERE namespace=?", (LEGACY_NAMESPACE,)).fetchall()
        return {key: json.loads(value) for key, value in rows}
    except sqlite3.Error as exc:
        raise PlanStoreError(sqlite_guard.explain(exc, path, "the set-aside cache")) from None
    except ValueError as exc:
        raise PlanStoreError(f"the set-aside cache at {path} holds unreadable plans ({exc})") from None
    finally:
        conn.close()
