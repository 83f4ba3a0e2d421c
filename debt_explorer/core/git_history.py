"""Read-only history mining: repository facts, commits with numstat, trees and blobs.

Everything goes through :mod:`debt_explorer.core.gitsafe` (no repo-configured
programs, no locks, no writes).  The expensive part of history, ``git log
--numstat -M``, runs once over the commits the cache does not know yet, fed
on stdin with ``--no-walk=unsorted``, so an incremental scan reads only new
commits.  A damaged repository (missing blobs) makes ``git log`` stop at the
first missing object: :func:`read_commits` then records that commit's changed
paths from trees alone (``diff-tree --raw``, which needs no blobs), lists it
as skipped and carries on with the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import IO

from debt_explorer.core.diffscope import history_attributes
from debt_explorer.core.errors import ScanCancelled, ScanError
from debt_explorer.core.gitsafe import (
    DIFF_FLAGS,
    GitError,
    end_process,
    git_version,
    lazy_fetch_can_be_disabled,
    popen_git,
    run_git,
)
from debt_explorer.core.models import Commit, FileChange, Skipped
from debt_explorer.core.objects import ObjectReader
from debt_explorer.core.trees import MISSING_SIZE, REGULAR_FILE_MODES, TreeLister, list_tree

__all__ = [
    "HISTORY_VERSION",
    "MAX_TIMESTAMP",
    "MISSING_SIZE",
    "REGULAR_FILE_MODES",
    "BlobReader",
    "RepoFacts",
    "TreeLister",
    "commit_time",
    "first_parent_chain",
    "list_commits",
    "list_tree",
    "open_repository",
    "read_attributes",
    "read_commits",
]

#: Bump when what :func:`read_commits` stores for a commit changes.
HISTORY_VERSION = "numstat-M-U0-6"  # dates past 9999 stored as 0; never-code files not diffed; zero-context Myers

_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256, nothing else
_FIELD = "\x1f"
_HEADER = "\x01"
_LOG_FORMAT = _HEADER + _FIELD.join(["%H", "%P", "%aN", "%aE", "%at", "%cN", "%cE", "%ct", "%B"]).replace(
    _FIELD, "%x1f")
_DIFF_FLAGS = [*DIFF_FLAGS, "-M", "--numstat", "-z"]


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """What :func:`open_repository` found out about a repository."""

    path: str
    git_dir: str
    bare: bool
    shallow: bool
    head: str
    rev: str
    branch: str | None


def open_repository(path: str, rev: str = "HEAD") -> RepoFacts:
    """Validate ``path`` and ``rev``; raise :class:`ScanError` with a one-line message if unusable."""
    if not path or not os.path.exists(path):
        raise ScanError(f"{path or '(empty path)'}: no such file or directory")
    if not os.path.isdir(path):
        raise ScanError(f"{path}: not a directory")
    path = os.path.abspath(path)
    try:
        out = run_git(path, ["rev-parse", "--absolute-git-dir", "--is-bare-repository",
                             "--is-shallow-repository"]).decode("utf-8", "replace").split("\n")
    except GitError as exc:
        if "not a git repository" in exc.stderr.lower():
            raise ScanError(f"{path}: not a git repository") from None
        raise ScanError(f"{path}: git cannot read this repository ({exc})") from None
    git_dir, bare, shallow = out[0], out[1] == "true", out[2] == "true"
    if not lazy_fetch_can_be_disabled() and _is_partial_clone(path):
        version = ".".join(map(str, git_version()))
        raise ScanError(f"{path}: a partial clone, and git {version} cannot be stopped from fetching its missing "
                        "objects (which can run programs its config names); install git 2.39.4 or newer")
    top = path
    if not bare:
        try:
            top = run_git(path, ["rev-parse", "--show-toplevel"]).decode().strip() or path
        except GitError:
            top = path
    try:
        head = run_git(top, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                       check=True).decode().strip()
    except GitError:
        head = ""
    if not _OBJECT_ID.fullmatch(head):  # '^HEAD' verifies as '^<sha>': a negation, not a commit to scan
        head = ""
    if not head:
        if rev == "HEAD" and not _has_any_commit(top):
            raise ScanError(f"{top}: the repository has no commits yet")
        if rev == "HEAD":
            unborn = run_git(top, ["symbolic-ref", "--quiet", "--short", "HEAD"], check=False).decode(
                "utf-8", "replace").strip()
            if unborn:  # HEAD names a branch that does not exist yet (git checkout --orphan, git switch -c)
                raise ScanError(f"{top}: this branch ({unborn}) has no commits yet; "
                                "scan another branch with --rev")
        if ".." in rev or rev.startswith("^"):
            raise ScanError(f"{top}: {rev!r} is a range, not one revision: give one branch, tag or commit "
                            "(and --since/--until for a date range)")
        raise ScanError(f"{top}: unknown revision {rev!r} (not a branch, tag or commit)")
    branch = None
    try:
        name = run_git(top, ["symbolic-ref", "--quiet", "--short", "HEAD"], check=False).decode().strip()
        branch = name or None
    except GitError:
        branch = None
    if rev != "HEAD":
        branch = rev
    return RepoFacts(path=top, git_dir=git_dir, bare=bare, shallow=shallow, head=head, rev=rev, branch=branch)


def _is_partial_clone(path: str) -> bool:
    """Whether git would treat ``path`` as a partial clone (``extensions.partialClone`` or a promisor remote)."""
    out = run_git(path, ["config", "--null", "--get-regexp", r"^(extensions\.partialclone|remote\..*\.promisor)$"],
                  check=False).decode("utf-8", "replace")
    for entry in filter(None, out.split("\0")):
        key, _, value = entry.partition("\n")
        if key.lower() == "extensions.partialclone" or value.strip().lower() in ("true", "yes", "on", "1", ""):
            return True
    return False


def _has_any_commit(path: str) -> bool:
    out = run_git(path, ["rev-list", "-n", "1", "--all"], check=False)
    return bool(out.strip())


#: The last second of year 9999: later timestamps cannot be dates here (Python's datetime, ISO-8601 text).
MAX_TIMESTAMP = 253402300799


def commit_time(text: str | bytes) -> int:
    """A commit timestamp from git output; 0 (unknown) when malformed, negative or past year 9999.

    git prints an empty field for a date it cannot parse (no time zone,
    garbage); a hand-made commit can carry any number.  Commits dated 0 count
    in file totals but fall in no period.
    """
    try:
        value = int(text)
    except ValueError:
        return 0
    return value if 0 <= value <= MAX_TIMESTAMP else 0


def _date_arg(value: object, end_of_day: bool = False) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        stamp = datetime.combine(value, time.max if end_of_day else time.min, tzinfo=UTC)
        return str(int(stamp.timestamp()))
    return str(value)


def list_commits(repo: str, head: str, since: object = None, until: object = None) -> list[tuple[str, int]]:
    """(sha, committer date) of all commits reachable from ``head``, newest first, bounded by committer date."""
    args = ["log", "--topo-order", "--format=%ct %H"]  # %ct as read_commits sees it (empty when malformed)
    if since is not None:
        args.append(f"--since={_date_arg(since)}")
    if until is not None:
        args.append(f"--until={_date_arg(until, end_of_day=True)}")
    args += ["--end-of-options", head]
    dated = []
    for line in run_git(repo, args).decode("ascii", "replace").splitlines():
        stamp, _, sha = line.rpartition(" ")
        if sha:
            dated.append((sha, commit_time(stamp)))
    return dated


def first_parent_chain(repo: str, head: str) -> list[tuple[str, int]]:
    """(sha, committer date) along the first-parent chain of ``head``, newest first."""
    out = run_git(repo, ["log", "--first-parent", "--format=%H %ct",
                         "--end-of-options", head]).decode().split("\n")
    chain = []
    for line in out:
        if line:
            sha, _, stamp = line.partition(" ")
            chain.append((sha, commit_time(stamp)))
    return chain


def _parse_header(token: str) -> Commit:
    fields = token.split(_FIELD, 8)
    while len(fields) < 9:
        fields.append("")
    sha, parents, an, ae, at, cn, ce, ct, message = fields
    return Commit(sha=sha, parents=tuple(parents.split()), author_name=an, author_email=ae,
                  author_date=commit_time(at), committer_name=cn, committer_email=ce,
                  committer_date=commit_time(ct), message=message.rstrip("\n"))


def _parse_count(text: str) -> int | None:
    return None if text == "-" else int(text)


class _LogParser:
    """Incremental parser for ``git log -z --numstat --format=<_LOG_FORMAT>`` output."""

    def __init__(self) -> None:
        self.buffer = b""
        self.current: Commit | None = None
        self.changes: list[FileChange] = []
        self.pending: tuple[int | None, int | None] | None = None
        self.rename_old: str | None = None
        self.done: list[tuple[Commit, list[FileChange]]] = []

    def feed(self, data: bytes) -> None:
        self.buffer += data
        *tokens, self.buffer = self.buffer.split(b"\0")
        for raw in tokens:
            self._token(raw.decode("utf-8", "surrogateescape"))

    def _finish_commit(self) -> None:
        if self.current is not None:
            self.done.append((self.current, self.changes))
        self.current, self.changes = None, []

    def _token(self, token: str) -> None:
        if self.pending is not None:
            added, deleted = self.pending
            if self.rename_old is None:
                self.rename_old = token
                return
            self._add_change(token, self.rename_old, added, deleted)
            self.pending, self.rename_old = None, None
            return
        stripped = token.lstrip("\n")
        if stripped.startswith(_HEADER):
            self._finish_commit()
            self.current = _parse_header(stripped[1:])
            return
        if not stripped or self.current is None:
            return
        parts = stripped.split("\t", 2)
        if len(parts) != 3:
            return
        added, deleted = _parse_count(parts[0]), _parse_count(parts[1])
        if parts[2] == "":
            self.pending = (added, deleted)
            self.rename_old = None
            return
        self._add_change(parts[2], None, added, deleted)

    def _add_change(self, path: str, old_path: str | None, added: int | None, deleted: int | None) -> None:
        assert self.current is not None
        binary = added is None or deleted is None
        self.changes.append(FileChange(self.current.sha, path, old_path, added or 0, deleted or 0, binary))

    def close(self) -> list[tuple[Commit, list[FileChange]]]:
        if self.buffer:
            self._token(self.buffer.decode("utf-8", "surrogateescape"))
            self.buffer = b""
        self._finish_commit()
        return self.done


def _raw_changes(repo: str, sha: str) -> tuple[Commit | None, list[FileChange]]:
    """A commit's metadata and changed paths from trees only (no blob reads, no line counts)."""
    try:
        header = run_git(repo, ["log", "-1", "--no-walk", "-z", f"--format={_LOG_FORMAT}",
                                "--end-of-options", sha]).decode("utf-8", "surrogateescape")
    except GitError:
        return None, []
    commit = _parse_header(header.strip("\0\n").lstrip(_HEADER))
    if commit.is_merge:
        return commit, []
    try:
        out = run_git(repo, ["diff-tree", "-r", "-z", "--no-renames", "--root", "--name-only",
                             "--no-commit-id", "--end-of-options", sha]).decode("utf-8", "surrogateescape")
    except GitError:
        return commit, []
    paths = [p for p in out.split("\0") if p]
    return commit, [FileChange(sha, p, None, 0, 0, True) for p in paths]


