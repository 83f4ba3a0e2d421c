"""tree-sitter complexity on small files, values counted by hand (rules: docs/metrics.md)."""

from __future__ import annotations

import lizard
import pytest

from debt_explorer.core.metrics import analyze_blob
from debt_explorer.core.tsmetrics import available, tree_sitter_metrics

TYPESCRIPT = """\
function pick(a: number, b?: string): string {
  if (a > 1 && b) {
    return b ?? "x";
  } else if (a < 0) {
    for (const c of [1, 2]) {
      if (c) { continue; }
    }
  } else {
    return a ? "p" : "q";
  }
  return a?.toString() ?? "";
}
const twice = (n: number) => (n > 0 ? n * 2 : 0);
class Box {
  kind(v: number): string {
    switch (v) {
      case 1: return "one";
      case 2: return "two";
      default: return "many";
    }
  }
}
"""

RUST = """\
fn classify(v: Option<i32>) -> Result<i32, String> {
    let Some(x) = v else { return Err("none".into()) };
    let y = parse(x)?;
    match y {
        0 => Ok(0),
        n if n < 0 => Err("neg".into()),
        _ => {
            while y > 10 && x > 0 { }
            Ok(1)
        }
    }
}
"""

GO = """\
package shop

func grade(n int, ok bool) string {
\tif n > 90 && ok {
\t\treturn "A"
\t} else if n > 80 {
\t\treturn "B"
\t}
\tfor i := 0; i < n; i++ {
\t\tswitch {
\t\tcase i == 3:
\t\t\treturn "C"
\t\tcase i == 4 || !ok:
\t\t\treturn "D"
\t\tdefault:
\t\t}
\t}
\treturn "F"
}
"""

JAVA = """\
class Shop {
    int price(int qty, boolean member) {
        int p = qty > 10 ? 9 : 10;
        try {
            if (member || qty > 100) { p--; }
        } catch (IllegalStateException e) {
            return 0;
        }
        for (int i : new int[]{1}) { while (p > 5) { p--; } }
        return p;
    }
}
"""

CSHARP = """\
class Calc {
    int Sign(int? v) {
        var x = v ?? 0;
        var s = x switch { 1 => 1, 2 => -1, _ => 0 };
        if (x == 0 && s == 0) { return 0; }
        foreach (var c in "ab") { }
        return s;
    }
}
"""

C = """\
int clamp(int v, int lo, int hi) {
    if (v < lo) return lo;
    else if (v > hi) return hi;
    switch (v) { case 1: return 2; default: break; }
    while (v > 100 || v < -100) v /= 2;
    return v > 0 ? v : -v;
}
"""

CPP = """\
int Total::sum(const std::vector<int>& xs) {
    int t = 0;
    for (int x : xs) { if (x > 0) t += x; }
    try { t = check(t); } catch (...) { t = 0; }
    return t;
}
"""

JAVASCRIPT = """\
export function walk(items) {
  // a comment line
  return items.filter((item) => item && item.ok).length || 0;
}
"""

# (path, source, [(name, line, end_line, cyclomatic, cognitive, nesting), ...])
CASES = [
    ("a.ts", TYPESCRIPT, [("pick", 1, 12, 9, 13, 3), ("twice", 13, 13, 2, 1, 1), ("Box.kind", 15, 21, 3, 1, 1)]),
    ("a.rs", RUST, [("classify", 1, 12, 8, 4, 2)]),
    ("a.go", GO, [("grade", 3, 19, 8, 7, 2)]),
    ("A.java", JAVA, [("Shop.price", 2, 11, 7, 7, 2)]),
    ("A.cs", CSHARP, [("Calc.Sign", 2, 8, 7, 5, 1)]),
    ("a.c", C, [("clamp", 1, 7, 7, 6, 1)]),
    ("a.cpp", CPP, [("Total::sum", 1, 6, 4, 4, 2)]),
    ("a.js", JAVASCRIPT, [("walk", 1, 4, 2, 1, 0), ("(anonymous)", 3, 3, 2, 1, 0)]),
]


