"""Compare the provenance engine with ``git blame --porcelain`` file by file (test helper)."""

from __future__ import annotations

from debt_explorer.core.blame import parse_porcelain
from debt_explorer.core.gitsafe import run_git
from debt_explorer.core.provenance.engine import Provenance, run_to_end, trace
from debt_explorer.core.provenance.stream import PINNED_CONFIG


def blame_shas(repo: str, rev: str, path: str) -> list[str]:
    args = []
    for item in PINNED_CONFIG:
        args += ["-c", item]
    out = run_git(repo, [*args, "blame", "--porcelain", rev, "--", path])
    return [line.sha for line in parse_porcelain(out)]


def tree_paths(repo: str, rev: str) -> list[str]:
    out = run_git(repo, ["ls-tree", "-r", "-z", "--name-only", rev])
    return sorted(p.decode() for p in out.split(b"\0") if p)


def traced(repo: str, head: str = "HEAD", **kwargs: object) -> Provenance:
    sha = run_git(repo, ["rev-parse", head]).decode().strip()
    return run_to_end(trace(repo, sha, **kwargs))


def mismatches(repo: str, prov: Provenance, rev: str = "HEAD") -> dict[str, list[tuple[int, str, str]]]:
    """path -> [(line, engine sha, blame sha)] for every differing line of every code file at ``rev``."""
    out: dict[str, list[tuple[int, str, str]]] = {}
    for path in tree_paths(repo, rev):
        if not path.endswith((".py", ".js")):
            continue
        expected = blame_shas(repo, rev, path)
        got = prov.origin_shas(path)
        if len(got) != len(expected):
            out[path] = [(-1, str(len(got)), str(len(expected)))]
            continue
        bad = [(i + 1, g, e) for i, (g, e) in enumerate(zip(got, expected)) if g != e]
        if bad:
            out[path] = bad
    return out
