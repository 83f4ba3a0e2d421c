"""``debt-explorer lines REPO PATH [--rev REV] [--json]``: one file's line provenance, one row per line."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict


def add_lines_parser(sub: argparse._SubParsersAction) -> None:
    lines = sub.add_parser("lines", help="who wrote each line of a file, when, with which AI tool (git blame view)")
    lines.add_argument("repo", help="path to a git repository")
    lines.add_argument("path", help="the file, relative to the repository root")
    lines.add_argument("--rev", default="HEAD", help="revision (default HEAD)")
    lines.add_argument("--json", action="store_true", help="JSON rows instead of text")
    lines.add_argument("--cache-dir", help="cache directory")
    lines.add_argument("--no-cache", action="store_true", help="neither read nor write the stored line state")


def run_lines(args: argparse.Namespace) -> int:
    from debt_explorer.core.cache import default_cache_dir
    from debt_explorer.core.provenance.lines import file_lines

    cache_dir = None if args.no_cache else (args.cache_dir or default_cache_dir())
    rows = file_lines(args.repo, args.path, args.rev, cache_dir)
    if args.json:
        json.dump([asdict(row) for row in rows], sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    width = len(str(len(rows)))
    author_width = min(20, max((len(row.author) for row in rows), default=0))
    for row in rows:
        tool = f" [{row.ai_tool}]" if row.ai_tool else ""
        sys.stdout.write(f"{row.sha[:10]} ({row.author[:author_width]:<{author_width}} {row.date}{tool}) "
                         f"{row.line:>{width}}) {row.text}\n")
    return 0
