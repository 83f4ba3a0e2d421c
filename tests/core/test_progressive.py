"""The first useful result (the ref's hotspots) arrives before the periods and AI attribution."""

from __future__ import annotations

from debt_explorer.core.models import Phase
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
from gitrepo import RepoBuilder
from scanhelp import build_history


def _fields(record):  # noqa: ANN001, ANN202
    return (record.path, record.blob, record.sloc, record.complexity, record.cognitive, record.revisions,
            record.churn, record.authors, record.window_revisions, record.hotspot_score, record.hotspot_rank)


def test_partial_result_comes_first_and_matches_the_final_one(repo_builder: RepoBuilder, tmp_path) -> None:
    build_history(repo_builder)
    events = []
    generator = run_scan(str(repo_builder.path), ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache")))
    try:
        while True:
            events.append(next(generator))
    except StopIteration as stop:
        final = stop.value
    partial_at = [index for index, progress in enumerate(events) if progress.partial is not None]
    assert len(partial_at) == 1
    partial = events[partial_at[0]].partial
    later_phases = {progress.phase for progress in events[partial_at[0] + 1:]}
    earlier_phases = {progress.phase for progress in events[:partial_at[0]]}
    assert Phase.AGGREGATE in later_phases and Phase.AGGREGATE not in earlier_phases
    assert Phase.ATTRIBUTION not in earlier_phases
    assert partial.periods == () and final.periods
    assert all(record.ai is None for record in partial.files)
    assert [_fields(r) for r in partial.files] == [_fields(r) for r in final.files]
    assert partial.functions == final.functions
    assert partial.repo == final.repo


def test_cli_progressive_prints_the_first_result_before_the_summary(repo_builder: RepoBuilder, tmp_path,
                                                                     capsys) -> None:
    from debt_explorer.cli import main

    build_history(repo_builder)
    code = main(["scan", str(repo_builder.path), "--progressive", "--quiet", "--jobs", "1",
                 "--cache-dir", str(tmp_path / "cache")])
    out = capsys.readouterr().out
    assert code == 0
    first = out.index("First result")
    assert first < out.index("Top ", first) < out.index("Per quarter")
    assert out.count("Per quarter") == 1 and out.count("hotspots (last") == 2 and out.count("app/engine.py") >= 2

