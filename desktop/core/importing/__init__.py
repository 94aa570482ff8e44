"""Stage 1: a BOM file (Excel, OpenDocument, CSV/TSV) → :class:`~desktop.core.types.ImportResult`.

Public API: :func:`read_bom`, :func:`preview` (with :class:`FilePreview`/:class:`SheetPreview`) and
:func:`open_book` (an :class:`OpenedBook` laid out again without reading the file again) for the import wizard, :data:`SUPPORTED_EXTENSIONS`, :func:`file_dialog_filter`, :class:`MappingMemory`, and the readers.
"""
from __future__ import annotations

from desktop.core.importing.api import (
    REQUIRED_FIELDS,
    FilePreview,
    OpenedBook,
    SheetPreview,
    file_dialog_filter,
    header_signature,
    open_book,
    preview,
    read_bom,
)
from desktop.core.importing.memory import MappingMemory
from desktop.core.importing.readers import READERS, SUPPORTED_EXTENSIONS, CsvReader, ExcelReader

__all__ = [
    "READERS", "REQUIRED_FIELDS", "SUPPORTED_EXTENSIONS", "CsvReader", "ExcelReader", "FilePreview", "MappingMemory",
    "OpenedBook", "SheetPreview", "file_dialog_filter", "header_signature", "open_book", "preview", "read_bom",
]
