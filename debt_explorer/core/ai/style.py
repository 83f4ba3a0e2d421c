"""Observable style signals in a file's text, each with the lines where it occurs.

These are the cheap offline signals ../shared/AI-TRACES.md lists: leftovers
typical of generated code, and signs of a human.  They are *observations*:
until a model is fitted on labelled data (issue 3, benchmarks/ai_eval.py),
they carry weight 0 and never change a file's label -- the literature shows
their direction varies by model, era and formatter, so no direction is set by
hand.
"""

from __future__ import annotations

import re

from debt_explorer.core.models import AiSignal

_SIGNALS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("example-usage block", "toward AI (leftover)", re.compile(r"^\s*(#|//)\s*example usage\b", re.I | re.M)),
    ("rest-of-code placeholder", "toward AI (leftover)",
     re.compile(r"(#|//)\s*\.\.\.\s*(rest of|existing) (the )?code", re.I)),
    ("placeholder secret", "toward AI (leftover)",
     re.compile(r"your_api_key_here|replace with your (actual|own)", re.I)),
    ("emoji in code", "toward AI (leftover)", re.compile("[\U0001F300-\U0001FAFF\u2705\u274C\u26A0\u2728]")),
    ("personal or dated TODO", "toward a human", re.compile(r"\b(TODO|FIXME|XXX)\s*\(\w+\)|\b(TODO|FIXME)\b.*\b20\d\d\b")),
    ("commented-out code", "toward a human",
     re.compile(r"^\s*#\s*(if |for |return |print\(|import |def |\w+\s*=\s*\w|\w+\.\w+\()", re.M)),
    ("debug print", "toward a human", re.compile(r"^\s*print\(\s*['\"](debug|xxx|here)", re.I | re.M)),
)


def observe(text: str, max_locations: int = 10) -> list[AiSignal]:
    """The style signals present in ``text``, with 1-based line numbers."""
    found: list[AiSignal] = []
    for name, direction, pattern in _SIGNALS:
        lines = sorted({text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)})
        if lines:
            found.append(AiSignal(name, 0.0, f"{direction}; {len(lines)} place(s) -- an observation only, "
                                             "the style model is not fitted yet",
                                  tuple(str(n) for n in lines[:max_locations])))
    return found
