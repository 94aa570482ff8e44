"""Number formats of .xlsx/.xlsm cells, so that a number shows as Excel shows it (part number 123 in a cell
formatted ``00000`` is "00123").

python-calamine gives values without their formats. This module reads ``xl/styles.xml`` (small) and, only
when the workbook has a style whose format :func:`~.values.shows_number_differently`, scans the sheet's XML
for the cells that use such a style. Workbooks without one (most ERP exports, the benchmark) cost one read of
``styles.xml``.
"""
from __future__ import annotations

import html
import io
import re
import zipfile

from desktop.core.importing.safety import column_index
from desktop.core.importing.values import BUILTIN_FORMATS, shows_number_differently

_NUMFMT = re.compile(rb"<numFmt\b[^>]*>")
_CELLXFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.DOTALL)
_XF = re.compile(rb"<xf\b[^>]*>")


def _attr(tag: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"\b" + name + rb'="([^"]*)"', tag)
    return m.group(1) if m else None


def format_styles(styles: bytes) -> dict[int, str]:
    """Style index (the ``s`` of a cell) → number format code, for the styles that show numbers differently."""
    codes: dict[int, str] = {k: v for k, v in BUILTIN_FORMATS.items()}
    for m in _NUMFMT.finditer(styles):
        fid, raw_code = _attr(m.group(0), b"numFmtId"), _attr(m.group(0), b"formatCode")
        if fid is not None and raw_code is not None and fid.isdigit():
            codes[int(fid)] = html.unescape(raw_code.decode("utf-8", "replace"))
    block = _CELLXFS.search(styles)
    out: dict[int, str] = {}
    if block is None:
        return out
    for i, m in enumerate(_XF.finditer(block.group(1))):
        fid = _attr(m.group(0), b"numFmtId")
        code = codes.get(int(fid)) if fid is not None and fid.isdigit() else None
        if code is not None and shows_number_differently(code):
            out[i] = code
    return out


def cell_formats(data: bytes, member: str | None) -> dict[tuple[int, int], str]:
    """(row, column), 0-based → format code for the cells of worksheet ``member`` whose style shows numbers
    differently (text cells included; the reader applies the code to numbers only)."""
    if member is None:
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            try:
                styles = format_styles(zf.read("xl/styles.xml"))
            except KeyError:
                return {}
            if not styles:
                return {}
            xml = zf.read(member)
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    ids = b"|".join(str(i).encode() for i in styles)
    # the attributes of a cell tag may stand in any order (<c r="A1" s="3">, <c s="3" r="A1">); a namespace
    # prefix (<x:c …>) is allowed
    cell = re.compile(rb'<(?:\w+:)?c\b(?=[^>]*?\ss="(' + ids + rb')")(?=[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})")')
    return {(int(m.group(3)) - 1, column_index(m.group(2))): styles[int(m.group(1))] for m in cell.finditer(xml)}
