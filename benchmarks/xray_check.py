"""Check X-Ray's per-function revision counts against ``git log -L``.

    python benchmarks/xray_check.py [--select]

The 30 functions of the first check (the 5 most-changed functions of the 3 top hotspot files of flask
and of requests, as listed in docs/coupling.md; ``--select`` picks them again from today's X-Ray) are
traced with plain git on the read-only mirrors under /work/.mirror:

* ``git log -L :def NAME(:PATH`` (git's built-in ``python`` function-name rules, selected by an
  attributes file *outside* the repository) -- the issue's check, +-15 %;
* ``git log -L LINE,END:PATH`` with the function's exact line range at HEAD -- the same question
  asked with X-Ray's range: the counts and the commits must be identical.

Every commit only one side counts is classified.  Since X-Ray follows the lines exactly as git does,
a difference with ``:NAME:`` can only come from the range git derives from the name: its range runs
from the ``def`` line to the line before the next ``def``/``class`` line at any depth (so it stops at
a nested ``def``, and takes the blank lines, comments and decorators before the next function).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from debt_explorer.core.drive import run_to_end  # noqa: E402
from debt_explorer.core.options import ScanOptions  # noqa: E402
from debt_explorer.core.scan import run_scan  # noqa: E402
from debt_explorer.core.xray import run_xray, top_hotspot_paths  # noqa: E402

FLASK, REQUESTS = "/work/.mirror/pallets+flask/repo", "/work/.mirror/psf+requests/repo"
#: the 30 functions of the first check (docs/coupling.md, "before")
FUNCTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    FLASK: {
        "src/flask/app.py": ("Flask.make_response", "Flask.do_teardown_request", "Flask.do_teardown_appcontext",
                             "Flask.wsgi_app", "Flask.__init__"),
        "tests/test_basic.py": ("test_exception_propagation", "test_extended_flashing",
                                "test_routing_redirect_debugging", "test_session_special_types",
                                "test_baseexception_error_handling"),
        "tests/test_blueprints.py": ("test_templates_and_static", "test_default_static_max_age",
                                     "test_template_global", "test_blueprint_specific_error_handling",
                                     "test_endpoint_decorator"),
    },
    REQUESTS: {
        "tests/test_requests.py": ("TestRequests.test_POSTBIN_GET_POST_FILES_WITH_DATA",
                                   "TestRequests.test_POSTBIN_GET_POST_FILES", "TestRequests.test_conflicting_post_params",
                                   "TestTimeout.test_stream_timeout", "TestRequests.test_HTTP_302_TOO_MANY_REDIRECTS"),
        "src/requests/utils.py": ("get_netrc_auth", "super_len", "get_unicode_from_response", "should_bypass_proxies",
                                  "get_environ_proxies"),
        "src/requests/models.py": ("PreparedRequest.prepare_url", "PreparedRequest.prepare_body", "Response.text",
                                   "RequestEncodingMixin._encode_files", "Response.json"),
    },
}
#: git's built-in python funcname pattern (userdiff.c), the lines where a ``:NAME:`` range ends
PY_FUNCNAME = re.compile(r"^[ \t]*((class|(async[ \t]+)?def)[ \t].*)$")


def _git(repo: str, args: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, env=env, check=False)


def git_line_log(repo: str, path: str, spec: str, attributes: str) -> list[str] | None:
    """The commits ``git log -L <spec>:path`` lists, oldest first; None when git finds nothing."""
    proc = _git(repo, ["-c", f"core.attributesFile={attributes}", "log", f"-L{spec}:{path}", "--format=%H",
                       "--no-patch", "HEAD"])
    return list(reversed(proc.stdout.split())) if proc.returncode == 0 else None


def name_range(repo: str, path: str, short: str) -> tuple[int, int] | None:
    """The 1-based inclusive range git derives from ``:def SHORT(:`` at HEAD (userdiff python rules)."""
    lines = _git(repo, ["cat-file", "blob", f"HEAD:{path}"]).stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if f"def {short}(" in line), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if PY_FUNCNAME.match(lines[i])), len(lines))
    return start + 1, end


def within(ours: int, theirs: int) -> bool:
    return abs(ours - theirs) <= 0.15 * theirs


def check(select: bool) -> int:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        attributes = str(Path(scratch) / "attributes")
        Path(attributes).write_text("*.py diff=python\n")
        for repo, files in FUNCTIONS.items():
            result = run_to_end(run_scan(repo, ScanOptions(ai=False)))
            paths = top_hotspot_paths(result, 3) if select else list(files)
            xrays = run_to_end(run_xray(result, paths))
            for path in paths:
                functions = xrays[path].functions
                if select:
                    shorts = [f.name.rsplit(".", 1)[-1] for f in functions]
                    chosen = [f for f in sorted(functions, key=lambda f: (-f.revisions, f.line))
                              if shorts.count(f.name.rsplit(".", 1)[-1]) == 1][:5]
                else:
                    chosen = [f for name in files[path] for f in functions if f.name == name]
                for function in chosen:
                    short = function.name.rsplit(".", 1)[-1]
                    exact = git_line_log(repo, path, f"{function.line},{function.end_line}", attributes) or []
                    named = git_line_log(repo, path, f":def {short}(", attributes) or []
                    span = name_range(repo, path, short)
                    ours = list(function.shas)
                    reasons: dict[str, int] = {}
                    for sha in set(named) ^ set(ours):
                        if set(exact) != set(ours):
                            why = "tracking differs from git (unexplained)"
                        elif sha in named:
                            why = "git's :name: range is longer (up to the next def)"
                        else:
                            why = "git's :name: range is shorter (stops at a nested def)"
                        reasons[why] = reasons.get(why, 0) + 1
                    rows.append((repo.split("/")[-2].split("+")[-1], path, function.name, len(ours),
                                 f"{function.line}-{function.end_line}", len(exact), exact == ours,
                                 f"{span[0]}-{span[1]}" if span else "?", len(named), within(len(ours), len(named)),
                                 ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items()))))
    print("| repo | file | function | X-Ray | lines | git -L LINE,END | same commits | git :name: lines | "
          "git -L :name: | ±15 % | commits one side only (vs :name:) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        cells = [("yes" if v else "no") if isinstance(v, bool) else str(v) for v in row]
        print("| " + " | ".join(cells) + " |")
    same = sum(1 for r in rows if r[6])
    close_exact = sum(1 for r in rows if within(r[3], r[5]))
    close_name = sum(1 for r in rows if r[9])
    print(f"\n{len(rows)} functions: identical commits to `git log -L LINE,END` {same}/{len(rows)} "
          f"(±15 %: {close_exact}/{len(rows)}); within ±15 % of `git log -L :name:` {close_name}/{len(rows)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--select", action="store_true",
                        help="pick the 5 most-changed functions of the 3 top hotspot files from today's X-Ray")
    return check(parser.parse_args().select)


if __name__ == "__main__":
    sys.exit(main())
