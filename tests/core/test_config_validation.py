"""Gate config and scan options: every bad value is one clear line (exit 2), never a traceback.

Property tests (hypothesis) check the parser and the option validation over arbitrary input:
the only way to fail is the documented one-line error.
"""

from __future__ import annotations

import math
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debt_explorer import cli
from debt_explorer.core.errors import ScanError
from debt_explorer.core.gate import DEFAULTS, GateConfig, MAX_CONFIG_BYTES, _from_table, load_gate_config
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.paths import PathFilter, glob_to_regex
from gitrepo import RepoBuilder
from scanhelp import ALICE
from test_scan_inputs import cli as run_cli


@pytest.mark.parametrize("toml, message", [
    ("tool = 1", "'tool' must be a table, not int"),
    ("[tool]\ndebt-explorer = 5", "must be a table of settings, not int"),
    ("[[tool.debt-explorer]]\ntop_hotspots = 3", "must be a table of settings, not an array of tables"),
    ("[tool.debt-explorer]\nmax_file_complexity = inf", "must be a whole number, not inf"),
    ("[tool.debt-explorer]\nmax_file_complexity = 1e400", "must be a whole number, not inf"),
    ("[tool.debt-explorer]\nmax_maintenance_share = nan", "between 0 and 1 (e.g. 0.3), not nan"),
    ("[tool.debt-explorer]\nmax_unreviewed_ai_share = inf", "between 0 and 1 (e.g. 0.3), not inf"),
    ("[tool.debt-explorer]\nmax_complexity_increase = -5", "between 0 and 1,000,000,000, not -5"),
    ("[tool.debt-explorer]\nmax_maintenance_share = 1.5", "between 0 and 1 (e.g. 0.3), not 1.5"),
    ("[tool.debt-explorer]\nmax_maintenance_share = -0.1", "not -0.1"),
    ("[tool.debt-explorer]\ntop_hotspots = true", "must be a whole number, not true/false"),
    ("[tool.debt-explorer]\nmax_maintenance_share = false", "not true/false"),
    ("[tool.debt-explorer]\ntop_hotspots = 2.9", "must be a whole number, not 2.9"),
    ("[tool.debt-explorer]\ntop_hotspots = '3'", "must be a whole number, not '3'"),
    ("[tool.debt-explorer]\ntop_hotspots = [3]", "must be a whole number, not list"),
    ("[tool.debt-explorer]\ntop_hotspot = 3", "unknown gate setting(s): top_hotspot"),
    ("x = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("[tool.debt-explorer\n", "is not valid TOML"),
    ("[tool]\nother = 1", "no [tool.debt-explorer]"),
])
def test_bad_gate_configs_are_one_line(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "gate.toml"
    path.write_text(toml)
    with pytest.raises(ScanError) as caught:
        load_gate_config(str(tmp_path), config_file=str(path))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_good_gate_config_values(tmp_path: Path) -> None:
    path = tmp_path / "gate.toml"
    path.write_text("[tool.debt-explorer]\nmax_file_complexity = 0\ntop_hotspots = 5\nmax_maintenance_share = 1\n"
                    "max_unreviewed_ai_share = 0.25\n")
    config = load_gate_config(str(tmp_path), config_file=str(path))
    assert config == GateConfig(max_file_complexity=0, max_complexity_increase=20, top_hotspots=5,
                                max_unreviewed_ai_share=0.25, max_maintenance_share=1.0, source=str(path))
    assert type(config.max_maintenance_share) is float


def test_config_size_is_capped() -> None:
    with pytest.raises(ScanError, match="larger than 1 MB"):
        load_gate_config(".", config_file="/dev/zero")


def _gate_repo(builder: RepoBuilder, pyproject: str) -> str:
    builder.write("a.py", "def a():\n    return 1\n")
    builder.write("pyproject.toml", pyproject)
    builder.commit("base", "2024-01-10T12:00:00+00:00", ALICE)
    return str(builder.path)


@pytest.mark.parametrize("args, message", [
    (["--config", "/dev/zero"], "larger than 1 MB"),
    (["--config", "/nonexistent/gate.toml"], "cannot read /nonexistent/gate.toml"),
])
def test_check_bad_config_exits_2(repo_builder: RepoBuilder, args: list[str], message: str, capsys) -> None:  # noqa: ANN001
    repo = _gate_repo(repo_builder, "[project]\nname = 'x'\n")
    assert cli.main(["check", repo, "--base", "HEAD", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_committed_pyproject_is_validated_too(repo_builder: RepoBuilder) -> None:
    repo = _gate_repo(repo_builder, "tool = 1\n")
    done = run_cli("check", repo, "--base", "HEAD")
    assert done.returncode == 2 and "'tool' must be a table, not int" in done.stderr
    assert done.stderr.startswith("debt-explorer: pyproject.toml at ")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args, message", [
    (["--window-months", "100000000"], "--window-months must be a whole number from 1 to 1200"),
    (["--window-months", "0"], "--window-months must be a whole number from 1 to 1200"),
    (["--include", "[z-a].py"], "--include: not a valid pattern '[z-a].py': bad character range z-a"),
    (["--exclude", "[9-0]"], "--exclude: not a valid pattern"),
    (["--jobs", "100000"], "--jobs must be from 0"),
    (["--jobs", "-3"], "--jobs must be from 0 (one per core) to"),  # said, not quietly read as "one per core"
])
def test_bad_options_exit_2_with_one_line(args: list[str], message: str, capsys) -> None:  # noqa: ANN001
    assert cli.main(["scan", "/nonexistent-repo", "--quiet", *args]) == 2  # options are checked first
    err = capsys.readouterr().err
    assert message in err, err
    assert len(err.strip().splitlines()) == 1


def test_empty_brackets_are_a_literal() -> None:
    assert PathFilter(include=("a[].py",))("a[].py") and not PathFilter(include=("[]",))("b.py")


# -- property tests ------------------------------------------------------------------------------------------
_toml_scalars = st.one_of(st.integers(min_value=-2 ** 70, max_value=2 ** 70), st.floats(allow_nan=True),
                          st.booleans(), st.text(max_size=5), st.none(), st.lists(st.integers(), max_size=2),
                          st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from([*DEFAULTS, "other"]), _toml_scalars, max_size=6))
def test_gate_table_is_accepted_only_when_every_value_is_valid(table: dict) -> None:
    try:
        config = _from_table(table, "gate.toml")
    except ScanError as exc:
        assert str(exc).startswith("gate.toml: ") and "\n" not in str(exc)
        return
    for key in ("max_file_complexity", "max_complexity_increase", "top_hotspots"):
        value = getattr(config, key)
        assert value is None or (type(value) is int and 0 <= value)
    for key in ("max_unreviewed_ai_share", "max_maintenance_share"):
        value = getattr(config, key)
        assert value is None or (type(value) is float and 0 <= value <= 1 and math.isfinite(value))
    assert set(table) <= set(DEFAULTS)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_gate_parser_on_arbitrary_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "gate.toml"
    path.write_text(text, encoding="utf-8")
    try:
        config = load_gate_config(str(tmp_path), config_file=str(path))
    except ScanError as exc:
        assert "\n" not in str(exc).strip() or "TOML" in str(exc)
        return
    assert isinstance(config, GateConfig)
    tomllib.loads(text)  # it was valid TOML


@settings(max_examples=150, deadline=None)
@given(include=st.lists(st.text(max_size=12), max_size=3), exclude=st.lists(st.text(max_size=12), max_size=3),
       window=st.integers(min_value=-10, max_value=10 ** 9), jobs=st.integers(min_value=-5, max_value=10 ** 6),
       period=st.sampled_from(["quarter", "month", "year", "week"]),
       since=st.one_of(st.none(), st.dates()), until=st.one_of(st.none(), st.dates()))
def test_option_validation_fails_only_with_value_error(include, exclude, window, jobs, period, since,  # noqa: ANN001
                                                       until) -> None:
    try:
        options = ScanOptions(include=tuple(include), exclude=tuple(exclude), window_months=window, jobs=jobs,
                              period=period, since=since, until=until)
    except ValueError as exc:
        assert "\n" not in str(exc)
        return
    assert 1 <= options.window_months <= 1200 and 0 <= options.jobs <= 256
    path_filter = PathFilter(options.include, options.exclude)
    for path in ("a.py", "src/x/y.js", "[z].py"):
        path_filter(path)  # every accepted pattern can be used


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=20))
def test_every_glob_compiles_or_says_why(pattern: str) -> None:
    try:
        regex = glob_to_regex(pattern)
    except ValueError as exc:
        assert repr(pattern) in str(exc)
        return
    regex.match("some/path.py")


def test_cli_dates_are_checked() -> None:
    done = run_cli("scan", "/nonexistent-repo", "--since", "2024-02-30")
    assert done.returncode == 2 and "not a date" in done.stderr
    assert ScanOptions(since=date(2024, 1, 1)).since == date(2024, 1, 1)
