"""core.authorship: one author per e-mail in the blame view, ages on the file's own scale."""

from __future__ import annotations

from debt_explorer.core.authorship import blame_ages, blame_author_key
from debt_explorer.core.blame import BlameLine


def line(number: int, author: str, email: str, when: int) -> BlameLine:
    return BlameLine(number, "a" * 40, author, email, when, "s", "x")


def test_one_author_per_email_ranked_by_lines_and_ages() -> None:
    lines = [line(1, "Ann Lee", "ann@example.com", 100), line(2, "ann lee", "ANN@example.com", 300),
             line(3, "Ben", "ben@example.com", 200), line(4, "Ben", "ben@example.com", 0)]
    key, authors = blame_author_key(lines, top=1)
    assert authors == ["Ann Lee", "Ann Lee", "Ben", "Ben"]
    assert key.top == (("Ann Lee", 2),) and key.others_lines == 2
    assert blame_ages(lines) == ([0.0, 1.0, 0.5, None], 100, 300)
    assert blame_ages([line(1, "A", "", 5)]) == ([1.0], 5, 5)
