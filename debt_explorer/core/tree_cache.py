"""Snapshot trees kept in the scan cache: a commit's tree never changes, so an incremental scan lists only the
snapshots it has not seen (sphinx: 71 period-end trees, 0.27 s of ``git ls-tree``; a +100-commit scan lists 1-2).

Keyed by commit (its id names its tree) under :data:`TREES_NAMESPACE`; what is stored is what
:class:`~debt_explorer.core.trees.TreeLister` gives for the commit: every regular file with its blob and size,
and the commit's symlink and gitlink paths.  A tree listed from a partial clone (sizes of blobs that may be
fetched later) is not stored.  An entry that does not read back in that shape is a miss, listed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from debt_explorer.core.cache import Cache, json_safe

#: Bump when what a tree entry holds changes (e.g. :func:`debt_explorer.core.trees.list_tree`'s rules).
TREES_NAMESPACE = "snapshot-trees-1"

Tree = dict[str, tuple[str, int]]


def _decode(value: Any) -> tuple[Tree, set[str]] | None:
    if not isinstance(value, dict) or set(value) != {"p", "b", "s", "x"}:
        return None
    paths, blobs, sizes, special = value["p"], value["b"], value["s"], value["x"]
    if not (isinstance(paths, list) and isinstance(blobs, list) and isinstance(sizes, list)
            and isinstance(special, list) and len(paths) == len(blobs) == len(sizes)):
        return None
    # type() of each, in C: a tree holds ~1,000 entries and a scan reads dozens of trees
    if not (set(map(type, paths)) <= {str} and set(map(type, blobs)) <= {str} and set(map(type, special)) <= {str}
            and set(map(type, sizes)) <= {int} and min(sizes, default=0) >= 0):  # type(True) is bool, not int
        return None
    return dict(zip(paths, zip(blobs, sizes))), set(special)


def load_trees(cache: Cache | None, commits: Iterable[str]) -> dict[str, tuple[Tree, set[str]]]:
    """commit -> (tree, symlink and gitlink paths) for the commits the cache holds."""
    if cache is None:
        return {}
    found = {}
    for sha, value in cache.get_json_many(TREES_NAMESPACE, commits).items():
        decoded = _decode(value)
        if decoded is not None:
            found[sha] = decoded
    return found


def save_trees(cache: Cache | None, listed: Mapping[str, tuple[Tree, set[str]]]) -> None:
    """Store freshly listed trees (not those with a missing blob or a path JSON cannot hold)."""
    if cache is None or cache.read_only:
        return
    rows = []
    for sha, (tree, special) in listed.items():
        paths = list(tree)
        if not all(map(json_safe, (*paths, *special))) or any(size < 0 for _, size in tree.values()):
            continue
        rows.append((sha, {"p": paths, "b": [tree[p][0] for p in paths], "s": [tree[p][1] for p in paths],
                           "x": sorted(special)}))
    if rows:
        cache.put_json_many(TREES_NAMESPACE, rows)
