"""Terminal output for the CLI: a progress bar on stderr and a readable summary on stdout (rich)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from debt_explorer.core.export import iso
from debt_explorer.core.models import ScanResult
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan


def run_with_progress(repo: str, options: ScanOptions, quiet: bool = False) -> ScanResult:
    """Run a scan, drawing one progress bar per phase on stderr."""
    generator = run_scan(repo, options)
    console = Console(stderr=True)
    if quiet:
        try:
            while True:
                next(generator)
        except StopIteration as stop:
            return stop.value
    columns = (TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, int] = {}
        try:
            while True:
                step = next(generator)
                name = step.phase.value
                if name not in tasks:
                    tasks[name] = bar.add_task(name, total=max(step.total, 1), note="")
                bar.update(tasks[name], completed=step.done, total=max(step.total, 1), note=step.message)
        except StopIteration as stop:
            result: ScanResult = stop.value
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    return result


def _fmt(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}" if digits else f"{value:.0f}"
    return f"{value:,}"


def _print_ai_line(result: ScanResult, console: Console) -> None:
    """One line on AI attribution: disclosed commits by tool, marked files, and how weak the style label is."""
    ai_commits = [a for a in result.ai_commits if a.kind == "ai"]
    if not result.options.ai:
        return
    tools: dict[str, int] = {}
    for attribution in ai_commits:
        for tool in attribution.tools:
            tools[tool] = tools.get(tool, 0) + 1
    labels: dict[str, int] = {}
    for record in result.files:
        if record.ai:
            labels[record.ai.label] = labels.get(record.ai.label, 0) + 1
    by_tool = ", ".join(f"{tool} {n:,}" for tool, n in sorted(tools.items(), key=lambda t: -t[1]))
    from debt_explorer.core.ai.style_model import load_model

    model = load_model()
    if model.allow_possible or model.allow_likely:
        style = (f"{labels.get('likely', 0):,} likely, {labels.get('possible', 0):,} possible [dim](style score only: "
                 f"held-out ROC AUC {model.held_out_auc:.2f}, {model.possible_fpr:.0%} false positives on pre-2021 "
                 "code)[/]")
    else:
        style = (f"no style label [dim](the style score is close to chance: held-out ROC AUC "
                 f"{model.held_out_auc:.2f}; shown in --json for reference)[/]")
    console.print(f"AI: {len(ai_commits):,} commits with disclosed traces{f' ({by_tool})' if by_tool else ''}; "
                  f"files: {labels.get('disclosed', 0):,} disclosed; {style}")


def _print_lines_line(result: ScanResult, console: Console) -> None:
    """Line provenance in one line: truck factor, the last period's rework by origin, survival (docs/provenance.md)."""
    truck = result.truck_factors.get("")
    if truck is None:
        return
    parts = [f"truck factor {truck.truck_factor} ({', '.join(truck.authors[:4])})"]
    last = next((p for p in reversed(result.periods) if p.rework_lines), None)
    if last is not None:
        share = "" if last.ai_rework_share is None else f", {100 * last.ai_rework_share:.0f}% AI-written"
        parts.append(f"{last.period} reworked {last.rework_lines:,} lines ({last.rework_recent_lines:,} recent, "
                     f"{last.rework_old_lines:,} older{share})")
    survival = result.survival
    if survival is not None:
        for name, curve in (("AI-written", survival.ai), ("other", survival.other)):
            if curve is not None and curve.lines and curve.alive_after.get(1) is not None:
                parts.append(f"{name} lines alive a {survival.period} later: {100 * curve.alive_after[1]:.0f}%")
    console.print("Lines: " + "; ".join(parts))


def print_summary(result: ScanResult, top: int = 15, console: Console | None = None) -> None:
    console = console or Console(file=sys.stdout, width=max(Console(file=sys.stdout).width, 170))
    repo = result.repo
    console.print(f"[bold]{repo.path}[/] at {repo.rev} ({repo.head[:12]}): {repo.commits_scanned:,} commits "
                  f"from {(iso(repo.first_commit_date) or '')[:10]} to {(iso(repo.last_commit_date) or '')[:10]}, "
                  f"{len(result.files):,} code files, scanned in {result.stats.seconds:.1f} s"
                  + (" [yellow](shallow clone)[/]" if repo.shallow else ""))

    _print_ai_line(result, console)
    _print_lines_line(result, console)
    if not result.files:
        console.print("No code files at this revision (only documentation, data or skipped files?). "
                      "See --json 'skipped' and docs/metrics.md for what counts as code.")
    hot = [f for f in result.files if f.hotspot_rank is not None][:top]
    table = Table(title=f"Top {len(hot)} hotspots (last {result.options.window_months} months)",
                  title_justify="left")
    for column in ("#", "path", "lang", "sloc", "cx", "max", "revs", "churn", "score", "AI"):
        table.add_column(column, justify="left" if column in ("path", "lang", "AI") else "right")
    for record in hot:
        table.add_row(str(record.hotspot_rank), record.path, record.language or "", _fmt(record.sloc),
                      _fmt(record.complexity), _fmt(record.max_complexity), _fmt(record.window_revisions),
                      _fmt(record.window_churn), f"{record.hotspot_score:.2f}",
                      record.ai.label if record.ai and record.ai.label not in ("none", "insufficient") else "")
    console.print(table)

    churny = sorted((f for f in result.files if f.high_churn), key=lambda f: -f.relative_churn)
    table = Table(title=f"High-churn files: {len(churny)} (window churn / sloc)", title_justify="left")
    for column in ("path", "sloc", "window churn", "relative"):
        table.add_column(column, justify="left" if column == "path" else "right")
    for record in churny[:top]:
        table.add_row(record.path, _fmt(record.sloc), _fmt(record.window_churn), f"{record.relative_churn:.1f}x")
    console.print(table)

    table = Table(title=f"Per {result.options.period}", title_justify="left")
    columns = ("period", "commits", "authors", "churn", "maint.", "new", "maint.%", "files", "sloc",
               "complexity", "MI", "hotspots", "high churn", "AI commits")
    for column in columns:
        table.add_column(column, justify="left" if column == "period" else "right")
    for p in result.periods:
        table.add_row(p.period, _fmt(p.commits), _fmt(p.authors), _fmt(p.churn), _fmt(p.maintenance_churn),
                      _fmt(p.new_code_churn),
                      "–" if p.maintenance_share is None else f"{100 * p.maintenance_share:.0f}%",
                      _fmt(p.files), _fmt(p.sloc), _fmt(p.complexity), _fmt(p.mean_maintainability, 1),
                      _fmt(p.hotspots), _fmt(p.high_churn_files),
                      "–" if p.ai_commits is None else f"{p.ai_commits} ({100 * (p.ai_commit_share or 0):.0f}%)")
    console.print(table)
    if result.skipped:
        console.print(f"{len(result.skipped)} files skipped (see --json 'skipped'), e.g. "
                      + "; ".join(f"{s.path}: {s.reason}" for s in result.skipped[:3]))
