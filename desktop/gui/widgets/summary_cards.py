"""Summary cards: a big value, a caption and an optional accent colour (tier)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget


class SummaryCard(QFrame):
    """``clicked`` fires when the user clicks a card that has an action (``set_action``)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actionable = False
        self.setObjectName("summaryCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.value = QLabel("–")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: palette(placeholder-text);")
        for label in (self.value, self.caption, self.detail):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.set_accent(None)

    def set_values(self, value: str, caption: str, detail: str = "") -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))

    def set_action(self, tooltip: str | None) -> None:
        """Make the card clickable (pointing-hand cursor and ``tooltip``), or not (None)."""
        self._actionable = bool(tooltip)
        self.setToolTip(tooltip or "")
        self.setCursor(Qt.CursorShape.PointingHandCursor if tooltip else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._actionable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def set_accent(self, colour: str | None) -> None:
        border = colour or "palette(mid)"
        width = 4 if colour else 1
        self.setStyleSheet(f"#summaryCard {{ border: 1px solid palette(mid); border-left: {width}px solid {border};"
                           " border-radius: 4px; background: palette(base); }")


class SummaryCards(QWidget):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cards = [SummaryCard(self) for _ in range(count)]
        for card in self.cards:
            layout.addWidget(card)
