"""Where the BOM is in a sheet: the header row, the table's columns, side tables, and what each row is.

The row walk is vectorised where it can be: per-cell flags (empty, header synonym, total keyword, number) are
computed on the unique texts of each column, so the Python loop only reads a few precomputed values per row.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from desktop.core.importing.content import find_table, refine_columns
from desktop.core.importing.readers import Grid
from desktop.core.importing.synonyms import (
    ITEM,
    _synonyms,
    assign_columns,
    header_score,
    is_shop_column,
    names_parts,
    norm_header,
)
from desktop.core.importing.values import clean_text, is_number_text, map_unique
from desktop.core.types import column_letter

HEADER_SCAN_ROWS = 30
_DIGIT = re.compile(r"\d")
_TOTAL = re.compile(r"^(?:総?合計|総計|grand ?total|total|totals|sum|合计|总计|総数)\b", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^(?:小計|sub-? ?total|小计)\b", re.IGNORECASE)
_NOTE = re.compile(r"^(?:※|\*|＊|注[:：記]?|備考[:：]|note[s]?\s*[:：]|nb[:：]|remark[s]?\s*[:：]|"
                   r"comment[s]?\s*[:：]|\(注\)|【注】)", re.IGNORECASE)
_META_KEYS = {norm_header(k) for k in (
    "title", "company", "revision", "rev", "date", "date issue", "issue date", "author", "project", "product",
    "customer", "document", "doc no", "drawn by", "approved", "approved by", "checked", "version", "model",
    "page", "sheet", "board", "assembly", "タイトル", "件名", "会社", "会社名", "改訂", "版数", "版", "日付", "作成日",
    "作成者", "承認", "設計", "製品名", "機種", "型式名", "顧客", "図番", "ページ", "项目", "日期", "版本", "产品",
)}
_CHARGE = re.compile(
    r"^(?:shipping(?: (?:and|&) handling)?|delivery|postage|freight|handling|shipping fee|tax|taxes|vat|sales tax|"
    r"gst|discount|coupon|voucher|送料|配送料|消費税|値引き?|割引|手数料|运费|邮费|快递费|税费|税金|折扣|优惠)"
    r"(?:\s*(?:[(:（：\-–].*|\d.*|%.*))?$", re.IGNORECASE)
_ALTERNATE = re.compile(r"备选|備選|代替品|代替部品|alternat|second source|\balt\b", re.IGNORECASE)


@dataclass
class Layout:
    """The detected (or chosen) table of one sheet."""

    header_index: int                     # 0-based index in the grid
    score: float
    columns: dict[str, tuple[int, float]]  # field -> (column, confidence)
    table_columns: tuple[int, ...]        # columns that belong to the main table
    side_columns: tuple[int, ...] = ()    # a second table side by side (reported, not imported)
    headerless: bool = False              # no header row: ``header_index`` is the row above the first data row


@dataclass
class RowPlan:
    """The outcome of the row walk: imported grid rows with their column mapping, and skipped rows."""

    imported: list[int] = field(default_factory=list)
    mapping_of: list[int] = field(default_factory=list)   # index into ``mappings`` per imported row
    mappings: list[dict[str, tuple[int, float]]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (grid index, code, detail)
    blank: list[int] = field(default_factory=list)
    side_rows: list[int] = field(default_factory=list)
    last: int = -1


def cleaned_row(grid: Grid, i: int) -> list[str]:
    return [clean_text(c) for c in grid.cells[i]]


def header_texts(grid: Grid, layout: Layout) -> list[str]:
    """The header cells of a layout; a table without a header row gets its column letters ("A", "B" …)."""
    if layout.headerless:
        return [column_letter(c) for c in range(grid.width)]
    return cleaned_row(grid, layout.header_index)


@dataclass(frozen=True)
class HeaderGuess:
    """Where a sheet's table starts.

    ``index`` is the 0-based header row; for a table without a header row (``headerless``) it is the row just
    above the first data row (-1 when the data starts in row 1). ``by_content``: found from the cells' shape,
    not from header synonyms, so open columns may be read from content too.
    """

    index: int | None
    score: float
    headerless: bool = False
    by_content: bool = False


def detect_header(grid: Grid, scan: int = HEADER_SCAN_ROWS) -> HeaderGuess:
    """Find the header row in the first ``scan`` non-blank rows.

    First by synonyms: the earliest row that scores at least half of the best score wins, so that a BOM with
    sections that repeat their own header starts at the first section. Then, when no row qualifies, from
    content: a header row whose ambiguous or unknown titles stand over a varied text column ("Item, Qty,
    Link"), and finally a table found by its shape alone, with or without a header row
    (:func:`~.content.find_table`). The result is kept on the grid (choosing the sheet and laying out the
    chosen one both ask for it).
    """
    cached = grid.header_cache.get(scan)
    if cached is None:
        cached = grid.header_cache[scan] = _detect_header(grid, scan)
    return cached


def _detect_header(grid: Grid, scan: int) -> HeaderGuess:
    candidates: list[tuple[int, float]] = []
    rows: list[int] = []
    seen = 0
    for i, row in enumerate(grid.cells):
        if seen >= scan:
            break
        if not any(row):
            continue
        seen += 1
        rows.append(i)
        score, _ = header_score(cleaned_row(grid, i))
        if score > 0:
            candidates.append((i, score))
    if candidates:
        best = max(c[1] for c in candidates)
        for i, score in candidates:
            if score >= 0.5 * best and score >= 1.5:
                return HeaderGuess(i, score)
    for i in rows:
        score = _content_header_score(grid, i)
        if score >= 1.5:
            return HeaderGuess(i, score, by_content=True)
    guess = find_table(grid, scan)
    if guess is None:
        return HeaderGuess(None, 0.0)
    if guess.header_index is not None:
        return HeaderGuess(guess.header_index, 1.5, by_content=True)
    return HeaderGuess(guess.first_data - 1, 1.5, headerless=True, by_content=True)


def _content_header_score(grid: Grid, i: int) -> float:
    """Header score of row ``i`` once the cells below settle its ambiguous titles (0 when still no part column).

    A row qualifies only when its own titles name at least one field (so a first data row never does).
    """
    headers = cleaned_row(grid, i)
    texts = [h for h in headers if h]
    if len(texts) < 2 or any(is_number_text(h) for h in texts):
        return 0.0
    chosen = assign_columns(headers)
    if not chosen:
        return 0.0
    cols = [c for c, h in enumerate(headers) if h]
    refined = refine_columns(grid, i + 1, headers, cols, chosen)
    shop_list = any(is_shop_column(h) for h in texts)   # "Part name, Use, Price": a parts list to buy from
    if not names_parts(refined) or (len(refined) < 2 and not shop_list):
        return 0.0
    if len(refined) < 2:
        return 1.5
    return sum(conf for _, conf in refined.values())


def make_layout(grid: Grid, header_index: int, overrides: Mapping[str, str] | None = None,
                headerless: bool = False, by_content: bool = False) -> Layout:
    """Build the table layout for a header row: split side-by-side tables, read ambiguous or missing columns
    from content (:func:`~.content.refine_columns`) and apply user overrides."""
    if headerless:
        return _headerless_layout(grid, header_index, overrides)
    headers = cleaned_row(grid, header_index)
    groups = _column_groups(grid, header_index)
    scored = []
    for g in groups:
        s, chosen = header_score([headers[c] if c in g else "" for c in range(len(headers))])
        scored.append((s, g, chosen))
    main_score, main_group, _ = max(scored, key=lambda t: (t[0], -t[1][0])) if scored else (0.0, (), {})
    table = set(main_group)
    main_fields = set(assign_columns(headers, main_group))
    side: set[int] = set()
    for s, g, _ in scored:
        if g is main_group:
            continue
        fields = set(assign_columns(headers, g))
        if s > 0 or fields & main_fields:
            side.update(g)
        else:
            table.update(g)
    table_cols = tuple(sorted(table))
    columns = assign_columns(headers, table_cols)
    columns = refine_columns(grid, header_index + 1, headers, table_cols, columns, by_content)
    if overrides:
        columns = apply_overrides(headers, columns, overrides)
    return Layout(header_index, main_score, columns, table_cols, tuple(sorted(side)))


def _headerless_layout(grid: Grid, above: int, overrides: Mapping[str, str] | None) -> Layout:
    """A table without a header row: every column with data is in the table; fields come from content."""
    headers = [column_letter(c) for c in range(grid.width)]
    below = grid.display_array()[above + 1: above + 1 + 200]
    table = tuple(c for c in range(grid.width) if below.size and (below[:, c] != "").any())
    columns = refine_columns(grid, above + 1, headers, table, {}, headerless=True)
    if overrides:
        columns = apply_overrides(headers, columns, overrides)
    return Layout(above, sum(conf for _, conf in columns.values()), columns, table, (), headerless=True)


def apply_overrides(headers: list[str], columns: dict[str, tuple[int, float]],
                    overrides: Mapping[str, str]) -> dict[str, tuple[int, float]]:
    """User choices (field → header text; "" removes a field) win over suggestions, confidence 1."""
    out = dict(columns)
    norm = [norm_header(h) for h in headers]
    for fld, header in overrides.items():
        out.pop(fld, None)
        if not header:
            continue
        idx = next((i for i, h in enumerate(headers) if h == header), None)
        if idx is None:
            idx = next((i for i, h in enumerate(norm) if h == norm_header(header) and h), None)
        if idx is None:
            continue
        for other, (c, _) in list(out.items()):
            if c == idx:
                del out[other]
        out[fld] = (idx, 1.0)
    return out


def _column_groups(grid: Grid, header_index: int) -> list[tuple[int, ...]]:
    """Runs of non-blank header cells separated by blank header cells that are blank in the data too."""
    headers = grid.cells[header_index]
    below = grid.cells[header_index + 1: header_index + 60]
    groups: list[list[int]] = []
    current: list[int] = []
    for c, h in enumerate(headers):
        if h.strip():
            current.append(c)
            continue
        column_used = any(c < len(r) and r[c].strip() for r in below)
        merged_into = any(m[0] <= header_index <= m[2] and m[1] < c <= m[3] for m in grid.merged)
        if merged_into or (column_used and current):
            current.append(c)  # unnamed column inside a table, or the tail of a merged header
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [tuple(g) for g in groups]


def _synonym_flags(frame: pd.DataFrame) -> pd.Series:
    """Per row: how many cells are exact header synonyms."""
    all_syns = {s for syns in _synonyms().values() for s in syns}
    def is_syn(v: str) -> bool:  # part numbers and item texts with digits are never header cells
        return bool(v) and len(v) <= 60 and _DIGIT.search(v) is None and norm_header(v) in all_syns
    if frame.shape[1] == 0:
        return pd.Series(np.zeros(len(frame), dtype=np.int64), index=frame.index)
    counts = np.zeros(len(frame), dtype=np.int64)
    for c in range(frame.shape[1]):
        counts += map_unique(frame.iloc[:, c], is_syn).to_numpy(dtype=bool)
    return pd.Series(counts, index=frame.index)


def _synonym_counts(factors: list[tuple[np.ndarray, np.ndarray]], columns: list[int], n: int) -> np.ndarray:
    """:func:`_synonym_flags` from the reader's factorised columns (no second pass over the cells)."""
    all_syns = {s for syns in _synonyms().values() for s in syns}
    counts = np.zeros(n, dtype=np.int64)
    for c in columns:
        codes, uniques = factors[c]
        flags = np.array([bool(v) and len(v) <= 60 and _DIGIT.search(v) is None and norm_header(v) in all_syns
                          for v in uniques], dtype=bool)
        counts += flags[codes]
    return counts


def walk_rows(grid: Grid, layout: Layout, frame: pd.DataFrame) -> RowPlan:
    """Classify every row below the header: imported, skipped (with a reason) or blank.

    Rows that are plainly BOM items under the current column mapping (more than three table cells filled, a
    part number or description, not header-like, not an alternate) are found with array operations and
    imported in bulk; the remaining rows go through :func:`_classify` one by one, in source order, exactly as
    a row-by-row walk would.
    """
    plan = RowPlan()
    table = list(layout.table_columns)
    arr = frame.to_numpy(dtype=object)
    if arr.size and grid.factors is not None and len(grid.factors) == arr.shape[1]:
        filled: np.ndarray = np.empty(arr.shape, dtype=bool)  # ``arr != ""`` from the factorised columns
        for c, (codes, cleaned) in enumerate(grid.factors):
            filled[:, c] = (cleaned != "")[codes]
    else:
        filled = arr != "" if arr.size else np.zeros(arr.shape, dtype=bool)
    nonempty = filled[:, table].sum(axis=1) if table else filled.sum(axis=1)
    any_cell: np.ndarray = filled.any(axis=1)  # type: ignore[assignment]  # 2-D input: always an array
    if grid.factors is not None and len(grid.factors) == arr.shape[1]:
        syn_count = _synonym_counts(grid.factors, table or list(range(arr.shape[1])), len(arr))
    else:
        sub = frame.iloc[:, table] if table else frame
        syn_count = _synonym_flags(sub).to_numpy()
    mapping = dict(layout.columns)
    plan.mappings.append(mapping)
    header_fields = frozenset(mapping)
    merged_top = _merged_tops(grid, layout)
    n = len(frame)
    state = _WalkState()
    i = layout.header_index + 1
    while i < n:
        simple = _plain_items(arr, filled, i, mapping, any_cell, nonempty, syn_count, merged_top)
        pos = i
        restarted = False
        for j in (np.flatnonzero(~simple) + i).tolist():
            if j > pos:
                _import_run(plan, state, pos, j)
            pos = j + 1
            if _walk_one(grid, arr, j, plan, state, nonempty, any_cell, syn_count, header_fields, merged_top):
                mapping = plan.mappings[-1]  # a repeated header started a new section
                i = j + 1
                restarted = True
                break
        if not restarted:
            if pos < n:
                _import_run(plan, state, pos, n)
            break
    _skip_charges(plan, arr)
    return plan


def _skip_charges(plan: RowPlan, arr: Any) -> None:
    """Order lists (web shops) end with shipping, tax and discount lines: they are charges, not parts.

    Only a line without a part number whose whole description is such a charge ("Shipping", "Tax 8%",
    "送料 (ヤマト)") is skipped; "Delivery tube" stays a part. Each distinct text is tested once.
    """
    if not plan.imported:
        return
    rows = np.asarray(plan.imported, dtype=np.intp)
    groups = np.asarray(plan.mapping_of, dtype=np.intp)
    charge = np.zeros(len(rows), dtype=bool)
    width = arr.shape[1]
    for g, mapping in enumerate(plan.mappings):
        col = mapping.get("description") or mapping.get("name")
        if col is None or col[0] >= width:
            continue
        idx = np.flatnonzero(groups == g)
        texts = arr[rows[idx], col[0]]
        candidate = texts != ""
        pn = mapping.get("part_number")
        if pn is not None and pn[0] < width:
            candidate &= arr[rows[idx], pn[0]] == ""
        if not candidate.any():
            continue
        hits = {t for t in set(texts[candidate].tolist()) if _CHARGE.match(t)}
        if hits:
            charge[idx[candidate]] = [t in hits for t in texts[candidate].tolist()]
    if not charge.any():
        return
    for i in rows[charge].tolist():
        plan.skipped.append((i, "charge", _row_text(list(arr[i]))))
    plan.skipped.sort(key=lambda t: t[0])
    plan.imported = rows[~charge].tolist()
    plan.mapping_of = groups[~charge].tolist()


@dataclass
class _WalkState:
    last_imported: int = -1


def _import_run(plan: RowPlan, state: _WalkState, start: int, stop: int) -> None:
    """Import grid rows ``start`` … ``stop - 1`` (all plain items) under the current mapping."""
    plan.imported.extend(range(start, stop))
    plan.mapping_of.extend([len(plan.mappings) - 1] * (stop - start))
    state.last_imported = stop - 1
    plan.last = stop - 1


def _plain_items(arr: Any, filled: np.ndarray, start: int, mapping: Mapping[str, tuple[int, float]],
                 any_cell: np.ndarray, nonempty: np.ndarray, syn_count: np.ndarray,
                 merged_top: Mapping[int, int]) -> np.ndarray:
    """For rows ``start`` … end: True where :func:`_walk_one` would certainly import the row as it is."""
    width = arr.shape[1]
    count = len(arr) - start

    def has(fld: str) -> np.ndarray:
        col = mapping.get(fld)
        if col is None or col[0] >= width:
            return np.zeros(count, dtype=bool)
        return filled[start:, col[0]]

    desc = has("description") | has("name") | has("specification") | has("category") | has("mpn")
    item_like = has("part_number") | desc
    maybe_alternate = ~has("quantity") & ~has(ITEM) & has("notes")
    simple = any_cell[start:] & (nonempty[start:] > 3) & (syn_count[start:] < 2) & item_like & ~maybe_alternate
    for r in merged_top:
        if r >= start:
            simple[r - start] = False
    return simple


def _walk_one(grid: Grid, arr: Any, i: int, plan: RowPlan, state: _WalkState, nonempty: np.ndarray,
              any_cell: np.ndarray, syn_count: np.ndarray, header_fields: frozenset[str],
              merged_top: Mapping[int, int]) -> bool:
    """Classify one row (the row-by-row walk). Returns True when the row starts a new section."""
    mapping = plan.mappings[-1]
    if not any_cell[i]:
        plan.blank.append(i)
        return False
    row = list(arr[i]) if nonempty[i] <= 3 else None
    if nonempty[i] == 0:
        plan.side_rows.append(i)
        plan.skipped.append((i, "outside_table", _row_text(list(arr[i]))))
        plan.last = i
        return False
    if syn_count[i] >= 2:
        score, _ = header_score(list(arr[i]))
        if score >= 1.5:
            new_layout = make_layout(grid, i)
            new_mapping = dict(new_layout.columns)
            if set(new_mapping) >= {"quantity"} or new_mapping.keys() & header_fields:
                plan.mappings.append(new_mapping)
                plan.skipped.append((i, "repeated_header", _row_text(list(arr[i]))))
                plan.last = i
                return True
    code, detail = _classify(arr, i, row, mapping, nonempty[i], merged_top, state.last_imported, grid)
    plan.last = i
    if code:
        plan.skipped.append((i, code, detail))
        return False
    plan.imported.append(i)
    plan.mapping_of.append(len(plan.mappings) - 1)
    state.last_imported = i
    return False


def _row_text(row: list[str], limit: int = 80) -> str:
    text = " | ".join(v for v in row if v)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _merged_tops(grid: Grid, layout: Layout) -> dict[int, int]:
    """Grid rows covered (below the first row) by a vertical merge in an item/quantity/reference column."""
    key_cols = {layout.columns[f][0] for f in (ITEM, "quantity", "reference", "part_number")
                if f in layout.columns}
    tops: dict[int, int] = {}
    for r0, c0, r1, c1 in grid.merged:
        if r1 > r0 and r0 > layout.header_index and any(c0 <= c <= c1 for c in key_cols):
            for r in range(r0 + 1, r1 + 1):
                tops[r] = r0
    return tops


def _cell(arr: Any, i: int, mapping: Mapping[str, tuple[int, float]], fld: str) -> str:
    col = mapping.get(fld)
    return arr[i, col[0]] if col is not None and col[0] < arr.shape[1] else ""


def _classify(arr: Any, i: int, row: list[str] | None, mapping: Mapping[str, tuple[int, float]],
              nonempty: int, merged_top: Mapping[int, int], last_imported: int, grid: Grid) -> tuple[str, str]:
    """Return ("", "") to import the row, else (skip code, detail)."""
    pn = _cell(arr, i, mapping, "part_number")
    desc = (_cell(arr, i, mapping, "description") or _cell(arr, i, mapping, "name")
            or _cell(arr, i, mapping, "specification") or _cell(arr, i, mapping, "category")
            or _cell(arr, i, mapping, "mpn"))
    qty = _cell(arr, i, mapping, "quantity")
    item = _cell(arr, i, mapping, ITEM)
    if row is not None and nonempty <= 3:
        texts = [v for v in row if v]
        first = texts[0] if texts else ""
        keyword_only = not (pn and not _TOTAL.match(pn) and not _SUBTOTAL.match(pn))
        if any(_TOTAL.match(t) for t in texts) and keyword_only:
            return "total", _row_text(row)
        if any(_SUBTOTAL.match(t) for t in texts) and keyword_only:
            return "subtotal", _row_text(row)
        if _NOTE.match(first) and nonempty <= 2:
            return "note", _row_text(row)
        if len(texts) <= 2 and norm_header(first) in _META_KEYS and not qty:
            return "metadata", _row_text(row)
        if len(texts) == 1 and not is_number_text(first):
            if first.rstrip().endswith((":", "：")) or _next_is_header(arr, i):
                return "section_title", first
    if i in merged_top and not qty and not item:
        return "alternate", f"alternate for row {grid.source_row(merged_top[i])}"
    notes = _cell(arr, i, mapping, "notes")
    if not qty and not item and notes and _ALTERNATE.search(notes) and last_imported >= 0:
        return "alternate", f"alternate for row {grid.source_row(last_imported)}"
    if not pn and not desc:
        cells = [v for v in (row if row is not None else list(arr[i])) if v]
        if cells and all(is_number_text(v) for v in cells) and len(cells) >= 1 and not item:
            return "subtotal", " | ".join(cells)
        return "no_item", _row_text(list(arr[i]))
    return "", ""


def _next_is_header(arr: Any, i: int) -> bool:
    for j in range(i + 1, min(i + 4, arr.shape[0])):
        texts = list(arr[j])
        if any(texts):
            return header_score(texts)[0] >= 1.5
    return False
