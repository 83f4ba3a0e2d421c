"""The demo repository: ten quarters of a small web shop, built the same way every time.

    debt-explorer demo            # creates it in the user data folder and opens it

2023Q1-2025Q2, five developers, Python (``shop/``), TypeScript/JavaScript
(``web/``) and Go (``svc/``).  ``shop/billing.py`` and ``web/src/cart.ts``
change every few days and grow complex (the hotspots); ``shop/taxes.py`` is
rewritten again and again (high churn); rework rises quarter after quarter.
From 2024Q1 on, AI tools arrive: Claude Code commits (trailer and footer), an
aider commit, a Copilot coding-agent pair ("Initial plan" then the change), a
Cursor co-author trailer; the files they create look generated.  There is a
rename (``shop/utils.py`` -> ``shop/helpers.py``), a merged feature branch,
dependabot bumps, and a CLAUDE.md.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

from debt_explorer.core.errors import ScanError
from debt_explorer.core.synthetic import HistoryWriter, _stamp, checkout_head, head_of, init_repo

PEOPLE = {
    "alice": ("Alice Martin", "alice@shop.example"),
    "bob": ("Bob Chen", "bob@shop.example"),
    "carol": ("Carol Diaz", "carol@shop.example"),
    "dev": ("Dev Patel", "dev@shop.example"),
    "erin": ("Erin Walsh", "erin@shop.example"),
}
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
CLAUDE = "Co-Authored-By: Claude <noreply@anthropic.com>\n\n\U0001F916 Generated with [Claude Code](https://claude.com/claude-code)"
CURSOR = "Co-authored-by: Cursor <cursoragent@cursor.com>"
AIDER = "Co-authored-by: aider (gpt-4o) <aider@aider.chat>"
COPILOT_AGENT = ("Copilot", "198982749+Copilot@users.noreply.github.com")

INITIAL_FILES = {
    "shop/billing.py": ("Python", [3, 2, 4], "human"),
    "shop/cart.py": ("Python", [2, 3], "human"),
    "shop/catalog.py": ("Python", [2, 2, 1], "plain"),
    "shop/orders.py": ("Python", [3, 1], "plain"),
    "shop/utils.py": ("Python", [1, 2], "human"),
    "shop/taxes.py": ("Python", [2, 2], "human"),
    "shop/models.py": ("Python", [1, 1, 1], "plain"),
    "web/src/cart.ts": ("TypeScript", [2, 3], "plain"),
    "web/src/checkout.ts": ("TypeScript", [2, 1], "plain"),
    "web/src/format.js": ("JavaScript", [1, 2], "plain"),
    "svc/main.go": ("Go", [1, 2], "plain"),
    "svc/handlers.go": ("Go", [2, 2], "plain"),
    "shop/inventory.py": ("Python", [2, 1, 2], "plain"),
    "shop/payments.py": ("Python", [3, 2], "human"),
    "shop/users.py": ("Python", [1, 2, 1], "plain"),
    "shop/emails.py": ("Python", [1, 1], "plain"),
    "shop/search.py": ("Python", [2, 2, 2], "plain"),
    "tests/test_billing.py": ("Python", [1, 1, 1, 1], "plain"),
    "tests/test_cart.py": ("Python", [1, 1, 1], "plain"),
    "tests/test_orders.py": ("Python", [1, 1], "plain"),
    "web/src/api.ts": ("TypeScript", [1, 2, 2], "plain"),
    "web/src/router.ts": ("TypeScript", [2, 1], "plain"),
    "web/src/ui.js": ("JavaScript", [1, 1, 2], "plain"),
    "svc/store.go": ("Go", [2, 1], "plain"),
    "svc/config.go": ("Go", [1, 1], "plain"),
}
#: Files each quarter's regular work touches, with weights (the hotspots dominate).
WORK = {
    "shop/billing.py": 9, "web/src/cart.ts": 8, "shop/taxes.py": 5, "shop/cart.py": 3, "shop/orders.py": 3,
    "shop/catalog.py": 2, "web/src/checkout.ts": 2, "svc/handlers.go": 2, "shop/models.py": 1,
    "web/src/format.js": 1, "svc/main.go": 1, "shop/utils.py": 1, "shop/payments.py": 2, "shop/inventory.py": 1,
    "shop/users.py": 1, "shop/search.py": 1, "tests/test_billing.py": 2, "tests/test_cart.py": 1,
    "web/src/api.ts": 1, "svc/store.go": 1,
}
#: (quarter index, tool, author key, subject, new files with (language, functions)) -- the AI era.
AI_EVENTS = [
    (4, "claude", "dev", "Add product recommendations", {"shop/recommendations.py": ("Python", [3, 4, 2, 3])}),
    (5, "aider", "erin", "aider: add notification service", {"shop/notifications.py": ("Python", [2, 3, 3])}),
    (5, "claude", "dev", "Add analytics tracking to the cart", {"web/src/analytics.ts": ("TypeScript", [3, 2, 4])}),
    (6, "copilot", "bob", "Add discount engine", {"shop/discounts.py": ("Python", [4, 5, 3, 2])}),
    (7, "cursor", "carol", "Add refunds workflow", {"shop/refunds.py": ("Python", [3, 4, 4])}),
    (8, "claude", "dev", "Add fraud checks", {"shop/fraud.py": ("Python", [5, 4, 3, 3])}),
    (9, "claude", "erin", "Add subscription billing", {"shop/subscriptions.py": ("Python", [4, 4, 5])}),
]
AI_EDITABLE = ("shop/recommendations.py", "shop/notifications.py", "shop/discounts.py", "web/src/analytics.ts",
               "shop/fraud.py", "shop/refunds.py", "shop/subscriptions.py")
QUARTERS = 10
COMMITS_PER_QUARTER = 20


def default_demo_dir() -> str:
    """Where ``debt-explorer demo`` and the window's demo build the demo repository (in the user data folder)."""
    from debt_explorer.core.plan_store import default_data_dir

    return os.path.join(default_data_dir(), "demo-repo")
