"""Run git against an untrusted repository without letting it run anything or change anything.

Every git process Debt Explorer starts goes through :func:`git_argv` / :func:`git_env`:

* repository-configured programs are switched off: ``core.fsmonitor``, pager,
  textconv and external diff drivers (``--no-textconv --no-ext-diff`` are
  added by the callers that diff), hooks (``core.hooksPath=/dev/null``),
  ``diff.external``;
* no optional locks (``GIT_OPTIONAL_LOCKS=0``) so nothing refreshes the index;
* no prompts, no system/global config that could enable programs either;
* ``safe.directory=*`` so a repository owned by another user can still be read.

Only object-reading commands are used (log, rev-list, ls-tree, cat-file, blame,
diff-tree, rev-parse, notes via cat-file): nothing writes to the repository.
"""

from __future__ import annotations

import os
import subprocess
from typing import Sequence

SAFE_CONFIG: tuple[str, ...] = (
    "core.fsmonitor=false",
    "core.untrackedCache=false",
    "core.pager=cat",
    "core.hooksPath=/dev/null",
    "core.quotePath=false",
    "diff.external=",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "log.showSignature=false",
    "log.follow=false",
    "log.decorate=false",
    "log.showRoot=true",
    "color.ui=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "safe.directory=*",
    "protocol.allow=never",
)


def git_env() -> dict[str, str]:
    """An environment for git that ignores user/system config and never prompts or locks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_OPTIONAL_LOCKS="0",
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_EXTERNAL_DIFF="",
        GIT_NO_REPLACE_OBJECTS="1",
        LC_ALL="C",
        LANG="C",
    )
    env.pop("GIT_EXTERNAL_DIFF")
    return env


def git_argv(repo_path: str, args: Sequence[str]) -> list[str]:
    """The full argv for running ``git args`` safely in ``repo_path``."""
    argv = ["git", "--no-pager", "-C", repo_path]
    for item in SAFE_CONFIG:
        argv += ["-c", item]
    argv += list(args)
    return argv


class GitError(RuntimeError):
    """git failed; ``stderr`` holds its message."""

    def __init__(self, message: str, stderr: str = "", returncode: int = 1) -> None:
        super().__init__(message)
        self.stderr = stderr
        self.returncode = returncode


def run_git(repo_path: str, args: Sequence[str], *, input: bytes | None = None,
            check: bool = True) -> bytes:
    """Run git safely and return its stdout as bytes; raise :class:`GitError` on failure."""
    proc = subprocess.run(
        git_argv(repo_path, args),
        input=input,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=None if input is not None else subprocess.DEVNULL,
        env=git_env(),
    )
    if check and proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise GitError(err.splitlines()[-1] if err else f"git {args[0]} failed", err, proc.returncode)
    return proc.stdout


def popen_git(repo_path: str, args: Sequence[str], **kwargs) -> subprocess.Popen:
    """Start a safe git process (for streaming output such as ``log`` or ``cat-file --batch``)."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(git_argv(repo_path, args), env=git_env(), **kwargs)
