"""Style features on known texts, the shipped model's rules, and style scores in a real scan."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

import pytest
from gitrepo import RepoBuilder
from scanhelp import ALICE, scan

from debt_explorer.core.ai.style import FEATURES, extract
from debt_explorer.core.ai.style_model import StyleScore, evidence, label_for, load_model, score

CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"

HUMAN = """import os

def load(path):  
    # TODO(ana): handle missing files
    data = open(path).read()
    # print(data)
    if not data:
        print('debug: empty', path)
        return None
    return data.split("\\n")

def save(path, rows):
    # quick hack, fixme later
    with open(path, 'w') as fh:
        fh.write("\\n".join(rows))
    x = 1
    return x

def count(rows):
    total = 0
    for row in rows:
        total += len(row)
    return total
"""

GENERATED = """import os
DEFAULT_ENCODING = "utf-8"


def load_configuration_file(configuration_path):
    \"\"\"Load the configuration file and return its lines.\"\"\"
    # Check if the configuration file exists
    if not os.path.exists(configuration_path):
        return None
    # Read the configuration content
    with open(configuration_path) as configuration_file:
        configuration_content = configuration_file.read()
    return configuration_content.splitlines()


# Example usage
if __name__ == "__main__":
    API_KEY = "your_api_key_here"
    print(load_configuration_file("settings.ini"))  # \u2705 done
"""


def test_features_on_a_human_file() -> None:
    found = extract(HUMAN, files_added_with_it=3)
    assert found is not None
    values = found.values
    assert list(values) == list(FEATURES)
    assert values["trailing_whitespace"] == pytest.approx(1 / 23)
    assert values["personal_todo"] == 1.0 and found.locations["personal_todo"] == (4,)
    assert values["debug_prints"] == 1.0 and found.locations["debug_prints"] == (8,)
    assert values["commented_out_code"] == pytest.approx(1 / 3)  # "# print(data)" of three comments
    assert values["lowercase_comments"] == pytest.approx(2 / 3)  # not "TODO(ana): ..."
    assert values["mixed_quotes"] == pytest.approx(0.5)  # two single-quoted, two double-quoted literals
    assert values["example_usage"] == 0.0 and values["emoji"] == 0.0
    assert values["files_added_with_it"] == pytest.approx(1.3863, abs=1e-4)  # log1p(3)


def test_features_on_generated_looking_code() -> None:
    found = extract(GENERATED)
    assert found is not None
    values = found.values
    assert values["example_usage"] == 1.0 and found.locations["example_usage"] == (16, 17)
    assert values["placeholder_secret"] == 1.0 and found.locations["placeholder_secret"] == (18,)
    assert values["emoji"] == 1.0 and found.locations["emoji"] == (19,)
    assert values["step_comments"] == pytest.approx(2 / 3)  # "# Check if", "# Read the"; not "# Example usage"
    assert values["docstrings_per_definition"] == 1.0
    assert values["identifier_length"] > extract(HUMAN).values["identifier_length"]
    assert values["personal_todo"] == 0.0 and values["trailing_whitespace"] == 0.0


def test_short_files_have_no_features() -> None:
    assert extract("x = 1\n" * 14) is None
    assert extract("x = 1\n" * 15) is not None


def test_shipped_model_matches_the_features_and_its_evaluation() -> None:
    raw = json.loads(resources.files("debt_explorer.core.ai").joinpath("style_model.json").read_text())
    model = load_model()
    assert model.features == tuple(FEATURES)
    assert len(model.weights) == len(model.mean) == len(model.std) == len(FEATURES)
    # the label rules follow the recorded evaluation, never a hand-set switch
    assert model.allow_likely == (raw["evaluation"]["held_out_auc"] >= 0.75
                                  and raw["evaluation"]["mean_repository_auc"] >= 0.75)
    assert 0 < model.possible <= model.likely < 1
    assert f"{model.held_out_auc:.2f}" in model.summary()


def test_label_rules() -> None:
    model = load_model()
    high = StyleScore(0.99, {}, ("formatting", "leftovers"))
    label, confidence = label_for(high, model)
    if model.allow_likely:
        assert (label, confidence) == ("likely", "medium")
    else:
        assert label == ("possible" if model.allow_possible else "none") and confidence == "low"
    assert label_for(StyleScore(0.0, {}, ()), model) == ("none", "low")
    strong = replace(model, allow_likely=True, allow_possible=True)
    assert label_for(StyleScore(0.99, {}, ("formatting", "leftovers")), strong) == ("likely", "medium")
    assert label_for(StyleScore(0.99, {}, ("leftovers",)), strong) == ("likely", "low")  # one group is not agreement
    weak = replace(model, allow_likely=False, allow_possible=False)
    assert label_for(high, weak) == ("none", "low")


def test_evidence_lists_both_directions_with_lines() -> None:
    found = extract(GENERATED)
    result = score(found)
    signals = evidence(found, result)
    assert signals[0].signal == "style score" and signals[0].weight == pytest.approx(result.score, abs=1e-3)
    assert "ROC AUC" in signals[0].detail
    for signal in signals[1:]:
        assert signal.detail.startswith("toward AI" if signal.weight > 0 else "toward a human")
    strongest = max(result.contributions, key=lambda k: abs(result.contributions[k]))
    assert signals[1].signal == strongest.replace("_", " ")
    assert 0.0 <= result.score <= 1.0


def test_scan_scores_only_files_without_disclosed_traces(repo_builder: RepoBuilder) -> None:
    repo_builder.write("human.py", HUMAN)
    repo_builder.write("tiny.py", "X = 1\n")
    repo_builder.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    repo_builder.write("assistant.py", GENERATED)
    repo_builder.commit("Add loader" + CLAUDE, "2024-02-10T12:00:00+00:00", ALICE)
    result = scan(repo_builder.path)
    human, assistant, tiny = result.file("human.py"), result.file("assistant.py"), result.file("tiny.py")
    assert assistant.ai.label == "disclosed" and assistant.ai.style_score is None
    assert human.ai.style_score == score(extract(HUMAN, files_added_with_it=2)).score  # two code files added at once
    assert human.ai.evidence[0].signal == "style score"
    assert human.ai.label in ("none", "possible") and human.ai.confidence == "low"
    assert tiny.ai.label == "insufficient" and tiny.ai.style_score is None


def test_style_features_over_the_time_budget_are_given_up_not_retried(repo_builder: RepoBuilder,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Style features are extracted beside the file's metrics, under the same per-file budget: a file whose
    extraction spends it is scored on nothing, and the scan's own thread does not try again without a budget."""
    from debt_explorer.core.ai import style_cache

    calls: list[int] = []

    def endless(text: str, added: int = 1) -> None:
        calls.append(1)
        while True:
            pass

    repo_builder.write("human.py", HUMAN)
    repo_builder.commit("start", "2024-01-10T12:00:00+00:00", ALICE)
    monkeypatch.setattr(style_cache, "extract", endless)
    result = scan(repo_builder.path, file_timeout=0.3)
    human = result.file("human.py")
    assert len(calls) == 1  # in the metric pass only
    assert human.parsed and human.functions == 3  # the metrics themselves are kept
    assert human.ai.style_score is None and human.ai.label == "none"
