"""Command line: open the GUI, or scan headless.

    debt-explorer                      open the window (start page)
    debt-explorer PATH                 open the window and scan PATH
    debt-explorer demo [DIR]           create the demo repository and open it
    debt-explorer scan REPO [options]  scan headless: progress on stderr, summary on stdout

Exit codes: 0 success, 2 bad input (one-line message on stderr), 130 cancelled.
The GUI is imported lazily so headless commands never load Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from debt_explorer import __version__
from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.options import PERIODS, ScanOptions
from debt_explorer.plan_cli import add_plan_arguments

SUBCOMMANDS = ("scan", "report", "check", "plan", "demo", "gui", "coupling", "xray", "lines")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rev", default="HEAD", help="branch, tag or commit to scan (default HEAD)")
    parser.add_argument("--since", type=_date, help="only commits on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, help="only commits on or before this date (YYYY-MM-DD)")
    parser.add_argument("--period", choices=PERIODS, default="quarter", help="trend bucket (default quarter)")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="only paths matching GLOB (repeatable; ** spans folders)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out paths matching GLOB (repeatable)")
    parser.add_argument("--no-default-excludes", action="store_true",
                        help="also scan vendored folders, lock files and minified bundles")
    parser.add_argument("--window-months", type=int, default=12,
                        help="recent window for hotspots and high churn (default 12)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for metrics (default: one per core)")
    parser.add_argument("--cache-dir", help="cache directory (default: the user cache dir)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--no-ai", action="store_true", help="skip AI attribution")
    parser.add_argument("--ai-provenance", metavar="FILE", help="per-commit AI line export of an AI editor "
                        "(Cursor AI code tracking, JSON or CSV): recorded AI lines as evidence")
    parser.add_argument("--no-lines", action="store_true", help="skip line provenance (rework by origin, ownership)")


def options_from(args: argparse.Namespace) -> ScanOptions:
    try:
        return ScanOptions(rev=args.rev, since=args.since, until=args.until, period=args.period,
                           include=tuple(args.include), exclude=tuple(args.exclude),
                           use_default_excludes=not args.no_default_excludes, window_months=args.window_months,
                           jobs=args.jobs, cache_dir=args.cache_dir, use_cache=not args.no_cache,
                           ai=not args.no_ai, ai_provenance=args.ai_provenance,
                           lines=not getattr(args, "no_lines", False))
    except ValueError as exc:
        raise ScanError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="debt-explorer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"debt-explorer {__version__}")
    sub = parser.add_subparsers(dest="command")
    scan = sub.add_parser("scan", help="scan a repository headless and print a summary")
    scan.add_argument("repo", help="path to a git repository (work tree or bare)")
    add_scan_options(scan)
    scan.add_argument("--json", metavar="FILE", help="write the full result as JSON (- for stdout)")
    scan.add_argument("--csv", metavar="FILE", help="write the file table as CSV (- for stdout)")
    scan.add_argument("--top", type=int, default=15, help="rows in the summary tables (default 15)")
    scan.add_argument("--quiet", action="store_true", help="no progress bar")
    scan.add_argument("--all-periods", action="store_true", help="every period in the summary (default: the last 8)")
    scan.add_argument("--progressive", action="store_true",
                      help="print the hotspots at the scanned revision as soon as they are known, then the full summary")
    report = sub.add_parser("report", help="write a shareable report (HTML or Markdown) with the retrospective")
    report.add_argument("repo", help="path to a git repository")
    add_scan_options(report)
    report.add_argument("--html", metavar="FILE", help="write a self-contained HTML report here")
    report.add_argument("--format", choices=("html", "markdown"), default=None,
                        help="report format for --output (default html)")
    report.add_argument("--output", metavar="FILE", help="where to write the report (- for stdout)")
    report.add_argument("--before", metavar="PERIOD", help="retrospective: the earlier period (e.g. 2025Q1)")
    report.add_argument("--after", metavar="PERIOD", help="retrospective: the later period")
    report.add_argument("--span", type=int, default=1, metavar="N", help="retrospective: compare windows of N periods "
                        "each, ending at --before and --after (2 with quarters: last 2 quarters against the 2 before)")
    report.add_argument("--quiet", action="store_true", help="no progress bar")
    check = sub.add_parser("check", help="CI gate: fail (exit 1) when thresholds are crossed since a base revision")
    check.add_argument("repo", help="path to a git repository")
    check.add_argument("--base", required=True, help="the revision to compare with (e.g. origin/main)")
    check.add_argument("--head", default="HEAD", help="the revision to check (default HEAD)")
    check.add_argument("--config", metavar="FILE", help="TOML thresholds (default: [tool.debt-explorer] in the "
                                                       "project's committed pyproject.toml)")
    check.add_argument("--cache-dir", help="cache directory")
    check.add_argument("--no-cache", action="store_true")
    plan = sub.add_parser("plan", help="the refactoring plan of a repository: list, add, remove, export, import")
    add_plan_arguments(plan)
    demo = sub.add_parser("demo", help="create the demo repository and open it")
    demo.add_argument("dir", nargs="?", help="where to create it (default: a per-user data folder)")
    demo.add_argument("--no-gui", action="store_true", help="scan it and print the summary instead")
    from debt_explorer import coupling_cli, xray_cli
    from debt_explorer.cli_lines import add_lines_parser
    coupling_cli.add_parser(sub, add_scan_options)
    xray_cli.add_parser(sub, add_scan_options)
    add_lines_parser(sub)
    gui = sub.add_parser("gui", help="open the window (optionally on a repository)")
    gui.add_argument("repo", nargs="?")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # undecodable bytes in repository paths: \udcNN text, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if argv and not argv[0].startswith("-") and argv[0] not in SUBCOMMANDS:
        argv = ["gui", *argv]
    if not argv:
        argv = ["gui"]
    args = build_parser().parse_args(argv)
    try:
        if args.command == "scan":
            return _scan(args)
        if args.command == "report":
            return _report(args)
        if args.command == "check":
            return _check(args)
        if args.command == "plan":
            return _plan(args)
        if args.command == "demo":
            return _demo(args)
        if args.command == "coupling":
            from debt_explorer.coupling_cli import run
            return run(args, options_from, _write)
        if args.command == "xray":
            from debt_explorer.xray_cli import run as run_xray
            return run_xray(args, options_from, _write)
        if args.command == "lines":
            from debt_explorer.cli_lines import run_lines
            return run_lines(args)
        return _gui(args.repo)
    except ScanError as exc:
        from debt_explorer.core.sanitize import printable

        print(f"debt-explorer: {printable(str(exc))}", file=sys.stderr)  # may quote repository paths
        return 2
    except (ScanCancelled, KeyboardInterrupt):
        print("debt-explorer: cancelled", file=sys.stderr)
        return 130


def _scan(args: argparse.Namespace) -> int:
    from debt_explorer.core.export import write_files_csv, write_json
    from debt_explorer.report_text import print_first_result, print_next_step, print_summary, run_with_progress

    if args.top < 1:  # a negative count sliced rows off the end; 0 printed empty tables
        raise ScanError(f"--top must be a positive number of rows, not {args.top}")
    options = options_from(args)
    result = run_with_progress(args.repo, options, quiet=args.quiet,
                               on_partial=(lambda partial: print_first_result(partial, args.top))
                               if args.progressive and args.json != "-" and args.csv != "-" else None)
    if args.json:
        _write(args.json, lambda stream: write_json(result, stream))
    if args.csv:
        _write(args.csv, lambda stream: write_files_csv(result, stream))
    if args.json != "-" and args.csv != "-":
        print_summary(result, top=args.top, all_periods=args.all_periods)
        print_next_step(args.repo)
    return 0


def _check(args: argparse.Namespace) -> int:
    from debt_explorer.core.gate import describe_thresholds, evaluate, gate_notes, load_gate_config
    from debt_explorer.report_text import run_with_progress

    options = ScanOptions(cache_dir=args.cache_dir, use_cache=not args.no_cache)
    from dataclasses import replace

    given = load_gate_config(args.repo, config_file=args.config) if args.config else None  # checked before scanning
    head = run_with_progress(args.repo, replace(options, rev=args.head), quiet=True)
    base = run_with_progress(args.repo, replace(options, rev=args.base), quiet=True)
    config = given or load_gate_config(head.repo.path, head.repo.head)
    problems = evaluate(base, head, config)
    print(f"debt-explorer check: {args.base} ({base.repo.head[:10]}) -> {args.head} ({head.repo.head[:10]}), "
          f"thresholds from {config.source}:")
    print("\n".join(describe_thresholds(config) + [f"  note: {note}" for note in gate_notes(head, config)]))
    from debt_explorer.core.sanitize import printable

    for problem in problems:
        print(f"FAIL {printable(problem)}")
    if not problems:
        print("OK: no threshold crossed")
    return 1 if problems else 0


def _plan(args: argparse.Namespace) -> int:
    from debt_explorer.plan_cli import run_plan

    return run_plan(args, _write)


def _report(args: argparse.Namespace) -> int:
    from debt_explorer.core.report import render_html, render_markdown
    from debt_explorer.core.retro import compare_periods
    from debt_explorer.report_text import run_with_progress

    if not args.html and not args.output:
        raise ScanError("say where the report goes: --html FILE or --output FILE|-")
    if (args.before is None) != (args.after is None):  # one alone was silently ignored
        given, missing = ("--before", "--after") if args.after is None else ("--after", "--before")
        raise ScanError(f"{given} needs {missing} too (or neither: the last two periods with enough activity)")
    if args.span < 1:
        raise ScanError(f"--span must be a positive number of periods, not {args.span}")
    result = run_with_progress(args.repo, options_from(args), quiet=args.quiet)
    retro = None
    if args.before is not None or len(result.periods) >= 2 * args.span:
        labels = [p.period for p in result.periods]
        if args.before in labels and args.after in labels:
            if labels.index(args.before) >= labels.index(args.after):  # read "2024Q1 → 2023Q1" in the report
                raise ScanError(f"--before {args.before} must be an earlier period than --after {args.after}")
            if labels.index(args.after) - labels.index(args.before) < args.span:
                raise ScanError(f"--before {args.before} and --after {args.after} are less than --span {args.span} "
                                "periods apart: the two windows would overlap")
        try:
            retro = compare_periods(result, args.before, args.after, span=args.span)
        except ValueError as exc:
            raise ScanError(str(exc)) from None
    if args.html:
        _write(args.html, lambda stream: stream.write(render_html(result, retro)))
    if args.output:
        text = render_markdown(result, retro) if args.format == "markdown" else render_html(result, retro)
        _write(args.output, lambda stream: stream.write(text))
    return 0


def _write(target: str, writer) -> None:
    if target == "-":
        writer(sys.stdout)
        return
    from debt_explorer.core.atomic import atomic_write

    try:
        atomic_write(target, writer)  # the previous file stays whole if this is interrupted
    except OSError as exc:
        raise ScanError(f"cannot write {target}: {exc.strerror}; the previous file (if any) is unchanged") from None
    print(f"wrote {os.path.abspath(target)}", file=sys.stderr)


def _demo(args: argparse.Namespace) -> int:
    from debt_explorer.core.demo import create_demo_repo, default_demo_dir

    target = args.dir or default_demo_dir()
    path = create_demo_repo(target)
    print(f"demo repository: {path}", file=sys.stderr)
    if args.no_gui or not _display_available():
        if not args.no_gui:
            print("no display found: printing the scan summary instead of opening the window", file=sys.stderr)
        from debt_explorer.report_text import print_summary, run_with_progress

        print_summary(run_with_progress(path, ScanOptions(), quiet=False), top=10)
        return 0
    return _gui(path)


def _display_available() -> bool:
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def _gui(path: str | None) -> int:
    from debt_explorer.ui.syslibs import qt_system_problem

    problem = qt_system_problem()  # before any Qt GUI import: a missing library would abort the process
    if problem is not None:
        print(f"debt-explorer: {problem}", file=sys.stderr)
        return 2
    from debt_explorer.ui.app import main as gui_main

    return gui_main(path)
