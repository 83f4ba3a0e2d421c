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


def test_unknown_cognitive_complexity_is_blank_not_zero(repo_builder: RepoBuilder) -> None:
    """A language only lizard measures has no cognitive complexity: blank in the CSV and table, null in JSON."""
    import csv
    import io

    from debt_explorer.core.export import file_to_json, write_files_csv
    from scanhelp import ALICE, scan

    repo_builder.write("app/main.kt", "fun f(a: Int): Int {\n    if (a > 1) { return 1 }\n    return 0\n}\n")
    repo_builder.write("app/ok.py", "def g(a):\n    if a:\n        return 1\n    return 0\n")
    repo_builder.commit("two languages", "2024-02-01T10:00:00+00:00", ALICE)
    result = scan(repo_builder.path, use_cache=False)
    kotlin, python = result.file("app/main.kt"), result.file("app/ok.py")
    assert kotlin is not None and python is not None
    assert (kotlin.complexity, kotlin.cognitive, kotlin.max_cognitive) == (2, None, None)
    assert (python.cognitive, python.max_cognitive) == (1, 1)
    assert file_to_json(kotlin)["cognitive"] is None
    stream = io.StringIO()
    write_files_csv(result, stream)
    rows = {row["path"]: row for row in csv.DictReader(io.StringIO(stream.getvalue()))}
    assert (rows["app/main.kt"]["cognitive"], rows["app/main.kt"]["max_cognitive"]) == ("", "")
    assert rows["app/ok.py"]["cognitive"] == "1"
