"""States that heal: set a corrupted state file aside, and clean our own orphaned temporary files.

A settings file, part library or saved assessment that cannot be read is never silently reset or overwritten:
it is renamed to ``<name>.corrupt-YYYYMMDD-HHMMSS`` (the user can still open or send it), the caller tells the
user the new name, and the app goes on with defaults.

Atomic writes (write a temporary file beside the target, then ``os.replace``) leave their temporary file behind
when the process is killed between the two steps. :func:`clean_orphans` removes such files at the next start –
only names that we create, and only files older than a few minutes, so that a write running in another
reerisk process at the same moment is never disturbed. No Qt here.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.core.types import Message

log = logging.getLogger("reerisk.recovery")

#: What a user is told when a state file was set aside (one catalogue: GUI notice and CLI warning).
SET_ASIDE = N_("{path} could not be read ({reason}). It was renamed to {backup}; reerisk goes on without it.")
NOT_SET_ASIDE = N_("{path} could not be read ({reason}) and could not be renamed; reerisk goes on without it "
                   "and leaves the file as it is.")

#: Temporary files younger than this may belong to a write in progress (another reerisk process).
ORPHAN_MIN_AGE_S = 300.0

# The temporary names our atomic writers create (tempfile.mkstemp adds 8 characters of [a-z0-9_]):
#   part library:   part_library.json.<rand>.tmp          (desktop/core/mapping/library.py)
#   remembered maps: .mapping-<rand>.json                  (desktop/core/importing/memory.py)
#   saved document: .<stem>-<rand>.tmp                     (desktop/app/document.py)
#   PDF / workbook / CLI JSON: .~<stem><rand>.<suffix>     (desktop/core/report/pdf.py write_atomically)
_RAND = r"[a-z0-9_]{8}"
_STATE_PATTERNS = (
    re.compile(rf"^part_library\.json\.{_RAND}\.tmp$"),
    re.compile(rf"^\.mapping-{_RAND}\.json$"),
)


def corrupt_name(path: Path, now: dt.datetime | None = None) -> Path:
    """The name a corrupted file is renamed to: ``<name>.corrupt-YYYYMMDD-HHMMSS`` (unique in its folder)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate


def quarantine(path: str | os.PathLike[str]) -> Path | None:
    """Rename a corrupted state file to ``….corrupt-YYYYMMDD-HHMMSS`` and return the new path.

    Returns None when the file does not exist any more or cannot be renamed (read-only folder); the caller then
    goes on with defaults without writing over the file either.
    """
    source = Path(path)
    if not source.exists():
        return None
    target = corrupt_name(source)
    try:
        os.replace(source, target)
    except OSError as exc:
        log.warning("cannot set aside the corrupted file %s: %s", source, exc)
        return None
    log.warning("corrupted file %s renamed to %s", source, target)
    return target


@dataclass(frozen=True)
class Notice:
    """A corrupted state file that was set aside: the user must be told its new name."""

    path: Path
    backup: Path | None        # None: the file could not be renamed (left untouched)
    reason: str

    def message(self) -> Message:
        from desktop.core.types import Message

        params = {"path": str(self.path), "backup": str(self.backup), "reason": self.reason}
        return Message(SET_ASIDE if self.backup is not None else NOT_SET_ASIDE, params)


_notices: list[Notice] = []
_notices_lock = threading.Lock()


def set_aside(path: str | os.PathLike[str], reason: str) -> Notice:
    """Quarantine ``path`` and record a notice for the user (read with :func:`take_notices`)."""
    notice = Notice(Path(path), quarantine(path), reason)
    with _notices_lock:
        _notices.append(notice)
    return notice


def take_notices() -> list[Notice]:
    """The notices recorded since the last call (the GUI shows them; the CLI prints them as warnings)."""
    with _notices_lock:
        taken = list(_notices)
        _notices.clear()
    return taken


def document_temp_pattern(stem: str) -> re.Pattern[str]:
    """Temporary files of the saved-assessment writer for a document named ``<stem>.reerisk``."""
    return re.compile(rf"^\.{re.escape(stem)}-{_RAND}\.tmp$")


def output_temp_pattern(target: Path) -> re.Pattern[str]:
    """Temporary files of the PDF/workbook writer (``write_atomically``) for ``target``."""
    return re.compile(rf"^\.~{re.escape(target.stem[:40])}{_RAND}{re.escape(target.suffix)}$")


def clean_orphans(folder: str | os.PathLike[str], patterns: Iterable[re.Pattern[str]] = _STATE_PATTERNS,
                  min_age_s: float = ORPHAN_MIN_AGE_S) -> list[Path]:
    """Delete our own orphaned temporary files in ``folder``; returns the files removed.

    Only regular files whose name matches one of ``patterns`` and whose last change is older than
    ``min_age_s`` seconds are removed; anything else (the user's files, a write in progress) is left alone.
    """
    removed: list[Path] = []
    patterns = tuple(patterns)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    cutoff = time.time() - min_age_s
    for entry in entries:
        if not any(p.match(entry.name) for p in patterns):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime > cutoff:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
        log.info("removed orphaned temporary file %s", entry.path)
    return removed


def clean_state_orphans(user_dir: Path | None = None) -> list[Path]:
    """Start-up cleanup of the per-user folder (temporaries of the part library and remembered mappings)."""
    if user_dir is None:
        from desktop.paths import user_data_dir

        user_dir = user_data_dir()
    return clean_orphans(user_dir)


def clean_output_orphans(target: Path, min_age_s: float = ORPHAN_MIN_AGE_S) -> list[Path]:
    """Before writing ``target``, remove the temporaries an earlier, killed write of it left beside it."""
    folder = target.parent if str(target.parent) else Path(".")
    patterns = [output_temp_pattern(target)]
    if target.suffix.lower() == ".reerisk":
        patterns.append(document_temp_pattern(target.stem))
    return clean_orphans(folder, patterns, min_age_s)
