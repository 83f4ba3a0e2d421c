"""A squarified treemap of folders and files, sized by SLOC, coloured by hotspot score or AI share.

Click a file to select it, double-click a folder to zoom in, right-click (or the
"Up" button of the map view) to zoom out.  The layout is computed once per
size and zoom level, so repaints stay cheap with 20,000 files.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from debt_explorer.core.authorship import NO_DATA, OTHERS, AuthorKey, folder_main_authors, main_author, map_author_key
from debt_explorer.core.folders import (
    AGE_SCALE_DAYS,
    Folder,
    build_folders,
    folder_tree,
    knowledge_loss,
    line_age,
    weight,
)
from debt_explorer.core.marks import hotspot_threshold, is_ai_marked
from debt_explorer.core.models import FileRecord, ScanResult
from debt_explorer.ui.theme import AUTHOR_COLOURS, NO_DATA_COLOUR, OTHERS_COLOUR


@dataclass
class Node:
    name: str
    path: str
    size: float = 0.0
    record: FileRecord | None = None
    children: list[Node] = field(default_factory=list)
    hot: float = 0.0  # size-weighted hotspot score
    ai: float = 0.0  # size share of AI-marked files
    fix: float = 0.0  # size-weighted fix ratio (bug-fix commits / window revisions)
    loss: float = 0.0  # size-weighted knowledge-loss share (line provenance)
    age: float = 0.0  # size-weighted median line age, as a share of five years (capped at 1)
    author: str | None = None  # main author (a folder's: by lines, core/authorship.py); None: no data


def build_tree(files: tuple[FileRecord, ...], threshold: float | None = None) -> Node:
    """The treemap's nodes over core.folders' tree (sizes and weighted means are computed there)."""
    return tree_nodes(build_folders(files, hotspot_threshold() if threshold is None else threshold))


def tree_nodes(folder: Folder, authors: dict[str, str | None] | None = None) -> Node:
    """Nodes of ``folder``'s tree; ``authors`` names each folder's main author (core.authorship)."""
    authors = {} if authors is None else authors
    children = [tree_nodes(child, authors) if isinstance(child, Folder) else
                Node(child.path.rsplit("/", 1)[-1], child.path, weight(child), child, hot=child.hotspot_score,
                     ai=float(is_ai_marked(child)), fix=child.fix_ratio or 0.0, loss=knowledge_loss(child),
                     age=line_age(child), author=main_author(child))
                for child in folder.children]
    return Node(folder.name, folder.path, folder.size, children=children, hot=folder.hot, ai=folder.ai,
                fix=folder.fix, loss=folder.loss, age=folder.age, author=authors.get(folder.path))


def author_colour(key: AuthorKey, author: str | None) -> QColor:
    """The colour of ``author`` under ``key``: its own for a top author, grey for others, dark grey for no data."""
    slot = key.slot(author)
    return QColor(NO_DATA_COLOUR if slot is None else OTHERS_COLOUR if slot < 0 else AUTHOR_COLOURS[slot])


def squarify(sizes: list[float], rect: QRectF) -> list[QRectF]:
    """Bruls et al.'s squarified layout: rectangles with areas proportional to ``sizes`` (sorted descending)."""
    total = sum(sizes)
    if total <= 0 or rect.width() <= 0 or rect.height() <= 0:
        return [QRectF() for _ in sizes]
    scale = rect.width() * rect.height() / total
    areas = [s * scale for s in sizes]
    out: list[QRectF] = []
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    index = 0
    while index < len(areas):
        short = min(w, h)
        row = [areas[index]]
        index += 1

        def worst(row_: list[float], short: float = short) -> float:  # bound now: called inside this iteration
            total_ = sum(row_)
            return max(max(short * short * r / (total_ * total_), total_ * total_ / (short * short * r)) for r in row_)

        while index < len(areas) and worst(row + [areas[index]]) <= worst(row):
            row.append(areas[index])
            index += 1
        thickness = sum(row) / short if short else 0
        offset = 0.0
        for area in row:
            length = area / thickness if thickness else 0
            if w >= h:
                out.append(QRectF(x, y + offset, thickness, length))
            else:
                out.append(QRectF(x + offset, y, length, thickness))
            offset += length
        if w >= h:
            x += thickness
            w -= thickness
        else:
            y += thickness
            h -= thickness
    return out


