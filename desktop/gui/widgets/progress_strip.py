"""Status-bar progress: label, bar and Cancel, shown only when a task runs longer than about half a second."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.gui.workers import PROGRESS_DELAY_MS, Task
from desktop.i18n import _


class ProgressStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._task: Task | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_if_running)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.cancel_button.setText(_("Cancel"))

    def track(self, task: Task) -> None:
        """Follow ``task``: appear after the delay if it is still running, hide when it finishes."""
        self._task = task
        self.label.setText(task.label)
        self.bar.setValue(0)
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(lambda t=task: self._finished(t))
        self._timer.start(PROGRESS_DELAY_MS)

    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 100))
        if message:
            self.label.setText(message)

    def _show_if_running(self) -> None:
        if self._task is not None and not self._task.is_done():
            self.show()

    def _finished(self, task: Task) -> None:
        if task is self._task:
            self._task = None
            self._timer.stop()
            self.hide()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._timer.stop()
        self.hide()
