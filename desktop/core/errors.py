"""Typed errors of the core. Each carries a message a user can act on (translatable) and optional detail.

The CLI maps them to exit codes; the GUI's single presenter (desktop/gui/errors.py) shows them as dialogs.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.i18n import Translator, translation_for


class CoreError(Exception):
    """An expected failure with a user-facing message.

    Args:
        msgid: English message template with ``{name}`` placeholders, marked with ``N_()``.
        params: values for the placeholders.
        detail: technical detail for "Show details" (not translated).
    """

    exit_code = 1

    def __init__(self, msgid: str, params: Mapping[str, Any] | None = None, detail: str = "") -> None:
        self.msgid = msgid
        self.params = dict(params or {})
        self.detail = detail
        super().__init__(self.render())

    def render(self, tr: Translator | None = None) -> str:
        tr = tr or translation_for("en")
        try:
            return tr.gettext(self.msgid).format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**self.params) if self.params else self.msgid


class UsageError(CoreError):
    """The command was given something it must refuse (an output that is the input, two outputs on one file,
    an existing file that is not of the output's kind): exit code 2, nothing written."""

    exit_code = 2


class InputError(CoreError):
    """The input cannot be read as a BOM: missing, corrupt, encrypted without password, no header, too big."""

    exit_code = 3


class PasswordRequired(InputError):
    """The workbook is encrypted and no (or a wrong) password was given."""


class CorruptStateError(InputError):
    """A file reerisk keeps state in (part library, saved assessment, settings) cannot be used: not valid JSON,
    the wrong shape, nested too deeply, or holding values out of range. ``path`` names the file so that the GUI
    can set it aside (desktop/core/recovery.py) and go on with defaults; the CLI exits with code 3."""

    def __init__(self, msgid: str, params: Mapping[str, Any] | None = None, detail: str = "",
                 path: str | None = None) -> None:
        self.path = path
        super().__init__(msgid, params, detail)


class KnowledgeError(CoreError):
    """A knowledge-base file is invalid. The message names the file, the record and the field."""

    exit_code = 1


class OutputError(CoreError):
    """An output cannot be written (permission denied, file locked by another program)."""

    exit_code = 4


class ReportError(CoreError):
    exit_code = 1


class Cancelled(Exception):
    """The user cancelled a running task. Presenters ignore it."""
