"""Turn the imported rows into the canonical parts table (PART_COLUMNS), vectorised with pandas."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from desktop.core.importing.content import (
    is_date,
    is_designator_list,
    is_placeholder,
    is_placeholder_or_link,
    is_price,
    is_url,
)
from desktop.core.importing.countries import country_normaliser
from desktop.core.importing.layout import RowPlan
from desktop.core.importing.readers import Grid
from desktop.core.importing.synonyms import is_non_part, is_package
from desktop.core.importing.values import (
    factor_values,
    hs_digits,
    is_number_text,
    keep_text,
    map_codes,
    map_unique,
    negative_as_unknown,
    normalise_unit,
    quantity_series,
    split_quantity,
    text_series,
    weight_to_grams,
    weight_unit_from_header,
)
from desktop.core.types import PART_COLUMNS, Message, msg
from desktop.i18n import N_


def _is_placeholder(value: object) -> bool:
    """A description cell that says nothing about the part: "Link", "-", "N/A", a bare URL."""
    text = str(value).strip()
    return not text or is_placeholder_or_link(text)


_TEXT_FIELDS = ("part_number", "description", "name", "specification", "category", "material", "manufacturer",
                "mpn", "supplier", "declared_ree", "reference", "notes")
_OUTLINE = re.compile(r"^\d+(?:\.\d+)+$")
_DOTTED = re.compile(r"^(\.+)\s*(\d*)$")


def build_parts(grid: Grid, frame: pd.DataFrame, plan: RowPlan, headers: list[str],
                table_columns: tuple[int, ...] = ()) -> tuple[pd.DataFrame, bool, list[Message]]:
    """Assemble PART_COLUMNS for the imported rows.

    Args:
        table_columns: the table's columns; those mapped to no field feed ``other_text``.

    Returns:
        (parts, multi_level, warnings)
    """
    warnings: list[Message] = []
    rows = np.asarray(plan.imported, dtype=np.intp)
    groups = np.asarray(plan.mapping_of, dtype=np.intp)
    n = len(rows)
    fields = set().union(*(m.keys() for m in plan.mappings)) if plan.mappings else set()
    coded: dict[tuple[str, bool], tuple[np.ndarray, np.ndarray]] = {}

    def raw_values(fld: str) -> np.ndarray:
        """The cleaned cell text of ``fld`` for every imported row ("" where its section has no such column)."""
        values = np.full(n, "", dtype=object)
        for g, mapping in enumerate(plan.mappings):
            if fld not in mapping:
                continue
            mask = groups == g
            if mask.any():
                values[mask] = frame.iloc[rows[mask], mapping[fld][0]].to_numpy(dtype=object)
        return values

    def shown_values(fld: str) -> np.ndarray:
        """The cell text of ``fld`` as the sheet shows it (not NFKC-cleaned), for every imported row."""
        display = grid.display_array()
        values = np.full(n, "", dtype=object)
        for g, mapping in enumerate(plan.mappings):
            if fld not in mapping:
                continue
            mask = groups == g
            c = mapping[fld][0]
            if mask.any() and c < display.shape[1]:
                values[mask] = display[rows[mask], c]
        return values

    def single_column(fld: str) -> int | None:
        """The sheet column that feeds ``fld`` in every imported row, if one does."""
        cols = {m[fld][0] for m in plan.mappings if fld in m}
        if n and len(cols) == 1 and all(fld in m for m in plan.mappings):
            return next(iter(cols))
        return None

    def codes_of(fld: str, text: bool) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, table)`` for ``fld`` over the imported rows: ``table[codes]`` is the cleaned cell text
        (``text=False``), or (``text=True``) the cell text as the sheet shows it, trimmed
        (:func:`~.values.keep_text`, "" → None): the user's own text, never the NFKC-cleaned one.

        When one sheet column feeds every row, the reader's factorised column is reused (no pass over the
        cells: its codes index both the cleaned and the shown texts); otherwise the column is factorised once
        here. Every derived column (quantities, units, countries, weights, HS codes, levels) is computed once
        per distinct value and mapped back by code.
        """
        key = (fld, text)
        if key in coded:
            return coded[key]
        c = single_column(fld)
        factors, shown = grid.factors, grid.shown
        if text:
            if c is not None and factors is not None and shown is not None and c < len(shown):
                codes, table = factors[c][0][rows], shown[c]
            else:
                codes, table = factor_values(shown_values(fld))
            texts_table = np.empty(len(table), dtype=object)
            texts_table[:] = [(keep_text(v) if isinstance(v, str) else "") or None for v in table]
            coded[key] = (codes, texts_table)
        elif c is not None and factors is not None and c < len(factors):
            col_codes, cleaned = factors[c]
            coded[key] = (col_codes[rows], cleaned)
        else:
            coded[key] = factor_values(raw_values(fld))
        return coded[key]

    def texts(fld: str) -> pd.Series:
        """``text_series`` of the field's cleaned cells: cleaned text, empty → None."""
        if not n:
            return text_series(pd.Series(raw_values(fld), dtype=object))
        codes, table = codes_of(fld, True)
        return pd.Series(table[codes], dtype=object)

    def derived(fld: str, func: Callable[[Any], Any], text: bool) -> pd.Series:
        """``map_unique(texts(fld) if text else cleaned cells, func)``, one call per distinct value."""
        if not n:
            series = texts(fld) if text else pd.Series(raw_values(fld), dtype=object)
            return map_unique(series, func)
        return map_codes(*codes_of(fld, text), func)

    source_rows = rows + 1 if grid.row_numbers is None else np.asarray(grid.row_numbers, dtype="int64")[rows]
    out: dict[str, pd.Series] = {"row": pd.Series(source_rows, dtype="int64")}
    for fld in _TEXT_FIELDS:
        out[fld] = texts(fld) if fld in fields else pd.Series([None] * n, dtype=object)
    # description: the main text shown to users. When it is empty or only a placeholder (a hyperlink label
    # such as "Link", "-", "N/A"), show the part's name, specification and category instead, else its MPN.
    desc = out["description"]
    # one test per distinct description (a 100k-row BOM repeats a few thousand texts); a missing cell counts
    placeholder = map_unique(desc, lambda v: v is None or v is pd.NA or (isinstance(v, float) and v != v)
                             or _is_placeholder(v))
    placeholder = placeholder.astype(bool)
    if placeholder.any():
        idx = np.flatnonzero(placeholder.to_numpy())
        others = [out[f].to_numpy(dtype=object) for f in ("name", "specification", "category")]
        mpn = out["mpn"].to_numpy(dtype=object)
        values = desc.to_numpy(dtype=object).copy()
        for i in idx:
            parts = [v for v in (o[i] for o in others) if v is not None and not _is_placeholder(v)]
            if parts:
                values[i] = " / ".join(dict.fromkeys(parts))
            elif mpn[i] is not None:
                values[i] = mpn[i]
        desc = pd.Series(values, dtype=object)
    out["description"] = desc.fillna("").astype(object)

    qty_text = texts("quantity")
    quantity, qty_unit = _quantities(qty_text, codes_of("quantity", True) if n else None)
    # a negative quantity is never used (it would subtract rare earths): unknown, with its own warning
    quantity, negative, negative_warning = negative_as_unknown(quantity, out["row"], qty_text)
    if negative_warning is not None:
        warnings.append(negative_warning)
    out["quantity"] = quantity
    out["quantity_raw"] = qty_text
    unit_col = derived("unit", normalise_unit, False)
    out["unit"] = unit_col.where(unit_col.notna(), qty_unit).astype(object)

    country_raw = texts("country")
    out["country_raw"] = country_raw
    out["country"] = derived("country", country_normaliser(), True).astype(object)

    weight_header = next((headers[m["unit_weight"][0]] for m in plan.mappings if "unit_weight" in m), "")
    weight_unit = weight_unit_from_header(weight_header) if weight_header else None
    if weight_header and weight_unit is None:
        warnings.append(msg(N_("The unit-weight column \u201c{header}\u201d does not state its unit; values "
                               "without a unit were read as grams."), header=weight_header))
    out["unit_weight_g"] = derived("unit_weight", lambda v: weight_to_grams(v, weight_unit or "g"),
                                   True).astype("float64")
    out["hs_code"] = derived("hs_code", hs_digits, False).astype(object)

    level = texts("level")
    out["level"] = level
    depth, multi = level_depths(level, codes_of("level", True) if n else None)
    out["depth"] = depth
    if multi:
        out["extended_quantity"] = extended_quantities(depth.to_numpy(), quantity.to_numpy())
    else:
        out["extended_quantity"] = quantity.copy()
    missing = out["row"][quantity.isna().to_numpy() & ~negative].tolist()
    if missing and "quantity" in fields:
        warnings.append(Message(N_("No readable quantity on {count} row ({rows}); its quantity is left empty."),
                                {"count": len(missing), "rows": _row_list(missing)},
                                plural=N_("No readable quantity on {count} rows ({rows}); their quantity is left "
                                          "empty."), count="count"))
    elif "quantity" not in fields:
        warnings.append(msg(N_("No quantity column was found; quantities are left empty.")))
    out["other_text"] = _other_text(frame, rows, groups, plan, headers, table_columns)
    out["sheet"] = pd.Series([grid.name] * n, dtype=object)
    parts = pd.DataFrame({c: out[c] for c in PART_COLUMNS})
    parts.index = pd.RangeIndex(n)
    return parts, multi, warnings


