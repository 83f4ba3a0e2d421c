"""The Map's treemap coloured by main author: exact colours per file and folder, the key, "others", "no data"."""

from __future__ import annotations

from scanhelp import scan
from gitrepo import RepoBuilder

from debt_explorer.core.authorship import OTHERS, folder_main_authors, map_author_key
from debt_explorer.core.folders import folder_tree

ANN = ("Ann Lee", "ann@example.com")
BEN = ("Ben Roe", "ben@example.com")
CAL = ("Cal Poe", "cal@example.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")


def text(prefix: str, count: int, start: int = 1) -> str:
    return "".join(f"{prefix}{i} = {i}\n" for i in range(start, start + count))


def build(repo: RepoBuilder) -> None:
    repo.write("pkg/a.py", text("a", 10))
    repo.write("pkg/b.py", text("b", 3))
    repo.commit("ann", "2024-01-10T12:00:00+00:00", ANN)
    repo.write("pkg/b.py", text("b", 3) + text("ben", 5))
    repo.commit("ben", "2024-02-10T12:00:00+00:00", BEN)
    repo.write("lib/c.py", text("c", 4))
    repo.commit("cal", "2024-03-10T12:00:00+00:00", CAL)
    repo.write("pkg/a.py", text("a", 10) + text("bump", 20))  # a bot's 20 lines count for no one
    repo.commit("bump", "2024-03-20T12:00:00+00:00", BOT)


def test_folder_main_authors_and_key_with_others(tmp_path) -> None:
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    authors, totals = folder_main_authors(folder_tree(result))
    assert authors == {"": "Ann Lee", "pkg": "Ann Lee", "lib": "Cal Poe"}
    assert dict(totals) == {"Ann Lee": 13, "Ben Roe": 5, "Cal Poe": 4}
    key = map_author_key(result.files, totals, top=2)
    assert key.top == (("Ann Lee", 13), ("Ben Roe", 5)) and key.others_lines == 4 and key.no_data == 0
    assert (key.slot("Ann Lee"), key.slot("Cal Poe"), key.slot(None)) == (0, -1, None)


def test_treemap_coloured_by_main_author(qtbot, tmp_path) -> None:
    from debt_explorer.ui.app import create_app
    from debt_explorer.ui.theme import AUTHOR_COLOURS, NO_DATA_COLOUR
    from debt_explorer.ui.views.hotspot_map import HotspotMapView

    create_app()
    repo = RepoBuilder(tmp_path / "r")
    build(repo)
    result = scan(repo.path)
    view = HotspotMapView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.set_result(result)
    view.colour_by.setCurrentText("Colour: main author")
    assert view.treemap.colour_by == "author"
    assert view.author_key.isVisible() and not view.scale.isVisible()
    colours = {node.path: view.treemap.colour_of(node).name() for _, node, _ in view.treemap.cells()}
    assert colours == {"pkg": AUTHOR_COLOURS[0], "pkg/a.py": AUTHOR_COLOURS[0], "pkg/b.py": AUTHOR_COLOURS[1],
                       "lib": AUTHOR_COLOURS[2], "lib/c.py": AUTHOR_COLOURS[2]}
    assert view.author_key.entries == [(AUTHOR_COLOURS[0], "Ann Lee", "13 lines"),
                                       (AUTHOR_COLOURS[1], "Ben Roe", "5 lines"),
                                       (AUTHOR_COLOURS[2], "Cal Poe", "4 lines")]
    assert OTHERS not in view.author_key.text()
    view.colour_by.setCurrentText("Colour: knowledge loss")
    assert view.scale.isVisible() and not view.author_key.isVisible()
    assert "knowledge loss" in view.scale.caption()
    # a scan without line provenance: every cell is "no data", and the key says so
    bare = scan(repo.path, lines=False)
    view.set_result(bare)
    view.colour_by.setCurrentText("Colour: main author")
    assert {view.treemap.colour_of(node).name() for _, node, _ in view.treemap.cells()} == {NO_DATA_COLOUR}
    assert view.author_key.entries == [(NO_DATA_COLOUR, "no data", "3 files without line provenance")]
