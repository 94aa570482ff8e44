"""Library menu: export the part library to share it, import a colleague's, browse what is in it, and the supplier
survey round trip (export one workbook per supplier of the open BOM; import answered workbooks or IPC-1752A
files) (issue 11).

The steps (checks, refusals, counts, the files) are the application layer's (:mod:`desktop.app.library`), the
same ones ``reerisk library`` and ``reerisk survey`` run; this module only asks for a file, shows a refusal or
failure as a dialog, reports the outcome in the status bar and shows the entries in a read-only table. After an
import the open BOM is mapped again, so that the colleague's declarations and overrides apply at once.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import Qt
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
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.app.library import Listing
    from desktop.core.types import Message

STATUS_MS = 15_000
T = TypeVar("T")


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
    """Library → Export… / Import… / Browse… in the main window's menu bar."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
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

    def _update_actions(self) -> None:
        session = getattr(self.window_, "session", None)
        self.survey_export_action.setEnabled(bool(session is not None and getattr(session, "source_path", None)))

    def export_surveys(self, folder: str | None = None) -> list[Path]:
        """One survey workbook per supplier of the open BOM into a folder the user picks."""
        from desktop.app.library import export_surveys

        session = getattr(self.window_, "session", None)
        source = getattr(session, "source_path", None)
        if not source:
            return []
        folder = folder if folder is not None else ask_survey_folder(self.window_)
        if not folder:
            return []
        done = self._report(lambda: export_surveys(source, folder, getattr(session, "import_options", None)))
        return list(done.written) if done is not None else []

    def import_declarations(self, paths: list[str] | None = None) -> int:
        """Read answered survey workbooks and IPC-1752A files, store the good rows, list the bad cells in a
        dialog, and map the open BOM again."""
        from desktop.app.library import read_declaration_files, store_declaration_reading

        paths = paths if paths is not None else ask_declaration_files(self.window_)
        if not paths:
            return 0
        reading = self._run(lambda: read_declaration_files(paths))
        done = self._report(lambda: store_declaration_reading(reading)) if reading is not None else None
        if done is None:
            return 0
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
        return done.stored

    def export_library(self, path: str | None = None) -> bool:
        from desktop.app.library import export_library

        path = path if path is not None else ask_export_path(self.window_)
        if not path:
            return False
        return self._report(lambda: export_library(path)) is not None

    def import_library(self, path: str | None = None) -> bool:
        from desktop.app.library import import_library

        path = path if path is not None else ask_import_path(self.window_)
        if not path:
            return False
        if self._report(lambda: import_library(path)) is None:
            return False
        self._library_changed(remap=True)   # the colleague's declarations apply to the open BOM at once
        return True

    # -- wiring ---------------------------------------------------------------------------------------------------
    def _run(self, step: Callable[[], T]) -> T | None:
        """Run one step of desktop.app.library; a refusal or failure (a CoreError: refused, unreadable,
        unwritable) is shown as a dialog and gives None. A library set aside is told in the notice box."""
        from desktop.gui.errors import show_error
        from desktop.gui.notices import show_recovery_notices

        try:
            return step()
        except Exception as exc:  # noqa: BLE001 - shown as a dialog, never a traceback
            show_error(self.window_, exc)
            return None
        finally:
            show_recovery_notices(self.window_)

    def _report(self, step: Callable[[], Done]) -> Done | None:
        """:meth:`_run`, and the outcome's sentence in the status bar."""
        done = self._run(step)
        if done is not None:
            self._status(self._say(done.message()))
        return done

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
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Part Library"))
        self.table.setHorizontalHeaderLabels([
            _("Part Number"), _("Manufacturer Part Number"), _("Content"), _("Source"), _("Supplier / file"),
            _("By"), _("When"), _("Note"), _("Older versions")])
        self._fill()

    def reload(self) -> None:
        from desktop.app.library import list_entries

        try:
            listing = list_entries()
        except Exception as exc:  # noqa: BLE001 - unreadable (permission): shown, the table stays empty
            from desktop.gui.errors import show_error

            show_error(self, exc)
            return
        self._listing = listing
        self._fill()

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
