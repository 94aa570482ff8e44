"""The elements table reads "(+1 part not quantified)" / "(+2 parts not quantified)"; Japanese is unchanged."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from desktop.i18n import set_language


def _grams_cells(page, assessment, unquantified: int) -> list[str]:
    elements = [dataclasses.replace(e, parts_unquantified=unquantified) for e in assessment.elements[:2]]
    page._fill_elements(SimpleNamespace(elements=elements))
    return [page.element_table.item(r, 3).text() for r in range(len(elements))]


def test_elements_page_says_one_part_and_two_parts(loaded_window) -> None:
    page, a = loaded_window.elements_page, loaded_window.session.assessment
    assert all(text.endswith(" (+1 part not quantified)") for text in _grams_cells(page, a, 1))
    assert all(text.endswith(" (+2 parts not quantified)") for text in _grams_cells(page, a, 2))
    set_language("ja")
    assert all(text.endswith(" (ほかに数量不明の部品 1 件)") for text in _grams_cells(page, a, 1))
    assert all(text.endswith(" (ほかに数量不明の部品 2 件)") for text in _grams_cells(page, a, 2))