def read_commits(repo: str, shas: Sequence[str], cancel: Callable[[], bool] | None = None,
                 ) -> Generator[int, None, tuple[list[tuple[Commit, list[FileChange]]], list[Skipped]]]:
    """Read metadata and numstat of ``shas``; yields the number read so far, returns them + skips.

    Merge commits are returned without changes (their lines were counted on
    the branch that made them).  Binary changes are marked ``binary``.
    """
    results: list[tuple[Commit, list[FileChange]]] = []
    skipped: list[Skipped] = []
    remaining = list(shas)
    failures = 0
    while remaining:
        batch_done, error = yield from _log_batch(repo, remaining, cancel, len(results))
        results.extend(batch_done)
        if error is None:
            break
        # git stopped at a commit whose objects are missing: take that one from trees alone.
        position = len(batch_done)
        if position >= len(remaining):
            break
        failures += 1
        bad = remaining[position]
        commit, changes = _raw_changes(repo, bad)
        if commit is not None:
            results.append((commit, changes))
        skipped.append(Skipped(bad, f"commit {bad[:12]}: line counts unavailable ({error})"))
        remaining = remaining[position + 1:]
        if failures >= 25:
            # Many missing objects (a partial clone): stop asking git for line counts at all.
            for index, sha in enumerate(remaining):
                if cancel is not None and cancel():
                    raise ScanCancelled()
                commit, changes = _raw_changes(repo, sha)
                if commit is not None:
                    results.append((commit, changes))
                if index % 200 == 0:
                    yield len(results)
            skipped.append(Skipped("(history)", f"{len(remaining)} more commits read without line counts: "
                                                "too many objects are missing"))
            break
    return results, skipped


