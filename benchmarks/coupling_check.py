"""Check Debt Explorer's change coupling against code-maat, and time it.

    pip install code-maat-python                      # the reference (GPL, not a dependency of the app)
    python benchmarks/coupling_check.py [REPO] [--top 20] [--speed REPO2] [--repeat 3]

code-maat is fed the log its README documents, ``git log -M --numstat
--date=short --pretty=format:'--%h--%cd--%cn'`` (read-only, through the
app's sealed git), and run with its defaults (min-revs 5, min-shared-revs 5,
min-coupling 30, max-coupling 100, max-changeset-size 30).  Debt Explorer
reads the same history with the scan's own functions and computes coupling
two ways:

* **as code-maat sees it**: every file, paths as in each commit (renames not
  followed) -- every pair and degree should be identical;
* **the app's default**: code files only, renames followed -- differences
  are expected wherever a file was renamed, and the script says which.

``--speed`` times coupling over the whole history of a second repository:
reading the history (git log --numstat, as the scan does) and computing
coupling + soc from it, against code-maat-python parsing its log and running
``coupling`` in the same process (medians of ``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from debt_explorer.core import git_history as gh  # noqa: E402
from debt_explorer.core.churn import resolve_identities  # noqa: E402
from debt_explorer.core.coupling import Changeset, CouplingOptions, analyse, changesets  # noqa: E402
from debt_explorer.core.coupling_report import code_filter, is_code_file  # noqa: E402
from debt_explorer.core.gitsafe import run_git  # noqa: E402

FLASK = "/work/.mirror/pallets+flask/repo"
SPHINX = "/work/.mirror/sphinx-doc+sphinx/repo"
LOG_ARGS = ["log", "-M", "--numstat", "--date=short", "--pretty=format:--%h--%cd--%cn"]


def code_maat_log(repo: str, target: Path) -> None:
    target.write_bytes(run_git(repo, [*LOG_ARGS, "HEAD"]))


def code_maat_coupling(log: Path):  # noqa: ANN201 - a pandas DataFrame
    from code_maat_python.analyses.coupling import analyze_coupling
    from code_maat_python.parser import GitLogParser

    return analyze_coupling(GitLogParser().parse_file(log))


def mined_history(repo: str):  # noqa: ANN201
    """(commits, resolved changes) exactly as the scan reads them (no cache)."""
    facts = gh.open_repository(repo)
    shas = [sha for sha, _ in gh.list_commits(facts.path, facts.head)]
    reader = gh.read_commits(facts.path, shas)
    try:
        while True:
            next(reader)
    except StopIteration as stop:
        pairs, _ = stop.value
    commits = sorted((c for c, _ in pairs), key=lambda c: c.committer_date, reverse=True)
    by_commit = {c.sha: ch for c, ch in pairs if not c.is_merge}
    resolved, _ = resolve_identities(commits, by_commit)
    return commits, resolved


def renames(changes) -> dict[str, str]:  # noqa: ANN001
    """Old path -> the identity its history is credited to (today's path)."""
    return {c.old_path: c.file for c in changes if c.old_path and c.old_path != c.path}


def as_code_maat_sees_it(commits, changes):  # noqa: ANN001,ANN201
    """Changesets keyed by each commit's own paths, a rename being an entity of its own (git's ``{a => b}``)."""
    dated = {c.sha: c.committer_date for c in commits}
    by_commit: dict[str, dict[str, None]] = {}
    for change in changes:
        key = f"{change.old_path} => {change.path}" if change.old_path and change.old_path != change.path \
            else change.path
        by_commit.setdefault(change.sha, {})[key] = None
    return [Changeset(sha, dated[sha], tuple(files)) for sha, files in by_commit.items()]


def from_code_maat_input(frame):  # noqa: ANN001,ANN201
    """code-maat's own parsed log as changesets (one row per file and commit)."""
    by_rev: dict[str, list[str]] = {}
    for rev, entity in zip(frame["rev"], frame["entity"]):
        by_rev.setdefault(str(rev), []).append(str(entity))
    return [Changeset(rev, 0, tuple(files)) for rev, files in by_rev.items()]


def agreement(label: str, theirs: dict, pairs) -> int:  # noqa: ANN001
    ours = {(p.entity, p.coupled): p for p in pairs}
    same = [k for k in theirs if k in ours and ours[k].degree == theirs[k][0]]
    bad = sorted((set(theirs) ^ set(ours)) | {k for k in set(theirs) & set(ours) if ours[k].degree != theirs[k][0]})
    ceil = sum(1 for k in same if theirs[k][1] != ours[k].average_revs)
    print(f"- {label}: code-maat {len(theirs)} pairs, Debt Explorer {len(ours)}; same pair and degree: "
          f"{len(same)}; different: {len(bad)}; average_revs one higher (mean rounded up as in code-maat's "
          f"Clojure source, code-maat-python truncates): {ceil}")
    for key in bad[:10]:
        print(f"    {key}: code-maat {theirs.get(key)}, ours {(ours[key].degree, ours[key].average_revs) if key in ours else None}")
    return len(bad)


def compare(repo: str, top: int) -> int:
    try:
        from code_maat_python.analyses.coupling import analyze_coupling
        from code_maat_python.parser import GitLogParser
    except ImportError:
        print("code-maat-python is not installed: pip install code-maat-python", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "git.log"
        code_maat_log(repo, log)
        frame = GitLogParser().parse_file(log)
    maat = analyze_coupling(frame)
    theirs = {(r.entity, r.coupled): (int(r.degree), int(r["average-revs"])) for _, r in maat.iterrows()}
    commits, changes = mined_history(repo)
    moved = renames(changes)
    everything = CouplingOptions(code_only=False)
    print(f"# Coupling check: {repo} ({len(commits)} commits), code-maat defaults\n")
    print("## Same definitions (all files, every pair code-maat reports)\n")
    bad = agreement("code-maat's own parsed log fed to Debt Explorer's algorithm", theirs,
                    analyse(from_code_maat_input(frame), everything).pairs)
    bad += agreement("the scan's history, paths as in each commit (renames not followed)", theirs,
                     analyse(as_code_maat_sees_it(commits, changes), everything).pairs)

    path_filter = code_filter(None)
    default = analyse(changesets(commits, changes), CouplingOptions(), lambda path: is_code_file(path, path_filter))
    ours_default = {(p.entity, p.coupled): p for p in default.pairs}
    theirs_code = {k: v for k, v in theirs.items() if all(is_code_file(p, path_filter) for p in k)}
    top_code = sorted(theirs_code, key=lambda k: (-theirs_code[k][0], k))[:top]
    print(f"\n## The app's default (code files, renames followed): code-maat's top {top} code pairs\n")
    print("| # | entity | coupled | code-maat | Debt Explorer | why different |")
    print("|---|---|---|---|---|---|")
    for rank, key in enumerate(top_code, start=1):
        mine = ours_default.get(key)
        shown = "–" if mine is None else f"{mine.degree}"
        why = ""
        if mine is None or mine.degree != theirs_code[key][0]:
            later = [f"{p} became {moved[p]}" for p in key if p in moved]
            earlier = [f"{p} has history under {', '.join(o for o, n in moved.items() if n == p)}"
                       for p in key if p in moved.values()]
            why = "; ".join([*later, *earlier]) or "UNEXPLAINED"
            bad += not (later or earlier)
        print(f"| {rank} | {key[0]} | {key[1]} | {theirs_code[key][0]} | {shown} | {why} |")
    print(f"\nDebt Explorer's own top {top} (code files, renames followed):\n")
    print("| # | entity | coupled | degree | average_revs | shared_revs | code-maat |")
    print("|---|---|---|---|---|---|---|")
    for rank, pair in enumerate(default.pairs[:top], start=1):
        ref = theirs.get((pair.entity, pair.coupled))
        split = {pair.entity, pair.coupled} & set(moved.values())
        note = str(ref[0]) if ref else ("below its thresholds: the history of " + " and ".join(sorted(split)) +
                                        " is split by a rename" if split else "UNEXPLAINED")
        bad += note == "UNEXPLAINED"
        print(f"| {rank} | {pair.entity} | {pair.coupled} | {pair.degree} | {pair.average_revs} | "
              f"{pair.shared_revs} | {note} |")
    return 0 if bad == 0 else 1


def speed(repo: str, repeat: int) -> None:
    from code_maat_python.analyses.coupling import analyze_coupling
    from code_maat_python.parser import GitLogParser

    ours_read, ours_coupling, maat_log, maat_run = [], [], [], []
    path_filter = code_filter(None)
    for _ in range(repeat):
        start = time.perf_counter()
        commits, changes = mined_history(repo)
        ours_read.append(time.perf_counter() - start)
        start = time.perf_counter()
        sets = changesets(commits, changes)
        result = analyse(sets, CouplingOptions(), lambda path: is_code_file(path, path_filter))
        ours_coupling.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as scratch:
            log = Path(scratch) / "git.log"
            start = time.perf_counter()
            code_maat_log(repo, log)
            maat_log.append(time.perf_counter() - start)
            start = time.perf_counter()
            analyze_coupling(GitLogParser().parse_file(log))
            maat_run.append(time.perf_counter() - start)
    med = statistics.median
    print(f"\n## Speed: whole history of {repo} ({len(commits)} commits, {len(result.pairs)} pairs), "
          f"median of {repeat}\n")
    print(f"| step | Debt Explorer | code-maat-python |\n|---|---|---|")
    print(f"| read history (git log --numstat) | {med(ours_read):.2f} s | {med(maat_log):.2f} s |")
    print(f"| coupling from the history | {med(ours_coupling):.2f} s | {med(maat_run):.2f} s (parse + coupling) |")
    print(f"\ncoupling step ratio code-maat / Debt Explorer: {med(maat_run) / med(ours_coupling):.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", default=FLASK)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--speed", metavar="REPO", nargs="?", const=SPHINX, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    status = compare(args.repo, args.top)
    if args.speed:
        speed(args.speed, args.repeat)
    return status


if __name__ == "__main__":
    sys.exit(main())
