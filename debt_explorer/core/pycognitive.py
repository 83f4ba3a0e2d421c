"""Cognitive complexity of Python functions, from complexipy (SonarSource's rules, in Rust).

complexipy counts a nested function inside its parent, so a closure gets 0
(its share is in the enclosing function's figure).  Functions are paired with
radon's by qualified name (``C::m`` there, ``C.m`` here), the k-th function of
a name with the k-th (a property's getter and setter share theirs), else by
last line and short name.
"""

from __future__ import annotations

from collections.abc import Sequence

import complexipy


def cognitive_of(text: str, functions: Sequence[tuple[str, int]]) -> list[int | None]:
    """Cognitive complexity of each ``(qualified name, last line)``; 0 for a function complexipy does not list
    (a nested function: its share is its parent's); ``None`` for all (unknown) when complexipy cannot parse ``text``."""
    if not functions:
        return []
    try:
        measured = complexipy.code_complexity(text).functions
    except (ValueError, RecursionError, MemoryError):
        return [None] * len(functions)
    by_name: dict[str, list[int]] = {}
    for found in sorted(measured, key=lambda f: f.line_start):
        by_name.setdefault(found.name.replace("::", "."), []).append(found.complexity)
    by_end = {(f.line_end, f.name.rpartition("::")[2]): f.complexity for f in measured}
    seen: dict[str, int] = {}
    values: list[int | None] = []
    for name, end in functions:
        index = seen[name] = seen.get(name, -1) + 1
        same_name = by_name.get(name, ())
        values.append(same_name[index] if index < len(same_name)
                      else by_end.get((end, name.rpartition(".")[2]), 0))
    return values
