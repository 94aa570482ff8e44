"""Tell the user about state files that were set aside (desktop/core/recovery.py), once each.

A damaged settings file (at start) or part library (when a BOM is mapped) is renamed to
``….corrupt-YYYYMMDD-HHMMSS`` and the app goes on with defaults; this shows one non-blocking message box
naming the renamed file, so that nothing is reset without the user knowing.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _, current_language, translation_for

log = logging.getLogger("reerisk.gui")


def show_recovery_notices(parent: QWidget | None) -> QMessageBox | None:
    """Show the pending notices (if any) in one window-modal message box; returns it (None if none)."""
    from desktop.core.recovery import take_notices

    notices = take_notices()
    if not notices:
        return None
    tr = translation_for(current_language())
    text = "\n\n".join(n.message().render(tr) for n in notices)
    box = QMessageBox(QMessageBox.Icon.Warning, _("Damaged file set aside"), text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)   # file names are user text, never markup
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()   # not exec(): the app goes on; the message stays until the user closes it
    log.warning("shown to the user: %s", text)
    return box


def clean_at_start(recent_files: list[str]) -> None:
    """Remove our own orphaned temporary files: the per-user folder, and the saved documents the user
    worked on recently (a save killed half-way leaves ``.<name>-XXXXXXXX.tmp`` beside the document)."""
    from pathlib import Path

    from desktop.core.recovery import clean_output_orphans, clean_state_orphans

    try:
        clean_state_orphans()
        for name in recent_files:
            if name.lower().endswith(".reerisk"):
                clean_output_orphans(Path(name))
    except OSError as exc:  # a cleanup problem must never stop the app
        log.warning("start-up cleanup failed: %s", exc)
