"""Stage 1: a BOM file (Excel, OpenDocument, CSV/TSV) → :class:`~desktop.core.types.ImportResult`.

Public API: :func:`read_bom`, :func:`preview` (with :class:`FilePreview`/:class:`SheetPreview`) and
:func:`open_book` (an :class:`OpenedBook` laid out again without reading the file again) for the import wizard,
:class:`OpeningAhead` (a workbook parsed in a worker thread while the caller starts up), :data:`SUPPORTED_EXTENSIONS`,
:func:`file_dialog_filter`, :class:`MappingMemory`, and the readers.

The names are imported on first use (PEP 562), not when the package is: the CLI imports :mod:`.container` first
thing in the process and starts the parse before it imports pandas (see :mod:`.container`).
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from desktop.core.importing.container import OpeningAhead
    from desktop.core.importing.memory import MappingMemory
    from desktop.core.importing.readers import READERS, SUPPORTED_EXTENSIONS, CsvReader, ExcelReader

_MODULE_OF = {
    **dict.fromkeys(("REQUIRED_FIELDS", "FilePreview", "OpenedBook", "SheetPreview", "file_dialog_filter",
                     "header_signature", "open_book", "preview", "read_bom"), "api"),
    "OpeningAhead": "container",
    "MappingMemory": "memory",
    **dict.fromkeys(("READERS", "SUPPORTED_EXTENSIONS", "CsvReader", "ExcelReader"), "readers"),
}

__all__ = [
    "READERS", "REQUIRED_FIELDS", "SUPPORTED_EXTENSIONS", "CsvReader", "ExcelReader", "FilePreview", "MappingMemory",
    "OpenedBook", "OpeningAhead", "SheetPreview", "file_dialog_filter", "header_signature", "open_book",
    "preview", "read_bom",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups do not come here
    return value
