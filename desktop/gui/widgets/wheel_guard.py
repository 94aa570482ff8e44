"""One application-wide event filter: the mouse wheel never changes a value the user has not focused.

A wheel notch over a drop-down in the import wizard used to set a column to "(not used)" while the user only meant
to scroll the page – the China-origin factor was then silently lost for the whole BOM. Combo boxes, spin boxes and
date edits therefore take wheel events only while they have keyboard focus; otherwise the event goes to the
nearest scrollable parent, so the page scrolls as the user expected.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget


def _guarded(widget: QObject) -> QWidget | None:
    """The value widget ``widget`` belongs to (a combo box's line edit belongs to the combo), or None."""
    obj: QObject | None = widget
    for _level in range(3):
        if isinstance(obj, QComboBox | QAbstractSpinBox):
            return obj
        if obj is None:
            return None
        obj = obj.parent()
    return None


class WheelGuard(QObject):
    """Swallow wheel events meant for unfocused value widgets and hand them to the scrollable parent."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Polish and isinstance(watched, QComboBox | QAbstractSpinBox):
            # Qt gives WheelFocus widgets focus *before* any filter sees the wheel: click and Tab only
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if event.type() != QEvent.Type.Wheel:
            return False
        widget = _guarded(watched)
        if widget is None or widget.hasFocus() or (widget.focusProxy() and widget.focusProxy().hasFocus()):
            return False
        if isinstance(widget, QComboBox) and widget.view().isVisible():
            return False          # the open pop-up list scrolls itself
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            QApplication.sendEvent(parent.viewport(), event)
        event.accept()
        return True


_guard: WheelGuard | None = None


def install_wheel_guard() -> WheelGuard | None:
    """Install the guard once on the running application (idempotent)."""
    global _guard
    app = QApplication.instance()
    if app is None:
        return None
    if _guard is None or _guard.parent() is not app:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
    return _guard
