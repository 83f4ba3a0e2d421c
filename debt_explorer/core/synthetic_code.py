"""Render plausible source code from a file's shape (branch count per function), for generated histories.

A function with ``b`` branches is an if/elif chain of ``b`` conditions (a
``switch`` with ``b`` cases in TypeScript, a ``match`` with ``b`` arms plus
``_`` in Rust), so its cyclomatic complexity is ``b + 1`` in radon, lizard and
tree-sitter alike.
"""

from __future__ import annotations

from collections.abc import Callable

_VERBS = ("load", "parse", "store", "render", "apply", "merge", "check", "resolve", "build", "sync")


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", "_")


def _else_if_chain(branches: int, index: int, indent: str, step: str, test: Callable[[int], str],
                   push: Callable[[int], str]) -> list[str]:
    """A brace language's if / else-if chain of ``branches`` conditions (``test(branch)``), each adding
    ``branch * (index + 1)`` to the result (``push(value)``): one decision per condition."""
    out: list[str] = []
    for branch in range(branches):
        keyword = "if" if branch == 0 else "} else if"
        out += [f"{indent}{keyword} {test(branch)} {{", f"{indent}{step}{push(branch * (index + 1))}"]
    if branches:
        out.append(f"{indent}}}")
    return out


def render(path: str, language: str, functions: list[int], revision: int, style: str = "plain") -> str:
    """Source text for a file of this shape.  ``style``: ``plain``, ``human`` (TODOs, commented-out
    code, debug prints) or ``ai`` (uniform docstrings, type hints, an example-usage block)."""
    stem = _stem(path)
    if language == "JavaScript":
        return _javascript(stem, functions, revision)
    if language == "TypeScript":
        return _typescript(stem, functions, revision)
    if language == "Go":
        return _go(stem, functions, revision)
    if language == "Rust":
        return _rust(stem, functions, revision)
    if language in ("Java", "C#"):
        return _java_like(stem, functions, revision, language)
    if style == "ai":
        return _python_ai(stem, functions, revision)
    if style == "human":
        return _python_human(stem, functions, revision)
    return _python(stem, functions, revision)


def _python_ai(stem: str, functions: list[int], revision: int) -> str:
    title = stem.replace("_", " ")
    out = [f'"""{title.capitalize()} service.', "", f"This module provides utilities for {title} management.", '"""',
           "", "from __future__ import annotations", "", "import logging", "from typing import Any", "",
           "logger = logging.getLogger(__name__)", ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)]}_{stem}_{index}"
        out += ["", f"def {name}(request: dict[str, Any], options: dict[str, Any] | None = None) -> list[int]:",
                f'    """{_VERBS[index % len(_VERBS)].capitalize()} the {title} request.', "", "    Args:",
                "        request: The incoming request payload.", "        options: Optional settings.", "",
                "    Returns:", "        A list of computed values.", '    """', "    result: list[int] = []",
                "    kind = request.get(\"kind\", 0)"]
        for branch in range(branches):
            keyword = "if" if branch == 0 else "elif"
            out += [f"    {keyword} kind == {branch}:", f"        # Handle case {branch}",
                    f"        result.append({branch * (index + 1)})"]
        out += [f'    logger.info("Processed {title} request: %s", result)', "    return result", ""]
    out += ["", "# Example usage", 'if __name__ == "__main__":',
            f'    print({_VERBS[0]}_{stem}_0({{"kind": 1}}))  # \u2705 works', ""]
    return "\n".join(out) + "\n"


def _python_human(stem: str, functions: list[int], revision: int) -> str:
    out = [f"# {stem} -- see wiki", "import logging", "", "log = logging.getLogger(__name__)",
           f"REV = {revision}  # bump when the schema changes", ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)]}_{stem}_{index}"
        out += ["", f"def {name}(req, opts=None):"]
        if index % 3 == 0:
            out.append(f"    # TODO(alice) 2023-04: clean this up once the v{index + 2} API is gone")
        out.append("    res = []")
        for branch in range(branches):
            keyword = "if" if branch == 0 else "elif"
            out += [f"    {keyword} req.kind == {branch}:", f"        res.append({branch * (index + 1)})"]
            if branch == 1:
                out.append("        # res.append(legacy_value(req))")
        if index % 2:
            out.append("    print('DEBUG', res)")
        out += ["    return res", ""]
    return "\n".join(out) + "\n"


