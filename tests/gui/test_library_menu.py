"""Library menu (issue 11): export the part library, import a colleague's (the open BOM is mapped again and the
declaration is used at once), browse the entries in a table. Every step runs in a worker (issue 12): the outcome
reaches the status line and the dialogs afterwards, the steps are off meanwhile, closing waits for a write."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from desktop.core.mapping.library import PartLibrary
from desktop.paths import part_library_file


def _titles(win: Any) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def _step(qtbot: Any, menu: Any, start: Callable[[], Any], timeout: int = 60_000) -> Any:
    """Start one step of the menu and wait until its outcome has been shown; the outcome (None: refused/failed)."""
    with qtbot.waitSignal(menu.step_done, timeout=timeout) as blocker:
        assert start() is not None, "the step did not start"
    return blocker.args[0]


def test_menu_export_import_browse(loaded_window: Any, qtbot: Any, tmp_path: Any) -> None:
    win = loaded_window
    menu = win.library_menu
    assert "&Library" in _titles(win)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Export Part Library…", "&Import Part Library…", "&Browse Part Library…", "Export Supplier &Surveys…",
        "Import Supplier &Declarations…"]
    # a colleague's library with a declaration for the speaker of the sample BOM
    theirs = PartLibrary()
    theirs.declare(part_number="SP-3002", grams={"Nd": 0.9}, supplier="東莞音響", file="survey_東莞音響.xlsx")
    shared = tmp_path / "colleague.json"
    theirs.save(shared)
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda stage: stage == 4):
        assert _step(qtbot, menu, lambda: menu.import_library(str(shared))) is not None
    assert "1 entry added" in win.statusBar().currentMessage()
    frame = win.session.assessment
    index = list(frame.mapped.imported.parts["part_number"]).index("SP-3002")
    mapping = frame.mapped.mappings[index]
    assert mapping.method == "declared" and set(mapping.elements) == {"Nd"}

    out = tmp_path / "mine.json"
    assert _step(qtbot, menu, lambda: menu.export_library(str(out))).entries == 1
    assert PartLibrary.load(out).lookup("SP-3002").supplier == "東莞音響"
    import desktop.gui.errors as errors
    from desktop.core.errors import UsageError

    shown: list[BaseException] = []
    original = errors.show_error
    errors.show_error = lambda parent, exc: shown.append(exc)   # type: ignore[assignment,misc]
    try:
        assert _step(qtbot, menu, lambda: menu.export_library(str(part_library_file()))) is None   # refused: itself
    finally:
        errors.show_error = original
    assert len(shown) == 1 and isinstance(shown[0], UsageError)   # a refusal, not an "unexpected error"

    dialog = menu.browse()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)   # read in a worker
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[0] == "SP-3002" and "Nd" in row[2] and row[3] == "Supplier survey" and "東莞音響" in row[4]
    dialog.close()


def test_survey_round_trip_from_the_menu(loaded_window: Any, qtbot: Any, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    win = loaded_window
    menu = win.library_menu
    menu._update_actions()
    assert menu.survey_export_action.isEnabled()
    written = _step(qtbot, menu, lambda: menu.export_surveys(str(tmp_path / "surveys"))).written
    magnets = next(p for p in written if p.name == "survey_寧波磁材.xlsx")
    wb = load_workbook(magnets)
    ws = wb["Declaration"]
    ws["D3"], ws["E3"], ws["D4"], ws["E4"] = "Y", 4.2, "Y", "lots"
    wb.save(magnets)
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda stage: stage == 4):
        assert _step(qtbot, menu, lambda: menu.import_declarations([str(magnets)])).stored == 1
    assert "E4" in menu.problem_box.detailedText() and "lots" in menu.problem_box.detailedText()
    parts = win.session.assessment.mapped.imported.parts["part_number"].tolist()
    mapping = win.session.assessment.mapped.mappings[parts.index("MG-2003")]
    assert mapping.method == "declared" and mapping.elements["Nd"].grams == 4.2


def _shown_errors(monkeypatch: Any) -> list[BaseException]:
    import desktop.gui.errors as errors

    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc))
    return shown


def test_the_menu_says_what_the_command_says(window: Any, qtbot: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """One set of steps (desktop.app.library): the menu's refusals and summaries are the CLI's sentences."""
    from desktop.app import library as app_library
    from desktop.core.errors import InputError, UsageError

    menu = window.library_menu
    theirs = PartLibrary()
    theirs.set_override(part_number="A-1", class_id="mlcc")
    shared = tmp_path / "colleague.json"
    theirs.save(shared)
    assert _step(qtbot, menu, lambda: menu.import_library(str(shared))) is not None
    assert window.statusBar().currentMessage() == (
        f"{shared}: 1 entry added, 0 replaced by newer ones, 0 kept (ours newer; theirs kept in the history), "
        "0 already held")
    assert _step(qtbot, menu, lambda: menu.export_library(str(tmp_path / "out.json"))) is not None
    assert window.statusBar().currentMessage() == f"1 entry exported to {tmp_path / 'out.json'}"

    shown = _shown_errors(monkeypatch)
    before = part_library_file().read_bytes()
    assert _step(qtbot, menu, lambda: menu.export_library(str(part_library_file()))) is None
    assert _step(qtbot, menu, lambda: menu.import_library(str(part_library_file()))) is None   # into itself: refused
    assert _step(qtbot, menu, lambda: menu.import_library(str(tmp_path / "gone.json"))) is None
    assert [type(e) for e in shown] == [UsageError, UsageError, InputError]
    for exc, step in zip(shown, (lambda: app_library.export_library(part_library_file()),
                                 lambda: app_library.import_library(part_library_file()),
                                 lambda: app_library.import_library(tmp_path / "gone.json")), strict=True):
        with pytest.raises(type(exc)) as same:   # the app layer's own refusal: the very sentence the menu showed
            step()
        assert same.value.render() == exc.render()
    assert part_library_file().read_bytes() == before


def test_a_damaged_own_library_is_set_aside_and_told_when_the_menu_uses_it(window: Any, qtbot: Any,
                                                                         tmp_path: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = part_library_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    menu = window.library_menu
    assert _step(qtbot, menu, lambda: menu.export_library(str(tmp_path / "out.json"))) is not None
    assert window.statusBar().currentMessage() == f"0 entries exported to {tmp_path / 'out.json'}"
    boxes = [b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Damaged file set aside"]
    assert len(boxes) == 1 and "part_library.json.corrupt-" in boxes[0].text()
    [backup] = path.parent.glob("part_library.json.corrupt-*")
    assert backup.read_text(encoding="utf-8") == "{not json"


def test_declaration_summary_reads_right_for_one(loaded_window: Any, qtbot: Any, tmp_path: Any,
                                                 message_boxes: Any) -> None:
    """One declaration stored and one bad cell: '1 declaration …; 1 cell or record not imported' in the box."""
    from openpyxl import load_workbook

    menu = loaded_window.library_menu
    written = _step(qtbot, menu, lambda: menu.export_surveys(str(tmp_path / "surveys"))).written
    assert loaded_window.statusBar().currentMessage() == (
        f"{len(written)} survey workbooks written to {tmp_path / 'surveys'}")
    magnets = next(p for p in written if p.name == "survey_寧波磁材.xlsx")
    wb = load_workbook(magnets)
    ws = wb["Declaration"]
    ws["D3"], ws["E3"], ws["D4"], ws["E4"] = "Y", 4.2, "Y", "lots"
    wb.save(magnets)
    unreadable = tmp_path / "unreadable.xlsx"
    unreadable.write_bytes(b"not a workbook")
    with qtbot.waitSignal(loaded_window.session.changed, timeout=30_000, check_params_cb=lambda stage: stage == 4):
        assert _step(qtbot, menu, lambda: menu.import_declarations([str(magnets), str(unreadable)])).stored == 1
    [box] = [m for m in message_boxes.shown if m["title"] == "Import Supplier Declarations"]
    assert box["text"] == (f"1 declaration imported into {part_library_file()}; 1 cell or record not imported, "
                           "0 rows not answered")
    assert "unreadable.xlsx" in box["details"] and "E4" in box["details"]


class _Held:
    """Wraps one step of desktop.app.library: records the thread it runs in and holds it until ``release``."""

    def __init__(self, step: Callable[..., Any]) -> None:
        self.step = step
        self.entered = threading.Event()
        self.go = threading.Event()
        self.finished = threading.Event()
        self.thread: threading.Thread | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.thread = threading.current_thread()
        self.entered.set()
        # on the GUI thread this would freeze the test: give up after a while, the thread check then fails
        self.go.wait(10)
        try:
            return self.step(*args, **kwargs)
        finally:
            self.finished.set()


def _actions(menu: Any) -> list[bool]:
    menu._update_actions()     # as when the menu opens
    return [a.isEnabled() for a in (menu.export_action, menu.import_action, menu.survey_export_action,
                                    menu.survey_import_action)]


def test_a_survey_export_runs_in_a_worker_with_the_steps_off_meanwhile(loaded_window: Any, qtbot: Any,
                                                                       tmp_path: Any, monkeypatch: Any) -> None:
    from desktop.app import library as app_library

    win = loaded_window
    menu = win.library_menu
    held = _Held(app_library.export_surveys)
    monkeypatch.setattr(app_library, "export_surveys", held)
    assert _actions(menu) == [True, True, True, True]
    win.statusBar().clearMessage()
    with qtbot.waitSignal(menu.step_done, timeout=60_000) as blocker:
        task = menu.export_surveys(str(tmp_path / "surveys"))
        assert task is not None and held.entered.wait(10)
        assert held.thread is not threading.main_thread()
        qtbot.wait(50)                           # the event loop runs while the step is held in the worker
        assert menu.is_busy() and _actions(menu) == [False, False, False, False]
        assert menu.export_library(str(tmp_path / "other.json")) is None      # no second step meanwhile
        assert win.progress.label.text() == "Writing the supplier surveys…"   # the status bar's strip follows it
        assert win.statusBar().currentMessage() == ""
        held.go.set()
    done = blocker.args[0]
    assert win.statusBar().currentMessage() == f"{len(done.written)} survey workbooks written to {tmp_path / 'surveys'}"
    assert len(done.written) > 1 and all(p.is_file() for p in done.written)
    assert not menu.is_busy() and _actions(menu) == [True, True, True, True]
    assert not (tmp_path / "other.json").exists()


def test_a_refusal_from_the_worker_is_a_dialog_and_the_steps_come_back(loaded_window: Any, qtbot: Any,
                                                                       tmp_path: Any, monkeypatch: Any) -> None:
    from desktop.core.errors import UsageError

    menu = loaded_window.library_menu
    folder = tmp_path / "surveys"
    _step(qtbot, menu, lambda: menu.export_surveys(str(folder)))
    shown = _shown_errors(monkeypatch)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert _step(qtbot, menu, lambda: menu.export_surveys(str(folder))) is None    # the workbooks are there
    assert [type(e) for e in shown] == [UsageError] and "already exists" in shown[0].render()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert _actions(menu) == [True, True, True, True]


def test_cancel_while_declarations_are_read_stores_nothing(window: Any, qtbot: Any, tmp_path: Any,
                                                           monkeypatch: Any) -> None:
    """The strip's Cancel (Japanese label) stops a survey import before it stores anything; the steps come back."""
    from desktop.app import library as app_library
    from desktop.core.declarations import export_surveys
    from desktop.gui.pages.start_page import sample_bom
    from desktop.i18n import set_language

    bom = sample_bom()
    if bom is None:
        pytest.skip("resources/samples has no sample BOM")
    [first, *_rest] = export_surveys(bom, tmp_path / "surveys")
    menu = window.library_menu
    held = _Held(app_library.read_declaration_files)
    monkeypatch.setattr(app_library, "read_declaration_files", held)
    set_language("ja")
    with qtbot.waitSignal(menu.step_done, timeout=60_000) as blocker:
        assert menu.import_declarations([str(first)]) is not None and held.entered.wait(10)
        assert window.progress.label.text() == "サプライヤーの申告を読み込んでいます…"
        window.progress.cancel()
        held.go.set()
    assert blocker.args[0] is None and held.finished.is_set()
    assert not part_library_file().exists()
    assert _actions(menu) == [True, True, False, True]    # no BOM open: no survey to export


def test_closing_the_window_waits_for_a_library_write(window: Any, qtbot: Any, tmp_path: Any,
                                                      monkeypatch: Any) -> None:
    """A library import still running when the window closes is finished, not cut off half-way."""
    from desktop.app import library as app_library

    theirs = PartLibrary()
    theirs.set_override(part_number="A-1", class_id="mlcc")
    shared = tmp_path / "colleague.json"
    theirs.save(shared)
    held = _Held(app_library.import_library)
    monkeypatch.setattr(app_library, "import_library", held)
    menu = window.library_menu
    assert menu.import_library(str(shared)) is not None and held.entered.wait(10)
    threading.Timer(0.3, held.go.set).start()     # the write goes on only after close() has begun waiting
    window.close()
    assert held.finished.is_set()
    assert PartLibrary.load(part_library_file()).lookup("A-1") is not None
