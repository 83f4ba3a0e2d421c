"""Functions, cyclomatic and cognitive complexity and nesting of non-Python code, with tree-sitter.

One parse per blob, one query per blob (node matching runs in C); Python only
visits the captured nodes -- functions, decisions, ``&&``/``||`` operators,
comments -- never the whole tree.  A sweep over the captures sorted by
position gives every decision its innermost function and every structure its
nesting level.

:func:`tree_sitter_metrics` returns ``None`` when the language has no grammar
wheel installed or the grammar rejects the file (the tree has an error node):
the caller then falls back to lizard.  Parsing is linear in the file size and
files over the size limit never get here, so the per-file time budget holds
(the budget's alarm fires as soon as control is back in Python; py-tree-sitter
0.26's query progress callback crashes the interpreter, so it is not used).

Counting rules, and every place they differ from lizard: docs/metrics.md,
"Complexity of non-Python code (tree-sitter)".
"""

from __future__ import annotations

import importlib
import itertools
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from debt_explorer.core.models import BlobMetrics, FunctionMetrics
from debt_explorer.core.tsgrammars import OWNER_TYPES, SPECS, GrammarSpec

if TYPE_CHECKING:  # imported lazily at run time (a scan of a Python-only repository never loads it)
    from tree_sitter import Language, Node, Parser, Query

#: Bump when a rule changes (part of the analyzer version the metric cache is keyed by).
TS_RULES_VERSION = "ts3"

_KEEP_NEWLINES = bytes(10 if b == 10 else 32 for b in range(256))
_COMMENT_TYPES = ("comment", "line_comment", "block_comment")
_ANONYMOUS = frozenset({"arrow_function", "function_expression", "generator_function", "function"})
#: (an opaque node's own capture sorts after its @branch: the node counts, what is inside does not)
_OWNER, _BINDER, _FUNCTION, _IF, _NEST, _BRANCH, _ARM, _ARMBOX, _LOGIC, _OPAQUE = range(10)
_KINDS = {"owner": _OWNER, "binder": _BINDER, "function": _FUNCTION, "if": _IF, "nest": _NEST, "branch": _BRANCH,
          "arm": _ARM, "armbox": _ARMBOX, "logic": _LOGIC, "opaque": _OPAQUE}
#: nodes that give an anonymous function its name (``const f = () => ...``, ``{key: function () {}}``)
_BINDERS = ("variable_declarator", "pair", "public_field_definition", "field_definition", "assignment_expression")


@dataclass(frozen=True)
class _Compiled:
    spec: GrammarSpec
    language: Language
    query: Query
    ifs: frozenset[str]
    elifs: frozenset[str]


_compiled: dict[str, _Compiled | None] = {}
_lock = threading.Lock()
_parsers = threading.local()


def grammar_name(language: str | None, path: str) -> str | None:
    """The grammar for a file of ``language`` (TSX for ``.tsx`` files), or ``None``."""
    if language == "TypeScript" and path.lower().endswith(".tsx"):
        return "TSX"
    return language if language in SPECS else None


def _compile(name: str) -> _Compiled | None:
    """Load a grammar wheel and build its query; ``None`` when the wheel is not installed."""
    import tree_sitter

    spec = SPECS[name]
    try:
        module = importlib.import_module(spec.module)
    except ImportError:
        return None
    language = tree_sitter.Language(getattr(module, spec.loader)())

    def known(kind: str) -> bool:
        return bool(language.id_for_node_kind(kind, True))

    patterns = [f"({kind}) @function" for kind in spec.functions if known(kind)]
    patterns += [pattern if "@branch" in pattern else f"{pattern} @branch"  # a pattern may name what it counts
                 for pattern in spec.branches if known(pattern.strip("()").split()[0])]
    patterns += [f"({kind}) @if" for kind in spec.ifs if known(kind)]
    patterns += [f"({kind}) @nest" for kind in spec.nesting if known(kind)]
    patterns += [f"({kind}) @opaque" for kind in spec.opaque if known(kind)]
    for container, arm in spec.arms:
        if known(container) and known(arm):
            patterns += [f"({container} ({arm}) @arm)", f"({container} ({arm})) @armbox"]
    operators = " ".join(f'"{op}"' for op in spec.logic if language.id_for_node_kind(op, False))
    patterns.append(f"({spec.logic_node} operator: [{operators}] @logic)")
    patterns += [f"({kind}) @comment" for kind in _COMMENT_TYPES if known(kind)]
    patterns += [f"({kind}) @owner" for kind in sorted(OWNER_TYPES) if known(kind)]
    anonymous = " ".join(f"({kind})" for kind in spec.functions if known(kind) and kind in _ANONYMOUS)
    if anonymous:
        patterns += [f"({kind} [{anonymous}]) @binder" for kind in _BINDERS if known(kind)]
    query = tree_sitter.Query(language, "\n".join(patterns))
    return _Compiled(spec, language, query, frozenset(spec.ifs), frozenset(spec.elifs))


