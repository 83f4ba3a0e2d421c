"""Persist line provenance at the scanned revision, so the next scan continues from it.

Layout, under ``<cache dir>/provenance/<key>/`` (the user's cache, never the
analysed repository): ``meta.json`` (format version, head, path tables) and
``arrays.npz`` (numpy arrays only, loaded with ``allow_pickle=False``; no
pickle anywhere).  Written to temporary names and renamed, so a reader sees a
whole old or a whole new state.  The key covers the repository path and what
the pass follows; the state is used only when its head is an ancestor of the
new one (a rewritten history starts over) and it holds every period snapshot
the new scan needs that is not new.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from debt_explorer.core.gitsafe import GitError, run_git
from debt_explorer.core.provenance.engine import ENGINE_VERSION
from debt_explorer.core.provenance.state import Provenance, State

FORMAT = f"{ENGINE_VERSION}/store-2"


def _folder(cache_dir: str, repo: str) -> Path:
    digest = hashlib.sha256(os.path.abspath(repo).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(cache_dir) / "provenance" / digest


class _Pool:
    """Origin arrays stored once however many states share them (states share every unchanged file's array)."""

    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []
        self._index: dict[int, int] = {}

    def pack(self, state: State) -> list[list[Any]]:
        rows = []
        for path in sorted(state):
            arr = state[path]
            index = self._index.get(id(arr))
            if index is None:
                index = self._index[id(arr)] = len(self.arrays)
                self.arrays.append(arr)
            rows.append([path, index])
        return rows

    def store(self, arrays: dict[str, np.ndarray]) -> None:
        arrays["pool_lines"] = (np.concatenate(self.arrays).astype(np.int32) if self.arrays
                                else np.zeros(0, dtype=np.int32))
        arrays["pool_sizes"] = np.array([len(a) for a in self.arrays], dtype=np.int64)


def _unpool(lines: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    if int(sizes.sum()) != len(lines):
        raise ValueError("damaged state")
    bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return [lines[bounds[i]:bounds[i + 1]] for i in range(len(sizes))]


def _unpack(rows: list[list[Any]], pool: list[np.ndarray]) -> State:
    return {str(path): pool[int(index)] for path, index in rows}


def save(cache_dir: str, repo: str, prov: Provenance, track_key: str = "") -> None:
    """Write ``prov`` (best effort: a full or read-only cache only costs the next scan time)."""
    folder = _folder(cache_dir, repo)
    arrays: dict[str, np.ndarray] = {
        "commits": np.array(prov.commits, dtype="S64"),
        "removed_by": prov.removed_by, "removed_path": prov.removed_path, "removed_origin": prov.removed_origin,
        "born_by": prov.born_by, "born_path": prov.born_path, "born_lines": prov.born_lines,
    }
    pool = _Pool()
    meta = {"format": FORMAT, "head": prov.head, "track": track_key, "paths": prov.paths,
            "final": pool.pack(prov.final),
            "snapshots": {sha: pool.pack(state) for sha, state in sorted(prov.snapshots.items())}}
    pool.store(arrays)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".npz.tmp")
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as allow_pickle
        meta["arrays"] = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()
        os.replace(temporary, folder / "arrays.npz")
        handle, temporary_meta = tempfile.mkstemp(dir=folder, suffix=".json.tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(meta, stream)  # ASCII escapes keep undecodable path bytes (surrogates) lossless
        os.replace(temporary_meta, folder / "meta.json")
    except OSError:
        return


def has_state(cache_dir: str, repo: str) -> bool:
    return (_folder(cache_dir, repo) / "meta.json").exists()


def load(cache_dir: str, repo: str, head: str, keep: Iterable[str], track_key: str = "") -> Provenance | None:
    """The persisted state if it can be continued to ``head``, else ``None``."""
    folder = _folder(cache_dir, repo)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("track") != track_key:
            return None
        raw = (folder / "arrays.npz").read_bytes()
        if hashlib.sha256(raw).hexdigest() != meta.get("arrays"):
            return None  # written by another scan in between, or damaged
        import io

        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        prov = Provenance(
            commits=[sha.decode() for sha in arrays["commits"].tolist()], paths=list(meta["paths"]),
            removed_by=arrays["removed_by"], removed_path=arrays["removed_path"],
            removed_origin=arrays["removed_origin"], born_by=arrays["born_by"], born_path=arrays["born_path"],
            born_lines=arrays["born_lines"], head=meta["head"])
        pool = _unpool(arrays["pool_lines"], arrays["pool_sizes"])
        prov.final = _unpack(meta["final"], pool)
        for sha, rows in meta["snapshots"].items():
            prov.snapshots[sha] = _unpack(rows, pool)
    except (OSError, ValueError, KeyError, TypeError, IndexError, json.JSONDecodeError):
        return None
    if prov.head != head and not _is_ancestor(repo, prov.head, head):
        return None
    for sha in keep:
        if sha not in prov.snapshots and sha != head and sha != prov.head and _is_ancestor(repo, sha, prov.head):
            return None  # a snapshot the old pass did not keep (another period plan): start over
    wanted = set(keep)
    prov.snapshots = {sha: state for sha, state in prov.snapshots.items() if sha in wanted}
    if prov.head in wanted:
        prov.snapshots[prov.head] = prov.final
    return prov


def _is_ancestor(repo: str, older: str, newer: str) -> bool:
    try:
        run_git(repo, ["merge-base", "--is-ancestor", older, newer])
        return True
    except GitError:
        return False


def blame_materializer(repo: str, track: Callable[[str], bool]) -> Callable[[str, str], list[str] | None]:
    """Origins of a file at a commit the pass has not seen (an incremental run's fork point), by git blame."""
    from debt_explorer.core.blame import parse_porcelain
    from debt_explorer.core.provenance.stream import PINNED_CONFIG

    config: list[str] = []
    for item in PINNED_CONFIG:
        config += ["-c", item]

    def materialize(sha: str, path: str) -> list[str] | None:
        if not track(path):
            return None
        try:
            out = run_git(repo, [*config, "blame", "--porcelain", "--no-textconv", sha, "--", path])
        except GitError:
            return None
        return [line.sha for line in parse_porcelain(out)]

    return materialize
