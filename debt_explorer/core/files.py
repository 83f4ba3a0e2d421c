"""Read a small input file (a gate config, a plan file, an AI provenance export) with a bound.

One rule for every file a user points us at: it is read with a limit, so ``/dev/zero`` or a wrong multi-gigabyte
file never fills memory, and a file over the limit is refused in one line.
"""

from __future__ import annotations

from debt_explorer.core.errors import ScanError


def read_capped(path: str, limit: int, what: str, label: str = "") -> bytes:
    """The bytes of ``path`` when it holds at most ``limit`` bytes.

    A larger file raises :class:`ScanError` ("``label``PATH is larger than N MB: not ``what``"); ``OSError`` is
    left to the caller, whose message names what it was reading.
    """
    with open(path, "rb") as stream:
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise ScanError(f"{label}{path} is larger than {limit // 1_000_000} MB: not {what}")
    return raw
