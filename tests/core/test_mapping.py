"""Mapping stage: precedence, grades, declared content, look-alikes, languages, performance."""
from __future__ import annotations

import pytest
from parts_fixtures import make_import  # noqa: E402 - shared test helper

from desktop.core.knowledge import load_knowledge
from desktop.core.mapping import PartLibrary, map_parts
from desktop.i18n import translation_for


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def one(kb, **row):
    return map_parts(make_import([row]), kb).mappings[0]


def test_n42sh_has_more_dy_than_n42_and_n52_is_low(kb):
    sh = one(kb, description="Rotor magnet N42SH", unit_weight_g=10.0)
    n42 = one(kb, description="Rotor magnet N42", unit_weight_g=10.0)
    n52 = one(kb, description="NdFeB block magnet N52", unit_weight_g=10.0)
    assert sh.method == "grade" and sh.classes[0] == "ndfeb_sintered_magnet"
    assert sh.elements["Dy"].grams > 0
    assert sh.elements["Dy"].grams > n42.elements["Dy"].grams
    assert n52.elements["Dy"].grams < 10.0 * 0.01  # N grade: under 1 % Dy
    assert n52.elements["Dy"].grams < sh.elements["Dy"].grams / 5
    assert sh.elements["Dy"].grams == pytest.approx(10.0 * kb.profiles["ndfeb_sintered_SH"].fractions["Dy"].typical)
    assert sh.elements["Nd"].low < sh.elements["Nd"].grams < sh.elements["Nd"].high


def test_bare_grade_needs_magnet_context(kb):
    assert one(kb, description="magnet 48H arc segment", unit_weight_g=5.0).method == "grade"
    assert one(kb, description="Cable 48H spool").method != "grade"


def test_grade_without_weight_gives_unknown_grams(kb):
    m = one(kb, description="magnet N45SH")
    assert m.has_ree and m.elements["Dy"].grams is None
    assert any("unit weight" in e.render() for e in m.evidence)


def test_grade_on_a_motor_refines_the_profile(kb):
    m = one(kb, description="BLDC outrunner motor 2207 1750KV, magnets N52SH")
    assert m.classes[0] == "drone_motor" and m.method == "grade"
    mass = kb.classes["drone_motor"].magnet.mass_g.typical
    assert m.elements["Dy"].grams == pytest.approx(mass * kb.profiles["ndfeb_sintered_SH"].fractions["Dy"].typical)


@pytest.mark.parametrize("text,profile", [("SmCo magnet ring", "sm2co17"), ("Sm2Co17 segment", "sm2co17"),
                                           ("SmCo5 disc", "smco5")])
def test_smco_materials(kb, text, profile):
    m = one(kb, description=text, unit_weight_g=2.0)
    assert m.classes[0] == "smco_magnet"
    assert m.elements["Sm"].grams == pytest.approx(2.0 * kb.profiles[profile].fractions["Sm"].typical)


@pytest.mark.parametrize("text", ["ferrite magnet 20x10", "フェライト磁石", "induction motor 0.75kW",
                                  "誘導モータ 三相", "Alnico bar magnet", "Brushless motor, ferrite magnet"])
def test_lookalikes_veto(kb, text):
    m = one(kb, description=text)
    assert not m.has_ree and m.rare_earth_free, text
    assert any("contains no rare earths" in e.render() for e in m.evidence)


def test_declared_content_beats_keywords(kb):
    m = one(kb, description="ferrite magnet", declared_ree="Nd 12.5 g; Dy 0.8 g")
    assert m.method == "declared" and m.confidence == "high"
    assert m.elements["Nd"].grams == 12.5 and m.elements["Dy"].grams == 0.8


@pytest.mark.parametrize("text", ["Nd:12.5g/Dy:0.8g", "ネオジム 12.5g、ジスプロシウム 0.8g", "Nd 12500 mg, Dy 800mg"])
def test_declared_formats(kb, text):
    m = one(kb, description="stepper motor", declared_ree=text)
    assert m.elements["Nd"].grams == pytest.approx(12.5) and m.elements["Dy"].grams == pytest.approx(0.8)


def test_declared_percent_uses_unit_weight(kb):
    assert one(kb, description="magnet", declared_ree="Dy 0.5%", unit_weight_g=200.0).elements["Dy"].grams == \
        pytest.approx(1.0)
    m = one(kb, description="magnet", declared_ree="Dy 0.5%")
    assert m.elements["Dy"].grams is None and m.method == "declared"


def test_declared_free(kb):
    m = one(kb, description="NdFeB magnet", declared_ree="なし")
    assert m.rare_earth_free and not m.has_ree and m.method == "declared"


def test_library_beats_everything(kb, tmp_path):
    lib = PartLibrary()
    lib.set_override(part_number="P-1", rare_earth_free=True, author="Sato", note="supplier declaration")
    lib.set_override(mpn="MOT-9", class_id="drone_motor", author="Sato")
    lib.set_override(part_number="P-3", grams={"Nd": 3.0}, author="Sato")
    imp = make_import([
        {"part_number": "P-1", "description": "NdFeB magnet N52", "declared_ree": "Nd 5 g"},
        {"part_number": "X", "mpn": "mot-9", "description": "widget"},
        {"part_number": "p-3", "description": "ferrite magnet"},
    ])
    m = map_parts(imp, kb, library=lib).mappings
    assert m[0].method == "library" and m[0].rare_earth_free and not m[0].has_ree
    assert m[1].method == "library" and m[1].classes == ("drone_motor",) and m[1].elements["Nd"].grams > 0
    assert m[2].elements["Nd"].grams == 3.0 and m[2].confidence == "high"


