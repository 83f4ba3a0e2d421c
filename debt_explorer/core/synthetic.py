"""Deterministic synthetic git histories for tests, benchmarks and the demo.

    python -m debt_explorer.core.synthetic OUT --commits 10000 --files 1000 [--seed 0] [--append N]

One ``git fast-import`` stream writes the whole history, so 10,000 commits
take seconds.  Files are real code (Python, JavaScript, Go) made of functions
whose branch counts grow and get reworked; change frequency follows a Zipf
law, so a few files become clear hotspots.  The history has renames (with
edits), deletions, binary files, merged side branches (real two-parent merge
commits), bot commits and commits carrying AI-tool trailers.  Same arguments,
same bytes: the head SHA is reproducible.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from debt_explorer.core.synthetic_code import render

FIRST_NAMES = ("Alice", "Bob", "Carol", "Dan", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory",
               "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Uma", "Victor", "Walter", "Xena",
               "Yusuf", "Zoe", "Quinn", "Priya")
AI_TRAILERS = (
    "Co-Authored-By: Claude <noreply@anthropic.com>\n\n\U0001F916 Generated with [Claude Code](https://claude.com/claude-code)",
    "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>",
    "Co-authored-by: Cursor <cursoragent@cursor.com>",
    "Co-authored-by: aider (gpt-4o) <aider@aider.chat>",
)
EXTENSIONS = {"Python": "py", "JavaScript": "js", "Go": "go", "TypeScript": "ts", "Rust": "rs", "Java": "java",
              "C#": "cs"}
FOLDERS = ("core", "api", "services", "models", "utils", "web", "jobs", "storage", "auth", "billing")


@dataclass(frozen=True)
class GeneratedRepo:
    path: Path
    head: str
    commits: int
    files: int


@dataclass
class SourceFile:
    """A file's shape: its language and the branch count of each function (content is rendered from it)."""

    language: str
    functions: list[int]
    revision: int = 0
    binary: bytes | None = None
    stem: str = ""  # names the functions; kept across renames, as real code keeps its names
    style: str = "plain"


@dataclass
class _State:
    files: dict[str, SourceFile] = field(default_factory=dict)
    mark: int = 0
    time: int = 0


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for the *generating* git process, independent of the user's config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    env.update(extra or {})
    return env


