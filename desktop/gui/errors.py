"""The one error presenter of the GUI, and the last-resort exception hooks.

- ``Cancelled`` → nothing;
- a core error (``CoreError``) → a message box with the translated message and the technical detail under
  "Show Details…";
- a file that cannot be written → what the user can do about it, told apart by :func:`file_problem`: another
  program holds it ("close it in Excel"), no permission (read-only folder or file), the folder is missing, the
  path is a folder, the disk is full;
- anything else → "Unexpected error", the traceback under "Show Details…" and the log file's location.
"""
from __future__ import annotations

import errno
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.i18n import N_, _, current_language, translation_for

log = logging.getLogger("reerisk.gui")


#: Windows error codes: sharing / lock violation (another program has the file open), disk full.
_WIN_LOCKED = {32, 33}
_WIN_DISK_FULL = {39, 112}

#: kind -> (title, message); ``{path}`` and ``{folder}`` are filled in.
FILE_PROBLEMS: dict[str, tuple[str, str]] = {
    "locked": (N_("File in use"),
               N_("The file cannot be written because another program has it open (for example Excel). "
                  "Close it in Excel and try again.")),
    "permission": (N_("No permission to write"),
                   N_("You do not have permission to write {path}: the folder or the file is read-only. "
                      "Choose another folder, for example your Documents folder.")),
    "locked_or_permission": (N_("Cannot write the file"),
                             N_("{path} cannot be written. Another program may have it open (for example Excel), "
                                "or the folder may be read-only. Close it in Excel and try again, or choose "
                                "another folder.")),
    "missing_folder": (N_("Folder not found"),
                       N_("The folder {folder} does not exist. Choose an existing folder.")),
    "not_a_file": (N_("A folder, not a file"), N_("{path} is a folder. Enter a file name inside it.")),
    "disk_full": (N_("Disk full"),
                  N_("There is not enough free space on the disk to write {path}. Free some space or choose "
                     "another drive.")),
}


def _os_error(exc: BaseException) -> OSError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def file_problem(exc: BaseException) -> tuple[str, str] | None:
    """(kind, path) when ``exc`` means a file could not be written, else None.

    The kind comes from the OS error code first, then from the state of the file system now: a missing parent
    folder, a folder where a file was expected, a read-only file or folder, or a writable one (then another
    program holds the file)."""
    from desktop.core.errors import OutputError

    os_error = _os_error(exc)
    if not isinstance(exc, OutputError | OSError) or isinstance(exc, TimeoutError | ConnectionError):
        return None
    params = getattr(exc, "params", None) or {}
    raw = (os_error.filename if os_error is not None else None) or params.get("path") or params.get("file") or ""
    path = Path(str(raw)) if raw else None
    errno_ = os_error.errno if os_error is not None else None
    winerror = getattr(os_error, "winerror", None)
    if errno_ == errno.ENOSPC or winerror in _WIN_DISK_FULL:
        return "disk_full", str(raw)
    if winerror in _WIN_LOCKED:
        return "locked", str(raw)
    if path is not None:
        if path.is_dir():
            return "not_a_file", str(raw)
        if not path.parent.is_dir():
            return "missing_folder", str(raw)
    if isinstance(os_error, IsADirectoryError):
        return "not_a_file", str(raw)
    if isinstance(os_error, FileNotFoundError | NotADirectoryError):
        return "missing_folder", str(raw)
    denied = isinstance(os_error, PermissionError) or errno_ in (errno.EACCES, errno.EPERM) or \
        (os_error is None and "permission" in str(getattr(exc, "detail", "")).lower())
    if not denied:
        return None
    if path is None:
        return "locked_or_permission", ""
    if path.exists():
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            return "permission", str(raw)
        return "locked", str(raw)
    if not os.access(path.parent, os.W_OK):
        return "permission", str(raw)
    return "locked_or_permission", str(raw)


def error_text(exc: BaseException) -> tuple[str, str, str]:
    """(title, message, details) for ``exc`` in the current UI language."""
    from desktop.core.errors import CoreError, PasswordRequired

    tr = translation_for(current_language())
    problem = file_problem(exc)
    if problem is not None:
        kind, name = problem
        title, text = FILE_PROBLEMS[kind]
        folder = str(Path(name).parent) if name else ""
        message = _(text).format(path=name or "–", folder=folder or "–")
        if name and "{path}" not in text and "{folder}" not in text:
            message += "\n\n" + name
        detail = exc.render(tr) + ("\n" + exc.detail if exc.detail else "") if isinstance(exc, CoreError) \
            else str(exc)
        return _(title), message, detail
    if isinstance(exc, PasswordRequired):
        return _("Password required"), exc.render(tr), exc.detail
    if isinstance(exc, CoreError):
        return _("reerisk"), exc.render(tr), exc.detail
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    from desktop.paths import log_file

    message = _("An unexpected error occurred. The details were written to the log file:") + f"\n{log_file()}"
    return _("Unexpected error"), message, details


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox | None:
    """Show ``exc`` to the user. Returns the message box (None for a cancellation)."""
    from desktop.core.errors import Cancelled, CoreError

    if isinstance(exc, Cancelled):
        return None
    title, message, details = error_text(exc)
    if isinstance(exc, CoreError | OSError):
        log.warning("%s: %s", type(exc).__name__, message)
        icon = QMessageBox.Icon.Warning
    else:
        log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        icon = QMessageBox.Icon.Critical
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and cell text: never markup
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
