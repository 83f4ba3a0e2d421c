"""Change coupling (temporal / logical coupling) with code-maat's definitions.

Input: the commits the scan mined, each as its set of changed files (merges
carry no changes; renames are followed through ``FileChange.file``).

* A commit that changed more than ``max_changeset_size`` files (all files,
  whatever their kind) is left out of every figure, as in code-maat.
* ``revisions(f)``: the commits left in scope that changed ``f``.
* ``shared_revs(a, b)``: the commits left in scope that changed both.
* ``degree = shared_revs / average_revs`` as a whole percentage, truncated
  (code-maat's ``(int coupling)``), with ``average_revs = (revisions(a) +
  revisions(b)) / 2``; the reported ``average_revs`` is that mean rounded up
  (code-maat's ``(math/ceil average-revs)``).
* A pair is reported when ``average_revs >= min_revs``, ``shared_revs >=
  min_shared_revs``, ``degree >= min_coupling`` and ``degree <= max_coupling``
  (defaults 5, 5, 30 %, 100 %, max changeset size 30: code-maat's defaults).
* ``soc`` (sum of coupling): for each commit in scope with ``m`` entities,
  every one of them gets ``m - 1``; summed per entity.

Entities are files, or folders cut at a depth (architectural coupling); an
entity mapper decides which files count (code files by default) and several
files of one folder changed in one commit are one change of that folder.
All arithmetic is on integers, so thresholds are exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from debt_explorer.core.models import Commit, FileChange


@dataclass(frozen=True, slots=True)
class CouplingOptions:
    """code-maat's options and defaults (``code-maat -a coupling``)."""

    min_revs: int = 5
    min_shared_revs: int = 5
    min_coupling: int = 30
    max_coupling: int = 100
    max_changeset_size: int = 30
    #: ``None``: files; ``n``: folders cut at ``n`` levels (``src/flask/app.py`` at 2 -> ``src/flask``)
    folder_depth: int | None = None
    #: only code files (a language radon or lizard analyses, inside the scan's include/exclude globs)
    code_only: bool = True

    def __post_init__(self) -> None:
        for name in ("min_revs", "min_shared_revs", "min_coupling", "max_coupling"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name.replace('_', '-')} must not be negative")
        if self.max_changeset_size < 2:
            raise ValueError("max-changeset-size must be at least 2")
        if self.min_coupling > self.max_coupling:
            raise ValueError("min-coupling must not exceed max-coupling")
        if self.folder_depth is not None and self.folder_depth < 1:
            raise ValueError("folder depth must be at least 1")


@dataclass(frozen=True, slots=True)
class Changeset:
    """One non-merge commit: its SHA, committer date and the file identities it changed."""

    sha: str
    when: int
    files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CouplingPair:
    """Two entities that changed together (``entity < coupled``), in code-maat's terms."""

    entity: str
    coupled: str
    degree: int
    average_revs: int
    shared_revs: int
    entity_revs: int
    coupled_revs: int


@dataclass(frozen=True, slots=True)
class CoChanges:
    """Raw counts over the commits in scope, before any threshold."""

    revisions: Mapping[str, int]
    shared: Mapping[tuple[str, str], int]
    soc: Mapping[str, int]
    commits: int
    commits_too_large: int

    def shared_revs(self, a: str, b: str) -> int:
        return self.shared.get((a, b) if a < b else (b, a), 0)


@dataclass(frozen=True, slots=True)
class CouplingResult:
    options: CouplingOptions
    pairs: tuple[CouplingPair, ...]
    soc: tuple[tuple[str, int], ...]
    counts: CoChanges = field(repr=False)