def compiled(name: str) -> _Compiled | None:
    with _lock:
        if name not in _compiled:
            _compiled[name] = _compile(name)
        return _compiled[name]


def _parser(name: str, grammar: _Compiled) -> Parser:
    import tree_sitter

    parsers: dict[str, Parser] | None = getattr(_parsers, "by_name", None)
    if parsers is None:
        parsers = _parsers.by_name = {}
    if name not in parsers:
        parsers[name] = tree_sitter.Parser(grammar.language)
    return parsers[name]


def available(language: str | None, path: str) -> bool:
    """Whether tree-sitter measures this file's language here (its grammar wheel is installed)."""
    name = grammar_name(language, path)
    return name is not None and compiled(name) is not None


def tree_sitter_metrics(path: str, text: str, language: str | None) -> BlobMetrics | None:
    """Measure ``text``; ``None`` when there is no grammar or the grammar rejects the file."""
    import tree_sitter

    name = grammar_name(language, path)
    grammar = compiled(name) if name else None
    if grammar is None or name is None:
        return None
    data = text.encode("utf-8", "surrogatepass")
    tree = _parser(name, grammar).parse(data)
    root = tree.root_node
    if root.has_error:
        return None
    captures = tree_sitter.QueryCursor(grammar.query).captures(root)
    code_lines = _code_lines(data, captures.get("comment", ()))
    functions = _functions(grammar, captures, data, code_lines)
    lines = text.splitlines()
    nonblank = sum(map(bool, map(str.strip, lines)))
    blank = len(lines) - nonblank
    sloc = code_lines[-1]
    complexities = [f.complexity for f in functions]
    cognitive = [f.cognitive for f in functions if f.cognitive is not None]  # every tree-sitter function has one
    return BlobMetrics(language=language, loc=len(lines), sloc=sloc, comments=max(0, nonblank - sloc), blank=blank,
                       complexity=sum(complexities), max_complexity=max(complexities, default=0),
                       functions=len(functions), maintainability=None, parsed=True,
                       function_list=tuple(functions), cognitive=sum(cognitive),
                       max_cognitive=max(cognitive, default=0))


def _code_lines(data: bytes, comments: Iterable[Node]) -> list[int]:
    """Prefix sums of lines with code (not blank, not only comment): ``sums[r]`` = code lines before row r."""
    if comments:
        pieces, last = [], 0
        for node in sorted(comments, key=lambda n: n.start_byte):
            start, end = max(node.start_byte, last), node.end_byte
            if end <= start:
                continue
            pieces += [data[last:start], data[start:end].translate(_KEEP_NEWLINES)]
            last = end
        pieces.append(data[last:])
        data = b"".join(pieces)
    rows = data.split(b"\n")
    if rows and rows[-1] == b"":
        rows.pop()
    return list(itertools.accumulate(map(bool, map(bytes.strip, rows)), initial=0))  # 0 + True: ints throughout


class _Function:
    __slots__ = ("armboxes", "arms", "cognitive", "complexity", "nesting", "node")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.complexity, self.cognitive, self.nesting, self.arms, self.armboxes = 1, 0, 0, 0, 0


