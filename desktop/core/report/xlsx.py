"""The annotated workbook: the original BOM sheet with risk columns appended, plus summary sheets.

Written with openpyxl in write-only (streaming) mode, so memory stays flat for large BOMs. No cell is ever
written as a live formula: every text cell is stored as a string, including text that begins with ``=``,
``+``, ``-`` or ``@`` (a BOM description like ``=HYPERLINK(...)`` stays inert text).
"""
from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.progress import Progress, check
from desktop.core.report.decision import measure_number
from desktop.core.report.format import (
    CONFIDENCE_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    TIER_FILLS,
    TIER_LABELS,
    element_name,
    fmt_date,
    fmt_mass,
    fmt_mass_range,
    label,
)
from desktop.i18n import N_, Translator, translation_for

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.types import Assessment

MAX_CELL_CHARS = 32_767
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "1F3A5F"
RISK_HEADER_FILL = "B71C1C"

RISK_COLUMNS: tuple[tuple[str, int], ...] = (
    (N_("reerisk status"), 22),
    (N_("Rare-earth elements"), 16),
    (N_("REE g per part unit"), 14),
    (N_("REE g per product"), 14),
    (N_("Grams by element (per part unit)"), 34),
    (N_("Component classes"), 24),
    (N_("Mapping confidence"), 12),
    (N_("Risk score"), 10),
    (N_("Risk tier"), 12),
    (N_("Evidence"), 60),
)


def build_workbook(assessment: Assessment, path: str | os.PathLike[str], lang: str = "en",
                   progress: Progress | None = None, knowledge: Knowledge | None = None) -> Path:
    """Write the annotated workbook for ``assessment`` to ``path`` (.xlsx).

    Args:
        assessment: the scored BOM.
        path: target file; written atomically.
        lang: "en" or "ja" for headers, labels and sheet names.
        progress: optional progress sink; cancelling raises :class:`~desktop.core.errors.Cancelled`.
        knowledge: used for measure numbers and dates on the Controls sheet; ``None`` tries the default
            knowledge base and falls back to the measure ids.

    Returns:
        The path written.

    Raises:
        OutputError: the file cannot be written (permission denied, locked by another program).
    """
    from openpyxl import Workbook

    from desktop.core.report.pdf import _check_folder, write_atomically

    target = Path(path)
    _check_folder(target)
    tr = translation_for(lang)
    kb = knowledge if knowledge is not None else _default_knowledge()
    w = _Writer(tr)
    w.kb = kb
    names: set[str] = set()
    wb = _original_copy(assessment, w, progress)
    if wb is not None:  # the user's workbook, every sheet kept, assessment columns added beside the BOM
        names.update(wb.sheetnames)
    else:
        wb = Workbook(write_only=True)
        for sheet in _used_sheets(assessment.mapped.imported):  # one annotated copy per assessed sheet
            _bom_sheet(wb, w, assessment, sheet, _sheet_name(sheet.name or "BOM", names), progress)
    check(progress)
    _summary_sheet(wb, w, assessment, kb, _sheet_name(tr.gettext(N_("Summary")), names))
    _elements_sheet(wb, w, assessment, kb, _sheet_name(tr.gettext(N_("Elements")), names))
    _controls_sheet(wb, w, assessment, kb, _sheet_name(tr.gettext(N_("Controls")), names))
    _recommendations_sheet(wb, w, assessment, _sheet_name(tr.gettext(N_("Recommendations")), names))
    _skipped_sheet(wb, w, assessment, _sheet_name(tr.gettext(N_("Skipped rows")), names))
    check(progress)
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomically(target, buffer.getvalue())
    if progress is not None:
        progress.update(1.0, tr.gettext(N_("Workbook saved")))
    return target


