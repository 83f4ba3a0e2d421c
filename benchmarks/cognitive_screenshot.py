"""Known and unknown cognitive complexity, as the window shows them: docs/screenshots/cognitive-unknown.png.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb python benchmarks/cognitive_screenshot.py

A small repository (fixed dates) with a Python file, a Python 2 file (Python's parser rejects it; tree-sitter's
Python grammar measures it, cognitive complexity included), a Python file nothing parses (lizard: unknown) and a
Kotlin file (lizard: unknown).  The table is scrolled to the Cognitive column and the Python 2 file is open in
the detail panel, on its Functions tab.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shotkit import DOCS_SCREENSHOTS, Shots

FILES = {
    "app.py": "def f(a, b):\n    if a and b:\n        for x in b:\n            if x:\n                return x\n"
              "    return 0\n",
    "py2.py": "def f(items):\n    for x in items:\n        if x:\n            print x\n    return len(items)\n",
    "broken.py": "def f(a):\n    if a:\n        return (1,\n",
    "tool.kt": "fun f(a: Int): Int {\n    if (a > 1 && a < 5) { return 1 }\n    return 0\n}\n",
}


def build(path: Path) -> None:
    path.mkdir(parents=True)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-03-01T12:00:00+00:00",
           "GIT_COMMITTER_DATE": "2024-03-01T12:00:00+00:00", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@a",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@a"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    for name, text in FILES.items():
        (path / name).write_text(text)
    subprocess.run(["git", "-C", str(path), "add", "."], check=True)
    subprocess.run(["git", "-C", str(path), "commit", "-q", "-m", "files"], check=True, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(DOCS_SCREENSHOTS))
    args = parser.parse_args()
    shots = Shots(args.out, size=(1600, 780))
    repo = Path(shots.work) / "repo"
    build(repo)
    shots.scan(str(repo))
    window = shots.window
    from debt_explorer.ui.models.file_table import COGNITIVE

    window.select_file("py2.py", switch=True)
    window.table.scrollTo(window.proxy.index(0, COGNITIVE))
    window.detail.tabs.setCurrentIndex(1)  # Functions
    shots.pump(0.5)
    path = shots.save("cognitive-unknown.png")
    for record in window.result.files:
        print(f"{record.path}: cognitive {record.cognitive}, parsed {record.parsed} ({record.unparsed_reason})")
    print(f"saved {path}")
    shots.close()


if __name__ == "__main__":
    main()
