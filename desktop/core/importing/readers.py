"""File readers: workbook formats through python-calamine, delimited text through :mod:`.csvfile`.

Each reader declares ``EXTENSIONS`` and ``DESCRIPTION`` (Orange3 style) and returns a :class:`Workbook` of
:class:`Grid` sheets: the display text of every cell from sheet row 1 / column A, plus the raw values.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from desktop.core.errors import InputError
from desktop.core.importing import safety
from desktop.core.importing.container import EXCEL_EXTENSIONS, ExcelFile, open_excel
from desktop.core.importing.values import column_texts, format_number
from desktop.core.importing.xlsxformats import cell_formats
from desktop.core.types import ImportLimits, ImportOptions, Message, msg
from desktop.i18n import N_

#: Merged range: (first_row, first_col, last_row, last_col), 0-based, inclusive.
Merge = tuple[int, int, int, int]


class SheetRows(Sequence):
    """Rows of a 2-D object array as lists, made on access (a read-only stand-in for ``list[list[str]]``).

    Most of a large sheet is only ever read through the array; the row lists are for the first rows (header
    detection, preview) and a few single rows.
    """

    def __init__(self, array: np.ndarray) -> None:
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, index: Any) -> Any:  # an int gives one row, a slice a list of rows
        return self.array[index].tolist()

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self.array:
            yield row.tolist()

    def __bool__(self) -> bool:
        return len(self.array) > 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SheetRows):
            other = other.array.tolist()
        return self.array.tolist() == other


@dataclass
class Grid:
    """One sheet: display texts (rectangular), raw values and merged ranges. Row i is source row ``rows[i]``."""

    name: str | None
    cells: list[list[str]] | SheetRows
    raw: list[tuple[Any, ...]]
    merged: list[Merge] = field(default_factory=list)
    row_numbers: list[int] | None = None  # CSV: physical line of each record; None = i + 1
    display: np.ndarray | None = None     # ``cells`` as a 2-D object array, when the reader built one
    #: per column: (codes, cleaned uniques) with ``clean_text(cells[i][c]) == cleaned[codes[i]]``, when built
    factors: list[tuple[np.ndarray, np.ndarray]] | None = None
    #: per column, with ``factors``: the texts as shown by the same codes, ``cells[i][c] == shown[c][codes[i]]``
    shown: list[np.ndarray] | None = field(default=None, repr=False, compare=False)
    #: per row: True when any cell shows text; the reader passes it when it has it, else built on first use
    nonblank: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: header detection results by scan depth (see :func:`~.layout.detect_header`); a grid never changes
    header_cache: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)
    #: what the reader noticed and did about it (a stray cell dropped, a quote read as text)
    warnings: list[Message] = field(default_factory=list, repr=False, compare=False)

    def display_array(self) -> np.ndarray:
        """``cells`` as a 2-D object array (built once)."""
        if self.display is None:
            width = self.width
            self.display = np.empty((len(self.cells), width), dtype=object)
            if self.cells and width:
                self.display[:] = self.cells
        return self.display

    def nonblank_rows(self) -> np.ndarray:
        """Per row: True when any cell shows text (``any(row)``). Computed once; read-only."""
        if self.nonblank is None:
            display = self.display_array()
            if not display.size:
                self.nonblank = np.zeros(len(display), dtype=bool)
            else:
                self.nonblank = (display != "").any(axis=1)
            self.nonblank.flags.writeable = False
        return self.nonblank

    def source_row(self, i: int) -> int:
        return self.row_numbers[i] if self.row_numbers is not None else i + 1

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0


@dataclass
class Workbook:
    path: Path
    file_format: str
    sheet_names: tuple[str, ...]
    loader: Any  # callable(name) -> Grid
    encoding: str | None = None
    delimiter: str | None = None
    _cache: dict[str | None, Grid] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()  # hidden worksheets: not read, but named in the import warnings
    sha256: str | None = None     # SHA-256 of the file's bytes as read (before decryption)

    def grid(self, name: str | None) -> Grid:
        if name not in self._cache:
            self._cache[name] = self.loader(name)
        return self._cache[name]


class ExcelReader:
    """Excel and OpenDocument workbooks (python-calamine), including password-protected ones."""

    EXTENSIONS = EXCEL_EXTENSIONS
    DESCRIPTION = N_("Excel workbook")

    @staticmethod
    def open(path: Path, options: ImportOptions) -> Workbook:
        return excel_workbook(open_excel(path, options), options)


def excel_workbook(excel: ExcelFile, options: ImportOptions) -> Workbook:
    """The :class:`Workbook` of an opened workbook file: each sheet becomes a :class:`Grid` when first asked for
    (from the sheet parsed ahead, if it was)."""
    path, limits, trimmed, members = excel.path, options.limits, excel.trimmed, excel.members
    visible = excel.visible

    def load(name: str | None) -> Grid:
        sheet = name or visible[0]
        if sheet in trimmed.oversized:  # refused before calamine allocates the whole range
            _check_shape(path, sheet, *trimmed.oversized[sheet], limits)
        dropped = trimmed.dropped
        formats = cell_formats(excel.data, members.get(sheet)) if members else {}
        grid = _load_sheet(excel, path, sheet, limits, formats)
        if dropped.get(sheet):
            refs = dropped[sheet]
            grid.warnings.append(msg(
                N_("Sheet \u201c{sheet}\u201d: {count} cell(s) far outside the table were not read ({cells})."),
                sheet=sheet, count=len(refs), cells=", ".join(refs[:5]) + (", \u2026" if len(refs) > 5 else "")))
        return grid

    return Workbook(path, excel.file_format, visible, load, hidden=excel.hidden, sha256=excel.sha256)


def _load_sheet(wb: Any, path: Path, name: str, limits: ImportLimits,
                formats: dict[tuple[int, int], str] | None = None) -> Grid:
    try:
        sheet = wb.get_sheet_by_name(name)
    except Exception as exc:  # noqa: BLE001
        raise InputError(N_("{file} is damaged or is not a valid workbook."), {"file": path.name},
                         detail=str(exc)) from exc
    end = getattr(sheet, "end", None)  # last used cell, 0-based; the grid is read from A1 to it
    if end is not None:
        height, width = int(end[0]) + 1, int(end[1]) + 1
    else:
        height = int(getattr(sheet, "total_height", 0) or getattr(sheet, "height", 0) or 0)
        width = int(getattr(sheet, "total_width", 0) or getattr(sheet, "width", 0) or 0)
    _check_shape(path, name, height, width, limits)
    raw = sheet_rows(sheet)
    _check_shape(path, name, len(raw), max(map(len, raw), default=0), limits)
    display, factors, shown, nonblank = _display_grid(raw, formats)
    cells = SheetRows(display)
    limit = limits.max_cell_chars
    if path.suffix.lower() in (".xls", ".xlsb") and display.size:
        if any(len(t) > limit for t in pd.unique(display.ravel())):
            raise safety.too_long_cell(path, limit)
    merged: list[Merge] = []
    for rng in getattr(sheet, "merged_cell_ranges", None) or ():
        (r0, c0), (r1, c1) = rng
        merged.append((r0, c0, r1, c1))
    return Grid(name, cells, raw, merged, display=display, factors=factors, nonblank=nonblank, shown=shown)


def sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    """The cells of a python-calamine sheet from A1 to its last used cell, one tuple per row: the rows of
    ``sheet.to_python(skip_empty_area=False)``, read row by row.

    Why row by row: ``to_python`` converts the whole sheet in one call that holds the GIL (70–100 ms for
    100,000 rows), and the desktop app's event loop waits that long. ``iter_rows`` converts one row per step;
    this loop is Python code, so another thread gets the GIL between two rows, and the total is no slower
    (docs/performance.md). ``iter_rows`` starts each row at the sheet's first used column (its rows do start
    at row 1), so a sheet whose data starts in column C gets "" for columns A–B here, as ``to_python`` pads
    them. A python-calamine without ``iter_rows``/``start`` gets ``to_python``.
    """
    if not (hasattr(sheet, "iter_rows") and hasattr(sheet, "start")):
        return [tuple(row) for row in sheet.to_python(skip_empty_area=False)]
    start = sheet.start  # (row, column) of the first used cell, None for an empty sheet
    pad: tuple[Any, ...] = ("",) * int(start[1]) if start else ()
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    for row in sheet.iter_rows():
        append(pad + tuple(row) if pad else tuple(row))
    return rows


def _display_grid(raw: Sequence[Sequence[Any]], formats: dict[tuple[int, int], str] | None = None
                  ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]], list[np.ndarray], np.ndarray | None]:
    """The display text of every cell as a rectangular 2-D object array (short rows padded with ""), per
    column the factorised cleaned text ``(codes, cleaned uniques)`` and the shown texts by the same codes (see
    :func:`~.values.column_texts`), and per row whether any cell shows text (None for an empty sheet).

    ``formats`` ((row, column) → number format code) makes numbers show as Excel shows them ("00123");
    ``raw`` keeps the values."""
    height = len(raw)
    lengths = set(map(len, raw))
    width = max(lengths, default=0)
    out = np.empty((height, width), dtype=object)
    factors: list[tuple[np.ndarray, np.ndarray]] = []
    shown_by_code: list[np.ndarray] = []
    if not height or not width:
        return out, factors, shown_by_code, None
    values = None
    if len(lengths) == 1:
        try:  # one C-level copy; calamine's cells are scalars, so the shape is the sheet's
            values = np.array(raw, dtype=object)
        except ValueError:
            values = None
        if values is None or values.shape != (height, width):
            values = np.empty((height, width), dtype=object)
            values[:] = raw
    else:
        values = np.full((height, width), "", dtype=object)
        for i, r in enumerate(raw):
            values[i, :len(r)] = r
    for (fr, fc), code in (formats or {}).items():
        # type(), not isinstance(): a bool cell is not a number to format
        if fr < height and fc < width and type(values[fr, fc]) in (int, float):
            formatted = format_number(values[fr, fc], code)  # type: ignore[arg-type]  # int or float, checked above
            if formatted is not None:
                values[fr, fc] = formatted
    nonblank = np.zeros(height, dtype=bool)
    for c in range(width):
        out[:, c], codes, table, cleaned, shown = column_texts(values[:, c])
        factors.append((codes, cleaned))
        shown_by_code.append(table)
        nonblank |= shown[codes]
    return out, factors, shown_by_code, nonblank


def _check_shape(path: Path, sheet: str, rows: int, cols: int, limits: ImportLimits) -> None:
    if rows > limits.max_rows:
        raise InputError(N_("Sheet {sheet} in {file} has {rows} rows, more than the limit of {limit}."),
                         {"file": path.name, "sheet": sheet, "rows": rows, "limit": limits.max_rows})
    if cols > limits.max_columns:
        raise InputError(N_("Sheet {sheet} in {file} has {cols} columns, more than the limit of {limit}."),
                         {"file": path.name, "sheet": sheet, "cols": cols, "limit": limits.max_columns})
    if rows * cols > limits.max_cells:
        raise InputError(N_("Sheet {sheet} in {file} spans {rows} rows by {cols} columns, more than the limit of "
                            "{limit} cells."),
                         {"file": path.name, "sheet": sheet, "rows": rows, "cols": cols, "limit": limits.max_cells})


class CsvReader:
    """Comma-, semicolon-, tab- or bar-separated text in UTF-8, UTF-16, Shift-JIS/cp932 or cp1252."""

    EXTENSIONS = (".csv", ".tsv", ".txt")
    DESCRIPTION = N_("Text file (CSV/TSV)")

    @staticmethod
    def open(path: Path, options: ImportOptions) -> Workbook:
        from desktop.core.importing.csvfile import read_delimited

        text = read_delimited(path, options)
        records = text.records
        width = _used_width(records, max(map(len, records), default=0))
        _check_shape(path, path.name, len(records), width, options.limits)
        # records: the fields exactly as written, up to the last used column; cells: the same, trimmed of blanks
        padded: list[Any] = records  # replaced in place: the record lists are freed as their tuples are made
        for i, r in enumerate(records):
            padded[i] = tuple(r[:width]) + ("",) * (width - len(r))
        cells = [[f.strip() if f[:1].isspace() or f[-1:].isspace() else f for f in r] for r in padded]
        # raw: indexed by physical line like a sheet's rows (raw[line - 1]), so that the annotated workbook and
        # the title block line up with the reported row numbers; a line that continues a record (a quoted line
        # break) or Excel's sep= line is an empty row
        raw: list[tuple[Any, ...]] = [()] * (text.lines[-1] if text.lines else 0)
        for line, record in zip(text.lines, padded, strict=True):
            raw[line - 1] = record
        grid = Grid(None, cells, raw, [], text.lines, warnings=text.warnings)
        fmt = "tsv" if path.suffix.lower() == ".tsv" else "csv"
        return Workbook(path, fmt, (), lambda _name: grid, text.encoding, text.delimiter, sha256=text.sha256)


def _used_width(records: list[list[str]], width: int) -> int:
    """Columns up to the last one that holds text in any record (trailing empty columns do not count)."""
    used = 0
    for r in records:
        if len(r) > used:
            for c in range(len(r) - 1, used - 1, -1):
                if r[c].strip():
                    used = c + 1
                    break
        if used == width:
            break
    return used


READERS = (ExcelReader, CsvReader)
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(e for r in READERS for e in r.EXTENSIONS)


def open_workbook(path: Path, options: ImportOptions) -> Workbook:
    """Open ``path`` with the reader for its extension after the size check.

    Raises:
        InputError: missing file, unsupported extension, too large, empty, damaged.
    """
    if not path.exists():
        raise InputError(N_("{file} does not exist."), {"file": str(path)})
    if not path.is_file():
        raise InputError(N_("{file} is not a file."), {"file": str(path)})
    ext = path.suffix.lower()
    reader = next((r for r in READERS if ext in r.EXTENSIONS), None)
    if reader is None:
        raise InputError(N_("{file}: files of type {ext} cannot be imported. Use {supported}."),
                         {"file": path.name, "ext": ext or "?", "supported": ", ".join(SUPPORTED_EXTENSIONS)})
    safety.check_file_size(path, options.limits)
    return reader.open(path, options)
