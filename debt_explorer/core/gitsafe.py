"""Run git against an untrusted repository without letting it run anything or change anything.

Every git process Debt Explorer starts goes through :func:`git_argv` / :func:`git_env`:

* repository-configured programs are switched off: ``core.fsmonitor``, pager,
  textconv and external diff drivers (``--no-textconv --no-ext-diff`` are
  added by the callers that diff), hooks (``core.hooksPath=/dev/null``),
  ``diff.external``;
* no optional locks (``GIT_OPTIONAL_LOCKS=0``) so nothing refreshes the index;
* no prompts, no system/global config that could enable programs either;
* ``safe.directory=*`` so a repository owned by another user can still be read;
* nothing is ever fetched: ``GIT_NO_LAZY_FETCH=1`` stops a partial clone from
  asking its promisor remote for missing objects, and ``GIT_ALLOW_PROTOCOL``
  set to a value that names no protocol forbids every transport (it beats the
  repository's own ``protocol.<name>.allow``, which ``-c protocol.allow=never``
  does not), so no ``ext::`` command, ``uploadpack`` or ``core.sshCommand``
  from the repository can run;
* none of the caller's ``GIT_*`` variables reach git (``GIT_DIR``,
  ``GIT_WORK_TREE``, ``GIT_CONFIG_PARAMETERS``, ``GIT_CONFIG_COUNT``,
  ``GIT_OBJECT_DIRECTORY``, ``GIT_ALTERNATE_OBJECT_DIRECTORIES``,
  ``GIT_NAMESPACE``...): the repository read is the one named by path;
* output is UTF-8 whatever ``i18n.logOutputEncoding`` says, and
  repository settings that change diff or blame figures (``diff.algorithm``,
  ``core.bigFileThreshold``, ``blame.*``) are pinned to git's defaults
  (:data:`BLAME_FLAGS` also drops ``blame.ignoreRevsFile``).

Objects are read with :class:`~debt_explorer.core.objects.ObjectReader`
(``cat-file --batch`` through :func:`popen_git`), never through GitPython.

Only object-reading commands are used (log, rev-list, ls-tree, cat-file, blame,
diff-tree, rev-parse, notes via cat-file): nothing writes to the repository.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from collections.abc import Sequence
from typing import Any

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
    "i18n.logOutputEncoding=UTF-8",
    "i18n.commitEncoding=UTF-8",
    "color.diff=false",
    "diff.algorithm=myers",
    "diff.indentHeuristic=true",
    "diff.ignoreSubmodules=none",
    "diff.suppressBlankEmpty=false",
    "core.bigFileThreshold=512m",
    "blame.markIgnoredLines=false",
    "blame.markUnblamableLines=false",
    "blame.showRoot=false",
    "blame.blankBoundary=false",
    "blame.showEmail=false",
    "blame.coloring=none",
)

#: Flags every ``git diff``/``log -p``/``diff-tree -p`` style call passes: no textconv, no external diff.
DIFF_FLAGS: tuple[str, ...] = ("--no-textconv", "--no-ext-diff", "--no-color")

#: Flags every ``git blame`` call passes: no textconv, and no ignore-revs lists from the repository's
#: config (``blame.ignoreRevsFile`` naming a missing file would make blame fail).
BLAME_FLAGS: tuple[str, ...] = ("--no-textconv", "--no-ignore-revs-file", "--no-ignore-rev")


def git_env() -> dict[str, str]:
    """An environment for git that ignores user/system config and never prompts or locks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_NO_LAZY_FETCH="1",
        GIT_ALLOW_PROTOCOL="",
        GIT_PROTOCOL_FROM_USER="0",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_ATTR_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_OPTIONAL_LOCKS="0",
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_NO_REPLACE_OBJECTS="1",
        GIT_ADVICE="0",
        LC_ALL="C",
        LANG="C",
    )
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
        capture_output=True,
        stdin=None if input is not None else subprocess.DEVNULL,
        env=git_env(),
    )
    if check and proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise GitError(err.splitlines()[-1] if err else f"git {args[0]} failed", err, proc.returncode)
    return proc.stdout


def popen_git(repo_path: str, args: Sequence[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """Start a safe git process (for streaming output such as ``log`` or ``cat-file --batch``)."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(git_argv(repo_path, args), env=git_env(), **kwargs)


#: The first release of each git series that honours ``GIT_NO_LAZY_FETCH`` (the May 2024 security releases).
_NO_LAZY_FETCH_SINCE = {(2, 39): 4, (2, 40): 2, (2, 41): 1, (2, 42): 2, (2, 43): 4, (2, 44): 1, (2, 45): 1}


@functools.lru_cache(maxsize=1)
def git_version() -> tuple[int, int, int]:
    """The installed git's version, ``(0, 0, 0)`` when it cannot be told."""
    try:
        out = subprocess.run(["git", "--version"], capture_output=True, env=git_env(), check=False).stdout
    except OSError:
        return (0, 0, 0)
    found = re.search(rb"(\d+)\.(\d+)(?:\.(\d+))?", out)
    if not found:
        return (0, 0, 0)
    return int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)


def lazy_fetch_can_be_disabled(version: tuple[int, int, int] | None = None) -> bool:
    """Whether this git honours ``GIT_NO_LAZY_FETCH`` (older git would fetch a partial clone's missing objects)."""
    major, minor, patch = version or git_version()
    if (major, minor) in _NO_LAZY_FETCH_SINCE:
        return patch >= _NO_LAZY_FETCH_SINCE[(major, minor)]
    return (major, minor) > (2, 45)


def end_process(proc: subprocess.Popen[bytes]) -> None:
    """Stop a streaming git process that may still run (killed if so), reap it and close its pipes."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdout, proc.stderr, proc.stdin):
        if stream is not None:
            try:
                stream.close()
            except OSError:  # a broken pipe has nothing left to flush
                pass
