"""JSON and CSV writers over a :class:`ScanResult` (schema 1, documented in docs/json-schema.md)."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, TextIO

from debt_explorer.core.catalogue import csv_columns
from debt_explorer.core.models import FileAi, FileRecord, PeriodStats, ScanResult
from debt_explorer.core.rawbytes import json_escaped
from debt_explorer.core.sanitize import csv_row

SCHEMA = 1

#: The file CSV's FileRecord columns, in their documented order; each name is a catalogued metric (core.catalogue).
FILE_COLUMNS = csv_columns(("path", "language", "sloc", "complexity", "max_complexity", "functions",
                            "maintainability", "revisions", "added", "deleted", "churn", "authors",
                            "first_commit_date", "last_commit_date", "window_revisions", "window_churn",
                            "relative_churn", "hotspot_score", "hotspot_rank", "high_churn", "parsed",
                            "unparsed_reason", "cognitive", "max_cognitive"))


def iso(timestamp: int | None) -> str | None:
    """A Unix timestamp as ISO-8601 UTC text (``2024-07-01T12:00:00Z``)."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ai_to_json(ai: FileAi | None) -> dict[str, Any] | None:
    if ai is None:
        return None
    data = asdict(ai)
    data["disclosed_tools"] = list(ai.disclosed_tools)
    data["evidence"] = [{"signal": s.signal, "weight": s.weight, "detail": s.detail,
                         "locations": list(s.locations)} for s in ai.evidence]
    return data


def file_to_json(record: FileRecord) -> dict[str, Any]:
    data: dict[str, Any] = {column: getattr(record, column) for column in FILE_COLUMNS}
    data["first_commit_date"] = iso(record.first_commit_date)
    data["last_commit_date"] = iso(record.last_commit_date)
    data["blob"] = record.blob
    data["ai"] = ai_to_json(record.ai)
    data.update(fix_commits=record.fix_commits, fix_churn=record.fix_churn, fix_ratio=record.fix_ratio)
    data["line_origins"] = asdict(record.line_origins) if record.line_origins is not None else None
    return data


def period_to_json(period: PeriodStats) -> dict[str, Any]:
    return asdict(period)


def result_to_json(result: ScanResult) -> dict[str, Any]:
    repo = result.repo
    commits = {c.sha: c for c in result.commits}
    options = result.options.to_json()
    return {
        "schema": SCHEMA,
        "repo": {
            "path": repo.path, "rev": repo.rev, "head": repo.head, "branch": repo.branch, "bare": repo.bare,
            "commits_scanned": repo.commits_scanned,
            "first_commit_date": iso(repo.first_commit_date), "last_commit_date": iso(repo.last_commit_date),
            "shallow": repo.shallow,
        },
        "options": options,
        "warnings": list(result.warnings),
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "files": [file_to_json(f) for f in result.files],
        "periods": [period_to_json(p) for p in result.periods],
        "ai_commits": [
            {"sha": a.sha, "kind": a.kind, "tools": list(a.tools),
             "date": iso(commit.committer_date) if (commit := commits.get(a.sha)) else None,
             "author": f"{commit.author_name} <{commit.author_email}>" if commit else None,
             "subject": commit.subject if commit else None,
             "evidence": [{"kind": e.kind, "text": e.text} for e in a.evidence]}
            for a in result.ai_commits if a.kind == "ai"
        ],
        "bot_commits": sum(1 for a in result.ai_commits if a.kind == "bot"),
        "stats": {"seconds": round(result.stats.seconds, 3), "commits_from_cache": result.stats.commits_from_cache,
                  "commits_read": result.stats.commits_read, "blobs_analysed": result.stats.blobs_analysed,
                  "blobs_from_cache": result.stats.blobs_from_cache,
                  "phase_seconds": {k: round(v, 3) for k, v in result.stats.phase_seconds.items()}},
        **_coupling_json(result),
        **provenance_to_json(result),
    }


def _coupling_json(result: ScanResult) -> dict[str, Any]:
    """code-maat's coupling pairs (default thresholds, code files) in the hotspot window and the whole history."""
    from debt_explorer.core.coupling_report import coupling_report, pair_to_json

    data: dict[str, Any] = {}
    for key, scope in (("coupling", "window"), ("coupling_history", "history")):
        report = coupling_report(result, scope=scope)
        data[key] = [pair_to_json(pair, report.surprising) for pair in report.pairs]
    return data


def provenance_to_json(result: ScanResult) -> dict[str, Any]:
    """Top-level line-provenance figures: ``survival`` and ``truck_factors`` (docs/provenance.md)."""
    return {"survival": asdict(result.survival) if result.survival is not None else None,
            "truck_factors": {folder: asdict(tf) for folder, tf in sorted(result.truck_factors.items())}}


def write_json(result: ScanResult, stream: TextIO) -> None:
    data = result_to_json(result)
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data):
        stream.write(json_escaped(chunk))  # undecodable path bytes as \udcNN escapes (lossless)
    stream.write("\n")


def write_files_csv(result: ScanResult, stream: TextIO) -> None:
    """The file table as CSV; text cells pass through :func:`csv_cell` (no formulas, no control characters)."""
    writer = csv.writer(stream)
    writer.writerow(csv_row([*FILE_COLUMNS, *AI_COLUMNS, *LINE_COLUMNS]))
    for record in result.files:
        row = [file_to_json(record)[c] for c in FILE_COLUMNS]
        ai = record.ai
        writer.writerow(csv_row([*row, ai.label if ai else "", ai.confidence if ai else "",
                                 "" if ai is None or ai.style_score is None else ai.style_score,
                                 "" if ai is None or ai.disclosed_line_share is None else ai.disclosed_line_share,
                                 *line_cells(record)]))


#: AI attribution columns of the file CSV: ``FileRecord.ai``'s label, confidence, style score, disclosed line share
AI_COLUMNS = csv_columns(("ai_label", "ai_confidence", "ai_style_score", "ai_disclosed_line_share"))

#: line-provenance columns of the file CSV (docs/provenance.md)
LINE_COLUMNS = csv_columns(("lines", "median_age_days", "main_author", "main_author_share", "knowledge_loss_share",
                            "ai_line_share"))


def line_cells(record: FileRecord) -> list[Any]:
    origins = record.line_origins
    if origins is None:
        return [""] * len(LINE_COLUMNS)
    return ["" if (value := getattr(origins, column)) is None else value for column in LINE_COLUMNS]