def test_hs_codes(kb):
    assert one(kb, description="part 17", hs_code="850511", unit_weight_g=10.0).classes[0] == "ndfeb_sintered_magnet"
    m = one(kb, description="part 18", hs_code="8505190000")
    assert m.method == "hs_code" and m.rare_earth_free
    m = one(kb, description="pack", hs_code="850750", unit_weight_g=100.0)
    assert m.classes[0] == "nimh_battery" and m.elements["La"].grams == pytest.approx(3.5)
    assert one(kb, description="widget", hs_code="850131").method == "none"   # many motor classes: not specific


@pytest.mark.parametrize("en,ja", [
    ("NEMA 17 stepper motor", "ステッピングモータ NEMA17"),
    ("neodymium magnet N42SH", "ネオジム磁石 N42SH"),
    ("vibration motor", "振動モータ"),
    ("white LED 0603", "白色LED 0603"),
    ("multilayer ceramic capacitor 0402 100nF", "積層セラミックコンデンサ 0402 100nF"),
])
def test_japanese_and_english_agree(kb, en, ja):
    a = one(kb, description=en, unit_weight_g=3.0)
    b = one(kb, description=ja, unit_weight_g=3.0)
    assert a.classes[:1] == b.classes[:1] and a.has_ree
    assert a.elements == b.elements


def test_chinese_descriptions(kb):
    assert one(kb, description="空心杯电机").classes[0] == "coreless_micro_motor"
    m = one(kb, description="陶瓷电容", specification="0.1uF/10V C0402")
    assert m.classes[0] == "mlcc" and m.elements["Dy"].high > 0
    assert m.elements["Dy"].high < 1e-4   # micrograms per chip
    assert one(kb, description="磁珠,330R").classes[0] == "ferrite_bead"
    assert one(kb, description="LED,白色").elements.keys() >= {"Y", "Ce"}
    assert not one(kb, description="LED,红色").has_ree


def test_led_colour_unknown_is_low_confidence(kb):
    m = one(kb, description="LED 0603")
    assert m.classes[0] == "led_package_phosphor" and m.confidence == "low"
    assert any("colour not stated" in e.render() for e in m.evidence)
    assert one(kb, description="white LED 0603").confidence == "medium"


def test_magnet_mass_unknown_keeps_elements(kb):
    m = one(kb, description="Hybrid stepper motor 1.8°")
    assert set(m.elements) >= {"Nd", "Pr"} and m.elements["Nd"].grams is None
    assert any("magnet mass per unit not found" in e.render() for e in m.evidence)


def test_mass_fraction_needs_weight(kb):
    m = one(kb, description="NiMH battery pack")
    assert m.elements["La"].grams is None
    assert any("unit weight needed" in e.render() for e in m.evidence)


def test_evidence_is_translated(kb):
    m = one(kb, description="ferrite magnet")
    ja = [e.render(translation_for("ja")) for e in m.evidence]
    assert any("フェライト磁石" in t and "レアアース" in t for t in ja), ja


def test_keyword_evidence_names_the_column(kb):
    m = one(kb, description="widget", specification="JK42HS34-0844YA-03F")
    assert m.classes[0] == "stepper_motor_hybrid"
    assert "specification" in m.evidence[0].render()


def test_unmapped(kb):
    t = map_parts(make_import([{"description": "Widget assembly X-17"}]), kb)
    assert t.mappings[0].method == "none" and not t.mappings[0].has_ree and t.warnings


def test_common_parts_are_identified_as_free_of_rare_earths(kb):
    t = map_parts(make_import([{"description": "M3x8 socket head cap screw"}, {"description": "チップ抵抗 10kΩ"},
                               {"description": "NEMA 17 stepper motor with M3 screws"}]), kb)
    screw, resistor, motor = t.mappings
    assert screw.rare_earth_free and resistor.rare_earth_free
    assert screw.classes[0] == resistor.classes[0] == "common_part_no_ree"
    assert motor.classes[0] == "stepper_motor_hybrid" and motor.has_ree    # the screws are an add-on


def test_100k_rows_map_with_shared_results(kb):
    """A large BOM maps every row (speed is measured in benchmarks/bench_assess.py, not asserted here)."""
    rows = []
    for i in range(100_000):
        k = i % 3000
        rows.append({"description": f"{['NEMA 17 stepper', 'CAP CER 0.1UF X7R 0603', 'LED RED 0805', 'Resistor 10k', 'Bracket'][k % 5]} v{k}",
                     "part_number": f"P{k}"})
    imp = make_import(rows)
    table = map_parts(imp, kb)
    assert len(table.mappings) == 100_000
    assert table.mappings[0].classes[0] == "stepper_motor_hybrid"
    assert table.mappings[2].classes[0] == "coloured_led" and not table.mappings[2].has_ree
    assert table.mappings[5] is table.mappings[5 + 3000 * 5]     # identical texts share one mapping


@pytest.mark.parametrize("description", ["AC servo motor 400W with NdFeB magnet rotor",
                                         "brushless outrunner motor 2207 1750KV neodymium magnets",
                                         "speaker 8 ohm 2 W neodymium magnet"])
def test_a_class_is_not_listed_beside_the_general_class_it_specialises(kb, description):
    """A servo motor, a drone motor or a speaker with its magnet named is one part: the general classes it
    specialises (the magnet, the general PM motor) are not listed as alternatives, which would read as two."""
    m = one(kb, description=description)
    first = kb.classes[m.classes[0]]
    assert first.specialises, m.classes
    assert not set(m.classes[1:]) & set(first.specialises), m.classes
