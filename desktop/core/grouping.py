"""Grouping helpers shared by the stages (no stage of its own): rows numbered by group, first row of each group."""
from __future__ import annotations

from typing import Any


def first_of_each(codes: Any) -> Any:
    """The index of each code's first occurrence (an int array), for codes numbered 0, 1, 2 … in order of first
    appearance, as ``pandas.factorize`` numbers them: code k first occurs where the codes first exceed every code
    before, so one pass finds them all and no sort is needed. For codes numbered otherwise the result is not
    every group's first row: check it (see ``mapping.mapper._groups``)."""
    import numpy as np

    new = np.empty(len(codes), dtype=bool)
    if len(codes):
        new[0], new[1:] = True, codes[1:] > np.maximum.accumulate(codes)[:-1]
    return np.flatnonzero(new)
