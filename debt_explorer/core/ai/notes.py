"""AI provenance notes (``refs/notes/ai`` from git-ai, ``refs/notes/whogitit``, ...), read-only."""

from __future__ import annotations

from debt_explorer.core.gitsafe import GitError, run_git

NOTE_REF_HINTS = ("ai", "whogitit", "agent", "provenance")


def note_refs(repo: str) -> list[str]:
    """Notes refs whose last path part hints at AI provenance."""
    try:
        out = run_git(repo, ["for-each-ref", "--format=%(refname)", "refs/notes/"]).decode().split()
    except GitError:
        return []
    return [ref for ref in out if any(hint in ref.rsplit("/", 1)[-1].lower() for hint in NOTE_REF_HINTS)]


def read_ai_notes(repo: str) -> dict[str, str]:
    """commit sha -> note text, over every AI notes ref (texts of several refs are joined)."""
    notes: dict[str, str] = {}
    for ref in note_refs(repo):
        try:
            listing = run_git(repo, ["notes", f"--ref={ref}", "list"]).decode().split("\n")
        except GitError:
            continue
        pairs = [line.split() for line in listing if line.strip()]
        if not pairs:
            continue
        payload = ("\n".join(blob for blob, _ in pairs) + "\n").encode()
        try:
            out = run_git(repo, ["cat-file", "--batch"], input=payload)
        except GitError:
            continue
        position = 0
        for _, commit in pairs:
            header_end = out.index(b"\n", position)
            parts = out[position:header_end].split()
            size = int(parts[2]) if len(parts) == 3 and parts[1] == b"blob" else 0
            text = out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace")
            position = header_end + 1 + size + 1
            notes[commit] = (notes[commit] + "\n" + text) if commit in notes else text
    return notes