def _default_knowledge() -> Knowledge | None:
    try:
        from desktop.core.knowledge import default_knowledge

        return default_knowledge()
    except Exception:  # noqa: BLE001 - the Controls sheet degrades to ids; the workbook must still be written
        return None


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (max 31 characters, none of []:*?/\\)."""
    clean = "".join("_" if ch in '[]:*?/\\' else ch for ch in str(name)).strip("'") or "Sheet"
    clean = clean[:31]
    candidate, n = clean, 2
    while candidate.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        candidate = clean[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


class _Writer:
    """Makes WriteOnlyCells: safe text, plain values, and a few shared styles."""

    def class_name(self, class_id: str) -> str:
        """A component class as users read it (Japanese name in a Japanese workbook); the id if unknown."""
        cls = self.kb.classes.get(class_id) if self.kb is not None else None
        if cls is None:
            return class_id
        return cls.name_ja if self.tr.lang == "ja" and cls.name_ja else cls.name_en

    def __init__(self, tr: Translator) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.tr = tr
        self.kb: Knowledge | None = None
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.risk_fill = PatternFill("solid", fgColor=RISK_HEADER_FILL)
        self.tier_fills = {t: PatternFill("solid", fgColor=c) for t, c in TIER_FILLS.items()}
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.bold = Font(bold=True)
        self.ws = None

    def cell(self, value: Any, *, fill: Any = None, font: Any = None, number_format: str | None = None,
             wrap: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=None)
        value = _plain(value)
        if isinstance(value, str):
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the first character
        else:
            cell.value = value
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        if wrap:
            cell.alignment = self.wrap
        return cell

    def _own(self, cell: Any) -> Any:
        """``cell`` re-made for the current sheet (a full workbook refuses cells made for another sheet)."""
        if cell.parent is self.ws:
            return cell
        styled = cell.has_style
        return self.cell(copy(cell.value), fill=copy(cell.fill) if styled else None,
                         font=copy(cell.font) if styled else None,
                         number_format=cell.number_format if styled else None)

    def header(self, values: Iterable[Any], fill: Any = None) -> list[Any]:
        return [self.cell(v, fill=fill or self.header_fill, font=self.header_font) for v in values]

    def table(self, wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
              widths: Sequence[int]) -> None:
        from openpyxl.utils import get_column_letter

        ws = wb.create_sheet(title)
        self.ws = ws
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.append(self.header(self.tr.gettext(h) for h in header))
        n = 1
        for row in rows:
            ws.append([self._own(v) if _is_cell(v) else self.cell(v, wrap=isinstance(v, str) and len(v) > 40)
                       for v in row])
            n += 1
        if n > 1:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{n}"


def _is_cell(value: Any) -> bool:
    return hasattr(value, "data_type") and hasattr(value, "parent")


def _plain(value: Any) -> Any:
    """A value openpyxl can store: NaN/inf -> empty, numpy scalars -> Python, text cleaned of control chars."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, bool | int | dt.datetime | dt.date | dt.time | dt.timedelta):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text[:MAX_CELL_CHARS]


# ------------------------------------------------------------------------------------------------ BOM sheet

def _used_sheets(imp: Any) -> list[Any]:
    """The assessed sheets (``ImportResult.sheet_results``), or the one sheet an older result describes."""
    from desktop.core.types import SheetResult

    used = [s for s in getattr(imp, "sheet_results", ()) if s.used]
    return used or [SheetResult(imp.sheet, True, header_row=imp.header_row, raw_rows=imp.raw_rows,
                                headers=imp.headers, last_row=imp.last_row)]


