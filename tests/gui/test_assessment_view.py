"""Assessment view: cards, table filters, part detail with factors, and an override that re-scores at once."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from desktop.gui.models.parts_model import COLUMN_INDEX
from desktop.gui.session import Stage
from desktop.paths import part_library_file


def _select_part(page, predicate) -> int:
    frame = page.model.frame
    index = int(next(i for i, row in frame.iterrows() if predicate(row)))
    page._select_part(index)
    return index


def test_cards_table_and_detail(loaded_window) -> None:
    win = loaded_window
    page = win.assessment_page
    a = win.session.assessment
    assert win.tabs.currentIndex() == 1 and win.tabs.isTabEnabled(2)
    assert page.model.rowCount() == a.summary.parts_total
    assert page.cards.cards[1].value.text() == f"{a.summary.parts_with_ree:,} / {a.summary.parts_total:,}"
    assert page.cards.cards[0].value.text() == {"critical": "Critical", "high": "High", "medium": "Medium",
                                                "low": "Low", "none": "None"}[a.summary.tier]
    page.only_ree.setChecked(True)
    assert page.proxy.rowCount() == a.summary.parts_with_ree
    assert f"{a.summary.parts_with_ree:,} of {a.summary.parts_total:,}" in page.count_label.text()
    page.only_ree.setChecked(False)
    page.search.setText("MG-2003")
    assert page.proxy.rowCount() == 1
    page.search.clear()

    index = _select_part(page, lambda r: r["has_ree"] and r["score"] > 0)
    html = page.detail.browser.toHtml()
    factors = a.part_scores[index].factors
    assert factors and all(f.label in html for f in factors)
    assert "Why this score" in html and "Evidence" in html
    assert page.detail.override_button.isEnabled()


def test_override_marks_rare_earth_free_and_rescores(loaded_window, qtbot) -> None:
    win = loaded_window
    page = win.assessment_page
    index = _select_part(page, lambda r: r["has_ree"] and r["score"] > 0 and r["part_number"])
    part = page.detail.part()
    before = win.session.assessment.summary.parts_with_ree
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        page.apply_override(part, {"rare_earth_free": True, "note": "supplier declaration"})
    a = win.session.assessment
    assert a.mapped.mappings[index].elements == {}
    assert a.part_scores[index].score == 0
    assert a.summary.parts_with_ree == before - 1
    stored = json.loads(part_library_file().read_text(encoding="utf-8"))
    assert stored["entries"][0]["part_number"] == part["part_number"]
    assert stored["entries"][0]["rare_earth_free"] is True
    # the table shows the new score and the panel offers to remove the correction
    qtbot.waitUntil(lambda: page.detail.remove_button.isVisibleTo(page.detail), timeout=5000)
    row = page.table.selectionModel().selectedRows()[0]
    assert page.proxy.index(row.row(), COLUMN_INDEX["score"]).data(Qt.ItemDataRole.UserRole) == 0

    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        page._remove_override()
    assert win.session.assessment.summary.parts_with_ree == before


def test_override_sets_grams(loaded_window, qtbot) -> None:
    win = loaded_window
    page = win.assessment_page
    index = _select_part(page, lambda r: not r["has_ree"] and r["part_number"])
    part = page.detail.part()
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        page.apply_override(part, {"grams": {"Dy": 2.5}, "note": ""})
    mapping = win.session.assessment.mapped.mappings[index]
    assert mapping.elements["Dy"].grams == 2.5
    assert win.session.assessment.part_scores[index].score > 0


def test_as_of_and_scenario_rescore(loaded_window, qtbot) -> None:
    import datetime as dt

    win = loaded_window
    page, bar = win.elements_page, win.scenario_bar
    win.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        bar.set_as_of(dt.date(2024, 6, 1))
    a = win.session.assessment
    assert a.as_of == dt.date(2024, 6, 1)
    status = {c.control_id: c.status for c in a.control_status}
    assert "in_force" not in {status.get(k) for k in status if "2025" in k}
    assert page.controls_table.rowCount() == len(a.control_status)
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        index = bar.scenario_combo.findData("halt-Dy")
        bar.scenario_combo.setCurrentIndex(index)
        bar.scenario_combo.activated.emit(index)      # the user's choice
    assert win.session.assessment.scenario == "halt-Dy"
    qtbot.waitUntil(lambda: page.canvases["timeline"].canvas() is not None, timeout=30_000)
    assert page.canvases["grams"].figure is not None
