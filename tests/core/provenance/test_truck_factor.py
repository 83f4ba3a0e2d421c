"""Truck factor: degree-of-authorship coefficients and thresholds of Avelino et al. (ICPC 2016)."""

from __future__ import annotations

import math

import pytest

from debt_explorer.core.models import Commit, FileChange
from debt_explorer.core.provenance.truck import degree_of_authorship, file_authors, truck_factor, truck_factors


def test_degree_of_authorship_uses_the_published_coefficients() -> None:
    assert degree_of_authorship(True, 1, 0) == pytest.approx(3.293 + 1.098 + 0.164)
    assert degree_of_authorship(False, 2, 3) == pytest.approx(3.293 + 0.328 - 0.321 * math.log(4))


def test_file_authors_need_normalised_doa_above_075_and_absolute_at_least_3293() -> None:
    # creator with one change, another developer with two: DOA 4.555 - 0.321 ln 3 vs 3.621 - 0.321 ln 2
    creator = degree_of_authorship(True, 1, 2)
    other = degree_of_authorship(False, 2, 1)
    assert other / creator > 0.75 and other >= 3.293
    assert file_authors(["ann", "ben", "ben"]) == {"ann", "ben"}
    assert file_authors(["ann"] + ["ben"] * 12) == {"ben"}
    assert file_authors(["ann", "ben"]) == {"ann"}  # ben: 3.457 - 0.222 = 3.235 < 3.293


def test_greedy_removal_until_more_than_half_the_files_are_orphans() -> None:
    files = {"a": {"ann"}, "b": {"ann"}, "c": {"ben"}, "d": {"ben", "cid"}, "e": {"cid"}}
    # ties go to the first name: remove ann (a, b orphaned: 2 of 5, not more than half), then ben (c too: 3 of 5)
    assert truck_factor(files) == (2, ("ann", "ben"))
    assert truck_factor({"a": {"ann"}}) == (1, ("ann",))
    assert truck_factor({}) == (0, ())


def test_truck_factors_per_folder_skip_bots() -> None:
    def commit(sha: str, email: str, when: int) -> Commit:
        return Commit(sha, (), email.split("@")[0], email, when, "", "", when, "m")

    commits = {"1": commit("1", "ann@x", 1), "2": commit("2", "ben@x", 2), "3": commit("3", "bot@x", 3)}
    changes = [FileChange("3", "src/a.py", None, 5, 0, file="src/a.py"),
               FileChange("2", "lib/b.py", None, 5, 0, file="lib/b.py"),
               FileChange("1", "src/a.py", None, 5, 0, file="src/a.py")]
    out = truck_factors(["src/a.py", "lib/b.py"], changes, commits, {"3"}.__contains__)
    assert out["src"].authors == ("ann@x",) and out["lib"].authors == ("ben@x",)
    # one of two files orphaned is not more than half: both authors must go
    assert out[""].truck_factor == 2 and out[""].files == 2
