"""Text from an analysed repository, made safe for the places it is written.

Paths, author names and commit messages come from an untrusted repository.

* :func:`printable` -- for the terminal and Markdown: control characters (C0,
  DEL, C1: terminal escape sequences start with ESC or CSI) and the Unicode
  bidirectional overrides ("Trojan Source") are shown as ``\\x1b``-style
  escapes instead of being written raw; so are bytes that were not UTF-8
  (carried as ``surrogateescape`` surrogates), which could not be written at all.
* :func:`csv_cell` / :func:`csv_row` -- for every CSV writer: the same
  escaping, and a text cell a spreadsheet would read as a formula (starting
  with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading
  apostrophe (OWASP's advice).  Numbers stay numbers.
* :func:`md_code` -- a Markdown code span that a backtick in the text cannot end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
                     "\udc80-\udcff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte carried with surrogateescape: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with control and bidi-override characters escaped (``\\x1b``, ``\\u202e``)."""
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in text.split("\n"))
    return _UNSAFE.sub(_escape, text)


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula and no terminal reads as an escape sequence."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return printable(value)


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in values]


def md_code(text: str) -> str:
    """``text`` as a Markdown code span (escaped, fenced with more backticks than it contains)."""
    text = printable(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
