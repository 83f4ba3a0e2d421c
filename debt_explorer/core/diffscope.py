"""Which files ``git log --numstat`` diffs for the history: code files only.

Only code files count in any total (docs/metrics.md), so the line counts of
every other file -- docs, translations, data, lock files often rewritten by
thousands of lines per commit -- are never used.  :func:`history_attributes`
writes a temporary git attributes file that marks every path ``-diff`` and
then every code extension (:func:`~debt_explorer.core.languages.code_extensions`,
in any letter case) ``!diff`` again, i.e. unspecified: git's own text/binary
check as before.  Passed to ``git log`` as ``core.attributesFile``, it makes
git record that other files changed (and renames: detection does not need the
diff) without diffing them: numstat ``-\t-``, read as a binary change.  On
sphinx that is 10.9 -> 4.7 CPU-seconds of git for the whole history
(docs/performance.md).  No code file's figures change.  A repository's own
``.gitattributes`` still wins where it says otherwise (it can only make git
diff more, never change a code file's counts: ``diff`` drivers are not run,
``--no-ext-diff --no-textconv``).
"""

from __future__ import annotations

import os
import tempfile

from debt_explorer.core.languages import code_extensions


def _any_case(extension: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in extension)


def history_attributes() -> str:
    """Path of a new temporary attributes file: only code files are diffed.  The caller deletes it."""
    lines = ["* -diff", *(f"*.{_any_case(ext)} !diff" for ext in sorted(code_extensions()))]
    handle, name = tempfile.mkstemp(prefix="debt-explorer-", suffix=".gitattributes")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write("".join(f"{line}\n" for line in lines))
    return name
