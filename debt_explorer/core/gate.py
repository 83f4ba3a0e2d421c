"""The CI gate: compare the scanned revision with a base revision and fail when thresholds are crossed.

Thresholds come from ``[tool.debt-explorer]`` in the analysed project's
``pyproject.toml`` *as committed at the scanned revision* (read from git
objects and parsed as TOML data -- nothing is executed), or from ``--config
FILE``.  Keys (all optional):

=============================  ======================================================  =========
key                            fails when                                               default
=============================  ======================================================  =========
``max_file_complexity``        a file whose complexity rose is now above N              off
``max_complexity_increase``    a file's complexity rose by more than N                  20
``top_hotspots``               a file entered the top N hotspots                        10
``max_unreviewed_ai_share``    AI-attributed commits without a ``Reviewed-by:`` (or     off
                               ``Approved-by:``/``Reviewed-on:``) trailer changed more
                               than this share (0-1) of the lines changed since base
``max_maintenance_share``      maintenance churn / all churn since base exceeds this    off
=============================  ======================================================  =========
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from debt_explorer.core.errors import ScanError
from debt_explorer.core.gitsafe import GitError, run_git
from debt_explorer.core.models import ScanResult

DEFAULTS: dict[str, Any] = {"max_file_complexity": None, "max_complexity_increase": 20, "top_hotspots": 10,
                            "max_unreviewed_ai_share": None, "max_maintenance_share": None}
REVIEW_TRAILER = re.compile(r"^(reviewed-by|approved-by|reviewed-on):", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class GateConfig:
    max_file_complexity: int | None = None
    max_complexity_increase: int | None = 20
    top_hotspots: int | None = 10
    max_unreviewed_ai_share: float | None = None
    max_maintenance_share: float | None = None
    source: str = "defaults"


def _from_table(table: dict[str, Any], source: str) -> GateConfig:
    unknown = set(table) - set(DEFAULTS)
    if unknown:
        raise ScanError(f"{source}: unknown gate setting(s): {', '.join(sorted(unknown))}")
    values = {**DEFAULTS, **table}
    try:
        return GateConfig(
            max_file_complexity=None if values["max_file_complexity"] is None else int(values["max_file_complexity"]),
            max_complexity_increase=None if values["max_complexity_increase"] is None else int(values["max_complexity_increase"]),
            top_hotspots=None if values["top_hotspots"] is None else int(values["top_hotspots"]),
            max_unreviewed_ai_share=None if values["max_unreviewed_ai_share"] is None else float(values["max_unreviewed_ai_share"]),
            max_maintenance_share=None if values["max_maintenance_share"] is None else float(values["max_maintenance_share"]),
            source=source)
    except (TypeError, ValueError) as exc:
        raise ScanError(f"{source}: {exc}") from None


def load_gate_config(repo: str, rev: str = "HEAD", config_file: str | None = None) -> GateConfig:
    """Thresholds from ``config_file`` (a TOML file; the whole file or its ``[tool.debt-explorer]`` table) or
    from the analysed project's committed ``pyproject.toml``; defaults otherwise."""
    if config_file:
        try:
            with open(config_file, "rb") as stream:
                data = tomllib.load(stream)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ScanError(f"cannot read {config_file}: {exc}") from None
        return _from_table(data.get("tool", {}).get("debt-explorer", data), config_file)
    try:
        text = run_git(repo, ["cat-file", "blob", f"{rev}:pyproject.toml"]).decode("utf-8", "replace")
    except GitError:
        return GateConfig()
    try:
        table = tomllib.loads(text).get("tool", {}).get("debt-explorer")
    except tomllib.TOMLDecodeError as exc:
        raise ScanError(f"pyproject.toml at {rev} is not valid TOML: {exc}") from None
    return _from_table(table, f"pyproject.toml at {rev}") if table else GateConfig()


def evaluate(base: ScanResult, head: ScanResult, config: GateConfig) -> list[str]:
    """One line per crossed threshold (empty when the change passes)."""
    problems: list[str] = []
    before = {f.path: f for f in base.files}
    for record in head.files:
        old = before.get(record.path)
        old_cx = old.complexity if old else 0
        rise = record.complexity - old_cx
        if config.max_file_complexity is not None and rise > 0 and record.complexity > config.max_file_complexity:
            problems.append(f"{record.path}: new file, complexity {record.complexity}, above "
                            f"{config.max_file_complexity}" if old is None else
                            f"{record.path}: complexity {record.complexity} is above {config.max_file_complexity} "
                            f"(was {old_cx})")
        if config.max_complexity_increase is not None and rise > config.max_complexity_increase:
            problems.append(f"{record.path}: new file, complexity {record.complexity}, more than the "
                            f"{config.max_complexity_increase} a change may add" if old is None else
                            f"{record.path}: complexity rose by {rise} ({old_cx} -> {record.complexity}), "
                            f"more than {config.max_complexity_increase}")
        if config.top_hotspots and record.hotspot_rank is not None and record.hotspot_rank <= config.top_hotspots:
            if old is None or old.hotspot_rank is None or old.hotspot_rank > config.top_hotspots:
                problems.append(f"{record.path}: new in the top {config.top_hotspots} hotspots (rank "
                                f"{record.hotspot_rank}, score {record.hotspot_score:.2f})")
    known = {c.sha for c in base.commits}
    new_commits = {c.sha: c for c in head.commits if c.sha not in known}
    changes = [c for c in head.changes if c.sha in new_commits and not c.binary]
    total = sum(c.churn for c in changes)
    if config.max_unreviewed_ai_share is not None and total:
        ai = {a.sha for a in head.ai_commits if a.kind == "ai"}
        unreviewed = {sha for sha in ai if sha in new_commits and not REVIEW_TRAILER.search(new_commits[sha].message)}
        share = sum(c.churn for c in changes if c.sha in unreviewed) / total
        if share > config.max_unreviewed_ai_share:
            problems.append(f"AI-attributed commits without a Reviewed-by trailer changed {100 * share:.0f}% of the "
                            f"{total:,} lines changed since base (limit {100 * config.max_unreviewed_ai_share:.0f}%)")
    if config.max_maintenance_share is not None and total:
        maintenance = sum(c.maintenance for c in changes)
        burden = maintenance + sum(c.new_code for c in changes)
        share = maintenance / burden if burden else 0.0
        if share > config.max_maintenance_share:
            problems.append(f"maintenance share since base is {100 * share:.0f}% (limit "
                            f"{100 * config.max_maintenance_share:.0f}%)")
    return problems


def describe_thresholds(config: GateConfig) -> list[str]:
    """The thresholds in force, one per line, each marked default or set (and where)."""
    lines = []
    for key, default in DEFAULTS.items():
        value = getattr(config, key)
        shown = "off" if value is None else (f"{100 * value:.0f}%" if key.endswith("share") else str(value))
        origin = "default" if value == default else f"from {config.source}"
        lines.append(f"  {key} = {shown} ({origin})")
    return lines
