"""Which files ``git log --numstat`` does not diff for the history: files that are never code.

Only code files count in any total (docs/metrics.md), so the line counts of
documentation, translations, data, media and lock files -- often rewritten by
thousands of lines per commit -- are never used.  :func:`history_attributes`
writes a temporary git attributes file marking those kinds ``-diff`` by
extension, in any letter case: the extensions of the languages
:mod:`debt_explorer.core.languages` knows but has no analyzer for (Markdown,
reStructuredText, JSON, YAML, HTML, CSS, shell, ...) and :data:`NEVER_CODE`.
Passed to ``git log`` as ``core.attributesFile``, it makes git record that they
changed (renames included: detection does not need the diff) without diffing
them: numstat ``-\t-``, read as a binary change.  On sphinx that is 10.9 -> 6.7
CPU-seconds of git for the whole history (docs/performance.md); and a commit
whose unreadable blob (a damaged or partial clone) is such a file keeps its
code files' line counts.

Why not the other way round (diff code extensions only, 4.3 CPU-s on sphinx): a
code file's history follows renames, and files do become code under a new name
(sphinx's ``searchtools.js_t`` template became ``searchtools.js``); an unknown
extension is diffed as before, so such a file keeps its whole history.  A file
renamed into code from documentation or data counts its history from the
rename on (before it, its changes have no line counts, like a binary file's).  A repository's own ``.gitattributes``
still wins where it says otherwise (it can only make git diff more; ``diff``
drivers are never run: ``--no-ext-diff --no-textconv``).
"""

from __future__ import annotations

import os
import tempfile

from debt_explorer.core.languages import non_code_extensions

#: Never code, beyond the languages without an analyzer: translations, media, fonts, archives, lock files.
NEVER_CODE: tuple[str, ...] = (
    "po", "pot", "mo", "svg", "png", "jpg", "jpeg", "gif", "ico", "webp", "bmp", "pdf", "mp4", "webm", "mov",
    "mp3", "wav", "woff", "woff2", "ttf", "otf", "eot", "zip", "gz", "tgz", "bz2", "xz", "jar", "whl", "lock",
    "lockb", "sum",
)


def _any_case(extension: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in extension)


def history_attributes() -> str:
    """Path of a new temporary attributes file: files that are never code are not diffed.  The caller deletes
    it."""
    extensions = sorted(set(non_code_extensions()) | set(NEVER_CODE))
    handle, name = tempfile.mkstemp(prefix="debt-explorer-", suffix=".gitattributes")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write("".join(f"*.{_any_case(ext)} -diff\n" for ext in extensions))
    return name
