"""radon's cyclomatic complexity and Halstead counts of a Python tree in one walk.

radon measures a module with two ``ast.NodeVisitor`` subclasses
(``ComplexityVisitor`` and ``HalsteadVisitor``), each walking the whole tree
through ``visit`` -> ``visit_<Class>`` -> ``generic_visit`` -> ``iter_fields``:
about a third of all Python metric time in a scan.  This module walks the tree
once, with the children of each node type listed in advance, and applies both
visitors' rules on the way.  The numbers are radon's, rule for rule (radon
5/6, ``radon/visitors.py``); ``benchmarks/pyvisit_check.py`` compares every
figure with radon's own visitors over whole histories.

Complexity (``ComplexityVisitor``):

* +1 for ``if``, a conditional expression, ``assert``; +1 (+1 with ``else``)
  for ``for``/``async for``/``while``; handlers (+1 with ``else``) for ``try``
  (not ``try``/``except*``: radon does not name it); values − 1 for ``and``/
  ``or``; ``ifs`` + 1 per comprehension; the cases of a ``match`` except a
  catch-all;
* ``assert`` counts 1 and nothing inside it is looked at;
* a function's complexity is 1 + the decisions of its body, not of the
  functions and classes defined in it (those are its closures, or dropped for
  a class, as radon does); a function ends at the largest line number of a
  node radon visits in its last statement (radon's end line, shorter than the
  real one when that statement is a nested ``def``, ``class`` or ``assert``);
* decorators, arguments and annotations of a function are not looked at, nor
  the bases, keywords and decorators of a class;
* the module's total is its own decisions + 1 + Σ (function − 1) + Σ (class − 1)
  where a class is 1 + the decisions of its body + its methods' complexity.

Halstead (``HalsteadVisitor``): each ``BinOp``, ``UnaryOp``, ``BoolOp``,
``AugAssign`` and ``Compare`` adds its operators and operands; an operand is
told apart by (innermost function name, its name/attribute/constant value),
any other operand expression being distinct from all others (radon keys it
by the node object; here it is counted in ``unique_operands``, so that two
texts measured apart and merged keep them apart too).  A function's
body is visited under its name; its decorators and arguments are not visited.
Everything else, ``assert`` and class headers included, is visited.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Any

_FUNCTION, _CLASS, _ASSERT, _TRY, _BOOLOP, _IF, _MATCH, _LOOP, _COMPREHENSION = range(1, 10)
_BINOP, _UNARYOP, _AUGASSIGN, _COMPARE = range(10, 14)
_KINDS: dict[type, int] = {
    ast.FunctionDef: _FUNCTION, ast.AsyncFunctionDef: _FUNCTION, ast.ClassDef: _CLASS, ast.Assert: _ASSERT,
    ast.Try: _TRY, ast.BoolOp: _BOOLOP, ast.If: _IF, ast.IfExp: _IF, ast.Match: _MATCH,
    ast.For: _LOOP, ast.AsyncFor: _LOOP, ast.While: _LOOP, ast.comprehension: _COMPREHENSION,
    ast.BinOp: _BINOP, ast.UnaryOp: _UNARYOP, ast.AugAssign: _AUGASSIGN, ast.Compare: _COMPARE,
}
#: Leaf fields (operator and context singletons) neither visitor counts anything in.
_LEAF_FIELDS = frozenset({"ctx", "op", "ops"})
_fields: dict[type[ast.AST], tuple[tuple[str, ...], bool]] = {}


def _shape(kind: type[ast.AST]) -> tuple[tuple[str, ...], bool]:
    """(fields that may hold child nodes, whether the node has a line number) of a node type."""
    shape = _fields.get(kind)
    if shape is None:
        shape = (tuple(f for f in kind._fields if f not in _LEAF_FIELDS), "lineno" in kind._attributes)
        _fields[kind] = shape
    return shape


def _children(node: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    for name in _shape(type(node))[0]:
        value = getattr(node, name, None)
        if type(value) is list:
            found.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            found.append(value)
    return found


@dataclass(frozen=True, slots=True)
class Block:
    """A function as radon's ``Function`` (``closures``) or a class as its ``Class`` (``methods``, ``inner``)."""

    name: str
    line: int
    end_line: int
    complexity: int  # a class: radon's real_complexity
    closures: tuple[Block, ...] = ()
    inner: tuple[Block, ...] = ()
    is_class: bool = False


