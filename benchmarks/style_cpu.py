"""CPU cost of AI style-feature extraction, this checkout against another, with a check that both agree.

    python benchmarks/style_cpu.py REPO [REPO ...] [--compare OLD_ROOT] [--ext .py .ts ...]

Every file at HEAD of each repository whose name ends in one of ``--ext`` is read once; then, in a fresh
process per checkout (``PYTHONPATH`` = the checkout), :func:`debt_explorer.core.ai.style.extract` runs on all of
them and the process's CPU time is printed.  With ``--compare`` (e.g. ``git archive <commit> | tar -x -C
OLD_ROOT``) the two checkouts' features are compared file by file and the number of identical ones printed.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import pickle, sys, time
from debt_explorer.core.ai.style import extract
texts = pickle.load(open(sys.argv[1], "rb"))
start = time.process_time()
found = [extract(text) for text in texts]
print(time.process_time() - start)
pickle.dump([None if f is None else (f.values, f.locations) for f in found], open(sys.argv[2], "wb"))
"""


def head_texts(repo: str, extensions: tuple[str, ...]) -> list[str]:
    listing = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "-z", "HEAD"], capture_output=True,
                             check=True).stdout
    shas = []
    for entry in listing.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob" and path.decode("utf-8", "replace").endswith(extensions):
            shas.append(parts[2].decode())
    batch = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], input="".join(f"{s}\n" for s in shas).encode(),
                           capture_output=True, check=True).stdout
    texts, offset = [], 0
    for _ in shas:
        end = batch.index(b"\n", offset)
        size = int(batch[offset:end].split()[2])
        texts.append(batch[end + 1:end + 1 + size].decode("utf-8", "replace"))
        offset = end + 1 + size + 1
    return texts


def run(root: Path, texts_file: str, out_file: str) -> float:
    done = subprocess.run([sys.executable, "-c", _CHILD, texts_file, out_file], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(root)}, cwd=tempfile.gettempdir())
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--ext", nargs="+", default=[".py", ".ts", ".js", ".rs", ".go", ".java"])
    args = parser.parse_args()
    texts = [text for repo in args.repos for text in head_texts(repo, tuple(args.ext))]
    with tempfile.TemporaryDirectory() as scratch:
        texts_file = os.path.join(scratch, "texts.pkl")
        with open(texts_file, "wb") as stream:
            pickle.dump(texts, stream)
        mine = run(ROOT, texts_file, os.path.join(scratch, "this.pkl"))
        print(f"this checkout: {mine:.2f} CPU-s for {len(texts):,} files")
        if args.compare:
            theirs = run(args.compare, texts_file, os.path.join(scratch, "other.pkl"))
            with open(os.path.join(scratch, "this.pkl"), "rb") as a, open(os.path.join(scratch, "other.pkl"), "rb") as b:
                same = sum(x == y for x, y in zip(pickle.load(a), pickle.load(b)))
            print(f"{args.compare}: {theirs:.2f} CPU-s ({theirs / mine:.2f}x this); identical features: "
                  f"{same:,} of {len(texts):,} files")


if __name__ == "__main__":
    main()
