"""Qt models over a real scan: structure (qtmodeltester), sorting and filters."""

from __future__ import annotations

from PySide6.QtCore import Qt

from debt_explorer.ui.models.file_table import COMPLEXITY, PATH, FileFilterProxy, FileTableModel
from debt_explorer.ui.models.folder_tree import PATH_ROLE, FolderTreeModel


def test_file_table_model_and_proxy(qtmodeltester, scanned) -> None:
    _, _, result = scanned
    model = FileTableModel()
    model.set_result(result)
    qtmodeltester.check(model)
    proxy = FileFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 2
    assert model.headerData(COMPLEXITY, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).startswith("Sum of")
    proxy.sort(COMPLEXITY, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, PATH).data() for r in range(2)] == ["app/engine.py", "app/feature.js"]
    proxy.sort(PATH, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, PATH).data() == "app/feature.js"
    proxy.set_filters(text="ENGINE")
    assert proxy.rowCount() == 1 and proxy.index(0, PATH).data() == "app/engine.py"
    proxy.set_filters(text="", language="JavaScript")
    assert [proxy.index(r, PATH).data() for r in range(proxy.rowCount())] == ["app/feature.js"]
    proxy.set_filters(language="", paths=frozenset({"app/engine.py"}))
    assert proxy.rowCount() == 1
    proxy.set_filters(paths=None, high_churn_only=True)
    assert proxy.rowCount() == 0
    proxy.set_filters(high_churn_only=False, folder="lib")
    assert proxy.rowCount() == 0
    proxy.set_filters(folder="app")
    assert proxy.rowCount() == 2


def test_folder_tree_model(qtmodeltester, scanned) -> None:
    _, _, result = scanned
    model = FolderTreeModel()
    model.set_result(result)
    qtmodeltester.check(model)
    root = model.index(0, 0)
    assert root.data() == "(all files)" and model.index(0, 1).data() == "2"
    app = model.index(0, 0, root)
    assert app.data() == "app" and app.data(PATH_ROLE) == "app"
    engine, feature = result.file("app/engine.py"), result.file("app/feature.js")
    assert model.index(0, 2, root).data() == f"{engine.sloc + feature.sloc:,}"


def test_file_table_cognitive_columns(scanned) -> None:
    from debt_explorer.ui.models.file_table import COGNITIVE, MAX_COGNITIVE, SORT_ROLE

    _, _, result = scanned
    model = FileTableModel()
    model.set_result(result)
    assert model.headerData(COGNITIVE, Qt.Orientation.Horizontal) == "Cognitive"
    by_path = {f.path: f for f in result.files}
    for row in range(model.rowCount()):
        record = by_path[model.index(row, PATH).data()]
        assert model.index(row, COGNITIVE).data(SORT_ROLE) == record.cognitive
        assert model.index(row, MAX_COGNITIVE).data(SORT_ROLE) == record.max_cognitive
    assert any(record.cognitive > 0 for record in result.files)
