"""Truck factor by the published algorithm (Avelino, Passos, Hora, Valente, ICPC 2016, arXiv:1604.06766).

* Degree of authorship of developer d on file f (Fritz et al.):
  ``DOA = 3.293 + 1.098 * FA + 0.164 * DL - 0.321 * ln(1 + AC)`` where FA is 1
  when d created f, DL the number of changes d made to f and AC the number of
  changes others made to f (non-merge commits, renames followed).
* d is an *author* of f when the normalised DOA (DOA / the file's highest DOA)
  is greater than 0.75 and the absolute DOA is at least 3.293 (the thresholds
  of the paper and of its reference tool).
* Greedy: remove the author of the most files until more than half of the
  files have no author left; the number removed is the truck factor.

Bots are no developers here.  Computed for the repository ("") and every folder.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from debt_explorer.core.models import Commit, FileAuthor, FileChange, TruckFactor

A, B_FA, B_DL, B_AC = 3.293, 1.098, 0.164, 0.321
NORMALISED_THRESHOLD = 0.75
ABSOLUTE_THRESHOLD = 3.293
COVERAGE = 0.5


def degree_of_authorship(first_author: bool, deliveries: int, acceptances: int) -> float:
    return A + B_FA * (1 if first_author else 0) + B_DL * deliveries - B_AC * math.log(1 + acceptances)


def file_authors(changes_oldest_first: Sequence[str]) -> set[str]:
    """The authors of one file from the authors of its changes, oldest first."""
    if not changes_oldest_first:
        return set()
    creator = changes_oldest_first[0]
    per_author: dict[str, int] = defaultdict(int)
    for author in changes_oldest_first:
        per_author[author] += 1
    total = len(changes_oldest_first)
    doa = {d: degree_of_authorship(d == creator, n, total - n) for d, n in per_author.items()}
    best = max(doa.values())
    if best <= 0:
        return set()
    return {d for d, value in doa.items() if value / best > NORMALISED_THRESHOLD and value >= ABSOLUTE_THRESHOLD}


def truck_factor(authors_by_file: Mapping[str, set[str]]) -> tuple[int, tuple[str, ...]]:
    """(truck factor, the authors removed in order) for these files."""
    files = len(authors_by_file)
    if not files:
        return 0, ()
    remaining = {path: set(authors) for path, authors in authors_by_file.items()}
    removed: list[str] = []
    while True:
        orphans = sum(1 for authors in remaining.values() if not authors)
        if orphans > files * COVERAGE:
            return len(removed), tuple(removed)
        counts: dict[str, int] = defaultdict(int)
        for authors in remaining.values():
            for author in authors:
                counts[author] += 1
        if not counts:
            return len(removed), tuple(removed)
        top = max(sorted(counts), key=lambda a: counts[a])
        removed.append(top)
        for authors in remaining.values():
            authors.discard(top)


def truck_factors(paths: Iterable[str], changes: Sequence[FileChange], commits: Mapping[str, Commit],
                  is_bot: Callable[[str], bool], display: Callable[[str], str] | None = None,
                  ) -> dict[str, TruckFactor]:
    """Truck factor of the repository ("") and of every folder holding any of ``paths``."""
    current = set(paths)
    history: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for order, change in enumerate(changes):
        if change.binary or change.file not in current or is_bot(change.sha):
            continue
        commit = commits.get(change.sha)
        if commit is None:
            continue
        author = (commit.author_email or commit.author_name).strip().lower()
        history[change.file].append((commit.committer_date, -order, author))
    authors_by_file: dict[str, set[str]] = {}
    for path in current:
        events = sorted(history.get(path, ()))
        authors_by_file[path] = file_authors([author for _, _, author in events])
    folders: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for path, authors in authors_by_file.items():
        parts = path.split("/")[:-1]
        folders[""][path] = authors
        for depth in range(1, len(parts) + 1):
            folders["/".join(parts[:depth])][path] = authors
    name = display or (lambda key: key)
    out: dict[str, TruckFactor] = {}
    for folder, files in folders.items():
        value, removed = truck_factor(files)
        authored: dict[str, int] = defaultdict(int)
        for authors in files.values():
            for author in authors:
                authored[author] += 1
        top = sorted(authored.items(), key=lambda item: (-item[1], item[0]))[:5]
        out[folder] = TruckFactor(value, tuple(name(a) for a in removed), len(files),
                                  tuple(FileAuthor(name(a), n, round(n / len(files), 4)) for a, n in top))
    return out