@dataclass(frozen=True, slots=True)
class Visited:
    """What radon's two visitors give for a module."""

    total_complexity: int
    functions: tuple[Block, ...]
    classes: tuple[Block, ...]
    operators_seen: frozenset[str]
    operands_seen: frozenset[tuple[str | None, Any]]
    operators: int
    operands: int
    #: distinct operands that are neither a name, an attribute nor a constant (each one distinct)
    unique_operands: int = 0
    #: what the module's statements would add to a class's complexity were they its body (radon's
    #: ``visitor.complexity + visitor.functions_complexity + len(visitor.functions)`` per body statement)
    class_body_complexity: int = 0

    @property
    def volume(self) -> float:
        """radon's ``h_visit_ast(tree).total.volume``."""
        return volume(self.operators + self.operands, len(self.operators_seen) + len(self.operands_seen)
                      + self.unique_operands)

    def named_functions(self) -> list[tuple[str, int, int, int]]:
        """(qualified name, line, end line, complexity) in radon's order: functions with their closures, then
        each class's methods and inner classes (the order :func:`metrics._walk_functions` gives)."""
        found: list[tuple[str, int, int, int]] = []

        def add_function(block: Block, owner: str) -> None:
            name = f"{owner}{block.name}"
            found.append((name, block.line, block.end_line, block.complexity))
            for closure in block.closures:
                add_function(closure, f"{name}.")

        def add_class(block: Block, owner: str) -> None:
            name = f"{owner}{block.name}."
            for method in block.closures:
                add_function(method, name)
            for inner in block.inner:
                add_class(inner, name)

        for function in self.functions:
            add_function(function, "")
        for cls in self.classes:
            add_class(cls, "")
        return found


def volume(length: int, vocabulary: int) -> float:
    """Halstead volume as radon computes it: N × log2(h), 0 for an empty vocabulary."""
    return length * math.log(vocabulary, 2) if vocabulary else 0.0


class _State:
    """One radon ``ComplexityVisitor``: its own decisions, largest line seen, functions and classes found."""

    __slots__ = ("classes", "complexity", "functions", "max_line")

    def __init__(self, complexity: int) -> None:
        self.complexity = complexity
        self.max_line = 0  # radon starts at -inf; line numbers are >= 1, so 0 means "none seen"
        self.functions: list[Block] = []
        self.classes: list[Block] = []


