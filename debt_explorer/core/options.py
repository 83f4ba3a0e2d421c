"""Scan options: what part of the history to read and how to judge it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

PERIODS = ("quarter", "month", "year")
#: Limits that catch typing mistakes with a clear message (a window of 100 years covers any history).
MAX_WINDOW_MONTHS = 1200
MAX_JOBS = 256

#: Paths excluded unless the user includes them explicitly: vendored code,
#: dependency lock files and minified bundles say nothing about a team's debt.
DEFAULT_EXCLUDES: tuple[str, ...] = (
    "vendor/**", "**/vendor/**", "third_party/**", "**/third_party/**",
    "node_modules/**", "**/node_modules/**", "**/*.min.js", "**/*.min.css",
    "**/*.lock", "**/package-lock.json", "**/yarn.lock", "**/pnpm-lock.yaml",
    "**/poetry.lock", "**/Cargo.lock", "**/go.sum",
    # well-known vendored libraries by file name, after GitHub linguist's vendor list
    "**/jquery*.js", "**/underscore*.js", "**/lodash*.js", "**/bootstrap*.js", "**/modernizr*.js",
    "**/backbone*.js", "**/*.bundle.js", "**/*-min.js",
)


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything that shapes a scan.  Frozen, so a scan's options travel with its result."""

    rev: str = "HEAD"
    since: date | None = None
    until: date | None = None
    period: str = "quarter"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    use_default_excludes: bool = True
    window_months: int = 12
    jobs: int = 0  # 0 = one worker per core
    cache_dir: str | None = None
    use_cache: bool = True
    #: Blobs larger than this are not analysed (sizes only); see README "Skipped files".
    max_file_bytes: int = 1_000_000
    #: Wall-clock budget for one file's metric work, in seconds.
    file_timeout: float = 10.0
    #: high_churn when window churn / sloc >= this and window churn >= min_high_churn_lines.
    high_churn_ratio: float = 1.5
    min_high_churn_lines: int = 100
    #: A file is a hotspot when hotspot_score >= this.
    hotspot_threshold: float = 0.64
    ai: bool = True
    #: Per-commit AI line export of an AI editor (Cursor's AI code tracking, JSON or CSV): docs/ai-attribution.md
    ai_provenance: str | None = None
    #: line provenance (who wrote every line; docs/provenance.md): rework by origin, survival, ownership
    lines: bool = True

    def __post_init__(self) -> None:
        """Every invalid combination raises ``ValueError`` with a one-line message (never another error)."""
        import math

        from debt_explorer.core.paths import glob_to_regex

        if self.period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {self.period!r}")
        if isinstance(self.window_months, bool) or not isinstance(self.window_months, int) \
                or not 1 <= self.window_months <= MAX_WINDOW_MONTHS:
            raise ValueError(f"--window-months must be a whole number from 1 to {MAX_WINDOW_MONTHS}, "
                             f"not {self.window_months!r}")
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int) or not 0 <= self.jobs <= MAX_JOBS:
            raise ValueError(f"--jobs must be from 0 (one per core) to {MAX_JOBS}, not {self.jobs!r}")
        if self.since and self.until and self.since > self.until:
            raise ValueError("since must not be after until")
        for flag, patterns in (("--include", self.include), ("--exclude", self.exclude)):
            for pattern in patterns:
                if not isinstance(pattern, str) or "\x00" in pattern:
                    raise ValueError(f"{flag} {pattern!r}: not a usable pattern")
                try:
                    glob_to_regex(pattern)
                except ValueError as exc:
                    raise ValueError(f"{flag}: {exc}") from None
        for name in ("file_timeout", "high_churn_ratio", "hotspot_threshold"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, not {value!r}")
        if isinstance(self.max_file_bytes, bool) or not isinstance(self.max_file_bytes, int) or self.max_file_bytes < 1:
            raise ValueError(f"max_file_bytes must be a positive whole number, not {self.max_file_bytes!r}")

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    def to_json(self) -> dict[str, Any]:
        """The options as JSON-ready data (dates as ISO text, globs as lists); :meth:`from_json` reads it back."""
        data = asdict(self)
        for key in ("since", "until"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        data["include"] = list(self.include)
        data["exclude"] = list(self.exclude)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any], base: ScanOptions | None = None) -> ScanOptions:
        """Options from :meth:`to_json` data; keys absent from ``data`` keep ``base``'s values.

        Raises ``ValueError`` for unknown keys or values of the wrong type (validation as in the constructor).
        """
        start = base or cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                raise ValueError(f"unknown scan option {name!r}")
            if name in ("since", "until"):
                value = date.fromisoformat(value) if value else None
            elif name in ("include", "exclude"):
                if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{name} must be a list of glob strings")
                value = tuple(value)
            else:
                value = _checked(name, value, getattr(start, name))
            values[name] = value
        return replace(start, **values)


def _checked(name: str, value: Any, current: Any) -> Any:
    """``value`` if it has the type of the option's current value (an int is accepted for a float)."""
    if current is None:  # an optional text option (cache_dir)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} must be text, not {type(value).__name__}")
        return value
    if isinstance(current, bool) or isinstance(value, bool):
        if type(value) is not type(current):
            raise ValueError(f"{name} must be {type(current).__name__}, not {type(value).__name__}")
        return value
    if isinstance(current, float) and isinstance(value, int):
        return float(value)
    if not isinstance(value, type(current)):
        raise ValueError(f"{name} must be {type(current).__name__}, not {type(value).__name__}")
    return value
