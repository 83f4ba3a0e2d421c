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
from debt_explorer.core.files import read_capped
from debt_explorer.core.gitsafe import GitError, run_git
from debt_explorer.core.models import ScanResult
from debt_explorer.core.scope import code_file_rule

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


#: A gate config is a few lines; anything larger is refused before it is parsed (``--config /dev/zero``).
MAX_CONFIG_BYTES = 1_000_000
#: Thresholds above this are typing mistakes, not policies.
MAX_INTEGER = 1_000_000_000
_INTEGERS = ("max_file_complexity", "max_complexity_increase", "top_hotspots")
_SHARES = ("max_unreviewed_ai_share", "max_maintenance_share")


def _integer(source: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        shown = "true/false" if isinstance(value, bool) else repr(value) if isinstance(value, (int, float, str)) \
            else type(value).__name__
        raise ScanError(f"{source}: {key} must be a whole number, not {shown}")
    if not 0 <= value <= MAX_INTEGER:
        raise ScanError(f"{source}: {key} must be between 0 and {MAX_INTEGER:,}, not {value}")
    return int(value)


def _share(source: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        shown = "true/false" if isinstance(value, bool) else repr(value) if isinstance(value, str) \
            else type(value).__name__
        raise ScanError(f"{source}: {key} must be a share between 0 and 1 (e.g. 0.3), not {shown}")
    if not 0 <= value <= 1:  # also false for NaN, which would otherwise switch the check off silently
        raise ScanError(f"{source}: {key} must be a share between 0 and 1 (e.g. 0.3), not {value}")
    return float(value)


def _from_table(table: Any, source: str) -> GateConfig:
    if not isinstance(table, dict):
        raise ScanError(f"{source}: [tool.debt-explorer] must be a table of settings, not "
                        f"{'an array of tables' if isinstance(table, list) else type(table).__name__}")
    unknown = set(table) - set(DEFAULTS)
    if unknown:
        raise ScanError(f"{source}: unknown gate setting(s): {', '.join(sorted(unknown))}")
    values = {**DEFAULTS, **table}
    checked: dict[str, Any] = {}
    for key in _INTEGERS:
        checked[key] = None if values[key] is None else _integer(source, key, values[key])
    for key in _SHARES:
        checked[key] = None if values[key] is None else _share(source, key, values[key])
    return GateConfig(**checked, source=source)


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScanError(f"{source} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ScanError(f"{source} is nested too deeply to be a gate config") from None


def _section(data: dict[str, Any], source: str, whole_file_allowed: bool) -> Any:
    """``[tool.debt-explorer]`` of a parsed file (or the whole file when it has no ``tool`` table and that is
    allowed); ``None`` when absent."""
    if "tool" not in data:
        return data if whole_file_allowed else None
    tool = data["tool"]
    if not isinstance(tool, dict):
        raise ScanError(f"{source}: 'tool' must be a table, not {type(tool).__name__}")
    return tool.get("debt-explorer")


def _read_capped(path: str) -> str:
    try:
        raw = read_capped(path, MAX_CONFIG_BYTES, "a gate config")
    except OSError as exc:
        raise ScanError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScanError(f"{path} is not UTF-8 text (byte {exc.start})") from None


def load_gate_config(repo: str, rev: str = "HEAD", config_file: str | None = None) -> GateConfig:
    """Thresholds from ``config_file`` (a TOML file; the whole file or its ``[tool.debt-explorer]`` table) or
    from the analysed project's committed ``pyproject.toml``; defaults otherwise.  Every value is checked:
    a wrong type or range is a :class:`ScanError` naming the key."""
    if config_file:
        data = _parse(_read_capped(config_file), config_file)
        table = _section(data, config_file, whole_file_allowed=True)
        if table is None:
            raise ScanError(f"{config_file} has a [tool] table but no [tool.debt-explorer] in it")
        return _from_table(table, config_file)
    source = f"pyproject.toml at {rev}"
    try:
        size = int(run_git(repo, ["cat-file", "-s", f"{rev}:pyproject.toml"]).strip() or 0)
    except (GitError, ValueError):
        return GateConfig()
    if size > MAX_CONFIG_BYTES:
        raise ScanError(f"{source} is larger than {MAX_CONFIG_BYTES // 1_000_000} MB; pass thresholds with --config")
    try:
        text = run_git(repo, ["cat-file", "blob", f"{rev}:pyproject.toml"]).decode("utf-8", "replace")
    except GitError:
        return GateConfig()
    table = _section(_parse(text, source), source, whole_file_allowed=False)
    return GateConfig() if table is None else _from_table(table, source)


def ranked_files(result: ScanResult) -> int:
    return sum(1 for f in result.files if f.hotspot_rank is not None)


def top_hotspots_apply(head: ScanResult, config: GateConfig) -> bool:
    """The top-N rule means something only among more than 2 N ranked files: in a repository of 2 code files any
    new file is "in the top 10" (rank 2 of 2), so the rule is not applied there (see docs/team-workflows.md)."""
    return bool(config.top_hotspots) and ranked_files(head) > 2 * (config.top_hotspots or 0)


def gate_notes(head: ScanResult, config: GateConfig) -> list[str]:
    """Thresholds in force that were not applied to this repository, and why (one line each)."""
    if config.top_hotspots and not top_hotspots_apply(head, config):
        return [f"top_hotspots not applied: {ranked_files(head)} ranked code files, the rule needs more than "
                f"{2 * config.top_hotspots} (twice its N)"]
    return []


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
        top = config.top_hotspots
        if (top and top_hotspots_apply(head, config) and record.hotspot_rank is not None
                and record.hotspot_rank <= top
                and (old is None or old.hotspot_rank is None or old.hotspot_rank > top)):
            problems.append(f"{record.path}: new in the top {top} hotspots (rank "
                            f"{record.hotspot_rank}, score {record.hotspot_score:.2f})")
    known = {c.sha for c in base.commits}
    new_commits = {c.sha: c for c in head.commits if c.sha not in known}
    counts = code_file_rule(head)  # code files only, as every churn figure (docs/metrics.md)
    changes = [c for c in head.changes if c.sha in new_commits and not c.binary and counts(c.file)]
    total = sum(c.churn for c in changes)
    if config.max_unreviewed_ai_share is not None and total:
        ai = {a.sha for a in head.ai_commits if a.kind == "ai"}
        unreviewed = {sha for sha in ai if sha in new_commits and not REVIEW_TRAILER.search(new_commits[sha].message)}
        share = sum(c.churn for c in changes if c.sha in unreviewed) / total
        if share > config.max_unreviewed_ai_share:
            problems.append(f"AI-attributed commits without a Reviewed-by trailer changed {100 * share:.0f}% of the "
                            f"{total:,} lines of code changed since base (limit {100 * config.max_unreviewed_ai_share:.0f}%)")
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
