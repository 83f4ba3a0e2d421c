"""The report's "Change coupling" and "Bug fixes" sections (HTML and Markdown), from the core computations.

* Change coupling: :func:`coupling_report` over the hotspot window (the whole
  history when no pair reaches code-maat's thresholds in the window): the
  strongest pairs, the surprising ones (cross-folder pairs, production files
  whose tests rarely change with them) and the top files by sum of coupling.
* Bug fixes: the scan's per-period ``fix_commits`` / ``fix_churn`` for the
  last :data:`PERIOD_ROWS` periods, the files that attract fixes
  (:func:`attracts_fixes`) and, with a retrospective, the files where fixes
  rose (``Retrospective.fixes_rose``).

Figures are computed once (:func:`section_figures`) and rendered twice; every
value from the repository is escaped by the caller's escaper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from debt_explorer.core.coupling_report import CouplingReport, coupling_report
from debt_explorer.core.fixes import attracts_fixes
from debt_explorer.core.models import FileRecord, PeriodStats, ScanResult
from debt_explorer.core.retro import FileDelta, Retrospective

#: periods in the bug-fix table (the newest ones)
PERIOD_ROWS = 8
#: files in the sum-of-coupling table
SOC_ROWS = 10


@dataclass(frozen=True, slots=True)
class SectionFigures:
    coupling: CouplingReport
    #: True when the hotspot window had no pair and the whole history is shown
    history_fallback: bool
    periods: tuple[PeriodStats, ...]
    attracting: tuple[FileRecord, ...]
    #: ``None`` without a retrospective
    fixes_rose: tuple[FileDelta, ...] | None
    retro_periods: tuple[str, str] | None


def section_figures(result: ScanResult, retro: Retrospective | None) -> SectionFigures:
    coupling = coupling_report(result, scope="window")
    fallback = False
    if not coupling.pairs:
        history = coupling_report(result, scope="history")
        if history.pairs:
            coupling, fallback = history, True
    attracting = tuple(sorted((f for f in result.files if attracts_fixes(f)),
                              key=lambda f: (-f.fix_commits, -(f.fix_ratio or 0.0), f.path)))
    return SectionFigures(coupling, fallback, tuple(result.periods[-PERIOD_ROWS:]), attracting,
                          None if retro is None else retro.fixes_rose,
                          None if retro is None else (retro.before.period, retro.after.period))


def fix_share(period: PeriodStats) -> float | None:
    """The share of the period's code churn made by bug-fix commits (``None`` without churn or fix figures)."""
    if period.fix_churn is None or not period.churn:
        return None
    return period.fix_churn / period.churn


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _num(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _scope_line(figures: SectionFigures) -> str:
    from debt_explorer.core.export import iso

    report = figures.coupling
    counts = report.result.counts
    until = (iso(report.until) or "")[:10]
    if report.scope == "history":
        scope = f"Whole history to {until}"
        if figures.history_fallback:
            scope = f"No pair reaches the thresholds in the hotspot window; whole history to {until}"
    else:
        scope = f"Hotspot window {(iso(report.since) or '')[:10]} to {until}"
    options = report.result.options
    return (f"{scope}: {counts.commits:,} commits used, {counts.commits_too_large:,} larger than "
            f"{options.max_changeset_size} files left out; pairs with at least {options.min_shared_revs} shared "
            f"revisions and {options.min_coupling}% degree (code-maat's definitions).")


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str
    #: columns of text (left-aligned); the others are numbers (right-aligned)
    text_columns: frozenset[int] = frozenset({0})


def tables(figures: SectionFigures, top: int, esc: Callable[[object], str]
           ) -> tuple[tuple[str, str, tuple[Table, ...]], ...]:
    """(section title, its lead sentence, its tables); cells escaped with ``esc``."""
    report = figures.coupling
    pairs = Table("Most coupled pairs", ("pair", "degree", "shared revisions", "average revisions"),
                  tuple((f"{esc(p.entity)} + {esc(p.coupled)}", f"{p.degree}%", str(p.shared_revs), str(p.average_revs))
                        for p in report.pairs[:top]), "no pair reaches the thresholds")
    crossing = Table("Surprising: coupled across top-level folders", ("pair", "degree", "why"),
                     tuple((f"{esc(p.entity)} + {esc(p.coupled)}", f"{p.degree}%",
                            esc(report.surprising[(p.entity, p.coupled)]))
                           for p in report.pairs if (p.entity, p.coupled) in report.surprising)[:top],
                     "none", frozenset({0, 2}))
    gaps = Table("Surprising: production files whose tests rarely change with them",
                 ("file", "revisions", "test file", "changed together", "share"),
                 tuple((esc(g.file), str(g.revisions), esc(g.test_file), str(g.shared_revs), _pct(g.share))
                       for g in report.test_gaps[:top]), "none", frozenset({0, 2}))
    soc = Table("Sum of coupling (files that change with many others)", ("file", "sum of coupling"),
                tuple((esc(e), f"{s:,}") for e, s in report.result.soc[:SOC_ROWS]), "none")
    periods = Table(f"Bug-fix commits and fix churn, last {len(figures.periods)} periods",
                    ("period", "commits", "fix commits", "churn", "fix churn", "fix share of churn"),
                    tuple((esc(p.period), f"{p.commits:,}", _num(p.fix_commits), f"{p.churn:,}", _num(p.fix_churn),
                           _pct(fix_share(p))) for p in figures.periods), "no periods")
    attract = Table("Files that attract fixes (hotspot window: at least 3 fix commits and half their revisions)",
                    ("file", "fix commits", "revisions", "fix ratio", "fix churn"),
                    tuple((esc(f.path), str(f.fix_commits), str(f.window_revisions), _pct(f.fix_ratio),
                           f"{f.fix_churn:,}") for f in figures.attracting[:top]), "none")
    fix_tables = [periods, attract]
    if figures.fixes_rose is not None and figures.retro_periods is not None:
        before, after = figures.retro_periods
        fix_tables.append(Table(f"Files where fixes rose ({esc(before)} → {esc(after)})",
                                ("file", f"fix commits {esc(before)}", f"fix commits {esc(after)}"),
                                tuple((esc(d.path), str(d.before), str(d.after)) for d in figures.fixes_rose[:top]),
                                "none"))
    return (("Change coupling", _scope_line(figures), (pairs, crossing, gaps, soc)),
            ("Bug fixes", "Commits classified as bug fixes from their messages (rules in docs/coupling.md); "
                          "fix churn: lines they changed in code files.", tuple(fix_tables)))


def render_markdown_sections(result: ScanResult, retro: Retrospective | None, top: int,
                             esc: Callable[[object], str]) -> list[str]:
    lines: list[str] = []
    for title, lead, section in tables(section_figures(result, retro), top, esc):
        lines += [f"### {title}", "", lead, ""]
        for table in section:
            lines += [f"**{table.title}**", ""]
            if not table.rows:
                lines += [f"_{table.empty}_", ""]
                continue
            lines += ["| " + " | ".join(table.columns) + " |",
                      "|" + "".join("---|" if i in table.text_columns else "---:|" for i in range(len(table.columns)))]
            lines += ["| " + " | ".join(row) + " |" for row in table.rows]
            lines.append("")
    return lines


def render_html_sections(result: ScanResult, retro: Retrospective | None, top: int,
                         esc: Callable[[object], str]) -> str:
    out = []
    for title, lead, section in tables(section_figures(result, retro), top, esc):
        out.append(f"<h2>{title}</h2><p class='muted'>{esc(lead)}</p>")
        for table in section:
            out.append(f"<h3>{table.title}</h3>")
            if not table.rows:
                out.append(f"<p class='muted'>{table.empty}</p>")
                continue
            left = [" style='text-align:left'" if i in table.text_columns else "" for i in range(len(table.columns))]
            out.append("<table><tr>" + "".join(f"<th{a}>{c}</th>" for a, c in zip(left, table.columns)) + "</tr>")
            out += ["<tr>" + "".join(f"<td{a}>{cell}</td>" for a, cell in zip(left, row)) + "</tr>" for row in table.rows]
            out.append("</table>")
    return "\n".join(out)
