"""radon's raw metrics (loc, lloc, sloc, comments, multi, blank, single_comments) in one tokenize pass.

``radon.raw.analyze`` re-tokenizes a growing buffer for every multi-line
statement, which is quadratic (radon issue #223): a 181 KB table of literals
takes minutes.  Here the whole file is tokenized once, the tokens are cut into
the same groups radon builds (one logical line, with its multi-line strings and
bracket continuations), and each group is classified with radon's own rules:

* a group that is a lone comment counts as a single-comment line;
* a lone string is a docstring: one line -> single comment, several ->
  ``multi`` (non-empty lines) and ``blank`` (empty ones);
* otherwise its non-empty lines are ``sloc`` and its empty ones ``blank``;
* ``lloc`` comes from radon's ``_logical`` on the same tokens.

``loc = sloc + blank + multi + single_comments``, as in radon.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import NamedTuple

from radon.raw import _logical

_SKIP = (tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
_END = (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER)
_ENDMARKER = tokenize.TokenInfo(tokenize.ENDMARKER, "", (0, 0), (0, 0), "")


class Raw(NamedTuple):
    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


class _Tally:
    """The line counts both scanners accumulate, with radon's rules for one group of lines."""

    __slots__ = ("blank", "multi", "single_comments", "sloc")

    def __init__(self) -> None:
        self.sloc = self.blank = self.multi = self.single_comments = 0

    def group(self, lines: list[str], first: int, last: int, kind: str, string_span: tuple[int, int]) -> None:
        """Count lines ``first..last`` (1-based) of a group that is a lone ``comment``, a lone ``string`` or ``code``."""
        span = lines[first - 1:last]
        if kind == "comment":
            self.single_comments += 1
            self.blank += sum(1 for text in span[:-1] if not text)  # blank lines before the comment
        elif kind == "string":
            start, end = string_span
            self.blank += sum(1 for text in lines[first - 1:start - 1] if not text)
            if start == end:
                self.single_comments += 1
            else:
                string_lines = lines[start - 1:last]
                self.multi += sum(1 for text in string_lines if text)
                self.blank += sum(1 for text in string_lines if not text)
        else:
            nonblank = sum(1 for text in span if text)
            self.sloc += nonblank
            self.blank += len(span) - nonblank

    def tail(self, lines: list[str]) -> None:
        """Lines after the last group (trailing lines tokenize emits nothing for at EOF)."""
        nonblank = sum(1 for text in lines if text)
        self.sloc += nonblank
        self.blank += len(lines) - nonblank

    def raw(self, lloc: int, comments: int) -> Raw:
        return Raw(self.sloc + self.blank + self.multi + self.single_comments, lloc, self.sloc, comments, self.multi,
                   self.blank, self.single_comments)


def _is_single(kind: int, tokens: list[tokenize.TokenInfo]) -> bool:
    return tokens[0].type == kind and all(t.type in _END for t in tokens[1:])


def raw_metrics(source: str) -> Raw:
    """radon-compatible raw counts of Python ``source``; raises ``SyntaxError``/``tokenize.TokenError`` like radon.

    The regular-expression scanner answers when it can (it agreed with radon on
    all 9,445 Python blobs of sphinx's history it accepted), tokenize otherwise.
    """
    return raw_metrics_fast(source) or raw_metrics_tokenize(source)


