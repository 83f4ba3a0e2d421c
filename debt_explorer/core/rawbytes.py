"""Text that carries undecodable bytes: git paths, names and messages are decoded with ``surrogateescape``.

git stores paths and commit metadata as bytes.  Debt Explorer decodes them as
UTF-8 with ``surrogateescape``, so a byte that is not UTF-8 (``caf\\xe9.py``
from a Latin-1 checkout) survives as a lone surrogate (``\\udce9``) and the
original bytes can always be recovered (``text.encode("utf-8",
"surrogateescape")``).  Lone surrogates cannot be encoded as UTF-8, so every
writer passes its text through one of these:

* :func:`shown` for people (CSV, HTML, Markdown, terminal, window): the byte
  is written as the four characters ``\\xe9``;
* :func:`json_escaped` for JSON: the byte is written as the JSON escape
  ``\\udce9``, which JSON readers decode back to the same string (lossless).
"""

from __future__ import annotations

import re

_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def shown(text: str) -> str:
    """``text`` with every undecodable byte written as ``\\xNN`` (unchanged when there is none)."""
    if not _ESCAPED_BYTE.search(text):
        return text
    return _ESCAPED_BYTE.sub(lambda match: f"\\x{ord(match.group()) - 0xDC00:02x}", text)


def json_escaped(text: str) -> str:
    """JSON text (from ``ensure_ascii=False``) with each undecodable byte as a ``\\udcNN`` escape.

    Lone surrogates can only occur inside JSON strings, so this is exactly what
    ``ensure_ascii=True`` would write for them, while other characters stay readable.
    """
    if not _ESCAPED_BYTE.search(text):
        return text
    return _ESCAPED_BYTE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def raw_bytes(text: str) -> bytes:
    """The bytes git gave for ``text``."""
    return text.encode("utf-8", "surrogateescape")
