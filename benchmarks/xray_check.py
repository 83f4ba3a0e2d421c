"""Check X-Ray's per-function revision counts against ``git log -L :FUNCNAME:PATH``, and time X-Ray.

    python benchmarks/xray_check.py [--files 3] [--functions 5] [--speed REPO]

For the top ``--files`` hotspot files of flask and requests (the mirrors under
/work/.mirror), the ``--functions`` most-changed functions by X-Ray are
traced with ``git log -L :NAME:PATH --format=%H`` (plain git on the
read-only mirror, with an attributes file *outside* the repository that
selects git's built-in ``python`` function-name rules, so methods are found).
A count agrees when it is within +-15 % of git's.  Every commit only one side
counts is classified:

* ``merge``: git -L shows a merge commit; the scan credits lines to the
  commit that made them on its branch, never to merges;
* ``before rename``: older than the file's first commit in the scan's
  history -- git -L follows the *lines* into another file or an older file
  of the same name, while the scan's rename detection credited that history
  to another path;
* ``range``: the commit changed the file but the lines git traces were, at
  that revision, outside the function's ``line..end_line`` (decorators,
  code moved in from another function, a signature line shared with a
  neighbour) or inside it but not traced by git (git -L follows only the
  lines the function has *today*).

``--speed`` times X-Ray of the top 20 hotspot files of another repository
(default sphinx) after a warm scan; the reference command in the same run
is ``git log -L`` of one function per file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from debt_explorer.core.options import ScanOptions  # noqa: E402
from debt_explorer.core.scan import run_scan  # noqa: E402
from debt_explorer.core.xray import run_xray, top_hotspot_paths  # noqa: E402

REPOS = ("/work/.mirror/pallets+flask/repo", "/work/.mirror/psf+requests/repo")
SPHINX = "/work/.mirror/sphinx-doc+sphinx/repo"


def drive(generator):  # noqa: ANN001,ANN201
    try:
        while True:
            next(generator)
    except StopIteration as stop:
        return stop.value


def _git(repo: str, args: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, env=env, check=False)


def git_line_log(repo: str, path: str, spec: str, attributes: str) -> list[tuple[str, bool]] | None:
    """(sha, is_merge) that ``git log -L <spec>:path`` lists, oldest first; None when git finds nothing."""
    proc = _git(repo, ["-c", f"core.attributesFile={attributes}", "log", f"-L{spec}:{path}",
                       "--format=COMMIT %H %P", "--no-patch", "HEAD"])
    if proc.returncode != 0:
        return None
    commits = [line.split()[1:] for line in proc.stdout.splitlines() if line.startswith("COMMIT ")]
    return [(c[0], len(c) > 2) for c in reversed(commits)]


def names_at(repo: str, sha: str, path: str) -> set[str]:
    """Function names X-Ray sees in ``path`` at ``sha`` (the scan's analyzers on the blob)."""
    from debt_explorer.core.metrics import analyze_blob

    proc = subprocess.run(["git", "-C", repo, "cat-file", "blob", f"{sha}:{path}"], capture_output=True, check=False)
    return {f.name for f in analyze_blob(path, proc.stdout).function_list} if proc.returncode == 0 else set()


def classify(only_git: list[str], only_ours: list[str], merges: set[str], dates: dict[str, int], first: int,
             simplified: set[str], truncated: bool, repo: str = "", paths_then: dict[str, str] | None = None,
             names: tuple[str, ...] = ()) -> dict[str, int]:
    reasons: dict[str, int] = {}
    paths_then = paths_then or {}

    def add(why: str) -> None:
        reasons[why] = reasons.get(why, 0) + 1

    for sha in only_git:
        if sha in merges:
            add("merge (git)")
        elif sha not in dates:
            add("not in the scanned history (git)")
        elif dates[sha] < first:
            add("before the scan's rename boundary (git)")
        elif sha not in paths_then:
            add("git followed the lines into another file (git)")
        elif not set(names) & names_at(repo, sha, paths_then[sha]):
            add("function absent under this name then: git follows lines moved in from elsewhere (git)")
        else:
            add("range (git): the traced lines were outside the function's line..end_line then")
    for sha in only_ours:
        if sha not in simplified:
            add("hidden by git's history simplification (X-Ray)")
        elif truncated:
            add("outside git's :name: range, which ends at a nested def (X-Ray)")
        else:
            add("range (X-Ray): changed lines since removed from the function, which git -L (tracing "
                "only the ancestors of today's lines) never visits")
    return reasons


def check(top_files: int, top_functions: int) -> int:
    rows = []
    common: list[bool] = []
    with tempfile.TemporaryDirectory() as scratch:
        attributes = str(Path(scratch) / "attributes")
        Path(attributes).write_text("*.py diff=python\n")
        for repo in REPOS:
            result = drive(run_scan(repo, ScanOptions(ai=False)))
            dates = {c.sha: c.committer_date for c in result.commits}
            first: dict[str, int] = {}
            for change in result.changes:
                first[change.file] = min(first.get(change.file, dates[change.sha]), dates[change.sha])
            paths = top_hotspot_paths(result, top_files)
            xrays = drive(run_xray(result, paths))
            for path in paths:
                xray = xrays[path]
                paths_then = {c.sha: c.path for c in result.changes if c.file == path}
                every_path = sorted({p for c in result.changes if c.file == path for p in (c.path, c.old_path) if p})
                simplified = set(_git(repo, ["log", "--format=%H", "HEAD", "--", *every_path]).stdout.split())
                shorts = [f.name.rsplit(".", 1)[-1] for f in xray.functions]
                chosen = [f for f in sorted(xray.functions, key=lambda f: (-f.revisions, f.line))
                          if shorts.count(f.name.rsplit(".", 1)[-1]) == 1][:top_functions]
                for function in chosen:
                    nested = any(f.name.startswith(function.name + ".") for f in xray.functions)
                    row = [repo.split("/")[-2].split("+")[-1], path, function.name, function.revisions]
                    for spec, truncated in ((f":def {function.name.rsplit('.', 1)[-1]}(", nested),
                                            (f"{function.line},{function.end_line}", False)):
                        traced = git_line_log(repo, path, spec, attributes)
                        if traced is None:
                            row += ["no match", "", ""]
                            continue
                        theirs = [sha for sha, _ in traced]
                        merges = {sha for sha, merge in traced if merge}
                        only_git = [s for s in theirs if s not in set(function.shas)]
                        only_ours = [s for s in function.shas if s not in set(theirs)]
                        reasons = classify(only_git, only_ours, merges, dates, first.get(path, 0), simplified,
                                           truncated, repo, paths_then, (function.name, *function.renamed_from))
                        ok = abs(function.revisions - len(theirs)) <= 0.15 * len(theirs)
                        row += [len(theirs), "yes" if ok else "no",
                                ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items()))]
                        if not truncated and spec[0] != ":":  # common ground, LINE,END only
                            git_common = [s for s in theirs if s not in merges and s in dates
                                          and dates[s] >= first.get(path, 0)]
                            ours_common = [s for s in function.shas if s in simplified]
                            common.append(abs(len(ours_common) - len(git_common)) <= 0.15 * max(len(git_common), 1))
                    rows.append(row)
    print("| repo | file | function | X-Ray | git -L :name: | ±15 % | differences | git -L line,end | ±15 % | "
          "differences |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")
    by_name = sum(1 for r in rows if r[5] == "yes")
    by_range = sum(1 for r in rows if r[8] == "yes")
    unexplained = sum(1 for r in rows for cell in (r[6], r[9]) if "range (" in cell)  # classified, not unknown
    print(f"\nwithin ±15 %: {by_name}/{len(rows)} against `git log -L :name:PATH`, {by_range}/{len(rows)} against "
          f"`git log -L line,end:PATH`; cells with line-range differences: {unexplained}")
    print(f"on the history both tools walk (git: no merges, nothing before the scan's rename boundary; X-Ray: only "
          f"commits git's history simplification keeps), LINE,END: {sum(common)}/{len(common)} within ±15 %")
    return 0


