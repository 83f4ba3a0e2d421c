"""Style signals for files with no disclosed AI trace: features, observations and the fitted score.

The signals are the cheap offline ones ../shared/AI-TRACES.md lists, in four
independent groups:

* ``formatting`` -- regularity: trailing whitespace, spread of line lengths,
  long lines, irregular indentation, blank-line rhythm;
* ``leftovers`` -- typical of generated code: "Example usage" blocks,
  "rest of the code" placeholders, placeholder secrets, emoji, dense
  step-by-step comments, docstrings on every function;
* ``human`` -- signs of a person: TODO/FIXME markers, personal or dated TODOs,
  commented-out code, debug prints, mixed quote styles, terse lowercase comments;
* ``shape`` -- how the file arrived: how many code files the commit that
  created it added at once.

No direction is set by hand: :mod:`debt_explorer.core.ai.style_model` loads
weights fitted by ``benchmarks/ai_eval.py`` on labelled real histories.  This
module only turns a text into numbers (and the lines behind them).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from statistics import pstdev

from debt_explorer.core.models import AiSignal

MIN_LINES = 15

_EXAMPLE = re.compile(r"^[ \t]*(#|//)\s*example usage\b|^if __name__ == ['\"]__main__['\"]\s*:", re.I | re.M)
_REST = re.compile(r"(?=[#/])(?:(#|//)\s*\.\.\.\s*(rest of|existing|other) (the )?(code|methods|implementation)|"
                   r"(#|//)\s*\.\.\.\s*\(?(unchanged|same as before))", re.I)
_SECRET = re.compile(r"(?=[yr<])(?:your[_-]?api[_-]?key[_-]?here|replace with your (actual|own)|<your[_ -][a-z _-]+>)",
                     re.I)
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2705\u274C\u26A0\u2728\u2714\u2757]")
_TODO = re.compile(r"(?=[TFXH])\b(TODO|FIXME|XXX|HACK)\b")
_PERSONAL_TODO = re.compile(r"(?=[TFX])(?:\b(TODO|FIXME|XXX)\s*\(\w+\)|\b(TODO|FIXME)\b.*\b(19|20)\d\d\b)")
_CODE_IN_COMMENT = re.compile(r"^\s*(#|//)\s*(if |for |while |return\b|print\(|console\.log\(|import |from \w+ import|"
                              r"def |class |\w+(\.\w+)*\s*=[^=]|\w+(\.\w+)+\(.*\)\s*;?\s*$)")
_DEBUG = re.compile(r"^[ \t]*(print\(\s*['\"](debug|xxx|here|>>>|---)|console\.log\(\s*['\"](debug|here|xxx))|"
                    r"^[ \t]*(breakpoint\(\)|import pdb|pdb\.set_trace\(\)|debugger;)", re.I | re.M)
_STEP = re.compile(r"^\s*(#|//)\s*(Check|Create|Get|Set|Initiali[sz]e|Update|Add|Handle|Ensure|Validate|Convert|Build|"
                   r"Extract|Process|Return|Calculate|Define|Parse|Load|Save|Store|Generate|Find|Determine|Use|Apply|"
                   r"Call|Run|Make|Try|Skip|Filter|Sort|Format|Write|Read|Fetch|Send|Iterate|Loop|Compute|Prepare)"
                   r"\b [a-z]")
_COMMENT = re.compile(r"^\s*(#|//|/\*|\*(?!\*)\s|--\s)")
_DOC_OPEN = re.compile(r"^\s*(\"\"\"|'''|/\*\*|r\"\"\")")
_DEF = re.compile(r"^\s*(async\s+def|def|class|function|func|fn|public|private|protected|export\s+function)\b")
_IDENT = re.compile(r"(?=[A-Za-z_])\b[A-Za-z_][A-Za-z0-9_]*\b")
_KEYWORDS = frozenset(["and", "as", "assert", "async", "await", "break", "case", "class", "const", "continue", "def", "del", "elif", "else", "except", "export", "false", "finally", "for", "from", "func", "function", "if", "import", "in", "is", "lambda", "let", "match", "new", "nil", "none", "not", "null", "or", "pass", "private", "protected", "public", "raise", "return", "self", "static", "struct", "switch", "this", "throw", "true", "try", "type", "var", "void", "while", "with", "yield"])
_BROAD_EXCEPT = re.compile(r"^[ \t]*(except\s+(Exception|BaseException)\b|except\s*:|\}?\s*catch\s*(\(\s*\w*\s*\))?\s*\{)",
                           re.M)
_NUMBERED = re.compile(r"^[ \t]*(#|//)\s*(step\s*\d+|\d+[.)])\s", re.I | re.M)
_ANY_TODO = re.compile(r"TODO|FIXME|XXX|HACK").search


def _MAYBE_DEBUG(lower: str) -> bool:
    return "print(" in lower or "console.log" in lower or "breakpoint()" in lower or "pdb" in lower or "debugger;" in lower


#: Each pattern starts with a literal or a lookahead of the characters it can start with, so the regular expression
#: engine skips to candidates instead of trying every position (the quote patterns look behind the quote they
#: found: the same matches, 6-9x faster).
_SINGLE = re.compile(r"'(?<![\w'\"]')(?:[^'\n\\]|\\.){0,80}'")
_DOUBLE = re.compile(r"\"(?<![\w'\"]\")(?:[^\"\n\\]|\\.){0,80}\"")

#: feature -> group.  The order is the model's input order.
FEATURE_GROUPS: dict[str, str] = {
    "trailing_whitespace": "formatting",
    "line_length_spread": "formatting",
    "long_lines": "formatting",
    "irregular_indent": "formatting",
    "blank_lines": "formatting",
    "blank_runs": "formatting",
    "example_usage": "leftovers",
    "rest_of_code_placeholder": "leftovers",
    "placeholder_secret": "leftovers",
    "emoji": "leftovers",
    "comment_density": "leftovers",
    "step_comments": "leftovers",
    "docstrings_per_definition": "leftovers",
    "identifier_length": "leftovers",
    "comment_words": "leftovers",
    "sentence_comments": "leftovers",
    "broad_exception_handlers": "leftovers",
    "numbered_step_comments": "leftovers",
    "todo_markers": "human",
    "personal_todo": "human",
    "commented_out_code": "human",
    "debug_prints": "human",
    "mixed_quotes": "human",
    "lowercase_comments": "human",
    "files_added_with_it": "shape",
}
FEATURES: tuple[str, ...] = tuple(FEATURE_GROUPS)

DESCRIPTIONS: dict[str, str] = {
    "trailing_whitespace": "share of lines with trailing whitespace",
    "line_length_spread": "spread of line lengths (standard deviation / mean)",
    "long_lines": "share of lines over 100 characters",
    "irregular_indent": "share of indented lines off the file's indentation step, or mixing tabs and spaces",
    "blank_lines": "share of blank lines",
    "blank_runs": "blank runs of 3+ lines per 100 lines",
    "example_usage": "an 'Example usage' block or a demo __main__ block",
    "rest_of_code_placeholder": "a '... rest of the code' placeholder",
    "placeholder_secret": "a placeholder secret ('your_api_key_here', 'Replace with your actual ...')",
    "emoji": "emoji in code, comments or strings",
    "comment_density": "comment lines per non-blank line",
    "step_comments": "share of comments that narrate a step ('# Create the ...', '# Check if ...')",
    "docstrings_per_definition": "docstrings per function or class definition",
    "identifier_length": "mean length of identifiers (descriptive names are longer)",
    "comment_words": "mean words per comment",
    "sentence_comments": "share of comments that are full sentences (capitalised, ending in a period)",
    "broad_exception_handlers": "broad exception handlers ('except Exception', bare 'catch') per 100 lines",
    "numbered_step_comments": "numbered step comments ('# Step 1', '# 2.')",
    "todo_markers": "TODO/FIXME/XXX/HACK markers per 100 lines",
    "personal_todo": "a personal or dated TODO ('TODO(ana)', 'FIXME 2019')",
    "commented_out_code": "share of comment lines that are commented-out code",
    "debug_prints": "debug prints or breakpoints left in",
    "mixed_quotes": "share of the less used quote style among short string literals",
    "lowercase_comments": "share of comments starting in lower case",
    "files_added_with_it": "code files the creating commit added at once (log scale)",
}


@dataclass(frozen=True)
class StyleFeatures:
    values: dict[str, float]
    locations: dict[str, tuple[int, ...]]  # feature -> 1-based line numbers behind it (where meaningful)


def _lines_of(pattern: re.Pattern[str], text: str, limit: int = 10) -> tuple[int, ...]:
    found: list[int] = []
    line, counted = 1, 0  # the line number at offset ``counted``: each stretch of text is counted once
    for match in pattern.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if not found or found[-1] != line:
            found.append(line)
        if len(found) >= limit:
            break
    return tuple(found)


def _indent_irregularity(lines: list[str]) -> float:
    widths = []
    tabs = spaces = 0
    for line in lines:
        stripped = line.lstrip(" \t")
        if not stripped or len(stripped) == len(line):
            continue
        lead = line[: len(line) - len(stripped)]
        tabs += "\t" in lead
        spaces += " " in lead
        if "\t" not in lead and not _COMMENT.match(line) and not stripped.startswith(("*", ")", "]", "}", "'", '"', ".")):
            widths.append(len(lead))
    if not widths:
        return 0.0
    step = 4 if sum(w % 4 == 0 for w in widths) >= 0.8 * len(widths) else 2
    off = sum(1 for w in widths if w % step)
    mixed = min(tabs, spaces) / max(1, tabs + spaces)
    return off / len(widths) + mixed


def added_with_value(files_added_with_it: int) -> float:
    """The ``files_added_with_it`` feature: the only one that depends on history, not on the text."""
    return math.log1p(max(0, files_added_with_it))


def extract(text: str, files_added_with_it: int = 1) -> StyleFeatures | None:
    """The features of ``text``; ``None`` under :data:`MIN_LINES` non-blank lines."""
    lines = text.splitlines()
    nonblank = [line for line in lines if line.strip()]
    if len(nonblank) < MIN_LINES:
        return None
    n, nb = len(lines), len(nonblank)
    lengths = [len(line.rstrip()) for line in nonblank]
    mean = sum(lengths) / nb
    runs, run = 0, 0
    for line in lines + ["x"]:
        if line.strip():
            runs += run >= 3
            run = 0
        else:
            run += 1
    comments = [line.strip() for line in nonblank if _COMMENT.match(line)]
    comment_text = [re.sub(r"^(#+|//+|/\*+|\*|--)\s*", "", c) for c in comments]
    comment_words = [c for c in comment_text if c[:1].isalpha()]
    defs = sum(1 for line in nonblank if _DEF.match(line))
    docs = sum(1 for line in nonblank if _DOC_OPEN.match(line))
    single, double = len(_SINGLE.findall(text)), len(_DOUBLE.findall(text))
    identifiers = [w for w in _IDENT.findall(text) if w.lower() not in _KEYWORDS]
    code_comments = sum(1 for c in comments if _CODE_IN_COMMENT.match(c))
    lower = text.lower()
    locations = {
        "example_usage": _lines_of(_EXAMPLE, text) if "example usage" in lower or "__main__" in text else (),
        "rest_of_code_placeholder": _lines_of(_REST, text) if "..." in text else (),
        "placeholder_secret": _lines_of(_SECRET, text) if "your" in lower else (),
        "emoji": () if text.isascii() else _lines_of(_EMOJI, text),
        "todo_markers": _lines_of(_TODO, text) if _ANY_TODO(text) else (),
        "personal_todo": _lines_of(_PERSONAL_TODO, text) if _ANY_TODO(text) else (),
        "debug_prints": _lines_of(_DEBUG, text) if _MAYBE_DEBUG(lower) else (),
    }
    values = {
        "trailing_whitespace": sum(1 for line in lines if line != line.rstrip()) / n,
        "line_length_spread": pstdev(lengths) / (mean + 1.0),
        "long_lines": sum(1 for length in lengths if length > 100) / nb,
        "irregular_indent": _indent_irregularity(lines),
        "blank_lines": (n - nb) / n,
        "blank_runs": 100.0 * runs / n,
        "example_usage": float(bool(locations["example_usage"])),
        "rest_of_code_placeholder": float(bool(locations["rest_of_code_placeholder"])),
        "placeholder_secret": float(bool(locations["placeholder_secret"])),
        "emoji": float(bool(locations["emoji"])),
        "comment_density": len(comments) / nb,
        "step_comments": sum(1 for c in comments if _STEP.match(c)) / max(1, len(comments)),
        "docstrings_per_definition": min(2.0, docs / defs) if defs else 0.0,
        "identifier_length": sum(map(len, identifiers)) / max(1, len(identifiers)),
        "comment_words": sum(len(c.split()) for c in comment_text) / max(1, len(comment_text)),
        "sentence_comments": sum(1 for c in comment_words if c[0].isupper() and c.rstrip().endswith("."))
        / max(1, len(comment_words)),
        "broad_exception_handlers": 100.0 * (len(_BROAD_EXCEPT.findall(text))
                                             if "except" in text or "catch" in text else 0) / nb,
        "numbered_step_comments": float(bool(_NUMBERED.search(text))),
        "todo_markers": 100.0 * (len(_TODO.findall(text)) if locations["todo_markers"] else 0) / nb,
        "personal_todo": float(bool(locations["personal_todo"])),
        "commented_out_code": code_comments / max(1, len(comments)),
        "debug_prints": float(bool(locations["debug_prints"])),
        "mixed_quotes": min(single, double) / max(1, single + double),
        "lowercase_comments": sum(1 for c in comment_words if c[0].islower()) / max(1, len(comment_words)),
        "files_added_with_it": added_with_value(files_added_with_it),
    }
    return StyleFeatures(values, {k: v for k, v in locations.items() if v})


def observe(text: str, max_locations: int = 10) -> list[AiSignal]:
    """The leftover and human signals present in ``text`` (weight 0: plain observations, with line numbers).

    Used where no fitted score applies (files with disclosed evidence); the
    scored evidence comes from :func:`debt_explorer.core.ai.style_model.score`.
    """
    features = extract(text)
    if features is None:
        return []
    found = []
    for name, lines in features.locations.items():
        if name == "todo_markers":
            continue
        found.append(AiSignal(name.replace("_", " "), 0.0,
                              f"{DESCRIPTIONS[name]} ({FEATURE_GROUPS[name]}); an observation, not scored here",
                              tuple(str(n) for n in lines[:max_locations])))
    return found
