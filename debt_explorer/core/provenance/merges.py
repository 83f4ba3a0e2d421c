"""What the patch stream can leave out: which merges need a diff at all, and which extensions occur.

At a merge, blame passes a file whole to a parent holding the same blob, and
only needs a diff for files that differ from every parent.  A pull-request
merge changes, against its first parent, exactly the files the branch changed,
and those are usually identical in the branch tip: diffing such a merge against
either parent (the whole branch, or everything the main line did since the
fork) is wasted work — on sphinx, the merge diffs were two thirds of the
stream's bytes.

:func:`plan_stream` finds it out with two cheap git calls that read no blob
contents: ``diff-tree --raw`` of every job (a commit against its only parent, a
merge against its first), then ``cat-file --batch-check`` of
``<parent>:<path>`` for every path a merge changed.  It returns

* ``needy``: the (merge, later parent) pairs where some changed file is not the
  same blob at the same path in that parent (only those get a diff job);
* ``local``: the merges that need no diff job at all — every file they changed
  against the first parent is the same blob at the same path in some later
  parent (and no pure rename, which blame would follow into the first parent,
  is among the changes); the engine takes those files' arrays whole;
* ``combined``: the other merges (save a few with symlinks, submodules or type
  changes, which keep one diff per parent): read as one combined diff
  (``diff-tree -c --combined-all-paths``), which holds only the files that differ
  from every parent, each line marked per parent — the diffs against every
  parent of a merge of the main line into a long-lived branch were 360 MB of
  sphinx's stream, the combined diffs of the same merges 25 MB;
* ``extensions``: the code-file extensions, as spelt, that the jobs touch.  The
  stream's pathspec lists only those: git matches every entry of every tree it
  walks against every pattern, and the 97 patterns of all known code
  extensions cost sphinx more git time (5 s of 8) than the diffs themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from debt_explorer.core.gitsafe import run_git

HEX = frozenset("0123456789abcdef")
_SPECIAL_MODES = frozenset({"120000", "160000"})  # symlinks and submodules: left to the patch stream


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of ``diff-tree --raw --no-renames``: a path added, modified or deleted."""

    status: str
    old_blob: str
    new_blob: str
    path: str
    special: bool = False


@dataclass
class StreamPlan:
    """What :func:`plan_stream` found (see the module docstring)."""

    extensions: list[str]
    needy: set[tuple[str, str]] = field(default_factory=set)
    local: dict[str, list[Change]] = field(default_factory=dict)
    #: merges read as one combined diff (``-c``: only the files that differ from every parent), with their changes
    combined: dict[str, list[Change]] = field(default_factory=dict)
    #: (merge, path) -> index into the merge's parents of the first parent holding the same blob there
    identical: dict[tuple[str, str], int] = field(default_factory=dict)


def _is_sha(token: str) -> bool:
    return len(token) in (40, 64) and set(token) <= HEX


def _extension(path: str) -> str:
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot + 1:] if dot > 0 else ""


def raw_changes(repo: str, jobs: Sequence[tuple[str, str | None]], code_extensions: frozenset[str],
                merges: frozenset[str]) -> tuple[set[str], dict[str, list[Change]]]:
    """(extensions as spelt of the code paths the jobs touch, merge -> its changes against its first parent)."""
    extensions: set[str] = set()
    changed: dict[str, list[Change]] = {}
    if not jobs:
        return extensions, changed
    payload = "".join(f"{sha} {parent}\n" if parent else f"{sha}\n" for sha, parent in jobs).encode()
    out = run_git(repo, ["diff-tree", "--stdin", "--always", "-r", "--root", "--raw", "--no-renames",
                         "--no-abbrev", "-z"], input=payload)
    current: list[Change] | None = None
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].strip("\n")
        index += 1
        if token.startswith(":"):
            path = tokens[index] if index < len(tokens) else ""
            index += 1
            ext = _extension(path)
            if ext.lower() not in code_extensions:
                continue
            extensions.add(ext)
            fields = token[1:].split()
            if current is not None and len(fields) >= 5:
                special = bool(_SPECIAL_MODES & {fields[0], fields[1]})
                current.append(Change(fields[4][:1], fields[2], fields[3], path, special))
        elif _is_sha(token):
            current = changed.setdefault(token, []) if token in merges else None
    return extensions, changed


def plan_stream(repo: str, graph: Sequence[tuple[str, tuple[str, ...]]], code_extensions: Sequence[str],
                track: Callable[[str], bool]) -> StreamPlan:
    """The extensions to ask for, the merge parents that need a diff, the merges that need none."""
    merges = [(sha, parents) for sha, parents in graph if len(parents) > 1]
    jobs = [(sha, parents[0] if parents else None) for sha, parents in graph]
    extensions, changed = raw_changes(repo, jobs, frozenset(code_extensions), frozenset(sha for sha, _ in merges))
    plan = StreamPlan(sorted(extensions))
    queries: list[tuple[str, int, str, str]] = []  # merge, parent index, parent, path
    blobs: list[str] = []
    for sha, parents in merges:
        for number, parent in enumerate(parents[1:], start=1):
            for change in changed.get(sha, ()):
                if change.status == "D":
                    continue
                if "\n" in change.path:
                    plan.needy.add((sha, parent))
                    continue
                queries.append((sha, number, parent, change.path))
                blobs.append(change.new_blob)
    if queries:
        payload = "".join(f"{parent}:{path}\n" for _, _, parent, path in queries).encode("utf-8", "surrogateescape")
        answers = run_git(repo, ["cat-file", "--batch-check=%(objectname)"], input=payload).decode(
            "utf-8", "surrogateescape").split("\n")
        for (sha, number, parent, path), blob, answer in zip(queries, blobs, answers):
            if answer.strip() != blob:
                plan.needy.add((sha, parent))
            else:
                plan.identical.setdefault((sha, path), number)
        if len(answers) - 1 < len(queries):  # a short answer: diff everything that was not answered
            for sha, _number, parent, _path in queries[len(answers) - 1:]:
                plan.needy.add((sha, parent))
                plan.identical.pop((sha, _path), None)
    for sha, _parents in merges:
        changes = changed.get(sha, [])
        if _needs_no_diff(sha, changes, plan.identical, track):
            plan.local[sha] = changes
        elif all(not change.special and change.status in ("A", "M", "D") and "\n" not in change.path
                 for change in changes):
            plan.combined[sha] = changes
    return plan


def _needs_no_diff(sha: str, changes: Sequence[Change], identical: dict[tuple[str, str], int],
                   track: Callable[[str], bool]) -> bool:
    """Every changed code file is the same blob in some later parent, and no pure rename hides among them."""
    deleted = {change.old_blob for change in changes if change.status == "D"}
    for change in changes:
        if change.special or change.status not in ("A", "M", "D"):
            return False
        if change.status == "D" or not track(change.path):
            continue
        if change.status == "A" and change.new_blob in deleted:
            return False  # blame would follow the rename into the first parent
        if change.old_blob != change.new_blob and (sha, change.path) not in identical:
            return False
    return True
