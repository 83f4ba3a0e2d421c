"""Complexity, maintainability and size of one blob's text.

* Python: parsed once with :func:`ast.parse`; radon's complexity and
  Halstead rules are applied to the tree in one walk
  (:mod:`debt_explorer.core.pyvisit`); raw line counts come from
  :mod:`debt_explorer.core.rawcount` (linear, radon-compatible); MI is
  radon's ``mi_compute`` with exactly the inputs ``mi_visit(code, multi=True)``
  uses.
* ``complexity`` = Σ cyclomatic complexity of every function and method,
  each counted once: top-level functions, methods of (nested) classes, and
  nested functions (radon keeps a closure's complexity out of its parent's,
  so it is added on its own).  Class blocks are not added: their complexity
  is the sum of their methods'.  Module-level statements are not functions.
* Python the interpreter cannot parse (Python 2, newer syntax, broken code,
  nesting too deep for the parser) is marked unparsed with the reason, and
  lizard's Python reader supplies its complexity.
* TypeScript, JavaScript, Rust, Go, Java, C#, C, C++: tree-sitter
  (:mod:`debt_explorer.core.tsmetrics`), with lizard as the fallback when the
  grammar rejects a file.
* Every other language lizard reads: lizard's functions and ``nloc``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import tokenize
import warnings
from dataclasses import replace

import lizard
from radon.metrics import mi_compute

from debt_explorer.core import tsmetrics
from debt_explorer.core.languages import analyzer_for, is_binary, language_for
from debt_explorer.core.models import BlobMetrics, FunctionMetrics
from debt_explorer.core.pychunks import ChunkFailed, measure_chunks
from debt_explorer.core.pycognitive import cognitive_of
from debt_explorer.core.pyvisit import visit_module, volume
from debt_explorer.core.rawcount import Raw, raw_metrics

#: Bump whenever a change here changes any number: cached metrics are keyed by it.
ANALYZER_VERSION = (f"m5-radon{__import__('radon').__version__}-lizard{lizard.version}"
                    f"-complexipy{importlib.metadata.version('complexipy')}-c2"
                    f"-{tsmetrics.TS_RULES_VERSION}{'-off' if tsmetrics.DISABLED else ''}")

#: How the reason of a Python file measured by tree-sitter's grammar ends.
TREE_SITTER_PYTHON = "measured by tree-sitter's Python grammar (no maintainability index)"

_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def decode(data: bytes) -> str | None:
    """UTF-8 (BOM stripped), else the PEP 263 coding cookie's codec, else ``None``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for line in data.split(b"\n", 2)[:2]:
        match = _CODING.match(line)
        if match:
            try:
                return data.decode(match.group(1).decode("ascii"))
            except (LookupError, UnicodeError):  # unknown codec, or one that always fails ("undefined")
                return None
    return None


def _sizes(text: str) -> tuple[int, int, int]:
    """(loc, blank, non-blank) of any text."""
    lines = text.splitlines()
    blank = sum(1 for line in lines if not line.strip())
    return len(lines), blank, len(lines) - blank


def _sizes_only(language: str | None, text: str, reason: str) -> BlobMetrics:
    loc, blank, nonblank = _sizes(text)
    return BlobMetrics(language=language, loc=loc, sloc=nonblank, comments=0, blank=blank, complexity=0,
                       max_complexity=0, functions=0, maintainability=None, parsed=False, reason=reason,
                       cognitive=None, max_cognitive=None)


def analyze_blob(path: str, data: bytes) -> BlobMetrics:
    """Measure one blob.  Never raises for bad input: problems become ``parsed=False`` and a reason.

    The analyzers are third-party parsers fed untrusted text; the known failures are handled where they
    happen, and anything else an analyzer raises is recorded as the file's reason (type and message),
    so one hostile file can never end a scan."""
    try:
        return _analyze(path, data)
    except (RecursionError, MemoryError) as exc:
        return _sizes_only(language_for(path), "", f"analyzer failed: {type(exc).__name__} (nesting too deep)")
    except Exception as exc:  # broad on purpose, kept as the reason: third-party parser on untrusted text
        return _sizes_only(language_for(path), "", f"analyzer failed: {type(exc).__name__}: {exc}"[:300])


def _analyze(path: str, data: bytes) -> BlobMetrics:
    language = language_for(path)
    if is_binary(data):
        return _sizes_only(language, "", "binary")
    text = decode(data)
    if text is None:
        return _sizes_only(language, data.decode("latin-1"), "undecodable text (not UTF-8)")
    analyzer = analyzer_for(language)
    if analyzer == "radon":
        return _python(path, text)
    if analyzer == "lizard":
        if not tsmetrics.DISABLED:
            measured = tsmetrics.tree_sitter_metrics(path, text, language)
            if measured is not None:
                return measured
        return _lizard(path, text, language)
    return _sizes_only(language, text, f"no analyzer for {language or 'this file type'}")


def _python(path: str, text: str) -> BlobMetrics:
    """Measure by top-level chunk (memoised), or the whole file when a chunk does not parse alone."""
    try:
        chunks = measure_chunks(text)
    except ChunkFailed:
        return _python_whole(path, text)
    if not chunks:
        return _python_whole(path, text)
    raw = Raw(*(sum(values) for values in zip(*(chunk.raw for _, chunk in chunks))))
    total_complexity = sum(chunk.total_complexity for _, chunk in chunks) - (len(chunks) - 1)
    operators_seen: set[str] = set()
    operands_seen: set[tuple[str | None, object]] = set()
    for _, chunk in chunks:
        operators_seen |= chunk.operators_seen
        operands_seen |= chunk.operands_seen
    length = sum(chunk.operators + chunk.operands for _, chunk in chunks)
    unique = sum(chunk.unique_operands for _, chunk in chunks)
    halstead_volume = volume(length, len(operators_seen) + len(operands_seen) + unique)
    functions = [FunctionMetrics(name, line + first - 1, end + first - 1, complexity, end - line + 1, cognitive)
                 for first, chunk in chunks for name, line, end, complexity, cognitive in chunk.functions]
    return _python_result(raw, total_complexity, halstead_volume, functions)


