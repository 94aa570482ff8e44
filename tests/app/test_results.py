"""One read model: a live assessment and the same assessment reopened from its saved document answer alike."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.app.document import build_document
from desktop.app.results import READ_ONLY, Results
from desktop.i18n import translation_for


@pytest.fixture
def both(assessed) -> tuple[Results, Results]:
    assessment, options = assessed
    # through JSON text, as a reopened file would be
    document = json.loads(json.dumps(build_document(assessment, options, None, "en"), default=str))
    return Results.live(assessment), Results.stored(document)


def test_summary_figures_are_the_same_live_and_stored(both) -> None:
    live, stored = both
    a, b = live.summary(), stored.summary()
    for field in ("tier", "parts_total", "parts_with_ree", "parts_unclassified", "controlled"):
        assert getattr(a, field) == getattr(b, field), field
    assert a.score == pytest.approx(b.score) and a.grams_per_unit == pytest.approx(b.grams_per_unit)
    assert (a.tier, a.parts_total, a.parts_with_ree, a.parts_unclassified) == ("medium", 4, 2, 1)
    assert a.verdict and not b.verdict                    # the verdict is not stored
    assert [m.msgid for m in b.messages] == [READ_ONLY]   # stored results say they are read only


def test_settings_and_kind(both) -> None:
    live, stored = both
    assert live.is_live and not stored.is_live
    assert live.as_of == stored.as_of == dt.date(2026, 1, 15)
    assert live.scenario == stored.scenario == "baseline"
    assert live.parts_total == stored.parts_total == 4


def test_parts_are_the_same_live_and_stored(both) -> None:
    live, stored = both
    tr = translation_for("en")
    for index in range(4):
        a, b = live.part(index, tr), stored.part(index, tr)
        assert a is not None and b is not None
        for key in ("part_number", "mpn", "classes", "tier", "confidence", "method"):
            assert a[key] == b[key], (index, key)
        assert a["score"] == (None if b["score"] is None else pytest.approx(b["score"]))
        assert set(a["elements"]) == set(b["elements"])
    assert live.part(3, tr)["tier"] == "unclassified" and live.part(3, tr)["score"] is None   # unknown, not 0
    assert live.part(4, tr) is None and stored.part(4, tr) is None and stored.part(-1, tr) is None


def test_parts_frames_agree(both) -> None:
    live, stored = both
    a, b = live.frame(), stored.frame()
    assert list(a.columns) == list(b.columns) and len(a) == len(b) == 4
    for column in ("index", "part_number", "tier", "class_id", "has_ree", "elements"):
        assert a[column].tolist() == b[column].tolist(), column
    judged = a["tier"] != "unclassified"      # an unclassified part's score is shown as "–" either way
    assert a["score"][judged].tolist() == pytest.approx(b["score"][judged].tolist())
    assert a.loc[0, "grams"] == pytest.approx(b.loc[0, "grams"])


def test_a_stored_document_without_a_readable_date_has_none(assessed) -> None:
    assessment, options = assessed
    document = build_document(assessment, options, None)
    document["as_of"], document["scenario"] = None, None
    results = Results.stored(document)
    assert results.as_of is None and results.scenario is None


def test_exactly_one_source() -> None:
    with pytest.raises(ValueError):
        Results()


def test_the_committed_v1_document_reads(tmp_path: Path) -> None:
    from desktop.app.document import load_document

    data = load_document(Path(__file__).resolve().parents[1] / "data" / "app" / "saved_v1.reerisk", heal=False)
    figures = Results.stored(data).summary()
    assert (figures.tier, figures.parts_total, figures.controlled) == ("medium", 4, ("Tb", "Dy"))   # as saved
    assert figures.parts_total == len(Results.stored(data).frame())
