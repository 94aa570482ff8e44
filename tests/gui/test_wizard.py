"""Import wizard: detected sheet and header, column mapping, header-row click, skipped rows, remembered mapping,
password prompt, and the error dialog for a broken file."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from desktop.gui.dialogs.import_wizard import ImportWizard


def open_wizard(qtbot, path: Path, **kwargs) -> ImportWizard:
    wizard = ImportWizard(str(path), **kwargs)
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.loaded, timeout=30_000):
        wizard.show()
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=30_000)
    return wizard


def reimported(qtbot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.loaded, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=30_000)


def test_detects_sheet_header_and_columns(qtbot, sample_bom_path: Path) -> None:
    wizard = open_wizard(qtbot, sample_bom_path)
    info = wizard.preview
    assert wizard.sheet_combo.currentData() == info.sheet
    assert wizard.header_spin.value() == info.header_row > 0
    assert wizard.grid_model.header_row == info.header_row
    mapping = wizard.mapping_form.mapping()
    assert mapping["part_number"] == "品番"
    assert mapping["quantity"] == "数量"
    assert wizard.result is not None and wizard.result.rows_imported > 0
    # step 3 shows the normalised rows and the skipped rows with reasons
    assert wizard.rows_model.rowCount() == min(500, wizard.result.rows_imported)
    assert wizard.skipped_model.rowCount() == len(wizard.result.skipped)
    if wizard.result.skipped:
        reason = wizard.skipped_model.index(0, 1).data()
        assert reason and reason == wizard.result.skipped[0].render()
    assert wizard.import_button.isEnabled()


def test_changing_a_column_reimports_with_the_users_choice(qtbot, sample_bom_path: Path) -> None:
    wizard = open_wizard(qtbot, sample_bom_path)
    assert "supplier" in wizard.result.columns
    wizard.mapping_form.select("supplier", "")          # "(not used)"
    reimported(qtbot, wizard)
    assert "supplier" not in wizard.result.columns
    assert wizard.result.parts["supplier"].isna().all()
    assert wizard.options.column_map["supplier"] == ""
    # a required field: with neither part number nor description the wizard cannot finish
    wizard.mapping_form.select("part_number", "")
    wizard.mapping_form.select("description", "")
    assert not wizard.mapping_form.is_complete()
    assert not wizard.import_button.isEnabled()


def test_clicking_a_row_sets_the_header_row(qtbot, sample_bom_path: Path) -> None:
    wizard = open_wizard(qtbot, sample_bom_path)
    detected = wizard.preview.header_row
    wizard.grid_view.clicked.emit(wizard.grid_model.index(detected, 0))   # the row below the header
    reimported(qtbot, wizard)
    assert wizard.preview.header_row == detected + 1
    assert wizard.options.header_row == detected + 1
    assert wizard.grid_model.header_row == detected + 1
    wizard.grid_view.clicked.emit(wizard.grid_model.index(detected - 1, 0))
    reimported(qtbot, wizard)
    assert wizard.result is not None and wizard.result.header_row == detected


def test_remembered_mapping_is_reused_with_a_note(qtbot, sample_bom_path: Path) -> None:
    wizard = open_wizard(qtbot, sample_bom_path)
    wizard.mapping_form.select("supplier", "")
    reimported(qtbot, wizard)
    wizard.remember_box.setChecked(True)
    wizard.import_button.click()
    assert wizard.result is not None

    again = open_wizard(qtbot, sample_bom_path)
    qtbot.waitUntil(lambda: again.remembered and again.result is not None and not again.busy(), timeout=30_000)
    assert again.memory_note.isVisibleTo(again)
    assert "saved" in again.memory_note.text()
    assert again.mapping_form.mapping()["supplier"] == ""
    assert "supplier" not in again.result.columns


def test_password_prompt_retries_with_the_password(qtbot, sample_bom_path: Path, monkeypatch) -> None:
    import desktop.core.importing as importing
    from desktop.core.errors import PasswordRequired
    from desktop.i18n import N_

    real_open = importing.open_book
    seen: list = []

    def guarded(path, options, progress=None):
        seen.append(options.password)
        if options.password != "secret":
            raise PasswordRequired(N_("{file} is protected with a password."), {"file": Path(path).name})
        return real_open(path, options, progress)

    monkeypatch.setattr(importing, "open_book", guarded)
    asked: list[str] = []

    def get_text(parent, title, label, echo, *args, **kwargs):
        asked.append(title)
        return "secret", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    wizard = ImportWizard(str(sample_bom_path))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.result is not None and not wizard.busy(), timeout=30_000)
    assert asked == ["Password required"]
    assert seen[:2] == [None, "secret"]
    assert wizard.options.password == "secret"


def test_broken_file_shows_an_error_dialog(qtbot, tmp_path: Path, message_boxes) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    wizard = ImportWizard(str(broken))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: bool(message_boxes.shown), timeout=30_000)
    shown = message_boxes.shown[0]
    assert shown["title"] == "reerisk"
    assert "broken.xlsx" in shown["text"]
    assert "Traceback" not in shown["text"]
    assert wizard.result is None


@pytest.mark.realbom
def test_real_csv_bom(qtbot, real_boms_dir: Path) -> None:
    wizard = open_wizard(qtbot, real_boms_dir / "openmower_mainboard_bom.csv")
    assert wizard.result is not None and wizard.result.rows_imported > 10
    assert wizard.sheet_combo.count() == 1 and not wizard.sheet_combo.isEnabled()


def test_sheet_step_ticks_every_bom_sheet_and_lets_the_user_choose(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from tests.core.importing_fixtures import write_xlsx

    a = [["Part No", "Description", "Qty"], ["A1", "Stepper motor", 1]]
    b = [["Part No", "Description", "Qty"], ["B1", "NdFeB magnet", 4], ["B2", "Hall sensor", 2]]
    path = write_xlsx(tmp_path / "two.xlsx", {"Electronics": a, "Notes": [["Read me first"]], "Mechanics": b})
    wizard = open_wizard(qtbot, path)
    items = [wizard.sheets_list.item(i) for i in range(wizard.sheets_list.count())]
    assert wizard.sheets_list.isVisibleTo(wizard) and len(items) == 3
    assert [i.checkState() == Qt.CheckState.Checked for i in items] == [True, False, True]
    assert "no BOM table" in items[1].text()
    assert wizard.result.sheets_used == ("Electronics", "Mechanics") and wizard.result.rows_imported == 3
    assert "tables of 2 sheets" in wizard.result_label.text()
    assert any("“Notes” was not assessed" in w for w in wizard.warnings.messages())  # said, never silent
    items[0].setCheckState(Qt.CheckState.Unchecked)  # only Mechanics
    reimported(qtbot, wizard)
    assert wizard.result.sheets_used == ("Mechanics",) and wizard.result.rows_imported == 2
    assert wizard.preview.sheet == "Mechanics" and wizard.sheet_combo.currentData() == "Mechanics"
    wizard.sheets_list.item(0).setCheckState(Qt.CheckState.Checked)  # both again; Mechanics stays shown
    reimported(qtbot, wizard)
    assert wizard.result.sheets_used == ("Mechanics", "Electronics") and wizard.result.sheet == "Mechanics"
    wizard.import_button.click()
    assert wizard.options.sheet == ("Mechanics", "Electronics")


def test_headerless_table_can_be_imported(qtbot, tmp_path: Path) -> None:
    from tests.core.importing_fixtures import write_csv

    rows = [["Neodymium magnet N52 10x3mm", 20, "MAG-1"], ["NEMA 17 stepper motor", 3, "STP-17"],
            ["Ball bearing 608ZZ", 8, "BRG-608"]]
    wizard = open_wizard(qtbot, write_csv(tmp_path / "loose.csv", rows))
    assert wizard.preview.headerless and wizard.result is not None and wizard.result.rows_imported == 3
    assert not wizard.sheets_list.isVisibleTo(wizard)
    assert wizard.mapping_form.mapping()["quantity"] == "B"
    assert "without a header row" in wizard.result_label.text()
    assert wizard.next_button.isEnabled() and wizard.import_button.isEnabled()


def test_rows_of_several_sheets_show_their_sheet(qtbot, tmp_path: Path) -> None:
    from tests.core.importing_fixtures import write_xlsx

    a = [["Part No", "Description", "Footprint", "Qty"], ["A1", "Green LED", "LED_0603", 1], ["", "", "", ""],
         ["Total", "", "", 1]]
    b = [["Part No", "Description", "Qty"], ["B1", "NdFeB magnet", 4]]
    wizard = open_wizard(qtbot, write_xlsx(tmp_path / "ab.xlsx", {"A": a, "B": b}))
    model = wizard.rows_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles[0] == "Sheet" and "Other text" in titles
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["A", "B"]
    assert model.index(0, titles.index("Other text")).data() == "Footprint: LED_0603"
    assert wizard.skipped_model.index(0, 0).data() == "A!4"


def _copy(source: Path, folder: Path) -> Path:
    import shutil

    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def test_header_click_and_column_edit_never_read_the_file_again(qtbot, sample_bom_path: Path, tmp_path: Path,
                                                                 monkeypatch) -> None:
    """The wizard holds the opened book: a click re-runs only the layout, even with the file gone."""
    import hashlib

    import desktop.core.importing.api as api

    path = _copy(sample_bom_path, tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    wizard = open_wizard(qtbot, path)
    detected = wizard.preview.header_row
    opened: list = []
    real = api.open_workbook
    monkeypatch.setattr(api, "open_workbook", lambda p, o: opened.append(p) or real(p, o))
    path.unlink()
    wizard.grid_view.clicked.emit(wizard.grid_model.index(detected, 0))   # the row below the header
    reimported(qtbot, wizard)
    assert wizard.preview.header_row == detected + 1 == wizard.options.header_row
    wizard.grid_view.verticalHeader().sectionClicked.emit(detected - 1)   # back to the detected header
    reimported(qtbot, wizard)
    assert wizard.result is not None and wizard.result.header_row == detected
    wizard.mapping_form.select("supplier", "")
    reimported(qtbot, wizard)
    assert "supplier" not in wizard.result.columns and wizard.result.source_sha256 == digest
    assert opened == []


def test_closing_the_wizard_releases_the_opened_file(qtbot, sample_bom_path: Path) -> None:
    import gc
    import weakref

    wizard = open_wizard(qtbot, sample_bom_path)
    assert wizard._book is not None
    book = weakref.ref(wizard._book)
    wizard.reject()
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=30_000)
    gc.collect()
    assert wizard._book is None and book() is None


def test_a_table_without_part_rows_cannot_be_imported(qtbot, tmp_path: Path) -> None:
    """The wizard runs the pipeline's import stage: a header without parts is refused as the CLI refuses it."""
    from tests.core.importing_fixtures import EN_HEADERS, write_csv

    wizard = open_wizard(qtbot, write_csv(tmp_path / "header_only.csv", [EN_HEADERS]))
    assert wizard.result is None and "holds no part rows" in wizard.result_label.text()
    assert not wizard.import_button.isEnabled()


