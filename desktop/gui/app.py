"""Start-up only: QApplication, fonts, icon, palette, language and Qt translators, logging, exception hooks.

Heavy modules (pandas, matplotlib, reportlab) are not imported here or by the main window; they load when a
BOM is opened, a chart is shown or an export runs.
"""
from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from desktop import APP_DISPLAY_NAME, APP_NAME, ORG_DOMAIN, ORG_NAME, __version__
from desktop.i18n import set_language

log = logging.getLogger("reerisk.gui")
_translators: list[QTranslator] = []


def install_qt_translators(app: QApplication, lang: str) -> None:
    """Load Qt's own translations (standard buttons, "Show Details…") for ``lang`` if the files exist."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if lang == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(QLocale(lang), name, "_", folder):
            app.installTranslator(translator)
            _translators.append(translator)
            break


def apply_language(lang: str) -> None:
    """Switch our gettext catalogue and Qt's translators (the window re-translates itself)."""
    set_language(lang)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_qt_translators(app, lang)


def create_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setDesktopFileName(APP_NAME)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)

    from desktop.gui import theme

    theme.install_fonts(app)
    theme.apply_palette(app)
    app.setWindowIcon(theme.app_icon())
    return app


class FileOpenFilter(QObject):
    """macOS delivers files opened from Finder (double-click, "Open with", drop on the Dock icon) as
    ``QFileOpenEvent``s to the application, not as command-line arguments: open them in the window."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FileOpen:
            path = event.file()  # type: ignore[attr-defined]
            if path:
                QTimer.singleShot(0, lambda: self._window.open_path(path))  # type: ignore[attr-defined]
                return True
        return False


def main(path: str | None = None) -> int:
    """Open the main window (and ``path`` if given); returns the exit code."""
    from desktop.logging_setup import configure_logging

    configure_logging()  # the CLI's own call (``reerisk gui FILE``) already attached it: this one is a no-op
    app = create_app()
    from desktop.gui.errors import install_excepthooks
    from desktop.gui.main_window import MainWindow
    from desktop.gui.notices import clean_at_start, show_recovery_notices
    from desktop.gui.settings import Settings

    install_excepthooks()
    settings = Settings()          # a damaged settings file is set aside here, with a notice
    apply_language(settings.language())
    clean_at_start(settings.recent_files())
    window = MainWindow(settings)
    if sys.platform == "darwin":   # only macOS sends files as QFileOpenEvents; elsewhere an app-wide Python
        app.installEventFilter(FileOpenFilter(window))   # filter only makes every event wait for the GIL
    window.session.changed.connect(lambda _stage: show_recovery_notices(window))  # e.g. a damaged part library
    window.show()
    QTimer.singleShot(0, lambda: show_recovery_notices(window))
    if path:
        QTimer.singleShot(0, lambda: window.open_path(path))
    log.info("reerisk %s started", __version__)
    return app.exec()
