"""Public entry points: :func:`read_bom` (file → ImportResult), :func:`preview` (for the import wizard) and
:func:`open_book`, which opens a file once so that the wizard can lay it out again without reading it again.

Reading a BOM is two steps. *Opening* reads the file and does everything that depends only on its bytes: the
size and zip checks, decryption, and parsing sheets into :class:`~.readers.Grid` objects (display text, raw
values, factorised columns). *Laying out* depends on the user's choices (sheet, header row, column map): header
detection, the row walk and :func:`~.build.build_parts`. :func:`read_bom` is ``open_book(path).read(options)``;
the wizard keeps the :class:`OpenedBook` and repeats only the second step on every click.
"""
from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from desktop.core import progress as progress_mod
from desktop.core.errors import InputError
from desktop.core.importing.build import build_parts
from desktop.core.importing.container import ExcelFile
from desktop.core.importing.layout import (
    Layout,
    RowPlan,
    cleaned_row,
    detect_header,
    header_texts,
    make_layout,
    walk_rows,
)
from desktop.core.importing.readers import READERS, Grid, Workbook, excel_workbook, open_workbook
from desktop.core.importing.synonyms import ITEM, field_scores, names_parts, norm_header
from desktop.core.progress import Progress
from desktop.core.progress import gc_paused as _gc_paused
from desktop.core.types import (
    ALL_SHEETS,
    MAPPABLE_FIELDS,
    ColumnChoice,
    ImportOptions,
    ImportResult,
    Message,
    SheetResult,
    SkippedRow,
    column_letter,
    msg,
)
from desktop.i18n import N_, Translator

REQUIRED_FIELDS: tuple[str, ...] = ("part_number", "description")  # at least one of them
#: Names of the fields a table without headers can get from content (same msgids as the wizard's labels).
_FIELD_NAMES = {"part_number": N_("Part number"), "description": N_("Description"), "name": N_("Part name"),
                "quantity": N_("Quantity"), "reference": N_("Reference designators")}
_DEFAULT_OPTIONS = ImportOptions()


@dataclass(frozen=True)
class SheetPreview:
    """One sheet as the wizard shows it: the first rows' display text, the detected header and its score."""

    name: str
    rows: tuple[tuple[str, ...], ...]
    detected_header_row: int | None  # 1-based; None when no header row (none found, or a table without one)
    score: float
    looks_like_bom: bool = False     # a BOM table was found (by header or by content)
    headerless: bool = False         # the table has no header row


@dataclass(frozen=True)
class FilePreview:
    path: str
    file_format: str
    sheets: tuple[SheetPreview, ...]
    sheet: str | None
    header_row: int                  # 1-based; 0 when no header was found
    headers: tuple[str, ...]
    suggestions: Mapping[str, tuple[ColumnChoice, ...]] = field(default_factory=dict)
    required_fields: tuple[str, ...] = REQUIRED_FIELDS
    encoding: str | None = None
    delimiter: str | None = None
    selected: tuple[str, ...] = ()   # the sheets an import with these options reads (empty for CSV)
    headerless: bool = False         # the shown sheet's table has no header row (``header_row`` is 0)


def file_dialog_filter(tr: Translator) -> str:
    """Qt file-dialog filter text, e.g. "BOM files (*.xlsx *.csv …);;Excel workbook (*.xlsx …);;…"."""
    def patterns(exts: tuple[str, ...]) -> str:
        return " ".join(f"*{e}" for e in exts)
    from desktop.core.importing.readers import SUPPORTED_EXTENSIONS

    parts = [f"{tr.gettext(N_('BOM files'))} ({patterns(SUPPORTED_EXTENSIONS)})"]
    parts += [f"{tr.gettext(r.DESCRIPTION)} ({patterns(r.EXTENSIONS)})" for r in READERS]
    parts.append(f"{tr.gettext(N_('All files'))} (*)")
    return ";;".join(parts)