def _with_cognitive(text: str, functions: list[FunctionMetrics]) -> list[FunctionMetrics]:
    """Each function with its cognitive complexity (:mod:`debt_explorer.core.pycognitive`)."""
    values = cognitive_of(text, [(f.name, f.end_line) for f in functions])
    return [replace(f, cognitive=value) for f, value in zip(functions, values)]


def _python_result(raw: Raw, total_complexity: int, volume: float, functions: list[FunctionMetrics],
                   text: str = "") -> BlobMetrics:
    comment_share = (raw.comments + raw.multi) / float(raw.sloc) * 100 if raw.sloc else 0
    mi = mi_compute(volume, total_complexity, raw.lloc, comment_share)
    if functions and text:
        functions = _with_cognitive(text, functions)
    functions.sort(key=lambda f: (f.line, f.name))
    complexities = [f.complexity for f in functions]
    cognitive = [f.cognitive for f in functions if f.cognitive is not None]
    known = len(cognitive) == len(functions)  # complexipy measured every function
    return BlobMetrics(language="Python", loc=raw.loc, sloc=raw.sloc, comments=raw.comments, blank=raw.blank,
                       complexity=sum(complexities), max_complexity=max(complexities, default=0),
                       functions=len(functions), maintainability=round(mi, 2), parsed=True,
                       function_list=tuple(functions), cognitive=sum(cognitive) if known else None,
                       max_cognitive=max(cognitive, default=0) if known else None)


def _python_whole(path: str, text: str) -> BlobMetrics:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as exc:
        return _python_fallback(path, text, f"python syntax error line {exc.lineno}: {exc.msg}")
    except (RecursionError, MemoryError, ValueError) as exc:
        return _python_fallback(path, text, f"python parser failed: {type(exc).__name__}")
    try:
        visited = visit_module(tree)
        functions = [FunctionMetrics(name, line, end, complexity, end - line + 1)
                     for name, line, end, complexity in visited.named_functions()]
        raw = raw_metrics(text)
    except (RecursionError, MemoryError, tokenize.TokenError, SyntaxError, ValueError) as exc:
        return _python_fallback(path, text, f"complexity walk failed: {type(exc).__name__} (nesting too deep)")
    return _python_result(raw, visited.total_complexity, visited.volume, functions, text)


def _python_fallback(path: str, text: str, reason: str) -> BlobMetrics:
    """Python that Python's parser rejects (Python 2, newer syntax, too deep): tree-sitter's Python grammar (with
    radon's line counts), else lizard.  Still ``parsed: false`` with ``reason``: no maintainability index without
    Python's own parser."""
    measured = None if tsmetrics.DISABLED else tsmetrics.tree_sitter_metrics(path, text, "Python")
    if measured is None:
        return _lizard(path, text, "Python", reason=reason)
    # Line counts as radon gives them (its scanner reads most such files); a function's lines are its span, as
    # for every Python file.
    functions = tuple(replace(f, sloc=f.end_line - f.line + 1) for f in measured.function_list)
    measured = replace(measured, function_list=functions, parsed=False, reason=f"{reason}; {TREE_SITTER_PYTHON}")
    try:
        raw = raw_metrics(text)
    except (RecursionError, MemoryError, tokenize.TokenError, SyntaxError, ValueError):
        return measured
    return replace(measured, loc=raw.loc, sloc=raw.sloc, comments=raw.comments, blank=raw.blank)


def _lizard_info(path: str, text: str) -> lizard.FileInformation:
    """``lizard.analyze_file.analyze_source_code`` without its silent ``RecursionError`` handler.

    lizard catches its own recursion limit, prints ``[skip] fail to process`` on stderr and returns what it
    had so far -- complexity 0 and no functions for ordinary deeply nested JavaScript -- which would be a
    wrong result without an error.  Here the error propagates, so the file is marked unparsed with why."""
    context = lizard.FileInfoBuilder(path)
    reader = (lizard.get_reader_for(path) or lizard.CLikeReader)(context)
    tokens = reader.generate_tokens(text)
    for processor in lizard.analyze_file.processors:
        tokens = processor(tokens, reader)
    for _ in reader(tokens, reader):
        pass
    return context.fileinfo


def _lizard(path: str, text: str, language: str | None, reason: str | None = None) -> BlobMetrics:
    try:
        info = _lizard_info(path, text)
    except RecursionError:
        return _sizes_only(language, text, reason or "lizard failed: nesting too deep for its parser "
                                                      "(RecursionError)")
    except Exception as exc:  # broad on purpose, kept as the reason: lizard can fail in many ways
        return _sizes_only(language, text, reason or f"lizard failed: {type(exc).__name__}")
    functions = sorted((FunctionMetrics(f.name, f.start_line, f.end_line, f.cyclomatic_complexity, f.nloc, None)
                        for f in info.function_list), key=lambda f: (f.line, f.name))
    loc, blank, nonblank = _sizes(text)
    complexities = [f.complexity for f in functions]
    return BlobMetrics(language=language, loc=loc, sloc=info.nloc, comments=max(0, nonblank - info.nloc),
                       blank=blank, complexity=sum(complexities), max_complexity=max(complexities, default=0),
                       functions=len(functions), maintainability=None, parsed=reason is None, reason=reason,
                       function_list=tuple(functions), cognitive=None, max_cognitive=None)
