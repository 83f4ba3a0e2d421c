"""Shareable reports: one self-contained HTML file (inline CSS and SVG, no network) and Markdown for pull requests.

Every value that comes from the repository (paths, commit subjects, author
names, tool names) is escaped with :func:`html.escape`; Markdown also escapes
control characters (:func:`debt_explorer.core.sanitize.printable`) and the
characters that start a cell, link, emphasis or code span.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from debt_explorer.core.export import iso
from debt_explorer.core.models import PeriodStats, ScanResult
from debt_explorer.core.plan import PlanRow
from debt_explorer.core.rawbytes import shown
from debt_explorer.core.report_coupling import render_html_sections, render_markdown_sections
from debt_explorer.core.retro import Retrospective
from debt_explorer.core.sanitize import md_code, printable

CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1f2326;background:#fff}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%}
td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child{text-align:left}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}.big{font-size:26px;font-weight:600}.muted{color:#777}
.warn{color:#9a6700;background:#fff8c5;padding:4px 8px}.up{color:#c0392b}.down{color:#1e8449}svg text{font:11px sans-serif;fill:#444}"""


def _e(value: object) -> str:
    return html.escape(shown(str(value)), quote=True)


def _chart(title: str, periods: Sequence[PeriodStats], series: list[tuple[str, str, Callable[[PeriodStats], float]]],
           bars: bool = False) -> str:
    """A small inline SVG chart: lines (or stacked bars) per period, with a legend and period labels."""
    width, height, left, bottom = 520.0, 220.0, 44.0, 34.0
    values = [[float(get(p) or 0) for p in periods] for _, _, get in series]
    top = max([sum(col) for col in zip(*values)] if bars else [max(v) for v in values] + [1.0]) or 1.0
    count = max(len(periods), 1)
    step = (width - left - 10) / count
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{_e(title)}">',
             f'<text x="{left}" y="14" style="font-weight:600">{_e(title)}</text>']
    for fraction in (0, 0.5, 1):
        y = height - bottom - fraction * (height - bottom - 24)
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{top * fraction:,.0f}</text>')
    scale = (height - bottom - 24) / top
    if bars:
        for index in range(len(periods)):
            base = height - bottom
            for (name, colour, _), column in zip(series, values):
                h = column[index] * scale
                parts.append(f'<rect x="{left + index * step + 2:.1f}" y="{base - h:.1f}" width="{step - 4:.1f}" '
                             f'height="{h:.1f}" fill="{colour}"><title>{_e(periods[index].period)} {_e(name)}: '
                             f'{column[index]:,.0f}</title></rect>')
                base -= h
    else:
        for (_name, colour, _), column in zip(series, values):
            points = " ".join(f"{left + (i + 0.5) * step:.1f},{height - bottom - v * scale:.1f}"
                              for i, v in enumerate(column))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    label_every = max(1, count // 8)
    for index, period in enumerate(periods):
        if index % label_every == 0:
            parts.append(f'<text x="{left + (index + 0.5) * step:.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle">{_e(period.period)}</text>')
    for number, (name, colour, _) in enumerate(series):
        x = left + 8 + number * 160
        parts.append(f'<rect x="{x}" y="{height - 12}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{height - 3}">{_e(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _count(value: float | None) -> str:
    return "–" if value is None else f"{value:,}"


def _delta(before: float | None, after: float | None, percent: bool = False) -> str:
    if before is None or after is None:
        return "–"
    change = after - before
    arrow = "▲" if change > 0 else "▼" if change < 0 else "="
    css = "up" if change > 0 else "down" if change < 0 else "muted"
    text = f"{100 * change:+.0f} pts" if percent else f"{change:+,.0f}"
    return f'<span class="{css}">{arrow} {text}</span>'


def render_html(result: ScanResult, retro: Retrospective | None, top: int = 20,
                plan: Sequence[PlanRow] | None = None) -> str:
    """The self-contained report; ``plan`` (the refactoring plan's rows) adds a plan section."""
    p = result.periods
    charts = [
        _chart("Complexity build-up", p, [("all code", "#4a90a4", lambda x: x.complexity)]
               + ([("AI-marked files", "#d1495b", lambda x: x.ai_complexity)] if p and p[-1].ai_complexity is not None else [])),
        _chart("Maintenance vs new-code churn", p, [("maintenance", "#c0392b", lambda x: x.maintenance_churn),
                                                    ("new code", "#2e86ab", lambda x: x.new_code_churn)], bars=True),
        _chart("AI-attributed churn (lines)", p, [("AI churn", "#d1495b", lambda x: x.ai_churn or 0)], bars=True),
        _chart("Hotspots and high-churn files", p, [("hotspots", "#e67e22", lambda x: x.hotspots),
                                                    ("high churn", "#16a085", lambda x: x.high_churn_files)]),
    ]
    repo = result.repo
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>Debt report: {_e(repo.path)}</title>"
           f"<style>{CSS}</style></head><body>",
           f"<h1>Technical debt report — {_e(repo.path)}</h1>",
           f"<p class='muted'>{_e(repo.rev)} at {_e(repo.head[:12])} · {repo.commits_scanned:,} commits from "
           f"{_e((iso(repo.first_commit_date) or '')[:10])} to {_e((iso(repo.last_commit_date) or '')[:10])} · "
           f"{len(result.files):,} code files · periods: {_e(result.options.period)}</p>"]
    if retro is not None:
        a, b = retro.before, retro.after
        rows = [("Complexity", a.complexity, b.complexity, False), ("SLOC", a.sloc, b.sloc, False),
                ("Churn", a.churn, b.churn, False), ("Hotspots", a.hotspots, b.hotspots, False),
                ("Maintenance share", a.maintenance_share, b.maintenance_share, True),
                ("AI commit share", a.ai_commit_share, b.ai_commit_share, True)]
        if a.knowledge_loss_share is not None or b.knowledge_loss_share is not None:
            rows.append(("Knowledge loss", a.knowledge_loss_share, b.knowledge_loss_share, True))
        out.append(f"<h2>Retrospective: {_e(a.period)} → {_e(b.period)}</h2><table><tr><th>measure</th>"
                   f"<th>{_e(a.period)}</th><th>{_e(b.period)}</th><th>change</th></tr>")
        for name, x, y, pct in rows:
            fmt = _percent if pct else _count
            out.append(f"<tr><td>{name}</td><td>{fmt(x)}</td><td class='big'>{fmt(y)}</td><td>{_delta(x, y, pct)}</td></tr>")
        out.append("</table>" + "".join(f"<p class='warn'>⚠ {_e(w)}</p>" for w in retro.warnings))
        out.append("<ul>" + "".join(f"<li>{_e(f)}</li>" for f in retro.findings) + "</ul>")
        for title, items in (("New hotspots", retro.new_hotspots), ("Left the hotspot list", retro.left_hotspots),
                             ("New files created by AI-attributed commits", retro.new_ai_files)):
            if items:
                out.append(f"<p><b>{title}:</b> " + ", ".join(_e(i) for i in items[:top]) + "</p>")
        if retro.complexity_up:
            out.append("<p><b>Largest complexity increases:</b> " + ", ".join(
                f"{_e(d.path)} ({d.before}→{d.after})" for d in retro.complexity_up) + "</p>")
    if plan:
        out.append("<h2>Refactoring plan</h2><table><tr><th>priority</th><th>effort</th><th>target</th><th>note</th>"
                   "<th>complexity now</th><th>change since added</th></tr>")
        for row in plan:
            item, now, change = row.item, row.current, row.change("complexity")
            target = item.path + (f" › {item.function}" if item.function else "")
            complexity = "gone" if now is None else f"{now['complexity']:,.0f}"
            out.append(f"<tr><td>{_e(item.priority)}</td><td>{_e(item.effort)}</td><td>{_e(target)}</td>"
                       f"<td>{_e(item.note)}</td><td>{complexity}</td>"
                       f"<td>{'–' if change is None else f'{change:+,.0f}'}</td></tr>")
        out.append("</table>")
    out.append("<h2>Trends</h2><div class='grid'>" + "".join(f"<div>{c}</div>" for c in charts) + "</div>")
    out.append("<h2>Top hotspots</h2><table><tr><th>file</th><th>SLOC</th><th>complexity</th><th>recent revisions</th>"
               "<th>score</th><th>AI</th></tr>")
    for f in [f for f in result.files if f.hotspot_rank is not None][:top]:
        out.append(f"<tr><td>{_e(f.path)}</td><td>{f.sloc:,}</td><td>{f.complexity:,}</td><td>{f.window_revisions}</td>"
                   f"<td>{f.hotspot_score:.2f}</td><td>{_e(f.ai.label if f.ai else '')}</td></tr>")
    out.append("</table><h2>High-churn files</h2><table><tr><th>file</th><th>SLOC</th><th>recent churn</th><th>relative</th></tr>")
    for f in sorted((f for f in result.files if f.high_churn), key=lambda f: -f.relative_churn)[:top]:
        out.append(f"<tr><td>{_e(f.path)}</td><td>{f.sloc:,}</td><td>{f.window_churn:,}</td><td>{f.relative_churn:.1f}×</td></tr>")
    out.append("</table>")
    out.append(render_html_sections(result, retro, top, _e))  # change coupling, bug fixes (core/report_coupling.py)
    ai_commits = [c for c in result.ai_commits if c.kind == "ai"]
    commits = {c.sha: c for c in result.commits}
    out.append(f"<h2>AI attribution</h2><p>{len(ai_commits)} commits carry a disclosed AI trace; "
               f"{sum(1 for f in result.files if f.ai and f.ai.label == 'disclosed')} files keep lines from them "
               "(a floor: undisclosed AI use is invisible).</p><table><tr><th>commit</th><th>tools</th><th>subject</th></tr>")
    for commit in ai_commits[:top]:
        subject = commits[commit.sha].subject if commit.sha in commits else ""
        out.append(f"<tr><td>{_e(commit.sha[:10])}</td><td>{_e(', '.join(commit.tools))}</td><td>{_e(subject)}</td></tr>")
    out.append("</table><p class='muted'>Generated by Debt Explorer. Metric definitions: docs/metrics.md.</p></body></html>")
    return "\n".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(value: object) -> str:
    """Repository text in a Markdown cell: control characters escaped (:func:`printable`), HTML escaped, and
    the characters that would start a link, emphasis, code or a new cell backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(printable(str(value)), quote=False))


def render_markdown(result: ScanResult, retro: Retrospective | None, top: int = 10) -> str:
    repo = result.repo
    lines = [f"## Technical debt: {md_code(repo.rev)} at `{repo.head[:12]}`", ""]
    if retro is not None:
        a, b = retro.before, retro.after
        lines += [f"**{_md(a.period)} → {_md(b.period)}**", "", "| measure | before | after |", "|---|---:|---:|",
                  f"| complexity | {a.complexity:,} | {b.complexity:,} |", f"| SLOC | {a.sloc:,} | {b.sloc:,} |",
                  f"| hotspots | {a.hotspots} | {b.hotspots} |",
                  f"| maintenance share | {_share(a.maintenance_share)} | {_share(b.maintenance_share)} |",
                  f"| AI commit share | {_share(a.ai_commit_share)} | {_share(b.ai_commit_share)} |"]
        if a.knowledge_loss_share is not None or b.knowledge_loss_share is not None:
            lines.append(f"| knowledge loss | {_share(a.knowledge_loss_share)} | {_share(b.knowledge_loss_share)} |")
        lines.append("")
        lines += [f"> ⚠ {_md(w)}" for w in retro.warnings] + ([""] if retro.warnings else [])
        lines += [f"- {_md(f)}" for f in retro.findings] + [""]
    lines += ["| hotspot | SLOC | complexity | recent revisions | score |", "|---|---:|---:|---:|---:|"]
    for f in [f for f in result.files if f.hotspot_rank is not None][:top]:
        lines.append(f"| {_md(f.path)} | {f.sloc:,} | {f.complexity:,} | {f.window_revisions} | {f.hotspot_score:.2f} |")
    lines += [""] + render_markdown_sections(result, retro, top, _md)  # change coupling, bug fixes
    return "\n".join(lines).rstrip("\n") + "\n"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"