def heat(value: float) -> QColor:
    """0 -> calm blue-grey, 1 -> hot red."""
    value = max(0.0, min(1.0, value))
    calm, hot = QColor("#6c8ea4"), QColor("#d1495b")
    return QColor(int(calm.red() + (hot.red() - calm.red()) * value),
                  int(calm.green() + (hot.green() - calm.green()) * value),
                  int(calm.blue() + (hot.blue() - calm.blue()) * value))


class TreemapWidget(QWidget):
    fileClicked = Signal(str)
    zoomChanged = Signal(str)
    colourByChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(300, 200)
        self.colour_by = "hotspot"
        self.root: Node | None = None
        self.zoom: Node | None = None
        self.selected: str | None = None
        self._cells: list[tuple[QRectF, Node, int]] = []
        self._layout_key: tuple | None = None
        self.author_key = AuthorKey((), 0)

    def set_result(self, result: ScanResult | None) -> None:
        self.root = None
        self.author_key = AuthorKey((), 0)
        if result is not None:
            folders = folder_tree(result)
            authors, totals = folder_main_authors(folders)
            self.author_key = map_author_key(result.files, totals)
            self.root = tree_nodes(folders, authors)
        self.zoom = self.root
        self._layout_key = None
        self.update()
        self.zoomChanged.emit("")

    def set_colour_by(self, what: str) -> None:
        self.colour_by = what
        self.colourByChanged.emit(what)
        self.update()

    def select(self, path: str | None) -> None:
        self.selected = path
        self.update()

    def zoom_out(self) -> None:
        if self.root is None or self.zoom is None or self.zoom is self.root:
            return
        parent_path = self.zoom.path.rsplit("/", 1)[0] if "/" in self.zoom.path else ""
        self.zoom = self._find(self.root, parent_path) or self.root
        self._layout_key = None
        self.update()
        self.zoomChanged.emit(self.zoom.path)

    def _find(self, node: Node, path: str) -> Node | None:
        if node.path == path and node.record is None:
            return node
        for child in node.children:
            if child.record is None and (path == child.path or path.startswith(child.path + "/")):
                return self._find(child, path)
        return None

    def cells(self) -> list[tuple[QRectF, Node, int]]:
        key = (self.width(), self.height(), id(self.zoom))
        if key != self._layout_key:
            self._cells = []
            if self.zoom is not None:
                self._layout(self.zoom, QRectF(self.rect()).adjusted(1, 1, -1, -1), 0)
            self._layout_key = key
        return self._cells

    def _layout(self, node: Node, rect: QRectF, depth: int) -> None:
        children = [c for c in node.children if c.size > 0]
        for child, cell in zip(children, squarify([c.size for c in children], rect)):
            self._cells.append((cell, child, depth))
            if child.record is None and cell.width() > 30 and cell.height() > 30:
                self._layout(child, cell.adjusted(2, 14, -2, -2), depth + 1)

    def node_at(self, x: float, y: float) -> Node | None:
        found = None
        for cell, node, _ in self.cells():
            if cell.contains(x, y):
                found = node  # deeper cells come later in the list
        return found

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        for cell, node, depth in self.cells():
            colour = self.colour_of(node)
            if node.record is None:
                colour = colour.darker(150 + 15 * depth)
            painter.fillRect(cell, colour)
            painter.setPen(QPen(QColor("#f1c40f") if node.path == self.selected else QColor("#20262b"),
                                3 if node.path == self.selected else 1))
            painter.drawRect(cell)
            if cell.width() > 40 and cell.height() > 12:
                painter.setPen(QColor("#ffffff"))
                label = node.name + ("/" if node.record is None else "")
                painter.drawText(cell.adjusted(3, 1, -2, -1), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                                 painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(cell.width()) - 5))
        painter.end()

    def colour_of(self, node: Node) -> QColor:
        """A cell's fill before folder darkening: the heat of the chosen figure, or the main author's colour."""
        if self.colour_by == "author":
            return author_colour(self.author_key, node.author)
        return heat({"ai": node.ai, "fix": node.fix, "loss": node.loss, "age": node.age}.get(self.colour_by, node.hot))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        node = self.node_at(event.position().x(), event.position().y())
        if node is None:
            QToolTip.hideText()
            return
        if node.record is not None:
            r = node.record
            text = (f"{r.path}\nSLOC {r.sloc:,} · complexity {r.complexity:,} · hotspot {r.hotspot_score:.2f}\n"
                    f"recent revisions {r.window_revisions} · churn {r.churn:,}"
                    + (f"\nAI: {r.ai.label} ({r.ai.confidence})" if r.ai else "")
                    + (f"\nmain author {r.line_origins.main_author} · knowledge loss "
                       f"{100 * (r.line_origins.knowledge_loss_share or 0):.0f}% · median age "
                       f"{r.line_origins.median_age_days:,.0f} days" if r.line_origins and r.line_origins.main_author
                       and r.line_origins.median_age_days is not None else ""))
        else:
            text = (f"{node.path}/\nSLOC {node.size:,.0f} · mean hotspot {node.hot:.2f} · AI share {100 * node.ai:.0f}%"
                    f"\nknowledge loss {100 * node.loss:.0f}% · median line age ≈ {node.age * AGE_SCALE_DAYS:,.0f} days"
                    + (f"\nmain author (by lines) {node.author}" if node.author else ""))
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self.zoom_out()
            return
        node = self.node_at(event.position().x(), event.position().y())
        if node is not None and node.record is not None:
            self.select(node.path)
            self.fileClicked.emit(node.path)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node = self.node_at(event.position().x(), event.position().y())
        while node is not None and node.record is not None:
            node = self._find(self.root, node.path.rsplit("/", 1)[0]) if "/" in node.path and self.root else None
        if node is not None and node is not self.zoom:
            self.zoom = node
            self._layout_key = None
            self.update()
            self.zoomChanged.emit(node.path)