def other_piece(text: str | None, numbers: bool = False) -> str | None:
    """The cell as part text, or None for what says nothing about the part: links, prices, pure numbers, dates,
    placeholders ("N/A") and designator lists. ``numbers``: keep pure numbers (a package column's "0805" is
    a size code)."""
    if not text:
        return None
    if (is_url(text) or is_price(text) or (is_number_text(text) and not numbers) or is_designator_list(text)
            or is_placeholder(text) or is_date(text)):
        return None
    return text


def _other_text(frame: pd.DataFrame, rows: np.ndarray, groups: np.ndarray, plan: RowPlan, headers: list[str],
                table_columns: tuple[int, ...]) -> pd.Series:
    """``Header: text`` of every table column mapped to no field, joined with " | " (None when none).

    Price and link columns ("Price", "Subtotal", "URL") are left out whole; other cells one by one
    (:func:`other_piece`). A column without a title gives its text alone.
    """
    n = len(rows)
    out = np.full(n, None, dtype=object)
    if not n or not table_columns:
        return pd.Series(out, dtype=object)
    for g, mapping in enumerate(plan.mappings):
        mask = groups == g
        if not mask.any():
            continue
        mapped = {c for c, _ in mapping.values()}
        cols = [c for c in table_columns if c not in mapped and c < frame.shape[1]
                and not (c < len(headers) and is_non_part(headers[c]))]
        idx = np.flatnonzero(mask)
        for c in cols:
            label = headers[c] if c < len(headers) else ""
            numbers = is_package(label)  # "Package: 0805", "Footprint: 1206": sizes, not counts
            values = frame.iloc[rows[idx], c].to_numpy(dtype=object)
            codes, uniques = pd.factorize(values)
            pieces = np.array([None if (p := other_piece(u, numbers)) is None else (f"{label}: {p}" if label else p)
                               for u in uniques] + [None], dtype=object)
            got = pieces[codes]  # codes == -1 (missing) picks the trailing None
            have = np.flatnonzero(np.not_equal(got, None))  # type: ignore[call-overload]  # stubs reject None
            if not len(have):
                continue
            rows_at = idx[have]
            prev = out[rows_at]
            joined = [p if q is None else f"{q} | {p}" for q, p in zip(prev.tolist(), got[have].tolist(), strict=True)]
            out[rows_at] = np.array(joined, dtype=object)
    return pd.Series(out, dtype=object)


