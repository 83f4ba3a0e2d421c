"""``debt-explorer plan REPO list|add|remove|export|import``: the body of the plan subcommand."""

from __future__ import annotations

import argparse
import sys

from debt_explorer.core.errors import ScanError
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.sanitize import printable


def add_plan_arguments(plan: argparse.ArgumentParser) -> None:
    plan.add_argument("repo", help="path to a git repository")
    plan.add_argument("action", choices=("list", "add", "remove", "export", "import"))
    plan.add_argument("path", nargs="?", help="add/remove: the file; import: the plan file (JSON) to read")
    plan.add_argument("--function", help="a single function of the file")
    plan.add_argument("--note", help="add: what to do (default 'refactor'; an item already there keeps its own)")
    plan.add_argument("--priority", choices=("high", "medium", "low"), help="add: default medium, or as before")
    plan.add_argument("--effort", choices=("S", "M", "L", "XL"), help="add: default M, or as before")
    plan.add_argument("--markdown", metavar="FILE", help="export: Markdown task list (- for stdout)")
    plan.add_argument("--csv", metavar="FILE", help="export: CSV")
    plan.add_argument("--json", metavar="FILE", help="export: a plan file to commit or share (- for stdout); "
                                                     "read it back with `plan REPO import FILE`")
    plan.add_argument("--replace", action="store_true", help="import: replace the whole plan instead of merging")
    plan.add_argument("--cache-dir", help="cache directory (plans of older versions are copied from it)")


def run_plan(args: argparse.Namespace, write) -> int:
    from debt_explorer.core.plan import PlanStore, plan_rows, plan_to_csv, plan_to_markdown
    from debt_explorer.core.plan_file import read_plan_file, write_plan_file
    from debt_explorer.report_text import run_with_progress

    incoming = read_plan_file(args.path) if args.action == "import" and args.path else None
    if args.action == "import" and incoming is None:
        raise ScanError("plan import needs the plan file to read")
    if args.action == "export" and not (args.markdown or args.csv or args.json):
        raise ScanError("plan export needs --json FILE, --markdown FILE and/or --csv FILE")
    result = run_with_progress(args.repo, ScanOptions(cache_dir=args.cache_dir), quiet=True)
    store = PlanStore(result.repo.path, cache_dir=args.cache_dir)  # plans of older versions are copied once
    if args.action in ("add", "remove"):
        if not args.path:
            raise ScanError(f"plan {args.action} needs a file path")
        if args.action == "add":
            if result.file(args.path) is None:
                raise ScanError(f"{args.path} is not a code file at {result.repo.rev}")
            if args.function:
                _check_function(result, args.path, args.function)
            existed = any(i.key == (args.path, args.function) for i in store.load())
            store.add(args.path, result, function=args.function, note=args.note, priority=args.priority,
                      effort=args.effort)
            if existed:
                print(f"updated the plan item {printable(args.path)}"
                      f"{f' › {printable(args.function)}' if args.function else ''} (kept its date added, baseline "
                      "and anything not given)", file=sys.stderr)
        elif not store.remove(args.path, args.function):
            raise ScanError(f"{args.path} is not in the plan")
    if incoming is not None:
        added, replaced = store.merge(incoming, replace_all=args.replace)
        print(f"imported {len(incoming)} item(s) from {args.path}: " + (
            "the plan was replaced" if args.replace else f"{added} new, {replaced} replaced"), file=sys.stderr)
    items = store.load()
    for warning in store.warnings:
        print(f"debt-explorer: warning: {warning}", file=sys.stderr)
    rows = plan_rows(items, result)
    if args.action == "export":
        if args.json:
            write(args.json, lambda stream: write_plan_file(items, stream, result.repo.path))
        if args.markdown:
            write(args.markdown, lambda stream: stream.write(plan_to_markdown(rows, result.repo.path)))
        if args.csv:
            write(args.csv, lambda stream: stream.write(plan_to_csv(rows)))
        return 0
    print(plan_to_markdown(rows, result.repo.path), end="")
    return 0


def _check_function(result, path: str, function: str) -> None:
    """A planned function must be one the scan found in the file (a typo would be tracked as the whole file)."""
    import difflib

    names = [f.name for f in result.functions.get(path, ())]
    if function in names:
        return
    close = difflib.get_close_matches(function, names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else (
        "; it has no functions" if not names else f"; its functions include {', '.join(names[:3])}")
    raise ScanError(f"{function} is not a function of {path} at {result.repo.rev}{hint}")