class ColourScale(QWidget):
    """The treemap's colour key: the gradient from 0 to 1 and what it measures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = "hotspot"
        self.setMinimumHeight(30)
        self.setMaximumHeight(30)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.update()

    def caption(self) -> str:
        return {"ai": "share of SLOC in AI-marked files", "fix": "fix ratio (SLOC-weighted for folders)",
                "loss": "knowledge loss: share of lines whose author left (SLOC-weighted for folders)",
                "age": f"median line age, 0 to {AGE_SCALE_DAYS // 365} years or more (SLOC-weighted for folders)",
                }.get(self.mode, "hotspot score (SLOC-weighted for folders)")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        width = max(self.width() // 3, 120)
        left = 40
        for offset in range(width):
            painter.fillRect(QRectF(left + offset, 4, 1, 12), heat(offset / max(width - 1, 1)))
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(QRectF(4, 0, left - 8, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "0")
        painter.drawText(QRectF(left + width + 6, 0, self.width() - left - width - 6, 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"1   colour: {self.caption()}")
        painter.end()


class AuthorKeyLabel(QLabel):
    """The treemap's key when it is coloured by main author: a swatch, name and lines per top author, then
    "others" and "no data"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.entries: list[tuple[str, str, str]] = []  # (colour, name, count text), in order

    def set_key(self, key: AuthorKey) -> None:
        self.entries = [(AUTHOR_COLOURS[i], name, f"{lines:,} lines") for i, (name, lines) in enumerate(key.top)]
        if key.others_lines:
            self.entries.append((OTHERS_COLOUR, OTHERS, f"{key.others_lines:,} lines"))
        if key.no_data:
            self.entries.append((NO_DATA_COLOUR, NO_DATA, f"{key.no_data:,} files without line provenance"))
        swatches = " &nbsp; ".join(f"<span style='color:{colour}'>■</span> {html.escape(name)} ({count})"
                                   for colour, name, count in self.entries)
        self.setText("Colour: main author (folders: the author of most lines below them) &nbsp; " +
                     (swatches or "no line provenance in this scan"))
