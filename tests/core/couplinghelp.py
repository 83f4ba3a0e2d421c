"""A designed history over the four quarters of 2024: two couplings (one fading, one growing) and fix commits.

=====  ==========  ==================================  ===============================================
 no.   date        message                             files
=====  ==========  ==================================  ===============================================
 1     2024-01-05  Create                              src/app.py src/views.py lib/util.py tests/test_app.py tests/test_views.py
 2     2024-01-20  Add routing                         src/app.py src/views.py
 3     2024-02-10  Fix crash in routing (fix)          src/app.py src/views.py
 4     2024-03-01  Refactor                            src/app.py src/views.py tests/test_app.py
 5     2024-04-10  Fix bug in views (fix)              src/app.py src/views.py
 6     2024-05-01  Add helpers                         src/app.py lib/util.py
 7     2024-06-01  Tweak                               src/app.py src/views.py
 8     2024-07-10  More helpers                        src/app.py lib/util.py
 9     2024-08-10  Fix regression (fix)                src/app.py lib/util.py
 10    2024-09-10  Fix overflow in helpers (fix)       src/app.py lib/util.py
 11    2024-10-10  fix: rounding (fix)                 src/app.py lib/util.py
 12    2024-11-10  Update views                        src/views.py
 13    2024-12-10  Update app                          src/app.py
=====  ==========  ==================================  ===============================================

Every change rewrites the three ``return`` lines of the file: 3 lines added and 3 deleted (churn 6).
"""

from __future__ import annotations

from gitrepo import RepoBuilder

APP, VIEWS, UTIL, TEST_APP, TEST_VIEWS = "src/app.py", "src/views.py", "lib/util.py", "tests/test_app.py", \
    "tests/test_views.py"

HISTORY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("2024-01-05", "Create", (APP, VIEWS, UTIL, TEST_APP, TEST_VIEWS)),
    ("2024-01-20", "Add routing", (APP, VIEWS)),
    ("2024-02-10", "Fix crash in routing", (APP, VIEWS)),
    ("2024-03-01", "Refactor", (APP, VIEWS, TEST_APP)),
    ("2024-04-10", "Fix bug in views", (APP, VIEWS)),
    ("2024-05-01", "Add helpers", (APP, UTIL)),
    ("2024-06-01", "Tweak", (APP, VIEWS)),
    ("2024-07-10", "More helpers", (APP, UTIL)),
    ("2024-08-10", "Fix regression", (APP, UTIL)),
    ("2024-09-10", "Fix overflow in helpers", (APP, UTIL)),
    ("2024-10-10", "fix: rounding", (APP, UTIL)),
    ("2024-11-10", "Update views", (VIEWS,)),
    ("2024-12-10", "Update app", (APP,)),
)


def build_quarters(builder: RepoBuilder) -> None:
    for step, (day, message, paths) in enumerate(HISTORY):
        for path in paths:
            builder.write(path, "".join(f"def f{i}():\n    return {i + 10 * step}\n" for i in range(3)))
        builder.commit(message, f"{day}T12:00:00+00:00")
