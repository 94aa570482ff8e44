"""Supplier survey workbooks: one per supplier with its parts, read back once the supplier has answered.

The sheet ``Declaration`` has the columns suppliers are asked to fill (rare earths yes/no, grams per unit of each
of the 17 elements, origin country, smelter/refiner, comment) beside the key columns, which are protected so that
an answer always belongs to the part it was asked for. Data validation catches typing errors in Excel already;
reading back checks every cell again, because validation is easy to bypass (paste, other spreadsheet programs).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop.core.declarations.common import DeclarationProblem, DeclarationResult, Declared
from desktop.core.errors import InputError, OutputError, UsageError
from desktop.core.mapping.library import MAX_GRAMS, MAX_TEXT, part_key
from desktop.core.types import Message
from desktop.i18n import N_, translation_for

#: The 17 rare-earth elements in the order of the survey's columns: the magnet elements first (what most
#: suppliers will fill), then the others by atomic number.
SURVEY_ELEMENTS: tuple[str, ...] = ("Nd", "Pr", "Dy", "Tb", "Sm", "Sc", "Y", "La", "Ce", "Pm", "Eu", "Gd", "Ho",
                                    "Er", "Tm", "Yb", "Lu")
KEY_HEADERS = ("Part Number", "Manufacturer Part Number", "Description")
YN_HEADER = "Contains rare earths (Y/N)"
TAIL_HEADERS = ("Magnet or material origin country", "Smelter/refiner", "Comment")
DECLARATION_HEADERS: tuple[str, ...] = (*KEY_HEADERS, YN_HEADER, *(f"{s} (g/unit)" for s in SURVEY_ELEMENTS),
                                        *TAIL_HEADERS)
SHEET = "Declaration"
INSTRUCTIONS_SHEET = "Instructions"
UNASSIGNED = "unassigned"
#: The first row of answers (row 1: English headers, row 2: the same in Japanese).
FIRST_ROW = 3
#: A survey workbook larger than this is refused before it is opened (one supplier's parts are a few hundred rows).
MAX_SURVEY_BYTES = 50 * 1024 * 1024
MAX_SURVEY_ROWS = 100_000

# Japanese column titles come from the catalogue like every other text.
_HEADER_MSGIDS = {
    "Part Number": N_("Part Number"),
    "Manufacturer Part Number": N_("Manufacturer Part Number"),
    "Description": N_("Description"),
    YN_HEADER: N_("Contains rare earths (Y/N)"),
    "Magnet or material origin country": N_("Magnet or material origin country"),
    "Smelter/refiner": N_("Smelter/refiner"),
    "Comment": N_("Comment"),
}
_GRAMS_HEADER = N_("{symbol} (g/unit)")
_INSTRUCTIONS = (
    N_("Rare-earth content declaration"),
    N_("Please fill in the sheet 'Declaration', one row per part, and return this file to us."),
    N_("Contains rare earths (Y/N): Y if the part contains any of the 17 rare-earth elements, N if it contains "
       "none."),
    N_("Grams per unit: the mass of each element (as metal, not oxide) in one unit of the part, in grams. Leave "
       "an element empty if the part does not contain it."),
    N_("Magnet or material origin country: the country where the magnet or rare-earth material was made."),
    N_("Smelter/refiner: the smelter or refiner of the rare-earth material, if known."),
    N_("The part number, manufacturer part number and description columns are protected: please do not change "
       "them."),
)
_SUPPLIER_LABEL = N_("Supplier")

_BAD_YN = N_("'{value}' is not Y or N")
_BAD_GRAMS = N_("'{value}' is not a number of grams")
_GRAMS_RANGE = N_("{value} g is outside 0 to {max} g")
_N_WITH_GRAMS = N_("the part is declared free of rare earths (N) but grams are given")
_Y_NO_GRAMS = N_("Y without grams for any element: give the grams per unit of each element the part contains")
_NO_KEY = N_("no part number and no manufacturer part number")
_TOO_LONG = N_("the text is longer than {max} characters")
_NO_SHEET = N_("{path}: no sheet '{sheet}'; is this a reerisk survey workbook?")
_BAD_HEADERS = N_("{path}: the sheet '{sheet}' does not have the survey's columns (expected '{expected}' in {cell}, "
                  "found '{found}')")
_UNREADABLE = N_("{path}: cannot be read as a survey workbook: {reason}")
_EXISTS = N_("{path} already exists (it may hold a supplier's answers); choose an empty folder")
_TOO_BIG = N_("{path}: the file is larger than {mb} MB")

_YES = {"Y", "YES", "TRUE", "1", "はい", "有", "あり", "含有"}
_NO = {"N", "NO", "FALSE", "0", "いいえ", "無", "なし", "非含有"}


# -- export -------------------------------------------------------------------------------------------------------

def export_surveys(bom: Path | str, out_dir: Path | str, import_options: Any = None) -> list[Path]:
    """Write one survey workbook per supplier of the BOM into ``out_dir`` (parts without a supplier go to the
    "unassigned" workbook). Each part (by part number and MPN) is asked once per supplier.

    Returns:
        The workbooks written, in supplier order.

    Raises:
        InputError: the BOM cannot be read.
        UsageError: a workbook of that name is already in the folder (nothing is written).
        OutputError: the folder cannot be created or a workbook cannot be written.
    """
    from desktop.core.importing import read_bom
    from desktop.core.types import ImportOptions

    imported = read_bom(Path(bom), import_options or ImportOptions())
    groups = group_by_supplier(imported.parts)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(N_("{path}: cannot write: {reason}"),
                          {"path": str(out), "reason": exc.strerror or str(exc)}) from exc
    used: set[str] = set()
    targets = [(out / _file_name(supplier, used), supplier, rows) for supplier, rows in groups.items()]
    for target, _supplier, _rows in targets:   # an answered workbook may be waiting there: never overwrite it
        if target.exists():
            raise UsageError(_EXISTS, {"path": str(target)})
    written: list[Path] = []
    for target, supplier, rows in targets:
        _write_workbook(target, supplier, rows)
        written.append(target)
    return written


def group_by_supplier(parts: Any) -> dict[str, list[tuple[str, str, str]]]:
    """(part number, MPN, description) per supplier as the BOM writes it, each part once; "unassigned" last."""
    def col(name: str) -> list[Any]:
        return parts[name].tolist() if name in parts.columns else [None] * len(parts)

    groups: dict[str, list[tuple[str, str, str]]] = {}
    seen: dict[str, set[tuple[str | None, str | None]]] = {}
    for pn, mpn, desc, name, supplier in zip(col("part_number"), col("mpn"), col("description"), col("name"),
                                              col("supplier"), strict=True):
        pn_t, mpn_t = _cell_text(pn), _cell_text(mpn)
        if not pn_t and not mpn_t:
            continue   # nothing a supplier's answer could be matched back to
        who = _cell_text(supplier) or UNASSIGNED
        key = (part_key(pn_t), part_key(mpn_t))
        if key in seen.setdefault(who, set()):
            continue
        seen[who].add(key)
        groups.setdefault(who, []).append((pn_t, mpn_t, _cell_text(desc) or _cell_text(name)))
    if UNASSIGNED in groups:
        groups[UNASSIGNED] = groups.pop(UNASSIGNED)
    return groups


def _cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _file_name(supplier: str, used: set[str]) -> str:
    """survey_<supplier>.xlsx with characters no file system accepts replaced; unique within the folder."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", unicodedata.normalize("NFC", supplier)).strip(" .") or "supplier"
    safe = safe[:80]
    name, n = f"survey_{safe}.xlsx", 2
    while name.lower() in used:
        name, n = f"survey_{safe}_{n}.xlsx", n + 1
    used.add(name.lower())
    return name


