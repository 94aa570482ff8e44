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
