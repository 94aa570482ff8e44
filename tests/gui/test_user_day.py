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


def small_csv(folder: Path, name: str = "other.csv") -> Path:
    """A second BOM the user opens after the first (no rare earths beyond a motor and a resistor)."""
    path = folder / name
    path.write_text("Part Number,Description,Qty\nA-1,BLDC motor 24V,2\nA-2,Resistor 10k 0603,40\n"
                    "A-3,Control board assembly,1\n", encoding="utf-8")
    return path


def test_fresh_import_is_not_modified_and_opening_another_bom_asks(loaded_window, qtbot, message_boxes,
                                                                   tmp_path: Path) -> None:
    win = loaded_window
    assert not win.session.dirty and not win.isWindowModified(), "a fresh import has nothing to save"
    other = small_csv(tmp_path)
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
    load_bom(win, small_csv(tmp_path))
    assert page.search.text() == ""
    assert page.tier_filter.currentData() is None
    assert page.proxy.rowCount() == page.model.rowCount() == 3
    assert "3 of 3" in page.count_label.text()
