"""The one logging setup of the CLI and the GUI: a rotating log file in the user's data folder. No Qt.

Why one module: the CLI and the GUI used to attach a handler each (one to the root logger, one to ``reerisk``),
so ``reerisk gui FILE``, which runs both, wrote every line twice. Here the file handler lives on the root logger
(it hears ``desktop.*`` and ``reerisk.*`` alike) and is attached at most once per process, however often
:func:`configure_logging` is called.
"""
from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: One file of about 1 MB and three older ones: enough for weeks of use, small enough to attach to a support mail.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3


class _AppLogHandler(RotatingFileHandler):
    """The application's own file handler: a subclass so that the setup finds its handler and no one else's."""


def _ours(root: logging.Logger) -> list[_AppLogHandler]:
    return [h for h in root.handlers if isinstance(h, _AppLogHandler)]


def configure_logging(path: str | Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send log records to the rotating log file; returns the file's path, or None when it cannot be opened.

    Idempotent: a second call for the same file leaves the one handler in place. A call for another file (the
    user-data folder changed, as in tests) closes the old handler and attaches the new one, so there is never more
    than one. A log that cannot be opened (read-only folder, full disk) is not an error: the app runs without it.

    Args:
        path: the log file; :func:`desktop.paths.log_file` (the user's data folder) when None.
        level: the root logger's level while logging to the file.
    """
    root = logging.getLogger()
    try:
        if path is None:
            from desktop.paths import log_file

            path = log_file()
        target = Path(path).resolve()
        current = _ours(root)
        if current and Path(current[0].baseFilename).resolve() == target:
            root.setLevel(level)
            return target
        handler = _AppLogHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    for old in current:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return target
