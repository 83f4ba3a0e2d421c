"""Measure Python by top-level statement, remembering chunks already seen.

Successive versions of a file share most of their top-level functions and
classes: a quarter's edit touches a few of them.  Every metric radon gives
for a module is a sum or a union over its top-level statements:

* raw line counts are per logical line, and a top-level statement starts one;
* a function's cyclomatic complexity depends only on its own body;
  the module's total is Σ chunk totals − (chunks − 1) (each visitor starts at 1);
* Halstead counts are sums and its distinct operators/operands are unions.

So a file is cut before each line at column 0 that starts a new top-level
statement, each chunk is measured once per distinct text (memoised in the
process), and the results are merged exactly.  When a cut lands somewhere a
statement cannot start (inside a multi-line string or bracket), that chunk
does not parse and the caller measures the whole file instead.

A top-level class is cut once more, before each method after its first (at
the class body's indentation, outside strings and brackets), because an edit
touches one method of a long class: the class line with its first method is
measured as it is, every later piece dedented as a little module.  A piece's
statements are class-body statements: its own decisions and its functions'
complexity add to the class's (radon's ``real_complexity``), its functions
are methods (named ``Class.method``), its classes inner classes, and
Halstead's context is the class's (the module's, for a top-level class).
A class whose lines do not all carry the body's indentation (a docstring
line at column 0, tabs mixed with spaces) is measured whole.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import itertools
import marshal
import re
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from debt_explorer.core.pycognitive import cognitive_of
from debt_explorer.core.pyvisit import visit_module
from debt_explorer.core.rawcount import _ODD_BREAKS, Raw, raw_metrics

_T = TypeVar("_T")
_CONTINUATIONS = ("else", "elif", "except", "finally")
_MEMO_LIMIT = 60_000


@dataclass(frozen=True, slots=True)
class ChunkMetrics:
    raw: Raw
    total_complexity: int
    #: (name, line, end_line, complexity, cognitive or None) relative to the chunk
    functions: tuple[tuple[str, int, int, int, int | None], ...]
    operators_seen: frozenset[str]
    operands_seen: frozenset[tuple[str | None, Any]]
    operators: int
    operands: int
    unique_operands: int  # distinct by nature (pyvisit.Visited.unique_operands): summed, never merged
    #: what this text adds to an enclosing class's complexity when it is a piece of the class body
    class_body_complexity: int = 0


class ChunkFailed(Exception):
    """A chunk is not a complete statement: measure the whole file instead."""


_memo: dict[bytes, ChunkMetrics] = {}


_SCAN = re.compile(r"""\\.|\"\"\"|'''|["'#\n()\[\]{}]""", re.DOTALL)


def _statement_lines(text: str) -> set[int]:
    """0-based lines that begin outside any string, comment continuation or bracket (cheap scanner)."""
    state: str | None = None
    depth = 0
    line = 0
    starts = {0}
    for match in _SCAN.finditer(text):
        token = match.group()
        if state is None:
            if token == "#":
                state = "#"
            elif token in ('"""', "'''", '"', "'"):
                state = token
            elif token in "([{":
                depth += 1
            elif token in ")]}":
                depth = max(0, depth - 1)
            elif token == "\n":
                line += 1
                if depth == 0:
                    starts.add(line)
            elif token == "\\\n":  # explicit continuation: the next line continues this one
                line += 1
        elif state == "#":
            if token == "\n" or token == "\\\n":
                state = None
                line += 1
                if depth == 0:
                    starts.add(line)
        else:
            if token == state:
                state = None
            elif token == "\n" or token == "\\\n":
                line += 1
                if len(state) == 1:  # a newline ends an (unterminated) one-line string
                    state = None
                    if depth == 0:
                        starts.add(line)
    return starts


_TRIPLE = re.compile(r'''"""[\s\S]*?(?:"""|\Z)|\'\'\'[\s\S]*?(?:\'\'\'|\Z)''')


def _outside_long_strings(text: str, count: int) -> set[int]:
    """Lines (0-based) that do not begin inside a triple-quoted string: a quick stand-in for
    :func:`_statement_lines`, about ten times cheaper.  It does not see brackets, backslash continuations or a
    triple quote inside a comment or a one-line string; a cut it gets wrong leaves a chunk that does not parse
    (it ends inside the string, bracket or continuation), and :func:`measure_chunks` then cuts with the exact
    scanner.  Line breaks other than ``\\n`` are left to the exact scanner too."""
    safe = set(range(count))
    line = position = 0
    for match in _TRIPLE.finditer(text):
        start, end = match.span()
        line += text.count("\n", position, start)
        last = line + text.count("\n", start, end)
        if last > line:
            safe.difference_update(range(line + 1, last + 1))
        line, position = last, end
    return safe