@pytest.mark.parametrize("path,source,expected", CASES, ids=[case[0] for case in CASES])
def test_hand_counted_complexity(path: str, source: str, expected: list[tuple]) -> None:
    metrics = analyze_blob(path, source.encode())
    assert metrics.parsed and metrics.reason is None
    got = [(f.name, f.line, f.end_line, f.complexity, f.cognitive, f.nesting) for f in metrics.function_list]
    assert got == expected
    assert metrics.complexity == sum(row[3] for row in expected)
    assert metrics.cognitive == sum(row[4] for row in expected)
    assert metrics.max_cognitive == max(row[4] for row in expected)


def test_comment_and_blank_lines_are_not_code() -> None:
    metrics = analyze_blob("a.js", JAVASCRIPT.encode())
    assert (metrics.loc, metrics.sloc, metrics.comments, metrics.blank) == (4, 3, 1, 0)
    assert metrics.function_list[0].sloc == 3


def test_file_the_grammar_rejects_falls_back_to_lizard() -> None:
    broken = "function ok(a) { if (a) { return 1 } return 2 }\nfunction bad( { if (\n"
    assert tree_sitter_metrics("b.ts", broken, "TypeScript") is None
    metrics = analyze_blob("b.ts", broken.encode())
    reference = lizard.analyze_file.analyze_source_code("b.ts", broken).function_list
    assert [(f.name, f.complexity) for f in metrics.function_list] == \
        [(f.name, f.cyclomatic_complexity) for f in reference]
    assert metrics.function_list[0].complexity == 2
    # lizard has no cognitive complexity: unknown, not a zero that would read as "easy to follow"
    assert metrics.cognitive is None and metrics.max_cognitive is None
    assert {f.cognitive for f in metrics.function_list} == {None}


def test_language_without_grammar_uses_lizard() -> None:
    source = "fun f(a: Int): Int {\n    if (a > 1 && a < 5) { return 1 }\n    return 0\n}\n"
    assert not available("Kotlin", "a.kt")
    metrics = analyze_blob("a.kt", source.encode())
    assert [(f.name, f.complexity) for f in metrics.function_list] == [("f", 3)]
    assert metrics.cognitive is None and metrics.function_list[0].cognitive is None  # lizard knows none


def test_deep_nesting_is_measured_without_recursion() -> None:
    depth = 3000
    source = "function deep(a) {\n" + "if (a) {\n" * depth + "a++;\n" + "}\n" * depth + "}\n"
    metrics = analyze_blob("deep.js", source.encode())
    assert metrics.parsed
    (function,) = metrics.function_list
    assert (function.complexity, function.nesting) == (depth + 1, depth)
    assert function.cognitive == depth * (depth + 1) // 2


def test_tsx_uses_the_tsx_grammar() -> None:
    source = "export const View = (p: {on: boolean}) => <div>{p.on ? <b/> : null}</div>;\n"
    metrics = analyze_blob("v.tsx", source.encode())
    assert metrics.reason is None
    assert [(f.name, f.complexity) for f in metrics.function_list] == [("View", 2)]


def test_python_cognitive_complexity_from_complexipy() -> None:
    source = (
        "def f(a, b):\n"
        "    if a and b or a:\n"          # if +1, 'and' then 'or': two sequences +2
        "        for x in b:\n"           # +1, nested once +1
        "            if x:\n"             # +1, nested twice +2
        "                pass\n"
        "    else:\n"                     # +1
        "        return 1\n"
        "class C:\n"
        "    def n(self):\n"
        "        def inner(z):\n"
        "            return z if z else 0\n"
        "        return inner\n"
    )
    metrics = analyze_blob("x.py", source.encode())
    cognitive = {f.name: f.cognitive for f in metrics.function_list}
    assert cognitive["f"] == 9
    assert cognitive["C.n.inner"] == 0  # complexipy counts a closure inside its parent
    assert cognitive["C.n"] >= 1
    assert metrics.cognitive == sum(cognitive.values()) and metrics.max_cognitive == 9


def test_declarations_without_a_body_are_not_functions() -> None:
    source = ("interface Shape {\n    double area();\n}\n"
              "abstract class Base {\n    abstract int size();\n    int twice() { return size() * 2; }\n}\n")
    metrics = analyze_blob("Shape.java", source.encode())
    assert [(f.name, f.complexity) for f in metrics.function_list] == [("Base.twice", 1)]