def _row_list(rows: list[int], limit: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (", …" if len(rows) > limit else "")


def _quantities(qty_text: pd.Series, coded: tuple[np.ndarray, np.ndarray] | None) -> tuple[pd.Series, pd.Series]:
    """``quantity_series(qty_text.fillna(""))``, parsed once per distinct text when the codes are given."""
    if coded is None:
        return quantity_series(qty_text.fillna(""))
    codes, table = coded
    used = np.zeros(len(table), dtype=bool)
    used[codes] = True
    keys = np.flatnonzero(used)
    values = np.full(len(table), math.nan)
    units = np.full(len(table), None, dtype=object)
    for k in keys.tolist():
        t = table[k]
        values[k], units[k] = split_quantity(t if t is not None else "")
    return (pd.Series(values[codes], dtype="float64"), pd.Series(units[codes], dtype=object))


def level_depths(level: pd.Series, coded: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[pd.Series, bool]:
    """Depth (0-based) from a level column: integers, dotted (".1", "..2") or outline numbers ("1.2.3").

    Args:
        level: level texts (str or None), one per row.
        coded: optionally ``(codes, table)`` with ``table[codes]`` equal to ``level``; then every test and
            conversion runs once per distinct text.

    Returns:
        (depth floats, multi_level) — NaN depths and False when there is no usable level column.
    """
    n = len(level)
    nan = pd.Series(np.full(n, math.nan), dtype="float64")
    if coded is not None:
        codes, table = coded
        used = np.zeros(len(table), dtype=bool)
        used[codes] = True
        present = [v for v in table[used].tolist() if v is not None]
    else:
        present = level.dropna().tolist()
    if not present:
        return nan, False

    def by_value(func: Callable[[str | None], float]) -> pd.Series:
        out = map_codes(*coded, func) if coded is not None else map_unique(level, func)
        return out.astype("float64")

    if any(v.startswith(".") for v in present):
        def dotted(v: str | None) -> float:
            m = _DOTTED.match(v or "")
            if not m:
                return math.nan
            return float(int(m.group(2))) if m.group(2) else float(len(m.group(1)))
        depth = by_value(dotted)
    elif any(_OUTLINE.match(v) for v in present):
        def outline(v: str | None) -> float:
            v = (v or "").rstrip(".")
            return float(v.count(".")) if re.match(r"^\d+(?:\.\d+)*$", v) else math.nan
        depth = by_value(outline)
    else:
        def integer(v: str | None) -> float:
            try:
                return float(int(float(v))) if v is not None else math.nan
            except ValueError:
                return math.nan
        depth = by_value(integer)
        if depth.notna().any():
            depth = depth - depth.min()
    multi = depth.nunique(dropna=True) > 1
    return depth, bool(multi)


def extended_quantities(depth: np.ndarray, quantity: np.ndarray) -> pd.Series:
    """Product of quantities down the tree; a row's parent is the nearest previous row with a smaller depth."""
    out: list[float] = [math.nan] * len(depth)
    stack: list[tuple[float, float]] = []  # (depth, extended quantity)
    for i, (d, q) in enumerate(zip(depth.tolist(), quantity.tolist(), strict=True)):
        if math.isnan(d):
            out[i] = q * (stack[-1][1] if stack else 1.0)
            continue
        while stack and stack[-1][0] >= d:
            stack.pop()
        value = q * (stack[-1][1] if stack else 1.0)
        out[i] = value
        stack.append((d, value))
    return pd.Series(np.array(out, dtype="float64"), dtype="float64")
