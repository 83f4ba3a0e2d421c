"""Include/exclude globs over repository paths.

Patterns use ``/`` separators; ``*`` and ``?`` stay inside one path segment,
``**`` spans any number of segments (``docs/**``, ``**/test_*.py``).  A
pattern without ``/`` also matches the file name alone, as in .gitignore
(``*.min.js`` excludes minified files in every folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=512)
def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression of a glob; raises ``ValueError`` (naming the pattern) when it has none."""
    original = pattern
    out = []
    index = 0
    pattern = pattern.strip().lstrip("/")
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end in (-1, index + 1) or pattern[index + 1:end] == "!":  # no class (or an empty one): a plain "["
                out.append(re.escape(char))
            else:
                body = pattern[index + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    if pattern.endswith("/"):
        out.append(".*")
    try:
        return re.compile("".join(out) + r"\Z", re.DOTALL)  # '**' spans a newline in a file name too
    except re.error as exc:  # e.g. a reversed range: [z-a]
        raise ValueError(f"not a valid pattern {original!r}: {exc.msg}") from None


def matches(path: str, pattern: str) -> bool:
    if glob_to_regex(pattern).match(path):
        return True
    return "/" not in pattern.rstrip("/") and bool(glob_to_regex(pattern).match(path.rsplit("/", 1)[-1]))


class PathFilter:
    """Decides which paths a scan covers: included (if any include is given) and not excluded."""

    def __init__(self, include: Iterable[str] = (), exclude: Iterable[str] = (),
                 default_exclude: Iterable[str] = ()) -> None:
        self.include = tuple(include)
        self.exclude = tuple(exclude)
        self.default_exclude = tuple(default_exclude)
        self._memo: dict[str, str | None] = {}

    def excluded_by(self, path: str) -> str | None:
        """Why ``path`` is out of the scan: ``None`` when it is in."""
        if path in self._memo:
            return self._memo[path]
        reason: str | None = None
        if self.include and not any(matches(path, p) for p in self.include):
            reason = "not included"
        else:
            for pattern in self.exclude:
                if matches(path, pattern):
                    reason = f"excluded by --exclude {pattern}"
                    break
            else:
                for pattern in self.default_exclude:
                    if matches(path, pattern) and not any(matches(path, p) for p in self.include):
                        reason = f"excluded by default rule {pattern}"
                        break
        self._memo[path] = reason
        return reason

    def __call__(self, path: str) -> bool:
        return self.excluded_by(path) is None
