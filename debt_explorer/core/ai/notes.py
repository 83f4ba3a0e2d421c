"""AI provenance notes (``refs/notes/ai`` from git-ai, ``refs/notes/whogitit``, ...), read-only.

Any note under such a ref marks its commit as AI-attributed, except a Git AI
authorship log that attests no agent line.  Git AI logs also give the exact
lines an agent wrote (:func:`parse_git_ai_note`), which the surviving-lines
share uses instead of crediting the whole commit.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from debt_explorer.core.blame import BlameLine
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


@dataclass(frozen=True)
class GitAiNote:
    """A Git AI authorship log (Git AI Standard v3: attestations, ``---``, JSON metadata).

    ``ai_lines``: path -> 1-based line numbers, in the file as the noted commit has it, written by an agent.
    ``human_paths``: paths the log attests only human lines for.  ``tools``: agent tools and models named.
    """

    ai_lines: dict[str, frozenset[int]]
    human_paths: frozenset[str]
    tools: tuple[str, ...]
    format: str = "git-ai"

    @property
    def ai_line_count(self) -> int:
        return sum(len(lines) for lines in self.ai_lines.values())

    def says_ai(self, path: str, line: int) -> bool | None:
        """Whether the note attests ``line`` of ``path`` (as the noted commit has it) as agent-written;
        ``None`` when the note does not cover that file (then the whole commit's attribution applies)."""
        if path in self.ai_lines:
            return line in self.ai_lines[path]
        return False if path in self.human_paths else None


def _ranges(spec: str) -> set[int]:
    found: set[int] = set()
    for part in spec.split(","):
        start, _, end = part.strip().partition("-")
        if start.isdigit() and (not end or end.isdigit()):
            low, high = int(start), int(end or start)
            if 0 < low <= high and high - low < 1_000_000:
                found.update(range(low, high + 1))
    return found


def parse_git_ai_note(text: str) -> GitAiNote | None:
    """Parse a line-level provenance note; ``None`` when ``text`` is none of the known formats.

    Formats: a Git AI authorship log (``refs/notes/ai``), a whogitit attribution
    (``refs/notes/whogitit``, JSON with ``files[].lines[].source.type``) or an
    Agent Trace record (JSON with ``files[].conversations[].contributor.type``
    and ``ranges``).
    """
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _parse_json_note(stripped)
    attest, separator, meta_text = text.partition("\n---\n")
    if not separator:
        return None
    try:
        meta = json.loads(meta_text)
    except ValueError:
        return None
    if not isinstance(meta, dict) or not str(meta.get("schema_version", "")).startswith("authorship/"):
        return None
    ai: dict[str, set[int]] = {}
    human: set[str] = set()
    path = None
    for line in attest.split("\n"):
        if not line.strip():
            continue
        if not line.startswith(" "):
            path = line.strip()
            if len(path) > 1 and path.startswith('"') and path.endswith('"'):
                path = path[1:-1]
            continue
        key, _, spec = line.strip().partition(" ")
        if path is None:
            continue
        if key.startswith("h_"):
            human.add(path)
        else:
            ai.setdefault(path, set()).update(_ranges(spec))
    tools = set()
    for section in ("sessions", "prompts"):
        records = meta.get(section)
        for record in (records.values() if isinstance(records, dict) else ()):
            agent = record.get("agent_id") if isinstance(record, dict) else None
            if isinstance(agent, dict):
                name = " ".join(str(agent[k]) for k in ("tool", "model") if agent.get(k))
                if name:
                    tools.add(name)
    return GitAiNote({p: frozenset(v) for p, v in ai.items() if v}, frozenset(human - set(ai)), tuple(sorted(tools)))


def _object(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _parse_json_note(text: str) -> GitAiNote | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        return None
    ai: dict[str, set[int]] = {}
    covered: set[str] = set()
    tools: set[str] = set()
    kind = ""
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        path = entry["path"]
        if isinstance(entry.get("lines"), list):  # whogitit
            kind = "whogitit"
            covered.add(path)
            for line in entry["lines"]:
                source = line.get("source") if isinstance(line, dict) else None
                number = line.get("line_number") if isinstance(line, dict) else None
                if isinstance(source, dict) and source.get("type") in ("AI", "AIModified") and isinstance(number, int):
                    ai.setdefault(path, set()).add(number)
        elif isinstance(entry.get("conversations"), list):  # Agent Trace
            kind = "agent-trace"
            covered.add(path)
            for conversation in entry["conversations"]:
                contributor = conversation.get("contributor", {}) if isinstance(conversation, dict) else {}
                if not isinstance(contributor, dict) or contributor.get("type") != "ai":
                    continue
                if contributor.get("model_id"):
                    tools.add(str(contributor["model_id"]))
                for span in conversation.get("ranges", []):
                    if isinstance(span, dict) and isinstance(span.get("start_line"), int):
                        end = span.get("end_line", span["start_line"])
                        if isinstance(end, int) and 0 < span["start_line"] <= end and end - span["start_line"] < 1_000_000:
                            ai.setdefault(path, set()).update(range(span["start_line"], end + 1))
    if not kind:
        return None
    session = _object(data.get("session"))
    model = _object(session.get("model"))
    if model.get("id"):
        tools.add(str(model["id"]))
    tool = _object(data.get("tool"))
    if kind == "agent-trace" and tool.get("name"):
        tools.add(str(tool["name"]))
    return GitAiNote({p: frozenset(v) for p, v in ai.items() if v}, frozenset(covered - set(ai)), tuple(sorted(tools)),
                     kind)


def ai_blame_lines(repo: str, lines: Sequence[BlameLine], ai_shas: set[str]) -> list[int]:
    """The 1-based lines of a blamed file that AI wrote, as far as the history discloses.

    A line counts when its last commit is AI-attributed -- unless that commit
    has a Git AI note covering the file, which then decides line by line.
    """
    wanted = {line.sha for line in lines if line.sha in ai_shas}
    notes = line_notes(repo) if wanted else {}
    found = []
    for line in lines:
        if line.sha not in wanted:
            continue
        note = notes.get(line.sha)
        if note is not None and note.says_ai(line.orig_path, line.orig_line) is False:
            continue
        found.append(line.line)
    return found


def line_notes(repo: str) -> dict[str, GitAiNote]:
    """commit sha -> its line-level note, parsed once per state of the notes refs (the GUI asks per file)."""
    try:
        state = run_git(repo, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/notes/"]).decode()
    except GitError:
        return {}
    return _line_notes_at(repo, state)


@lru_cache(maxsize=4)
def _line_notes_at(repo: str, state: str) -> dict[str, GitAiNote]:
    return {sha: note for sha, text in read_ai_notes(repo).items() if (note := parse_git_ai_note(text)) is not None}
