"""Opening a workbook file up to python-calamine's parsed sheets: the file-level work of
:class:`~.readers.ExcelReader`, in a module that needs neither pandas nor the rest of the importer.

Why a module of its own: the CLI parses the workbook in a worker thread while the main thread imports modules
and loads the knowledge base (:class:`OpeningAhead`). python-calamine parses a sheet with the GIL released,
so that parse can run alongside the imports – if opening the file does not first have to import pandas
(≈0.15 s). Everything here imports only the standard library, numpy (the zip check's byte scans), python-calamine
and :mod:`.safety`; the conversion of the parsed sheets into grids (:mod:`.readers`) comes after.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import InputError
from desktop.core.importing import safety
from desktop.core.types import ImportOptions
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.core.importing.api import OpenedBook

EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


@dataclass
class ExcelFile:
    """A workbook file read, checked (size, zip, encryption, far cells) and opened in python-calamine."""

    path: Path
    data: bytes                  # the bytes calamine reads (decrypted, far cells trimmed)
    sha256: str                  # of the bytes as read from disk, before decryption
    trimmed: safety.Trimmed
    workbook: Any                # CalamineWorkbook
    names: tuple[str, ...]       # every sheet, in workbook order
    visible: tuple[str, ...]     # the sheets an import reads (visible worksheets, or every sheet if none is)
    hidden: tuple[str, ...]      # hidden worksheets: never read, but named in the import warnings
    members: dict[str, str]      # .xlsx/.xlsm: sheet name → zip member (for number formats)
    #: sheets parsed ahead (:meth:`parse_ahead`), handed out once by :meth:`get_sheet_by_name`
    parsed: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def file_format(self) -> str:
        return self.path.suffix.lower().lstrip(".")

    def get_sheet_by_name(self, name: str) -> Any:
        """The calamine sheet ``name``: the one parsed ahead (given out once, so that its cells are freed with
        the grid made from them), else parsed now."""
        sheet = self.parsed.pop(name, None)
        return sheet if sheet is not None else self.workbook.get_sheet_by_name(name)

    def parse_ahead(self) -> None:
        """Parse every visible sheet now (python-calamine releases the GIL meanwhile). A sheet that is over a
        limit is not parsed (the reader refuses it before calamine allocates it), and a sheet calamine cannot
        parse is left for later: the reader meets the same error and reports it where it always does."""
        for name in self.visible:
            if name in self.trimmed.oversized or name in self.parsed:
                continue
            try:
                self.parsed[name] = self.workbook.get_sheet_by_name(name)
            except Exception:  # noqa: BLE001 - raised again, as InputError, when the reader asks for the sheet
                continue


def open_excel(path: Path, options: ImportOptions) -> ExcelFile:
    """Read, check and open a workbook file (the reader's file-level work; see :class:`ExcelFile`).

    Raises:
        InputError: damaged, a zip bomb, a cell over the length limit, no worksheets.
        PasswordRequired: encrypted and the password is missing or wrong.
    """
    from python_calamine import CalamineWorkbook

    limits = options.limits
    ext = path.suffix.lower()
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()  # of what was read: the file may change after this
    head = data[:8]
    if safety.is_encrypted_ole(head, data):
        data = safety.decrypt(path, data, options.password)
        head = data[:8]
    trimmed = safety.Trimmed(data)
    if head.startswith(safety.ZIP_MAGIC):
        trimmed = safety.trim_far_cells(path, data, safety.check_zip(path, data, limits), limits)
        data = trimmed.data
    elif ext in (".xlsx", ".xlsm", ".xlsb", ".ods") and not head.startswith(safety.OLE_MAGIC):
        raise InputError(N_("{file} is damaged or is not a valid workbook."), {"file": path.name})
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = tuple(wb.sheet_names)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for broken files
        raise InputError(N_("{file} is damaged or is not a valid workbook."), {"file": path.name},
                         detail=str(exc)) from exc
    if not names:
        raise InputError(N_("{file} has no worksheets."), {"file": path.name})
    visible = tuple(n for n, meta in zip(names, _sheet_meta(wb), strict=False) if meta) or names
    members: dict[str, str] = {}
    if ext in (".xlsx", ".xlsm") and head.startswith(safety.ZIP_MAGIC):
        members = {name: member for member, name in safety.sheet_names_by_member(data).items()}
    hidden = tuple(n for n, meta in zip(names, _hidden_meta(wb), strict=False) if meta and n not in visible)
    return ExcelFile(path, data, digest, trimmed, wb, names, visible, hidden, members)


def open_ahead(path: str | Path, options: ImportOptions | None = None) -> ExcelFile | None:
    """A workbook file read, checked and opened in python-calamine, its sheets not parsed yet, or None for a path
    that is not a readable workbook file (a CSV, a missing file …: :func:`~.api.open_book` reports those).
    Imports nothing beyond this module.

    Raises:
        InputError, PasswordRequired: what ``read_bom`` raises for the file, before it lays out a sheet.
    """
    options = options or ImportOptions()
    path = Path(path)
    # the checks open_workbook makes first, in its order: exists, is a file, a workbook extension, size
    if not (path.suffix.lower() in EXCEL_EXTENSIONS and path.is_file()):
        return None
    safety.check_file_size(path, options.limits)
    return open_excel(path, options)


class OpeningAhead:
    """A BOM file opened for :func:`~.api.open_book`, its workbook's sheets parsed by python-calamine in a
    background thread while the caller does other work (the CLI: importing pandas, loading the part library and
    the knowledge base). python-calamine parses with the GIL released, so both proceed at once::

        opening = OpeningAhead(path, options)        # imports nothing beyond this module
        ...                                          # imports, knowledge base, usage checks
        imported = import_stage(path, options, book=opening.result())

    The file is read, checked (size, zip bomb, encryption, far cells) and opened here, in the calling thread
    (:func:`open_ahead`, ≈0.05 s at 100,000 rows): done in the worker, those many short steps would each wait
    for the GIL behind the caller's imports (measured: 0.05 s became 0.35 s). The worker then makes one long call
    per visible sheet (:meth:`ExcelFile.parse_ahead`) and imports nothing: two threads importing modules at once
    can meet half-made ones. It is a daemon, so that a caller that stops meanwhile (a usage error) does not wait
    for a large file to be parsed for nothing.

    :meth:`result` opens the book in the calling thread and raises what opening the file raised, only then and
    exactly as ``read_bom(path, options)`` raises it before it lays out a sheet (missing, unsupported, damaged,
    too large, encrypted: InputError, PasswordRequired); errors of a sheet or of the options surface from
    ``read()``/``import_stage``, as from ``read_bom``. A CSV/TSV file is read by ``open_book`` in :meth:`result`.
    The book read equals ``read_bom``'s result (tests/core/test_import_preload.py).
    """

    def __init__(self, path: str | Path, options: ImportOptions | None = None) -> None:
        import threading

        self.path, self.options = Path(path), options or ImportOptions()
        self._excel: ExcelFile | None = None
        self._error: Exception | None = None
        self._thread: threading.Thread | None = None
        try:
            self._excel = open_ahead(self.path, self.options)
        except Exception as exc:  # noqa: BLE001 - raised by result(), where read_bom would raise it
            self._error = exc
            return
        if self._excel is not None:
            self._thread = threading.Thread(target=self._excel.parse_ahead, name="reerisk-parse", daemon=True)
            self._thread.start()

    def result(self) -> OpenedBook:
        """The opened book, for ``import_stage(path, options, book=...)`` (waits for the parse)."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        from desktop.core.importing.api import open_book

        return open_book(self.path, self.options, excel=self._excel)


def _hidden_meta(wb: Any) -> list[bool]:
    """True for each worksheet (not chart sheet) that is hidden."""
    try:
        return [("hidden" in str(getattr(m, "visible", "")).lower()
                 and "chart" not in str(getattr(m, "typ", "WorkSheet")).lower()) for m in wb.sheets_metadata]
    except Exception:  # noqa: BLE001 - older calamine without metadata
        return [False] * len(wb.sheet_names)


def _sheet_meta(wb: Any) -> list[bool]:
    """True for each worksheet that is visible and not a chart sheet."""
    try:
        out = []
        for meta in wb.sheets_metadata:
            visible = str(getattr(meta, "visible", "Visible")).lower().endswith("visible") and "hidden" not in str(
                getattr(meta, "visible", "")).lower()
            typ = str(getattr(meta, "typ", "WorkSheet")).lower()
            out.append(visible and "chart" not in typ)
        return out
    except Exception:  # noqa: BLE001 - older calamine without metadata
        return [True] * len(wb.sheet_names)