class _Walker:
    __slots__ = ("operands", "operands_seen", "operators", "operators_seen", "unique_operands")

    def __init__(self) -> None:
        self.operators = 0
        self.operands = 0
        self.operators_seen: set[str] = set()
        self.operands_seen: set[tuple[str | None, Any]] = set()
        self.unique_operands = 0

    # --- Halstead ---------------------------------------------------------------------------------

    def _count(self, kind: int, node: Any, context: str | None) -> None:
        if kind == _BINOP:
            self.operators += 1
            self.operands += 2
            self.operators_seen.add(type(node.op).__name__)
            operands: list[Any] = [node.left, node.right]
        elif kind == _UNARYOP:
            self.operators += 1
            self.operands += 1
            self.operators_seen.add(type(node.op).__name__)
            operands = [node.operand]
        elif kind == _BOOLOP:
            self.operators += 1
            self.operands += len(node.values)
            self.operators_seen.add(type(node.op).__name__)
            operands = node.values
        elif kind == _AUGASSIGN:
            self.operators += 1
            self.operands += 2
            self.operators_seen.add(type(node.op).__name__)
            operands = [node.target, node.value]
        else:  # _COMPARE
            self.operators += len(node.ops)
            self.operands += len(node.comparators) + 1
            self.operators_seen.update(type(op).__name__ for op in node.ops)
            operands = [*node.comparators, node.left]
        seen = self.operands_seen
        for operand in operands:
            kind_of = type(operand)
            if kind_of is ast.Name:
                seen.add((context, operand.id))
            elif kind_of is ast.Attribute:
                seen.add((context, operand.attr))
            elif kind_of is ast.Constant:
                seen.add((context, operand.value))
            else:  # radon keys any other operand by the node itself: distinct from every other
                self.unique_operands += 1

    def halstead(self, node: ast.AST, context: str | None) -> None:
        """Halstead only (inside ``assert`` and class headers, where radon's complexity does not look)."""
        kind = _KINDS.get(type(node), 0)
        if kind >= _BINOP or kind == _BOOLOP:
            self._count(kind, node, context)
        for child in _children(node):
            self.halstead(child, context)

    # --- both -------------------------------------------------------------------------------------

    def visit(self, node: Any, state: _State, context: str | None) -> None:
        kind_of = type(node)
        kind = _KINDS.get(kind_of, 0)
        if kind == _FUNCTION:
            state.functions.append(self._function(node, False))
            return
        if kind == _CLASS:
            state.classes.append(self._class(node, context))
            return
        if kind == _ASSERT:
            state.complexity += 1
            self.halstead(node, context)
            return
        fields, has_line = _shape(kind_of)
        if has_line and node.lineno > state.max_line:
            state.max_line = node.lineno
        if kind:
            if kind >= _BINOP:
                self._count(kind, node, context)
            elif kind == _BOOLOP:
                state.complexity += len(node.values) - 1
                self._count(kind, node, context)
            elif kind == _IF:
                state.complexity += 1
            elif kind == _LOOP:
                state.complexity += bool(node.orelse) + 1
            elif kind == _TRY:
                state.complexity += len(node.handlers) + bool(node.orelse)
            elif kind == _COMPREHENSION:
                state.complexity += len(node.ifs) + 1
            elif kind == _MATCH:
                catch_all = any(getattr(case.pattern, "pattern", False) is None for case in node.cases)
                state.complexity += max(0, len(node.cases) - catch_all)
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item, state, context)
            elif isinstance(value, ast.AST):
                self.visit(value, state, context)

    def _function(self, node: Any, is_method: bool) -> Block:
        del is_method  # radon's flag; names carry the class
        complexity = 1
        closures: list[Block] = []
        last = _State(0)
        for child in node.body:
            last = _State(0)
            self.visit(child, last, node.name)
            closures.extend(last.functions)
            complexity += last.complexity
        return Block(node.name, node.lineno, max(node.lineno, last.max_line), complexity, tuple(closures))

    def _class(self, node: Any, context: str | None) -> Block:
        for header in (*node.bases, *node.keywords, *node.decorator_list, *getattr(node, "type_params", ())):
            self.halstead(header, context)
        methods: list[Block] = []
        inner: list[Block] = []
        complexity = 1
        end = node.lineno
        for child in node.body:
            state = _State(0)
            self.visit(child, state, context)
            methods.extend(state.functions)
            inner.extend(state.classes)
            complexity += state.complexity + sum(f.complexity for f in state.functions)
            end = max(end, state.max_line)
        end = max([end, *(m.end_line for m in methods)])
        return Block(node.name, node.lineno, end, complexity, tuple(methods), tuple(inner), True)


def visit_module(tree: ast.Module) -> Visited:
    """radon's complexity and Halstead figures of a parsed module (raises ``RecursionError`` on absurd nesting)."""
    walker = _Walker()
    root = _State(1)
    walker.visit(tree, root, None)
    total = (root.complexity + sum(f.complexity - 1 for f in root.functions)
             + sum(c.complexity - 1 for c in root.classes))
    return Visited(total, tuple(root.functions), tuple(root.classes), frozenset(walker.operators_seen),
                   frozenset(walker.operands_seen), walker.operators, walker.operands, walker.unique_operands,
                   root.complexity - 1 + sum(f.complexity for f in root.functions))
