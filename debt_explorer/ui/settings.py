"""What the window remembers with QSettings: recent repositories and scan options per repository."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QSettings

from debt_explorer.core.options import ScanOptions

MAX_RECENT = 10
REMEMBERED = ("rev", "since", "until", "period", "include", "exclude", "window_months")


def recent(settings: QSettings) -> list[str]:
    value = settings.value("recent", [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in (value or [])]


def remember_repo(settings: QSettings, path: str) -> None:
    paths = [path] + [p for p in recent(settings) if p != path]
    settings.setValue("recent", paths[:MAX_RECENT])


def _key(path: str) -> str:
    return "options/" + hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def save_options(settings: QSettings, path: str, options: ScanOptions) -> None:
    data = {name: getattr(options, name) for name in REMEMBERED}
    for name in ("since", "until"):
        data[name] = data[name].isoformat() if data[name] else None
    data["include"], data["exclude"] = list(options.include), list(options.exclude)
    settings.setValue(_key(path), json.dumps(data))


def options_for(settings: QSettings, path: str) -> ScanOptions:
    text = settings.value(_key(path))
    base = ScanOptions()
    if not isinstance(text, str):
        return base
    try:
        data = json.loads(text)
        return replace(base, rev=data["rev"], period=data["period"], window_months=int(data["window_months"]),
                       since=date.fromisoformat(data["since"]) if data["since"] else None,
                       until=date.fromisoformat(data["until"]) if data["until"] else None,
                       include=tuple(data["include"]), exclude=tuple(data["exclude"]))
    except (ValueError, KeyError, TypeError):
        return base