def header_signature(headers: tuple[str, ...] | list[str]) -> str:
    """Stable hash of the normalised non-blank header cells (order kept)."""
    key = "\x1f".join(norm_header(h) for h in headers if norm_header(h))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _frame(grid: Grid) -> pd.DataFrame:
    """The cleaned text of every cell (:func:`~.values.clean_text`), one object column per sheet column."""
    from desktop.core.importing.values import clean_text, map_unique

    if not grid.cells:
        return pd.DataFrame(dtype=object)
    display = grid.display_array()
    if not display.shape[1]:
        return pd.DataFrame(index=pd.RangeIndex(len(display)), dtype=object)
    cleaned = np.empty(display.shape, dtype=object)
    for c in range(display.shape[1]):
        if grid.factors is not None:
            codes, uniques = grid.factors[c]
            cleaned[:, c] = uniques[codes]
        else:
            cleaned[:, c] = map_unique(pd.Series(display[:, c], dtype=object), clean_text).to_numpy(dtype=object)
    return pd.DataFrame(cleaned, dtype=object, copy=False)


def _sheet_score(grid: Grid) -> tuple[int | None, float]:
    guess = detect_header(grid)
    if guess.index is None:
        return None, 0.0
    below = int(grid.nonblank_rows()[guess.index + 1:].sum())
    return guess.index, guess.score * max(below, 0)


def _no_sheet(workbook: Workbook, name: str) -> InputError:
    return InputError(N_("{file} has no sheet named {sheet}. Its sheets: {sheets}."),
                      {"file": workbook.path.name, "sheet": name, "sheets": ", ".join(workbook.sheet_names)})


def requested_sheets(workbook: Workbook, options: ImportOptions) -> tuple[str, ...] | None:
    """The sheets the user named, in the order named (the first is the one a header row and column choices
    apply to); None for "every sheet that looks like a BOM".

    ``options.sheet`` is None, one name, several names (a tuple or list, or "A,B" when no sheet has that
    comma-separated name), or "all" (any letter case; a sheet actually named "all" wins).

    Raises:
        InputError: a named sheet does not exist (the message lists the sheets there are).
    """
    raw = options.sheet
    if raw is None:
        return None
    names = workbook.sheet_names
    items: list[str] = []
    for item in ([raw] if isinstance(raw, str) else list(raw)):
        item = str(item)
        if item in names:
            items.append(item)
            continue
        parts = [p.strip() for p in item.split(",") if p.strip()] if "," in item else [item.strip()]
        for part in parts:
            if part in names:
                items.append(part)
            elif part.lower() == ALL_SHEETS:
                return None
            else:
                raise _no_sheet(workbook, part)
    return tuple(dict.fromkeys(items)) or None


@dataclass
class _Sheet:
    """One sheet read into parts (before the sheets are combined)."""

    name: str | None
    grid: Grid
    layout: Layout
    plan: RowPlan
    headers: list[str]
    parts: pd.DataFrame
    multi: bool
    warnings: list[Message]
    skipped: tuple[SkippedRow, ...]


def _layout(grid: Grid, options: ImportOptions, path: Path, primary: bool) -> Layout:
    """The table layout of one sheet: the user's header row (first selected sheet only) or the detected one."""
    column_map = options.column_map if primary else _present(grid, options.column_map)
    if primary and options.header_row == 0:  # "the table has no header row" (what an import reports for one)
        guess = detect_header(grid)
        above = guess.index if guess.headerless and guess.index is not None else -1
        layout = make_layout(grid, above, column_map, headerless=True)
    elif primary and options.header_row is not None:
        idx = options.header_row - 1
        if not 0 <= idx < len(grid.cells):
            raise InputError(N_("{file} has no row {row}."), {"file": path.name, "row": options.header_row})
        layout = make_layout(grid, idx, column_map)
    else:
        guess = detect_header(grid)
        if guess.index is None:
            raise InputError(N_("No header row found in {file}: it does not look like a bill of materials "
                                "(no column such as part number, description or quantity)."), {"file": path.name})
        layout = make_layout(grid, guess.index, column_map, guess.headerless, guess.by_content)
    if not names_parts(layout.columns):
        raise InputError(N_("No header row found in {file}: no part-number or description column in row "
                            "{row}."), {"file": path.name, "row": grid.source_row(layout.header_index)})
    return layout


def _present(grid: Grid, column_map: Mapping[str, str]) -> dict[str, str]:
    """The user's column choices that name a header of this sheet's first rows (for the other sheets)."""
    if not column_map:
        return {}
    guess = detect_header(grid)
    if guess.index is None or guess.headerless:
        return {}
    headers = {norm_header(h) for h in cleaned_row(grid, guess.index) if h}
    return {f: h for f, h in column_map.items() if h and norm_header(h) in headers}


