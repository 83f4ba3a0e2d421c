"""Drive run_scan to completion in tests and build the standard small history."""

from __future__ import annotations

from pathlib import Path

from debt_explorer.core.drive import run_to_end
from debt_explorer.core.models import ScanResult
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.scan import run_scan
from gitrepo import RepoBuilder

ALICE = ("Alice Doe", "alice@example.com")
BOB = ("Bob Roe", "bob@example.com")
CAROL = ("Carol Poe", "carol@example.com")

CORE_V1 = "def f(x):\n    if x:\n        return 1\n    return 0\n"
CORE_V2 = CORE_V1 + "\n\ndef g(y):\n    for i in range(y):\n        print(i)\n    return y\n"  # +6
CORE_V3 = CORE_V2.replace("    return 0\n", "    return None\n")  # +1 -1
CORE_V4 = CORE_V3 + "# end\nVERSION = 4\n"  # +2
FEATURE_JS = ("function feature(a, b) {\n  if (a && b) {\n    return a;\n  }\n  return b;\n}\n")  # 6 lines


def scan(path: str | Path, **options: object) -> ScanResult:
    options.setdefault("jobs", 1)
    return run_to_end(run_scan(str(path), ScanOptions(**options)))


def build_history(builder: RepoBuilder) -> dict[str, str]:
    """A small history with a rename, a merged side branch and a binary file.  Returns commit SHAs."""
    shas: dict[str, str] = {}
    builder.write("app/core.py", CORE_V1)
    builder.write("README.md", "# demo\n")
    shas["create"] = builder.commit("Create core", "2024-01-10T12:00:00+00:00", ALICE)
    builder.write("app/core.py", CORE_V2)
    shas["grow"] = builder.commit("Add g", "2024-02-15T12:00:00+00:00", BOB)
    builder.move("app/core.py", "app/engine.py")
    builder.write("app/engine.py", CORE_V3)
    shas["rename"] = builder.commit("Rename core to engine", "2024-04-05T12:00:00+00:00", ALICE)
    builder.git("branch", "feature")
    builder.checkout("feature")
    builder.write("app/feature.js", FEATURE_JS)
    shas["feature"] = builder.commit("Add feature", "2024-05-01T12:00:00+00:00", CAROL)
    builder.checkout("main")
    builder.write("app/engine.py", CORE_V4)
    shas["append"] = builder.commit("Append to engine", "2024-05-02T12:00:00+00:00", ALICE)
    shas["merge"] = builder.merge("feature", "Merge feature", "2024-05-03T12:00:00+00:00", ALICE)
    builder.write("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    shas["binary"] = builder.commit("Add logo", "2024-07-20T12:00:00+00:00", BOB)
    return shas
