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


def test_the_parts_count_reads_one_part(loaded_window) -> None:
    """"Showing 1 of 1 part": the noun follows the total (the table's own row counts stand in for a 1-part BOM)."""
    page = loaded_window.assessment_page
    total = page.model.rowCount()
    page._count()
    assert page.count_label.text().endswith(f"of {total:,} parts")
    page.model.rowCount = lambda *_args: 1
    page.proxy.rowCount = lambda *_args: 1
    page._count()
    assert page.count_label.text() == "Showing 1 of 1 part"
    set_language("ja")
    page._count()
    assert page.count_label.text() == "1 件中 1 件を表示"
