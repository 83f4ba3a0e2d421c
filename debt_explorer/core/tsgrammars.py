"""Which tree-sitter node types are functions, decisions and nesting structures, per language.

One :class:`GrammarSpec` per language that has a PyPI grammar wheel shipping a
compiled grammar (``tree-sitter-typescript``, ``-javascript``, ``-rust``,
``-go``, ``-java``, ``-c-sharp``, ``-c``, ``-cpp``, and ``-python`` for the
Python files Python's own parser rejects).  The rules behind the
lists (what adds to cyclomatic and to cognitive complexity, and where they
differ from lizard) are written down in docs/metrics.md, "Complexity of
non-Python code (tree-sitter)".
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class GrammarSpec:
    """Node types of one grammar, by role."""

    module: str
    loader: str
    #: nodes that are functions of their own (nested ones are listed separately, like lizard does)
    functions: tuple[str, ...]
    #: each adds 1 to cyclomatic complexity (query patterns, one capture each)
    branches: tuple[str, ...]
    #: binary operators that add 1 to cyclomatic complexity (the node's ``operator`` field)
    logic: tuple[str, ...] = ("&&", "||")
    #: if-like nodes: +1 cognitive plus nesting, or +1 flat when an ``else if``; an ``else`` adds 1
    ifs: tuple[str, ...] = ("if_statement",)
    #: +1 cognitive plus nesting, and nest what they contain (loops, switch/match, catch, ternary)
    nesting: tuple[str, ...] = ()
    #: (container, arm) pairs: each arm after the first adds 1 to cyclomatic complexity (Rust match, C# switch
    #: expressions)
    arms: tuple[tuple[str, str], ...] = ()
    #: nodes that hold an ``else`` directly (``else_clause``), or "" where the else branch is a field of the if
    else_clause: str = ""
    #: the node type of ``&&``/``||``-like operators (their ``operator`` field is one of ``logic``)
    logic_node: str = "binary_expression"
    #: ``else if`` clauses that are nodes of their own (Python's ``elif``): +1 cognitive, flat, like an else-if
    elifs: tuple[str, ...] = ()
    #: name nested functions after the function holding them (``outer.inner``, as radon does for Python)
    qualify_nested: bool = False
    #: nodes whose insides add nothing (radon does not look inside an ``assert``); they may count themselves
    opaque: tuple[str, ...] = ()


_JS_FUNCTIONS = ("function_declaration", "function_expression", "generator_function_declaration",
                 "generator_function", "arrow_function", "method_definition")
_JS_BRANCHES = ("(if_statement)", "(for_statement)", "(for_in_statement)", "(while_statement)", "(do_statement)",
                "(catch_clause)", "(switch_case)", "(ternary_expression)")
_JS_NESTING = ("for_statement", "for_in_statement", "while_statement", "do_statement", "catch_clause",
               "switch_statement", "ternary_expression")
_JS = GrammarSpec("tree_sitter_javascript", "language", functions=_JS_FUNCTIONS, branches=_JS_BRANCHES,
                  logic=("&&", "||", "??"), nesting=_JS_NESTING, else_clause="else_clause")

_C_BRANCHES = ("(if_statement)", "(for_statement)", "(while_statement)", "(do_statement)",
               '(case_statement "case")', "(conditional_expression)")
_C_NESTING = ("for_statement", "while_statement", "do_statement", "switch_statement", "conditional_expression")

#: Python, for the files Python's own parser rejects (Python 2, or syntax newer than the running interpreter):
#: radon's rules where a node says as much (docs/metrics.md, "Python that Python cannot parse").
_PYTHON = GrammarSpec(
    "tree_sitter_python", "language", functions=("function_definition",),
    branches=("(if_statement)", "(elif_clause)", "(conditional_expression)", "(for_statement)", "(while_statement)",
              "(for_statement alternative: (else_clause) @branch)", "(while_statement alternative: (else_clause) @branch)",
              "(except_clause)", "(try_statement (else_clause) @branch)", "(for_in_clause)", "(if_clause)",
              "(assert_statement)", "(case_clause (case_pattern (_)))"),
    logic=("and", "or"), logic_node="boolean_operator", ifs=("if_statement", "elif_clause"), elifs=("elif_clause",),
    qualify_nested=True, opaque=("assert_statement",),
    nesting=("for_statement", "while_statement", "except_clause", "conditional_expression", "match_statement"))

SPECS: dict[str, GrammarSpec] = {
    "Python": _PYTHON,
    "TypeScript": replace(_JS, module="tree_sitter_typescript", loader="language_typescript"),
    "TSX": replace(_JS, module="tree_sitter_typescript", loader="language_tsx"),
    "JavaScript": _JS,
    "Rust": GrammarSpec(
        "tree_sitter_rust", "language", functions=("function_item",),
        branches=("(if_expression)", "(for_expression)", "(while_expression)", "(try_expression)",
                  "(let_declaration alternative: (_))", "(match_pattern condition: (_))",
                  '(token_tree "&&")', '(token_tree "||")', '(token_tree "if")'),
        ifs=("if_expression",), else_clause="else_clause",
        nesting=("for_expression", "while_expression", "loop_expression", "match_expression"),
        arms=(("match_block", "match_arm"),)),
    "Go": GrammarSpec(
        "tree_sitter_go", "language", functions=("function_declaration", "method_declaration", "func_literal"),
        branches=("(if_statement)", "(for_statement)", "(expression_case)", "(type_case)", "(communication_case)"),
        nesting=("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")),
    "Java": GrammarSpec(
        "tree_sitter_java", "language",
        functions=("method_declaration", "constructor_declaration", "compact_constructor_declaration"),
        branches=("(if_statement)", "(for_statement)", "(enhanced_for_statement)", "(while_statement)",
                  "(do_statement)", "(catch_clause)", '(switch_label "case")', "(ternary_expression)"),
        nesting=("for_statement", "enhanced_for_statement", "while_statement", "do_statement", "catch_clause",
                 "switch_expression", "ternary_expression")),
    "C#": GrammarSpec(
        "tree_sitter_c_sharp", "language",
        functions=("method_declaration", "constructor_declaration", "destructor_declaration",
                   "operator_declaration", "conversion_operator_declaration", "local_function_statement"),
        branches=("(if_statement)", "(for_statement)", "(foreach_statement)", "(while_statement)", "(do_statement)",
                  "(catch_clause)", '(switch_section "case")', "(conditional_expression)"),
        logic=("&&", "||", "??"),
        nesting=("for_statement", "foreach_statement", "while_statement", "do_statement", "catch_clause",
                 "switch_statement", "switch_expression", "conditional_expression"),
        arms=(("switch_expression", "switch_expression_arm"),)),
    "C": GrammarSpec("tree_sitter_c", "language", functions=("function_definition",), branches=_C_BRANCHES,
                     nesting=_C_NESTING, else_clause="else_clause"),
    "C++": GrammarSpec(
        "tree_sitter_cpp", "language", functions=("function_definition",),
        branches=(*_C_BRANCHES, "(for_range_loop)", "(catch_clause)"),
        nesting=(*_C_NESTING, "for_range_loop", "catch_clause"), else_clause="else_clause"),
}

#: Nodes that name the enclosing type of a method (for ``Class.method`` names).
OWNER_TYPES = frozenset({
    "class_definition", "class_declaration", "class", "abstract_class_declaration", "interface_declaration", "enum_declaration",
    "record_declaration", "struct_declaration", "impl_item", "trait_item", "class_specifier", "struct_specifier",
    "namespace_definition",
})
