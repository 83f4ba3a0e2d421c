"""Blob reading speed: the sealed ObjectReader against GitPython's reader and a bare ``git cat-file --batch``.

    python benchmarks/object_reader.py REPO [--rounds 5] [--limit 3000]

Reads the blobs of every file in REPO's HEAD tree (up to ``--limit``), one request at a time as a scan does,
with each reader in turn, ``--rounds`` times, and prints the median seconds and the ratio to the reference: one
plain ``git cat-file --batch`` process fed every object name at once (the floor: no per-request round trip).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from debt_explorer.core.git_history import list_tree  # noqa: E402
from debt_explorer.core.gitsafe import git_env  # noqa: E402
from debt_explorer.core.objects import ObjectReader  # noqa: E402


def sealed(repo: str, oids: list[str]) -> int:
    with ObjectReader(repo) as reader:
        return sum(len(reader.read(oid) or b"") for oid in oids)


def gitpython(repo: str, oids: list[str]) -> int:
    import git

    handle = git.Git(repo)
    try:
        return sum(len(handle.stream_object_data(oid)[3].read()) for oid in oids)
    finally:
        handle.clear_cache()


def reference(repo: str, oids: list[str]) -> int:
    out = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], input=("\n".join(oids) + "\n").encode(),
                         capture_output=True, env=git_env(), check=True).stdout
    return len(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=3000)
    args = parser.parse_args()
    oids = sorted({oid for oid, _ in list_tree(args.repo, "HEAD").values()})[:args.limit]
    readers = {"bare cat-file --batch (reference)": reference, "ObjectReader (sealed)": sealed,
               "GitPython stream_object_data": gitpython}
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(args.rounds):
        for name, read in readers.items():
            start = time.perf_counter()
            read(args.repo, oids)
            times[name].append(time.perf_counter() - start)
    floor = statistics.median(times["bare cat-file --batch (reference)"])
    print(f"{len(oids)} blobs of {args.repo} HEAD, median of {args.rounds} rounds")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:36} {median * 1000:8.1f} ms  x{median / floor:.2f}")


if __name__ == "__main__":
    main()