def _bom_sheet(wb: Any, w: _Writer, a: Assessment, sheet: Any, title: str, progress: Progress | None) -> None:
    """The source sheet as read, with the assessment beside each imported row and the reason beside each
    skipped one. A table without a header row gets one added on top (its rows move down by one)."""
    from openpyxl.utils import get_column_letter

    imp = a.mapped.imported
    tr = w.tr
    ws = wb.create_sheet(title)
    w.ws = ws
    raw = sheet.raw_rows
    headerless = sheet.header_row == 0
    if headerless:
        raw = ((),) + tuple(raw)
    n_orig = max([len(r) for r in raw] + [len(sheet.headers), 1])
    header_row = max(1, sheet.header_row)
    n_cols = n_orig + len(RISK_COLUMNS)
    for i in range(1, n_orig + 1):
        header = sheet.headers[i - 1] if i - 1 < len(sheet.headers) else ""
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(45, len(str(header or "")) + 4))
    for j, (_, width) in enumerate(RISK_COLUMNS, start=n_orig + 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = f"A{header_row + 1}"

    several = len(_used_sheets(imp)) > 1
    shift = 1 if headerless else 0
    names = imp.parts["sheet"].tolist() if several and "sheet" in imp.parts else [sheet.name] * len(imp.parts)
    by_row = {int(r) + shift: i for i, (r, n) in enumerate(zip(imp.parts["row"], names, strict=True))
              if n == sheet.name} if len(imp.parts) else {}
    skipped = {s.row + shift: s for s in imp.skipped if not several or s.sheet == sheet.name}
    ext = [float(x) for x in imp.parts["extended_quantity"]] if len(imp.parts) else []
    last = max(len(raw), sheet.last_row + shift)
    total = max(1, last)
    for r in range(1, last + 1):
        values = list(raw[r - 1]) if r - 1 < len(raw) else []
        cells = [w.cell(v) for v in values] + [w.cell(None)] * (n_orig - len(values))
        if r == header_row:
            cells = [w.cell(v, fill=w.header_fill, font=w.header_font) for v in values]
            cells += [w.cell(None, fill=w.header_fill)] * (n_orig - len(values))
            cells += w.header((tr.gettext(h) for h, _ in RISK_COLUMNS), fill=w.risk_fill)
        elif r in by_row:
            cells += _risk_cells(w, a, by_row[r], ext[by_row[r]])
        elif r in skipped:
            cells += [w.cell(tr.gettext(N_("skipped: {reason}")).format(reason=skipped[r].render(tr)))]
        ws.append(cells)
        if r % 2000 == 0:
            check(progress)
            if progress is not None:
                progress.update(0.9 * r / total, tr.gettext(N_("Writing the annotated BOM")))
    if last >= header_row:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(n_cols)}{last}"


#: Above this many cells the original is not loaded in full (openpyxl keeps every cell in memory): the annotated
#: BOM is then written as a streamed copy of the values, as for CSV input.
MAX_COPY_CELLS = 2_000_000
#: The fewest bytes one cell takes in a worksheet's XML (``<c r="A1"/>``): a sheet whose ``<dimension>`` does not
#: say its used range is judged by its size, as if every cell were that small.
MIN_CELL_XML_BYTES = 11
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="[A-Z]{1,3}[0-9]{1,7}:([A-Z]{1,3})([0-9]{1,7})"')


def copy_cells(data: bytes) -> int:
    """The cells loading the whole workbook would hold (rows × columns of each worksheet, as openpyxl counts
    them), judged from the zip without loading it: each worksheet's ``<dimension ref="A1:K20000">`` (its used
    range, at the top of the sheet's XML), else the sheet's unpacked size / :data:`MIN_CELL_XML_BYTES`."""
    from desktop.core.importing.safety import column_index

    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            name = info.filename.lower()
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with zf.open(info) as fh:
                head = fh.read(16_384)
            m = _DIMENSION.search(head)
            if m is not None:
                total += int(m.group(2)) * (column_index(m.group(1)) + 1)
            else:
                total += info.file_size // MIN_CELL_XML_BYTES
    return total


