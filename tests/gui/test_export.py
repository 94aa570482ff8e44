"""Export dialog: PDF and Excel through a worker, "Open"/"Show in folder", and the "file in use" message."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from desktop.gui import settings as opt


def test_pdf_export_through_a_worker(loaded_window, qtbot, tmp_path: Path, monkeypatch) -> None:
    win = loaded_window
    dialog = win.show_export("pdf")
    target = tmp_path / "brief.pdf"
    dialog.path_edit.setText(str(target))
    dialog.company.setText("Sample Seiki KK")
    dialog.language.setCurrentIndex(dialog.language.findData("ja"))
    with qtbot.waitSignal(dialog.finished_export, timeout=120_000) as blocker:
        task = dialog.start_export()
        assert task is not None and dialog.cancel_button.isVisibleTo(dialog)
    assert blocker.args == [str(target)]
    assert target.read_bytes()[:5] == b"%PDF-"
    assert dialog.open_button.isVisibleTo(dialog) and dialog.folder_button.isVisibleTo(dialog)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog.open_button.click()
    assert opened and opened[0].toLocalFile() == str(target)
    # the options are remembered for next time
    assert win.settings.get(opt.COMPANY) == "Sample Seiki KK"
    assert win.settings.get(opt.REPORT_LANGUAGE) == "ja"


def test_excel_export(loaded_window, qtbot, tmp_path: Path) -> None:
    dialog = loaded_window.show_export("xlsx")
    assert dialog.path_edit.text().endswith(".xlsx")
    assert not dialog.company.isEnabled()            # briefing options are for the PDF only
    target = tmp_path / "annotated.xlsx"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.finished_export, timeout=120_000):
        dialog.start_export()
    import openpyxl

    workbook = openpyxl.load_workbook(target, read_only=True)
    assert len(workbook.sheetnames) >= 2


@pytest.mark.parametrize("error", ["permission", "output"])
def test_locked_target_says_close_it_in_excel(loaded_window, qtbot, tmp_path: Path, monkeypatch, message_boxes,
                                             error: str) -> None:
    import desktop.core.report as report
    from desktop.core.errors import OutputError
    from desktop.i18n import N_

    def locked(assessment, path, lang="en", progress=None):
        if error == "permission":
            raise PermissionError(13, "Permission denied", str(path))
        try:
            raise PermissionError(13, "Permission denied", str(path))
        except PermissionError as exc:
            raise OutputError(N_("Cannot write {path}"), {"path": str(path)}, detail=str(exc)) from exc

    monkeypatch.setattr(report, "build_workbook", locked)
    dialog = loaded_window.show_export("xlsx")
    target = tmp_path / "open_in_excel.xlsx"
    target.write_bytes(b"the user's workbook, open in Excel")
    dialog.path_edit.setText(str(target))
    dialog._confirmed = str(target)        # the user has agreed to replace it
    with qtbot.waitSignal(dialog.failed_export, timeout=30_000):
        dialog.start_export()
    assert message_boxes.titles() == ["File in use"]
    assert "Close it in Excel and try again" in message_boxes.texts()[0]
    assert dialog.export_button.isEnabled() and not dialog.open_button.isVisibleTo(dialog)


def test_cancel_export(loaded_window, qtbot, tmp_path: Path, monkeypatch, message_boxes) -> None:
    import threading

    import desktop.core.report as report
    from desktop.core.progress import check

    started = threading.Event()

    def slow(assessment, path, lang="en", progress=None):
        started.set()
        while True:
            check(progress)
            threading.Event().wait(0.01)

    monkeypatch.setattr(report, "build_workbook", slow)
    dialog = loaded_window.show_export("xlsx")
    dialog.path_edit.setText(str(tmp_path / "never.xlsx"))
    task = dialog.start_export()
    assert started.wait(10)
    dialog.cancel_button.click()
    qtbot.waitUntil(task.is_done, timeout=10_000)
    qtbot.wait(50)
    assert message_boxes.shown == []
    assert "cancelled" in dialog.status.text()
    assert not (tmp_path / "never.xlsx").exists()
