"""Who wrote what, for colouring by author or by age: the blame view's lines and the treemap's files and folders.

Rules (docs/window-guide.md repeats them for users):

* **Top authors** are ranked by lines, most first, ties by name; the first :data:`TOP_AUTHORS` get a colour of
  their own, every other author is "others".
* **Blame view, by author**: authors of the blamed lines as ``git blame`` names them (mailmap applied), one
  author per e-mail (case-insensitive; the name when there is no e-mail), shown under the name of their first
  line; the ranking is over the file's lines.
* **Blame view, by age**: each line's author date placed on a linear scale from the file's oldest line (0) to its
  newest (1); the date printed on the line is the date its colour encodes.
* **Treemap, by main author**: a file takes its main author (line provenance: the author of most of its current
  lines, bots excluded, ``files[].line_origins.main_author``); a folder takes the author holding the most such
  lines summed over all files below it (each file's ``owners``, its ten largest owners), ties by name.  The top
  authors are ranked by those line counts over the whole scan.  A file without line provenance, and a folder
  none of whose files has it, is "no data".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from debt_explorer.core.blame import BlameLine
from debt_explorer.core.folders import Folder
from debt_explorer.core.models import FileRecord

#: authors with a colour of their own
TOP_AUTHORS = 8
OTHERS = "others"
NO_DATA = "no data"


def ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """(author, lines), most lines first, ties by name."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True, slots=True)
class AuthorKey:
    """The top authors (with their lines), the lines of all others, and how much has no data."""

    top: tuple[tuple[str, int], ...]
    others_lines: int
    no_data: int = 0  # lines (blame) or files (treemap) without an author

    def slot(self, author: str | None) -> int | None:
        """Index into :attr:`top`, -1 for "others", None for "no data"."""
        if author is None:
            return None
        for index, (name, _) in enumerate(self.top):
            if name == author:
                return index
        return -1


def author_key(counts: Counter[str], no_data: int = 0, top: int = TOP_AUTHORS) -> AuthorKey:
    order = ranked(counts)
    return AuthorKey(tuple(order[:top]), sum(n for _, n in order[top:]), no_data)


# -- the blame view ---------------------------------------------------------------------------------------------

def blame_authors(lines: Sequence[BlameLine]) -> list[str]:
    """Each line's author, one name per e-mail address (the name of the address's first line)."""
    names: dict[str, str] = {}
    out = []
    for line in lines:
        key = (line.author_email or line.author).strip().lower()
        out.append(names.setdefault(key, line.author or line.author_email or "?"))
    return out


def blame_author_key(lines: Sequence[BlameLine], top: int = TOP_AUTHORS) -> tuple[AuthorKey, list[str]]:
    authors = blame_authors(lines)
    return author_key(Counter(authors), top=top), authors


def blame_ages(lines: Sequence[BlameLine]) -> tuple[list[float | None], int | None, int | None]:
    """Per line its place between the file's oldest (0) and newest (1) author date; the two dates.

    Lines without a date (0: not committed yet, malformed) get None.  One date only: every line is 1 (newest).
    """
    times = [line.author_time for line in lines if line.author_time]
    if not times:
        return [None for _ in lines], None, None
    oldest, newest = min(times), max(times)
    spread = newest - oldest
    return ([None if not line.author_time else (line.author_time - oldest) / spread if spread else 1.0
             for line in lines], oldest, newest)


# -- the treemap --------------------------------------------------------------------------------------------------

def file_owners(record: FileRecord) -> Counter[str]:
    origins = record.line_origins
    return Counter({o.author: o.lines for o in origins.owners}) if origins is not None else Counter()


def main_author(record: FileRecord) -> str | None:
    origins = record.line_origins
    return origins.main_author if origins is not None else None


def folder_main_authors(root: Folder) -> tuple[dict[str, str | None], Counter[str]]:
    """Each folder's main author by lines (path -> author, None without data) and the lines of every author."""
    out: dict[str, str | None] = {}

    def visit(folder: Folder) -> Counter[str]:
        total: Counter[str] = Counter()
        for child in folder.children:
            total.update(visit(child) if isinstance(child, Folder) else file_owners(child))
        order = ranked(total)
        out[folder.path] = order[0][0] if order else None
        return total

    return out, visit(root)


def map_author_key(files: Iterable[FileRecord], totals: Counter[str], top: int = TOP_AUTHORS) -> AuthorKey:
    """The treemap's key: top authors by lines over the scan, others' lines, files without line provenance."""
    return author_key(totals, sum(1 for f in files if main_author(f) is None), top)