def _original_copy(a: Assessment, w: _Writer, progress: Progress | None) -> Any:
    """The user's .xlsx/.xlsm loaded in full, with the assessment columns written beside each assessed table.

    Keeps every sheet, column width, merged range, hyperlink, number format and style. Formulas are replaced by
    their cached values (a formula that would now point at shifted or missing data must not recalculate), so the
    copy shows what the user saw. Returns None when the file cannot be copied that way (another format, a
    password, a huge sheet): the caller then writes the streamed copy. A table without a header row gets an
    annotated copy on a sheet of its own, beside the untouched original.
    """
    imp = a.mapped.imported
    if imp.file_format not in ("xlsx", "xlsm") or not Path(imp.path).is_file():
        return None
    sheets = _used_sheets(imp)
    try:
        from openpyxl import load_workbook

        with open(imp.path, "rb") as fh:
            data = fh.read()
        if copy_cells(data) > MAX_COPY_CELLS:   # refused before openpyxl holds a single cell
            return None
        wb = load_workbook(io.BytesIO(data), keep_links=False)
        if sum((ws.max_row or 0) * (ws.max_column or 0) for ws in wb.worksheets) > MAX_COPY_CELLS:
            return None                         # a <dimension> that understated the sheet
        values = None
        for ws in wb.worksheets:
            formulas = [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
            if not formulas:
                continue
            if values is None:
                values = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
            cached = values[ws.title]
            for c in formulas:
                c.value = cached[c.coordinate].value  # the value Excel last calculated (None if never saved)
    except Exception:  # noqa: BLE001 - encrypted, damaged or exotic files: fall back to the streamed copy
        return None
    if any(sheet.name not in wb.sheetnames for sheet in sheets):
        return None
    used = set(wb.sheetnames)
    for sheet in sheets:
        if sheet.header_row == 0:  # no header row to extend: the user's sheet stays as is, an annotated copy follows
            _bom_sheet(wb, w, a, sheet, _sheet_name(f"{sheet.name} (reerisk)", used), progress)
        else:
            _annotate_in_place(wb[sheet.name], w, a, sheet, len(sheets) > 1, progress)
    if getattr(wb, "vba_archive", None) is not None:
        wb.vba_archive = None  # the copy is an .xlsx: macros are not carried over
    return wb


def _annotate_in_place(ws: Any, w: _Writer, a: Assessment, sheet: Any, several: bool,
                       progress: Progress | None) -> None:
    """Write the risk columns to the right of the user's last used column, on the header row and beside each
    imported row (skipped rows get their reason). Nothing of the user's is moved or overwritten."""
    from openpyxl.utils import get_column_letter

    imp = a.mapped.imported
    tr = w.tr
    # right of the last column that holds a value (max_column also counts empty, merely formatted cells: one
    # real BOM reports column 255 for nine columns of data)
    last_used = 0
    for row in ws.iter_rows(values_only=True):
        for k in range(len(row) - 1, last_used - 1, -1):
            if row[k] is not None and row[k] != "":
                last_used = k + 1
                break
    first = max(last_used, len(sheet.headers)) + 1
    names = imp.parts["sheet"].tolist() if several and "sheet" in imp.parts else [sheet.name] * len(imp.parts)
    by_row = {int(r): i for i, (r, n) in enumerate(zip(imp.parts["row"], names, strict=True))
              if n == sheet.name} if len(imp.parts) else {}
    skipped = {s.row: s for s in imp.skipped if not several or s.sheet == sheet.name}
    ext = [float(x) for x in imp.parts["extended_quantity"]] if len(imp.parts) else []

    def put(row: int, cells: list[Any]) -> None:
        for k, cell in enumerate(cells):
            target = ws.cell(row=row, column=first + k)
            target.value = cell.value
            if isinstance(cell.value, str):
                target.data_type = "s"
            if cell.has_style:
                target.font, target.fill = copy(cell.font), copy(cell.fill)
                target.number_format, target.alignment = cell.number_format, copy(cell.alignment)

    w.ws = ws
    put(sheet.header_row, w.header((tr.gettext(h) for h, _ in RISK_COLUMNS), fill=w.risk_fill))
    for k, (_, width) in enumerate(RISK_COLUMNS):
        ws.column_dimensions[get_column_letter(first + k)].width = width
    for n, (row, i) in enumerate(sorted(by_row.items())):
        put(row, _risk_cells(w, a, i, ext[i]))
        if n % 2000 == 0:
            check(progress)
    for row, skip in skipped.items():
        put(row, [w.cell(tr.gettext(N_("skipped: {reason}")).format(reason=skip.render(tr)))])


def _risk_cells(w: _Writer, a: Assessment, i: int, ext: float) -> list[Any]:
    tr = w.tr
    m, s = a.mapped.mappings[i], a.part_scores[i]
    known = [g.grams for g in m.elements.values() if g.grams is not None]
    per_unit = sum(known) if known else None
    per_product = per_unit * float(ext) if per_unit is not None and ext == ext else None  # ext==ext: not NaN
    detail = "; ".join(f"{sym} {fmt_mass(g.grams) if g.grams is not None else '?'}" for sym, g in m.elements.items())
    if m.has_ree:
        status = tr.gettext(N_("contains rare earths"))
    elif m.rare_earth_free:
        status = tr.gettext(N_("no rare earths (identified)"))
    elif m.classes:
        status = tr.gettext(N_("no rare earths"))
    else:
        status = tr.gettext(N_("not recognised"))
    evidence = "; ".join(e.render(tr) for e in m.evidence)
    return [
        w.cell(status),
        w.cell(", ".join(m.elements)),
        w.cell(per_unit, number_format="0.000###"),
        w.cell(per_product, number_format="0.000###"),
        w.cell(detail),
        w.cell("; ".join(w.class_name(c) for c in m.classes)),
        w.cell(label(CONFIDENCE_LABELS, m.confidence, tr)),
        w.cell(round(s.score, 1), number_format="0.0"),
        w.cell(label(TIER_LABELS, s.tier, tr), fill=w.tier_fills.get(s.tier)),
        w.cell(evidence),
    ]


# ------------------------------------------------------------------------------------------- other sheets

def _summary_sheet(wb: Any, w: _Writer, a: Assessment, kb: Knowledge | None, title: str) -> None:
    tr, lang, s, imp = w.tr, w.tr.lang, a.summary, a.mapped.imported
    rows: list[tuple[str, Any]] = [
        (N_("Source file"), imp.path),
        (N_("Sheet"), imp.sheet or ""),
        (N_("As-of date"), fmt_date(a.as_of, lang)),
        (N_("Scenario"), _scenario(a.scenario, tr, kb)),
        (N_("Knowledge base"), a.knowledge_version or getattr(kb, "version", "")),
        (N_("Knowledge base facts as of"), fmt_date(a.knowledge_as_of or getattr(kb, "as_of", None), lang)),
        (N_("Overall risk tier"), label(TIER_LABELS, s.tier, tr)),
        (N_("Overall risk score"), round(s.score, 1)),
        (N_("Parts in the BOM"), s.parts_total),
        (N_("Parts with rare earths"), s.parts_with_ree),
        (N_("Parts under export control"), s.parts_controlled),
        (N_("Rare-earth parts from China"), s.parts_from_china),
        (N_("Rare-earth grams per product (quantified parts)"), s.grams_per_unit),
        (N_("Source rows below the header"), imp.rows_total),
        (N_("Rows imported"), imp.rows_imported),
        (N_("Rows skipped"), len(imp.skipped)),
    ]
    out = [(tr.gettext(k), v) for k, v in rows]
    out += [(tr.gettext(N_("Parts in tier {tier}")).format(tier=label(TIER_LABELS, t, tr)), n)
            for t, n in s.tier_counts.items()]
    out += [(tr.gettext(N_("Warning")), m.render(tr)) for m in a.warnings]
    out += [(tr.gettext(N_("Assumption")), m.render(tr)) for m in a.assumptions]
    w.table(wb, title, [N_("Item"), N_("Value")], out, [44, 90])


def _elements_sheet(wb: Any, w: _Writer, a: Assessment, kb: Knowledge | None, title: str) -> None:
    tr = w.tr
    rows = []
    for e in a.elements:
        rows.append((e.symbol, element_name(e.symbol, tr, kb),
                     fmt_mass_range(e.grams_total, e.grams_low_total, e.grams_high_total) if e.grams_total else "?",
                     e.grams_total, e.grams_low_total, e.grams_high_total,
                     None if e.grams_total is None else e.grams_total, e.parts_count, e.parts_unquantified,
                     round(e.score, 1), w.cell(label(TIER_LABELS, e.tier, tr), fill=w.tier_fills.get(e.tier)),
                     ", ".join(_control_number(kb, c, tr.lang) for c in e.controls)))
    header = [N_("Symbol"), N_("Element"), N_("Per product (low–high)"), N_("Grams per product"), N_("Low"), N_("High"),
              N_("kg per 1,000 products"), N_("Parts"), N_("Parts with unknown grams"), N_("Risk score"),
              N_("Risk tier"), N_("Controls in force")]
    w.table(wb, title, header, rows, [8, 16, 26, 14, 12, 12, 14, 8, 12, 10, 12, 30])


def _source_titles(kb: Knowledge | None, ids: Iterable[str]) -> str:
    """Sources as readers know them ("USGS. Mineral Commodity Summaries 2025 (2025)"), never internal ids."""
    out = []
    for sid in ids:
        src = (getattr(kb, "sources", None) or {}).get(sid)
        if src is None:
            out.append(sid)
            continue
        text = ". ".join(p for p in (src.publisher, src.title) if p)
        out.append(f"{text} ({src.year})" if src.year else text)
    return "; ".join(dict.fromkeys(out))


def _scenario(scenario: str, tr: Translator, kb: Knowledge | None) -> str:
    """The scenario's name: the one name the CLI, the briefing and the GUI show."""
    from desktop.core.scenario_names import scenario_label

    return scenario_label(scenario, tr, lambda symbol: element_name(symbol, tr, kb))


def _control_number(kb: Knowledge | None, control_id: str, lang: str) -> str:
    """The measure's number in the workbook's language ("No. 18/2025" / "2025年第18号"), as on the Controls sheet."""
    try:
        return measure_number(kb.control(control_id), lang) if kb is not None else control_id
    except KeyError:
        return control_id


def _controls_sheet(wb: Any, w: _Writer, a: Assessment, kb: Knowledge | None, title: str) -> None:
    tr, lang = w.tr, w.tr.lang
    rows = []
    for cs in a.control_status:
        c = None
        if kb is not None:
            try:
                c = kb.control(cs.control_id)
            except KeyError:
                c = None
        ja = lang == "ja"
        rows.append((
            measure_number(c, lang) if c else cs.control_id,
            (c.authority_ja if ja and c.authority_ja else c.authority) if c else "",
            (c.title_ja if ja and c.title_ja else c.title_en) if c else "",
            ", ".join(cs.elements),
            fmt_date(c.announced, lang) if c else "", fmt_date(c.effective, lang) if c else "",
            fmt_date(c.suspended_until, lang) if c and c.suspended_until else "",
            label(STATUS_LABELS, cs.status, tr, capital=True), label(STATUS_LABELS, cs.treated_as, tr, capital=True),
            cs.note.render(tr) if cs.note else "",
            _source_titles(kb, c.sources) if c else "",
        ))
    header = [N_("Measure"), N_("Authority"), N_("Title"), N_("Elements"), N_("Announced"), N_("Effective"),
              N_("Suspended until"), N_("Status on the as-of date"), N_("Treated as"), N_("Note"), N_("Sources")]
    w.table(wb, title, header, rows, [14, 18, 40, 24, 13, 13, 13, 18, 14, 50, 30])


def _recommendations_sheet(wb: Any, w: _Writer, a: Assessment, title: str) -> None:
    tr = w.tr
    rows = [(r.priority, label(KIND_LABELS, r.kind, tr), ", ".join(r.elements), ", ".join(r.classes),
             r.text.render(tr), _source_titles(w.kb, r.sources))
            for r in sorted(a.recommendations, key=lambda r: r.priority)]
    w.table(wb, title, [N_("Priority"), N_("Kind"), N_("Elements"), N_("Component classes"), N_("Action"),
                        N_("Sources")], rows, [9, 18, 16, 24, 90, 24])


def _skipped_sheet(wb: Any, w: _Writer, a: Assessment, title: str) -> None:
    tr = w.tr
    several = len(_used_sheets(a.mapped.imported)) > 1  # rows of several sheets: "Sheet2!5"
    rows = [(f"{s.sheet}!{s.row}" if several else s.row, s.code, s.render(tr)) for s in a.mapped.imported.skipped]
    w.table(wb, title, [N_("Row"), N_("Code"), N_("Reason")], rows, [8, 18, 80])
