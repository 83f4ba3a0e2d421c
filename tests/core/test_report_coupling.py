"""The report's Change coupling and Bug fixes sections: exact Markdown rows over four designed quarters."""

from __future__ import annotations

import pytest
from couplinghelp import build_quarters
from gitrepo import RepoBuilder
from scanhelp import scan

from debt_explorer.cli import main
from debt_explorer.core.report import render_html, render_markdown
from debt_explorer.core.retro import compare_periods

EXPECTED = """### Change coupling

Hotspot window 2023-12-10 to 2024-12-10: 13 commits used, 0 larger than 30 files left out; pairs with at least 5 \
shared revisions and 30% degree (code-maat's definitions).

**Most coupled pairs**

| pair | degree | shared revisions | average revisions |
|---|---:|---:|---:|
| lib/util.py + src/app.py | 66% | 6 | 9 |
| src/app.py + src/views.py | 63% | 6 | 10 |

**Surprising: coupled across top-level folders**

| pair | degree | why |
|---|---:|---|
| lib/util.py + src/app.py | 66% | crosses top-level folders lib and src |

**Surprising: production files whose tests rarely change with them**

| file | revisions | test file | changed together | share |
|---|---:|---|---:|---:|
| src/views.py | 7 | tests/test\\_views.py | 1 | 14% |
| src/app.py | 12 | tests/test\\_app.py | 2 | 17% |

**Sum of coupling (files that change with many others)**

| file | sum of coupling |
|---|---:|
| src/app.py | 15 |
| src/views.py | 10 |
| lib/util.py | 9 |
| tests/test\\_app.py | 6 |
| tests/test\\_views.py | 4 |

### Bug fixes

Commits classified as bug fixes from their messages (rules in docs/coupling.md); fix churn: lines they changed in \
code files.

**Bug-fix commits and fix churn, last 4 periods**

| period | commits | fix commits | churn | fix churn | fix share of churn |
|---|---:|---:|---:|---:|---:|
| 2024Q1 | 4 | 1 | 72 | 12 | 17% |
| 2024Q2 | 3 | 1 | 36 | 12 | 33% |
| 2024Q3 | 3 | 2 | 36 | 24 | 67% |
| 2024Q4 | 3 | 1 | 24 | 12 | 50% |

**Files that attract fixes (hotspot window: at least 3 fix commits and half their revisions)**

| file | fix commits | revisions | fix ratio | fix churn |
|---|---:|---:|---:|---:|
| lib/util.py | 3 | 6 | 50% | 18 |

**Files where fixes rose (2024Q1 → 2024Q3)**

| file | fix commits 2024Q1 | fix commits 2024Q3 |
|---|---:|---:|
| lib/util.py | 0 | 2 |
| src/app.py | 1 | 2 |
"""


@pytest.fixture
def quarters(repo_builder: RepoBuilder):
    build_quarters(repo_builder)
    return scan(repo_builder.path, ai=False, use_cache=False)


def test_markdown_sections_exact_rows(quarters) -> None:
    # pairs: app 12 revisions, util 6, views 7; 6 shared each (degree 200 * 6 // 18 and // 19); soc: app gets 4 from
    # the five-file create, 2 from the three-file refactor and 1 from each of its 9 two-file commits
    text = render_markdown(quarters, compare_periods(quarters, "2024Q1", "2024Q3"))
    assert text[text.index("### Change coupling"):] == EXPECTED


def test_cli_report_and_html_carry_the_sections(repo_builder: RepoBuilder, capsys: pytest.CaptureFixture) -> None:
    build_quarters(repo_builder)
    assert main(["report", str(repo_builder.path), "--output", "-", "--format", "markdown", "--no-cache", "--no-ai",
                 "--quiet", "--before", "2024Q1", "--after", "2024Q3"]) == 0
    out = capsys.readouterr().out
    assert out[out.index("### Change coupling"):] == EXPECTED
    result = scan(repo_builder.path, ai=False, use_cache=False)
    page = render_html(result, None)
    assert "<h2>Change coupling</h2>" in page and "<h2>Bug fixes</h2>" in page
    assert ("<tr><td style='text-align:left'>lib/util.py + src/app.py</td><td>66%</td>"
            "<td style='text-align:left'>crosses top-level folders lib and src</td></tr>") in page
    assert ("<tr><td style='text-align:left'>2024Q3</td><td>3</td><td>2</td><td>36</td><td>24</td><td>67%</td></tr>"
            in page)
    assert "Files where fixes rose" not in page  # no retrospective, no such table


def test_an_empty_window_falls_back_to_the_whole_history(repo_builder: RepoBuilder) -> None:
    build_quarters(repo_builder)
    result = scan(repo_builder.path, ai=False, use_cache=False, window_months=1)  # only "Update app"
    text = render_markdown(result, None)
    assert ("No pair reaches the thresholds in the hotspot window; whole history to 2024-12-10: 13 commits used, "
            "0 larger than 30 files left out;") in text
    assert "| lib/util.py + src/app.py | 66% | 6 | 9 |" in text
    assert "**Files that attract fixes (hotspot window: at least 3 fix commits and half their revisions)**\n\n_none_" \
        in text  # util's fixes are outside a one-month window
