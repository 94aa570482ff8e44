"""Scoring walks each distinct mapping object once (``PartScores.distinct_mappings`` and ``mapping_codes``), not
each row: the summary's counts and the recommendations' part counts must be those a row-by-row count gives, in
the same order, on a BOM whose rows repeat mapping objects out of order."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter

import pytest
from scoring_fixtures import mapped_table, mapping, unjudged

from desktop.core.knowledge import default_knowledge
from desktop.core.scoring import ScoringConfig, score
from desktop.core.types import TIERS
from desktop.i18n import translation_for

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def assessed():
    sintered = mapping({"Nd": 5.0, "Dy": 0.5})
    bonded = mapping({"Nd": 2.0}, classes=("ndfeb_bonded_magnet",), confidence="low")
    smco = mapping({"Sm": 1.0}, classes=("smco_magnet",))
    free = mapping({}, classes=(), method="library", rare_earth_free=True)
    unknown = unjudged()
    # Rows repeat each object, interleaved; bonded and smco reach the same number of scored rows (a tie decided
    # by first appearance), and two sintered rows are not fitted (quantity 0: tier none, not counted).
    order = [(bonded, "2"), (sintered, "1"), (free, "3"), (smco, "1"), (sintered, "0"), (unknown, "1"),
             (bonded, "1"), (smco, "4"), (sintered, "2"), (free, "1"), (unknown, "2"), (sintered, "0"),
             (bonded, "1"), (smco, "1"), (sintered, "5")]
    rows = [({"part_number": f"P{i}", "description": "part", "quantity": qty, "country": "CN"}, mp)
            for i, (mp, qty) in enumerate(order)]
    return score(mapped_table(rows), default_knowledge(), AS_OF)


def test_distinct_mappings_are_the_rows_objects_in_order_of_first_appearance(assessed):
    mappings = assessed.mapped.mappings
    scores = assessed.part_scores
    assert [scores.distinct_mappings[k] for k in scores.mapping_codes.tolist()] == list(mappings)
    assert all(a is b for a, b in zip((scores.distinct_mappings[k] for k in scores.mapping_codes.tolist()),
                                      mappings, strict=True))
    first_seen = list({id(mp): mp for mp in mappings}.values())
    assert [id(mp) for mp in scores.distinct_mappings] == [id(mp) for mp in first_seen]


def test_counts_are_row_by_row_counts(assessed):
    tiers = [str(t) for t in assessed.part_scores.tier]
    assert assessed.summary.tier_counts == {t: Counter(tiers)[t] for t in TIERS}
    assert assessed.summary.parts_unclassified == tiers.count("unclassified") == 2
    # The recommendations' class counts: scored rows of rare-earth mappings by first class, counted row by row.
    expected: Counter[str] = Counter()
    for mp, tier in zip(assessed.mapped.mappings, tiers, strict=True):
        if tier != "none" and mp.has_ree:
            expected[mp.classes[0]] += 1
    assert expected == {"ndfeb_sintered_magnet": 3, "ndfeb_bonded_magnet": 3, "smco_magnet": 3}
    tr = translation_for("en")
    substitutes = [r for r in assessed.recommendations if r.kind == "substitute"]
    counted = [(r.classes[0], int(re.search(r"\(parts: (\d+)\)", r.text.render(tr)).group(1)))
               for r in substitutes]
    assert dict(counted) == dict(expected)
    # equal counts keep the order in which the classes first appear among the scored rows (bonded, sintered,
    # smco), within each priority (the list is sorted by priority, stably)
    priority = {r.classes[0]: r.priority for r in substitutes}
    first_seen = ["ndfeb_bonded_magnet", "ndfeb_sintered_magnet", "smco_magnet"]
    assert [c for c, _n in counted] == sorted(first_seen, key=priority.__getitem__)
    engage = [r for r in assessed.recommendations if r.kind == "engage"]
    assert any("2 unclassified parts" in r.text.render(tr) for r in engage)


@pytest.mark.parametrize("grams", [(0.0, None, 1.0), (None, 0.0, 2.0), (None, 0.0, 0.0), (None, 0.0, None),
                                   (0.0, 0.0, 0.0), (None, None, 0.0), (0.0, None, None)])
@pytest.mark.parametrize("others", [{}, {"Dy": (0.5, 0.2, 0.8)}, {"Tb": (None, None, None)}])
def test_mappings_that_differ_only_in_the_sign_of_a_zero_evaluate_alike(grams, others):
    """The evaluator shares one result between mappings of equal content, and 0.0 == -0.0: so a zero of either
    sign must give the same result, to the bit."""
    from desktop.core.scoring.parts import _Evaluator
    from desktop.core.types import ElementGrams

    kb = default_knowledge()

    def risk(sign: float):
        nd = ElementGrams(*(math.copysign(0.0, sign) if g == 0 else g for g in grams))   # only zeros flip
        elements = {"Nd": nd, **{s: ElementGrams(*v) for s, v in others.items()}}
        mp = mapping({}, classes=("ndfeb_sintered_magnet",))
        mp = type(mp)(classes=mp.classes, elements=elements, confidence="medium", evidence=(), method="keyword")
        fresh = _Evaluator(kb, {s: 50.0 + i for i, s in enumerate(kb.elements)}, {"Dy": True, "Tb": True},
                           ScoringConfig(), frozenset())
        return fresh(mp)

    assert repr(risk(1.0)) == repr(risk(-1.0))   # repr tells -0.0 from 0.0


def test_a_figure_that_cannot_be_hashed_is_evaluated_and_written_on_its_own():
    """The shared evaluations and element lists are keyed by the figures; a figure of the wrong type that cannot
    be hashed (a list) must neither fail nor be shared: it counts as unknown, as it did before the sharing."""
    from desktop.core.report.json_out import assessment_to_json, iter_json
    from desktop.core.types import ElementGrams

    odd = mapping({"Nd": 1.0})
    odd = type(odd)(classes=odd.classes, elements={"Nd": ElementGrams([1.0], None, None)},  # type: ignore[arg-type]
                    confidence="medium", evidence=(), method="keyword")
    plain = mapping({"Nd": None})
    a = score(mapped_table([({"part_number": "A", "description": "magnet"}, odd),
                            ({"part_number": "B", "description": "magnet"}, plain)]), default_knowledge(), AS_OF)
    assert a.part_scores[0] == a.part_scores[1]        # an unusable figure is an unknown one
    doc = assessment_to_json(a)
    assert doc["parts"][0]["elements"] == doc["parts"][1]["elements"] == \
        {"Nd": {"grams": None, "grams_low": None, "grams_high": None}}
    for indent in (None, 1):
        assert "".join(iter_json(a, indent=indent)) == json.dumps(doc, ensure_ascii=False, indent=indent)
