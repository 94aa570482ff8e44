"""Inline warnings on a page (not modal): one line per message, with a level colour."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _


class MessageStrip(QFrame):
    """Shows up to ``max_lines`` messages and "… and N more"; hidden when empty."""

    def __init__(self, parent: QWidget | None = None, max_lines: int = 4) -> None:
        super().__init__(parent)
        self.setObjectName("messageStrip")
        self.setStyleSheet("#messageStrip { background: rgba(249, 168, 37, 0.18); border: 1px solid "
                           "rgba(249, 168, 37, 0.7); border-radius: 4px; }")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.setSpacing(2)
        self._max = max_lines
        self._messages: list[str] = []
        self.hide()

    def set_messages(self, messages: list[str]) -> None:
        self._messages = [m for m in messages if m]
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for text in self._messages[: self._max]:
            label = QLabel("⚠ " + text)
            label.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
            label.setWordWrap(True)
            self._layout.addWidget(label)
        extra = len(self._messages) - self._max
        if extra > 0:
            more = QLabel(_("… and {n} more").format(n=extra))
            more.setToolTip("\n\n".join(self._messages[self._max:]))
            self._layout.addWidget(more)
        self.setVisible(bool(self._messages))

    def messages(self) -> list[str]:
        return list(self._messages)
