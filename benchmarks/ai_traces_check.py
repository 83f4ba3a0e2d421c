"""Check disclosed-trace classification on real histories.

    python benchmarks/ai_traces_check.py REPO [REPO ...]

For each repository: how many commits are AI-attributed (by tool), how many of those are dated before
2021-06-29 (GitHub Copilot's preview; any such flag is a false positive by construction), and how many commits
contain a raw trace string (a case-insensitive grep for the markers of AI-TRACES.md) that the classifier did
*not* flag, with examples, so that misses and over-broad grep hits can be reviewed by hand.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from debt_explorer.core.ai.branches import propagate_branch_traces
from debt_explorer.core.ai.traces import classify_commit  # noqa: E402
from debt_explorer.core.models import Commit  # noqa: E402

CUTOFF = int(datetime(2021, 6, 29, tzinfo=timezone.utc).timestamp())
RAW = re.compile(r"noreply@anthropic\.com|claude code|\(aider\)|aider@aider\.chat|noreply@aider\.dev|"
                 r"copilot@github\.com|\+copilot@users\.noreply|cursoragent@cursor\.com|devin-ai-integration|"
                 r"chatgpt-codex-connector|noreply@openai\.com|google-labs-jules|ampcode\.com|all-hands\.dev|"
                 r"noreply@opencode\.ai|replit-commit-author|gpt-engineer-app|lovable-dev\[bot\]|sweep-ai\[bot\]",
                 re.IGNORECASE)


def commits(repo: str) -> list[Commit]:
    out = subprocess.run(["git", "-C", repo, "log", "--all", "-z",
                          "--format=%H%x1f%P%x1f%aN%x1f%aE%x1f%at%x1f%cN%x1f%cE%x1f%ct%x1f%B"],
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    found = []
    for record in out.split("\0"):
        fields = record.strip("\n").split("\x1f", 8)
        if len(fields) == 9:
            sha, parents, an, ae, at, cn, ce, ct, message = fields
            found.append(Commit(sha, tuple(parents.split()), an, ae, int(at), cn, ce, int(ct), message.rstrip()))
    return found


def main() -> None:
    for repo in sys.argv[1:]:
        history = commits(repo)
        tools: Counter[str] = Counter()
        early = 0
        missed = []
        for commit in history:
            result = classify_commit(commit)
            if result.kind == "ai":
                tools.update(result.tools)
                early += commit.committer_date < CUTOFF
            elif RAW.search(f"{commit.author_name} <{commit.author_email}> {commit.committer_name} "
                            f"<{commit.committer_email}>\n{commit.message}"):
                missed.append(commit)
        classified = {c.sha: classify_commit(c) for c in history}
        flagged = sum(1 for a in classified.values() if a.kind == "ai")
        head = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        propagated = propagate_branch_traces(history, classified, head)
        behind = [sha for sha, a in propagated.items() if a.kind == "ai" and classified[sha].kind != "ai"]
        dates = {c.sha: c.committer_date for c in history}
        print(f"{repo}: {len(history):,} commits, {flagged:,} AI-attributed {dict(tools)}; "
              f"flagged before 2021-06-29: {early}; raw trace strings not flagged: {len(missed)}; "
              f"+{len(behind)} behind agent-branch merges on HEAD's main line "
              f"({sum(dates[s] < CUTOFF for s in behind)} before 2021-06-29)")
        for commit in missed[:5]:
            line = next((l for l in commit.message.splitlines() if RAW.search(l)), commit.subject)
            print(f"    {commit.sha[:10]} {commit.author_name!r}: {line[:110]!r}")


if __name__ == "__main__":
    main()
