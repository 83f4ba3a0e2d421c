"""QA round two: odd characters in paths are shown escaped in the tables; same-day commits newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt

from debt_explorer.core.details import commits_for_file
from debt_explorer.ui.models.file_table import PATH, FileTableModel
from debt_explorer.ui.views.file_detail import FileDetailPanel
from gitrepo import RepoBuilder
from scanhelp import ALICE, scan


def _table_of(repo_builder: RepoBuilder, files: dict[str, str]) -> FileTableModel:
    """The file table of a one-commit repository holding ``files``."""
    for path, text in files.items():
        repo_builder.write(path, text)
    repo_builder.commit("files", "2024-01-10T12:00:00+00:00", ALICE)
    table = FileTableModel()
    table.set_result(scan(repo_builder.path))
    return table


def test_newline_and_tab_in_a_path_are_shown_escaped(qtbot, repo_builder: RepoBuilder) -> None:
    table = _table_of(repo_builder, {"new\nline.py": "def f(a):\n    return a\n",
                                     "tab\there.py": "def g(a):\n    return a\n"})
    shown = sorted(table.index(row, PATH).data(Qt.ItemDataRole.DisplayRole) for row in range(table.rowCount()))
    assert shown == ["new\\x0aline.py", "tab\\x09here.py"]


def test_same_day_commits_are_listed_newest_first(qtbot, repo_builder: RepoBuilder) -> None:
    subjects = []
    for index, when in enumerate(["09:00:00", "09:00:00", "09:00:00", "17:30:00"]):  # three share one second
        repo_builder.write("app/a.py", "def f(a):\n    return a\n" + "X = 1\n" * (index + 1))
        subjects.append(f"step {index}")
        repo_builder.commit(subjects[-1], f"2024-03-05T{when}+00:00", ALICE)
    result = scan(repo_builder.path)
    newest_first = subjects[::-1]
    assert [row.commit.subject for row in commits_for_file(result, "app/a.py")] == newest_first
    panel = FileDetailPanel()
    qtbot.addWidget(panel)
    panel.show_file(result, "app/a.py", str(repo_builder.path))
    proxy = panel.commits.model()
    assert [proxy.index(row, 6).data() for row in range(proxy.rowCount())] == newest_first


def test_unknown_cognitive_complexity_shows_blank_and_sorts_last(qtbot, repo_builder: RepoBuilder) -> None:
    from debt_explorer.ui.models.file_table import COGNITIVE, SORT_ROLE

    model = _table_of(repo_builder, {"a.kt": "fun f(a: Int): Int {\n    if (a > 1) { return 1 }\n    return 0\n}\n",
                                     "b.py": "def g(a):\n    if a:\n        return 1\n    return 0\n"})
    rows = {model.index(r, PATH).data(): r for r in range(model.rowCount())}
    assert model.index(rows["a.kt"], COGNITIVE).data() == ""
    assert model.index(rows["b.py"], COGNITIVE).data() == "1"
    assert model.index(rows["a.kt"], COGNITIVE).data(SORT_ROLE) < model.index(rows["b.py"], COGNITIVE).data(SORT_ROLE)
