"""The whole-result cache format: size and load time of gzip'd JSON (what is stored) against pickle (before).

    python benchmarks/result_cache_format.py [REPO] [--rounds 7]

Scans REPO once without any cache (default: the flask mirror), then writes the result both ways and times
loading each ``--rounds`` times; prints medians and the ratio.  Pickle is the reference only: it is no
longer used because loading a pickle can run code.
"""

from __future__ import annotations

import argparse
import gzip
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from debt_explorer.core import result_codec  # noqa: E402
from debt_explorer.core.options import ScanOptions  # noqa: E402
from debt_explorer.core.scan import run_scan  # noqa: E402


def _scan(repo: str):  # noqa: ANN202
    generator = run_scan(repo, ScanOptions(use_cache=False))
    try:
        while True:
            next(generator)
    except StopIteration as stop:
        return stop.value


def _median_seconds(work, rounds: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo", nargs="?", default="/work/.mirror/pallets+flask/repo")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    result = _scan(args.repo)
    stored = gzip.compress(result_codec.dumps(result), compresslevel=1, mtime=0)
    pickled = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    assert result_codec.loads(gzip.decompress(stored)) == result
    write_json = _median_seconds(lambda: gzip.compress(result_codec.dumps(result), compresslevel=1), args.rounds)
    load_json = _median_seconds(lambda: result_codec.loads(gzip.decompress(stored)), args.rounds)
    load_pickle = _median_seconds(lambda: pickle.loads(pickled), args.rounds)
    print(f"{args.repo}: {result.repo.commits_scanned:,} commits, {len(result.files):,} files, "
          f"{len(result.changes):,} file changes")
    print(f"size: json.gz {len(stored) / 1e6:.2f} MB, pickle {len(pickled) / 1e6:.2f} MB "
          f"(ratio {len(stored) / len(pickled):.2f})")
    print(f"load (median of {args.rounds}): json.gz {load_json * 1000:.0f} ms, pickle {load_pickle * 1000:.0f} ms "
          f"(ratio {load_json / load_pickle:.1f}x); write json.gz {write_json * 1000:.0f} ms")


if __name__ == "__main__":
    main()
