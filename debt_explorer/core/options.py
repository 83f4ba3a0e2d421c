"""Scan options: what part of the history to read and how to judge it."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from datetime import date

PERIODS = ("quarter", "month", "year")

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
    #: line provenance (who wrote every line; docs/provenance.md): rework by origin, survival, ownership
    lines: bool = True

    def __post_init__(self) -> None:
        if self.period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {self.period!r}")
        if self.window_months < 1:
            raise ValueError("window_months must be at least 1")
        if self.since and self.until and self.since > self.until:
            raise ValueError("since must not be after until")

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("since", "until"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        data["include"] = list(self.include)
        data["exclude"] = list(self.exclude)
        return data