def _functions(grammar: _Compiled, captures: dict[str, list[Node]], data: bytes,
               code_lines: list[int]) -> list[FunctionMetrics]:
    events = [(node.start_byte, -node.end_byte, _KINDS[capture], node)
              for capture, nodes in captures.items() if capture != "comment" for node in nodes]
    events.sort(key=lambda event: (event[0], event[1], event[2]))
    found: list[tuple[_Function, str]] = []
    # (end byte, innermost function, nesting level inside, owner type name, binder name)
    stack: list[tuple[int, _Function | None, int, str | None, str | None]] = []
    else_clause = grammar.spec.else_clause
    for start, negative_end, kind, node in events:
        while stack and stack[-1][0] <= start:
            stack.pop()
        function, level, owner, binder = (stack[-1][1], stack[-1][2], stack[-1][3], stack[-1][4]) if stack \
            else (None, 0, None, None)
        end = -negative_end
        if kind == _FUNCTION:
            if node.child_by_field_name("body") is None:  # a declaration only (interface, abstract, extern)
                continue
            function = _Function(node)
            name = _own_name(node, data) or (binder if binder is not None and stack[-1][0] >= end else "(anonymous)")
            qualified = f"{owner}.{name}" if owner else name
            found.append((function, qualified))
            stack.append((end, function, 0, qualified if grammar.spec.qualify_nested else None, None))
            continue
        if kind == _OWNER:
            label = node.child_by_field_name("name") or node.child_by_field_name("type")
            named = _text(label, data) if label is not None else owner
            if grammar.spec.qualify_nested and owner and label is not None:
                named = f"{owner}.{named}"  # Outer.Inner.method, as radon names it
            stack.append((end, function, level, named, None))
            continue
        if kind == _BINDER:
            label = (node.child_by_field_name("name") or node.child_by_field_name("key")
                     or node.child_by_field_name("left") or node.child_by_field_name("property"))
            stack.append((end, function, level, owner, _text(label, data) if label is not None else None))
            continue
        if kind == _OPAQUE:
            stack.append((end, None, level, owner, None))
            continue
        if function is None:
            if kind in (_IF, _NEST):
                stack.append((end, None, 0, owner, None))
            continue
        if kind == _BRANCH:
            function.complexity += 1
        elif kind == _LOGIC:
            function.complexity += 1
            function.cognitive += _starts_sequence(node)
        elif kind == _ARM:
            function.arms += 1
        elif kind == _ARMBOX:
            function.armboxes += 1
        elif kind == _IF:
            if node.type in grammar.elifs or _is_else_if(node, else_clause):
                function.cognitive += 1  # "else if": flat, no nesting of its own
                inner = level
            else:
                function.cognitive += 1 + level
                inner = level + 1
                function.nesting = max(function.nesting, inner)
            if _has_plain_else(node, grammar.ifs, grammar.elifs, else_clause):
                function.cognitive += 1
            stack.append((end, function, inner, owner, None))
        else:  # _NEST
            function.cognitive += 1 + level
            function.nesting = max(function.nesting, level + 1)
            stack.append((end, function, level + 1, owner, None))
    result = []
    for function, name in found:
        node = function.node
        first, last = node.start_point[0], node.end_point[0]
        complexity = function.complexity + max(0, function.arms - function.armboxes)
        result.append(FunctionMetrics(name, first + 1, last + 1, complexity,
                                      code_lines[min(last + 1, len(code_lines) - 1)] - code_lines[first],
                                      function.cognitive, function.nesting))
    result.sort(key=lambda f: (f.line, f.name))
    return result


def _starts_sequence(operator: Node) -> int:
    """1 when this ``&&``/``||`` starts a run of like operators (SonarSource: a run counts once)."""
    expression = operator.parent
    outer = expression.parent if expression is not None else None
    if expression is not None and outer is not None and outer.type == expression.type:
        outer_operator = outer.child_by_field_name("operator")
        if outer_operator is not None and outer_operator.type == operator.type:
            return 0
    return 1


def _is_else_if(node: Node, else_clause: str) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if else_clause and parent.type == else_clause:
        return True
    return parent.type == node.type and parent.child_by_field_name("alternative") == node


def _has_plain_else(node: Node, ifs: frozenset[str], elifs: frozenset[str], else_clause: str) -> bool:
    """Whether an if ends in a plain ``else`` (not an ``else if``; Python's ``elif`` clauses come before it)."""
    for alternative in node.children_by_field_name("alternative"):
        if alternative.type in elifs:
            continue
        if else_clause and alternative.type == else_clause:
            inner = alternative.named_children
            return not (len(inner) == 1 and inner[0].type in ifs)
        return alternative.type not in ifs
    return False


def _text(node: Node, data: bytes) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8", "replace")


_NAME_TYPES = frozenset({"identifier", "field_identifier", "qualified_identifier", "operator_name",
                         "destructor_name", "property_identifier", "type_identifier", "private_property_identifier"})


def _own_name(node: Node, data: bytes) -> str | None:
    """A function's own name (C/C++: inside its declarator), ``None`` for an anonymous function."""
    name_node = node.child_by_field_name("name")
    if name_node is None and node.type == "function_definition":
        declarator = node.child_by_field_name("declarator")
        while declarator is not None and declarator.type not in _NAME_TYPES:
            declarator = declarator.child_by_field_name("declarator")
        name_node = declarator
    return _text(name_node, data) if name_node is not None else None




#: Set DEBT_EXPLORER_NO_TREE_SITTER=1 to measure every non-Python language with lizard (for comparisons).
DISABLED = os.environ.get("DEBT_EXPLORER_NO_TREE_SITTER") == "1"
