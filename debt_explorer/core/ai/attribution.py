"""AI attribution of a scan: disclosed commits, surviving AI lines per file, labels with evidence.

* Every commit is classified by :func:`~debt_explorer.core.ai.traces.classify_commit`
  (plus AI notes refs when the repository has them).
* Only files touched by at least one AI-attributed commit are blamed (in
  parallel threads; cached by path + file blob), so a repository without AI
  commits pays nothing.  ``disclosed_line_share`` is the share of the file's
  current lines whose last change came from an AI-attributed commit: a floor
  ("at least"), never the true share.
* Labels: ``disclosed`` (high confidence) when such lines survive;
  ``insufficient`` for files under 15 SLOC without disclosed lines.  Files no
  AI-attributed commit touched get a ``style_score`` from the fitted model
  (:mod:`~debt_explorer.core.ai.style_model`) and ``possible``/``likely`` only
  where its held-out evaluation allows the label (``likely`` needs ROC AUC
  >= 0.75 on repositories it was not fitted on); otherwise ``none``.  Files
  with AI commits but no surviving AI lines are ``none`` with the commits as
  evidence -- see docs/ai-attribution.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from debt_explorer.core.ai.branches import propagate_branch_traces
from debt_explorer.core.ai.labels import AiLabel, Confidence
from debt_explorer.core.ai.notes import GitAiNote, parse_git_ai_note, read_ai_notes
from debt_explorer.core.ai.provenance import ProvenanceRecord, apply_provenance, match_commits
from debt_explorer.core.ai.sessions import apply_session_records, read_session_records
from debt_explorer.core.ai.style import observe
from debt_explorer.core.ai.style_cache import StyleFeatureCache
from debt_explorer.core.ai.style_model import evidence as style_evidence
from debt_explorer.core.ai.style_model import label_for, load_model, score
from debt_explorer.core.ai.traces import classify_commit
from debt_explorer.core.blame import blame_origins
from debt_explorer.core.cache import Cache
from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.languages import analyzer_for, language_for
from debt_explorer.core.models import (
    AiSignal,
    Commit,
    CommitAttribution,
    FileAi,
    FileChange,
    FileRecord,
    Phase,
    Progress,
)

MIN_SLOC = 15
#: Bump when classification rules or labels change (part of the whole-result cache key).
ATTRIBUTION_VERSION = "a8"
BLAME_NAMESPACE = "blame-commit-counts-3"
#: Tally key suffix for lines a Git AI note attests as human although their commit is AI-attributed.
HUMAN_BY_NOTE = ":human"


def _blame_key(record: FileRecord, notes_digest: str = "") -> str:
    """Blame is cached by (path, blob): a file whose content did not change keeps its line origins.

    (Strictly, blame belongs to a revision; a file changed and changed back to the
    same bytes in later commits would keep the older origins.  That rare case is
    accepted so that an incremental scan re-blames only the files it changed.)
    """
    return f"{record.path}\0{record.blob}\0{notes_digest}"


@dataclass(frozen=True)
class AiOutcome:
    commits: dict[str, CommitAttribution]
    files: dict[str, FileAi]
    style_reliable: bool = False  # True when the shipped style model meets its evaluation target
    #: commit sha -> AI lines the tools' own records (``--ai-provenance``) give; None without an export
    recorded_lines: dict[str, int] | None = None


def attribute(repo_path: str, rev: str, commits: Sequence[Commit], changes: Sequence[FileChange],
              files: Sequence[FileRecord], read_text: Callable[[str], str | None], cache: Cache | None, jobs: int,
              cancel: Callable[[], bool] | None = None,
              provenance: Mapping[str, ProvenanceRecord] | None = None,
              line_tally: Callable[[str], dict[str, int] | None] | None = None,
              style_made: Mapping[str, Any] | None = None,
              ) -> Generator[Progress, None, AiOutcome]:
    """``line_tally(path)``: {origin sha: lines} at ``rev`` from line provenance; files it answers for (and
    whose surviving commits carry no Git AI note, which needs exact line numbers) are not blamed.
    ``style_made``: blob -> style features the metric workers extracted
    (:func:`~debt_explorer.core.ai.style_cache.blob_features`)."""
    stop = cancel or (lambda: False)
    notes = read_ai_notes(repo_path)
    git_ai = {sha: note for sha, text in notes.items() if (note := parse_git_ai_note(text)) is not None}
    notes_digest = hashlib.sha1("".join(sorted(notes.values())).encode()).hexdigest()[:16] if git_ai else ""
    attributions = {c.sha: classify_commit(c, notes.get(c.sha)) for c in commits}
    attributions = propagate_branch_traces(commits, attributions)
    attributions = apply_session_records(commits, attributions, read_session_records(repo_path))
    recorded = match_commits(provenance or {}, (c.sha for c in commits))
    attributions, weights = apply_provenance(attributions, recorded)
    ai = {sha for sha, a in attributions.items() if a.kind == "ai"}
    touched: dict[str, set[str]] = {}
    for change in changes:
        if change.sha in ai:
            touched.setdefault(change.file, set()).add(change.sha)
    current = {f.path: f for f in files}
    added_with = _files_added_with(commits, changes)
    model = load_model()
    to_blame = [path for path in touched if path in current]
    yield Progress(Phase.ATTRIBUTION, 0, len(to_blame), f"{len(ai)} AI-attributed commits")
    counts = yield from _blame_counts(repo_path, rev, [current[p] for p in to_blame], cache, jobs, stop, git_ai,
                                      notes_digest, line_tally)
    outcome: dict[str, FileAi] = {}
    styles = StyleFeatureCache(cache, [r.blob for r in files
                                       if r.sloc >= MIN_SLOC and _wants_style(r) and r.path not in touched],
                               read_text, made=style_made)
    for record in files:
        shas = touched.get(record.path, set())
        tools = sorted({tool for sha in shas for tool in attributions[sha].tools})
        per_commit = counts.get(record.path)
        share = None
        if per_commit is not None:
            total = sum(per_commit.values())
            share = round(sum(n * weights.get(sha, 1.0) for sha, n in per_commit.items() if sha in ai) / total,
                          4) if total else 0.0
        evidence: list[AiSignal] = []
        if shas:
            evidence.append(AiSignal("disclosed commits", 1.0,
                                     f"{len(shas)} AI-attributed commit(s) changed this file: {', '.join(tools)} "
                                     f"(evidence: {', '.join(sorted({e.kind for sha in shas for e in attributions[sha].evidence}))})",
                                     tuple(sorted(shas, key=lambda s: s)[:10])))
        if share is not None:
            evidence.append(AiSignal("surviving AI lines", 1.0 if share > 0 else 0.0,
                                     f"at least {100 * share:.0f}% of the current lines were last changed by "
                                     "AI-attributed commits (git blame)"))
        style = None
        wants_style = record.sloc >= MIN_SLOC and _wants_style(record)
        if share:
            label, confidence = AiLabel.DISCLOSED, Confidence.HIGH
        elif record.sloc < MIN_SLOC:
            label, confidence = AiLabel.INSUFFICIENT, Confidence.LOW
        else:
            label, confidence = AiLabel.NONE, Confidence.LOW
        if wants_style and shas:
            text = read_text(record.blob)
            if text:
                evidence.extend(observe(text))
        elif wants_style:
            features = styles.features(record.blob, added_with.get(record.path, 1))  # cached by blob
            if features is not None:
                result = score(features, model)
                style = result.score
                label, confidence = label_for(result, model)
                evidence.extend(style_evidence(features, result, model))
        outcome[record.path] = FileAi(label, confidence, style, len(shas), tuple(tools), share, tuple(evidence))
        if stop():
            raise ScanCancelled()
    styles.save()
    return AiOutcome(attributions, outcome, style_reliable=model.meets_target,
                     recorded_lines={sha: r.ai_lines for sha, r in recorded.items()} if provenance is not None else None)


def _files_added_with(commits: Sequence[Commit], changes: Sequence[FileChange]) -> dict[str, int]:
    """file -> how many files the commit that created it added at once (the "shape" style signal).

    A file's creating commit is its oldest change in the scanned history (for a
    shallow clone, the oldest one visible).
    """
    order = {c.sha: (c.committer_date, i) for i, c in enumerate(commits)}
    first: dict[str, tuple[tuple[int, int], str]] = {}
    for change in changes:
        key = order.get(change.sha)
        if key is None or change.binary or analyzer_for(language_for(change.file)) is None:
            continue
        known = first.get(change.file)
        if known is None or key < known[0]:
            first[change.file] = (key, change.sha)
    per_commit: dict[str, int] = {}
    for _, sha in first.values():
        per_commit[sha] = per_commit.get(sha, 0) + 1
    return {path: per_commit[sha] for path, (_, sha) in first.items()}


def _wants_style(record: FileRecord) -> bool:
    return record.sloc <= 20_000


def _blame_counts(repo: str, rev: str, records: list[FileRecord], cache: Cache | None, jobs: int,
                  stop: Callable[[], bool], git_ai: dict[str, GitAiNote] | None = None,
                  notes_digest: str = "", line_tally: Callable[[str], dict[str, int] | None] | None = None,
                  ) -> Generator[Progress, None, dict[str, dict[str, int]]]:
    """path -> {commit sha: lines it last changed}, from the cache or ``git blame``.

    Where the commit has a Git AI note covering the line's file, only the lines
    the note attests as agent-written count for the commit; its other lines are
    tallied under ``sha + HUMAN_BY_NOTE``.
    """
    git_ai = git_ai or {}
    counts: dict[str, dict[str, int]] = {}
    missing: list[FileRecord] = []
    for record in records:
        tally = line_tally(record.path) if line_tally is not None else None
        if tally is not None and not any(sha in git_ai for sha in tally):
            counts[record.path] = tally  # line provenance: the same origins, no blame pass
            continue
        cached = cache.get_json(BLAME_NAMESPACE, _blame_key(record, notes_digest)) if cache is not None else None
        if cached is not None:
            counts[record.path] = cached
        else:
            missing.append(record)
    if not missing:
        return counts

    def run(record: FileRecord) -> tuple[FileRecord, dict[str, int] | None]:
        if stop():
            return record, None
        origins = blame_origins(repo, rev, record.path)
        if origins is None:
            return record, None
        tally: dict[str, int] = {}
        for sha, line, path in origins:
            note = git_ai.get(sha)
            if note is not None and note.says_ai(path, line) is False:
                sha += HUMAN_BY_NOTE
            tally[sha] = tally.get(sha, 0) + 1
        return record, tally

    done = len(counts)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for record, tally in pool.map(run, missing):
            done += 1
            if stop():
                raise ScanCancelled()
            if tally is not None:
                counts[record.path] = tally
                if cache is not None:
                    cache.put_json(BLAME_NAMESPACE, _blame_key(record, notes_digest), tally)
            if done % 10 == 0:
                yield Progress(Phase.ATTRIBUTION, done, len(records), "blaming files touched by AI commits")
    return counts
