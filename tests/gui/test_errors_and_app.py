"""Error presenter, app start-up (fonts, icon, translators), and lazy imports."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.errors import Cancelled, InputError, OutputError
from desktop.gui.errors import error_text, show_error
from desktop.i18n import N_, set_language
from desktop.paths import log_file

REPO = Path(__file__).resolve().parents[2]


def test_core_error_is_translated_with_details(qtbot, message_boxes) -> None:
    exc = InputError(N_("{file} is empty."), {"file": "a.xlsx"}, detail="sheet 'BOM' has no cells")
    show_error(None, exc)
    shown = message_boxes.shown[-1]
    assert shown["text"] == "a.xlsx is empty." and shown["details"] == "sheet 'BOM' has no cells"
    assert shown["icon"] == QMessageBox.Icon.Warning


def test_unexpected_error_has_traceback_details_and_log_path(qtbot, message_boxes) -> None:
    try:
        {}["missing"]
    except KeyError as exc:
        show_error(None, exc)
    shown = message_boxes.shown[-1]
    assert shown["title"] == "Unexpected error"
    assert str(log_file()) in shown["text"]
    assert "Traceback" not in shown["text"] and "Traceback" in shown["details"]
    assert shown["icon"] == QMessageBox.Icon.Critical


def test_cancelled_is_silent(qtbot, message_boxes) -> None:
    assert show_error(None, Cancelled()) is None
    assert message_boxes.shown == []


def test_locked_file_message_in_japanese(tmp_path: Path) -> None:
    set_language("ja")
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"open in Excel")
    try:
        raise OutputError(N_("Cannot write {path}"), {"path": str(target)}) from PermissionError(13, "denied")
    except OutputError as exc:
        title, message, _ = error_text(exc)
    assert title == "ファイルが使用中です"
    assert "Excelでファイルを閉じて" in message


def test_app_registers_japanese_fallback_font_and_icon(qtbot) -> None:
    from desktop.gui.app import create_app

    app = create_app()
    assert isinstance(app, QApplication)
    assert "IPAexGothic" in QFontDatabase.families()
    assert "IPAexGothic" in app.font().families()
    assert not app.windowIcon().isNull()


def test_qt_translator_for_standard_buttons(qtbot) -> None:
    from desktop.gui.app import _translators, apply_language

    apply_language("ja")
    try:
        assert _translators, "qtbase_ja.qm should be found in the Qt translations folder"
    finally:
        apply_language("en")
    assert not _translators


def test_main_window_does_not_import_heavy_modules() -> None:
    code = ("import sys; from desktop.gui.app import create_app; app = create_app();"
            "from desktop.gui.main_window import MainWindow; from desktop.gui.settings import Settings;"
            "w = MainWindow(Settings()); w.show(); app.processEvents();"
            "print(','.join(m for m in ('pandas', 'matplotlib', 'reportlab', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_macos_file_open_event_opens_the_file(window, qtbot, monkeypatch) -> None:
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from desktop.gui.app import FileOpenFilter

    opened: list[str] = []
    monkeypatch.setattr(window, "open_path", lambda p: opened.append(p))
    event_filter = FileOpenFilter(window)
    QApplication.instance().installEventFilter(event_filter)
    try:
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent("/tmp/bom.xlsx"))
        qtbot.waitUntil(lambda: opened == ["/tmp/bom.xlsx"], timeout=5000)
    finally:
        QApplication.instance().removeEventFilter(event_filter)
