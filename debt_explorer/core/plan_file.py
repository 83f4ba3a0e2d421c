"""A plan file a team can commit or share: the plan's items as JSON.

    {"format": "debt-explorer-plan", "version": 1, "repository": "shop",
     "exported_at": "2026-11-25T17:00:00Z", "items": [{"path": ..., "function": ..., "note": ...,
     "priority": "high|medium|low", "effort": "S|M|L|XL", "added_at": <unix time>,
     "baseline": {"complexity": 4.0, ...}}]}

The app writes a plan file only where the user says (atomically) -- never into
the analysed repository on its own.  Reading one checks every field and caps
the size: a bad file is refused with one line and changes nothing.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict
from typing import TextIO

from debt_explorer.core.errors import ScanError
from debt_explorer.core.files import read_capped
from debt_explorer.core.plan import PlanItem, item_from_json

FORMAT = "debt-explorer-plan"
VERSION = 1
MAX_BYTES = 5_000_000
MAX_ITEMS = 100_000


def write_plan_file(items: list[PlanItem], stream: TextIO, repository: str = "") -> None:
    data = {"format": FORMAT, "version": VERSION, "repository": os.path.basename(repository.rstrip("/")),
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "items": [asdict(item) for item in items]}
    json.dump(data, stream, indent=2)
    stream.write("\n")


def read_plan_file(path: str) -> list[PlanItem]:
    """The items of the plan file at ``path``; raises :class:`ScanError` (one line) for anything else."""
    try:
        raw = read_capped(path, MAX_BYTES, "a plan file")
    except OSError as exc:
        raise ScanError(f"cannot read the plan file {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
        raise ScanError(f"{path} is not a plan file (not JSON: {reason})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ScanError(f"{path} is not a plan file (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise ScanError(f"{path} is a version {data.get('version')!r} plan file; this Debt Explorer reads "
                        f"version {VERSION}")
    entries = data.get("items")
    if not isinstance(entries, list) or len(entries) > MAX_ITEMS:
        raise ScanError(f"{path}: \"items\" must be a list of at most {MAX_ITEMS:,} items")
    items: list[PlanItem] = []
    for number, entry in enumerate(entries, start=1):
        try:
            items.append(item_from_json(entry))
        except ValueError as exc:
            raise ScanError(f"{path}: item {number}: {exc}; nothing was imported") from None
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ScanError(f"{path}: the same file/function appears twice; nothing was imported")
    return items