def _read_sheet(workbook: Workbook, name: str | None, options: ImportOptions, primary: bool,
                progress: Progress | None) -> _Sheet:
    grid = workbook.grid(name)
    if not grid.cells or not grid.nonblank_rows().any():
        raise InputError(N_("{file} is empty."), {"file": workbook.path.name})
    layout = _layout(grid, options, workbook.path, primary)
    frame = _frame(grid)
    progress_mod.check(progress)
    plan = walk_rows(grid, layout, frame)
    progress_mod.check(progress)
    headers = header_texts(grid, layout)
    titles = [""] * len(headers) if layout.headerless else headers  # no titles to label other_text with
    parts, multi, warnings = build_parts(grid, frame, plan, titles, layout.table_columns)
    warnings[:0] = grid.warnings  # what the reader did (stray cells dropped, quotes read as text)
    if layout.side_columns:
        warnings.append(_side_warning(grid, layout, plan, headers))
    if len(plan.mappings) > 1:
        warnings.append(msg(N_("The sheet has {count} sections, each with its own header row; all of them were "
                               "imported."), count=len(plan.mappings)))
    if layout.headerless:
        found = [msg(N_("column {letter}: {field}"), letter=column_letter(c), field=Message(_FIELD_NAMES[fld]))
                 for fld, (c, _) in sorted(layout.columns.items(), key=lambda kv: kv[1][0]) if fld in _FIELD_NAMES]
        warnings.insert(0, msg(N_("The table has no header row; its columns were recognised from their content "
                                  "({columns}). Check them in the import wizard."), columns=found))
    skipped = tuple(SkippedRow(grid.source_row(i), code, detail, name) for i, code, detail in plan.skipped)
    return _Sheet(name, grid, layout, plan, headers, parts, multi, warnings, skipped)


def _sheet_error(exc: InputError) -> Message:
    return Message(exc.msgid, exc.params)


def _part_keys(parts: pd.DataFrame) -> Counter:
    cols = [parts[c].tolist() for c in ("part_number", "description", "quantity_raw")]
    return Counter(zip(*cols, strict=True))


def _drop_duplicates(sheets: list[_Sheet]) -> dict[str, str]:
    """Sheets whose parts all appear on another used sheet (a copy, a print version, an excerpt): name →
    the other sheet. Identical sheets keep the first; an excerpt gives way to the sheet that contains it."""
    keys = [_part_keys(s.parts) for s in sheets]
    dropped: dict[str, str] = {}
    for i, a in enumerate(sheets):
        for j, b in enumerate(sheets):
            if i == j or b.name in dropped or a.name in dropped or not keys[i]:
                continue
            contained = not (keys[i] - keys[j])
            if contained and (keys[i] != keys[j] or j < i):
                dropped[str(a.name)] = str(b.name)
    return dropped


def _same_parts_notes(sheets: list[_Sheet]) -> list[Message]:
    """Two assessed sheets that list the same parts with other quantities (an order sheet beside the BOM, a
    copy for 10 units) would count those parts twice: say so, so that the user can leave one out."""
    keys = [set(zip(s.parts["part_number"].tolist(), s.parts["description"].tolist(), strict=True))
            for s in sheets]
    out = []
    for i, a in enumerate(sheets):
        for j in range(i + 1, len(sheets)):
            small, large = sorted((keys[i], keys[j]), key=len)
            if len(small) >= 2 and small <= large:
                out.append(msg(N_("Sheets \u201c{sheet}\u201d and \u201c{other}\u201d list the same parts with "
                                  "other quantities; both were assessed, so those parts count twice. If one is a "
                                  "copy or an order list, leave it out (--sheet or the import wizard)."),
                               sheet=a.name, other=sheets[j].name))
    return out