def _python(stem: str, functions: list[int], revision: int) -> str:
    out = [f'"""Helpers for {stem.replace("_", " ")}."""', "", "import logging", "",
           "LOG = logging.getLogger(__name__)", f"REVISION = {revision}", ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)]}_{stem}_{index}"
        out += ["", f"def {name}(request, options=None):", f'    """{name.replace("_", " ").capitalize()}."""',
                "    result = []"]
        for branch in range(branches):
            keyword = "if" if branch == 0 else "elif"
            out += [f"    {keyword} request.kind == {branch}:", f"        result.append({branch * (index + 1)})"]
            if branch % 3 == 2:
                out.append(f"        LOG.debug('branch %s', {branch})")
        out += ["    return result", ""]
    return "\n".join(out) + "\n"


def _javascript(stem: str, functions: list[int], revision: int) -> str:
    out = [f"// Helpers for {stem.replace('_', ' ')}.", f"const REVISION = {revision};", ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)]}_{stem}_{index}"
        out += [f"function {name}(request, options) {{", "  const result = [];"]
        out += _else_if_chain(branches, index, "  ", "  ", lambda b: f"(request.kind === {b})",
                              lambda v: f"result.push({v});")
        out += ["  return result;", "}", ""]
    names = ", ".join(f"{_VERBS[i % len(_VERBS)]}_{stem}_{i}" for i in range(len(functions)))
    out.append(f"module.exports = {{ {names} }};")
    return "\n".join(out) + "\n"


def _go(stem: str, functions: list[int], revision: int) -> str:
    out = ["package synthetic", "", f"// Revision of {stem}.", f"const Revision{stem.title().replace('_', '')} = {revision}",
           ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)].title()}{stem.title().replace('_', '')}{index}"
        out += [f"func {name}(kind int) []int {{", "\tresult := []int{}"]
        out += _else_if_chain(branches, index, "\t", "\t", lambda b: f"kind == {b}",
                              lambda v: f"result = append(result, {v})")
        out += ["\treturn result", "}", ""]
    return "\n".join(out) + "\n"


def _typescript(stem: str, functions: list[int], revision: int) -> str:
    """Typed functions whose branches are a ``switch``: complexity ``b + 1`` (one per ``case``)."""
    out = [f"// Helpers for {stem.replace('_', ' ')}.", f"export const REVISION: number = {revision};", "",
           "export interface Request {", "  kind: number;", "  label?: string;", "}", ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)]}{stem.title().replace('_', '')}{index}"
        out += [f"export function {name}(request: Request): number[] {{", "  const result: number[] = [];"]
        if branches:
            out.append("  switch (request.kind) {")
            for branch in range(branches):
                out += [f"    case {branch}:", f"      result.push({branch * (index + 1)});", "      break;"]
            out += ["    default:", "      break;", "  }"]
        out += ["  return result;", "}", ""]
    return "\n".join(out) + "\n"


def _rust(stem: str, functions: list[int], revision: int) -> str:
    """Functions whose branches are ``match`` arms (plus a final ``_`` arm): complexity ``b + 1``."""
    out = [f"//! Helpers for {stem.replace('_', ' ')}.", "", f"pub const REVISION: u32 = {revision};", ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)]}_{stem}_{index}"
        out += [f"pub fn {name}(kind: u32) -> Vec<u32> {{", "    let mut result = Vec::new();"]
        if branches:
            out.append("    match kind {")
            for branch in range(branches):
                out.append(f"        {branch} => result.push({branch * (index + 1)}),")
            out += ["        _ => {}", "    }"]
        out += ["    result", "}", ""]
    return "\n".join(out) + "\n"


def _java_like(stem: str, functions: list[int], revision: int, language: str) -> str:
    """A class whose methods branch with an if/else-if chain: complexity ``b + 1``."""
    cls = stem.title().replace("_", "")
    lines_type, add = ("java.util.List<Integer>", "add") if language == "Java" else ("System.Collections.Generic.List<int>", "Add")
    out = [f"// Helpers for {stem.replace('_', ' ')}.", f"public class {cls} {{",
           f"    public static final int REVISION = {revision};" if language == "Java"
           else f"    public const int REVISION = {revision};", ""]
    for index, branches in enumerate(functions):
        name = f"{_VERBS[index % len(_VERBS)]}{index}"
        out += [f"    public {lines_type} {name}(int kind) {{", f"        var result = new {lines_type.replace('java.util.List', 'java.util.ArrayList')}();"]
        out += _else_if_chain(branches, index, "        ", "    ", lambda b: f"(kind == {b})",
                              lambda v: f"result.{add}({v});")
        out += ["        return result;", "    }", ""]
    out.append("}")
    return "\n".join(out) + "\n"