def test_wizard_end_to_end_records_what_it_read(window, qtbot, sample_bom_path: Path, tmp_path: Path) -> None:
    """Open in the main window, click another header row and back, then Import: the assessment is of the bytes
    the wizard read, and a save records their hash even though the file changed while the wizard was open."""
    import hashlib
    import json

    from desktop.gui.session import Stage

    path = _copy(sample_bom_path, tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    wizard = window.start_import(str(path))
    qtbot.waitUntil(lambda: wizard.result is not None and not wizard.busy(), timeout=30_000)
    detected = wizard.preview.header_row
    parts = wizard.result.rows_imported
    wizard.grid_view.clicked.emit(wizard.grid_model.index(detected + 1, 0))
    reimported(qtbot, wizard)
    assert wizard.preview.header_row == detected + 2
    wizard.grid_view.clicked.emit(wizard.grid_model.index(detected - 1, 0))
    reimported(qtbot, wizard)
    assert wizard.result.header_row == detected and wizard.result.rows_imported == parts
    path.write_bytes(path.read_bytes() + b"\0")       # saved again in Excel while the wizard is open
    wizard.next_button.click()
    wizard.next_button.click()
    with qtbot.waitSignal(window.session.changed, timeout=60_000, check_params_cb=lambda s: s == Stage.SCORED):
        wizard.import_button.click()
    assert wizard._book is None                        # released when the wizard closed
    imported = window.session.imported
    assert imported.rows_imported == parts and imported.source_sha256 == digest
    assert window.session.assessment.summary.parts_total > 0
    target = tmp_path / "job.reerisk"
    assert window._write_document(str(target), wait=True)
    assert json.loads(target.read_text(encoding="utf-8"))["source"]["sha256"] == digest
