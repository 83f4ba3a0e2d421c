"""The Style column is hidden by default and opt-in from the header's context menu, with its warning."""

from __future__ import annotations

from PySide6.QtCore import Qt

from debt_explorer.ui.models.file_table import STYLE, FileFilterProxy, FileTableModel
from debt_explorer.ui.views.file_table_view import STYLE_WARNING, header_menu, make_file_table


def test_style_column_is_hidden_until_chosen_with_its_warning(qtbot, scanned) -> None:
    _, _, result = scanned
    model = FileTableModel()
    model.set_result(result)
    proxy = FileFilterProxy()
    proxy.setSourceModel(model)
    table = make_file_table(proxy)
    qtbot.addWidget(table)
    assert table.isColumnHidden(STYLE)
    tooltip = model.headerData(STYLE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "only on disclosed or recorded evidence" in tooltip
    menu = header_menu(table)
    action = menu.actions()[0]
    assert not action.isChecked() and action.toolTip() == STYLE_WARNING and "close to chance" in STYLE_WARNING
    action.trigger()
    assert not table.isColumnHidden(STYLE)
    assert header_menu(table).actions()[0].isChecked()
    action.trigger()
    assert table.isColumnHidden(STYLE)
