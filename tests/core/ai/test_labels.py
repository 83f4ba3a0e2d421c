"""AI labels and confidences are enums whose values are the words users and files have always seen."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, replace

import pytest

from debt_explorer.core.ai.labels import AI_MARKED, AiLabel, CommitKind, Confidence, EvidenceKind
from debt_explorer.core.ai.traces import PATTERNS
from debt_explorer.core.models import CommitAttribution, Evidence, FileAi


def _file_ai(label: str, confidence: str) -> FileAi:
    return FileAi(label, confidence, 0.5, 0, (), None)  # plain strings, as older code and readers pass them


def test_plain_strings_become_members_and_stay_equal_to_their_text() -> None:
    ai = _file_ai("likely", "medium")
    assert ai.label is AiLabel.LIKELY and ai.confidence is Confidence.MEDIUM
    assert ai.label == "likely" and {"likely": 1}[ai.label] == 1
    assert f"{ai.label}/{ai.confidence}" == "likely/medium"


def test_an_unknown_label_is_refused_with_its_value_named() -> None:
    with pytest.raises(ValueError, match="'probably'"):
        _file_ai("probably", "low")


def test_json_and_csv_keep_the_same_text() -> None:
    ai = _file_ai("disclosed", "high")
    assert json.loads(json.dumps(asdict(ai)))["label"] == "disclosed"
    out = io.StringIO()
    csv.writer(out).writerow([ai.label, ai.confidence])
    assert out.getvalue().strip() == "disclosed,high"


def test_ai_marked_means_disclosed_or_likely() -> None:
    assert AI_MARKED == {AiLabel.DISCLOSED, AiLabel.LIKELY}
    assert [label.value for label in AiLabel if label.marked] == ["disclosed", "likely"]


def test_commit_and_evidence_kinds_are_members_and_export_as_their_text() -> None:
    attribution = CommitAttribution("a" * 40, "ai", ("Claude",), (Evidence("trailer", "Co-Authored-By: Claude"),))
    assert attribution.kind is CommitKind.AI and attribution.evidence[0].kind is EvidenceKind.TRAILER
    assert json.loads(json.dumps(asdict(attribution)))["evidence"][0]["kind"] == "trailer"
    assert replace(attribution, kind="bot").kind is CommitKind.BOT
    with pytest.raises(ValueError, match="'robot'"):
        CommitAttribution("a" * 40, "robot")


def test_every_trace_pattern_names_a_known_evidence_kind() -> None:
    assert {pattern.kind for pattern in PATTERNS} <= set(EvidenceKind)
    assert all(type(pattern.kind) is EvidenceKind for pattern in PATTERNS)
