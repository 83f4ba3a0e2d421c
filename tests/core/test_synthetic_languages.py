"""Generated code in every tree-sitter language has exactly the complexity its shape says."""

from __future__ import annotations

import lizard
import pytest

from debt_explorer.core.metrics import analyze_blob
from debt_explorer.core.synthetic import EXTENSIONS
from debt_explorer.core.synthetic_code import render

SHAPE = [0, 1, 3, 7]


@pytest.mark.parametrize("language", ["TypeScript", "JavaScript", "Rust", "Go", "Java", "C#"])
def test_generated_code_has_its_shape_complexity(language: str) -> None:
    path = f"src/core/module_00001.{EXTENSIONS[language]}"
    text = render(path, language, SHAPE, revision=3)
    metrics = analyze_blob(path, text.encode())
    assert metrics.parsed and metrics.reason is None
    assert metrics.cognitive > 0  # tree-sitter read it: lizard, the fallback, knows no cognitive complexity
    assert [f.complexity for f in metrics.function_list] == [b + 1 for b in SHAPE]
    reference = lizard.analyze_file.analyze_source_code(path, text).function_list
    assert [f.cyclomatic_complexity for f in reference] == [b + 1 for b in SHAPE]


def test_generated_history_can_mix_the_new_languages(tmp_path) -> None:
    from debt_explorer.core.synthetic import generate_history
    from scanhelp import scan

    generated = generate_history(tmp_path / "poly", commits=60, files=30, checkout=False,
                                 languages=("TypeScript", "Rust", "Java"))
    result = scan(generated.path, use_cache=False)
    assert {f.language for f in result.files} == {"TypeScript", "Rust", "Java"}
    assert all(f.parsed and f.complexity > 0 for f in result.files)
