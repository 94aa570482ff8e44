"""Library menu (issue 11): export the part library, import a colleague's (the open BOM is mapped again and the
declaration is used at once), browse the entries in a table."""
from __future__ import annotations

from typing import Any

import pytest

from desktop.core.mapping.library import PartLibrary
from desktop.paths import part_library_file


def _titles(win: Any) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def test_menu_export_import_browse(loaded_window: Any, qtbot: Any, tmp_path: Any) -> None:
    win = loaded_window
    menu = win.library_menu
    assert "&Library" in _titles(win)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Export Part Library…", "&Import Part Library…", "&Browse Part Library…", "Export Supplier &Surveys…",
        "Import Supplier &Declarations…"]
    # a colleague's library with a declaration for the speaker of the sample BOM
    theirs = PartLibrary()
    theirs.declare(part_number="SP-3002", grams={"Nd": 0.9}, supplier="東莞音響", file="survey_東莞音響.xlsx")
    shared = tmp_path / "colleague.json"
    theirs.save(shared)
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda stage: stage == 4):
        assert menu.import_library(str(shared))
    assert "1 entry added" in win.statusBar().currentMessage()
    frame = win.session.assessment
    index = list(frame.mapped.imported.parts["part_number"]).index("SP-3002")
    mapping = frame.mapped.mappings[index]
    assert mapping.method == "declared" and set(mapping.elements) == {"Nd"}

    out = tmp_path / "mine.json"
    assert menu.export_library(str(out))
    assert PartLibrary.load(out).lookup("SP-3002").supplier == "東莞音響"
    import desktop.gui.errors as errors
    from desktop.core.errors import UsageError

    shown: list[BaseException] = []
    original = errors.show_error
    errors.show_error = lambda parent, exc: shown.append(exc)   # type: ignore[assignment,misc]
    try:
        assert not menu.export_library(str(part_library_file()))   # refused: it is the library itself
    finally:
        errors.show_error = original
    assert len(shown) == 1 and isinstance(shown[0], UsageError)   # a refusal, not an "unexpected error"

    dialog = menu.browse()
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[0] == "SP-3002" and "Nd" in row[2] and row[3] == "Supplier survey" and "東莞音響" in row[4]
    dialog.close()


def test_survey_round_trip_from_the_menu(loaded_window: Any, qtbot: Any, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    win = loaded_window
    menu = win.library_menu
    menu._update_actions()
    assert menu.survey_export_action.isEnabled()
    written = menu.export_surveys(str(tmp_path / "surveys"))
    magnets = next(p for p in written if p.name == "survey_寧波磁材.xlsx")
    wb = load_workbook(magnets)
    ws = wb["Declaration"]
    ws["D3"], ws["E3"], ws["D4"], ws["E4"] = "Y", 4.2, "Y", "lots"
    wb.save(magnets)
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda stage: stage == 4):
        assert menu.import_declarations([str(magnets)]) == 1
    assert "E4" in menu.problem_box.detailedText() and "lots" in menu.problem_box.detailedText()
    parts = win.session.assessment.mapped.imported.parts["part_number"].tolist()
    mapping = win.session.assessment.mapped.mappings[parts.index("MG-2003")]
    assert mapping.method == "declared" and mapping.elements["Nd"].grams == 4.2


def _shown_errors(monkeypatch: Any) -> list[BaseException]:
    import desktop.gui.errors as errors

    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc))
    return shown


def test_the_menu_says_what_the_command_says(window: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """One set of steps (desktop.app.library): the menu's refusals and summaries are the CLI's sentences."""
    from desktop.app import library as app_library
    from desktop.core.errors import InputError, UsageError

    menu = window.library_menu
    theirs = PartLibrary()
    theirs.set_override(part_number="A-1", class_id="mlcc")
    shared = tmp_path / "colleague.json"
    theirs.save(shared)
    assert menu.import_library(str(shared))
    assert window.statusBar().currentMessage() == (
        f"{shared}: 1 entry added, 0 replaced by newer ones, 0 kept (ours newer; theirs kept in the history), "
        "0 already held")
    assert menu.export_library(str(tmp_path / "out.json"))
    assert window.statusBar().currentMessage() == f"1 entry exported to {tmp_path / 'out.json'}"

    shown = _shown_errors(monkeypatch)
    before = part_library_file().read_bytes()
    assert not menu.export_library(str(part_library_file()))
    assert not menu.import_library(str(part_library_file()))    # the library into itself: refused, as the CLI does
    assert not menu.import_library(str(tmp_path / "gone.json"))
    assert [type(e) for e in shown] == [UsageError, UsageError, InputError]
    for exc, step in zip(shown, (lambda: app_library.export_library(part_library_file()),
                                 lambda: app_library.import_library(part_library_file()),
                                 lambda: app_library.import_library(tmp_path / "gone.json")), strict=True):
        with pytest.raises(type(exc)) as same:   # the app layer's own refusal: the very sentence the menu showed
            step()
        assert same.value.render() == exc.render()
    assert part_library_file().read_bytes() == before


def test_a_damaged_own_library_is_set_aside_and_told_when_the_menu_uses_it(window: Any, tmp_path: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = part_library_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert window.library_menu.export_library(str(tmp_path / "out.json"))
    assert window.statusBar().currentMessage() == f"0 entries exported to {tmp_path / 'out.json'}"
    boxes = [b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Damaged file set aside"]
    assert len(boxes) == 1 and "part_library.json.corrupt-" in boxes[0].text()
    [backup] = path.parent.glob("part_library.json.corrupt-*")
    assert backup.read_text(encoding="utf-8") == "{not json"


def test_declaration_summary_reads_right_for_one(loaded_window: Any, qtbot: Any, tmp_path: Any,
                                                 message_boxes: Any) -> None:
    """One declaration stored and one bad cell: '1 declaration …; 1 cell or record not imported' in the box."""
    from openpyxl import load_workbook

    menu = loaded_window.library_menu
    written = menu.export_surveys(str(tmp_path / "surveys"))
    assert loaded_window.statusBar().currentMessage() == (
        f"{len(written)} survey workbooks written to {tmp_path / 'surveys'}")
    magnets = next(p for p in written if p.name == "survey_寧波磁材.xlsx")
    wb = load_workbook(magnets)
    ws = wb["Declaration"]
    ws["D3"], ws["E3"], ws["D4"], ws["E4"] = "Y", 4.2, "Y", "lots"
    wb.save(magnets)
    unreadable = tmp_path / "unreadable.xlsx"
    unreadable.write_bytes(b"not a workbook")
    with qtbot.waitSignal(loaded_window.session.changed, timeout=30_000, check_params_cb=lambda stage: stage == 4):
        assert menu.import_declarations([str(magnets), str(unreadable)]) == 1
    [box] = [m for m in message_boxes.shown if m["title"] == "Import Supplier Declarations"]
    assert box["text"] == (f"1 declaration imported into {part_library_file()}; 1 cell or record not imported, "
                           "0 rows not answered")
    assert "unreadable.xlsx" in box["details"] and "E4" in box["details"]
