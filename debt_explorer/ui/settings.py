"""What the window remembers with QSettings: recent repositories and scan options per repository."""

from __future__ import annotations

import hashlib
import json

from PySide6.QtCore import QSettings

from debt_explorer.core.options import ScanOptions

MAX_RECENT = 10
REMEMBERED = ("rev", "since", "until", "period", "include", "exclude", "window_months")


def recent(settings: QSettings) -> list[str]:
    value = settings.value("recent", [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def remember_repo(settings: QSettings, path: str) -> None:
    paths = [path] + [p for p in recent(settings) if p != path]
    settings.setValue("recent", paths[:MAX_RECENT])


def _key(path: str) -> str:
    return "options/" + hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def save_options(settings: QSettings, path: str, options: ScanOptions) -> None:
    data = options.to_json()
    settings.setValue(_key(path), json.dumps({name: data[name] for name in REMEMBERED}))


def options_for(settings: QSettings, path: str) -> ScanOptions:
    """The options remembered for ``path``; defaults when none are stored or what is stored is unreadable."""
    text = settings.value(_key(path))
    if not isinstance(text, str):
        return ScanOptions()
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            return ScanOptions()
        return ScanOptions.from_json({name: data[name] for name in REMEMBERED if name in data})
    except ValueError:  # json.JSONDecodeError and invalid option values alike
        return ScanOptions()
