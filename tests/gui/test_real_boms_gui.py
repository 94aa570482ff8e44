"""Every real BOM in ../shared/real_boms opens in the app through the wizard, and its parts can be inspected."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop.gui.session import Stage
from tests.conftest import real_bom_names


@pytest.mark.realbom
@pytest.mark.parametrize("name", real_bom_names())
def test_real_bom_through_the_wizard(window, qtbot, real_boms_dir: Path, name: str, message_boxes) -> None:
    window.open_path(str(real_boms_dir / name))
    wizard = window.wizard
    assert wizard is not None, message_boxes.texts()
    qtbot.waitUntil(lambda: wizard.result is not None and not wizard.busy(), timeout=30_000)
    wizard.next_button.click()
    wizard.next_button.click()
    with qtbot.waitSignal(window.session.changed, timeout=60_000, check_params_cb=lambda s: s == Stage.SCORED):
        wizard.import_button.click()
    assessment = window.session.assessment
    assert assessment is not None and not message_boxes.shown
    page = window.assessment_page
    assert page.model.rowCount() == assessment.summary.parts_total > 0
    # The detail panel explains the riskiest part.
    scores = [ps.score for ps in assessment.part_scores]
    best = max(range(len(scores)), key=scores.__getitem__)
    page.table.selectRow(page.proxy.mapFromSource(page.model.index(best, 0)).row())
    part = page.detail.part()
    assert part is not None
    # an unclassified part has no score (unknown, never 0), as in the saved results
    unclassified = assessment.part_scores[best].tier == "unclassified"
    assert part["score"] == (None if unclassified else pytest.approx(scores[best]))
    if scores[best] > 0:
        assert part["factors"] and part["evidence"]
