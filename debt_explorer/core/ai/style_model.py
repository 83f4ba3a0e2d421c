"""The fitted style model: a logistic regression shipped as ``style_model.json``.

``benchmarks/ai_eval.py --write-model`` fits it on labelled real histories
(files added by AI-attributed commits vs. files from before 2021-06-29) and
writes the weights together with the thresholds, the held-out figures and
which labels those figures allow.  Nothing here is set by hand: a label the
evaluation does not support (``likely`` below ROC AUC 0.75 on repositories the
model was not fitted on) is never emitted.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from debt_explorer.core.ai.labels import AiLabel, Confidence
from debt_explorer.core.ai.style import DESCRIPTIONS, StyleFeatures
from debt_explorer.core.models import AiSignal

#: A group "points toward AI" when its summed contribution (in log-odds) is at least this.
GROUP_AGREEMENT = 0.25


@dataclass(frozen=True)
class StyleModel:
    features: tuple[str, ...]
    groups: dict[str, str]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    possible: float
    likely: float
    allow_possible: bool
    allow_likely: bool
    held_out_auc: float
    mean_repository_auc: float
    evaluation: dict[str, Any]
    possible_fpr: float

    @property
    def meets_target(self) -> bool:
        return self.allow_likely

    def summary(self) -> str:
        """One sentence on how far the score can be trusted, for tooltips and evidence."""
        head = (f"Style score: ROC AUC {self.held_out_auc:.2f} on repositories it was not fitted on "
                f"({self.mean_repository_auc:.2f} averaged per repository); ")
        if self.meets_target:
            return head + "it meets the target (ROC AUC >= 0.75)."
        if self.allow_possible:
            return (head + "it is weak: below the 0.75 target, so `likely` is never used.  "
                    f"`possible` (score >= {self.possible:.2f}) also marks {self.possible_fpr:.0%} of files "
                    f"written before 2021 (false positives; {self.fpr_range()} per repository).")
        return (head + "that is close to chance, so neither `likely` nor `possible` is used: the score is "
                "shown for reference, never as a finding.")

    def fpr_range(self) -> str:
        rates = [r["fpr_possible"] for r in self.evaluation.get("repositories", {}).values() if "fpr_possible" in r]
        return f"{min(rates):.0%}-{max(rates):.0%}" if rates else "unmeasured"


@dataclass(frozen=True)
class StyleScore:
    score: float
    contributions: dict[str, float]  # feature -> signed log-odds contribution
    groups_toward_ai: tuple[str, ...]


def _model_text() -> str:
    return resources.files("debt_explorer.core.ai").joinpath("style_model.json").read_text("utf-8")


@lru_cache(maxsize=1)
def model_digest() -> str:
    """Identifies the shipped weights (part of the whole-result cache key: a refit re-scores files)."""
    return hashlib.sha1(_model_text().encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def load_model() -> StyleModel:
    raw = json.loads(_model_text())
    evaluation = raw["evaluation"]
    return StyleModel(tuple(raw["features"]), dict(raw["groups"]), tuple(raw["mean"]), tuple(raw["std"]),
                      tuple(raw["weights"]), float(raw["bias"]), float(raw["thresholds"]["possible"]),
                      float(raw["thresholds"]["likely"]), bool(raw["labels_allowed"]["possible"]),
                      bool(raw["labels_allowed"]["likely"]), float(evaluation["held_out_auc"]),
                      float(evaluation["mean_repository_auc"]), evaluation,
                      float(raw.get("threshold_fpr", {}).get("possible", 0.2)))


def score(features: StyleFeatures, model: StyleModel | None = None) -> StyleScore:
    model = model or load_model()
    contributions = {}
    for name, mean, std, weight in zip(model.features, model.mean, model.std, model.weights):
        contributions[name] = weight * (features.values.get(name, mean) - mean) / (std or 1.0)
    logit = model.bias + sum(contributions.values())
    probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
    per_group: dict[str, float] = {}
    for name, value in contributions.items():
        per_group[model.groups[name]] = per_group.get(model.groups[name], 0.0) + value
    toward = tuple(sorted(group for group, total in per_group.items() if total >= GROUP_AGREEMENT))
    return StyleScore(round(probability, 4), contributions, toward)


def label_for(result: StyleScore, model: StyleModel | None = None) -> tuple[AiLabel, Confidence]:
    """(label, confidence) for a file with no disclosed evidence.

    Confidence is never high without disclosed evidence; medium only when two
    independent signal groups point toward AI *and* the model meets its target.
    """
    model = model or load_model()
    if model.allow_likely and result.score >= model.likely:
        label = AiLabel.LIKELY
    elif model.allow_possible and result.score >= model.possible:
        label = AiLabel.POSSIBLE
    else:
        return AiLabel.NONE, Confidence.LOW
    confidence = Confidence.MEDIUM if model.meets_target and len(result.groups_toward_ai) >= 2 else Confidence.LOW
    return label, confidence


def evidence(features: StyleFeatures, result: StyleScore, model: StyleModel | None = None,
             top: int = 6) -> list[AiSignal]:
    """The strongest contributions both ways, and every signal found at specific lines, with values and lines."""
    model = model or load_model()
    ranked = sorted(result.contributions.items(), key=lambda item: -abs(item[1]))
    signals = [AiSignal("style score", round(result.score, 3), model.summary())]
    for position, (name, contribution) in enumerate(ranked):
        located = bool(features.locations.get(name))
        # the strongest contributions, plus every signal found at specific lines (a reviewer can check those)
        if abs(contribution) < 0.01 or (position >= top and not located) or (abs(contribution) < 0.05 and not located):
            continue
        direction = "toward AI" if contribution > 0 else "toward a human"
        value = features.values[name]
        signals.append(AiSignal(
            name.replace("_", " "), round(contribution, 3),
            f"{direction} ({model.groups[name]}): {DESCRIPTIONS[name]} = {value:.3g}",
            tuple(str(n) for n in features.locations.get(name, ())[:10])))
    return signals
