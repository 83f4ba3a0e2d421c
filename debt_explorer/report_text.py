"""Terminal output for the CLI: progress on stderr and a readable summary on stdout (rich).

On a terminal, progress is one bar per step; without one (CI logs, pipes) it is plain lines
("step 4 of 6: metrics 120/480"), at most one per step and tenth.  The summary fits the terminal's width
(80 columns when there is none): narrow terminals get fewer columns, and the period table shows the last
:data:`RECENT_PERIODS` periods unless ``--all-periods`` asks for every one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from debt_explorer.core.ai.labels import AiLabel
from debt_explorer.core.export import iso
from debt_explorer.core.models import Phase, ScanResult
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.sanitize import printable
from debt_explorer.core.scan import run_scan


def run_with_progress(repo: str, options: ScanOptions, quiet: bool = False,
                      on_partial: Callable[[ScanResult], None] | None = None) -> ScanResult:
    """Run a scan, drawing one progress bar per phase on stderr; ``on_partial`` gets the first result early."""
    generator = run_scan(repo, options)
    console = Console(stderr=True)
    if not quiet and not console.is_terminal:
        return _plain_progress(generator, console, on_partial)
    if quiet:
        try:
            while True:
                step = next(generator)
                if step.partial is not None and on_partial is not None:
                    on_partial(step.partial)
        except StopIteration as stop:
            result = stop.value
        for warning in result.warnings:  # quiet means no progress bar, not hidden problems
            console.print(f"[yellow]warning:[/] {escape(printable(warning))}", soft_wrap=True)
        return result
    columns = (TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, TaskID] = {}
        try:
            while True:
                step = next(generator)
                name = step.phase.value
                if name not in tasks:
                    tasks[name] = bar.add_task(name, total=max(step.total, 1), note="")
                bar.update(tasks[name], completed=step.done, total=max(step.total, 1), note=step.message)
                if step.partial is not None and on_partial is not None:
                    on_partial(step.partial)
        except StopIteration as stop:
            result = stop.value
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(printable(warning))}", soft_wrap=True)
    return result


def _t(text: object) -> str:
    """Repository text for the terminal: control characters escaped, rich markup not interpreted."""
    return escape(printable(str(text)))
RECENT_PERIODS = 8
PHASES = list(Phase)


def _plain_progress(generator, console: Console,
                    on_partial: Callable[[ScanResult], None] | None = None) -> ScanResult:
    """Plain progress lines for logs: a line when a step starts and at each further tenth of it."""
    last: dict[str, int] = {}
    try:
        while True:
            step = next(generator)
            if step.partial is not None and on_partial is not None:
                on_partial(step.partial)
            tenth = 10 * step.done // step.total if step.total else 0
            if last.get(step.phase.value) != tenth:
                last[step.phase.value] = tenth
                done = f" {step.done:,}/{step.total:,}" if step.total else ""
                print(f"step {PHASES.index(step.phase) + 1} of {len(PHASES)}: {step.phase.value}{done}",
                      file=sys.stderr, flush=True)
    except StopIteration as stop:
        result: ScanResult = stop.value
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
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
    by_tool = ", ".join(f"{_t(tool)} {n:,}" for tool, n in sorted(tools.items(), key=lambda t: -t[1]))
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
    parts = [f"truck factor {truck.truck_factor} ({_t(', '.join(truck.authors[:4]))})"]
    last = next((p for p in reversed(result.periods) if p.rework_lines), None)
    if last is not None:
        share = "" if last.ai_rework_share is None else f", {100 * last.ai_rework_share:.0f}% AI-written"
        parts.append(f"{last.period} reworked {last.rework_lines:,} lines ({last.rework_recent_lines:,} recent, "
                     f"{last.rework_old_lines:,} older{share})")
    survival = result.survival
    if survival is not None:
        for name, curve in (("AI-written", survival.ai), ("other", survival.other)):
            alive = curve.alive_after.get(1) if curve is not None and curve.lines else None
            if alive is not None:
                parts.append(f"{name} lines alive a {survival.period} later: {100 * alive:.0f}%")
    console.print("Lines: " + "; ".join(parts))


def print_first_result(partial: ScanResult, top: int = 15) -> None:
    """The hotspots at the scanned revision, printed while the periods and AI attribution are still running."""
    console = Console(file=sys.stdout)
    console.print(f"[bold]First result[/] after {partial.stats.seconds:.1f} s (the scanned revision; trends and AI "
                  "attribution follow):")
    print_summary(replace(partial, options=replace(partial.options, ai=False)), top=top, console=console,
                  with_periods=False)
    sys.stdout.flush()


def print_summary(result: ScanResult, top: int = 15, console: Console | None = None,
                  all_periods: bool = False, with_periods: bool = True) -> None:
    console = console or Console(file=sys.stdout)
    wide = console.width >= 120
    repo = result.repo
    console.print(f"[bold]{_t(repo.path)}[/] at {_t(repo.rev)} ({repo.head[:12]}): {repo.commits_scanned:,} commits "
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
    names = ("#", "path", "lang", "sloc", "cx", "max", "revs", "churn", "score", "AI")
    shown = [i for i, name in enumerate(names) if wide or name not in ("lang", "max")]
    for index in shown:
        column = names[index]
        table.add_column(column, justify="left" if column in ("path", "lang", "AI") else "right",
                         overflow="fold" if column == "path" else "ellipsis", no_wrap=column != "path")
    for record in hot:
        cells: tuple[str, ...] = (str(record.hotspot_rank), _t(record.path), record.language or "", _fmt(record.sloc),
                 _fmt(record.complexity), _fmt(record.max_complexity), _fmt(record.window_revisions),
                 _fmt(record.window_churn), f"{record.hotspot_score:.2f}",
                 record.ai.label if record.ai and record.ai.label not in (AiLabel.NONE, AiLabel.INSUFFICIENT) else "")
        table.add_row(*(cells[i] for i in shown))
    console.print(table)

    churny = sorted((f for f in result.files if f.high_churn), key=lambda f: -f.relative_churn)
    table = Table(title=f"High-churn files: {len(churny)} (window churn / sloc)", title_justify="left")
    for column in ("path", "sloc", "window churn", "relative"):
        table.add_column(column, justify="left" if column == "path" else "right")
    for record in churny[:top]:
        table.add_row(_t(record.path), _fmt(record.sloc), _fmt(record.window_churn), f"{record.relative_churn:.1f}x")
    console.print(table)
    if not with_periods:
        return

    periods = result.periods if all_periods else result.periods[-RECENT_PERIODS:]
    hidden = len(result.periods) - len(periods)
    table = Table(title=f"Per {result.options.period}" + (f": the last {len(periods)} of {len(result.periods)} "
                                                          "(--all-periods for every one)" if hidden else ""),
                  title_justify="left")
    columns = ("period", "commits", "authors", "churn", "maint.", "new", "maint.%", "files", "sloc",
               "complexity", "MI", "hotspots", "high churn", "AI commits", "AI authors")
    narrow = ("period", "commits", "churn", "maint.%", "sloc", "complexity", "hotspots", "AI commits")
    shown = [i for i, name in enumerate(columns) if wide or name in narrow]
    short = {"complexity": "cx", "hotspots": "hot", "AI commits": "AI", "maint.%": "maint%"}
    if not wide:
        table.box = box.SIMPLE_HEAD
    for index in shown:
        name = columns[index] if wide else short.get(columns[index], columns[index])
        table.add_column(name, justify="left" if index == 0 else "right", no_wrap=True)
    for p in periods:
        cells = (p.period, _fmt(p.commits), _fmt(p.authors), _fmt(p.churn), _fmt(p.maintenance_churn),
                 _fmt(p.new_code_churn),
                 "–" if p.maintenance_share is None else f"{100 * p.maintenance_share:.0f}%",
                 _fmt(p.files), _fmt(p.sloc), _fmt(p.complexity), _fmt(p.mean_maintainability, 1),
                 _fmt(p.hotspots), _fmt(p.high_churn_files),
                 "–" if p.ai_commits is None else f"{p.ai_commits} ({100 * (p.ai_commit_share or 0):.0f}%)",
                 "–" if p.ai_authors is None else f"{p.ai_authors} of {p.authors}")
        table.add_row(*(cells[i] for i in shown))
    console.print(table)
    if result.skipped:
        console.print(f"{len(result.skipped)} files skipped (see --json 'skipped'), e.g. "
                      + "; ".join(f"{_t(s.path)}: {_t(s.reason)}" for s in result.skipped[:3]))


def print_next_step(repo: str, console: Console | None = None) -> None:
    """The one line that says what to do next."""
    console = console or Console(file=sys.stdout)
    console.print(f"Next: [bold]debt-explorer {_t(repo)}[/] to browse it, or [bold]debt-explorer report {_t(repo)} "
                  "--html report.html[/] for a shareable report.", soft_wrap=True)
