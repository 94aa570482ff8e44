"""The one error presenter of the GUI, and the last-resort exception hooks.

- ``Cancelled`` → nothing;
- a core error (``CoreError``) → a message box with the translated message and the technical detail under
  "Show Details…";
- a file that cannot be written because another program holds it → "close it in Excel and try again";
- anything else → "Unexpected error", the traceback under "Show Details…" and the log file's location.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.i18n import _, current_language, translation_for

log = logging.getLogger("reerisk.gui")


def error_text(exc: BaseException) -> tuple[str, str, str]:
    """(title, message, details) for ``exc`` in the current UI language."""
    from desktop.core.errors import CoreError, OutputError, PasswordRequired

    tr = translation_for(current_language())
    if isinstance(exc, PermissionError) or (isinstance(exc, OutputError) and _is_locked(exc)):
        name = getattr(exc, "filename", None) or getattr(exc, "params", {}).get("path", "")
        message = _("The file cannot be written because another program has it open (for example Excel). "
                    "Close it in Excel and try again.")
        if name:
            message += "\n\n" + str(name)
        detail = exc.render(tr) + ("\n" + exc.detail if exc.detail else "") if isinstance(exc, CoreError) \
            else str(exc)
        return _("File in use"), message, detail
    if isinstance(exc, PasswordRequired):
        return _("Password required"), exc.render(tr), exc.detail
    if isinstance(exc, CoreError):
        return _("reerisk"), exc.render(tr), exc.detail
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    from desktop.paths import log_file

    message = _("An unexpected error occurred. The details were written to the log file:") + f"\n{log_file()}"
    return _("Unexpected error"), message, details


def _is_locked(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc.__context__
    return isinstance(cause, PermissionError) or "permission" in str(getattr(exc, "detail", "")).lower()


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox | None:
    """Show ``exc`` to the user. Returns the message box (None for a cancellation)."""
    from desktop.core.errors import Cancelled, CoreError

    if isinstance(exc, Cancelled):
        return None
    title, message, details = error_text(exc)
    if isinstance(exc, CoreError | PermissionError):
        log.warning("%s: %s", type(exc).__name__, message)
        icon = QMessageBox.Icon.Warning
    else:
        log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        icon = QMessageBox.Icon.Critical
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    box.exec()
    return box


class _MainThreadBridge(QObject):
    raised = Signal(object)


_bridge: _MainThreadBridge | None = None
_showing = False


def install_excepthooks() -> None:
    """Log uncaught exceptions (main and worker threads) and show them once, never recursively."""
    global _bridge
    _bridge = _MainThreadBridge()
    _bridge.raised.connect(_present_uncaught)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("Uncaught exception", exc_info=(exc_type, exc, tb))
        if _bridge is not None and issubclass(exc_type, Exception):
            _bridge.raised.emit(exc)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def _present_uncaught(exc: BaseException) -> None:
    global _showing
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        show_error(QApplication.activeWindow(), exc)
    except Exception:  # noqa: BLE001 - never loop on a failing error dialog
        log.exception("The error dialog itself failed")
    finally:
        _showing = False