#: Written into the demo's .git: only a folder carrying it (or an older demo, see :func:`_is_demo`) is rebuilt.
DEMO_MARKER = "debt-explorer-demo"


def _is_demo(target: Path) -> bool:
    """Whether ``target`` is a demo repository this program made (and may therefore delete and rebuild)."""
    if (target / ".git" / DEMO_MARKER).is_file():
        return True
    if not (target / ".git").is_dir():
        return False
    from debt_explorer.core.gitsafe import GitError, run_git

    try:  # a demo made before the marker: its root commit is the demo's first commit (read with sealed git)
        root = run_git(str(target), ["log", "--max-parents=0", "--format=%s%x1f%ae", "HEAD"]).decode("utf-8", "replace")
    except GitError:
        return False
    return root.strip() == f"Initial shop skeleton\x1f{PEOPLE['alice'][1]}"


def create_demo_repo(path: str | os.PathLike[str]) -> str:
    """Build (or rebuild) the demo repository at ``path``; returns its absolute path.

    An existing folder is replaced only when it is empty or is a demo repository: anything else (a user's own
    repository, a folder of notes, a file) is refused with :class:`ScanError` and left untouched."""
    target = Path(path).resolve()
    if target.exists() and not target.is_dir():
        raise ScanError(f"{target} is a file, not a folder for the demo repository; nothing was changed")
    if target.exists() and any(target.iterdir()):
        if not _is_demo(target):
            raise ScanError(f"{target} is not empty and is not a demo repository; nothing was changed "
                            "(choose a new or empty folder)")
        shutil.rmtree(target)
    init_repo(target)
    (target / ".git" / DEMO_MARKER).write_text("made by debt-explorer demo; rebuilt on the next demo run\n")
    writer = HistoryWriter(target, seed=2023, start=_stamp("2023-01-09T09:30:00"), step=4 * 86400 + 3600)
    writer.step = 0
    rng = random.Random(7)
    start = _stamp("2023-01-09T09:30:00")
    initial = [writer.add_file(p, lang, list(funcs), style=style) for p, (lang, funcs, style) in INITIAL_FILES.items()]
    initial += [("M", "README.md", b"# Shop\n\nA small web shop.\n"), ("M", "requirements.txt", b"flask==2.2.0\n"),
                ("M", "docs/architecture.md", b"# Architecture\n\nshop/ is the core, web/ the front end, svc/ the API.\n")]
    writer.commit(PEOPLE["alice"], "Initial shop skeleton", initial, when=start)
    work = dict(WORK)
    for quarter in range(QUARTERS):
        year, month = 2023 + quarter // 4, 3 * (quarter % 4) + 1
        base = _stamp(f"{year}-{month:02d}-10T09:00:00")  # every commit inside its calendar quarter
        moments = sorted(base + rng.randrange(78 * 86400) for _ in range(COMMITS_PER_QUARTER))
        rework = 0.25 + 0.05 * quarter  # rework (lines replaced) rises quarter after quarter
        for index, when in enumerate(moments):
            author = PEOPLE[rng.choice(("alice", "bob", "carol", "dev", "erin"))]
            if quarter == 2 and index == 3:
                writer.commit(author, "Rename utils to helpers", writer.rename("shop/utils.py", "shop/helpers.py"),
                              when=when)
                work["shop/helpers.py"] = work.pop("shop/utils.py")
                continue
            if quarter == 3 and index == 5:
                _feature_branch(writer, when, rng)
                continue
            if index == 7 and quarter % 2 == 1:
                version = f"2.{quarter + 2}.{index}"
                writer.commit(DEPENDABOT, f"Bump flask from 2.2.0 to {version}",
                              [("M", "requirements.txt", f"flask=={version}\n".encode())], when=when)
                continue
            if quarter == 4 and index == 0:
                writer.commit(PEOPLE["dev"], "Add CLAUDE.md with project conventions",
                              [("M", "CLAUDE.md", b"# Conventions\n\nUse type hints. Run pytest before committing.\n")],
                              when=when)
                continue
            event = next((e for e in AI_EVENTS if e[0] == quarter and index == 10 + AI_EVENTS.index(e) % 3), None)
            if event is not None:
                _ai_event(writer, event, when)
                continue
            paths = list(work)
            if quarter >= 5:
                paths += [p for p in AI_EDITABLE if p in writer.state.files]
            weights = [work.get(p, 2) for p in paths]
            chosen = sorted(set(rng.choices(paths, weights, k=rng.randint(1, 2))))
            changes = [writer.edit(p, rework=rng.random() < rework) for p in chosen]
            if "shop/taxes.py" in chosen:  # taxes keeps being rewritten: many lines replaced each time
                source = writer.state.files["shop/taxes.py"]
                source.functions = [max(1, f + rng.choice((-2, -1, 1, 2))) for f in source.functions]
                source.revision += 1
                changes = [c for c in changes if c[1] != "shop/taxes.py"] + [("M", "shop/taxes.py",
                                                                            writer.content("shop/taxes.py"))]
            message = f"{_verb(rng)} {chosen[0].rsplit('/', 1)[-1].rsplit('.', 1)[0]}"
            trailer = CLAUDE if quarter >= 6 and rng.random() < 0.2 else None
            writer.commit(author, message + (f"\n\n{trailer}" if trailer else ""), changes, when=when)
    writer.close()
    checkout_head(target)
    head_of(target)
    return str(target)