def changesets(commits: Iterable[Commit], changes: Iterable[FileChange], since: int | None = None,
               until: int | None = None, follow_renames: bool = True) -> list[Changeset]:
    """Group resolved changes by commit; keep commits with ``since < committer_date <= until``.

    ``follow_renames=False`` keys each change by the path it had in its own
    commit (what code-maat sees in a plain ``git log``), for comparisons only.
    """
    dates = {c.sha: c.committer_date for c in commits}
    by_commit: dict[str, dict[str, None]] = {}
    for change in changes:
        key = (change.file or change.path) if follow_renames else change.path
        by_commit.setdefault(change.sha, {})[key] = None
    selected = []
    for sha, files in by_commit.items():
        when = dates.get(sha)
        if when is None or (since is not None and when <= since) or (until is not None and when > until):
            continue
        selected.append(Changeset(sha, when, tuple(files)))
    selected.sort(key=lambda c: (c.when, c.sha))
    return selected


def folder_of(path: str, depth: int) -> str:
    """The folder of ``path`` cut at ``depth`` levels; ``.`` for files at the root."""
    parts = path.split("/")[:-1]
    return "/".join(parts[:depth]) or "."


def co_changes(sets: Sequence[Changeset], entity_of: Callable[[str], str | None],
               max_changeset_size: int) -> CoChanges:
    """Revisions, shared revisions and soc per entity over ``sets``."""
    revisions: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    soc: Counter[str] = Counter()
    used = too_large = 0
    for changeset in sets:
        if len(changeset.files) > max_changeset_size:
            too_large += 1
            continue
        used += 1
        entities = sorted({e for e in map(entity_of, changeset.files) if e is not None})
        revisions.update(entities)
        for entity in entities:
            soc[entity] += len(entities) - 1
        shared.update(combinations(entities, 2))
    return CoChanges(dict(revisions), dict(shared), dict(soc), used, too_large)


def degree_of(shared_revs: int, revs_a: int, revs_b: int) -> int:
    """``shared / ((revs_a + revs_b) / 2)`` as a truncated whole percentage."""
    return (200 * shared_revs) // (revs_a + revs_b)


def pairs_from(counts: CoChanges, options: CouplingOptions) -> tuple[CouplingPair, ...]:
    """Pairs within code-maat's thresholds, strongest first (degree, then average revisions)."""
    pairs = []
    for (a, b), shared in counts.shared.items():
        ra, rb = counts.revisions[a], counts.revisions[b]
        total = ra + rb
        if total < 2 * options.min_revs or shared < options.min_shared_revs:
            continue
        if 200 * shared < options.min_coupling * total:  # exact: shared / avg * 100 >= min
            continue
        degree = degree_of(shared, ra, rb)
        if degree > options.max_coupling:
            continue
        pairs.append(CouplingPair(a, b, degree, (total + 1) // 2, shared, ra, rb))
    pairs.sort(key=lambda p: (-p.degree, -p.average_revs, -p.shared_revs, p.entity, p.coupled))
    return tuple(pairs)


def entity_mapper(options: CouplingOptions, is_included: Callable[[str], bool] | None = None
                  ) -> Callable[[str], str | None]:
    """Path -> its entity (the file, or its folder at ``options.folder_depth``); ``None`` when not counted."""
    include = is_included or (lambda path: True)
    depth = options.folder_depth
    if depth is None:
        def entity_of(path: str) -> str | None:
            return path if include(path) else None
    else:
        def entity_of(path: str) -> str | None:
            return folder_of(path, depth) if include(path) else None
    return entity_of


def analyse(sets: Sequence[Changeset], options: CouplingOptions | None = None,
            is_included: Callable[[str], bool] | None = None) -> CouplingResult:
    """Coupling and soc of files (or folders, per ``options.folder_depth``) over ``sets``."""
    options = options or CouplingOptions()
    counts = co_changes(sets, entity_mapper(options, is_included), options.max_changeset_size)
    soc = tuple(sorted(counts.soc.items(), key=lambda item: (-item[1], item[0])))
    return CouplingResult(options, pairs_from(counts, options), soc, counts)


def coupled_with(result: CouplingResult, path: str, limit: int = 10) -> list[tuple[str, CouplingPair]]:
    """The entities ``path`` is coupled with (the other side of each pair), strongest first."""
    found = [(p.coupled if p.entity == path else p.entity, p) for p in result.pairs if path in (p.entity, p.coupled)]
    return found[:limit]
