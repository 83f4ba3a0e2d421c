"""The one-walk visitor gives radon's complexity and Halstead figures, rule for rule."""

from __future__ import annotations

import ast
import math

import pytest
from radon.metrics import h_visit
from radon.visitors import ComplexityVisitor, HalsteadVisitor

from debt_explorer.core import metrics
from debt_explorer.core.pyvisit import visit_module

# Every construct radon treats specially, and the places it does not look.
TRICKY = '''
import os

@decorate(lambda v: v if v else 0)          # decorators: not looked at by either visitor
def outer(a, b=[i for i in range(3) if i]):  # defaults: neither
    """doc"""
    def inner(x):
        return x and a or b
    class Local:                             # a class inside a function: radon drops it
        def method(self):
            if self:
                return 1
    try:
        pass
    except ValueError:
        pass
    except (TypeError, KeyError):
        pass
    else:
        a += 1
    assert a > 0 and b, "assert counts 1, its and is not looked at"
    return inner


class Shape(Base, metaclass=Meta if os else type):
    x = [v for v in range(3) if v if v > 1]
    if os.sep == "/":
        def posix(self):
            return -self.x
    class Inner:
        def deep(self, n):
            match n:
                case 1 | 2:
                    return "low"
                case [a, b]:
                    return a < b <= 3
                case _:
                    return None
    def loop(self):
        for i in range(3):
            while i:
                i -= 1
            else:
                break
        else:
            pass
        return not i


async def agen(q):
    async for item in q:
        async with item:
            yield item ** 2
    def last():
        pass
'''


def _radon(tree: ast.Module) -> tuple[object, ...]:
    cc = ComplexityVisitor.from_ast(tree)
    hal = HalsteadVisitor.from_ast(tree)
    blocks: list[tuple[str, int, int, int]] = []

    def add(function: object, owner: str) -> None:
        name = owner + function.name  # type: ignore[attr-defined]
        blocks.append((name, function.lineno, function.endline, function.complexity))  # type: ignore[attr-defined]
        for closure in function.closures:  # type: ignore[attr-defined]
            add(closure, name + ".")

    def add_class(cls: object, owner: str) -> None:
        for method in cls.methods:  # type: ignore[attr-defined]
            add(method, f"{owner}{cls.name}.")  # type: ignore[attr-defined]
        for inner in cls.inner_classes:  # type: ignore[attr-defined]
            add_class(inner, f"{owner}{cls.name}.")  # type: ignore[attr-defined]

    for function in cc.functions:
        add(function, "")
    for cls in cc.classes:
        add_class(cls, "")
    valued = sorted(repr(o) for o in hal.operands_seen if not isinstance(o[1], ast.AST))
    return (cc.total_complexity, blocks, sorted(hal.operators_seen), hal.operators, hal.operands, valued,
            sum(isinstance(o[1], ast.AST) for o in hal.operands_seen))


def _ours(tree: ast.Module) -> tuple[object, ...]:
    v = visit_module(tree)
    valued = sorted(repr(o) for o in v.operands_seen)
    return (v.total_complexity, v.named_functions(), sorted(v.operators_seen), v.operators, v.operands, valued,
            v.unique_operands)


@pytest.mark.parametrize("source", [TRICKY, "", "x = 1\n", "assert x\n", "def f():\n    def g():\n        pass\n",
                                    "class A:\n    assert 1\n", "y = a if b else (c or d or e)\n",
                                    "match p:\n    case x:\n        pass\n    case 2:\n        pass\n"])
def test_same_figures_as_radon(source: str) -> None:
    tree = ast.parse(source)
    assert _ours(tree) == _radon(tree)


def test_hand_counted_tricky_module() -> None:
    visited = visit_module(ast.parse(TRICKY))
    functions = {name: (line, end, complexity) for name, line, end, complexity in visited.named_functions()}
    # outer: 1 + try (2 handlers + else) + assert = 5; inner: 1 + and + or = 3; Local.method is dropped, as in radon
    assert functions["outer"] == (5, 22, 5) and functions["outer.inner"][2] == 3
    assert "outer.Local.method" not in functions and "Local.method" not in functions
    # match with a catch-all: 2 cases count; the comparison chain adds nothing
    assert functions["Shape.Inner.deep"][2] == 3
    # for + else (2) + while + else (2) = 5; the method inside `if` at class level is a method
    assert functions["Shape.loop"][2] == 5 and functions["Shape.posix"][2] == 1
    # radon's end line: the last statement of agen is a nested def, so the function "ends" where it starts
    # (async for counts 1, async with nothing)
    assert functions["agen"] == (50, 50, 2) and functions["agen.last"] == (54, 55, 1)
    # module 1 + outer (5-1) + agen (2-1) + Shape (1 + comprehension with two ifs 3 + if 1 + posix 1 + loop 5) - 1;
    # Shape.Inner's complexity is not in Shape's, as in radon
    assert visited.total_complexity == ComplexityVisitor.from_ast(ast.parse(TRICKY)).total_complexity == 16
    assert math.isclose(visited.volume, h_visit(TRICKY).total.volume)


def test_scan_figures_unchanged_for_chunked_and_whole_paths() -> None:
    """The blob metrics built on the walk equal radon's module figures (MI uses the Halstead volume)."""
    from radon.metrics import mi_visit

    result = metrics.analyze_blob("tricky.py", TRICKY.encode())
    assert result.parsed and result.maintainability == round(mi_visit(TRICKY, True), 2)
    assert metrics._python("tricky.py", TRICKY) == metrics._python_whole("tricky.py", TRICKY)


CLASSES = '''class Base:
    """Doc."""
    limit = 3 if True else 4

    @property
    def value(self):
        if self.limit:
            return 1
        return 0

    @value.setter
    def value(self, new):
        self.limit = new

    kind = "a" or "b"

    def __ne__(self, other):
        return not self == other

    class Inner:
        def deep(self):
            return [i for i in range(3) if i]

    def last(self):
        def helper():
            return self.limit and 1
        return helper


class Other(Base):
    def __init__(self):
        pass

    def __ne__(self, other):
        return not self == other


class Odd:
    def first(self):
        return 1

    def second(self):
        return """
text at column 0
"""
'''


def test_classes_are_cut_by_method_and_merge_to_the_whole_class() -> None:
    from debt_explorer.core.pychunks import _class_pieces, split_top_level

    chunks = dict(split_top_level(CLASSES))
    assert [first for first, _ in _class_pieces(chunks[1]) or []] == [1, 11, 17, 24]
    assert [first for first, _ in _class_pieces(chunks[30]) or []] == [1, 5]
    assert _class_pieces(chunks[38]) is None  # a line of a later piece at column 0: measured whole
    chunked = metrics._python("classes.py", CLASSES)
    assert chunked == metrics._python_whole("classes.py", CLASSES)
    by_name = [(f.name, f.complexity, f.cognitive) for f in chunked.function_list]
    # the getter and the setter share a name; each keeps its own cognitive complexity
    assert ("Base.value", 2, 1) in by_name and ("Base.value", 1, 0) in by_name
    assert ("Base.Inner.deep", 3, 2) in by_name  # complexipy: the comprehension's for and if
    assert ("Base.last", 1, 1) in by_name and ("Base.last.helper", 2, 0) in by_name  # a closure's share is its parent's
    # identical methods in two classes keep two distinct operands (radon keys `self == other` by its node),
    # which the maintainability index (from the Halstead volume) shows
    from radon.metrics import mi_visit

    assert chunked.maintainability == round(mi_visit(CLASSES, True), 2)