def _verb(rng: random.Random) -> str:
    return rng.choice(("Fix", "Update", "Refactor", "Handle edge case in", "Speed up", "Clean up", "Extend"))


def _feature_branch(writer: HistoryWriter, when: int, rng: random.Random) -> None:
    base = writer.head
    assert base is not None, "the demo history starts before its merge"
    first = writer.commit(PEOPLE["carol"], "Start shipping estimates",
                          [writer.add_file("shop/shipping.py", "Python", [2, 3], style="human")],
                          ref="refs/heads/shipping", parents=[base], when=when)
    second = writer.commit(PEOPLE["carol"], "Shipping estimates for the cart",
                           [writer.edit("shop/shipping.py"), writer.edit("web/src/checkout.ts")],
                           ref="refs/heads/shipping", parents=[first], when=when + 3600)
    # fast-import starts a commit from its first parent's tree: carry the branch's files over.
    carried = [("M", p, writer.content(p)) for p in ("shop/shipping.py", "web/src/checkout.ts")]
    writer.commit(PEOPLE["alice"], "Merge branch 'shipping'", carried, parents=[base, second], when=when + 7200)


def _ai_event(writer: HistoryWriter, event: tuple[Any, ...], when: int) -> None:
    _, tool, who, subject, files = event
    changes = [writer.add_file(path, language, list(functions), style="ai") for path, (language, functions)
               in files.items()]
    person = PEOPLE[who]
    if tool == "claude":
        writer.commit(person, f"{subject}\n\n{CLAUDE}", changes, when=when)
    elif tool == "aider":
        writer.commit((f"{person[0]} (aider)", person[1]), f"{subject}\n\n{AIDER}", changes, when=when)
    elif tool == "cursor":
        writer.commit(person, f"{subject}\n\n{CURSOR}", changes, when=when)
    else:  # the Copilot coding agent: a plan commit, then the work, co-authored by the human
        writer.commit(COPILOT_AGENT, f"Initial plan\n\nCo-authored-by: {person[0]} <{person[1]}>", [], when=when)
        writer.commit(COPILOT_AGENT, f"{subject}\n\nCo-authored-by: {person[0]} <{person[1]}>", changes,
                      when=when + 600)
