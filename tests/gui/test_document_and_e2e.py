"""Saved assessments (.reerisk) and the end-to-end path: open the sample, go through the wizard, export a PDF."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.app import document as doc
from desktop.gui.session import Stage


def _settle(window, qtbot) -> None:
    """Wait until the document task (save or open, run in a worker) has ended and its result was delivered."""
    qtbot.waitUntil(lambda: not window.document_runner.is_running(), timeout=30_000)
    QApplication.processEvents()


def test_save_and_reopen_live(loaded_window, qtbot, tmp_path: Path, sample_bom_path: Path) -> None:
    win = loaded_window
    a = win.session.assessment
    target = tmp_path / "job.reerisk"
    assert win._write_document(str(target), wait=True)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "reerisk-assessment" and data["format_version"] == doc.FORMAT_VERSION
    assert data["source"]["sha256"] == doc.sha256_of(sample_bom_path)
    assert data["import_options"]["header_row"] == a.mapped.imported.header_row
    assert data["results"]["summary"]["parts_total"] == a.summary.parts_total
    assert not list(tmp_path.glob("*.tmp"))           # atomic: no temporary file left behind
    assert not win.isWindowModified()

    win.session.clear()
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        win.open_path(str(target))
    assert win.session.assessment is not None and win.session.stored is None
    assert win.session.assessment.summary.parts_total == a.summary.parts_total
    assert win.session.document_path == str(target)


def test_changed_source_shows_stored_results_read_only(window, qtbot, load_bom, tmp_path: Path,
                                                       sample_bom_path: Path) -> None:
    copy = tmp_path / "bom.xlsx"
    shutil.copy(sample_bom_path, copy)
    load_bom(window, copy)
    parts = window.session.assessment.summary.parts_total
    target = tmp_path / "saved.reerisk"
    assert window._write_document(str(target), wait=True)
    copy.write_bytes(copy.read_bytes() + b"\0")      # the BOM changed since the save

    window.open_path(str(target))
    _settle(window, qtbot)
    assert window.session.assessment is None and window.session.stored is not None
    page = window.assessment_page
    assert page.model.rowCount() == parts
    assert any("read only" in m for m in page.messages.messages())
    assert not window.save_action.isEnabled() and not window.export_action.isEnabled()
    page.table.selectRow(0)
    assert page.detail.part() is not None and not page.detail.override_button.isEnabled()


def test_invalid_document_is_an_error_dialog(window, qtbot, tmp_path: Path, message_boxes) -> None:
    bad = tmp_path / "bad.reerisk"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    window.open_path(str(bad))
    _settle(window, qtbot)
    assert message_boxes.texts() == ["bad.reerisk is not a reerisk assessment file."]
    newer = tmp_path / "newer.reerisk"
    newer.write_text(json.dumps({"format": "reerisk-assessment", "format_version": 99}), encoding="utf-8")
    window.open_path(str(newer))
    _settle(window, qtbot)
    assert "newer version" in message_boxes.texts()[1]


def test_end_to_end_sample_wizard_pdf(window, qtbot, tmp_path: Path, sample_bom_path: Path, monkeypatch) -> None:
    window.start_page.sample_button.click()
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.result is not None and not wizard.busy(), timeout=30_000)
    wizard.next_button.click()
    wizard.next_button.click()
    assert wizard.stack.currentIndex() == 2
    with qtbot.waitSignal(window.session.changed, timeout=60_000, check_params_cb=lambda s: s == Stage.SCORED):
        wizard.import_button.click()
    assert window.tabs.currentIndex() == 1
    assert window.settings.recent_files()[0] == str(sample_bom_path.resolve())
    assert window.export_action.isEnabled()

    target = tmp_path / "e2e.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.export_action.trigger()
    dialog = window.dialog
    dialog.path_edit.clear()
    with qtbot.waitSignal(dialog.finished_export, timeout=120_000):
        dialog.export_button.click()
    assert target.read_bytes()[:5] == b"%PDF-"
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(str(target)).pages[:2])
    assert "sample_bom_ja" in text or "AGV" in text or window.session.assessment.as_of.isoformat() in text


def test_save_runs_in_a_worker_with_the_same_error_dialog(loaded_window, qtbot, tmp_path: Path,
                                                           message_boxes) -> None:
    win = loaded_window
    target = tmp_path / "bg.reerisk"
    assert win._write_document(str(target))
    assert win.document_runner.current is not None      # the GUI thread returned; the worker writes
    _settle(win, qtbot)
    assert target.is_file() and win.session.document_path == str(target) and not win.isWindowModified()
    assert not win._write_document(str(tmp_path / "no" / "such" / "x.reerisk"), wait=True)
    assert len(message_boxes.shown) == 1 and "does not exist" in message_boxes.texts()[0]
    assert win.session.document_path == str(target)      # a failed save changes nothing


def test_save_before_closing_waits_for_the_worker(loaded_window, tmp_path: Path, message_boxes) -> None:
    from PySide6.QtWidgets import QMessageBox

    win = loaded_window
    target = tmp_path / "close.reerisk"
    win.session.document_path, win.session.dirty = str(target), True
    message_boxes.answer = QMessageBox.StandardButton.Save
    assert win.maybe_save() and target.is_file() and not win.session.dirty


def test_a_second_save_waits_for_the_first(loaded_window, qtbot, tmp_path: Path) -> None:
    """A new document task never cancels a running save: both files are written and the window names the last."""
    win = loaded_window
    first, second = tmp_path / "one.reerisk", tmp_path / "two.reerisk"
    assert win._write_document(str(first)) and win._write_document(str(second))
    _settle(win, qtbot)
    assert first.is_file() and second.is_file() and win.session.document_path == str(second)
    assert [Path(p).name for p in win.settings.recent_files()[:2]] == ["two.reerisk", "one.reerisk"]


def test_reopening_shows_the_stored_view_once_and_frees_the_document_off_the_gui_thread(
        window, qtbot, load_bom, tmp_path: Path, sample_bom_path: Path, monkeypatch) -> None:
    """The stored view is loaded once (not emptied first, then filled), with the table texts the worker made;
    reopening live later hands the stored document to a worker to free, and so does the re-run's copy."""
    from desktop.gui import session as session_module

    copy = tmp_path / "bom.xlsx"
    shutil.copy(sample_bom_path, copy)
    load_bom(window, copy)
    target = tmp_path / "saved.reerisk"
    assert window._write_document(str(target), wait=True)
    original = copy.read_bytes()
    copy.write_bytes(original + b"\0")
    stages: list[int] = []
    window.session.changed.connect(stages.append)
    window.open_path(str(target))
    _settle(window, qtbot)
    assert stages == [Stage.SOURCE] and window.session.stored is not None
    assert window.session.parts_texts is not None
    assert window.assessment_page.model._texts is window.session.parts_texts     # made in the worker, not here

    released: list = []
    monkeypatch.setattr(session_module, "release_in_background",
                        lambda obj, dismantle=None: released.append((obj, dismantle)))
    copy.write_bytes(original)
    with qtbot.waitSignal(window.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        window.open_path(str(target))
    documents = [obj for obj, dismantle in released if dismantle is doc.dismantle]
    assert len(documents) == 2 and all(d.get("format") == doc.FORMAT for d in documents)   # stored, and re-read
    assert window.session.stored is None and window.session.assessment is not None


def test_a_source_that_cannot_be_read_again_falls_back_or_asks_for_the_password(
        window, qtbot, load_bom, tmp_path: Path, sample_bom_path: Path, monkeypatch, message_boxes) -> None:
    """Reopening re-reads the source: when that fails the error dialog shows and the stored results are shown
    read-only; when the source now needs a password, the import wizard opens on it with the saved options."""
    import desktop.core.pipeline as pipeline
    from desktop.core.errors import InputError, PasswordRequired
    from desktop.i18n import N_

    copy = tmp_path / "bom.xlsx"
    shutil.copy(sample_bom_path, copy)
    load_bom(window, copy)
    target = tmp_path / "saved.reerisk"
    assert window._write_document(str(target), wait=True)

    def unreadable(path, options, progress=None):
        raise InputError(N_("{file} is damaged or is not a valid workbook."), {"file": Path(path).name})

    monkeypatch.setattr(pipeline, "import_stage", unreadable)
    window.open_path(str(target))
    qtbot.waitUntil(lambda: window.session.stored is not None, timeout=30_000)
    assert message_boxes.texts() == ["bom.xlsx is damaged or is not a valid workbook."]
    assert window.session.assessment is None and window.session.document_path == str(target)

    asked: list = []
    monkeypatch.setattr(window, "start_import", lambda path, options=None: asked.append((path, options)))
    window.session.password_needed.disconnect()
    window.session.password_needed.connect(window.start_import)

    def locked(path, options, progress=None):
        raise PasswordRequired(N_("{file} is protected with a password."), {"file": Path(path).name})

    monkeypatch.setattr(pipeline, "import_stage", locked)
    window.open_path(str(target))
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    [(path, options)] = asked
    assert path == str(copy.resolve()) and options.header_row is not None and len(message_boxes.shown) == 1


def test_replaced_results_are_freed_in_the_release_worker(loaded_window, qtbot, monkeypatch) -> None:
    """A re-score replaces the assessment and its table: the old ones go to the release worker (freed there a
    piece at a time), never dropped on the GUI thread."""
    from desktop.gui import session as session_module
    from desktop.gui.workers import free_in_pieces

    win = loaded_window
    old_assessment, old_frame = win.session.assessment, win.session.parts_frame
    released: list = []
    monkeypatch.setattr(session_module, "release_in_background",
                        lambda obj, dismantle=None: released.append((obj, dismantle)))
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        win.session.rescore(scenario="halt-Dy")
    assert win.session.assessment is not old_assessment
    assert any(dismantle is free_in_pieces and any(o is old_assessment for o in box[0])
               and any(o is old_frame for o in box[0]) for box, dismantle in released)