def _read_sheets(workbook: Workbook, options: ImportOptions, progress: Progress | None
                 ) -> tuple[list[_Sheet], list[SheetResult], list[Message]]:
    """Read every selected sheet (or every sheet that looks like a BOM) and say why each other one is not used.

    Raises:
        InputError: no sheet could be read as a BOM (the first sheet's reason), or a named sheet is missing.
    """
    if workbook.file_format in ("csv", "tsv"):
        return [_read_sheet(workbook, None, options, True, progress)], [], []
    wanted = requested_sheets(workbook, options)
    names = wanted if wanted is not None else workbook.sheet_names
    auto = wanted is None
    read: list[_Sheet] = []
    empty_tables: list[_Sheet] = []  # a table whose every row was skipped: the result if nothing better
    reasons: dict[str, tuple[str, str, Message | None]] = {}
    errors: list[InputError] = []
    for name in names:
        progress_mod.check(progress)
        grid = workbook.grid(name)
        if not grid.cells or not grid.nonblank_rows().any():
            reasons[name] = ("empty", "", None)
            continue
        if auto and detect_header(grid).index is None:
            reasons[name] = ("no_table", "", None)
            continue
        try:
            sheet = _read_sheet(workbook, name, options, not read, progress)
        except InputError as exc:
            if not auto and len(names) == 1:
                raise
            reasons[name] = ("unreadable", exc.render(), _sheet_error(exc))
            errors.append(exc)
            continue
        if not len(sheet.parts):
            reasons[name] = ("no_parts", "", None)
            if not auto:
                read.append(sheet)  # the user asked for it: its skipped rows are still accounted for
            else:
                empty_tables.append(sheet)
            continue
        read.append(sheet)
    notes: list[Message | None] = []  # _sheet_note gives None for a sheet with nothing to say; dropped below
    if auto and len(read) > 1:
        dropped = _drop_duplicates(read)
        for name, other in dropped.items():
            reasons[name] = ("duplicate", other, None)
        read = [s for s in read if s.name not in dropped]
    if len(read) > 1:
        notes += _same_parts_notes(read)
    if not read and empty_tables:  # a BOM table without part rows: imported empty, every row accounted for
        read = empty_tables[:1]
        reasons.pop(str(read[0].name), None)
    if not read:
        raise _nothing_read(workbook, names, reasons, errors)
    results = [_sheet_result(s) for s in read]  # in the order read (the first is the main sheet)
    by_name = {s.name: s for s in read}
    for name in workbook.sheet_names:
        if name in by_name:
            continue
        code, detail, error = reasons.get(name, ("not_selected", "", None))
        results.append(SheetResult(name, False, code, detail))
        notes.append(_sheet_note(workbook, name, code, detail, error))
    for name in workbook.hidden:  # a hidden sheet is never read; say that it is there
        results.append(SheetResult(name, False, "hidden"))
        notes.append(msg(N_("Sheet \u201c{sheet}\u201d is hidden in the workbook and was not assessed; show it in "
                            "Excel and import again if it holds parts."), sheet=name))
    return read, results, [n for n in notes if n is not None]


def _nothing_read(workbook: Workbook, names: tuple[str, ...], reasons: Mapping[str, tuple[str, str, Any]],
                  errors: list[InputError]) -> InputError:
    """The error when no sheet gave a BOM: why a table that was found could not be used, else that the file
    is empty, else that it holds no BOM table."""
    if errors:
        return errors[0]
    if all(reasons.get(n, ("",))[0] == "empty" for n in names):
        return InputError(N_("{file} is empty."), {"file": workbook.path.name})
    return InputError(N_("No header row found in {file}: it does not look like a bill of materials "
                         "(no column such as part number, description or quantity)."), {"file": workbook.path.name})


def _sheet_note(workbook: Workbook, name: str, code: str, detail: str, error: Message | None) -> Message | None:
    if code == "empty":
        return msg(N_("Sheet \u201c{sheet}\u201d was not assessed: it is empty."), sheet=name)
    if code == "no_table":
        return msg(N_("Sheet \u201c{sheet}\u201d was not assessed: no BOM table (a column of part names or part "
                      "numbers) was found on it."), sheet=name)
    if code == "no_parts":
        return msg(N_("Sheet \u201c{sheet}\u201d was not assessed: its table has no part rows."), sheet=name)
    if code == "duplicate":
        return msg(N_("Sheet \u201c{sheet}\u201d was not assessed: all its parts are also on sheet \u201c{other}\u201d, "
                      "so they would be counted twice."), sheet=name, other=detail)
    if code == "unreadable":
        return msg(N_("Sheet \u201c{sheet}\u201d was not assessed: {reason}"), sheet=name, reason=error)
    grid = workbook.grid(name)
    if grid.cells and grid.nonblank_rows().any() and detect_header(grid).index is not None:
        return msg(N_("Sheet \u201c{sheet}\u201d also looks like a BOM but was not selected; choose it (or all "
                      "sheets) to assess it too."), sheet=name)
    return None


