"""Mapping without a part library groups equal rows in C (``mapper._map_groups``); with one it walks the rows
(``mapper._map_rows``). Both must give the same mappings, shared alike, and honour Cancel."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from desktop.core.errors import Cancelled
from desktop.core.knowledge import default_knowledge
from desktop.core.mapping import map_parts
from desktop.core.mapping.library import PartLibrary
from desktop.core.pipeline import import_stage
from desktop.paths import resource


@pytest.fixture(scope="module")
def imported():
    """The sample, repeated three times, with weights, HS codes and notes that are equal in different ways."""
    base = import_stage(resource("samples", "sample_bom_ja.xlsx"))
    parts = pd.concat([base.parts] * 3, ignore_index=True)
    n = len(parts)
    weights = [None, float("nan"), 0.0, -0.0, 1, 1.0, True, "2", "abc", 2.5, float("inf"), -3, pd.NA, 12.0]
    parts["unit_weight_g"] = pd.Series([weights[i % len(weights)] for i in range(n)], dtype=object)
    parts["hs_code"] = pd.Series([[None, "8505.11", "850511", float("nan")][i % 4] for i in range(n)], dtype=object)
    parts["notes"] = pd.Series([[None, "", "magnet", 1][i % 4] for i in range(n)], dtype=object)
    return dataclasses.replace(base, parts=parts)


def _unmatched_library() -> PartLibrary:
    library = PartLibrary()
    library.set_override(part_number="NO-SUCH-PART-0001", rare_earth_free=True, note="never in the BOM")
    assert library
    return library


def test_grouped_rows_map_as_row_by_row(imported):
    kb = default_knowledge()
    grouped = map_parts(imported, kb)
    by_row = map_parts(imported, kb, _unmatched_library())
    assert grouped.mappings == by_row.mappings
    assert grouped.warnings == by_row.warnings
    sharing = [pd.factorize(np.array([id(m) for m in t.mappings]))[0] for t in (grouped, by_row)]
    assert (sharing[0] == sharing[1]).all()          # equal rows share one mapping object in both
    assert len(set(map(id, grouped.mappings))) < len(grouped.mappings)


class _CancelAfter:
    def __init__(self, checks: int) -> None:
        self.left = checks

    def update(self, fraction: float, message: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        self.left -= 1
        return self.left < 0


@pytest.mark.parametrize("checks", [0, 5, 20, 40])
def test_cancel_stops_grouped_mapping(imported, checks: int):
    with pytest.raises(Cancelled):
        map_parts(imported, default_knowledge(), progress=_CancelAfter(checks))


def test_groups_number_rows_by_first_appearance():
    """``_groups`` finds each group's first row in one pass when the key is numbered in order of first appearance,
    and by sorting otherwise; both must give what sorting gives (first row of group 0, 1, 2 …)."""
    import numpy as np

    from desktop.core.mapping.mapper import _groups

    rng = np.random.default_rng(7)
    pool = ["a", "b", None, "c", "Ω", "a "]
    cases = [
        [[pool[i] for i in rng.integers(0, len(pool), 500)], [pool[i] for i in rng.integers(0, 3, 500)]],
        [np.array([3, 1, 3, 2, 0, 1], dtype=np.int64)],                         # codes not in first-appearance order
        [np.array([3, 1, 3, 2, 0, 1], dtype=np.int64), [None] * 6],               # … renumbered by an empty column
        [np.array([0, 1, 0, 2], dtype=np.int64), ["x", "y", "x", float("nan")]],
        [[None] * 4], [["same"] * 3, [None] * 3],
    ]
    for columns in cases:
        key, firsts = _groups(columns, None)
        assert firsts == np.unique(key, return_index=True)[1].tolist(), columns
        for a in range(len(key)):   # rows share a group exactly when they are equal in every column
            for b in (0, len(key) // 2, len(key) - 1):
                same = all((c[a] == c[b]) if not isinstance(c, list) else (c[a] is c[b] or c[a] == c[b])
                           for c in columns)
                assert (key[a] == key[b]) == same, (columns, a, b)
