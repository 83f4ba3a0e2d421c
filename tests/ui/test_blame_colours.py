"""The blame view's "Colour:" box: exact line tints and legend entries by age and by author on a built repo."""

from __future__ import annotations

from gitrepo import RepoBuilder

from debt_explorer.core.blame import blame_file

ANN = ("Ann Lee", "ann@example.com")
BEN = ("Ben Roe", "ben@example.com")
CAL = ("Cal Poe", "cal@example.com")


def build(repo: RepoBuilder) -> None:
    body = "".join(f"ann{i} = {i}\n" for i in range(1, 5))
    repo.write("a.py", body)
    repo.commit("ann", "2020-01-01T12:00:00+00:00", ANN)
    body += "ben1 = 1\nben2 = 2\n"
    repo.write("a.py", body)
    repo.commit("ben", "2022-01-01T12:00:00+00:00", BEN)
    body += "cal1 = 1\n"
    repo.write("a.py", body)
    repo.commit("cal", "2024-01-01T12:00:00+00:00", CAL)
    crowd = ""
    for number in range(1, 10):  # nine authors: the ninth by name is "others"
        crowd += f"x{number} = {number}\n" + ("y = 1\nz = 2\n" if number == 1 else "")
        repo.write("b.py", crowd)
        repo.commit(f"p{number}", f"2024-02-0{number}T12:00:00+00:00", (f"P{number}", f"p{number}@example.com"))


def _view(qtbot):
    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.views.blame_view import BlameView

    create_app()
    view = BlameView()
    qtbot.addWidget(view)
    return view


def _tints(view) -> list[tuple[str, int] | None]:
    return [None if c is None else (c.name(), c.alpha()) for c in view.edit.line_colours]


def test_blame_coloured_by_age_and_by_author(qtbot, tmp_path) -> None:
    from debt_explorer.ui.theme import AGE_COLOURS, AUTHOR_COLOURS, SERIES
    from debt_explorer.ui.views.blame_view import age_colour

    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    lines = blame_file(str(repo.path), "HEAD", "a.py")
    view = _view(qtbot)
    view.show_blame(lines, [[] for _ in lines], {5, 6}, 1)  # lines 5 and 6 marked as AI-written
    assert [text for _, text in COLOUR_TEXTS(view)] == ["Colour: AI lines", "Colour: age", "Colour: author"]
    assert _tints(view) == [None] * 4 + [(SERIES["ai"], 60)] * 2 + [None]
    assert "2 of 7 lines last changed by AI-attributed commits" in view.legend.text()

    view.colour.setCurrentText("Colour: age")
    middle = age_colour(731 / 1461).name()  # Ben's date: 731 of the 1,461 days from Ann's to Cal's
    assert middle == AGE_COLOURS[2] == "#41b6c4" and age_colour(0.125).name() == "#d0ecc0"  # between two stops
    assert _tints(view) == [(AGE_COLOURS[0], 110)] * 4 + [(middle, 110)] * 2 + [(AGE_COLOURS[4], 110)]
    assert view.legend_entries == [(AGE_COLOURS[0], "2020-01-01 oldest"), (AGE_COLOURS[1], "2020-12-31"),
                                   (AGE_COLOURS[2], "2022-01-01"), (AGE_COLOURS[3], "2023-01-01"),
                                   (AGE_COLOURS[4], "2024-01-01 newest")]
    assert "age (author date):" in view.legend.text() and "2024-01-01 newest" in view.legend.text()

    view.colour.setCurrentText("Colour: author")
    assert _tints(view) == [(AUTHOR_COLOURS[0], 90)] * 4 + [(AUTHOR_COLOURS[1], 90)] * 2 + [(AUTHOR_COLOURS[2], 90)]
    assert view.legend_entries == [(AUTHOR_COLOURS[0], "Ann Lee (4)"), (AUTHOR_COLOURS[1], "Ben Roe (2)"),
                                   (AUTHOR_COLOURS[2], "Cal Poe (1)")]
    assert "lines by author:" in view.legend.text()

    # the choice stays when another file's blame arrives; the ninth author of b.py is "others"
    crowd = blame_file(str(repo.path), "HEAD", "b.py")
    view.show_blame(crowd, [[] for _ in crowd], set(), 0)
    from debt_explorer.ui.theme import OTHERS_COLOUR

    assert view.legend_entries[0] == (AUTHOR_COLOURS[0], "P1 (3)")
    assert view.legend_entries[1:8] == [(AUTHOR_COLOURS[i], f"P{i + 1} (1)") for i in range(1, 8)]
    assert view.legend_entries[8] == (OTHERS_COLOUR, "others (1)")
    assert _tints(view)[-1] == (OTHERS_COLOUR, 90) and _tints(view)[0] == (AUTHOR_COLOURS[0], 90)

    view.show_message("Loading blame…")
    assert view.legend_entries == [] and view.edit.line_colours == []


def COLOUR_TEXTS(view) -> list[tuple[int, str]]:  # noqa: N802 - a helper, read as a constant in the assertion
    return [(i, view.colour.itemText(i)) for i in range(view.colour.count())]