def _log_batch(repo: str, shas: Sequence[str], cancel: Callable[[], bool] | None, offset: int,
               ) -> Generator[int, None, tuple[list[tuple[Commit, list[FileChange]]], str | None]]:
    attributes = history_attributes()  # files that are never code are not diffed (core/diffscope.py)
    # Pinned diff: Myers with the indent heuristic and no context, so line counts are those of the -U0 diffs
    # `git blame` and line provenance use (with context, git diffs a whole file instead of a trimmed tail and can
    # pair a few lines differently), whatever the repository configures.
    try:
        proc = popen_git(repo, ["-c", "diff.renameLimit=2000", "-c", "diff.context=0", "-c", "diff.algorithm=myers",
                                "-c", "diff.indentHeuristic=true", "-c", f"core.attributesFile={attributes}", "log",
                                "--no-walk=unsorted", "--stdin", f"--format={_LOG_FORMAT}", *_DIFF_FLAGS],
                         stdin=_stdin_file(shas))
    except BaseException:
        os.unlink(attributes)
        raise
    parser = _LogParser()
    assert proc.stdout is not None
    try:
        reported = 0
        while True:
            chunk = proc.stdout.read1(1 << 20) if hasattr(proc.stdout, "read1") else proc.stdout.read(1 << 20)
            if not chunk:
                break
            parser.feed(chunk)
            if cancel is not None and cancel():
                raise ScanCancelled()
            if len(parser.done) - reported >= 200:
                reported = len(parser.done)
                yield offset + reported
        stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        code = proc.wait()
    finally:
        end_process(proc)
        os.unlink(attributes)
    done = parser.close()
    if code != 0:
        # The last commit may be partial: git died while diffing it.
        if done and len(done) <= len(shas) and done[-1][0].sha == shas[len(done) - 1]:
            done = done[:-1]
        message = next((line for line in stderr.splitlines() if line.startswith(("fatal", "error"))),
                       stderr.strip().splitlines()[-1] if stderr.strip() else f"git log exited {code}")
        return done, message
    return done, None


