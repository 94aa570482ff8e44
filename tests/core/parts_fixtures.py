"""ImportResult objects built directly, so mapping and scoring tests do not depend on the importer."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from desktop.core.types import PART_COLUMNS, ColumnChoice, ImportResult

NUMERIC = {"depth", "quantity", "extended_quantity", "unit_weight_g"}


def make_import(rows: Iterable[Mapping[str, Any]], columns: Mapping[str, ColumnChoice] | None = None,
                path: str = "test.xlsx") -> ImportResult:
    """A parts table with PART_COLUMNS: missing text cells None, numbers NaN; quantity 1 unless given,
    extended quantity = quantity unless given; rows numbered from 2 (below a header on row 1)."""
    records = []
    for i, r in enumerate(rows, start=2):
        rec: dict[str, Any] = {c: (math.nan if c in NUMERIC else None) for c in PART_COLUMNS}
        rec.update(row=i, description="", quantity=1.0)
        rec.update({k: v for k, v in r.items() if v is not None or k not in NUMERIC})
        if "extended_quantity" not in r or r["extended_quantity"] is None:
            rec["extended_quantity"] = rec["quantity"]
        records.append(rec)
    parts = pd.DataFrame(records, columns=list(PART_COLUMNS))
    return ImportResult(path=path, file_format="xlsx", sheet="Sheet1", sheets=("Sheet1",), header_row=1,
                        headers=("Description",), columns=dict(columns or {}), parts=parts, raw_rows=(),
                        rows_total=len(records), skipped=())