def _sheet_result(sheet: _Sheet) -> SheetResult:
    grid, layout, plan = sheet.grid, sheet.layout, sheet.plan
    header_row = 0 if layout.headerless else grid.source_row(layout.header_index)
    return SheetResult(
        sheet.name, True, header_row=header_row, rows_total=len(sheet.parts) + len(sheet.skipped),
        rows_imported=len(sheet.parts), rows_skipped=len(sheet.skipped), raw_rows=tuple(grid.raw),
        headers=() if layout.headerless else tuple(grid.cells[layout.header_index]),
        last_row=_last_row(sheet), blank_rows=tuple(grid.source_row(i) for i in plan.blank))


def _last_row(sheet: _Sheet) -> int:
    grid, layout, plan = sheet.grid, sheet.layout, sheet.plan
    if plan.last >= 0:
        return grid.source_row(plan.last)
    return 0 if layout.header_index < 0 else grid.source_row(layout.header_index)


class OpenedBook:
    """A BOM file opened once: its sheets are parsed from bytes read once, and :meth:`preview`/:meth:`read`
    lay them out again for other choices (sheet, header row, column map) without touching the file.

    ``open_book(path, options).read(options)`` gives exactly what ``read_bom(path, options)`` gives, and
    ``.preview(options)`` what ``preview(path, options)`` gives. A sheet is parsed into its grid the first time
    it is used, from the bytes in memory (decrypted, if the workbook was encrypted), so deleting or changing the
    file afterwards changes nothing: the result describes the bytes that were read, and
    ``ImportResult.source_sha256`` is their SHA-256, so a saved assessment records the file that was assessed,
    not the one on disk when it is saved.

    Memory, the trade-off: the book keeps every parsed sheet (display texts, raw values, factorised columns) and
    the file's bytes alive for as long as it is referenced – about 130 MB for the 100,000-row benchmark sheet
    (a 3.5 MB file; docs/performance.md), growing with the sheet, on top of the result being shown. Hold one
    only while the user is choosing (the import wizard) and drop it when the choice is made.

    Options that change how the file is *opened* (password, CSV encoding and delimiter, limits) need a new book
    (:meth:`opens_like`); the others apply per call. :meth:`preview` and :meth:`read` may run in worker threads:
    one lock serialises them (a grid fills its caches on first use).
    """

    def __init__(self, path: Path, workbook: Workbook, options: ImportOptions) -> None:
        self.path = path
        self.workbook = workbook
        self.options = options
        self._lock = threading.Lock()

    @property
    def file_format(self) -> str:
        return self.workbook.file_format

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the file's bytes as they were read (before decryption)."""
        return self.workbook.sha256

    def opens_like(self, options: ImportOptions) -> bool:
        """True when ``options`` open the file as this book was opened (same password, encoding, delimiter and
        limits), so that :meth:`read` with them equals ``read_bom(path, options)``."""
        mine = self.options
        return (options.password, options.encoding, options.delimiter, options.limits) == (
            mine.password, mine.encoding, mine.delimiter, mine.limits)

    def _check(self, options: ImportOptions) -> None:
        if not self.opens_like(options):
            raise ValueError("these import options open the file differently (password, encoding, delimiter or "
                             "limits): open the file again with open_book")

    def preview(self, options: ImportOptions | None = None, max_rows: int = 60) -> FilePreview:
        """:func:`preview` of this book (see there); ``options`` default to those it was opened with."""
        options = self.options if options is None else options
        self._check(options)
        with self._lock:
            return _preview(self.path, self.workbook, options, max_rows)

    def read(self, options: ImportOptions | None = None, progress: Progress | None = None) -> ImportResult:
        """:func:`read_bom` of this book (see there): header detection, column mapping and
        :func:`~.build.build_parts` on the sheets already parsed. Raises what ``read_bom`` raises for the layout
        (InputError: no header, no part column, a missing sheet …) and Cancelled."""
        options = self.options if options is None else options
        self._check(options)
        with self._lock, _gc_paused():
            return _read_book(self.path, self.workbook, options, progress)


