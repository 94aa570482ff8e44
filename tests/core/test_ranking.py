"""A ranking driven by quantities (issue 8 §4), the unclassified tier (issue 13), bad quantities (issue 14).

Properties P9 and P10 are in test_scoring_properties.py with the other eight; this file tests the mechanisms
behind them one by one, and the CLI's usage errors for scenarios.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scoring_fixtures import mapped_table, mapping, unjudged

from desktop.core.knowledge import default_knowledge
from desktop.core.masses import fmt_mass
from desktop.core.report.json_out import assessment_to_json
from desktop.core.scoring import ScenarioError, ScoringConfig, score
from desktop.core.types import TIER_LABELS, TIERS
from desktop.i18n import translation_for
from desktop.paths import resource

TODAY = dt.date(2026, 11, 28)
REPO = Path(__file__).resolve().parents[2]
SAMPLE = resource("samples", "sample_bom_ja.xlsx")
SCHEMA = json.loads(resource("schema", "assessment.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


def _factor(ps, name):
    return next((f for f in ps.factors if f.name == name), None)


# ------------------------------------------------------------------------------------------------ quantities

def test_white_led_never_outranks_ndfeb_motors(kb):
    """Micrograms of Y (with nanograms of Tb) in a white LED against four NdFeB motors, even when the LED's
    mapping is more confident: the motors rank first, and the LED stays in tier low."""
    led = mapping({"Y": 3e-4, "Ce": 1e-5, "Tb": 2e-10}, ("led_package_phosphor",), "high")
    motor = mapping({"Nd": 2.0, "Pr": 0.5}, ("drone_motor",), "low")
    rows = [({"part_number": "LED", "description": "LED white", "quantity": 1}, led),
            ({"part_number": "M", "description": "motor", "quantity": 4}, motor)]
    a = score(mapped_table(rows), kb, TODAY)
    led_s, motor_s = a.part_scores[0], a.part_scores[1]
    assert motor_s.score > led_s.score
    assert led_s.tier == "low"
    assert a.summary.score == motor_s.score


@pytest.mark.parametrize("scenario", ["baseline", "suspension-extended", "halt-Dy"])
def test_de_minimis_ranks_below_parts_that_hold_or_may_hold_more_whatever_the_multipliers(kb, scenario):
    """Micrograms from a Chinese supplier at high confidence still rank below a low-confidence part from
    elsewhere whose grams are material, or unknown (an unknown is never scored as safe)."""
    rows = [({"part_number": "LED", "description": "LED", "country": "CN", "quantity": 1000},
             mapping({"Y": 9e-4, "Eu": 1e-5}, ("led_package_phosphor",), "high")),
            ({"part_number": "M", "description": "motor", "country": "JP", "quantity": 1},
             mapping({"La": 1.1e-3}, ("nimh_battery",), "low")),
            ({"part_number": "U", "description": "motor", "country": "JP", "quantity": 1},
             mapping({"Ce": None}, ("no_such_class",), "low"))]
    a = score(mapped_table(rows), kb, TODAY, scenario=scenario)
    led, material, unknown = (ps.score for ps in a.part_scores)
    assert led <= material and led <= unknown


def test_nanograms_do_not_set_the_element_risk(kb):
    rows = [({"part_number": "A", "description": "LED"}, mapping({"Y": 3e-4, "Tb": 2e-10}, ("led_package_phosphor",))),
            ({"part_number": "B", "description": "LED"}, mapping({"Y": 3e-4}, ("led_package_phosphor",)))]
    a = score(mapped_table(rows), kb, TODAY)
    with_tb, without = (_factor(ps, "element_risk").value for ps in a.part_scores)
    assert with_tb == pytest.approx(without, abs=1e-3)


def test_element_risk_is_weighted_by_mass(kb):
    """A magnet's element risk lies between its light and heavy elements' risks, and moves toward the element
    that has more grams."""
    rows = [({"part_number": "A", "description": "m"}, mapping({"Nd": 30.0, "Dy": 0.01})),
            ({"part_number": "B", "description": "m"}, mapping({"Nd": 30.0, "Dy": 3.0})),
            ({"part_number": "C", "description": "m"}, mapping({"Nd": 0.01, "Dy": 3.0}))]
    a = score(mapped_table(rows), kb, TODAY)
    risk = {e.symbol: e.score / 100 for e in a.elements}
    r = [_factor(ps, "element_risk").value for ps in a.part_scores]
    assert risk["Nd"] < r[0] < r[1] < r[2] < risk["Dy"]


def test_unknown_grams_use_the_class_range_never_a_neutral_constant(kb):
    assert not hasattr(ScoringConfig(), "unknown_quantity_value")
    rows = [({"part_number": "M", "description": "appliance motor"},
             mapping({"Nd": None, "Dy": None}, ("appliance_motor",))),
            ({"part_number": "R", "description": "appliance motor"},
             mapping({}, ("appliance_motor",), ranges={"Nd": (2.0, None, 40.0), "Dy": (0.1, None, 3.0)}))]
    a = score(mapped_table(rows), kb, TODAY)
    from_kb, from_range = a.part_scores[0], a.part_scores[1]
    q = _factor(from_kb, "quantity")
    assert q.value > 0 and "class" in q.note.render()
    cls = kb.classes["appliance_motor"]
    expected = sum(r.typical for s, r in cls.elements.items() if s in ("Nd", "Dy"))
    assert q.note.params["grams"] == fmt_mass(expected)
    # The mapping's own low/high: the geometric midpoint, not a constant.
    q2 = _factor(from_range, "quantity")
    assert q2.note.params["grams"] == fmt_mass(math.sqrt(2 * 40) + math.sqrt(0.1 * 3))


def test_unknown_grams_without_any_range_add_no_quantity_but_are_not_safe(kb):
    rows = [({"part_number": "D", "description": "display"}, mapping({"Y": None, "Eu": None}, ("led_assembly",)))]
    ps = score(mapped_table(rows), kb, TODAY).part_scores[0]
    assert _factor(ps, "quantity").value == 0 and "supplier" in _factor(ps, "quantity").note.render()
    assert ps.tier != "none" and ps.score > 0


def test_de_minimis_keeps_a_part_low_whatever_the_quantity(kb):
    rows = [({"part_number": "D", "description": "x", "country": "CN", "quantity": 1e6},
             mapping({"Dy": 9e-4}, confidence="high"))]
    a = score(mapped_table(rows), kb, TODAY)
    ps = a.part_scores[0]
    assert ps.tier == "low" and _factor(ps, "de_minimis").contribution < 0
    assert sum(f.contribution for f in ps.factors) == pytest.approx(ps.score, abs=0.011)
    # Configurable: with a lower de-minimis the same part is judged by its quantity.
    b = score(mapped_table(rows), kb, TODAY, config=ScoringConfig(de_minimis_g=1e-4))
    assert b.part_scores[0].tier in ("medium", "high", "critical") and _factor(b.part_scores[0], "de_minimis") is None


def test_de_minimis_element_beside_material_ones_is_left_out(kb):
    rows = [({"part_number": "A", "description": "m", "quantity": 2}, mapping({"Nd": 2.0, "Dy": 5e-4})),
            ({"part_number": "B", "description": "m", "quantity": 2}, mapping({"Nd": 2.0}))]
    a = score(mapped_table(rows), kb, TODAY)
    assert a.part_scores[0].score == a.part_scores[1].score
    assert "Dy" in _factor(a.part_scores[0], "element_risk").note.render()  # named as left out


# ------------------------------------------------------------------------------------------------ unclassified

def test_unclassified_parts_have_their_own_tier_and_count(kb):
    rows = [({"part_number": "X1", "description": "control board ASSY"}, unjudged()),
            ({"part_number": "X2", "description": "harness"}, unjudged()),
            ({"part_number": "S", "description": "screw"}, mapping({}, ("ferrite_magnet",))),
            ({"part_number": "M", "description": "magnet", "country": "CN"}, mapping({"Nd": 5.0, "Dy": 0.4}))]
    a = score(mapped_table(rows), kb, TODAY)
    tiers = [ps.tier for ps in a.part_scores]
    assert tiers[:3] == ["unclassified", "unclassified", "none"]
    s = a.summary
    assert s.parts_unclassified == 2 and s.tier_counts["unclassified"] == 2 and s.tier_counts["none"] == 1
    assert set(s.tier_counts) == set(TIERS)
    assert s.parts_with_ree == 1 and s.tier == a.part_scores[3].tier
    text = " ".join(m.render() for m in s.verdict)
    assert "2 parts were not classified" in text
    assert "2 部品が未判定" in " ".join(m.render(translation_for("ja")) for m in s.verdict)
    assert translation_for("ja").gettext(TIER_LABELS["unclassified"]) == "未判定"
    engage = [r for r in a.recommendations if r.kind == "engage" and "unclassified" in r.text.render()]
    assert len(engage) == 1 and "2 unclassified parts" in engage[0].text.render()


def test_nothing_found_but_parts_unjudged_is_not_tier_none(kb):
    rows = [({"part_number": "X", "description": "ASSY"}, unjudged()),
            ({"part_number": "S", "description": "screw"}, mapping({}, ("ferrite_magnet",)))]
    s = score(mapped_table(rows), kb, TODAY).summary
    assert s.tier == "unclassified" and s.parts_unclassified == 1
    recs = score(mapped_table(rows), kb, TODAY).recommendations
    assert [r.kind for r in recs] == ["engage"]
    assert "1 part was not classified" in " ".join(m.render() for m in s.verdict)


def test_json_carries_the_unclassified_tier_and_matches_the_schema(kb):
    rows = [({"part_number": "X", "description": "ASSY"}, unjudged()),
            ({"part_number": "M", "description": "magnet"}, mapping({"Nd": 5.0}))]
    data = assessment_to_json(score(mapped_table(rows), kb, TODAY), lang="ja")
    jsonschema.validate(data, SCHEMA)
    x = data["parts"][0]
    assert x["tier"] == "unclassified" and x["score"] is None
    assert data["summary"]["parts_unclassified"] == 1 and data["summary"]["tier_counts"]["unclassified"] == 1
    assert any("未判定" in v for v in data["summary"]["verdict"])


# ------------------------------------------------------------------------------------------------ quantities in

def test_not_fitted_lines_are_never_counted(kb):
    m = mapping({"Nd": 5.0, "Dy": 0.5})
    rows = [({"part_number": "A", "description": "magnet", "quantity": 2}, m),
            ({"part_number": "B", "description": "magnet (DNF)", "quantity": 0}, m)]
    a = score(mapped_table(rows), kb, TODAY)
    assert a.summary.parts_with_ree == 1 and a.summary.parts_not_fitted == 1
    assert a.part_scores[1].score == 0 and a.part_scores[1].tier == "none"
    assert "not fitted" in _factor(a.part_scores[1], "quantity").note.render()
    dy = next(e for e in a.elements if e.symbol == "Dy")
    assert dy.parts_count == 1 and dy.grams_total == pytest.approx(1.0)


BAD = st.sampled_from([-1.0, -1e9, math.nan, math.inf, -math.inf, 1e300, 5e12])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=st.lists(BAD, min_size=1, max_size=4), grams=st.floats(1e-6, 1e4))
def test_bad_quantities_never_subtract_rare_earths(kb, bad, grams):
    good = [({"part_number": "G", "description": "magnet", "quantity": 3}, mapping({"Nd": grams, "Dy": grams / 10}))]
    bad_rows = [({"part_number": f"B{i}", "description": "magnet", "quantity": q},
                 mapping({"Nd": grams, "Dy": grams / 10})) for i, q in enumerate(bad)]
    base = score(mapped_table(good), kb, TODAY)
    a = score(mapped_table(good + bad_rows), kb, TODAY)
    totals = {e.symbol: e for e in base.elements}
    for e in a.elements:
        for value in (e.grams_total, e.grams_low_total, e.grams_high_total):
            assert value is None or (math.isfinite(value) and value >= 0)
        assert e.grams_total is not None and e.grams_total >= totals[e.symbol].grams_total
    for ps in a.part_scores:
        assert 0 < ps.score <= 100 and ps.tier != "none"
    assert a.summary.parts_with_ree == 1 + len(bad)
    # Missing quantities (NaN) are the importer's to report; negative, infinite and absurd ones are reported here.
    assert any("Rows" in w.render() for w in a.warnings) == any(not math.isnan(q) for q in bad)
    jsonschema.validate(assessment_to_json(a), SCHEMA)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(g=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.none()))
def test_any_gram_figure_gives_a_valid_score(kb, g):
    rows = [({"part_number": "P", "description": "magnet", "quantity": 2},
             mapping({}, ranges={"Nd": (g, g, g), "Dy": (None, g, None)}))]
    a = score(mapped_table(rows), kb, TODAY)
    ps = a.part_scores[0]
    assert 0 < ps.score <= 100
    for e in a.elements:
        assert e.grams_total is None or (math.isfinite(e.grams_total) and e.grams_total >= 0)
    jsonschema.validate(assessment_to_json(a), SCHEMA)


# ------------------------------------------------------------------------------------------------ scenarios

def test_embargo_without_destination_is_a_usage_error(kb):
    rows = [({"part_number": "M", "description": "magnet"}, mapping({"Nd": 5.0}))]
    with pytest.raises(ScenarioError, match="destination") as err:
        score(mapped_table(rows), kb, TODAY, scenario="embargo")
    assert err.value.exit_code == 2
    assert "仕向け国" in err.value.render(translation_for("ja"))
    # A destination from the settings is enough.
    a = score(mapped_table(rows), kb, TODAY, scenario="embargo", config=ScoringConfig(destination="JP"))
    assert a.elements[0].score == pytest.approx(100.0)


def test_unknown_scenario_is_a_usage_error(kb):
    with pytest.raises(ScenarioError) as err:
        score(mapped_table([({"part_number": "M"}, mapping({"Nd": 1.0}))]), kb, TODAY, scenario="halt-Xx")
    assert err.value.exit_code == 2


def _run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=REPO, env=env, timeout=300)


def test_cli_scenario_usage_errors_exit_2(tmp_path):
    proc = _run("assess", str(SAMPLE), "--scenario", "embargo", "--json", str(tmp_path / "e.json"))
    assert proc.returncode == 2 and "destination" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "e.json").exists()
    proc = _run("assess", str(SAMPLE), "--scenario", "nope")
    assert proc.returncode == 2 and "Unknown scenario 'nope'" in proc.stderr and "Traceback" not in proc.stderr
    proc = _run("assess", str(SAMPLE), "--scenario", "embargo", "--destination", "JP", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["scenario"] == "embargo" and all(e["score"] == 100 for e in data["elements"])


def test_stock_advice_quotes_the_summary_count_of_controlled_parts():
    """Issue 9: page one and the stock page must give one count (a part whose controlled element is typically
    absent, or a not-fitted line, is not counted in either)."""
    import datetime as dt

    from desktop.core.knowledge import load_knowledge
    from desktop.core.pipeline import assess_file
    from desktop.paths import resource

    kb = load_knowledge()
    a = assess_file(resource("samples", "sample_bom_ja.xlsx"), as_of=dt.date(2026, 6, 1), knowledge=kb)
    stock = [r for r in a.recommendations if r.kind == "stock"]
    assert stock and a.summary.parts_controlled > 0
    assert all(r.text.params["n"] == a.summary.parts_controlled for r in stock)


def test_trace_dopants_do_not_count_as_controlled_parts_to_stock(kb):
    """Micrograms of Dy/Y/Ho in MLCCs are not 'parts that depend on controlled elements': the summary, the stock
    advice and the briefing's page one count the motor (grams known) and the part whose grams are unknown only."""
    from desktop.core.report.decision import controlled_elements, controlled_parts

    mlcc = mapping({"Dy": 1e-5, "Y": 2e-5, "Ho": 1e-6, "Er": 1e-6}, ("mlcc",), "low")
    motor = mapping({"Nd": 2.0, "Pr": 0.5, "Dy": 0.1}, ("drone_motor",), "low")
    unknown = mapping({"Nd": None, "Pr": None, "Tb": None}, ("coreless_micro_motor",), "low")
    rows = [({"part_number": "C1", "description": "MLCC", "quantity": 40}, mlcc),
            ({"part_number": "M1", "description": "motor", "quantity": 4}, motor),
            ({"part_number": "M2", "description": "coreless motor", "quantity": 4}, unknown)]
    a = score(mapped_table(rows), kb, TODAY)
    assert a.summary.parts_controlled == 2
    assert sorted(controlled_parts(a)) == [1, 2]
    assert set(controlled_elements(a)) == {"Dy", "Tb"}
    stock = [r for r in a.recommendations if r.kind == "stock"]
    assert len(stock) == 1 and set(stock[0].elements) == {"Dy", "Tb"} and stock[0].text.params["n"] == 2


def test_an_unusable_gram_figure_counts_as_unknown_on_page_one_as_in_the_summary(kb):
    """NaN or negative grams of a controlled element are unknown, never safe: the summary and the briefing's
    page one (report.decision) use one rule and count the part alike."""
    from desktop.core.report.decision import controlled_parts

    bad = mapping({"Nd": 1.0, "Dy": float("nan")}, ("drone_motor",), "low")
    negative = mapping({"Nd": 1.0, "Tb": -0.2}, ("drone_motor",), "low")
    rows = [({"part_number": "M1", "description": "motor", "quantity": 2}, bad),
            ({"part_number": "M2", "description": "motor", "quantity": 2}, negative)]
    a = score(mapped_table(rows), kb, TODAY)
    assert a.summary.parts_controlled == 2
    assert sorted(controlled_parts(a)) == [0, 1]
