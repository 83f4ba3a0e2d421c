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



def test_a_long_history_shows_the_window_first(repo_builder: RepoBuilder, tmp_path, monkeypatch) -> None:
    """While the whole history is still read, the first result comes from the hotspot window's commits."""
    import threading

    from debt_explorer.core import git_history, history_reader

    for month in range(1, 13):  # twelve old commits, then three in the last year
        repo_builder.write("app/old.py", "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(month)))
        repo_builder.commit(f"old {month}", f"2021-{month:02d}-10T12:00:00+00:00")
    for day, body in ((5, "if x:\n        return 1\n"), (6, "while x:\n        x -= 1\n"), (7, "pass\n")):
        repo_builder.write("app/new.py", f"def g(x):\n    {body}")
        repo_builder.commit(f"new {day}", f"2024-03-{day:02d}T12:00:00+00:00")
    monkeypatch.setattr(history_reader, "QUICK_HISTORY_COMMITS", 1)
    released = threading.Event()
    real = git_history.read_commits

    def slow_whole_history(repo, shas, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if len(shas) > 3:
            released.wait(10)  # the whole history is read only once the first result is out
        return (yield from real(repo, shas, *args, **kwargs))

    monkeypatch.setattr(git_history, "read_commits", slow_whole_history)
    events = []
    generator = run_scan(str(repo_builder.path), ScanOptions(jobs=1, window_months=12, lines=False,
                                                             cache_dir=str(tmp_path / "cache")))
    try:
        while True:
            events.append(next(generator))
            if events[-1].partial is not None:
                released.set()
    except StopIteration as stop:
        final = stop.value
    partials = [progress.partial for progress in events if progress.partial is not None]
    assert len(partials) == 1
    first = partials[0]
    assert first.repo.commits_scanned == 3 and final.repo.commits_scanned == 15
    assert any(w.startswith("first result from the last 12 months of history (3 of 15 commits)")
               for w in first.warnings)
    assert not any(w.startswith("first result") for w in final.warnings)
    window = {r.path: (r.window_revisions, r.hotspot_rank) for r in first.files}
    assert window == {r.path: (r.window_revisions, r.hotspot_rank) for r in final.files}
    assert window["app/new.py"][0] == 3 and window["app/old.py"][0] == 0
    assert {r.path: r.revisions for r in first.files} == {"app/new.py": 3, "app/old.py": 0}
    assert {r.path: r.revisions for r in final.files} == {"app/new.py": 3, "app/old.py": 12}
