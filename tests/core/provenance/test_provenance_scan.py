"""Line-provenance figures in a scan: exact rework splits, cohorts, survival, ownership, truck factor."""

from __future__ import annotations

from scanhelp import scan
from gitrepo import RepoBuilder

ANN = ("Ann Lee", "ann@example.com")
BEN = ("Ben Roe", "ben@example.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"


def lines(*names: str) -> str:
    return "".join(f"{name} = '{name}'\n" for name in names)


H = [f"h{i}" for i in range(1, 11)]
A = [f"a{i}" for i in range(1, 7)]


def build(repo: RepoBuilder) -> dict[str, str]:
    shas = {}
    repo.write("pkg/a.py", lines(*H))
    repo.write("README.md", "# doc\n")
    shas["create"] = repo.commit("create", "2024-01-10T12:00:00+00:00", ANN)
    repo.write("pkg/a.py", lines(*H, "b1", "b2"))
    shas["bot"] = repo.commit("bump", "2024-02-10T12:00:00+00:00", BOT)
    repo.write("pkg/a.py", lines(*H[:5], *A, *H[5:], "b1", "b2"))
    shas["ai"] = repo.commit("add a" + CLAUDE, "2024-04-10T12:00:00+00:00", ANN)
    repo.write("pkg/a.py", lines("h3", "h4", "h5", "x1", "x2", "a5", "a6", *H[5:], "b1", "b2"))
    shas["rewrite"] = repo.commit("rewrite AI lines", "2024-07-10T12:00:00+00:00", BEN)
    repo.write("pkg/a.py", lines("h4", "h5", "x2", "a5", "a6", *H[5:]))
    repo.write("README.md", "# doc\nmore\n")
    shas["trim"] = repo.commit("trim", "2024-10-10T12:00:00+00:00", BEN)
    return shas


def test_rework_by_origin_is_exact_and_sums_to_deleted_lines(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    by = {p.period: p for p in result.periods}
    assert [p.period for p in result.periods] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    q3, q4 = by["2024Q3"], by["2024Q4"]
    # Q3 removed a1..a4 (AI, Q2) and h1, h2 (human, Q1 = two periods back: recent)
    assert (q3.rework_lines, q3.rework_ai_lines, q3.rework_recent_lines, q3.rework_old_lines,
            q3.rework_bot_lines) == (6, 4, 2, 0, 0)
    assert q3.ai_rework_share == round(4 / 6, 4)
    # Q4 removed h3 (Q1: old), x1 (Q3: recent), b1, b2 (bot)
    assert (q4.rework_lines, q4.rework_ai_lines, q4.rework_recent_lines, q4.rework_old_lines,
            q4.rework_bot_lines) == (4, 0, 1, 1, 2)
    for period in result.periods:
        parts = (period.rework_ai_lines + period.rework_recent_lines + period.rework_old_lines
                 + period.rework_bot_lines)
        assert parts == period.rework_lines == period.deleted
    assert by["2024Q1"].rework_lines == 0 and by["2024Q1"].ai_rework_share is None


def test_cohorts_ai_lines_and_survival(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    by = {p.period: p for p in result.periods}
    assert by["2024Q1"].lines_alive_by_cohort == {"2024": 12}
    assert (by["2024Q2"].ai_lines_alive, by["2024Q2"].ai_lines_alive_share) == (6, round(6 / 18, 4))
    assert (by["2024Q3"].ai_lines_alive, by["2024Q4"].ai_lines_alive) == (2, 2)
    assert by["2024Q4"].lines_alive_by_cohort == {"2024": 10}
    survival = result.survival
    assert survival is not None and survival.ai is not None
    assert survival.ai.lines == 6
    assert survival.ai.alive_after[1] == round(2 / 6, 4) and survival.ai.measured_lines[1] == 6
    assert survival.ai.alive_after[2] == round(2 / 6, 4)
    assert survival.ai.alive_after[8] is None and survival.ai.measured_lines[8] == 0
    assert survival.ai.median_lifetime_periods == 1
    # other lines: 12 written in Q1 (all alive at the end of Q2), x1 and x2 in Q3 (x2 alive at the end of Q4)
    assert survival.other.lines == 14
    assert survival.other.alive_after[1] == round(13 / 14, 4)
    assert survival.other.median_lifetime_periods is None


def test_file_ownership_age_and_truck_factor(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    origins = result.file("pkg/a.py").line_origins
    assert origins is not None
    assert origins.lines == 10
    assert [(o.author, o.lines, o.share) for o in origins.owners] == [("Ann Lee", 9, 0.9), ("Ben Roe", 1, 0.1)]
    assert (origins.main_author, origins.main_author_share) == ("Ann Lee", 0.9)
    assert origins.ai_line_share == 0.2 and origins.ai_lines == 2 and origins.bot_lines == 0
    assert origins.knowledge_loss_share == 0.0
    # 7 lines from 2024-01-10, 2 from 2024-04-10, 1 from 2024-07-10, measured at 2024-10-10
    assert origins.median_age_days == 274.0
    assert origins.age_bands == (0, 10, 0, 0)  # the newest line is 92 days old
    truck = result.truck_factors[""]
    assert (truck.truck_factor, truck.authors, truck.files) == (1, ("Ann Lee",), 1)
    assert result.truck_factors["pkg"].truck_factor == 1


def test_knowledge_loss_counts_lines_of_authors_gone_quiet(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path, window_months=5)  # Ann's last commit (2024-04-10) is more than 5 months old
    assert result.file("pkg/a.py").line_origins.knowledge_loss_share == 0.9


def test_incremental_scan_continues_from_the_stored_state(tmp_path, monkeypatch) -> None:
    from debt_explorer.core.provenance import runner

    bases = []
    real_trace = runner.trace

    def spy(*args, **kwargs):  # noqa: ANN002,ANN003,ANN202
        bases.append(kwargs.get("base"))
        return real_trace(*args, **kwargs)

    monkeypatch.setattr(runner, "trace", spy)
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    cache = tmp_path / "cache"
    scan(repo.path, cache_dir=str(cache))
    repo.git("branch", "side", "HEAD~1")  # a fork point before the stored head
    repo.checkout("side")
    repo.write("pkg/a.py", lines("h3", "h4", "h5", "x1", "x2", "a5", "a6", "side", *H[5:], "b1", "b2"))
    repo.commit("side edit", "2024-11-01T12:00:00+00:00", BEN)
    repo.checkout("main")
    repo.write("pkg/b.py", lines("n1", "n2"))
    repo.commit("new file", "2024-11-02T12:00:00+00:00", ANN)
    repo.merge("side", "merge side", "2024-11-03T12:00:00+00:00", ANN)
    warm = scan(repo.path, cache_dir=str(cache))
    assert bases[0] is None and bases[1] is not None  # the second pass continued from the stored state
    assert len(bases[1].commits) == 8  # five stored commits + three new
    cold = scan(repo.path, use_cache=False)
    assert [p for p in warm.periods] == [p for p in cold.periods]
    assert [f.line_origins for f in warm.files] == [f.line_origins for f in cold.files]
    assert warm.survival == cold.survival


def test_disclosed_line_share_comes_from_line_provenance_without_a_blame_pass(tmp_path, monkeypatch) -> None:
    from debt_explorer.core.ai import attribution

    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    with_blame = scan(repo.path, lines=False, use_cache=False)
    assert with_blame.file("pkg/a.py").ai.disclosed_line_share == 0.2
    assert with_blame.survival is None and with_blame.periods[0].rework_lines is None

    def no_blame(*args: object) -> None:
        raise AssertionError("git blame ran although line provenance knows the origins")

    monkeypatch.setattr(attribution, "blame_origins", no_blame)
    result = scan(repo.path, use_cache=False)
    assert result.file("pkg/a.py").ai.disclosed_line_share == 0.2
    assert result.file("pkg/a.py").line_origins.ai_line_share == 0.2


def test_retrospective_says_how_much_rework_removed_ai_written_lines(tmp_path) -> None:
    from debt_explorer.core.retro import compare_periods

    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    retro = compare_periods(result, "2024Q3", "2024Q4")
    assert ("0% of the lines reworked in 2024Q4 had been written by AI-attributed commits (0 of 4; 1 other recent, "
            "1 older), down from 67% in 2024Q3.") in retro.findings


def test_a_failing_pass_costs_its_figures_with_a_warning_not_the_scan(tmp_path, monkeypatch) -> None:
    from debt_explorer.core.gitsafe import GitError
    from debt_explorer.core.provenance import runner

    def broken(*args, **kwargs):  # noqa: ANN002,ANN003,ANN202
        raise GitError("fatal: simulated failure")

    monkeypatch.setattr(runner, "trace", broken)
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path, use_cache=False)
    assert result.survival is None and result.periods[2].rework_lines is None
    assert "line provenance could not run: fatal: simulated failure" in result.warnings
    assert result.file("pkg/a.py").ai.disclosed_line_share == 0.2  # blame as before