def _stamp(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


class FastImport:
    """Writes a fast-import stream commit by commit into a ``git fast-import`` process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.proc = subprocess.Popen(["git", "-C", str(path), "fast-import", "--quiet", "--done"],
                                     stdin=subprocess.PIPE, env=git_env())
        assert self.proc.stdin is not None
        self.out = self.proc.stdin
        self.mark = 0

    def commit(self, ref: str, author: tuple[str, str], when: int, message: str,
               changes: Sequence[tuple[str, str, bytes | None]], parents: list[str] | None = None) -> str:
        """``changes``: ("M", path, data) / ("D", path, None) / ("R", "old\\0new", None).  Returns the mark."""
        self.mark += 1
        mark = f":{self.mark}"
        payload = message.encode()
        lines = [f"commit {ref}\nmark {mark}\n".encode(),
                 f"author {author[0]} <{author[1]}> {when} +0000\n".encode(),
                 f"committer {author[0]} <{author[1]}> {when} +0000\n".encode(),
                 f"data {len(payload)}\n".encode(), payload, b"\n"]
        for index, parent in enumerate(parents or []):
            lines.append(f"{'from' if index == 0 else 'merge'} {parent}\n".encode())
        for op, path, data in changes:
            if op == "M":
                assert data is not None
                lines.append(f'M 100644 inline "{path}"\ndata {len(data)}\n'.encode())
                lines.append(data)
                lines.append(b"\n")
            elif op == "D":
                lines.append(f'D "{path}"\n'.encode())
            else:
                old, new = path.split("\0")
                lines.append(f'R "{old}" "{new}"\n'.encode())
        self.out.write(b"".join(lines))
        return mark

    def close(self) -> None:
        self.out.write(b"done\n")
        self.out.close()
        if self.proc.wait() != 0:
            raise RuntimeError("git fast-import failed")


def init_repo(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=git_env())


def head_of(path: Path, ref: str = "refs/heads/main") -> str:
    return subprocess.run(["git", "-C", str(path), "rev-parse", ref], check=True, capture_output=True,
                          text=True, env=git_env()).stdout.strip()


def checkout_head(path: Path) -> None:
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True, env=git_env())


class HistoryWriter:
    """Evolves a set of source files commit by commit; shared by the synthetic history and the demo."""

    def __init__(self, path: Path, seed: int, start: int, step: int) -> None:
        self.rng = random.Random(seed)
        self.state = _State(time=start)
        self.step = step
        self.fi = FastImport(path)
        self.head: str | None = None

    def tick(self, jitter: bool = True) -> int:
        self.state.time += self.step + (self.rng.randrange(self.step // 2 + 1) if jitter else 0)
        return self.state.time

    def content(self, path: str) -> bytes:
        source = self.state.files[path]
        if source.binary is not None:
            return source.binary
        return render(source.stem or path, source.language, source.functions, source.revision,
                      source.style).encode()

    def add_file(self, path: str, language: str, functions: list[int] | None = None,
                 binary: bytes | None = None, style: str = "plain") -> tuple[str, str, bytes]:
        rng = self.rng
        self.state.files[path] = SourceFile(language, functions if functions is not None else
                                            [rng.randint(1, 4) for _ in range(rng.randint(2, 6))], binary=binary,
                                            stem=path, style=style)
        return ("M", path, self.content(path))

    def edit(self, path: str, rework: bool = True) -> tuple[str, str, bytes]:
        """Grow or rework a file: add a function, add branches, or rewrite one (which deletes lines)."""
        rng = self.rng
        source = self.state.files[path]
        source.revision += 1
        roll = rng.random()
        if roll < 0.35 or not source.functions:
            source.functions.append(rng.randint(1, 5))
        elif roll < 0.7:
            index = rng.randrange(len(source.functions))
            source.functions[index] = min(source.functions[index] + rng.randint(1, 3), 40)
        elif rework:
            index = rng.randrange(len(source.functions))
            source.functions[index] = max(1, source.functions[index] + rng.randint(-3, 2))
        if len(source.functions) > 40 and rng.random() < 0.5:
            source.functions.pop(rng.randrange(len(source.functions)))
        return ("M", path, self.content(path))

    def rename(self, old: str, new: str) -> list[tuple[str, str, bytes | None]]:
        self.state.files[new] = self.state.files.pop(old)
        return [("R", f"{old}\0{new}", None), self.edit(new, rework=False)]

    def delete(self, path: str) -> tuple[str, str, None]:
        del self.state.files[path]
        return ("D", path, None)

    def commit(self, author: tuple[str, str], message: str, changes: Sequence[tuple[str, str, bytes | None]], ref: str = "refs/heads/main",
               parents: list[str] | None = None, when: int | None = None) -> str:
        if parents is None:
            parents = [self.head] if self.head and ref == "refs/heads/main" else []
        mark = self.fi.commit(ref, author, when or self.tick(), message, changes, parents)
        if ref == "refs/heads/main":
            self.head = mark
        return mark

    def close(self) -> None:
        self.fi.close()


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return [1.0 / (rank ** exponent) for rank in range(1, count + 1)]


def generate_history(path: str | os.PathLike[str], *, commits: int = 10_000, files: int = 1_000, seed: int = 0,
                     start: str = "2019-01-07T09:00:00", languages: tuple[str, ...] = ("Python", "JavaScript", "Go"),
                     merge_every: int = 50, rename_every: int = 200, delete_every: int = 300, binary_files: int = 5,
                     ai_share: float = 0.1, bot_share: float = 0.03, authors: int = 25,
                     checkout: bool = True) -> GeneratedRepo:
    """Write a synthetic repository at ``path`` (created; must not exist or be empty)."""
    target = Path(path)
    init_repo(target)
    people = [(name, f"{name.lower()}@example.com") for name in FIRST_NAMES[:max(1, min(authors, len(FIRST_NAMES)))]]
    writer = HistoryWriter(target, seed, _stamp(start), step=4 * 3600)
    rng = writer.rng
    serial = 0

    def new_path() -> str:
        nonlocal serial
        serial += 1
        language = languages[serial % len(languages)]
        folder = FOLDERS[rng.randrange(len(FOLDERS))]
        return f"src/{folder}/module_{serial:05d}.{EXTENSIONS[language]}"

    # The first commit lays down a tenth of the files; the rest arrive over time.
    initial = [writer.add_file(p, _language_of(p)) for p in (new_path() for _ in range(max(1, files // 10)))]
    initial.append(("M", "requirements.txt", b"requests==2.0.0\n"))
    initial += [writer.add_file(f"assets/image_{i}.png", "Binary", binary=bytes(rng.randrange(256) for _ in range(64)) + b"\0")
                for i in range(binary_files)]
    writer.commit(people[0], "Initial import", initial)
    made = 1
    while made < commits:
        paths = sorted(p for p, s in writer.state.files.items() if s.binary is None)
        weights = _zipf_weights(len(paths))
        author = people[min(int(rng.paretovariate(1.2)) - 1, len(people) - 1)]
        if merge_every and made % merge_every == 0 and made + 3 <= commits:
            base = writer.head
            assert base is not None, "a merge needs a first commit"
            side: list[str] = []
            touched: set[str] = set()
            for step in range(2):
                change = [writer.edit(rng.choices(paths, weights)[0])]
                touched.add(change[0][1])
                side.append(writer.commit(author, f"Side work {made}.{step}", change, ref="refs/heads/side",
                                          parents=[side[-1] if side else base]))
            # fast-import starts a commit from its first parent's tree: carry the branch's files over.
            writer.commit(author, f"Merge branch 'feature-{made}'", [("M", p, writer.content(p)) for p in sorted(touched)],
                          parents=[base, side[-1]])
            made += 3
            continue
        if rng.random() < bot_share:
            bot = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
            writer.commit(bot, f"Bump requests to 2.{made % 40}.0",
                          [("M", "requirements.txt", f"requests==2.{made % 40}.0\n".encode())])
            made += 1
            continue
        changes: list[tuple[str, str, bytes | None]] = []
        message = f"Change {made}"
        if rename_every and (made + 7) % rename_every == 0:
            old = paths[rng.randrange(len(paths))]
            new = old.rsplit("/", 1)[0] + "/renamed_" + old.rsplit("/", 1)[1]
            changes += writer.rename(old, new)
            message = f"Rename {old.rsplit('/', 1)[1]}"
        elif delete_every and (made + 13) % delete_every == 0 and len(paths) > 10:
            changes.append(writer.delete(paths[-1 - rng.randrange(len(paths) // 2)]))
            message = f"Remove dead module {made}"
        elif len(writer.state.files) < files + binary_files and rng.random() < (files - len(paths)) / (commits - made + 1) * 1.2:
            path = new_path()
            changes.append(writer.add_file(path, _language_of(path)))
            message = f"Add {path.rsplit('/', 1)[1]}"
        if not changes or rng.random() < 0.5:
            touched = {change[1] for change in changes}
            for chosen in sorted(set(rng.choices(paths, weights, k=rng.randint(1, 3)))):
                if chosen in writer.state.files and chosen not in touched:
                    changes.append(writer.edit(chosen))
        author_used = author
        if rng.random() < ai_share:
            message = f"{message}\n\n{AI_TRAILERS[made % len(AI_TRAILERS)]}"
        writer.commit(author_used, message, changes)
        made += 1
    writer.close()
    if checkout:
        checkout_head(target)
    count = int(subprocess.run(["git", "-C", str(target), "rev-list", "--count", "main"], capture_output=True,
                               text=True, check=True, env=git_env()).stdout)
    return GeneratedRepo(target, head_of(target), count, len(writer.state.files))


def _language_of(path: str) -> str:
    ext = path.rsplit(".", 1)[-1]
    return {v: k for k, v in EXTENSIONS.items()}.get(ext, "Python")


def append_commits(path: str | os.PathLike[str], count: int, *, seed: int = 1) -> str:
    """Add ``count`` commits on top of ``main`` (each edits one existing source file). Returns the new head."""
    target = Path(path)
    head = head_of(target)
    listing = subprocess.run(["git", "-C", str(target), "ls-tree", "-r", "--name-only", "main"], capture_output=True,
                             text=True, check=True, env=git_env()).stdout.split()
    sources = sorted(p for p in listing if p.rsplit(".", 1)[-1] in EXTENSIONS.values())
    last = int(subprocess.run(["git", "-C", str(target), "log", "-1", "--format=%ct", "main"], capture_output=True,
                              text=True, check=True, env=git_env()).stdout)
    writer = HistoryWriter(target, seed, last, step=3600)
    writer.head = head
    rng = writer.rng
    for index in range(count):
        path = sources[rng.randrange(len(sources))]
        writer.state.files[path] = SourceFile(_language_of(path), [rng.randint(1, 6) for _ in range(rng.randint(2, 8))],
                                              revision=index, stem=path)
        writer.commit(("Appender", "appender@example.com"), f"Follow-up change {index}", [("M", path, writer.content(path))])
    writer.close()
    return head_of(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--append", type=int, default=0, help="add N commits to an existing generated repo")
    parser.add_argument("--no-checkout", action="store_true")
    args = parser.parse_args()
    if args.append:
        print(append_commits(args.out, args.append, seed=args.seed))
        return
    repo = generate_history(args.out, commits=args.commits, files=args.files, seed=args.seed,
                            checkout=not args.no_checkout)
    print(f"{repo.path}: {repo.commits} commits, {repo.files} files, head {repo.head}")


if __name__ == "__main__":
    main()