def _write_workbook(target: Path, supplier: str, rows: list[tuple[str, str, str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ja = translation_for("ja")
    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    info.append([_SUPPLIER_LABEL + " / " + ja.gettext(_SUPPLIER_LABEL), supplier])
    info.append([])
    for msgid in _INSTRUCTIONS:
        info.append([msgid])
        info.append([ja.gettext(msgid)])
        info.append([])
    info.column_dimensions["A"].width = 110
    info["A1"].font = Font(bold=True)
    for row in info.iter_rows(min_row=3, max_col=1):
        row[0].alignment = Alignment(wrap_text=True)

    ws = wb.create_sheet(SHEET)
    ws.append(list(DECLARATION_HEADERS))
    ws.append([ja.gettext(_HEADER_MSGIDS[h]) if h in _HEADER_MSGIDS else ja.gettext(_GRAMS_HEADER).format(
        symbol=h.split(" ")[0]) for h in DECLARATION_HEADERS])
    grey = PatternFill("solid", fgColor="DDDDDD")
    for cell in (*ws[1], *ws[2]):
        cell.font = Font(bold=True)
        cell.fill = grey
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    n_cols = len(DECLARATION_HEADERS)
    for pn, mpn, desc in rows:
        ws.append([pn or None, mpn or None, desc or None])
    last = FIRST_ROW + max(len(rows), 1) - 1
    for r in range(FIRST_ROW, last + 1):
        for c in range(1, 4):
            ws.cell(r, c).number_format = "@"   # part numbers stay text ("00123")
            ws.cell(r, c).fill = grey
        for c in range(4, n_cols + 1):
            ws.cell(r, c).protection = Protection(locked=False)
    yn = DataValidation(type="list", formula1='"Y,N"', allow_blank=True, showErrorMessage=True,
                        errorTitle="Y / N", error="Y or N / Y または N")
    yn.add(f"D{FIRST_ROW}:D{last}")
    grams = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(int(MAX_GRAMS)),
                           allow_blank=True, showErrorMessage=True, errorTitle="g/unit",
                           error="Grams per unit: a number of 0 or more / 1個あたりのグラム数: 0以上の数値")
    grams.add(f"E{FIRST_ROW}:{get_column_letter(4 + len(SURVEY_ELEMENTS))}{last}")
    ws.add_data_validation(yn)
    ws.add_data_validation(grams)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.freeze_panes = f"D{FIRST_ROW}"
    for c, width in ((1, 18), (2, 24), (3, 36), (4, 14)):
        ws.column_dimensions[get_column_letter(c)].width = width
    for c in range(n_cols - 2, n_cols + 1):
        ws.column_dimensions[get_column_letter(c)].width = 24
    wb.properties.title = "reerisk supplier survey"
    wb.properties.subject = supplier
    wb.active = 1
    import io

    from desktop.core.declarations.common import write_atomically

    buf = io.BytesIO()
    wb.save(buf)
    write_atomically(target, buf.getvalue())


# -- import -------------------------------------------------------------------------------------------------------

def read_survey(path: Path | str, supplier: str | None = None) -> DeclarationResult:
    """Read an answered survey workbook: every good row becomes a declaration, every bad cell a problem with its
    sheet, cell and reason (a row with a bad cell is not imported; the other rows are). Unanswered rows are
    counted, never stored.

    Raises:
        InputError: the file is not a readable survey workbook (missing sheet, wrong columns, damaged).
    """
    from openpyxl import load_workbook

    from desktop.core.importing.safety import check_zip
    from desktop.core.types import ImportLimits

    path = Path(path)
    if not path.is_file():
        raise InputError(N_("{path}: file not found"), {"path": str(path)})
    if path.stat().st_size > MAX_SURVEY_BYTES:
        raise InputError(_TOO_BIG, {"path": str(path), "mb": MAX_SURVEY_BYTES // (1024 * 1024)})
    try:
        check_zip(path, None, ImportLimits())   # zip bombs and absurd members are refused before openpyxl sees them
        wb = load_workbook(path, read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage is the same message for the user
        raise InputError(_UNREADABLE, {"path": str(path), "reason": str(exc)[:200] or type(exc).__name__},
                         detail=repr(exc)) from exc
    try:
        if SHEET not in wb.sheetnames:
            raise InputError(_NO_SHEET, {"path": str(path), "sheet": SHEET})
        who = supplier or _supplier_of(wb, path)
        rows = wb[SHEET].iter_rows(values_only=True, max_row=MAX_SURVEY_ROWS + FIRST_ROW)
        return _read_rows(path, who, rows)
    finally:
        wb.close()


def _supplier_of(wb: Any, path: Path) -> str:
    """The supplier the workbook was made for (Instructions!B1), else from the file name."""
    if INSTRUCTIONS_SHEET in wb.sheetnames:
        for row in wb[INSTRUCTIONS_SHEET].iter_rows(min_row=1, max_row=1, max_col=2, values_only=True):
            if len(row) > 1 and row[1] is not None and str(row[1]).strip():
                return str(row[1]).strip()[:200]
    stem = path.stem
    return stem[len("survey_"):] if stem.startswith("survey_") else stem


def _read_rows(path: Path, supplier: str, rows: Iterable[tuple[Any, ...]]) -> DeclarationResult:
    from openpyxl.utils import get_column_letter

    result = DeclarationResult(path=str(path))
    n_cols = len(DECLARATION_HEADERS)
    file = path.name
    for r, values in enumerate(rows, start=1):
        values = tuple(values) + (None,) * (n_cols - len(values))
        if r == 1:
            for c, expected in enumerate(DECLARATION_HEADERS):
                found = _cell_text(values[c])
                if found != expected:
                    raise InputError(_BAD_HEADERS, {"path": str(path), "sheet": SHEET, "expected": expected,
                                                    "cell": f"{get_column_letter(c + 1)}1", "found": found})
            continue
        if r < FIRST_ROW:
            continue
        pn, mpn = _cell_text(values[0]), _cell_text(values[1])
        answers = values[3:n_cols]
        if all(_blank(v) for v in answers):
            if pn or mpn:
                result.unanswered += 1
            continue

        problems: list[DeclarationProblem] = []

        def bad(col: int, msgid: str, params: dict[str, Any] | None = None, _r: int = r,
                _into: list[DeclarationProblem] = problems) -> None:
            _into.append(DeclarationProblem(file, SHEET, f"{get_column_letter(col + 1)}{_r}",
                                               Message(msgid, params or {})))

        if not pn and not mpn:
            bad(0, _NO_KEY)
        yn = _yes_no(values[3])
        if yn == "bad":
            bad(3, _BAD_YN, {"value": _short(values[3])})
        grams: dict[str, float] = {}
        grams_bad = False
        for i, symbol in enumerate(SURVEY_ELEMENTS):
            col = 4 + i
            raw = values[col]
            if _blank(raw):
                continue
            number = _number(raw)
            if number is None:
                bad(col, _BAD_GRAMS, {"value": _short(raw)})
                grams_bad = True
            elif not 0 <= number <= MAX_GRAMS:
                bad(col, _GRAMS_RANGE, {"value": f"{number:g}", "max": f"{MAX_GRAMS:g}"})
                grams_bad = True
            elif number > 0:
                grams[symbol] = number
        if yn == "N" and grams:
            bad(3, _N_WITH_GRAMS)
        if yn == "Y" and not grams and not grams_bad:
            bad(3, _Y_NO_GRAMS)
        texts = []
        for col in (n_cols - 3, n_cols - 2, n_cols - 1):
            text = _cell_text(values[col])
            if len(text) > MAX_TEXT:
                bad(col, _TOO_LONG, {"max": MAX_TEXT})
                text = ""
            texts.append(text)
        if problems:
            result.problems.extend(problems)
            continue
        if yn is None and not grams:   # only a comment or origin: nothing declared about rare earths
            result.unanswered += 1
            continue
        origin, smelter, comment = texts
        result.declared.append(Declared(part_number=pn or None, mpn=mpn or None, grams=grams,
                                        rare_earth_free=yn == "N", supplier=supplier, file=file, source="survey",
                                        origin_country=origin, smelter=smelter, note=comment,
                                        where=f"{SHEET}!A{r}"))
    return result


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _yes_no(value: Any) -> str | None:
    """"Y", "N", None (empty) or "bad"."""
    if _blank(value):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip().upper()
    if text in _YES:
        return "Y"
    if text in _NO:
        return "N"
    return "bad"


def _number(value: Any) -> float | None:
    """A cell as grams: a number, or text holding one (an optional trailing "g"); None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
            number = float(text)
        else:   # with a unit ("5 mg", "0.2 g", "1.5kg"): the importer's weight reader, grams by default
            from desktop.core.importing.values import weight_to_grams

            number = weight_to_grams(text, "g")
    return number if math.isfinite(number) else None
