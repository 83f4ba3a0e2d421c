"""core.folders and core.marks: one folder tree with totals, one rule for "AI-marked" and "hotspot"."""

from __future__ import annotations

from dataclasses import replace

from debt_explorer.core.folders import Folder, build_folders, folder_tree
from debt_explorer.core.marks import AI_MARKED, hotspot_threshold, is_ai_marked, is_hotspot
from debt_explorer.core.models import FileAi
from debt_explorer.core.options import ScanOptions
from gitrepo import RepoBuilder
from scanhelp import build_history, scan


def test_folder_totals_and_marks_on_a_real_scan(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    result = scan(repo_builder.path, hotspot_threshold=0.5)
    engine, feature = result.file("app/engine.py"), result.file("app/feature.js")
    assert hotspot_threshold(result) == 0.5 and hotspot_threshold() == ScanOptions().hotspot_threshold == 0.64
    root = folder_tree(result)
    assert (root.path, [c.path for c in root.folders]) == ("", ["app"])
    app = root.folders[0]
    assert sorted(c.path for c in app.children) == ["app/engine.py", "app/feature.js"]
    assert (app.files, app.sloc, app.complexity, app.churn) == (
        2, engine.sloc + feature.sloc, engine.complexity + feature.complexity, engine.churn + feature.churn)
    assert app.hotspots == sum(f.hotspot_score >= 0.5 for f in (engine, feature))
    size = max(engine.sloc, 1) + max(feature.sloc, 1)
    assert app.size == root.size == size
    assert abs(app.hot - (engine.hotspot_score * max(engine.sloc, 1)
                          + feature.hotspot_score * max(feature.sloc, 1)) / size) < 1e-12
    assert app.ai == 0.0 and app.ai_marked == 0


def test_ai_marked_is_disclosed_or_likely(repo_builder: RepoBuilder) -> None:
    build_history(repo_builder)
    result = scan(repo_builder.path)
    record = result.file("app/engine.py")
    assert AI_MARKED == {"disclosed", "likely"}
    marks = {}
    for label in ("disclosed", "likely", "possible"):
        marked = replace(record, ai=FileAi(label, "low", None, 0, (), None))
        marks[label] = is_ai_marked(marked)
        tree = build_folders([marked], 0.64)
        assert isinstance(tree.folders[0], Folder) and tree.folders[0].ai_marked == int(marks[label])
    assert marks == {"disclosed": True, "likely": True, "possible": False}
    assert is_hotspot(replace(record, hotspot_score=0.64), 0.64) and not is_hotspot(
        replace(record, hotspot_score=0.63), 0.64)
