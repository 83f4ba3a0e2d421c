"""Per-blob metrics: equal to radon and lizard run directly, robust to bad input."""

from __future__ import annotations

import multiprocessing
import sys

import lizard
import pytest
from radon.complexity import cc_visit
from radon.metrics import mi_visit
from radon.raw import analyze

from debt_explorer.core import metrics
from debt_explorer.core.metric_pool import analyze_many, analyze_with_budget
from debt_explorer.core.rawcount import raw_metrics_fast, raw_metrics_tokenize

PY = '''"""Module docstring
spanning lines."""
import os  # a comment

# a lone comment


class Shape:
    """A shape."""

    def area(self, kind):
        if kind == "square" and self.ok:
            return 1
        elif kind:
            return 2
        return 0

    def describe(self):
        def helper(x):
            return [i for i in range(x) if i % 2]
        return helper(3)


def top(a, b):
    for item in a:
        while b:
            b -= 1
    x = {"k": 1}; y = 2
    return os.path.join(a, str(b)) if a else None
'''

SNIPPETS = [
    PY,
    "x = 1\n",
    "",
    "\n\n\n",
    "# only\n# comments\n",
    "def f(\n    a,\n\n    b,\n):\n    return (a +\n            b)\n",
    "s = '''\nmulti\n\nline\n'''\nt = \"one\"\n",
    "if x: y = 1\nelse: y = 2\n",
    "value = 1 + \\\n    2\n",
    "@decorator(\n    arg=1)\ndef g():\n    'doc'\n    return r'\\d+'\n",
    "x = f'{a}' 'b'  # two strings\nlambda q: q\nd = {1: 2}\n",
    "def h():\n    pass\n# trailing comment without newline",
]


@pytest.mark.parametrize("source", SNIPPETS)
def test_raw_counts_equal_radon(source: str) -> None:
    expected = tuple(analyze(source))
    assert tuple(raw_metrics_tokenize(source)) == expected
    fast = raw_metrics_fast(source)
    assert fast is None or tuple(fast) == expected


def test_python_metrics_equal_radon_run_directly() -> None:
    result = metrics.analyze_blob("shape.py", PY.encode())
    blocks = cc_visit(PY)
    functions = [b for b in blocks if not hasattr(b, "methods")]
    assert result.parsed and result.language == "Python"
    # Shape.area (if, and, elif) = 4, Shape.describe = 1, helper (comprehension with if) = 3, top (for, while, ifexp) = 4
    assert [(f.name, f.complexity) for f in result.function_list] == [
        ("Shape.area", 4), ("Shape.describe", 1), ("Shape.describe.helper", 3), ("top", 4)]
    assert result.complexity == 12 and result.max_complexity == 4 and result.functions == 4
    assert result.complexity == sum(f.complexity for f in functions) + 3  # + the closure radon reports apart
    assert result.maintainability == round(mi_visit(PY, True), 2)
    assert result.sloc == analyze(PY).sloc


def test_chunked_and_whole_file_measurements_agree() -> None:
    chunked = metrics._python("shape.py", PY)
    whole = metrics._python_whole("shape.py", PY)
    assert chunked == whole
    edited = PY.replace("return 0", "return -1")
    assert metrics._python("shape.py", edited) == metrics._python_whole("shape.py", edited)


def test_lizard_languages_equal_lizard() -> None:
    js = "function f(a) {\n  if (a && a.b) { return 1; }\n  for (;;) { break; }\n  return 0;\n}\n"
    go = "package m\n\nfunc G(x int) int {\n\tif x > 1 {\n\t\treturn x\n\t}\n\treturn 0\n}\n"
    for name, text in (("a.js", js), ("b.go", go)):
        expected = lizard.analyze_file.analyze_source_code(name, text)
        result = metrics.analyze_blob(name, text.encode())
        assert result.parsed and result.maintainability is None
        assert result.complexity == sum(f.cyclomatic_complexity for f in expected.function_list)
        assert result.sloc == expected.nloc
    assert metrics.analyze_blob("a.js", js.encode()).complexity == 4


def test_python2_and_newer_syntax_fall_back_to_tree_sitter_then_lizard() -> None:
    py2 = (b"class Shape(object):\n"
           b"    def area(self, a, b):\n"
           b"        if a and b or a:\n"           # if +1, and/or +2        cognitive: if +1, two runs +2
           b"            return 1\n"
           b"        elif b:\n"                    # +1                      +1 (flat)
           b"            print 'b'\n"              # Python 2: Python's parser rejects the file
           b"        else:\n"                      #                         +1
           b"            return 3\n"
           b"\n"
           b"def outer(xs):\n"
           b"    def inner(b):\n"
           b"        return b if b else xs\n"      # inner: +1               inner: +1
           b"    assert [x for x in xs if x]\n"    # +1; not what is inside (radon does not look inside an assert)
           b"    for x in xs:\n"                   # +1                      +1
           b"        try:\n"
           b"            pass\n"
           b"        except ValueError, e:\n"      # +1                      +2 (nested once)
           b"            pass\n"
           b"    else:\n"                          # +1 (a loop's else)
           b"        pass\n")
    result = metrics.analyze_blob("old.py", py2)
    assert not result.parsed and result.reason.startswith("python syntax error line 6")
    assert result.reason.endswith(metrics.TREE_SITTER_PYTHON) and result.maintainability is None
    assert [(f.name, f.line, f.end_line, f.complexity, f.cognitive) for f in result.function_list] == [
        ("Shape.area", 2, 8, 5, 5), ("outer", 10, 20, 5, 3), ("outer.inner", 11, 12, 2, 1)]
    newer = b"type Pair[T] = tuple[T, T]\n\ndef first[T](xs: list[T]) -> T:\n    match xs:\n" \
            b"        case [x, *_]:\n            return x\n        case _:\n            raise IndexError\n"
    result = metrics.analyze_blob("new.py", newer)
    if sys.version_info < (3, 12):  # PEP 695 syntax: newer than this interpreter
        assert result.reason.endswith(metrics.TREE_SITTER_PYTHON) and result.function_list[0].cognitive == 1
    else:
        assert result.parsed
    assert [(f.name, f.complexity) for f in result.function_list] == [("first", 2)]  # a case _ adds nothing
    broken = metrics.analyze_blob("bad.py", b"def f(:\n  pass\n")  # the grammar rejects it too: lizard
    assert not broken.parsed and "syntax error" in broken.reason and broken.cognitive is None


