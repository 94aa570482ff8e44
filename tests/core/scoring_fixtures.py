"""Build ImportResult / MappedTable objects directly, so scoring tests do not depend on the importer."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from desktop.core.types import (
    PART_COLUMNS,
    ElementGrams,
    ImportResult,
    MappedTable,
    Message,
    PartMapping,
)

TEXT = {"part_number", "description", "name", "specification", "category", "material", "manufacturer", "mpn",
        "supplier", "country", "country_raw", "level", "quantity_raw", "unit", "hs_code", "declared_ree",
        "reference", "notes"}


def make_import(rows: Iterable[Mapping[str, Any]], path: str = "test.xlsx") -> ImportResult:
    records = []
    for i, r in enumerate(rows):
        rec: dict[str, Any] = {}
        for col in PART_COLUMNS:
            if col == "row":
                rec[col] = int(r.get("row", i + 2))
            elif col in TEXT:
                rec[col] = r.get(col)
            else:
                rec[col] = float(r[col]) if r.get(col) is not None else np.nan
        if np.isnan(rec["quantity"]):
            rec["quantity"] = 1.0
        if np.isnan(rec["extended_quantity"]):
            rec["extended_quantity"] = rec["quantity"]
        rec["description"] = rec["description"] or ""
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=list(PART_COLUMNS))
    return ImportResult(path=path, file_format="xlsx", sheet="BOM", sheets=("BOM",), header_row=1,
                        headers=tuple(PART_COLUMNS), columns={}, parts=df, raw_rows=(), rows_total=len(df),
                        skipped=())


def mapping(elements: Mapping[str, float | None], classes: tuple[str, ...] = ("ndfeb_sintered_magnet",),
            confidence: str = "medium") -> PartMapping:
    return PartMapping(
        classes=classes,
        elements={s: ElementGrams(g, None if g is None else g * 0.5, None if g is None else g * 1.5)
                  for s, g in elements.items()},
        confidence=confidence,
        evidence=(Message("test mapping"),),
        method="keyword" if elements else "none",
    )


def mapped_table(parts: list[tuple[Mapping[str, Any], PartMapping]]) -> MappedTable:
    imported = make_import([p for p, _ in parts])
    return MappedTable(imported=imported, mappings=tuple(m for _, m in parts))
