"""List the files of a commit's tree, with blob sizes, without fetching anything (partial clones included)."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from debt_explorer.core.gitsafe import GitError, run_git

#: The size recorded for a blob the object database does not have (a partial clone's filtered blob).
MISSING_SIZE = -1


def list_tree(repo: str, commit: str, sizes: Mapping[str, int] | None = None,
              special: set[str] | None = None) -> dict[str, tuple[str, int]]:
    """path -> (blob sha, size) of every regular file in ``commit``'s tree (no symlinks, no submodules).

    With ``sizes`` (object name -> size of the blobs present), sizes come from
    there instead of ``ls-tree -l``, and a blob that is not present gets
    :data:`MISSING_SIZE`: that is how a partial clone, whose filtered blobs
    git will not fetch, is listed.  Paths of symlinks and gitlinks (submodules)
    are added to ``special`` when given: they are never code files.
    """
    args = ["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit]
    if sizes is None:
        args.insert(2, "-l")
    out = run_git(repo, args)
    tree: dict[str, tuple[str, int]] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) < 3 or parts[1] != b"blob" or parts[0] not in REGULAR_FILE_MODES:
            if special is not None and parts[:1] in ([b"120000"], [b"160000"]):
                special.add(path.decode("utf-8", "surrogateescape"))
            continue
        oid = parts[2].decode("ascii", "replace")
        if sizes is not None:
            size = sizes.get(oid, MISSING_SIZE)
        else:
            size = int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else 0
        tree[path.decode("utf-8", "surrogateescape")] = (oid, size)
    return tree


#: Tree entry modes of files with content (not symlinks 120000, not gitlinks 160000).
REGULAR_FILE_MODES = frozenset({b"100644", b"100755", b"100664"})


class TreeLister:
    """:func:`list_tree` for many commits of one repository (thread-safe).

    When ``ls-tree -l`` fails because blobs are missing (a partial clone:
    their sizes would have to be fetched), the trees are listed without sizes
    and the sizes of the blobs present are read once from the object database.
    """

    def __init__(self, repo: str) -> None:
        self.repo = repo
        self._sizes: dict[str, int] | None = None
        self._lock = threading.Lock()
        #: Paths that are a symlink or a gitlink in some listed tree.
        self.special: set[str] = set()
        #: The same, per listed commit (what the tree cache stores with the tree).
        self.special_of: dict[str, set[str]] = {}

    def __call__(self, commit: str) -> dict[str, tuple[str, int]]:
        special: set[str] = set()
        tree = None
        if self._sizes is None:
            try:
                tree = list_tree(self.repo, commit, special=special)
            except GitError:
                tree = None
        if tree is None:
            tree = list_tree(self.repo, commit, self.local_sizes(), special)
        with self._lock:
            self.special |= special
            self.special_of[commit] = special
        return tree

    def local_sizes(self) -> dict[str, int]:
        """Object name -> size of every blob present in the object database (fetches nothing)."""
        with self._lock:
            if self._sizes is None:
                out = run_git(self.repo, ["cat-file", "--batch-all-objects", "--unordered",
                                          "--batch-check=%(objectname) %(objecttype) %(objectsize)"])
                sizes: dict[str, int] = {}
                for line in out.decode("ascii", "replace").splitlines():
                    oid, kind, size = (line.split(" ") + ["", ""])[:3]
                    if kind == "blob" and size.isdigit():
                        sizes[oid] = int(size)
                self._sizes = sizes
            return self._sizes
