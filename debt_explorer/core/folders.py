"""The folder tree of a scan with per-folder totals, built once and shown by the folder tree and the treemap.

``folder_tree(result)`` returns the root :class:`Folder` (path ``""``). Each folder holds its sub-folders and code
files in order of first appearance, and totals over every file below it: counts (files, SLOC, complexity, churn,
hotspots, AI-marked files) and SLOC-weighted means (hotspot score, AI share, fix ratio), where a file weighs
``max(sloc, 1)`` so an empty file still has an area. The tree is built in one pass and not changed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from debt_explorer.core.marks import hotspot_threshold, is_ai_marked, is_hotspot
from debt_explorer.core.models import FileRecord, ScanResult

__all__ = ["Folder", "build_folders", "folder_tree", "weight"]


def weight(record: FileRecord) -> float:
    """A file's weight in size-weighted means and its area in the treemap."""
    return float(max(record.sloc, 1))


@dataclass(eq=False, slots=True)
class Folder:
    name: str
    path: str
    children: list["Folder | FileRecord"] = field(default_factory=list)
    files: int = 0
    sloc: int = 0
    complexity: int = 0
    churn: int = 0
    hotspots: int = 0
    ai_marked: int = 0
    size: float = 0.0  # sum of the files' weights
    _hot: float = 0.0  # weighted sums; the means below divide them by size
    _ai: float = 0.0
    _fix: float = 0.0

    @property
    def folders(self) -> list["Folder"]:
        return [c for c in self.children if isinstance(c, Folder)]

    @property
    def hot(self) -> float:
        """Size-weighted mean hotspot score."""
        return self._hot / self.size if self.size else 0.0

    @property
    def ai(self) -> float:
        """Size share of AI-marked files."""
        return self._ai / self.size if self.size else 0.0

    @property
    def fix(self) -> float:
        """Size-weighted mean fix ratio."""
        return self._fix / self.size if self.size else 0.0

    def _add(self, record: FileRecord, hotspot: bool, ai: bool) -> None:
        size = weight(record)
        self.files += 1
        self.sloc += record.sloc
        self.complexity += record.complexity
        self.churn += record.churn
        self.hotspots += hotspot
        self.ai_marked += ai
        self.size += size
        self._hot += record.hotspot_score * size
        self._ai += size * ai
        self._fix += (record.fix_ratio or 0.0) * size


def build_folders(files: Iterable[FileRecord], threshold: float) -> Folder:
    root = Folder("", "")
    index: dict[str, Folder] = {"": root}
    for record in files:
        hotspot, ai = is_hotspot(record, threshold), is_ai_marked(record)
        root._add(record, hotspot, ai)
        parts = record.path.split("/")
        node = root
        for depth in range(len(parts) - 1):
            path = "/".join(parts[:depth + 1])
            child = index.get(path)
            if child is None:
                child = index[path] = Folder(parts[depth], path)
                node.children.append(child)
            child._add(record, hotspot, ai)
            node = child
        node.children.append(record)
    return root


def folder_tree(result: ScanResult) -> Folder:
    """The folder tree of ``result``'s code files, hotspots counted with the scan's own threshold."""
    return build_folders(result.files, hotspot_threshold(result))