def open_book(path: str | Path, options: ImportOptions = _DEFAULT_OPTIONS,
              progress: Progress | None = None, *, excel: ExcelFile | None = None) -> OpenedBook:
    """Open a BOM file once: size and zip checks, decryption, and the reader (see :class:`OpenedBook`).

    ``excel``: the workbook file already opened (and its sheets perhaps parsed) by
    :class:`~.container.OpeningAhead`, which calls this; the file is not read again.

    Raises:
        InputError: the file is missing, unsupported, damaged or too large.
        PasswordRequired: the workbook is encrypted and the password is missing or wrong.
    """
    path = Path(path)
    with _gc_paused():
        return OpenedBook(path, _open(path, options, progress, excel), options)


def read_bom(path: str | Path, options: ImportOptions = _DEFAULT_OPTIONS,
             progress: Progress | None = None) -> ImportResult:
    """Read a BOM file into an :class:`ImportResult`.

    Every sheet that looks like a BOM is read (or the sheets ``options.sheet`` names); a sheet that is not
    used is named in the warnings with the reason (empty, no table, a duplicate of another sheet …).

    Args:
        path: .xlsx/.xlsm/.xls/.xlsb/.ods/.csv/.tsv file.
        options: sheet(s), header row, column overrides, password, CSV encoding/delimiter, limits.
        progress: optional progress sink; cancelling raises :class:`~desktop.core.errors.Cancelled`.

    Raises:
        InputError: the file is missing, unsupported, damaged, too large, or holds no BOM.
        PasswordRequired: the workbook is encrypted and the password is missing or wrong.
    """
    path = Path(path)
    with _gc_paused():
        return _read_book(path, _open(path, options, progress), options, progress)


def _open(path: Path, options: ImportOptions, progress: Progress | None, excel: ExcelFile | None = None
          ) -> Workbook:
    prog = progress or progress_mod.NullProgress()
    progress_mod.check(progress)
    prog.update(0.0, N_("Opening the file"))
    workbook = open_workbook(path, options) if excel is None else excel_workbook(excel, options)
    progress_mod.check(progress)
    return workbook


def _read_book(path: Path, workbook: Workbook, options: ImportOptions, progress: Progress | None) -> ImportResult:
    prog = progress or progress_mod.NullProgress()
    progress_mod.check(progress)
    prog.update(0.4, N_("Finding the BOM table"))
    sheets, results, warnings = _read_sheets(workbook, options, progress)
    prog.update(0.8, N_("Normalising values"))
    first = sheets[0]
    several = len(sheets) > 1
    if several:
        warnings.insert(0, msg(N_("{count} sheets were assessed together: {sheets}. Each part keeps the name of "
                                  "its sheet."), count=len(sheets), sheets=[str(s.name) for s in sheets]))
    for s in sheets:
        warnings += [msg(N_("Sheet \u201c{sheet}\u201d: {message}"), sheet=s.name, message=w) if several else w
                     for w in s.warnings]
    parts = pd.concat([s.parts for s in sheets], ignore_index=True) if several else first.parts
    skipped = tuple(row for s in sheets for row in s.skipped)
    layout, grid = first.layout, first.grid
    columns = {f: ColumnChoice(f, first.headers[c], c, conf) for f, (c, conf) in layout.columns.items()
               if f in MAPPABLE_FIELDS}
    prog.update(1.0, N_("Import finished"))
    head = _sheet_result(first)
    return ImportResult(
        path=str(path), file_format=workbook.file_format, sheet=first.name, sheets=workbook.sheet_names,
        header_row=head.header_row, headers=tuple(first.headers) if layout.headerless else head.headers,
        columns=columns, parts=parts, raw_rows=tuple(grid.raw), rows_total=len(parts) + len(skipped),
        skipped=skipped, warnings=tuple(warnings), encoding=workbook.encoding, delimiter=workbook.delimiter,
        header_signature=header_signature(first.headers), multi_level=any(s.multi for s in sheets),
        blank_rows=head.blank_rows, last_row=head.last_row,
        sheet_results=tuple(results) if results else (head,), source_sha256=workbook.sha256,
    )


