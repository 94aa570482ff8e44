"""Issue 13: the desktop app through a procurement user's day.

Each test reproduces one finding first (it failed before the fix): nothing changes without the user's act,
unknown is never shown as safe, and the result sits where the eye looks.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from tests.gui.test_wizard import open_wizard


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One real wheel event over the middle of ``widget`` (through QApplication::notify, as the mouse sends it)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_column_combo_scrolls_and_never_unmaps(qtbot, sample_bom_path: Path) -> None:
    from desktop.gui.widgets.wheel_guard import install_wheel_guard

    install_wheel_guard()
    wizard = open_wizard(qtbot, sample_bom_path)
    wizard.resize(900, 600)
    wizard._set_step(1)
    qtbot.wait(50)
    wizard.next_button.setFocus()
    for field in ("supplier", "country"):
        combo: QComboBox = wizard.mapping_form.combo(field)
        before = combo.currentData()
        assert before, f"the sample maps {field}"
        for notches in (-1, 1, -3):
            wheel(combo, notches)
        assert combo.currentData() == before, f"the wheel changed {field}"
        assert not combo.hasFocus()
    assert "supplier" in wizard.result.columns
    # a focused combo (the user clicked or tabbed into it) still takes the wheel
    combo = wizard.mapping_form.combo("supplier")
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=2000)
    index = combo.currentIndex()
    wheel(combo, -1)
    assert combo.currentIndex() != index


def small_bom(folder: Path, name: str = "other.xlsx") -> Path:
    """A second BOM the user opens after the first: a motor, a resistor and an assembly no rule knows."""
    import openpyxl

    path = folder / name
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (("Part Number", "Description", "Qty"), ("A-1", "BLDC motor 24V", 2),
                ("A-2", "Resistor 10k 0603", 40), ("A-3", "Control board assembly", 1)):
        sheet.append(row)
    book.save(path)
    return path


def test_fresh_import_is_not_modified_and_opening_another_bom_asks(loaded_window, qtbot, message_boxes,
                                                                   tmp_path: Path) -> None:
    win = loaded_window
    assert not win.session.dirty and not win.isWindowModified(), "a fresh import has nothing to save"
    other = small_bom(tmp_path)
    win.open_path(str(other))               # nothing changed: no question
    assert message_boxes.shown == []
    assert win.wizard is not None
    win.wizard.reject()
    qtbot.waitUntil(lambda: win.wizard is None, timeout=5000)

    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == 4):
        win.session.rescore(scenario="october-2025-in-force")   # the user's act
    assert win.session.dirty and win.isWindowModified()
    message_boxes.answer = message_boxes.answer.Cancel
    win.open_path(str(other))
    assert message_boxes.titles() == ["Save changes?"]
    assert win.wizard is None and win.session.assessment is not None, "Cancel keeps the current BOM"
    message_boxes.answer = message_boxes.answer.Discard
    win.open_path(str(other))
    assert win.wizard is not None
    win.wizard.reject()


def test_search_is_cleared_with_each_new_bom(loaded_window, qtbot, load_bom, tmp_path: Path) -> None:
    win = loaded_window
    page = win.assessment_page
    page.search.setText("no part is called this")
    page.tier_filter.setCurrentIndex(page.tier_filter.findData("critical"))
    assert page.proxy.rowCount() == 0
    load_bom(win, small_bom(tmp_path))
    assert page.search.text() == ""
    assert page.tier_filter.currentData() is None
    assert page.proxy.rowCount() == page.model.rowCount() == 3
    assert "3 of 3" in page.count_label.text()


# -- one presenter for file errors ----------------------------------------------------------------------------------

def _output_error(path: Path, cause: OSError | None):
    from desktop.core.errors import OutputError
    from desktop.i18n import N_

    try:
        if cause is None:
            raise OutputError(N_("Cannot write {path}"), {"path": str(path)})
        raise OutputError(N_("Cannot write {path}"), {"path": str(path)}, detail=str(cause)) from cause
    except OutputError as exc:
        return exc


def test_file_errors_are_told_apart_in_both_languages(tmp_path: Path, monkeypatch) -> None:
    import errno
    import os

    import desktop.gui.errors as errors_module
    from desktop.gui.errors import error_text, file_problem
    from desktop.i18n import set_language

    locked = tmp_path / "open_in_excel.xlsx"
    locked.write_bytes(b"x")
    read_only = tmp_path / "read_only"
    read_only.mkdir()
    os.chmod(read_only, 0o555)
    real_access = os.access
    # root may write anywhere: answer for the read-only folder as the OS answers an ordinary user
    monkeypatch.setattr(errors_module.os, "access", lambda p, mode: False if Path(p) == read_only
                        else real_access(p, mode))
    try:
        cases = {
            "locked": _output_error(locked, PermissionError(13, "Permission denied", str(locked))),
            "missing_folder": _output_error(tmp_path / "gone" / "b.pdf", None),
            "not_a_file": _output_error(tmp_path, IsADirectoryError(21, "Is a directory", str(tmp_path))),
            "disk_full": _output_error(tmp_path / "big.pdf", OSError(errno.ENOSPC, "No space left on device")),
            "permission": PermissionError(13, "Permission denied", str(read_only / "b.pdf")),
        }
        titles = {}
        for lang in ("en", "ja"):
            set_language(lang)
            for kind, exc in cases.items():
                assert file_problem(exc)[0] == kind, kind
                title, message, details = error_text(exc)
                titles[lang, kind] = title
                assert "PermissionError" not in message and "Errno" not in message
        assert len({titles["en", k] for k in cases}) == len(cases), "every problem has its own title"
        assert titles["en", "locked"] == "File in use" and titles["ja", "locked"] == "ファイルが使用中です"
        assert titles["ja", "missing_folder"] == "フォルダーが見つかりません"
        assert titles["ja", "disk_full"] == "ディスクの空き容量が不足しています"
        assert titles["ja", "permission"] == "書き込み権限がありません"
        assert "Excel" not in error_text(cases["permission"])[1], "a read-only folder is not 'in use by Excel'"
    finally:
        os.chmod(read_only, 0o755)
        set_language("en")


def test_opening_a_folder_says_it_is_a_folder(window, message_boxes, tmp_path: Path) -> None:
    window.open_path(str(tmp_path))
    assert message_boxes.titles() == ["A folder, not a file"]
    assert window.wizard is None


# -- files: overwrite, default folder, product name -----------------------------------------------------------------

def test_export_asks_before_replacing_a_file(loaded_window, qtbot, message_boxes, tmp_path: Path) -> None:
    target = tmp_path / "briefing.xlsx"
    target.write_bytes(b"last month's workbook")
    dialog = loaded_window.show_export("xlsx")
    dialog.path_edit.setText(str(target))
    message_boxes.answer = message_boxes.answer.No
    assert dialog.start_export() is None
    assert message_boxes.titles() == ["Replace the file?"]
    assert target.read_bytes() == b"last month's workbook"
    message_boxes.answer = message_boxes.answer.Yes
    with qtbot.waitSignal(dialog.finished_export, timeout=120_000):
        assert dialog.start_export() is not None
    assert target.read_bytes() != b"last month's workbook"
    dialog.reject()


def test_defaults_never_propose_the_installed_samples_folder(loaded_window, sample_bom_path: Path,
                                                             monkeypatch, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.gui.defaults import default_save_folder

    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, path, *a, **k: (proposed.append(path), "")[1:] + ("",)))
    loaded_window.settings.add_recent_file(sample_bom_path)      # "last folder" is now the samples folder
    loaded_window.save_as()
    assert proposed and Path(proposed[0]).parent != sample_bom_path.parent
    dialog = loaded_window.show_export("pdf")
    assert Path(dialog.path_edit.text()).parent != sample_bom_path.parent
    # the product name comes from the sample's title block (製品: …), not from the file name
    assert dialog.product.text() and dialog.product.text() != sample_bom_path.stem
    dialog.reject()
    # a BOM in a writable user folder: save next to it
    bom = tmp_path / "boms" / "x.csv"
    bom.parent.mkdir()
    bom.write_text("a")
    assert default_save_folder((None, bom)) == bom.parent


def test_title_block_product_name() -> None:
    from desktop.gui.defaults import title_block_product

    rows = [("部品構成表",), ("会社名", "サンプル精機"), ("製品", "", "無人搬送車 AGV-300"), ("品番", "品名")]
    assert title_block_product(rows, 4) == "無人搬送車 AGV-300"
    assert title_block_product([("Product: Drone X1",), ("Part", "Qty")], 2) == "Drone X1"
    assert title_block_product([("品名", "モーター"), ("Part", "Qty")], 2) is None   # part-level header
    assert title_block_product([("Part", "Qty")], 1) is None


# -- as-of date and scenario: typed as typed, on every tab ----------------------------------------------------------

def test_a_date_typed_in_full_is_taken_as_typed(loaded_window, qtbot) -> None:
    import datetime as dt

    from PySide6.QtTest import QTest

    win = loaded_window
    bar = win.scenario_bar
    field = bar.as_of_edit
    rescored = []
    win.session.changed.connect(lambda stage: rescored.append(stage))
    field.line.setFocus()
    qtbot.waitUntil(field.line.hasFocus, timeout=2000)
    QTest.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field.line, "2025-03-01")
    qtbot.wait(600)
    assert rescored == [], "nothing re-scores while the user is typing"
    assert field.text() == "2025-03-01"
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == 4):
        QTest.keyClick(field.line, Qt.Key.Key_Return)
    assert win.session.assessment.as_of == dt.date(2025, 3, 1)
    assert field.text() == "2025-03-01"
    # a Japanese-style date works too; an impossible one is shown as invalid and changes nothing
    QTest.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field.line, "2025/02/30")
    QTest.keyClick(field.line, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert win.session.assessment.as_of == dt.date(2025, 3, 1)
    assert "border" in field.line.styleSheet()
    QTest.keyClick(field.line, Qt.Key.Key_Escape)
    assert field.text() == "2025-03-01"


def test_as_of_and_scenario_are_on_every_tab(loaded_window, qtbot) -> None:
    win = loaded_window
    for tab in range(win.tabs.count()):
        win.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        assert win.scenario_bar.isVisible()
        assert win.scenario_bar.as_of_edit.isVisible() and win.scenario_bar.scenario_combo.isVisible()
    assert win.scenario_bar.as_of_edit.isEnabled()
    # a wheel over the scenario list without focus changes nothing (the scenario re-scores everything)
    combo = win.scenario_bar.scenario_combo
    before = combo.currentData()
    wheel(combo, -2)
    assert combo.currentData() == before == win.session.scenario
    # the names are the core's one table: the CLI, the briefing and the workbook show the same
    from desktop.core.scoring.scenarios import SCENARIO_NAMES, scenario_label
    from desktop.i18n import translation_for

    en = translation_for("en")
    texts = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert set(SCENARIO_NAMES) <= set(texts)
    for sid in SCENARIO_NAMES:
        assert texts[sid] == scenario_label(sid, en)
    assert texts["halt-Dy"] == "China halts exports of dysprosium (Dy)"


# -- unknown is not safe ----------------------------------------------------------------------------------------------

def test_unclassified_parts_have_their_own_tier_filter_card_and_next_step(loaded_window, qtbot, load_bom,
                                                                        tmp_path: Path) -> None:
    from desktop.gui.models.parts_model import COLUMN_INDEX

    win = loaded_window
    page = win.assessment_page
    load_bom(win, small_bom(tmp_path))
    a = win.session.assessment
    tiers = [s.tier for s in a.part_scores]
    assert "unclassified" in tiers, "a control board assembly is judged by no rule"
    n = tiers.count("unclassified")
    # the table: tier 'Unclassified', no reassuring 0.0
    model = page.model
    rows = [r for r in range(model.rowCount())
            if model.index(r, COLUMN_INDEX["tier"]).data() == "Unclassified"]
    assert len(rows) == n
    assert all(model.index(r, COLUMN_INDEX["score"]).data() == "–" for r in rows)
    # the filter
    index = page.tier_filter.findData("unclassified")
    assert index > 0 and page.tier_filter.itemText(index) == "Unclassified"
    page.tier_filter.setCurrentIndex(index)
    assert page.proxy.rowCount() == n
    # the summary card (a click lists them) and the verdict
    assert page.cards.cards[4].value.text() == str(n)
    page.tier_filter.setCurrentIndex(0)
    qtbot.mouseClick(page.cards.cards[4], Qt.MouseButton.LeftButton)
    assert page.tier_filter.currentData() == "unclassified" and page.proxy.rowCount() == n
    assert "not classified" in page.verdict.text()
    # the detail names the next steps, never "no supply risk"
    page.table.selectRow(0)
    html = page.detail.browser.toPlainText()
    assert "unknown, not zero" in html and "ask the supplier" in html
    assert "no supply risk" not in html


def test_unclassified_in_japanese(loaded_window, qtbot, load_bom, tmp_path: Path) -> None:
    win = loaded_window
    win.set_language("ja")
    try:
        load_bom(win, small_bom(tmp_path))
        page = win.assessment_page
        assert page.tier_filter.itemText(page.tier_filter.findData("unclassified")) == "未判定"
        assert page.cards.cards[4].caption.text() != "Parts not classified"
    finally:
        win.set_language("en")


# -- the result where the eye looks -----------------------------------------------------------------------------------

def test_score_and_tier_come_first_and_stay_in_view(loaded_window, qtbot) -> None:
    from desktop.gui.models.parts_model import COLUMN_INDEX

    win = loaded_window
    assert (COLUMN_INDEX["part_number"], COLUMN_INDEX["score"], COLUMN_INDEX["tier"]) == (1, 2, 3)
    win.resize(1280, 720)
    qtbot.wait(100)
    table = win.assessment_page.table
    tier = COLUMN_INDEX["tier"]
    assert table.columnViewportPosition(tier) + table.columnWidth(tier) <= table.viewport().width()
    # sized to content: the tier column shows its longest label without eliding
    metrics = table.fontMetrics()
    assert table.columnWidth(tier) >= metrics.horizontalAdvance("Unclassified")


def test_window_fits_a_small_available_screen(window, qtbot, monkeypatch) -> None:
    from PySide6.QtCore import QRect

    # 1920×1080 at 150 %: 1280×720 logical pixels, minus a task bar
    monkeypatch.setattr(type(window), "available_geometry", lambda self: QRect(0, 0, 1280, 680))
    window.resize(1440, 900)
    window.move(200, 150)
    window.fit_to_screen()
    frame_h = window.frameGeometry().height() - window.geometry().height()
    assert window.height() + frame_h <= 680 and window.width() <= 1280
    assert window.y() >= 0 and window.y() + window.height() + frame_h <= 680 + 1
    assert window.minimumHeight() <= 680
    # a 1280×720 screen at 150 %: 853×480 logical
    monkeypatch.setattr(type(window), "available_geometry", lambda self: QRect(0, 0, 853, 440))
    window.fit_to_screen()
    assert window.width() <= 853 and window.height() <= 440


# -- the override class list: grouped, searchable, nothing preselected ------------------------------------------------

def test_override_class_list_is_grouped_searchable_and_not_preselected(loaded_window, qtbot) -> None:
    from desktop.gui.dialogs.override_dialog import OverrideDialog
    from desktop.gui.widgets.part_detail import part_view

    win = loaded_window

    a = win.session.assessment
    index = next(i for i, m in enumerate(a.mapped.mappings) if m.classes)
    part = part_view(a, index)           # a part that already has a class: it must not be preselected
    dialog = OverrideDialog(part, win.session.knowledge, win)
    qtbot.addWidget(dialog)
    classes = dialog.class_list
    assert classes.class_id() is None, "no class is preselected"
    groups = [classes.tree.topLevelItem(i).text(0) for i in range(classes.tree.topLevelItemCount())]
    for expected in ("Magnets and magnetic materials", "Motors, actuators and drives", "Audio",
                     "Lighting and phosphors", "Batteries and hydrogen storage", "Optics, lasers and detectors",
                     "Ceramics, catalysts and alloys", "Look-alikes (no rare earths)"):
        assert expected in groups
    assert len(classes.visible_classes()) == len(win.session.knowledge.classes)
    # saving without a choice does nothing
    dialog.class_radio.setChecked(True)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert classes.hint.text()
    # search in English and Japanese
    classes.search.setText("ndfeb")
    found = classes.visible_classes()
    assert found and "ndfeb_sintered_magnet" in found and len(found) < 10
    classes.search.setText("フェライト")
    assert "ferrite_magnet" in classes.visible_classes()
    assert classes.select("ferrite_magnet")
    assert dialog.override()["class_id"] == "ferrite_magnet"
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_class_groups_hold_for_classes_never_seen() -> None:
    from desktop.gui.widgets.class_list import class_group

    assert class_group("ree", "Sintered NdFeB arc magnet for a new actuator") == "motors"
    assert class_group("ree", "Bonded SmCo magnet ring") == "magnets"
    assert class_group("ree", "Bluetooth speaker module") == "audio"
    assert class_group("lookalike", "Ferrite speaker magnet") == "lookalike"
    assert class_group("ree", "Something entirely new") == "other"


def test_scenario_labels_never_show_ids() -> None:
    from desktop.gui.widgets.scenario_bar import scenario_label

    assert scenario_label("suspension-extended") == "Suspension of the October 2025 measures assumed extended"
    assert scenario_label("halt-Dy+halt-Tb") == ("China halts exports of dysprosium (Dy) + "
                                                 "China halts exports of terbium (Tb)")
    for sid in ("suspension-extended", "halt-Dy+embargo", "something-new"):
        assert sid not in scenario_label(sid)