def _stdin_file(shas: Sequence[str]) -> IO[bytes]:
    import tempfile

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller, who closes it
    handle.write(("\n".join(shas) + "\n").encode())
    handle.seek(0)
    return handle


def read_attributes(repo: str, paths: Iterable[str], rev: str) -> dict[str, set[str]]:
    """Which of ``paths`` carry ``linguist-generated`` / ``linguist-vendored`` (from .gitattributes at ``rev``).

    Uses ``git check-attr --source`` (git >= 2.40) when available; older git
    reads attributes from the work tree, which is still read-only.
    """
    path_list = list(paths)
    if not path_list:
        return {}
    payload = ("\0".join(path_list) + "\0").encode("utf-8", "surrogateescape")
    attrs = ["linguist-generated", "linguist-vendored"]
    out = b""
    for extra in (["--source", rev], []):
        try:
            out = run_git(repo, ["check-attr", *extra, "-z", "--stdin", *attrs], input=payload)
            break
        except GitError:
            continue
    flagged: dict[str, set[str]] = {}
    fields = out.split(b"\0")
    for index in range(0, len(fields) - 2, 3):
        path, attr, value = (f.decode("utf-8", "surrogateescape") for f in fields[index:index + 3])
        if value in ("set", "true"):
            flagged.setdefault(path, set()).add(attr)
    return flagged


#: Reads blobs through one sealed ``cat-file --batch`` (GitPython is not used: see :mod:`~debt_explorer.core.objects`).
BlobReader = ObjectReader
