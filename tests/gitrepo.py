"""Build real git repositories in a temp dir with fixed dates, for tests (plain git, isolated config)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def isolated_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    env.update(extra or {})
    return env


class RepoBuilder:
    """A git repository under construction.  Every commit gets explicit author/committer dates."""

    def __init__(self, path: Path, branch: str = "main") -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)

    def git(self, *args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> str:
        proc = subprocess.run(["git", "-C", str(self.path), *args], env=isolated_env(env), input=input,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.decode()}")
        return proc.stdout.decode()

    def write(self, relpath: str, content: str | bytes) -> None:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")

    def remove(self, relpath: str) -> None:
        self.git("rm", "-q", relpath)

    def move(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, message: str, date: str, author: tuple[str, str] = ("Alice Doe", "alice@example.com"),
               committer: tuple[str, str] | None = None, committer_date: str | None = None) -> str:
        committer = committer or author
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, env={
            "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1],
            "GIT_COMMITTER_DATE": committer_date or date})
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def checkout(self, *args: str) -> None:
        self.git("checkout", "-q", *args)

    def merge(self, branch: str, message: str, date: str,
              author: tuple[str, str] = ("Alice Doe", "alice@example.com")) -> str:
        self.git("merge", "-q", "--no-ff", "-m", message, branch, env={
            "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1], "GIT_COMMITTER_DATE": date})
        return self.head()


def snapshot_dir(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` (including .git) with its bytes, for read-only checks."""
    files: dict[str, bytes] = {}
    for item in sorted(Path(path).rglob("*")):
        if item.is_file() and not item.is_symlink():
            files[str(item.relative_to(path))] = item.read_bytes()
    return files