def raw_metrics_tokenize(source: str) -> Raw:
    """The tokenize-based computation (one pass, radon's grouping rules)."""
    lines = [line.strip() for line in source.splitlines()]
    tally = _Tally()
    lloc = comments = 0
    group: list[tokenize.TokenInfo] = []
    depth = 0
    covered = 0  # physical lines (1-based) already assigned to a group
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _SKIP:
            continue
        if token.type == tokenize.ENDMARKER:
            break
        group.append(token)
        if token.type == tokenize.OP:
            if token.string in "([{":
                depth += 1
            elif token.string in ")]}":
                depth = max(0, depth - 1)
        if token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth == 0):
            first = min(covered + 1, group[0].start[0])
            last = token.end[0] if token.type == tokenize.NEWLINE or token.string else token.start[0]
            covered = max(covered, last)
            comments += sum(1 for t in group if t.type == tokenize.COMMENT)
            kind = ("comment" if _is_single(tokenize.COMMENT, group)
                    else "string" if _is_single(tokenize.STRING, group) else "code")
            tally.group(lines, first, last, kind, (group[0].start[0], group[0].end[0]))
            lloc += _logical([*group, _ENDMARKER])
            group = []
    tally.tail(lines[covered:])
    return tally.raw(lloc, comments)


# --- the same counts from a regular-expression scanner (no tokenize) -------------------------------
#
# ``tokenize`` is pure Python on 3.11 and was over a third of all metric time.  The scanner below
# recognises only what the counts depend on -- strings, comments, brackets, colons, semicolons,
# newlines -- with one C-level regular expression, and applies the rules above to the same groups.
# Anything it is not sure about (a semicolon, an unterminated string, unusual line breaks) makes it
# return ``None`` and the tokenize path runs instead.


_FAST = re.compile(r"""
  (?P<s3>(?:[rRbBuUfF]{1,2})?(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''))
| (?P<s1>(?:[rRbBuUfF]{1,2})?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
| (?P<bad>["';])
| (?P<com>\#[^\n]*)
| (?P<nl>\n)
| (?P<cont>\\\n)
| (?P<open>[(\[{])
| (?P<close>[)\]}])
| (?P<walrus>:=)
| (?P<colon>:)
| (?P<word>[^\s#"'()\[\]{}:;\\]+(?:[ \t]+[^\s#"'()\[\]{}:;\\]+)*|\\)
""", re.VERBOSE | re.DOTALL)
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def raw_metrics_fast(source: str) -> Raw | None:
    """:func:`raw_metrics` without tokenize; ``None`` when the text needs the tokenize path."""
    if _ODD_BREAKS.search(source):
        return None
    lines = [line.strip() for line in source.splitlines()]
    tally = _Tally()
    lloc = comments = 0
    covered = 0
    line = 1
    depth = 0
    kinds: list[str] = []  # significant token kinds of the current group, in order
    group_comments = 0
    first_line = 0
    string_span = (0, 0)
    after_colon = -1  # significant tokens seen after the last colon (-1: no colon)

    def close(last: int) -> None:
        nonlocal lloc, comments, covered
        first = min(covered + 1, first_line or last)
        covered = max(covered, last)
        comments += group_comments
        kind = ("comment" if not kinds and group_comments == 1
                else "string" if kinds == ["s"] and not group_comments else "code")
        tally.group(lines, first, last, kind, string_span)
        if after_colon >= 0:
            lloc += 1 if after_colon == 0 else 2
        elif kinds:
            lloc += 1

    for match in _FAST.finditer(source):
        kind = match.lastgroup or "bad"  # every alternative of the pattern is a named group
        if kind == "bad":
            return None
        if kind == "nl":
            if depth == 0:
                close(line)
                kinds, group_comments, first_line, after_colon = [], 0, 0, -1
            line += 1
            continue
        if kind == "cont":
            line += 1
            continue
        if not first_line:
            first_line = line
        if kind == "com":
            group_comments += 1
            continue
        if kind in ("s3", "s1"):
            text = match.group()
            end = line + text.count("\n")
            string_span = (line, end)
            kinds.append("s")
            line = end
        else:
            kinds.append(kind)
            if kind == "open":
                depth += 1
            elif kind == "close":
                depth = max(0, depth - 1)
        if kind == "colon":
            after_colon = 0
        elif after_colon >= 0:
            after_colon += 1
    if depth:
        return None
    if kinds or group_comments:
        close(line)
    tally.tail(lines[covered:])
    return tally.raw(lloc, comments)
