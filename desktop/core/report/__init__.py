"""Stage 4: the outputs of an assessment — PDF briefing, annotated workbook, charts (and the CLI JSON).

Importing this package is cheap: reportlab, matplotlib and openpyxl load only when a report is built. The
public names resolve lazily through ``__getattr__``.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.report.json_out import assessment_to_json
    from desktop.core.report.options import BriefingOptions
    from desktop.core.report.pdf import build_pdf
    from desktop.core.report.xlsx import build_workbook

#: public name -> module that defines it (loaded on first access)
_LAZY: dict[str, str] = {
    "build_pdf": "desktop.core.report.pdf",
    "build_workbook": "desktop.core.report.xlsx",
    "BriefingOptions": "desktop.core.report.options",
    "assessment_to_json": "desktop.core.report.json_out",
}

__all__ = ["BriefingOptions", "assessment_to_json", "build_pdf", "build_workbook"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
