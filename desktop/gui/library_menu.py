"""Library menu: export the part library to share it, import a colleague's, browse what is in it, and the supplier
survey round trip (export one workbook per supplier of the open BOM; import answered workbooks or IPC-1752A
files) (issue 11).

The steps (checks, refusals, counts, the files) are the application layer's (:mod:`desktop.app.library`), the
same ones ``reerisk library`` and ``reerisk survey`` run; this module only asks for a file, shows a refusal or
failure as a dialog, reports the outcome in the status bar and shows the entries in a read-only table. After an
import the open BOM is mapped again, so that the colleague's declarations and overrides apply at once.

Every step runs in a worker, through the menu's own task slot (:class:`~desktop.gui.workers.TaskRunner`, as the
session's saves and opens; issue 12): writing a survey workbook per supplier reads the whole BOM, and reading many
answered workbooks or a large library takes seconds, during which the window must keep answering. The outcome
(status line, notices, dialogs) is shown on the GUI thread when the step ends; meanwhile the menu's steps are
disabled, so a second one cannot start, and the status bar's progress strip (label and Cancel) follows it.
Cancel stops a survey import before it stores anything; the other steps are one write each, which finishes (an
atomic write is never cut off half-way) and is reported as done.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.mapping.library import SOURCE_LABELS
from desktop.gui.workers import Task, TaskRunner, gc_paused
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.app.library import DeclarationsStored, Imported, Listing, SurveysWritten
    from desktop.core.types import Message

STATUS_MS = 15_000


class _Outcome(Protocol):
    def message(self) -> Message: ...


Done = TypeVar("Done", bound=_Outcome)


def ask_export_path(parent: QWidget) -> str:
    """The file to export to (a function of its own so that tests can answer it)."""
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export Part Library"), "part_library.json",
                                                _("Part library (*.json)"))
    return path


def ask_import_path(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, _("Import Part Library"), "", _("Part library (*.json)"))
    return path


def ask_survey_folder(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, _("Folder for the Supplier Surveys"))


def ask_declaration_files(parent: QWidget) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, _("Import Supplier Declarations"), "",
        _("Survey workbooks and IPC-1752A declarations (*.xlsx *.xml)"))
    return list(paths)


class LibraryMenu(QMenu):
    """Library → Export… / Import… / Browse… / the supplier surveys, in the main window's menu bar.

    Each step method returns the running :class:`Task` (None when nothing started: no file chosen, or a step is
    still running) and emits :attr:`step_done` once its outcome has been shown."""

    #: After each step, on the GUI thread, once the status line, notices and dialogs are shown: the step's outcome
    #: (:mod:`desktop.app.library`'s ``Exported``, ``Imported``, ``SurveysWritten``, ``DeclarationsStored``), or None
    #: when it was refused, failed or cancelled.
    step_done = Signal(object)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.runner = TaskRunner(self)
        progress = getattr(window, "progress", None)      # the status bar's strip: label, bar and Cancel
        if progress is not None:
            self.runner.started.connect(progress.track)
        self._step: Task | None = None
        self.export_action = self.addAction("")
        self.import_action = self.addAction("")
        self.addSeparator()
        self.browse_action = self.addAction("")
        self.addSeparator()
        self.survey_export_action = self.addAction("")
        self.survey_import_action = self.addAction("")
        self.survey_export_action.triggered.connect(lambda: self.export_surveys())
        self.survey_import_action.triggered.connect(lambda: self.import_declarations())
        self.aboutToShow.connect(self._update_actions)
        self.export_action.triggered.connect(lambda: self.export_library())
        self.import_action.triggered.connect(lambda: self.import_library())
        self.browse_action.triggered.connect(lambda: self.browse())
        self.dialog: LibraryDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("&Library"))
        self.export_action.setText(_("&Export Part Library…"))
        self.import_action.setText(_("&Import Part Library…"))
        self.browse_action.setText(_("&Browse Part Library…"))
        self.survey_export_action.setText(_("Export Supplier &Surveys…"))
        self.survey_import_action.setText(_("Import Supplier &Declarations…"))
        if self.dialog is not None:
            self.dialog.retranslate()

    def is_busy(self) -> bool:
        """A step runs (or its outcome is still to be shown)."""
        return self._step is not None

    def _update_actions(self) -> None:
        """While a step runs the others are off (one slot: a second step would cancel the first's outcome); Browse
        stays on, it only reads."""
        idle = self._step is None
        for action in (self.export_action, self.import_action, self.survey_import_action):
            action.setEnabled(idle)
        session = getattr(self.window_, "session", None)
        self.survey_export_action.setEnabled(
            idle and bool(session is not None and getattr(session, "source_path", None)))

    # -- the steps ------------------------------------------------------------------------------------------------
    def export_surveys(self, folder: str | None = None) -> Task | None:
        """One survey workbook per supplier of the open BOM into a folder the user picks."""
        from desktop.app.library import export_surveys

        session = getattr(self.window_, "session", None)
        source = getattr(session, "source_path", None)
        if not source or self.is_busy():
            return None
        folder = folder if folder is not None else ask_survey_folder(self.window_)
        if not folder:
            return None
        options = getattr(session, "import_options", None)

        def work(_task: Task) -> SurveysWritten:
            with gc_paused():      # the BOM is read again: no collection walks its rows meanwhile
                return export_surveys(source, folder, options)

        return self._start(work, _("Writing the supplier surveys…"))

    def import_declarations(self, paths: list[str] | None = None) -> Task | None:
        """Read answered survey workbooks and IPC-1752A files, store the good rows, list the bad cells in a
        dialog, and map the open BOM again. Cancel while the files are read stores nothing."""
        from desktop.app.library import read_declaration_files, store_declaration_reading
        from desktop.core.progress import check

        if self.is_busy():
            return None
        paths = paths if paths is not None else ask_declaration_files(self.window_)
        if not paths:
            return None
        chosen = list(paths)

        def work(task: Task) -> DeclarationsStored:
            with gc_paused():
                reading = read_declaration_files(chosen)
            check(task)      # cancelled (the strip's Cancel, or the window closing) before anything is stored
            return store_declaration_reading(reading)

        return self._start(work, _("Reading the supplier declarations…"), self._declarations_stored)

    def _declarations_stored(self, done: DeclarationsStored) -> None:
        if not done.complete:
            from PySide6.QtWidgets import QMessageBox

            problems = [self._say(f) for f in done.reading.failures] + [self._say(p) for p in done.reading.problems]
            box = QMessageBox(QMessageBox.Icon.Warning, _("Import Supplier Declarations"), self._say(done.message()),
                              QMessageBox.StandardButton.Ok, self.window_)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setDetailedText("\n".join(problems))
            self.problem_box = box
            box.exec()
        self._library_changed(remap=bool(done.stored))

    def export_library(self, path: str | None = None) -> Task | None:
        from desktop.app.library import export_library

        if self.is_busy():
            return None
        path = path if path is not None else ask_export_path(self.window_)
        if not path:
            return None
        target = path
        return self._start(lambda _task: export_library(target), _("Exporting the part library…"))

    def import_library(self, path: str | None = None) -> Task | None:
        from desktop.app.library import import_library

        if self.is_busy():
            return None
        path = path if path is not None else ask_import_path(self.window_)
        if not path:
            return None
        source = path

        def imported(_done: Imported) -> None:
            self._library_changed(remap=True)   # the colleague's declarations apply to the open BOM at once

        return self._start(lambda _task: import_library(source), _("Importing the part library…"), imported)

    def finish_on_close(self, timeout: float = 30.0) -> bool:
        """The window closes: a running step's outcome is no longer shown, and a write in progress finishes
        (atomic: never a half-written library or workbook); a survey import still reading stops before it stores
        anything. True when no step is left running."""
        self._step = None
        self.runner.cancel()
        return self.runner.wait(timeout)

    # -- wiring ---------------------------------------------------------------------------------------------------
    def _start(self, work: Callable[[Task], Done], label: str,
               shown: Callable[[Done], None] | None = None) -> Task | None:
        """Run one step of desktop.app.library in the menu's task slot. On the GUI thread afterwards: the
        outcome's sentence in the status bar, then ``shown`` (dialogs, mapping again); a refusal or failure (a
        CoreError: refused, unreadable, unwritable) as a dialog. A library set aside is told in the notice box."""
        if self._step is not None:
            return None

        def succeeded(done: Done) -> None:
            self._end(task)
            self._status(self._say(done.message()))
            try:
                if shown is not None:
                    shown(done)
            finally:
                self._after(done)

        def failed(exc: BaseException) -> None:
            self._end(task)
            from desktop.gui import errors  # looked up at the call: tests record the dialogs

            try:
                errors.show_error(self.window_, exc)
            finally:
                self._after(None)

        def finished() -> None:       # cancelled: neither succeeded nor failed is called
            if self._end(task):
                self._after(None)

        task = self.runner.start(work, succeeded, failed, label=label)
        task.signals.finished.connect(finished)
        self._step = task
        self._update_actions()
        return task

    def _end(self, task: Task) -> bool:
        """The step ``task`` is over: the actions come back. False when it was already over (or forgotten)."""
        if self._step is not task:
            return False
        self._step = None
        self._update_actions()
        return True

    def _after(self, done: Any) -> None:
        from desktop.gui.notices import show_recovery_notices

        show_recovery_notices(self.window_)
        self.step_done.emit(done)

    def _library_changed(self, *, remap: bool) -> None:
        session = getattr(self.window_, "session", None)
        if remap and session is not None and getattr(session, "imported", None) is not None:
            session.remap()
        if self.dialog is not None:
            self.dialog.reload()

    @staticmethod
    def _say(item: Any) -> str:
        """A Message, a CoreError or a DeclarationProblem in the UI's language."""
        from desktop.i18n import current_language, translation_for

        return str(item.render(translation_for(current_language())))

    def _status(self, text: str) -> None:
        self.window_.statusBar().showMessage(text, STATUS_MS)

    def browse(self) -> LibraryDialog:
        if self.dialog is None:
            self.dialog = LibraryDialog(self.window_)
        self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


