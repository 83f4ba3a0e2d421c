"""How often tree-sitter's cyclomatic complexity agrees with lizard's CCN, per language, and what each costs.

    python benchmarks/ccn_agreement.py REPO [REPO ...] [--files 300] [--show 5]

For every repository: up to ``--files`` code files at HEAD whose language has a
tree-sitter grammar (evenly spread over the tree, same skips as a scan: size
limit, binary, minified, generated header), each measured by both analyzers.
Functions are paired by their first line, else by their last line
(annotations on lines of their own start a Java method for tree-sitter, not
for lizard; names differ: lizard writes ``Class::method``, tree-sitter
``Class.method``); a function is in
agreement when both give the same complexity.  Functions only one analyzer
finds are counted apart (they do not enter the agreement share).  ``--show``
prints that many disagreeing functions per language with both values, the
material for docs/metrics.md.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from debt_explorer.core.languages import is_binary, is_minified, language_for, looks_generated  # noqa: E402
from debt_explorer.core.metrics import decode  # noqa: E402
from debt_explorer.core.tsmetrics import grammar_name, tree_sitter_metrics  # noqa: E402


def head_files(repo: str, limit: int) -> list[tuple[str, bytes]]:
    listing = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "-l", "-z", "HEAD"], capture_output=True,
                             check=True).stdout.split(b"\0")
    entries = []
    for entry in listing:
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) < 4 or parts[1] != b"blob" or not parts[3].isdigit() or int(parts[3]) > 1_000_000:
            continue
        name = path.decode("utf-8", "surrogateescape")
        if grammar_name(language_for(name), name) is None or "node_modules/" in name or "vendor/" in name:
            continue
        entries.append((name, parts[2].decode()))
    step = max(1, len(entries) // max(limit, 1))
    picked = entries[::step][:limit]
    batch = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], input="".join(f"{sha}\n" for _, sha in picked).encode(),
                           capture_output=True, text=False, check=True).stdout
    files, offset = [], 0
    for name, _sha in picked:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        data = batch[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1
        if not (is_binary(data) or is_minified(name, data) or looks_generated(data)):
            files.append((name, data))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--files", type=int, default=300, help="files per repository")
    parser.add_argument("--show", type=int, default=0, help="disagreeing functions to print per language")
    args = parser.parse_args()

    import lizard

    agree: collections.Counter[str] = collections.Counter()
    paired: collections.Counter[str] = collections.Counter()
    only_ts: collections.Counter[str] = collections.Counter()
    only_lizard: collections.Counter[str] = collections.Counter()
    rejected: collections.Counter[str] = collections.Counter()
    lizard_failed: collections.Counter[str] = collections.Counter()
    files_per_language: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    seconds = {"tree-sitter": 0.0, "lizard": 0.0}
    for repo in args.repos:
        for path, data in head_files(repo, args.files):
            text = decode(data)
            if text is None:
                continue
            language = language_for(path) or "?"
            files_per_language[language] += 1
            start = time.perf_counter()
            ours = tree_sitter_metrics(path, text, language)
            seconds["tree-sitter"] += time.perf_counter() - start
            start = time.perf_counter()
            try:
                theirs = lizard.analyze_file.analyze_source_code(path, text).function_list
            except (IndexError, KeyError, RecursionError) as exc:  # lizard's own bugs: leave the file out
                lizard_failed[language] += 1
                print(f"lizard failed on {path}: {type(exc).__name__}", file=sys.stderr)
                continue
            finally:
                seconds["lizard"] += time.perf_counter() - start
            if ours is None:
                rejected[language] += 1
                continue
            by_line, by_end = {}, {}
            for function in ours.function_list:
                by_line.setdefault(function.line, function)
                by_end.setdefault(function.end_line, function)
            matched = set()
            for function in theirs:
                mine = by_line.get(function.start_line)
                if mine is None:  # annotations and modifiers on lines of their own: lizard starts at the name
                    mine = by_end.get(function.end_line)
                if mine is None or id(mine) in matched:
                    only_lizard[language] += 1
                    continue
                matched.add(id(mine))
                paired[language] += 1
                if mine.complexity == function.cyclomatic_complexity:
                    agree[language] += 1
                elif len(examples[language]) < args.show:
                    examples[language].append(f"{repo.split('/')[-2] if repo.endswith('/repo') else repo}:{path}:"
                                              f"{function.start_line} {function.name}: tree-sitter"
                                              f" {mine.complexity}, lizard {function.cyclomatic_complexity}")
            only_ts[language] += sum(1 for function in ours.function_list if id(function) not in matched)
    print(f"{'language':<12}{'files':>7}{'rejected':>9}{'paired':>8}{'agree':>8}{'share':>8}"
          f"{'only ts':>9}{'only lizard':>12}")
    for language in sorted(files_per_language):
        share = agree[language] / paired[language] * 100 if paired[language] else 0.0
        print(f"{language:<12}{files_per_language[language]:>7}{rejected[language]:>9}{paired[language]:>8}"
              f"{agree[language]:>8}{share:>7.1f}%{only_ts[language]:>9}{only_lizard[language]:>12}")
    total_paired, total_agree = sum(paired.values()), sum(agree.values())
    print(f"all: {total_agree}/{total_paired} functions agree = {total_agree / max(total_paired, 1) * 100:.1f}%;"
          f" files the grammar rejected (measured by lizard instead): {sum(rejected.values())};"
          f" files lizard failed on (left out): {sum(lizard_failed.values())}")
    print(f"time: tree-sitter {seconds['tree-sitter']:.2f} s, lizard {seconds['lizard']:.2f} s"
          f" ({seconds['lizard'] / max(seconds['tree-sitter'], 1e-9):.0f}x)")
    for language, lines in sorted(examples.items()):
        print(f"-- {language}")
        for line in lines:
            print("  " + line)


if __name__ == "__main__":
    main()
