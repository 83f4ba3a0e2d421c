"""A random history (edits, moves, renames, deletions, branches, merges with conflicts, octopus) for blame checks."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from gitrepo import RepoBuilder, isolated_env

IDENTITY = {"GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@x.org", "GIT_COMMITTER_NAME": "Ann",
            "GIT_COMMITTER_EMAIL": "ann@x.org", "GIT_AUTHOR_DATE": "2023-06-01T12:00:00+00:00",
            "GIT_COMMITTER_DATE": "2023-06-01T12:00:00+00:00"}

WORDS = ["a = 1", "b = 2", "return x", "pass", "x += 1", "if x:", "else:", "def f():", "print(x)", "# note", ""]


def _lines(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(WORDS) + (f"  # {rng.randint(0, 40)}" if rng.random() < 0.5 else "") for _ in range(n)]


def _edit(rng: random.Random, lines: list[str]) -> list[str]:
    lines = list(lines)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randint(0, len(lines))
        if op < 0.35 and lines:
            del lines[min(pos, len(lines) - 1):min(pos, len(lines) - 1) + rng.randint(1, 3)]
        elif op < 0.7:
            lines[pos:pos] = _lines(rng, rng.randint(1, 4))
        elif op < 0.85 and len(lines) > 3:  # move a block
            start = rng.randint(0, len(lines) - 2)
            block = lines[start:start + rng.randint(1, 3)]
            del lines[start:start + len(block)]
            dest = rng.randint(0, len(lines))
            lines[dest:dest] = block
        elif lines:
            index = min(pos, len(lines) - 1)
            lines[index] = rng.choice(WORDS)
    return lines


def _read(builder: RepoBuilder, path: str) -> list[str]:
    return (builder.path / path).read_text().split("\n")[:-1]


def _files(builder: RepoBuilder) -> list[str]:
    out = builder.git("ls-files")
    paths = sorted({p for p in out.split("\n") if p.endswith(".py")})
    for path in paths:
        if not (builder.path / path).exists():  # a modify/delete conflict: take the deletion
            builder.git("rm", "-q", "--cached", "--ignore-unmatch", path)
    return [p for p in paths if (builder.path / p).exists()]


def build_random(path: Path, seed: int, steps: int = 40) -> RepoBuilder:
    rng = random.Random(seed)
    builder = RepoBuilder(path)
    day = [0]

    def stamp() -> str:
        day[0] += 1
        return f"2023-{1 + day[0] // 28:02d}-{1 + day[0] % 28:02d}T12:00:00+00:00"

    for index in range(3):
        builder.write(f"pkg/m{index}.py", "\n".join(_lines(rng, rng.randint(5, 15))) + "\n")
    builder.commit("root", stamp())
    branches = ["main"]
    for step in range(steps):
        current = rng.choice(branches)
        builder.checkout(current)
        roll = rng.random()
        files = _files(builder)
        if roll < 0.12 and len(branches) < 4:
            name = f"b{step}"
            builder.git("branch", name)
            branches.append(name)
            continue
        if roll < 0.3 and len(branches) > 1:
            others = [b for b in branches if b != current]
            chosen = rng.sample(others, k=min(len(others), 2 if rng.random() < 0.25 else 1))
            proc = subprocess.run(["git", "-C", str(builder.path), "merge", "--no-ff", "--no-commit", *chosen],
                                  env=isolated_env(IDENTITY), capture_output=True)
            if proc.returncode != 0 and len(chosen) > 1:
                builder.git("merge", "--abort") if (builder.path / ".git/MERGE_HEAD").exists() else None
                builder.git("reset", "-q", "--hard")
                continue
            for file in _files(builder):
                text = (builder.path / file).read_text()
                if "<<<<<<<" in text or rng.random() < 0.15:  # resolve, sometimes an "evil" merge edit
                    kept = [ln for ln in text.split("\n")[:-1] if not ln.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
                    builder.write(file, "\n".join(_edit(rng, kept)) + "\n")
            unmerged = builder.git("diff", "--name-only", "--diff-filter=U")
            for file in unmerged.split():
                if not (builder.path / file).exists():
                    builder.git("rm", "-q", "--cached", file)
            builder.commit(f"merge {' '.join(chosen)} into {current}", stamp())
            continue
        if roll < 0.38 and files:
            old = rng.choice(files)
            builder.move(old, f"pkg/r{step}.py")
            if rng.random() < 0.5:
                builder.write(f"pkg/r{step}.py", "\n".join(_edit(rng, _read(builder, f"pkg/r{step}.py"))) + "\n")
        elif roll < 0.42 and len(files) > 2:
            builder.remove(rng.choice(files))
        elif roll < 0.5:
            builder.write(f"pkg/n{step}.py", "\n".join(_lines(rng, rng.randint(3, 12))) + "\n")
        else:
            for file in rng.sample(files, k=min(len(files), rng.randint(1, 2))):
                builder.write(file, "\n".join(_edit(rng, _read(builder, file))) + "\n")
        builder.commit(f"step {step}", stamp(), author=rng.choice([("Ann", "ann@x.org"), ("Ben", "ben@x.org")]))
    builder.checkout("main")
    for name in branches[1:]:
        proc = subprocess.run(["git", "-C", str(builder.path), "merge", "--no-ff", "-m", f"final {name}", name],
                              env=isolated_env({**IDENTITY, "GIT_AUTHOR_DATE": stamp(), "GIT_COMMITTER_DATE": stamp()}),
                              capture_output=True)
        if proc.returncode != 0:
            for file in _files(builder):
                text = (builder.path / file).read_text()
                kept = [ln for ln in text.split("\n")[:-1] if not ln.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
                builder.write(file, "\n".join(kept) + "\n")
            builder.commit(f"final {name}", stamp())
    return builder
