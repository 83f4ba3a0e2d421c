"""``debt-explorer coupling REPO``: change coupling (code-maat's ``coupling`` and ``soc``) from the command line."""

from __future__ import annotations

import argparse
import json
import sys

from debt_explorer.core.errors import ScanError


def add_parser(sub: argparse._SubParsersAction, add_scan_options) -> None:
    parser = sub.add_parser("coupling", help="files (or folders) that change together, with code-maat's figures")
    parser.add_argument("repo", help="path to a git repository")
    add_scan_options(parser)
    parser.add_argument("--json", metavar="FILE", nargs="?", const="-", help="write JSON (default stdout)")
    parser.add_argument("--csv", metavar="FILE", nargs="?", const="-", help="write the pairs as CSV (default stdout)")
    parser.add_argument("--folders", metavar="DEPTH", type=int, nargs="?", const=1, default=None,
                        help="couple folders cut at DEPTH levels (default 1: top-level folders)")
    parser.add_argument("--history", action="store_true",
                        help="the whole scanned history instead of the hotspot window")
    parser.add_argument("--all-files", action="store_true", help="also docs, data and config files, like code-maat")
    parser.add_argument("--min-revs", type=int, default=5, help="minimum average revisions of a pair (default 5)")
    parser.add_argument("--min-shared-revs", type=int, default=5, help="minimum shared revisions (default 5)")
    parser.add_argument("--min-coupling", type=int, default=30, help="minimum degree in %% (default 30)")
    parser.add_argument("--max-coupling", type=int, default=100, help="maximum degree in %% (default 100)")
    parser.add_argument("--max-changeset-size", type=int, default=30,
                        help="commits changing more files are left out (default 30)")
    parser.add_argument("--top", type=int, default=25, help="rows in the printed table (default 25)")
    parser.add_argument("--trend", type=int, metavar="N", nargs="?", const=5, default=None,
                        help="per-period degree of the N strongest pairs (default 5; --json always has the "
                             "trend of the top 5 unless --trend says otherwise, 0: none)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace, options_from, write) -> int:
    from debt_explorer.core.coupling import CouplingOptions
    from debt_explorer.core.coupling_report import coupling_report, report_to_json, write_pairs_csv
    from debt_explorer.core.coupling_trend import TREND_PAIRS, report_trend, trend_to_json
    from debt_explorer.report_text import run_with_progress

    try:
        coupling_options = CouplingOptions(
            min_revs=args.min_revs, min_shared_revs=args.min_shared_revs, min_coupling=args.min_coupling,
            max_coupling=args.max_coupling, max_changeset_size=args.max_changeset_size,
            folder_depth=args.folders, code_only=not args.all_files)
    except ValueError as exc:
        raise ScanError(str(exc)) from None
    if args.top < 1:  # a negative count sliced rows off the end of the table
        raise ScanError(f"--top must be a positive number of rows, not {args.top}")
    if args.trend is not None and args.trend < 0:
        raise ScanError(f"--trend must be a positive number of pairs, not {args.trend}")
    quiet = args.quiet or args.json == "-" or args.csv == "-"
    result = run_with_progress(args.repo, options_from(args), quiet=quiet)
    report = coupling_report(result, coupling_options, "history" if args.history else "window")
    wanted = args.trend if args.trend is not None else (TREND_PAIRS if args.json else 0)
    trend = report_trend(result, report, wanted) if wanted > 0 else ()
    if args.json:
        data = report_to_json(report)
        data["trend"] = trend_to_json(trend)
        write(args.json, lambda stream: stream.write(json.dumps(data, indent=2) + "\n"))
    if args.csv:
        write(args.csv, lambda stream: write_pairs_csv(report, stream))
    if not args.json and not args.csv:
        _print(report, args.top)
        from debt_explorer.core.sanitize import printable

        for row in trend:
            cells = " ".join(f"{p.period}:{'–' if p.degree is None else p.degree}" for p in row.points[-12:])
            print(printable(f"{row.pair.entity} + {row.pair.coupled}: {cells}"))
    return 0


def _print(report, top: int) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from debt_explorer.core.export import iso
    from debt_explorer.report_text import _t  # repository paths: no rich markup, control characters escaped

    console = Console()
    scope = "whole history" if report.scope == "history" else f"hotspot window from {iso(report.since)}"
    counts = report.result.counts
    table = Table(title=f"Change coupling, {scope}: {len(report.pairs)} pairs from {counts.commits} commits "
                        f"({counts.commits_too_large} larger than the max changeset size left out)", box=box.SIMPLE_HEAD)
    for column in ("entity", "coupled", "degree %", "avg revs", "shared", "surprising"):
        # paths fold instead of ending in "…": at 80 columns every row read "requests/packa…"
        table.add_column(column, justify="right" if column in ("degree %", "avg revs", "shared") else "left",
                         overflow="fold")
    for pair in report.pairs[:top]:
        table.add_row(_t(pair.entity), _t(pair.coupled), str(pair.degree), str(pair.average_revs),
                      str(pair.shared_revs), _t(report.surprising.get((pair.entity, pair.coupled), "")))
    console.print(table)
    if report.test_gaps:
        gaps = Table(title="Production files whose tests rarely change with them", box=box.SIMPLE_HEAD)
        for column in ("file", "test file", "revisions", "with test", "share"):
            gaps.add_column(column, overflow="fold")
        for gap in report.test_gaps[:top]:
            gaps.add_row(_t(gap.file), _t(gap.test_file), str(gap.revisions), str(gap.shared_revs), f"{gap.share:.0%}")
        console.print(gaps)
    if not report.pairs:
        print("no pair reaches the thresholds; lower --min-revs / --min-shared-revs / --min-coupling", file=sys.stderr)
