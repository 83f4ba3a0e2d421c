"""Paths with bytes that are not UTF-8: Qt would silently drop them, so the models show them as \\xNN."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from debt_explorer.core.rawbytes import json_escaped, raw_bytes, shown
from debt_explorer.ui.models.file_table import PATH, FileTableModel
from debt_explorer.ui.models.folder_tree import FolderTreeModel
from gitrepo import RepoBuilder
from scanhelp import scan


def test_rawbytes_helpers() -> None:
    text = b"caf\xe9/\xff.py".decode("utf-8", "surrogateescape")
    assert shown(text) == "caf\\xe9/\\xff.py" and shown("plain é") == "plain é"
    assert json_escaped(f'"{text}"') == '"caf\\udce9/\\udcff.py"'
    assert raw_bytes(text) == b"caf\xe9/\xff.py"


def test_models_show_undecodable_path_bytes(qtbot, repo_builder: RepoBuilder) -> None:
    folder = repo_builder.path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    (folder / "x.py").write_text("def f(a):\n    return a\n")
    repo_builder.commit("odd folder", "2024-01-10T12:00:00+00:00")
    result = scan(repo_builder.path)
    table = FileTableModel()
    table.set_result(result)
    assert table.index(0, PATH).data(Qt.ItemDataRole.DisplayRole) == "caf\\xe9/x.py"
    tree = FolderTreeModel()
    tree.set_result(result)
    root = tree.index(0, 0)
    names = [tree.index(row, 0, root).data(Qt.ItemDataRole.DisplayRole) for row in range(tree.rowCount(root))]
    assert "caf\\xe9" in names