class LibraryDialog(QDialog):
    """The part library's entries: key, content, source, supplier and file, who, when, note, older versions."""

    COLUMNS = 9
    #: The table shows the library as read now (or the reading failed and was shown).
    reloaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(1000, 480)
        self._listing: Listing | None = None
        self.runner = TaskRunner(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Part Library"))
        self.table.setHorizontalHeaderLabels([
            _("Part Number"), _("Manufacturer Part Number"), _("Content"), _("Source"), _("Supplier / file"),
            _("By"), _("When"), _("Note"), _("Older versions")])
        self._fill()

    def reload(self) -> Task:
        """Read the library again in a worker (the dialog's own slot: a newer reload replaces an older one), then
        fill the table; an unreadable library (permission) is shown and the table keeps what it had."""
        from desktop.app.library import list_entries

        return self.runner.start(lambda _task: list_entries(), self._loaded, self._failed)

    def _loaded(self, listing: Listing) -> None:
        from desktop.gui.notices import show_recovery_notices

        self._listing = listing
        self._fill()
        show_recovery_notices(self.parentWidget())
        self.reloaded.emit()

    def _failed(self, exc: BaseException) -> None:
        from desktop.gui import errors

        errors.show_error(self, exc)
        self.reloaded.emit()

    def _fill(self) -> None:
        from desktop.core.report.format import fmt_mass

        entries = self._listing.entries if self._listing is not None else ()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            if e.rare_earth_free:
                content = _("rare-earth free")
            elif e.grams:
                content = ", ".join(f"{s} {fmt_mass(g.grams)}" for s, g in e.grams.items() if g.grams is not None)
            else:
                content = e.class_id or ""
            origin = " ".join(x for x in (e.supplier, f"({e.file})" if e.file else "") if x)
            values = (e.part_number or "", e.mpn or "", content, _(SOURCE_LABELS.get(e.source, e.source)), origin,
                      e.author, e.recorded_at or e.date, e.note, str(len(e.history)) if e.history else "")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        if self._listing is not None:
            self.summary.setText(LibraryMenu._say(self._listing.message()))
