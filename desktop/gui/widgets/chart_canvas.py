"""A matplotlib Figure inside the window (FigureCanvasQTAgg). matplotlib is imported on first use only."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class ChartCanvas(QWidget):
    """Shows one Figure at a time; ``set_figure(None, text)`` shows a placeholder text instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._canvas: QWidget | None = None
        self._placeholder = QLabel()
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._layout.addWidget(self._placeholder)
        self.figure: Figure | None = None

    def set_figure(self, figure: Figure | None, placeholder: str = "") -> None:
        if self._canvas is not None:
            self._layout.removeWidget(self._canvas)
            self._canvas.deleteLater()
            self._canvas = None
        if self.figure is not None:
            self.figure.clear()
        self.figure = figure
        if figure is None:
            self._placeholder.setText(placeholder)
            self._placeholder.show()
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self._placeholder.hide()
        canvas = FigureCanvasQTAgg(figure)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        canvas.setMinimumHeight(220)
        self._canvas = canvas
        self._layout.addWidget(canvas)
        canvas.draw_idle()

    def canvas(self) -> QWidget | None:
        return self._canvas
