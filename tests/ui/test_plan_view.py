"""The Plan tab: plan file export and import from the Plan menu; a store that cannot be read is said."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from debt_explorer.core.plan import PlanStore
from debt_explorer.ui.views.plan_view import PlanView
from fsfaults import damage_pages


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    return messages


def test_plan_menu_exports_and_imports_a_plan_file(qtbot, scanned, tmp_path: Path, told: list[str]) -> None:
    builder, _, result = scanned
    view = PlanView()
    qtbot.addWidget(view)
    view.set_context(result, str(builder.path))
    assert [a.text() for a in view.menu.actions() if a.text()] == [
        "Export plan file (JSON)…", "Import plan file…", "Export Markdown task list…", "Export CSV…"]
    view.add_item("app/engine.py", note="split", priority="high", effort="S")
    out = tmp_path / "team-plan.json"
    out.write_text("old")
    assert view.export("json", str(out))
    data = json.loads(out.read_text())
    assert [(i["path"], i["note"], i["priority"]) for i in data["items"]] == [("app/engine.py", "split", "high")]
    view.remove_selected()  # nothing selected: nothing removed
    view.table.selectRow(0)
    view.remove_selected()
    assert view.model.rowCount() == 0
    assert view.import_file(str(out))
    assert view.model.rowCount() == 1 and view.model.item(0, 4).text() == "split"
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert not view.import_file(str(bad)) and "not a plan file" in told[-1]
    assert not any(p.name.endswith(".json") for p in Path(builder.path).rglob("*"))  # nothing in the repository


def test_unreadable_plan_store_is_said_not_shown_empty(qtbot, scanned, told: list[str], tmp_path: Path) -> None:
    builder, _, result = scanned
    store = PlanStore(str(builder.path))
    for n in range(60):
        store.add(f"f{n}.py", note="x" * 200)
    damage_pages(Path(os.environ["DEBT_EXPLORER_DATA_DIR"]) / "plans.sqlite3")
    view = PlanView()
    qtbot.addWidget(view)
    view.set_context(result, str(builder.path))
    assert view.model.rowCount() == 0
    assert "could not be read" in view.summary.text() and "damaged" in view.summary.text()
    assert not view.export("json", str(tmp_path / "p.json")) and not (tmp_path / "p.json").exists()
    assert "nothing to export" in told[-1]
    view.add_item("app/engine.py")
    assert "damaged" in told[-1]


def test_file_menu_has_the_plan_file_actions(window, monkeypatch: pytest.MonkeyPatch) -> None:
    actions = window.actions_by_name
    assert actions["export_plan"].text() == "Refactoring plan file (JSON)…"
    assert actions["import_plan"].text() == "&Import plan file…"
    asked: list[str] = []
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append("save") or ("", ""))
    actions["export_plan"].trigger()  # no repository open yet: nothing to export, nothing asked
    assert asked == []


def test_function_item_shows_its_own_figures_and_editing_keeps_the_note(qtbot, scanned,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from debt_explorer.ui.views.plan_view import HEADERS, AddToPlanDialog

    builder, _, result = scanned
    own = next(f for f in result.functions["app/engine.py"] if f.name == "g")
    assert own.complexity != result.file("app/engine.py").complexity  # else the test would prove nothing
    view = PlanView()
    qtbot.addWidget(view)
    view.set_context(result, str(builder.path))
    view.add_item("app/engine.py", function="g", note="extract the loop", priority="high", effort="L")
    cell = {h: view.model.item(0, i).text() for i, h in enumerate(HEADERS)}
    assert (cell["Function"], cell["Complexity"], cell["SLOC"]) == ("g", str(own.complexity), str(own.sloc))
    assert f"complexity {result.file('app/engine.py').complexity}" in view.model.item(0, 5).toolTip()
    seen: list[tuple[str, str, str]] = []

    def accept(dialog: AddToPlanDialog) -> int:  # the user opens "Add to plan…" again and presses OK
        seen.append((dialog.note.text(), dialog.priority.currentText(), dialog.effort.currentText()))
        return 1

    monkeypatch.setattr(AddToPlanDialog, "exec", accept)
    view.ask_and_add("app/engine.py", "g", note="X-Ray: 3 revisions")
    assert seen == [("extract the loop", "high", "L")]
    assert [(r.item.note, r.item.priority, r.item.effort) for r in view.rows] == [("extract the loop", "high", "L")]
    view.ask_and_add("app/engine.py", "f", note="X-Ray: 1 revision")  # a new item still gets the suggested note
    assert seen[-1] == ("X-Ray: 1 revision", "medium", "M")
