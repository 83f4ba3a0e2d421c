"""Agent-session records kept in the repository itself: Entire's checkpoints branch (read-only, sealed reads).

Entire (an agent-session recorder) keeps one directory per checkpoint on a
branch ``entire/checkpoints/v1``: ``<id[:2]>/<id[2:]>/metadata.json`` (the
checkpoint: ``checkpoint_id``, ``files_touched``, ``sessions``) and
``<id[:2]>/<id[2:]>/<n>/metadata.json`` (each session: ``agent``, ``model``,
``session_id``), next to the transcripts, which are never read.  The commits
a person made with the agent carry the trailer ``Entire-Checkpoint: <id>``.

Here: the local branch or a remote-tracking copy already in the repository is
read with ``for-each-ref``, ``ls-tree`` and ``cat-file --batch`` through
gitsafe; nothing is fetched.  A commit whose ``Entire-Checkpoint`` trailer
names a recorded checkpoint gets the record as evidence (kind ``session
record``) and the recorded agent as its tool; a trailer without a record stays
the weaker ``Entire`` trailer evidence of the trace table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from debt_explorer.core.ai.labels import CommitKind, EvidenceKind
from debt_explorer.core.gitsafe import GitError, run_git
from debt_explorer.core.models import Commit, CommitAttribution, Evidence

CHECKPOINT_REFS = ("refs/heads/entire/checkpoints/", "refs/remotes/")
#: Read at most this many metadata files (a checkpoints branch of a very busy team).
MAX_RECORDS = 20_000
TRAILER = re.compile(r"^entire-checkpoint:\s*([0-9a-f]{12})\b", re.IGNORECASE | re.MULTILINE)
_META = re.compile(r"^([0-9a-f]{2})/([0-9a-f]{10})/(?:(\d+)/)?metadata\.json$")
#: Entire's agent names -> the tool names used everywhere else in the app.
AGENTS = {"claude code": "Claude Code", "claude-code": "Claude Code", "gemini cli": "Gemini CLI",
          "gemini-cli": "Gemini CLI", "codex": "OpenAI Codex", "cursor": "Cursor", "opencode": "OpenCode",
          "copilot": "GitHub Copilot", "github copilot": "GitHub Copilot"}


@dataclass(frozen=True)
class SessionRecord:
    checkpoint: str
    ref: str
    agents: tuple[str, ...]
    models: tuple[str, ...]
    files: tuple[str, ...]

    def describe(self) -> str:
        agents = ", ".join(self.agents) or "an agent"
        models = f" ({', '.join(self.models)})" if self.models else ""
        return (f"Entire checkpoint {self.checkpoint} on {self.ref.removeprefix('refs/')}: {agents}{models}, "
                f"{len(self.files)} file(s) touched")


def checkpoint_refs(repo: str) -> list[str]:
    try:
        out = run_git(repo, ["for-each-ref", "--format=%(refname)", *CHECKPOINT_REFS]).decode().split()
    except GitError:
        return []
    return [ref for ref in out if "/entire/checkpoints/" in ref]


def read_session_records(repo: str) -> dict[str, SessionRecord]:
    """checkpoint id (12 hex) -> its record, over every checkpoints ref present."""
    records: dict[str, SessionRecord] = {}
    for ref in checkpoint_refs(repo):
        try:
            listing = run_git(repo, ["ls-tree", "-r", "--full-tree", ref]).decode("utf-8", "replace").splitlines()
        except GitError:
            continue
        blobs: list[tuple[str, str, str | None]] = []  # (blob, checkpoint id, session index)
        for line in listing:
            meta, _, path = line.partition("\t")
            parts = meta.split()
            match = _META.match(path)
            if match and len(parts) == 3 and parts[1] == "blob":
                blobs.append((parts[2], match.group(1) + match.group(2), match.group(3)))
        texts = _read_blobs(repo, [blob for blob, _, _ in blobs[:MAX_RECORDS]])
        found: dict[str, dict[str, list[str]]] = {}
        for (_blob, checkpoint, _), text in zip(blobs, texts):
            try:
                data = json.loads(text)
            except json.JSONDecodeError:
                continue
            if not isinstance(data, dict):
                continue
            entry = found.setdefault(checkpoint, {"agents": [], "models": [], "files": []})
            agent = data.get("agent")
            if isinstance(agent, str) and agent.strip():
                entry["agents"].append(AGENTS.get(agent.strip().lower(), agent.strip()[:40]))
            model = data.get("model")
            if isinstance(model, str) and model.strip():
                entry["models"].append(model.strip()[:60])
            files = data.get("files_touched")
            if isinstance(files, list):
                entry["files"].extend(str(f) for f in files if isinstance(f, str))
        for checkpoint, entry in found.items():
            records.setdefault(checkpoint, SessionRecord(
                checkpoint, ref, tuple(dict.fromkeys(entry["agents"])), tuple(dict.fromkeys(entry["models"])),
                tuple(dict.fromkeys(entry["files"]))))
    return records


def _read_blobs(repo: str, blobs: list[str]) -> list[str]:
    if not blobs:
        return []
    try:
        out = run_git(repo, ["cat-file", "--batch"], input=("\n".join(blobs) + "\n").encode())
    except GitError:
        return []
    texts: list[str] = []
    position = 0
    for _ in blobs:
        header_end = out.index(b"\n", position)
        parts = out[position:header_end].split()
        is_blob = len(parts) == 3 and parts[1] == b"blob"
        size = int(parts[2]) if is_blob else 0
        texts.append(out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace"))
        position = header_end + 1 + (size + 1 if is_blob else 0)  # "<sha> missing" has no body
    return texts


def apply_session_records(commits: Sequence[Commit], attributions: Mapping[str, CommitAttribution],
                          records: Mapping[str, SessionRecord]) -> dict[str, CommitAttribution]:
    """Commits whose ``Entire-Checkpoint`` trailer names a recorded checkpoint: the record is their evidence."""
    updated = dict(attributions)
    if not records:
        return updated
    for commit in commits:
        ids = [m for m in TRAILER.findall(commit.message) if m.lower() in records]
        current = updated.get(commit.sha)
        if not ids or current is None or current.kind == "bot":
            continue
        found = [records[i.lower()] for i in ids]
        tools = {agent for record in found for agent in record.agents} or {"Entire"}
        evidence = tuple(e for e in current.evidence if not (e.kind == "trailer" and e.text.lower().startswith(
            "entire-checkpoint"))) + tuple(Evidence(EvidenceKind.SESSION_RECORD, r.describe()[:300]) for r in found)
        kept = set(current.tools) - {"Entire"} if current.kind == "ai" else set()
        updated[commit.sha] = replace(current, kind=CommitKind.AI, tools=tuple(sorted(kept | tools)), evidence=evidence)
    return updated