def speed(repo: str, repeat: int) -> None:
    result = drive(run_scan(repo, ScanOptions(ai=False)))  # warm after the first run: from the result cache
    paths = top_hotspot_paths(result, 20)
    cold, warm = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as scratch:
            from debt_explorer.core.cache import Cache

            start = time.perf_counter()
            drive(run_xray(result, paths))
            cold.append(time.perf_counter() - start)
            with Cache(scratch) as cache:
                drive(run_xray(result, paths, cache=cache))
                start = time.perf_counter()
                xrays = drive(run_xray(result, paths, cache=cache))
                warm.append(time.perf_counter() - start)
    revisions = sum(x.revisions for x in xrays.values())
    start = time.perf_counter()
    for path in paths:
        subprocess.run(["git", "-C", repo, "log", "--format=%H", "-p", "-U0", "--follow", "--", path],
                       capture_output=True, check=False)
    reference = time.perf_counter() - start
    med = statistics.median
    print(f"\nX-Ray of the top {len(paths)} hotspot files of {repo} ({revisions} file revisions), "
          f"median of {repeat}: {med(cold):.1f} s without a metric cache, {med(warm):.1f} s with the blob "
          f"metrics cached; reference `git log -p -U0 --follow` of the same files: {reference:.1f} s "
          f"(ratio {med(cold) / reference:.1f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--functions", type=int, default=5)
    parser.add_argument("--speed", metavar="REPO", nargs="?", const=SPHINX, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    status = check(args.files, args.functions)
    if args.speed:
        speed(args.speed, args.repeat)
    return status


if __name__ == "__main__":
    sys.exit(main())