def split_top_level(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each top-level chunk."""
    return _split(text)[0]


def _split(text: str, quick: bool = False) -> tuple[list[tuple[int, str]], set[int]]:
    """The top-level chunks and the statement lines of ``text`` (for cutting its classes without a second scan);
    ``quick``: with :func:`_outside_long_strings` instead of the exact scanner."""
    lines = text.splitlines(keepends=True)
    safe = _outside_long_strings(text, len(lines)) if quick else _statement_lines(text)
    starts = [0]
    previous = ""
    for index, line in enumerate(lines):
        if index not in safe or not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1] in (" ", "\t", ")", "]", "}", "\f"):
            continue
        # a line at column 0: a new statement unless it continues a compound one or follows a decorator
        word = line.split(None, 1)[0].rstrip(":")
        if index and word not in _CONTINUATIONS and not previous.startswith("@"):
            starts.append(index)
        previous = line
    starts.append(len(lines))
    return [(starts[i] + 1, "".join(lines[starts[i]:starts[i + 1]])) for i in range(len(starts) - 1)
            if starts[i] < starts[i + 1]], safe


def _measure_chunk(text: str) -> ChunkMetrics:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
        raw = raw_metrics(text)
        visited = visit_module(tree)  # recurses once per nested node: absurd nesting fails here
        walked = visited.named_functions()
        cognitive = cognitive_of(text, [(name, end) for name, _, end, _ in walked])
        functions = tuple((*f, value) for f, value in zip(walked, cognitive))
    except (SyntaxError, ValueError, RecursionError, MemoryError, Exception) as exc:
        raise ChunkFailed(f"{type(exc).__name__}: {exc}") from None  # the whole-file path decides and says why
    return ChunkMetrics(raw, visited.total_complexity, functions, visited.operators_seen, visited.operands_seen,
                        visited.operators, visited.operands, visited.unique_operands, visited.class_body_complexity)


_CLASS_LINE = re.compile(r"class[ \t]")
_METHOD_LINE = re.compile(r"(?:async[ \t]+)?def[ \t]|@")


def _class_pieces(chunk: str, safe: set[int] | None = None, offset: int = 0) -> list[tuple[int, str]] | None:
    """A class chunk cut before each method after the first: (first line, text); later pieces dedented.

    ``safe``: the statement lines of the file the chunk starts at line ``offset + 1`` of (scanned once per
    file), else the chunk's own.  ``None`` when the chunk is not a class with two methods or more at its
    body's indentation, or when a line of a later piece does not start with that indentation (it could not be
    dedented unchanged)."""
    lines = chunk.splitlines(keepends=True)
    head = next((i for i, line in enumerate(lines) if not line.startswith("@")), 0)
    if not _CLASS_LINE.match(lines[head]) or len(lines) < head + 3:
        return None
    if safe is None:
        safe, offset = _statement_lines(chunk), 0
    safe = {index - offset for index in safe if offset <= index < offset + len(lines)}
    body = next((line for i, line in enumerate(lines) if i > head and i in safe and line.strip()
                 and not line.lstrip().startswith("#")), "")
    indent = body[:len(body) - len(body.lstrip(" \t"))]
    if not indent:
        return None
    starts: list[int] = []
    previous = ""
    for index in range(head + 1, len(lines)):
        line = lines[index]
        if index not in safe or not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith(indent) and line[len(indent)] not in " \t" and _METHOD_LINE.match(line, len(indent)) \
                and not previous.startswith("@"):
            starts.append(index)
        previous = line.lstrip()
    if len(starts) < 2:
        return None
    pieces = [(1, "".join(lines[:starts[1]]))]
    bounds = [*starts[1:], len(lines)]
    for start, end in itertools.pairwise(bounds):
        block = lines[start:end]
        if not all(line.startswith(indent) or not line.strip() for line in block):
            return None
        pieces.append((start + 1, "".join(line[len(indent):] if line.startswith(indent) else line.lstrip(" \t")
                                          for line in block)))
    return pieces


def _measure_class(chunk: str, safe: set[int] | None = None, offset: int = 0) -> ChunkMetrics:
    """A class chunk from its pieces (each memoised), merged as radon would measure the whole class."""
    if not (chunk.startswith("@") or _CLASS_LINE.match(chunk)):  # no class: nothing to cut
        return _measure_chunk(chunk)
    pieces = _class_pieces(chunk, safe, offset)
    if pieces is None:
        return _measure_chunk(chunk)
    try:
        measured = [(first, _memoised(text, _measure_chunk)) for first, text in pieces]
    except ChunkFailed:  # a piece that does not parse alone: the class decides as a whole
        return _measure_chunk(chunk)
    head = measured[0][1]
    if not head.functions:
        return _measure_chunk(chunk)
    prefix = head.functions[0][0].split(".", 1)[0] + "."  # the head holds the class's first method: Class.method
    functions = list(head.functions)
    for first, piece in measured[1:]:
        functions.extend((prefix + name, line + first - 1, end + first - 1, complexity, cognitive)
                         for name, line, end, complexity, cognitive in piece.functions)
    parts = [piece for _, piece in measured]
    return ChunkMetrics(Raw(*(sum(values) for values in zip(*(piece.raw for piece in parts)))),
                        head.total_complexity + sum(piece.class_body_complexity for piece in parts[1:]),
                        tuple(functions), frozenset().union(*(piece.operators_seen for piece in parts)),
                        frozenset().union(*(piece.operands_seen for piece in parts)),
                        sum(piece.operators for piece in parts), sum(piece.operands for piece in parts),
                        sum(piece.unique_operands for piece in parts))


def _memoised(text: str, measure: Callable[[str], ChunkMetrics]) -> ChunkMetrics:
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    found = _memo.get(key)
    if found is None:
        found = measure(text)
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()
        _memo[key] = found
    if _log is not None:
        _log[key] = found
    return found


# --- the memo of one file's chunks, kept between scans ----------------------------------------------------------
# An incremental scan measures a file's new version in a fresh worker whose memo is empty, although most of its
# chunks are those of the version the last scan measured.  :func:`logging_chunks` collects the chunks a file's
# measurement used; :func:`encode_chunks` makes them bytes the scan stores by path; :func:`seed` puts them back into
# a worker's memo before the next version is measured.  ``marshal`` keeps every operand's exact type (radon's
# Halstead sets tell ``1`` from ``1.0`` only by equality, as Python does), and bytes that do not decode to entries of
# the expected shape are a miss, never an error.

_log: dict[bytes, ChunkMetrics] | None = None
_CHUNKS_FORMAT = 1


def logging_chunks(measure: Callable[[], _T]) -> tuple[_T, dict[bytes, ChunkMetrics]]:
    """``measure()``, and the chunks (memo key -> metrics) it measured or found in the memo."""
    global _log
    _log = {}
    try:
        return measure(), _log
    finally:
        _log = None


def encode_chunks(chunks: dict[bytes, ChunkMetrics]) -> bytes:
    rows = [(key, tuple(c.raw), c.total_complexity, c.functions, tuple(c.operators_seen), tuple(c.operands_seen),
             c.operators, c.operands, c.unique_operands, c.class_body_complexity) for key, c in chunks.items()]
    return zlib.compress(marshal.dumps((_CHUNKS_FORMAT, rows)), 1)


def decode_chunks(data: bytes) -> dict[bytes, ChunkMetrics] | None:
    """What :func:`encode_chunks` made, or ``None`` for anything else (damaged, foreign, another format)."""
    try:
        version, rows = marshal.loads(zlib.decompress(data))
        if version != _CHUNKS_FORMAT:
            return None
        found = {}
        for key, raw, total, functions, operators, operands, n_operators, n_operands, unique, body in rows:
            if not (isinstance(key, bytes) and len(key) == 16 and _ints(raw, 7) and _ints((total, n_operators,
                    n_operands, unique, body), 5) and all(isinstance(o, str) for o in operators)
                    and all(isinstance(o, tuple) and len(o) == 2 for o in operands) and _functions_ok(functions)):
                return None
            found[key] = ChunkMetrics(Raw(*raw), total, functions, frozenset(operators), frozenset(operands),
                                      n_operators, n_operands, unique, body)
        return found
    except (ValueError, TypeError, EOFError, zlib.error):
        return None


def _ints(values: Any, count: int) -> bool:
    return (isinstance(values, tuple) and len(values) == count
            and all(isinstance(v, int) and not isinstance(v, bool) for v in values))


def _functions_ok(functions: Any) -> bool:
    return isinstance(functions, tuple) and all(
        isinstance(f, tuple) and len(f) == 5 and isinstance(f[0], str) and _ints(f[1:4], 3)
        and (f[4] is None or (isinstance(f[4], int) and not isinstance(f[4], bool))) for f in functions)


def seed(chunks: dict[bytes, ChunkMetrics]) -> None:
    """Put a file's chunks from an earlier scan into this process's memo."""
    if len(_memo) + len(chunks) >= _MEMO_LIMIT:
        _memo.clear()
    _memo.update(chunks)


def measure_chunks(text: str) -> list[tuple[int, ChunkMetrics]]:
    """Metrics of each chunk with its first line; raises :class:`ChunkFailed`.

    Cut quickly first; when a chunk then does not parse, cut again with the exact scanner (every chunk that
    parses is a whole top-level statement, so its metrics, memoised, are right either way)."""
    if not _ODD_BREAKS.search(text):
        try:
            return _measure_split(text, quick=True)
        except ChunkFailed:
            pass
    return _measure_split(text, quick=False)


def _measure_split(text: str, quick: bool) -> list[tuple[int, ChunkMetrics]]:
    chunks, safe = _split(text, quick)
    return [(first, _memoised(chunk, functools.partial(_measure_class, safe=safe, offset=first - 1)))
            for first, chunk in chunks]
