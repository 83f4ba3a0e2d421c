"""The folder tree of a scan with per-folder totals, built once and shown by the folder tree and the treemap.

``folder_tree(result)`` returns the root :class:`Folder` (path ``""``). Each folder holds its sub-folders and code
files in order of first appearance, and totals over every file below it: counts (files, SLOC, complexity, churn,
hotspots, AI-marked files) and SLOC-weighted means (hotspot score, AI share, fix ratio), where a file weighs
``max(sloc, 1)`` so an empty file still has an area. The tree is built in one pass and not changed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
    children: list[Folder | FileRecord] = field(default_factory=list)
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
    _loss: float = 0.0
    _age: float = 0.0
    #: truck factor of the folder (line provenance; None when it did not run) and the authors it counts
    truck_factor: int | None = None
    truck_authors: str = ""

    @property
    def folders(self) -> list[Folder]:
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

    @property
    def loss(self) -> float:
        """Size-weighted mean knowledge-loss share (line provenance)."""
        return self._loss / self.size if self.size else 0.0

    @property
    def age(self) -> float:
        """Size-weighted mean of the files' median line age, as a share of :data:`AGE_SCALE_DAYS` (capped at 1)."""
        return self._age / self.size if self.size else 0.0

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
        self._loss += knowledge_loss(record) * size
        self._age += line_age(record) * size


#: The line age that colours fully "old" on the treemap: five years.
AGE_SCALE_DAYS = 5 * 365


def knowledge_loss(record: FileRecord) -> float:
    """The file's knowledge-loss share (0 without line provenance)."""
    origins = record.line_origins
    return (origins.knowledge_loss_share or 0.0) if origins else 0.0


def line_age(record: FileRecord) -> float:
    """The file's median line age as a share of :data:`AGE_SCALE_DAYS`, capped at 1 (0 without line provenance)."""
    origins = record.line_origins
    return min(1.0, (origins.median_age_days or 0.0) / AGE_SCALE_DAYS) if origins else 0.0


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
    """The folder tree of ``result``'s code files, hotspots counted with the scan's own threshold, each folder
    with its truck factor when line provenance ran."""
    root = build_folders(result.files, hotspot_threshold(result))
    trucks = result.truck_factors
    if trucks:
        stack = [root]
        while stack:
            folder = stack.pop()
            truck = trucks.get(folder.path)
            if truck is not None:
                folder.truck_factor, folder.truck_authors = truck.truck_factor, ", ".join(truck.authors)
            stack.extend(folder.folders)
    return root
