"""Cognitive complexity travels from the analyzers to the file records, the JSON and the CSV."""

from __future__ import annotations

from gitrepo import RepoBuilder
from scanhelp import build_history


def test_cognitive_complexity_in_json_and_csv(repo_builder: RepoBuilder, tmp_path) -> None:
    import csv
    import io

    from debt_explorer.core.export import file_to_json, write_files_csv
    from scanhelp import scan

    build_history(repo_builder)
    result = scan(repo_builder.path, use_cache=False)
    engine = result.file("app/engine.py")
    assert engine is not None and engine.cognitive > 0
    assert engine.cognitive == sum(f.cognitive for f in result.functions["app/engine.py"])
    assert file_to_json(engine)["cognitive"] == engine.cognitive
    stream = io.StringIO()
    write_files_csv(result, stream)
    rows = {row["path"]: row for row in csv.DictReader(io.StringIO(stream.getvalue()))}
    assert int(rows["app/engine.py"]["cognitive"]) == engine.cognitive
    assert int(rows["app/engine.py"]["max_cognitive"]) == engine.max_cognitive
