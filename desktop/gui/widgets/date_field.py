"""A date entry that takes a date typed in full exactly as typed, and changes nothing until the user commits.

``QDateEdit`` edits section by section: select all and type ``2025-03-01`` and it shows 2026-03-01, re-scoring
on the way through 2026-03-29. Here the text is free (digits and ``-``, ``/`` or ``.``, as in 2025/03/01 or
20250301), the date is parsed once on Enter or when the field loses focus, a calendar button picks a date with the
mouse, and an invalid date is shown as invalid (red frame, tooltip) instead of being replaced by a guess.
"""
from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from desktop.i18n import _

_PARTIAL = QRegularExpression(r"[0-9]{0,4}([-/.][0-9]{0,2}([-/.][0-9]{0,2})?)?|[0-9]{0,8}")
_FULL = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$|^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(text: str) -> dt.date | None:
    """``2025-03-01``, ``2025/3/1``, ``2025.03.01`` or ``20250301`` → a date; anything else → None."""
    match = _FULL.match(text)
    if not match:
        return None
    parts = [g for g in match.groups() if g is not None]
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


class _Line(QLineEdit):
    escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self.isModified():
            self.escape.emit()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """``date_committed(date)`` fires only when the user commits a valid date different from the shown one."""

    date_committed = Signal(object)      # datetime.date

    def __init__(self, parent: QWidget | None = None, minimum: dt.date = dt.date(2000, 1, 1),
                 maximum: dt.date = dt.date(2100, 12, 31)) -> None:
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self._date: dt.date | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line = _Line()
        self.line.setValidator(QRegularExpressionValidator(_PARTIAL, self.line))
        self.line.setPlaceholderText("YYYY-MM-DD")
        self.line.setMaxLength(10)
        width = self.line.fontMetrics().horizontalAdvance("8888-88-88") + 24
        self.line.setFixedWidth(width)
        self.line.editingFinished.connect(self.commit)
        self.line.escape.connect(self.revert)
        self.line.textEdited.connect(lambda _t: self._mark(True))
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setToolTip(_("Choose a date in the calendar"))
        self._mark(False)

    # -- values ----------------------------------------------------------------------------------------------------
    def date(self) -> dt.date | None:
        return self._date

    def set_date(self, value: dt.date | None) -> None:
        """Show ``value`` (from the program: no signal)."""
        self._date = value
        self.line.setText(value.isoformat() if value else "")
        self.line.setModified(False)
        self._mark(False)

    def text(self) -> str:
        return self.line.text()

    # -- user input ------------------------------------------------------------------------------------------------
    def commit(self) -> bool:
        """Parse the typed text; emit ``date_committed`` for a new valid date. False when the text is invalid."""
        value = parse_date(self.line.text())
        if value is None or not self.minimum <= value <= self.maximum:
            self._mark(True, invalid=True)
            return False
        self.line.setText(value.isoformat())
        self.line.setModified(False)
        self._mark(False)
        if value != self._date:
            self._date = value
            self.date_committed.emit(value)
        return True

    def revert(self) -> None:
        self.set_date(self._date)

    def _picked(self, qdate: QDate) -> None:
        self.button.menu().hide()
        self.line.setText(qdate.toString("yyyy-MM-dd"))
        self.commit()

    def _prepare_calendar(self) -> None:
        self.calendar.setDateRange(QDate(self.minimum.year, self.minimum.month, self.minimum.day),
                                   QDate(self.maximum.year, self.maximum.month, self.maximum.day))
        if self._date is not None:
            self.calendar.setSelectedDate(QDate(self._date.year, self._date.month, self._date.day))

    def _mark(self, editing: bool, invalid: bool = False) -> None:
        if invalid:
            self.line.setStyleSheet("QLineEdit { border: 2px solid #c62828; }")
            self.line.setToolTip(_("Not a valid date. Type it as YYYY-MM-DD, for example 2025-03-01, and press "
                                   "Enter; Esc restores the previous date."))
        else:
            self.line.setStyleSheet("")
            self.line.setToolTip(_("Type a date as YYYY-MM-DD and press Enter, or choose it in the calendar.")
                                 if not editing else "")