def test_binary_undecodable_and_cookie() -> None:
    assert metrics.analyze_blob("x.py", b"\x00\x01abc").reason == "binary"
    undecodable = metrics.analyze_blob("x.py", b"x = '\xff\xfe'\ny = 2\n")
    assert not undecodable.parsed and undecodable.reason.startswith("undecodable") and undecodable.loc == 2
    latin = metrics.analyze_blob("y.py", "# -*- coding: latin-1 -*-\ndef f():\n    return 'caf\xe9'\n".encode("latin-1"))
    assert latin.parsed and latin.functions == 1


def test_deep_nesting_never_crashes() -> None:
    deep = ("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n").encode()
    result = metrics.analyze_blob("deep.py", deep)
    assert not result.parsed and result.reason
    nested = "def deep(a):\n" + "".join("    " * i + f"if a > {i}:\n" for i in range(1, 111)) + "    " * 111 + "pass\n"
    too_deep = metrics.analyze_blob("nested.py", nested.encode())
    assert not too_deep.parsed and "too many levels of indentation" in too_deep.reason
    assert too_deep.complexity > 100  # lizard still counts the branches


def test_time_budget_marks_slow_files_skipped() -> None:
    big = "".join(f"def f{i}(a):\n    return a if a > {i} else {i}\n" for i in range(4000)).encode()
    result = analyze_with_budget("big.py", big, timeout=0.001)
    assert not result.parsed and result.reason == "skipped: metric work exceeded 0.001 s"
    assert result.loc == 8000


def test_pool_returns_everything_and_cleans_up() -> None:
    items = [(f"k{i}", f"f{i}.py", f"def f(a):\n    return a or {i}\n".encode()) for i in range(60)]
    results = {key: metrics for key, metrics, extra, chunks in analyze_many(items, jobs=2)
               if extra is None and chunks is None}
    assert set(results) == {f"k{i}" for i in range(60)}
    assert all(m.complexity == 2 for m in results.values())
    generator = analyze_many(items, jobs=2)
    next(generator)
    generator.close()
    assert [p for p in multiprocessing.active_children() if p.is_alive()] == []


def test_pool_gives_the_named_items_to_the_extra_function_instead() -> None:
    from debt_explorer.core.ai.style import extract
    from debt_explorer.core.ai.style_cache import _decode, blob_features

    text = "".join(f"def f{i}(a):\n    # step {i}\n    return a or {i}\n\n" for i in range(20))
    items = [("long", "long.py", text.encode()), ("short", "short.py", b"x = 1\n"), ("bin", "bin.py", b"a\0b"),
             ("measured", "long.py", text.encode())]
    found = {key: (metrics, extra) for key, metrics, extra, _chunks in
             analyze_many(items, jobs=2, extra=blob_features, extra_keys={"long", "short", "bin"})}
    assert found["measured"][0].functions == 20 and found["measured"][1] is None
    assert found["long"][0] is None and _decode(found["long"][1]) == (True, extract(text))  # as on the scan's thread
    assert found["short"] == (None, {"none": True})  # too short to score: stored as such
    assert found["bin"] == (None, None)  # no text: nothing to store


def _slow_extra(path: str, data: bytes) -> int:
    while True:
        pass


def test_an_extra_function_over_the_budget_says_so() -> None:
    from debt_explorer.core.metric_pool import EXTRA_OVER_BUDGET

    items = [("k", "a.py", b"def f(a):\n    return a or 1\n"), ("m", "a.py", b"def f(a):\n    return a or 1\n")]
    found = {key: (metrics, extra) for key, metrics, extra, _chunks in
             analyze_many(items, jobs=1, timeout=0.2, extra=_slow_extra, extra_keys={"k"})}
    assert found["k"] == (None, EXTRA_OVER_BUDGET)
    assert found["m"][0].complexity == 2 and found["m"][1] is None


def test_work_chunks_keep_the_versions_of_one_path_together() -> None:
    from debt_explorer.core import metric_pool

    items = [(f"{path}-{n}", path, b"x" * 100_000) for path in ("a.py", "b.py") for n in range(5)]
    items += [(f"c-{n}", "c.py", b"y") for n in range(1000)]
    chunks = list(metric_pool._chunks(items))
    paths = [sorted({item[1] for item in chunk}) for chunk in chunks]
    # 500 KB of a.py passes the 256 KB mark, but the chunk closes only where the path changes
    assert paths[0] == ["a.py"] and len(chunks[0]) == 5 and paths[1] == ["b.py"]
    # one path's thousand versions are cut at the hard cap, never into one huge task
    assert [len(chunk) for chunk in chunks[2:]] == [400, 400, 200]
    assert [item for chunk in chunks for item in chunk] == items
