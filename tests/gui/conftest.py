"""GUI test set-up: QSettings in tmp_path, message boxes that never block, English UI by default."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import set_language


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path: Path) -> Path:
    """Point QSettings (INI, user and system scope) at tmp_path so tests never touch real settings."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope, str(folder / "system"))
    return folder


@pytest.fixture(autouse=True)
def _english() -> Any:
    set_language("en")
    yield
    set_language("en")


class MessageBoxes:
    """Records what would have been shown; ``exec`` returns at once with a preset answer."""

    def __init__(self) -> None:
        self.shown: list[dict[str, Any]] = []
        self.answer = QMessageBox.StandardButton.Ok

    def titles(self) -> list[str]:
        return [m["title"] for m in self.shown]

    def texts(self) -> list[str]:
        return [m["text"] for m in self.shown]


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    """Patch QMessageBox so nothing blocks: ``exec`` and the static helpers record the call and return."""
    boxes = MessageBoxes()

    def exec_(self: QMessageBox) -> int:
        boxes.shown.append({"title": self.windowTitle(), "text": self.text(), "details": self.detailedText(),
                            "icon": self.icon()})
        return int(boxes.answer)

    def static(kind: str):
        def show(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
            boxes.shown.append({"title": title, "text": text, "details": "", "icon": kind})
            return boxes.answer
        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, static(name))
    return boxes


@pytest.fixture(autouse=True)
def _drain_thread_pool() -> Any:
    """Never leave a worker running into the next test."""
    yield
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(20_000)


@pytest.fixture
def sample_bom_path() -> Path:
    from desktop.gui.pages.start_page import sample_bom

    path = sample_bom()
    if path is None:
        pytest.skip("resources/samples has no sample BOM")
    return path


@pytest.fixture
def window(qtbot: Any) -> Any:
    from desktop.gui.main_window import MainWindow
    from desktop.gui.settings import Settings

    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.session.knowledge is not None, timeout=20_000)
    yield win
    win.session.dirty = False
    win.session.runner.cancel()


def load_into(win: Any, qtbot: Any, path: Path) -> Any:
    """Import ``path`` without the wizard and wait for the assessment."""
    from desktop.core.importing import read_bom
    from desktop.core.types import ImportOptions

    options = ImportOptions()
    result = read_bom(path, options)
    with qtbot.waitSignal(win.session.changed, timeout=30_000,
                          check_params_cb=lambda stage: stage == 4):
        win.session.set_imported(result, options)
    return win.session.assessment


@pytest.fixture
def loaded_window(window: Any, qtbot: Any, sample_bom_path: Path) -> Any:
    load_into(window, qtbot, sample_bom_path)
    return window


@pytest.fixture
def load_bom(qtbot: Any) -> Any:
    """``load_bom(window, path)`` imports a BOM without the wizard and waits for the assessment."""
    return lambda win, path: load_into(win, qtbot, path)
