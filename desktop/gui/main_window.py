"""The main window: pages in tabs, native menus with standard shortcuts, the status-bar progress, drag and drop,
opening BOMs (through the import wizard) and saved assessments, saving, export, settings and About."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from desktop import APP_DISPLAY_NAME
from desktop.app.window_state import (
    DOCUMENT_FILTER,
    Box,
    OpenTarget,
    available_actions,
    fit_window,
    open_dialog_filter,
    open_target,
    status_line,
    suggested_document_path,
    window_title,
)
from desktop.gui import settings as opt
from desktop.gui.pages.assessment_page import AssessmentPage
from desktop.gui.pages.elements_page import ElementsPage
from desktop.gui.pages.start_page import StartPage, sample_bom
from desktop.gui.session import Session, Stage
from desktop.gui.settings import Settings
from desktop.gui.widgets.file_drop import FileDropFilter
from desktop.gui.widgets.progress_strip import ProgressStrip
from desktop.gui.widgets.scenario_bar import ScenarioBar, scenario_label
from desktop.gui.widgets.wheel_guard import install_wheel_guard
from desktop.gui.workers import TaskRunner
from desktop.i18n import _, current_language, translation_for

START, PARTS, ELEMENTS = range(3)
KNOWLEDGE_DELAY_MS = 150
PREFERRED_SIZE = QSize(1440, 900)
MINIMUM_SIZE = QSize(800, 520)
TITLE_BAR_ALLOWANCE = 40      # before the first show the window manager's frame is unknown


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_wheel_guard()
        self._fitted = False
        self.settings = settings
        self.session = Session(settings, self)
        self.wizard: Any = None
        self.dialog: Any = None          # the open export / settings / about dialog (tests reach it here)
        self.setMinimumSize(MINIMUM_SIZE)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.start_page = StartPage(self.session)
        self.assessment_page = AssessmentPage(self.session, settings)
        self.elements_page = ElementsPage(self.session)
        for page in (self.start_page, self.assessment_page, self.elements_page):
            self.tabs.addTab(page, "")
        self.setCentralWidget(self.tabs)
        self.start_page.open_requested.connect(self.open_path)
        self.scenario_bar = ScenarioBar(self.session, self)      # as-of date and scenario on every tab
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.scenario_bar)

        self.progress = ProgressStrip()
        self.statusBar().addPermanentWidget(self.progress)
        self.source_label = QLabel()
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.statusBar().addWidget(self.source_label, 1)
        self.session.busy.connect(self.progress.track)
        self.session.changed.connect(self._session_changed)
        self.session.document_saved.connect(self._document_saved)
        self.session.document_opened.connect(self._add_recent)
        self.session.password_needed.connect(self.start_import)
        FileDropFilter(self, self.open_path)

        self._create_actions()
        self._create_menus()
        self.retranslate()
        self._update_actions()
        self._restore_geometry()
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda *_: self._palette_changed())
        # after the first paint: the window must not wait for the knowledge base (YAML + numpy)
        QTimer.singleShot(KNOWLEDGE_DELAY_MS, self.session.load_knowledge)

    # -- actions and menus ---------------------------------------------------------------------------------------
    def _action(self, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                role: QAction.MenuRole | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if role is not None:
            action.setMenuRole(role)
        return action

    def _create_actions(self) -> None:
        self.open_action = self._action(lambda: self.open_path(""), QKeySequence.StandardKey.Open)
        self.sample_action = self._action(self._open_sample)
        self.save_action = self._action(self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(self.save_as, QKeySequence.StandardKey.SaveAs)
        self.export_action = self._action(lambda: self.show_export("pdf"), "Ctrl+E")
        self.export_xlsx_action = self._action(lambda: self.show_export("xlsx"), "Ctrl+Shift+E")
        self.quit_action = self._action(self.close, QKeySequence.StandardKey.Quit, QAction.MenuRole.QuitRole)
        self.find_action = self._action(self._find, QKeySequence.StandardKey.Find)
        self.settings_action = self._action(self.show_settings, QKeySequence.StandardKey.Preferences,
                                            QAction.MenuRole.PreferencesRole)
        self.view_actions = [self._action(lambda _c=False, i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
                             for i in range(3)]
        self.about_action = self._action(self.show_about, None, QAction.MenuRole.AboutRole)
        self.log_action = self._action(self._open_log_folder)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        for a in (self.open_action, self.sample_action):
            self.file_menu.addAction(a)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        for a in (self.save_action, self.save_as_action):
            self.file_menu.addAction(a)
        self.file_menu.addSeparator()
        for a in (self.export_action, self.export_xlsx_action):
            self.file_menu.addAction(a)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.settings_action)
        self.view_menu = bar.addMenu("")
        for a in self.view_actions:
            self.view_menu.addAction(a)
        from desktop.gui.library_menu import LibraryMenu  # Library → Export / Import / Browse (issue 11)

        self.library_menu = LibraryMenu(self)
        bar.addMenu(self.library_menu)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.log_action)
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.recent_menu.setTitle(_("Open &Recent"))
        self.library_menu.retranslate()
        for action, text in ((self.open_action, _("&Open…")), (self.sample_action, _("Open the &Sample BOM")),
                             (self.save_action, _("&Save Assessment")), (self.save_as_action, _("Save Assessment &As…")),
                             (self.export_action, _("&Export PDF Briefing…")),
                             (self.export_xlsx_action, _("Export E&xcel Workbook…")), (self.quit_action, _("&Quit")),
                             (self.find_action, _("&Find Part")), (self.settings_action, _("Se&ttings…")),
                             (self.about_action, _("&About reerisk")), (self.log_action, _("Show the &Log Folder"))):
            action.setText(text)
        titles = (_("Start"), _("Parts list"), _("Elements && controls"))
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, title)
            self.view_actions[i].setText(title)
        for page in (self.start_page, self.assessment_page, self.elements_page):
            page.retranslate()
        self.scenario_bar.retranslate()
        self.progress.retranslate()
        self._update_recent_menu()
        self._update_title()

    def _update_recent_menu(self) -> None:
        files = self.settings.recent_files()
        self.recent_menu.clear()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setEnabled(Path(path).is_file())
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not files:
            self.recent_menu.addAction(_("No recent files")).setEnabled(False)
        self.start_page.set_recent_files(files)

    def _update_actions(self) -> None:
        allowed = available_actions(self.session.results)
        for action in (self.save_action, self.save_as_action):
            action.setEnabled(allowed.save)
        for action in (self.export_action, self.export_xlsx_action):
            action.setEnabled(allowed.export)
        self.sample_action.setEnabled(sample_bom() is not None)
        for tab in (PARTS, ELEMENTS):
            self.tabs.setTabEnabled(tab, allowed.views)
            self.view_actions[tab].setEnabled(allowed.views)
        self.find_action.setEnabled(allowed.views)

    def _update_title(self) -> None:
        s = self.session
        title = window_title(s.source_name(), s.document_path, APP_DISPLAY_NAME)
        self.setWindowTitle(title)
        self.setWindowModified(title != APP_DISPLAY_NAME and s.dirty)
        results = s.results
        scenario = scenario_label(results.scenario or "baseline", s.knowledge) if results is not None else ""
        self.source_label.setText(status_line(results, s.source_name(), scenario,
                                              translation_for(current_language())))

    # -- session -------------------------------------------------------------------------------------------------
    def _session_changed(self, stage: int) -> None:
        self._update_actions()
        self._update_title()
        if stage == Stage.SCORED and self.tabs.currentIndex() == START:
            self.tabs.setCurrentIndex(PARTS)
            self.assessment_page.select_first()
        elif stage == Stage.SOURCE and self.session.stored is not None:
            self.tabs.setCurrentIndex(PARTS)

    # -- opening -------------------------------------------------------------------------------------------------
    def open_path(self, path: str = "") -> None:
        """Open a BOM (through the import wizard) or a saved assessment; "" shows the file dialog."""
        if not path:
            path = self._ask_open_path()
            if not path:
                return
        target = open_target(path)
        if target is OpenTarget.FOLDER:
            QMessageBox.warning(self, _("A folder, not a file"),
                                _("{path} is a folder, not a file. Open a BOM file inside it.").format(path=path))
            return
        if target is OpenTarget.MISSING:
            QMessageBox.warning(self, _("File not found"), _("{path} does not exist any more.").format(path=path))
            self.settings.remove_recent_file(path)
            self._update_recent_menu()
            return
        if not self.maybe_save():
            return
        if target is OpenTarget.DOCUMENT:
            self.open_document(path)
        else:
            self.start_import(path)

    def _ask_open_path(self) -> str:
        folder = self.settings.get(opt.LAST_FOLDER) or str(Path.home())
        path, _sel = QFileDialog.getOpenFileName(self, _("Open a BOM or a saved assessment"), folder,
                                                 open_dialog_filter(translation_for(current_language())))
        return path

    def _open_sample(self) -> None:
        path = sample_bom()
        if path is not None:
            self.open_path(str(path))

    def start_import(self, path: str, options: Any = None) -> Any:
        from desktop.gui.dialogs.import_wizard import ImportWizard

        if self.wizard is not None:
            self.wizard.reject()
        wizard = ImportWizard(path, self, options)
        wizard.accepted.connect(lambda w=wizard: self._wizard_accepted(w))
        wizard.finished.connect(lambda _r, w=wizard: self._wizard_closed(w))
        self.wizard = wizard
        wizard.open()
        return wizard

    def _wizard_accepted(self, wizard: Any) -> None:
        if wizard.result is None:
            return
        self.session.clear()
        self.session.set_imported(wizard.result, wizard.options)
        self._add_recent(wizard.path)

    def _wizard_closed(self, wizard: Any) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()

    @property
    def document_runner(self) -> TaskRunner:
        """The task slot of saving and opening documents (the session's)."""
        return self.session.document_runner

    def open_document(self, path: str) -> Any:
        """Open a saved assessment (read, validated and re-hashed in a worker); returns the Task. A bad file, or a
        source that cannot be read again, gets the error dialog."""
        return self.session.open_document(path, self._show_error)

    def _show_error(self, exc: BaseException) -> None:
        from desktop.gui.errors import show_error

        show_error(self, exc)

    def _add_recent(self, path: str) -> None:
        self.settings.add_recent_file(path)
        self._update_recent_menu()

    # -- saving --------------------------------------------------------------------------------------------------
    def save(self, wait: bool = False) -> bool:
        if self.session.document_path:
            return self._write_document(self.session.document_path, wait=wait)
        return self.save_as(wait)

    def save_as(self, wait: bool = False) -> bool:
        if self.session.assessment is None:
            return False
        from desktop.gui.defaults import default_save_folder

        folder = default_save_folder((self.settings.get(opt.LAST_FOLDER), self.session.source_path))
        suggested = str(suggested_document_path(folder, self.session.source_name()))
        path, _sel = QFileDialog.getSaveFileName(self, _("Save Assessment"), suggested, _(DOCUMENT_FILTER))
        return bool(path) and self._write_document(path, wait=wait)

    def _write_document(self, path: str, *, wait: bool = False) -> bool:
        """Save the assessment at ``path`` in a worker. Returns True when the save started; with ``wait`` (before
        closing or opening another file), waits in a local event loop – the window keeps painting – and returns
        True only if it succeeded. A failure shows the error dialog."""
        outcome: dict[str, bool] = {}

        def failed(exc: BaseException) -> None:
            outcome["ok"] = False
            self._show_error(exc)

        task = self.session.save_document(path, failed)
        if task is None:
            return False
        if not wait:
            return True
        self.session.finish_document_task()
        return outcome.get("ok", task.is_done())

    def _document_saved(self, written: str) -> None:
        self._add_recent(written)
        self._update_title()
        self.statusBar().showMessage(_("Saved {path}").format(path=written), 5000)

    # -- dialogs -------------------------------------------------------------------------------------------------
    def show_export(self, kind: str = "pdf") -> Any:
        s = self.session
        if s.assessment is None or s.knowledge is None:
            return None
        from desktop.gui.dialogs.export_dialog import ExportDialog

        self.dialog = ExportDialog(s.assessment, s.knowledge, self.settings, s.source_name(), self, kind)
        self.dialog.open()
        return self.dialog

    def show_settings(self) -> Any:
        from desktop.gui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.session.knowledge, self)
        dialog.accepted.connect(lambda: self._settings_accepted(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _settings_accepted(self, dialog: Any) -> None:
        if dialog.language_changed:
            self.set_language(self.settings.language())
        if dialog.scoring_changed and self.session.mapped is not None:
            self.session.rescore(config=None)

    def set_language(self, lang: str) -> None:
        """Switch the UI language at once: every page re-translates itself."""
        from desktop.gui.app import apply_language

        apply_language(lang)
        self.retranslate()

    def show_about(self) -> Any:
        from desktop.gui.dialogs.about_dialog import AboutDialog

        self.dialog = AboutDialog(self.session.knowledge, self)
        self.dialog.open()
        return self.dialog

    def _find(self) -> None:
        if self.tabs.isTabEnabled(PARTS):
            self.tabs.setCurrentIndex(PARTS)
            self.assessment_page.focus_search()

    def _open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from desktop.paths import log_file

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))

    # -- window state --------------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.get(opt.GEOMETRY)
        if not geometry or not self.restoreGeometry(geometry):
            self.resize(PREFERRED_SIZE)
        state = self.settings.get(opt.WINDOW_STATE)
        if state:
            self.restoreState(state)
        self.fit_to_screen()

    def available_geometry(self) -> QRect:
        """The screen area a window may use (without task bar / dock), in device-independent pixels."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)

    def fit_to_screen(self) -> None:
        """Keep the whole window – status bar with progress and Cancel included – on the available screen area,
        at any scale factor (the rule: :func:`desktop.app.window_state.fit_window`)."""
        area = self.available_geometry()
        frame_w = max(0, self.frameGeometry().width() - self.geometry().width()) if self.isVisible() else 0
        frame_h = max(0, self.frameGeometry().height() - self.geometry().height()) if self.isVisible() \
            else TITLE_BAR_ALLOWANCE
        fitted, minimum = fit_window(Box(area.x(), area.y(), area.width(), area.height()),
                                     Box(self.x(), self.y(), self.width(), self.height()), (frame_w, frame_h),
                                     (MINIMUM_SIZE.width(), MINIMUM_SIZE.height()))
        self.setMinimumSize(*minimum)
        if (fitted.width, fitted.height) != (self.width(), self.height()):
            self.resize(fitted.width, fitted.height)
        if (fitted.x, fitted.y) != (self.x(), self.y()):
            self.move(fitted.x, fitted.y)

    def save_window_state(self) -> None:
        self.settings.set(opt.GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(opt.WINDOW_STATE, bytes(self.saveState().data()))
        self.assessment_page.save_state()
        self.settings.sync()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._fitted:          # the frame size is known once shown: fit again with it
            self._fitted = True
            QTimer.singleShot(0, self.fit_to_screen)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._palette_changed()
        super().changeEvent(event)

    def _palette_changed(self) -> None:
        if hasattr(self, "elements_page"):
            self.assessment_page.palette_changed()
            self.elements_page.palette_changed()

    def maybe_save(self) -> bool:
        """Ask about unsaved changes before they would be lost (closing, opening another file).

        True when it is fine to go on: nothing to save, saved, or the user chose to discard."""
        self.session.finish_document_task()    # a background save may be about to clear "dirty"
        if not (self.session.dirty and self.session.assessment is not None):
            return True
        answer = QMessageBox.question(
            self, _("Save changes?"), _("The assessment has changes that are not saved. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        return answer != QMessageBox.StandardButton.Save or self.save(wait=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self.save_window_state()
        self.session.runner.cancel()
        self.session.runner.wait(5.0)
        self.document_runner.wait(30.0)     # a save in progress finishes (atomic: never a half-written file)
        self.library_menu.finish_on_close(30.0)     # likewise a library or survey write of the Library menu
        event.accept()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.progress.isVisible():
            self.progress.cancel()
            return
        super().keyPressEvent(event)
