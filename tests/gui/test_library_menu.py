"""Library menu (issue 11): export the part library, import a colleague's (the open BOM is mapped again and the
declaration is used at once), browse the entries in a table."""
from __future__ import annotations

from typing import Any

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
