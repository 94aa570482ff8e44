"""Library menu: export the part library to share it, import a colleague's, browse what is in it, and the supplier
survey round trip (export one workbook per supplier of the open BOM; import answered workbooks or IPC-1752A
files) (issue 11).

The work is the core's (``PartLibrary.save``, ``PartLibrary.update`` + ``import_library``); this module only asks
for a file, reports the outcome in the status bar and shows the entries in a read-only table. After an import
the open BOM is mapped again, so that the colleague's declarations and overrides apply at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

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
from desktop.i18n import N_, _, ngettext

STATUS_MS = 15_000


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
        from desktop.core.declarations import export_surveys

        session = getattr(self.window_, "session", None)
        source = getattr(session, "source_path", None)
        if not source:
            return []
        folder = folder if folder is not None else ask_survey_folder(self.window_)
        if not folder:
            return []
        try:
            written = export_surveys(Path(source), Path(folder), getattr(session, "import_options", None))
        except Exception as exc:  # noqa: BLE001 - CoreError (unreadable BOM, unwritable folder): a dialog
            from desktop.gui.errors import show_error

            show_error(self.window_, exc)
            return []
        self._status(ngettext("{n} survey workbook written to {folder}", "{n} survey workbooks written to {folder}",
                                   len(written)).format(n=len(written), folder=folder))
        return written

    def import_declarations(self, paths: list[str] | None = None) -> int:
        """Read answered survey workbooks and IPC-1752A files, store the good rows, list the bad cells in a
        dialog, and map the open BOM again."""
        from desktop.core.declarations import read_declarations, store_declarations
        from desktop.core.errors import CoreError
        from desktop.core.mapping.library import load_or_set_aside
        from desktop.i18n import current_language, translation_for
        from desktop.paths import part_library_file

        paths = paths if paths is not None else ask_declaration_files(self.window_)
        if not paths:
            return 0
        tr = translation_for(current_language())
        results, problems = [], []
        for path in paths:
            try:
                results.append(read_declarations(Path(path)))
            except CoreError as exc:
                problems.append(exc.render(tr))
        problems += [p.render(tr) for r in results for p in r.problems]
        try:
            load_or_set_aside(part_library_file())
            stored = store_declarations(results, part_library_file())
        except Exception as exc:  # noqa: BLE001 - CoreError (library unreadable or unwritable)
            from desktop.gui.errors import show_error

            show_error(self.window_, exc)
            return 0
        summary = _("{stored} declarations imported into {library}; {bad} cells or records not imported, "
                    "{unanswered} rows not answered").format(
            stored=stored, library=part_library_file(), bad=len(problems),
            unanswered=sum(r.unanswered for r in results))
        self._status(summary)
        if problems:
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, _("Import Supplier Declarations"), summary,
                              QMessageBox.StandardButton.Ok, self.window_)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setDetailedText("\n".join(problems))
            self.problem_box = box
            box.exec()
        session = getattr(self.window_, "session", None)
        if stored and session is not None and getattr(session, "imported", None) is not None:
            session.remap()
        if self.dialog is not None:
            self.dialog.reload()
        return stored

    def _status(self, text: str) -> None:
        self.window_.statusBar().showMessage(text, STATUS_MS)

    def export_library(self, path: str | None = None) -> bool:
        from desktop.core.errors import UsageError
        from desktop.core.mapping.library import PartLibrary, load_or_set_aside
        from desktop.core.outputs import same_file
        from desktop.paths import part_library_file

        path = path if path is not None else ask_export_path(self.window_)
        if not path:
            return False
        source = part_library_file()
        try:
            if Path(path).exists() and same_file(Path(path), source):   # a refusal, not an unexpected error
                raise UsageError(N_("This is the part library itself; choose another file."))
            library = load_or_set_aside(source)
            PartLibrary(list(library.entries())).save(Path(path))
        except Exception as exc:  # noqa: BLE001 - CoreError (refused, unwritable): shown as a dialog
            from desktop.gui.errors import show_error

            show_error(self.window_, exc)
            return False
        self._status(ngettext("{n} entry exported to {path}", "{n} entries exported to {path}",
                                   len(library)).format(n=len(library), path=path))
        return True

    def import_library(self, path: str | None = None) -> bool:
        from desktop.core.mapping.library import PartLibrary, load_or_set_aside
        from desktop.paths import part_library_file

        path = path if path is not None else ask_import_path(self.window_)
        if not path:
            return False
        target = part_library_file()
        try:
            theirs = PartLibrary.load(Path(path))   # checked in full before anything changes
            load_or_set_aside(target)               # a damaged own library is set aside, with a notice
            counts = PartLibrary.update(target, lambda mine: mine.import_library(theirs, file=Path(path).name))
        except Exception as exc:  # noqa: BLE001 - CoreError (unreadable file, unwritable library)
            from desktop.gui.errors import show_error

            show_error(self.window_, exc)
            return False
        self._status(ngettext("{path}: {added} entry added, {replaced} replaced by newer ones, {kept} kept (ours "
                              "newer; theirs kept in the history), {unchanged} already held",
                              "{path}: {added} entries added, {replaced} replaced by newer ones, {kept} kept (ours "
                              "newer; theirs kept in the history), {unchanged} already held", counts.added).format(
            path=Path(path).name, added=counts.added, replaced=counts.replaced, kept=counts.kept,
            unchanged=counts.unchanged))
        session = getattr(self.window_, "session", None)
        if session is not None and getattr(session, "imported", None) is not None:
            session.remap()   # the colleague's declarations apply to the open BOM at once
        if self.dialog is not None:
            self.dialog.reload()
        return True

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
        self._entries: list[Any] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Part Library"))
        self.table.setHorizontalHeaderLabels([
            _("Part Number"), _("Manufacturer Part Number"), _("Content"), _("Source"), _("Supplier / file"),
            _("By"), _("When"), _("Note"), _("Older versions")])
        self._fill()

    def reload(self) -> None:
        from desktop.core.mapping.library import load_or_set_aside
        from desktop.paths import part_library_file

        try:
            library = load_or_set_aside(part_library_file())
        except Exception as exc:  # noqa: BLE001 - unreadable (permission): shown, the table stays empty
            from desktop.gui.errors import show_error

            show_error(self, exc)
            return
        self._entries = sorted(library.entries(), key=lambda e: (e.part_number or "", e.mpn or ""))
        self._fill()

    def _fill(self) -> None:
        from desktop.core.report.format import fmt_mass

        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self._entries))
        for r, e in enumerate(self._entries):
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
        self.summary.setText(ngettext("{n} entry in {library}", "{n} entries in {library}", len(self._entries)).format(
            n=len(self._entries), library=self._path()))

    @staticmethod
    def _path() -> str:
        from desktop.paths import part_library_file

        return str(part_library_file())