def _side_warning(grid: Grid, layout: Layout, plan: object, headers: list[str]) -> Message:
    cols = layout.side_columns
    display = grid.display_array()
    rows = [i for i in range(layout.header_index, len(display))
            if any(c < display.shape[1] and display[i, c].strip() for c in cols)]
    label = " | ".join(h for h in (headers[c] for c in cols) if h) or "?"
    first, last = (grid.source_row(rows[0]), grid.source_row(rows[-1])) if rows else (0, 0)
    return msg(N_("A second table side by side (columns {columns}, rows {first}\u2013{last}: \u201c{label}\u201d) "
                  "was not imported. Only the main table was read; import the side table separately if it "
                  "holds parts."), columns=f"{column_letter(cols[0])}\u2013{column_letter(cols[-1])}",
               first=first, last=last, label=label)


def preview(path: str | Path, options: ImportOptions = _DEFAULT_OPTIONS, max_rows: int = 60) -> FilePreview:
    """What the import wizard shows: sheets with their first rows, the chosen sheet/header and suggestions.

    Honours ``options.sheet``, ``options.header_row`` and ``options.column_map``. With several sheets selected (or
    none named), the first of them is the one shown: the header row and column choices apply to it. The wizard
    calls :meth:`OpenedBook.preview` instead, which gives the same without reading the file again.
    """
    return open_book(path, options).preview(options, max_rows)


def _preview(path: Path, workbook: Workbook, options: ImportOptions, max_rows: int) -> FilePreview:
    names = workbook.sheet_names or (None,)
    sheets = []
    for name in names:
        grid = workbook.grid(name)
        guess = detect_header(grid)
        idx, score = _sheet_score(grid)
        rows = tuple(tuple(r) for r in grid.cells[:max_rows])
        detected = grid.source_row(idx) if idx is not None and not guess.headerless else None
        sheets.append(SheetPreview(name or path.name, rows, detected, score, guess.index is not None,
                                   guess.headerless))
    if workbook.file_format in ("csv", "tsv"):
        selected: tuple[str, ...] = ()
        sheet = None
    else:
        wanted = requested_sheets(workbook, options)
        selected = wanted if wanted is not None else tuple(
            s.name for s in sheets if s.looks_like_bom)
        sheet = selected[0] if selected else workbook.sheet_names[0]
    grid = workbook.grid(sheet)
    guess = detect_header(grid)
    headerless = (options.header_row is None and guess.headerless) or options.header_row == 0
    if options.header_row == 0:
        idx = guess.index if guess.headerless and guess.index is not None else -1
    elif options.header_row is not None:
        idx = options.header_row - 1
    else:
        idx = guess.index
    if idx is None or not (0 <= idx < len(grid.cells) or headerless):
        return FilePreview(str(path), workbook.file_format, tuple(sheets), sheet, 0, (), {}, REQUIRED_FIELDS,
                           workbook.encoding, workbook.delimiter, selected, False)
    layout = make_layout(grid, idx, options.column_map, headerless, guess.by_content and options.header_row is None)
    headers = header_texts(grid, layout)
    suggestions: dict[str, list[ColumnChoice]] = {f: [] for f in MAPPABLE_FIELDS}
    for fld, (c, conf) in layout.columns.items():
        if fld in suggestions:
            suggestions[fld].append(ColumnChoice(fld, headers[c], c, conf))
    for c in layout.table_columns:
        for fld, score in field_scores(headers[c]):
            if fld == ITEM or fld not in suggestions:
                continue
            if all(ch.index != c for ch in suggestions[fld]):
                suggestions[fld].append(ColumnChoice(fld, headers[c], c, round(min(score, 1.0), 3)))
    ordered = {f: tuple(v[:1] + sorted(v[1:], key=lambda ch: (-ch.confidence, ch.index)))
               for f, v in suggestions.items() if v}
    header_row = 0 if headerless else grid.source_row(idx)
    shown = tuple(headers) if headerless else tuple(grid.cells[idx])
    return FilePreview(str(path), workbook.file_format, tuple(sheets), sheet, header_row, shown, ordered,
                       REQUIRED_FIELDS, workbook.encoding, workbook.delimiter, selected, headerless)
