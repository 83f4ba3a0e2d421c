"""Evaluate style signals for AI attribution on labelled files from real repositories.

    python benchmarks/ai_eval.py REPO [REPO ...] [--max-per-class 300]

Labels (per ../shared/AI-TRACES.md, "honest measurement"):
* positives: code files *added* by an AI-attributed commit (disclosed trace), with their content as added;
* negatives: code files of the last snapshot before 2021-06-29 (written before Copilot's preview);
* recent unmarked code is unlabelled and left out.
Trace text is stripped from what the features see.  Files under 15 non-blank lines are left out.

Reports per repository the class counts, each feature's ROC AUC (pooled over repositories, and within each
repository that has both classes), and a leave-one-repository-out logistic regression (numpy) where the held-out
repository has both classes.  Where positives and negatives come from *different* repositories the pooled
figures measure project style as much as AI style: read them as an upper bound.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from debt_explorer.core.ai.style import observe  # noqa: E402
from debt_explorer.core.ai.traces import classify_commit  # noqa: E402
from debt_explorer.core.languages import analyzer_for, language_for  # noqa: E402
from debt_explorer.core.models import Commit  # noqa: E402

CUTOFF = "2021-06-29"
TRACE_LINE = re.compile(r"claude|anthropic|aider|copilot|cursor|codex|openai|gemini|generated with", re.IGNORECASE)
SIGNALS = ["example-usage block", "rest-of-code placeholder", "placeholder secret", "emoji in code",
           "personal or dated TODO", "commented-out code", "debug print"]
FEATURES = SIGNALS + ["trailing whitespace", "line length mean", "line length spread", "comment lines",
                      "blank lines", "docstring lines"]


def git(repo: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, check=False).stdout


def is_code(path: str) -> bool:
    return analyzer_for(language_for(path)) is not None


def features(text: str) -> list[float] | None:
    lines = [line for line in text.splitlines() if not TRACE_LINE.search(line)]
    nonblank = [line for line in lines if line.strip()]
    if len(nonblank) < 15:
        return None
    clean = "\n".join(lines)
    present = {signal.signal for signal in observe(clean)}
    lengths = np.array([len(line) for line in nonblank], dtype=float)
    comment = sum(1 for line in nonblank if line.lstrip().startswith(("#", "//", "/*", "*")))
    docstring = sum(1 for line in nonblank if line.lstrip().startswith(('"""', "'''", "/**")))
    return [float(name in present) for name in SIGNALS] + [
        sum(1 for line in lines if line != line.rstrip()) / len(lines), float(lengths.mean()), float(lengths.std()),
        comment / len(nonblank), (len(lines) - len(nonblank)) / len(lines), docstring / len(nonblank)]


def positives(repo: str, limit: int) -> list[list[float]]:
    out = git(repo, "log", "-z", "--diff-filter=A", "--name-only", "--no-renames",
              "--format=%x01%H%x1f%P%x1f%aN%x1f%aE%x1f%at%x1f%cN%x1f%cE%x1f%ct%x1f%B").decode("utf-8", "replace")
    rows: list[list[float]] = []
    for record in out.split("\x01")[1:]:
        header, _, files = record.partition("\0")
        fields = header.split("\x1f", 8)
        if len(fields) < 9:
            continue
        sha, parents, an, ae, at, cn, ce, ct, message = fields
        commit = Commit(sha, tuple(parents.split()), an, ae, int(at), cn, ce, int(ct), message)
        if classify_commit(commit).kind != "ai":
            continue
        for path in (p.strip("\n") for p in files.split("\0")):
            if path and is_code(path):
                text = git(repo, "cat-file", "blob", f"{sha}:{path}").decode("utf-8", "replace")
                vector = features(text) if len(text) < 200_000 else None
                if vector is not None:
                    rows.append(vector)
                if len(rows) >= limit:
                    return rows
    return rows


def negatives(repo: str, limit: int) -> list[list[float]]:
    snapshot = git(repo, "rev-list", "-1", f"--before={CUTOFF}", "HEAD").decode().strip()
    if not snapshot:
        return []
    rows: list[list[float]] = []
    for line in git(repo, "ls-tree", "-r", "-l", snapshot).decode("utf-8", "replace").splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) < 4 or parts[1] != "blob" or not is_code(path) or not parts[3].isdigit() or int(parts[3]) > 200_000:
            continue
        vector = features(git(repo, "cat-file", "blob", parts[2]).decode("utf-8", "replace"))
        if vector is not None:
            rows.append(vector)
        if len(rows) >= limit:
            break
    return rows


def auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    pos, neg = scores[labels == 1], scores[labels == 0]
    if not len(pos) or not len(neg):
        return None
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def fit(x: np.ndarray, y: np.ndarray, steps: int = 2000, rate: float = 0.1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean, std = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / std
    weights = np.zeros(z.shape[1] + 1)
    design = np.hstack([z, np.ones((len(z), 1))])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ weights))
        weights -= rate * (design.T @ (p - y) / len(y) + 1e-3 * np.r_[weights[:-1], 0])
    return weights, mean, std


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--max-per-class", type=int, default=300)
    args = parser.parse_args()
    data = {}
    for repo in args.repos:
        pos, neg = positives(repo, args.max_per_class), negatives(repo, args.max_per_class)
        data[repo] = (np.array(pos + neg, dtype=float).reshape(-1, len(FEATURES)),
                      np.array([1] * len(pos) + [0] * len(neg)))
        print(f"{Path(repo).name if Path(repo).name != 'repo' else Path(repo).parent.name}: "
              f"{len(pos)} AI-added files, {len(neg)} pre-{CUTOFF} files")
    x = np.vstack([d[0] for d in data.values()])
    y = np.concatenate([d[1] for d in data.values()])
    print("\nper-feature ROC AUC (pooled; > 0.5 means higher in AI-added files):")
    for index, name in enumerate(FEATURES):
        value = auc(x[:, index], y)
        print(f"  {name:<26} {'n/a' if value is None else f'{value:.2f}'}")
    print("\nleave-one-repository-out logistic regression:")
    for held, (hx, hy) in data.items():
        if len(set(hy)) < 2:
            print(f"  {held}: n/a (the held-out repository has only one class)")
            continue
        train = [d for r, d in data.items() if r != held]
        tx, ty = np.vstack([d[0] for d in train]), np.concatenate([d[1] for d in train])
        if len(set(ty)) < 2:
            print(f"  {held}: n/a (the other repositories lack a class)")
            continue
        weights, mean, std = fit(tx, ty)
        scores = np.hstack([(hx - mean) / std, np.ones((len(hx), 1))]) @ weights
        print(f"  {held}: ROC AUC {auc(scores, hy):.2f}")


if __name__ == "__main__":
    main()
