"""Every analyzer failure becomes parsed: false with a reason -- never a crash, never a silent zero."""

from __future__ import annotations

import lizard
import pytest

from debt_explorer.core.metrics import _lizard_info, analyze_blob
from gitrepo import RepoBuilder
from scanhelp import ALICE, scan

DEEP_JS = "function f(a) { " + "if (a) { " * 400 + "a();" + "}" * 400 + "}\n"
#: The same with a line the JavaScript grammar rejects: tree-sitter hands the file to lizard, whose parser recurses.
DEEP_BROKEN_JS = DEEP_JS + "let = = ;\n"


def test_long_expressions_within_the_walk_limit_are_measured() -> None:
    """radon's two recursive visitors failed at 350 terms; the one-walk visitor recurses once per level."""
    from radon.metrics import mi_visit

    text = "x = " + "+".join(["1"] * 900) + "\n"
    metrics = analyze_blob("long.py", text.encode())
    assert metrics.parsed and metrics.complexity == 0 and metrics.maintainability == 68.9
    short = "x = " + "+".join(["1"] * 300) + "\n"  # radon itself can still walk this one
    assert analyze_blob("short.py", short.encode()).maintainability == round(mi_visit(short, True), 2)


@pytest.mark.parametrize("terms", [1000, 2900, 20_000])
def test_long_expressions_are_unparsed_with_a_reason(terms: int) -> None:
    metrics = analyze_blob("long.py", ("x = " + "+".join(["1"] * terms) + "\n").encode())
    assert metrics.parsed is False
    assert "RecursionError" in metrics.reason
    assert metrics.loc == 1 and metrics.language == "Python"


def test_undefined_coding_cookie_with_an_invalid_byte() -> None:
    metrics = analyze_blob("odd.py", b"# -*- coding: undefined -*-\nx = '\xff'\n")
    assert (metrics.parsed, metrics.reason) == (False, "undecodable text (not UTF-8)")


def test_deep_nesting_is_measured_by_tree_sitter() -> None:
    metrics = analyze_blob("deep.js", DEEP_JS.encode())
    assert (metrics.parsed, metrics.complexity, metrics.max_complexity) == (True, 401, 401)


def test_lizard_recursion_limit_is_not_a_silent_zero(capfd: pytest.CaptureFixture[str]) -> None:
    metrics = analyze_blob("deep.js", DEEP_BROKEN_JS.encode())
    assert metrics.parsed is False
    assert metrics.reason == "lizard failed: nesting too deep for its parser (RecursionError)"
    assert "[skip] fail to process" not in capfd.readouterr().err  # nothing leaks to the terminal either
    # lizard's own entry point gives the silent wrong answer this guards against
    assert lizard.analyze_file.analyze_source_code("deep.js", DEEP_JS).function_list == []


@pytest.mark.parametrize("path, text", [
    ("a.js", "function f(a, b) {\n  if (a && b) { return a; }\n  for (;;) { break; }\n  return b;\n}\n"),
    ("b.go", "package x\nfunc F(a int) int {\n\tif a > 1 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n"),
    ("c.java", "class C { int f(int a) { switch (a) { case 1: return 1; default: return 0; } } }\n"),
])
def test_our_lizard_call_matches_lizard_on_ordinary_code(path: str, text: str) -> None:
    ours, theirs = _lizard_info(path, text), lizard.analyze_file.analyze_source_code(path, text)
    assert [(f.name, f.cyclomatic_complexity, f.nloc) for f in ours.function_list] == \
        [(f.name, f.cyclomatic_complexity, f.nloc) for f in theirs.function_list]
    assert ours.nloc == theirs.nloc and ours.function_list


@pytest.mark.parametrize("jobs", [1, 2])
def test_hostile_files_in_a_scan(repo_builder: RepoBuilder, jobs: int) -> None:
    repo_builder.write("long.py", "x = " + "+".join(["1"] * 1000) + "\n")
    repo_builder.write("odd.py", b"# -*- coding: undefined -*-\nx = '\xff'\n")
    repo_builder.write("deep.js", DEEP_BROKEN_JS)
    repo_builder.write("nested.js", DEEP_JS)
    repo_builder.write("fine.py", "def f(a):\n    return a\n")
    repo_builder.commit("hostile", "2024-01-10T12:00:00+00:00", ALICE)
    result = scan(repo_builder.path, jobs=jobs)
    reasons = {f.path: (f.parsed, f.unparsed_reason) for f in result.files}
    assert reasons["fine.py"] == (True, None)
    assert reasons["long.py"] == (False, "complexity walk failed: RecursionError (nesting too deep); "
                                         "measured by tree-sitter's Python grammar (no maintainability index)")
    assert reasons["odd.py"] == (False, "undecodable text (not UTF-8)")
    assert reasons["deep.js"] == (False, "lizard failed: nesting too deep for its parser (RecursionError)")
    assert reasons["nested.js"] == (True, None)
