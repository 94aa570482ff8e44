"""Supplier declarations: survey workbooks sent to suppliers and read back, and IPC-1752A material declarations.

What a supplier declares is stored in the user's part library (``PartLibrary.declare``) with the supplier, the
file and the date; the mapper then uses it with method ``declared`` in place of the rules' estimate.
"""
from __future__ import annotations

from desktop.core.declarations.common import DeclarationProblem, DeclarationResult, store_declarations
from desktop.core.declarations.ipc1752 import read_ipc1752
from desktop.core.declarations.survey import (
    DECLARATION_HEADERS,
    SURVEY_ELEMENTS,
    export_surveys,
    read_survey,
)

__all__ = ["DECLARATION_HEADERS", "SURVEY_ELEMENTS", "DeclarationProblem", "DeclarationResult", "export_surveys",
           "read_declarations", "read_ipc1752", "read_survey", "store_declarations"]


def read_declarations(path, supplier: str | None = None) -> DeclarationResult:  # type: ignore[no-untyped-def]
    """Read one answered survey workbook (.xlsx) or IPC-1752A file (.xml), by its suffix."""
    from pathlib import Path

    return read_ipc1752(path) if Path(path).suffix.lower() == ".xml" else read_survey(path, supplier)
