"""``debt-explorer xray REPO [PATH ...]``: function-level history (X-Ray) of files, from the command line."""

from __future__ import annotations

import argparse
import json
from typing import Any

from debt_explorer.core.drive import run_to_end
from debt_explorer.core.errors import ScanError


def add_parser(sub: argparse._SubParsersAction, add_scan_options) -> None:
    parser = sub.add_parser("xray", help="function-level history of files (default: the top hotspot files)")
    parser.add_argument("repo", help="path to a git repository")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files to X-Ray (paths at the scanned revision)")
    add_scan_options(parser)
    parser.add_argument("--top", type=int, default=20, help="without PATH: the top N hotspot files (default 20)")
    parser.add_argument("--json", metavar="FILE", nargs="?", const="-", help="write JSON (default stdout)")
    parser.add_argument("--rows", type=int, default=15, help="functions per file in the printed table")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def xray_to_json(xray) -> dict[str, Any]:
    from debt_explorer.core.export import iso

    return {
        "path": xray.path, "revisions": xray.revisions, "unparsed_revisions": xray.unparsed_revisions,
        "functions": [{
            "name": f.name, "line": f.line, "end_line": f.end_line, "complexity": f.complexity,
            "revisions": f.revisions, "added": f.added, "deleted": f.deleted, "churn": f.churn,
            "authors": f.authors, "first_change": iso(f.first_change), "last_change": iso(f.last_change),
            "window_revisions": f.window_revisions, "window_churn": f.window_churn,
            "fix_commits": f.fix_commits, "fix_churn": f.fix_churn, "hotspot_score": f.hotspot_score,
            "complexity_trend": [{"period": p, "complexity": c} for p, c in f.complexity_trend],
            "renamed_from": list(f.renamed_from)} for f in xray.functions],
        "coupling": [{"entity": p.entity, "coupled": p.coupled, "degree": p.degree,
                      "average_revs": p.average_revs, "shared_revs": p.shared_revs} for p in xray.coupling],
    }


def run(args: argparse.Namespace, options_from, write) -> int:
    from debt_explorer.core.cache import Cache, CacheError
    from debt_explorer.core.xray import run_xray
    from debt_explorer.report_text import run_with_progress

    for flag, value in (("--top", args.top), ("--rows", args.rows)):
        if value < 1:  # a negative count sliced rows off the end of the table
            raise ScanError(f"{flag} must be a positive number, not {value}")
    if any(not path for path in args.paths):
        raise ScanError("an empty PATH: name files as the scan shows them, e.g. src/app.py")
    options = options_from(args)
    quiet = args.quiet or args.json == "-"
    result = run_with_progress(args.repo, options, quiet=quiet)
    for path in args.paths:
        if result.file(path) is None:
            raise ScanError(f"{path} is not a code file at {result.repo.rev}")
    cache = None
    if options.use_cache:
        try:
            cache = Cache(options.cache_dir)
        except (CacheError, OSError):
            cache = None  # X-Ray still works; it only measures every blob again
    try:
        xrays = run_to_end(run_xray(result, args.paths or None, top=args.top, cache=cache))
    finally:
        if cache is not None:
            cache.close()
    if args.json:
        data = {"repo": result.repo.path, "head": result.repo.head,
                "files": [xray_to_json(x) for x in xrays.values()]}
        write(args.json, lambda stream: stream.write(json.dumps(data, indent=2) + "\n"))
        return 0
    _print(xrays.values(), args.rows)
    return 0


def _print(xrays, rows: int) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from debt_explorer.report_text import _t  # repository text: no rich markup, control characters escaped

    console = Console()
    for xray in xrays:
        table = Table(title=f"X-Ray of {_t(xray.path)}: {xray.revisions} revisions, functions by hotspot score",
                      box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        # at 80 columns nine equal columns cut every name to "Flask…": the name folds, the figures stay narrow
        table.add_column("function", overflow="fold", min_width=18)
        for column in ("lines", "score", "revs", "win", "churn", "auth", "fixes", "cx"):
            table.add_column(column, justify="left" if column in ("lines", "cx") else "right")
        for f in xray.functions[:rows]:
            known = [c for _, c in f.complexity_trend[-6:] if c is not None]
            trend = "–" if not known else str(known[-1]) if known[0] == known[-1] else f"{known[0]}→{known[-1]}"
            table.add_row(_t(f.name), f"{f.line}-{f.end_line}", f"{f.hotspot_score:.2f}", str(f.revisions),
                          str(f.window_revisions), str(f.churn), str(f.authors), str(f.fix_commits), trend)
        console.print(table)
        console.print("win: revisions in the hotspot window; auth: authors; cx: complexity over the last 6 periods (first→last)")
        if xray.coupling:
            console.print("functions that change together: " + "; ".join(
                f"{_t(p.entity)} + {_t(p.coupled)} ({p.degree}%, {p.shared_revs} shared)" for p in xray.coupling[:5]))
