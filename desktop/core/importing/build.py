"""Turn the imported rows into the canonical parts table (PART_COLUMNS), vectorised with pandas."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from desktop.core.importing.countries import country_normaliser
from desktop.core.importing.layout import RowPlan
from desktop.core.importing.readers import Grid
from desktop.core.importing.values import (
    clean_text,
    hs_digits,
    map_unique,
    normalise_unit,
    quantity_series,
    text_series,
    weight_to_grams,
    weight_unit_from_header,
)
from desktop.core.types import PART_COLUMNS, Message, msg
from desktop.i18n import N_

_TEXT_FIELDS = ("part_number", "description", "name", "specification", "category", "material", "manufacturer",
                "mpn", "supplier", "declared_ree", "reference", "notes")
_OUTLINE = re.compile(r"^\d+(?:\.\d+)+$")
_DOTTED = re.compile(r"^(\.+)\s*(\d*)$")


def build_parts(grid: Grid, frame: pd.DataFrame, plan: RowPlan, headers: list[str]
                ) -> tuple[pd.DataFrame, bool, list[Message]]:
    """Assemble PART_COLUMNS for the imported rows.

    Returns:
        (parts, multi_level, warnings)
    """
    warnings: list[Message] = []
    rows = np.asarray(plan.imported, dtype=int)
    groups = np.asarray(plan.mapping_of, dtype=int)
    n = len(rows)
    raw: dict[str, pd.Series] = {}
    fields = set().union(*(m.keys() for m in plan.mappings)) if plan.mappings else set()
    for fld in fields | {"quantity", "unit", "level", "unit_weight", "hs_code", "country"}:
        values = np.full(n, "", dtype=object)
        for g, mapping in enumerate(plan.mappings):
            if fld not in mapping:
                continue
            mask = groups == g
            if mask.any():
                values[mask] = frame.iloc[rows[mask], mapping[fld][0]].to_numpy(dtype=object)
        raw[fld] = pd.Series(values, dtype=object)

    def texts(fld: str) -> pd.Series:
        """``text_series(raw[fld])``, from the reader's factorised column when one column feeds every row."""
        cols = {m[fld][0] for m in plan.mappings if fld in m}
        if grid.factors is not None and n and len(cols) == 1 and all(fld in m for m in plan.mappings):
            c = cols.pop()
            if c < len(grid.factors):
                codes, cleaned = grid.factors[c]
                table = np.empty(len(cleaned), dtype=object)
                table[:] = [clean_text(v) or None for v in cleaned]
                return pd.Series(table[codes[rows]], dtype=object)
        return text_series(raw[fld])

    source_rows = rows + 1 if grid.row_numbers is None else np.asarray(grid.row_numbers, dtype="int64")[rows]
    out: dict[str, pd.Series] = {"row": pd.Series(source_rows, dtype="int64")}
    for fld in _TEXT_FIELDS:
        out[fld] = texts(fld) if fld in raw else pd.Series([None] * n, dtype=object)
    # description: the main text shown to users; fall back to name/specification/category/mpn when empty
    desc = out["description"]
    for fb in ("name", "specification", "category", "mpn"):
        desc = desc.where(desc.notna(), out[fb])
    out["description"] = desc.fillna("").astype(object)

    qty_text = texts("quantity")
    quantity, qty_unit = quantity_series(qty_text.fillna(""))
    out["quantity"] = quantity
    out["quantity_raw"] = qty_text
    unit_col = map_unique(raw["unit"], normalise_unit) if "unit" in raw else pd.Series([None] * n, dtype=object)
    out["unit"] = unit_col.where(unit_col.notna(), qty_unit).astype(object)

    country_raw = texts("country")
    out["country_raw"] = country_raw
    out["country"] = map_unique(country_raw, country_normaliser()).astype(object)

    weight_header = next((headers[m["unit_weight"][0]] for m in plan.mappings if "unit_weight" in m), "")
    weight_unit = weight_unit_from_header(weight_header) if weight_header else None
    if weight_header and weight_unit is None:
        warnings.append(msg(N_("The unit-weight column \u201c{header}\u201d does not state its unit; values "
                               "without a unit were read as grams."), header=weight_header))
    out["unit_weight_g"] = map_unique(texts("unit_weight"),
                                      lambda v: weight_to_grams(v, weight_unit or "g")).astype("float64")
    out["hs_code"] = map_unique(raw["hs_code"], hs_digits).astype(object)

    level = texts("level")
    out["level"] = level
    depth, multi = level_depths(level)
    out["depth"] = depth
    if multi:
        out["extended_quantity"] = extended_quantities(depth.to_numpy(), quantity.to_numpy())
    else:
        out["extended_quantity"] = quantity.copy()
    missing = out["row"][quantity.isna().to_numpy()].tolist()
    if missing and "quantity" in fields:
        warnings.append(msg(N_("No readable quantity on {count} rows ({rows}); their quantity is left empty."),
                            count=len(missing), rows=_row_list(missing)))
    elif "quantity" not in fields:
        warnings.append(msg(N_("No quantity column was found; quantities are left empty.")))
    parts = pd.DataFrame({c: out[c] for c in PART_COLUMNS})
    parts.index = pd.RangeIndex(n)
    return parts, multi, warnings


def _row_list(rows: list[int], limit: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (", …" if len(rows) > limit else "")


def level_depths(level: pd.Series) -> tuple[pd.Series, bool]:
    """Depth (0-based) from a level column: integers, dotted (".1", "..2") or outline numbers ("1.2.3").

    Returns:
        (depth floats, multi_level) — NaN depths and False when there is no usable level column.
    """
    n = len(level)
    nan = pd.Series(np.full(n, math.nan), dtype="float64")
    texts = level.dropna()
    if texts.empty:
        return nan, False
    if texts.str.match(r"^\.").any():
        def dotted(v: str | None) -> float:
            m = _DOTTED.match(v or "")
            if not m:
                return math.nan
            return float(int(m.group(2))) if m.group(2) else float(len(m.group(1)))
        depth = map_unique(level, dotted).astype("float64")
    elif texts.str.match(_OUTLINE).any():
        def outline(v: str | None) -> float:
            v = (v or "").rstrip(".")
            return float(v.count(".")) if re.match(r"^\d+(?:\.\d+)*$", v) else math.nan
        depth = map_unique(level, outline).astype("float64")
    else:
        def integer(v: str | None) -> float:
            try:
                return float(int(float(v))) if v is not None else math.nan
            except ValueError:
                return math.nan
        depth = map_unique(level, integer).astype("float64")
        if depth.notna().any():
            depth = depth - depth.min()
    multi = depth.nunique(dropna=True) > 1
    return depth, bool(multi)


def extended_quantities(depth: np.ndarray, quantity: np.ndarray) -> pd.Series:
    """Product of quantities down the tree; a row's parent is the nearest previous row with a smaller depth."""
    out = np.full(len(depth), math.nan)
    stack: list[tuple[float, float]] = []  # (depth, extended quantity)
    for i, (d, q) in enumerate(zip(depth, quantity, strict=True)):
        if math.isnan(d):
            out[i] = q * (stack[-1][1] if stack else 1.0)
            continue
        while stack and stack[-1][0] >= d:
            stack.pop()
        parent = stack[-1][1] if stack else 1.0
        out[i] = q * parent
        stack.append((d, out[i]))
    return pd.Series(out, dtype="float64")
