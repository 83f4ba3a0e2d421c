"""AI lines per commit as recorded by the tools themselves (``--ai-provenance FILE``), read from a file only.

The format is the per-commit AI code tracking export of Cursor's team admin API
(``GET /analytics/ai-code/commits`` as JSON, or its CSV download): one record per
commit with ``commitHash``, ``tabLinesAdded`` (accepted tab completions),
``composerLinesAdded`` (accepted agent/composer diffs) and ``nonAiLinesAdded``
(lines typed by hand), plus the ``…Deleted`` counterparts, user, repository and
branch.  Analytics platforms that mirror it use snake_case (``commit_hash``,
``tab_lines_added``, …): both spellings are accepted, as are a bare JSON list,
``{"items": [...]}`` / ``{"commits": [...]}`` / ``{"data": [...]}`` and pages of
the paginated API concatenated into one list.  Per-person fields are ignored:
the app never ranks people.

Nothing is fetched: the user exports the file and points at it.  A malformed
file is refused with one clear line (:class:`ProvenanceError`), never half-read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from debt_explorer.core.ai.labels import CommitKind, EvidenceKind
from debt_explorer.core.errors import ScanError
from debt_explorer.core.files import read_capped
from debt_explorer.core.models import CommitAttribution, Evidence

SOURCE = "Cursor AI code tracking"
_HEX = re.compile(r"^[0-9a-f]{7,64}$")
_FIELDS = {"hash": ("commithash", "commitsha", "sha", "hash", "commit"),
           "tab": ("tablinesadded",), "agent": ("composerlinesadded", "agentlinesadded"),
           "human": ("nonailinesadded", "humanlinesadded"), "total": ("totallinesadded",)}


class ProvenanceError(ScanError):
    """The provenance file cannot be used; ``str(error)`` says why in one line."""


@dataclass(frozen=True)
class ProvenanceRecord:
    """Lines one commit added, as the editor recorded them."""

    sha: str
    tab_lines: int
    agent_lines: int
    human_lines: int

    @property
    def ai_lines(self) -> int:
        return self.tab_lines + self.agent_lines

    @property
    def ai_share(self) -> float:
        total = self.ai_lines + self.human_lines
        return self.ai_lines / total if total else 0.0

    def describe(self) -> str:
        return (f"{SOURCE}: {self.ai_lines:,} of {self.ai_lines + self.human_lines:,} added lines by AI "
                f"(agent {self.agent_lines:,}, tab completion {self.tab_lines:,}), {self.human_lines:,} by hand")


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _count(row: Mapping[str, Any], names: tuple[str, ...], where: str) -> int | None:
    for name in names:
        if name in row and row[name] not in (None, ""):
            value = row[name]
            try:
                number = int(float(value)) if not isinstance(value, bool) else None
            except (TypeError, ValueError):
                number = None
            if number is None or number < 0:
                raise ProvenanceError(f"{where}: {name} must be a non-negative number, not {value!r}")
            return number
    return None


def _records(rows: Iterable[Mapping[str, Any]], origin: str) -> dict[str, ProvenanceRecord]:
    found: dict[str, ProvenanceRecord] = {}
    for index, raw in enumerate(rows, start=1):
        if not isinstance(raw, Mapping):
            raise ProvenanceError(f"{origin}: record {index} is not an object")
        row = {_key(str(k)): v for k, v in raw.items()}
        where = f"{origin}: record {index}"
        sha = next((str(row[n]).strip().lower() for n in _FIELDS["hash"] if row.get(n)), "")
        if not _HEX.match(sha):
            raise ProvenanceError(f"{where} has no commit hash (commitHash / commit_hash)")
        tab = _count(row, _FIELDS["tab"], where)
        agent = _count(row, _FIELDS["agent"], where)
        human = _count(row, _FIELDS["human"], where)
        if tab is None and agent is None:
            raise ProvenanceError(f"{where} has neither tabLinesAdded nor composerLinesAdded")
        tab, agent = tab or 0, agent or 0
        if human is None:  # Cursor derives it as max(0, total - AI lines)
            total = _count(row, _FIELDS["total"], where)
            human = max(0, (total or 0) - tab - agent)
        known = found.get(sha)
        if known is not None:  # the same commit on two branches or pages: one record
            if (known.tab_lines, known.agent_lines, known.human_lines) != (tab, agent, human):
                raise ProvenanceError(f"{where}: commit {sha[:12]} appears twice with different line counts")
            continue
        found[sha] = ProvenanceRecord(sha, tab, agent, human)
    return found


def parse_provenance(text: str, origin: str = "provenance file") -> dict[str, ProvenanceRecord]:
    """commit sha (as written, lower case; may be abbreviated) -> record, from JSON or CSV text."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise ProvenanceError(f"{origin} is empty")
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ProvenanceError(f"{origin} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
        if isinstance(data, dict):
            data = next((data[k] for k in ("items", "commits", "data") if isinstance(data.get(k), list)), None)
            if data is None:
                raise ProvenanceError(f"{origin}: expected a list of commits or an object with 'items'")
        if not isinstance(data, list):
            raise ProvenanceError(f"{origin}: expected a list of commits")
        if data and all(isinstance(page, dict) and isinstance(page.get("items"), list) for page in data):
            data = [item for page in data for item in page["items"]]  # concatenated API pages
        return _records(data, origin)
    reader = csv.DictReader(io.StringIO(stripped))
    if not reader.fieldnames or not {_key(f) for f in reader.fieldnames} & set(_FIELDS["hash"]):
        raise ProvenanceError(f"{origin}: a CSV export needs a commit hash column (commitHash / commit_hash)")
    return _records(reader, origin)


#: An export larger than this is refused (``/dev/zero`` or a wrong file would otherwise be read until memory runs out).
MAX_PROVENANCE_BYTES = 200_000_000


def _read_capped(path: str) -> bytes:
    return read_capped(path, MAX_PROVENANCE_BYTES, "an AI code tracking export", label="--ai-provenance: ")


def load_provenance(path: str) -> dict[str, ProvenanceRecord]:
    try:
        text = _read_capped(path).decode("utf-8")
    except FileNotFoundError:
        raise ProvenanceError(f"--ai-provenance: {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProvenanceError(f"--ai-provenance: cannot read {path}: {exc}") from None
    return parse_provenance(text, path)


def provenance_digest(path: str | None) -> str:
    """Part of the whole-result cache key: a changed export re-attributes."""
    if not path:
        return ""
    try:
        return hashlib.sha1(_read_capped(path)).hexdigest()[:16]
    except (OSError, ScanError):  # a file too large to read says ScanError
        return "unreadable"


def match_commits(records: Mapping[str, ProvenanceRecord], shas: Iterable[str]) -> dict[str, ProvenanceRecord]:
    """Full commit sha -> record, for the scanned commits (an abbreviated hash must be unambiguous)."""
    full = sorted(shas)
    exact = {sha: records[sha] for sha in full if sha in records}
    for key, record in records.items():
        if key in exact:
            continue
        at = bisect_left(full, key)
        hits = full[at:at + 2]
        if hits and hits[0].startswith(key) and (len(hits) == 1 or not hits[1].startswith(key)):
            exact.setdefault(hits[0], record)
    return exact


def apply_provenance(attributions: Mapping[str, CommitAttribution], records: Mapping[str, ProvenanceRecord],
                     ) -> tuple[dict[str, CommitAttribution], dict[str, float]]:
    """Commits the export records AI lines for become AI-attributed (evidence kind ``provenance``).

    Returns the attributions and, for commits known *only* from the export, the share of their added lines the
    export gives to AI: their surviving lines count in that proportion, not whole (a commit with one tab-completed
    line among a hundred typed ones is not an AI commit's worth of lines).
    """
    updated = dict(attributions)
    weights: dict[str, float] = {}
    for sha, record in records.items():
        current = updated.get(sha)
        if current is None or current.kind == "bot" or record.ai_lines == 0:
            continue
        evidence = (*current.evidence, Evidence(EvidenceKind.PROVENANCE, record.describe()[:300]))
        if current.kind != "ai":
            weights[sha] = record.ai_share
        updated[sha] = replace(current, kind=CommitKind.AI, tools=tuple(sorted({*current.tools, "Cursor"})),
                               evidence=evidence)
    return updated, weights
