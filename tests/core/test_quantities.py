"""The quantity model: grams from the part's own data (docs/methodology.md, "How many grams").

The assertions check the physics (volume × density × fraction, mass × share, power × rate, caps) against the
figures of the loaded knowledge base, not pinned outputs, so they hold when a figure is updated with a source.
"""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import yaml
from parts_fixtures import make_import  # noqa: E402 - shared test helper

from desktop.core.errors import KnowledgeError
from desktop.core.knowledge import load_knowledge
from desktop.core.mapping import evidence as E
from desktop.core.mapping import map_parts
from desktop.core.mapping.measures import parse_measures
from desktop.core.mapping.physical import law_for
from desktop.core.mapping.quantities import class_quantity
from desktop.core.mapping.text import normalise
from desktop.i18n import translation_for

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "knowledge"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def one(kb, **row):
    return map_parts(make_import([row]), kb).mappings[0]


def density(kb, profile):
    return law_for(kb, "density", "ndfeb_sintered_magnet").values[profile]


def measures(text):
    return parse_measures(normalise(text))


# -- (b) magnet dimensions × density × composition --------------------------------------------------------------

def test_disc_magnet_volume_times_density_times_grade(kb):
    m = one(kb, description="Neodymium magnet N52 10x3mm disc")
    volume = math.pi / 4 * 10 ** 2 * 3 / 1000          # cm³
    rho = density(kb, "ndfeb_sintered_N")
    nd = kb.profiles["ndfeb_sintered_N"].fractions["Nd"]
    assert volume * rho.typical == pytest.approx(1.77, abs=0.02)     # issue 8: N52 10×3 mm ≈ 1.77 g magnet
    assert m.elements["Nd"].grams == pytest.approx(volume * rho.typical * nd.typical)
    assert m.elements["Nd"].low == pytest.approx(volume * rho.low * nd.low)
    assert m.elements["Nd"].high == pytest.approx(volume * rho.high * nd.high)
    assert any(e.msgid == E.MAGNET_DIMENSIONS for e in m.evidence)
    assert any(e.msgid == E.GRAMS_RESULT for e in m.evidence)


def test_inch_block_magnet(kb):
    m = one(kb, description="N50 1/2 x 1/8 x 1/16in")
    volume = 12.7 * 3.175 * 1.5875 / 1000
    nd = kb.profiles["ndfeb_sintered_N"].fractions["Nd"].typical
    assert m.elements["Nd"].grams == pytest.approx(volume * density(kb, "ndfeb_sintered_N").typical * nd)


def test_smco_ring_from_its_dimensions(kb):
    m = one(kb, description="SmCo ring magnet φ20xφ10x5mm")
    assert m.classes[0] == "smco_magnet"
    volume = math.pi / 4 * (20 ** 2 - 10 ** 2) * 5 / 1000
    rho = law_for(kb, "density", "smco_magnet").values["sm2co17"]
    sm = kb.profiles["sm2co17"].fractions["Sm"]
    assert m.elements["Sm"].grams == pytest.approx(volume * rho.typical * sm.typical)
    assert rho.typical > density(kb, "ndfeb_sintered_N").typical      # SmCo is denser than NdFeB


def test_grade_decides_the_dysprosium_not_the_word_neodymium(kb):
    base = dict(description="neodymium magnet 10x3mm")
    n = one(kb, description="neodymium magnet N52 10x3mm")
    sh = one(kb, description="neodymium magnet N42 SH 10x3mm")
    dash = one(kb, description="NdFeB N-52 10x3mm")
    default = one(kb, **base)
    dy = {p: kb.profiles[p].fractions["Dy"].typical for p in ("ndfeb_sintered_N", "ndfeb_sintered_SH",
                                                              "ndfeb_sintered_unknown")}
    mass = n.elements["Nd"].grams / kb.profiles["ndfeb_sintered_N"].fractions["Nd"].typical
    assert n.elements["Dy"].grams == pytest.approx(mass * dy["ndfeb_sintered_N"])
    assert dash.elements["Dy"].grams == pytest.approx(mass * dy["ndfeb_sintered_N"])
    assert sh.elements["Dy"].grams == pytest.approx(mass * dy["ndfeb_sintered_SH"])
    assert default.elements["Dy"].grams == pytest.approx(mass * dy["ndfeb_sintered_unknown"])
    assert n.elements["Dy"].grams < default.elements["Dy"].grams


# -- (c) stated mass, and never more than the part weighs -------------------------------------------------------

def test_dimensions_capped_by_the_stated_weight(kb):
    m = one(kb, description="Neodymium magnet 10x3mm", unit_weight_g=1.0)
    for s, f in kb.profiles["ndfeb_sintered_unknown"].fractions.items():
        if f.high:
            assert m.elements[s].high <= 1.0 * f.high + 1e-12
    assert any(e.msgid == E.MASS_CAPPED for e in m.evidence)


def test_outrunner_by_its_stated_mass(kb):
    m = one(kb, description="Brushless outrunner motor 480 g 360KV")
    assert m.classes[0] == "drone_motor"
    share = law_for(kb, "magnet_fraction_of_mass", "drone_motor").values["fraction"]
    prof = kb.profiles[kb.classes["drone_motor"].magnet.profile]
    assert m.elements["Nd"].grams == pytest.approx(480 * share.typical * prof.fractions["Nd"].typical)
    assert m.elements["Nd"].low == pytest.approx(480 * share.low * prof.fractions["Nd"].low)
    class_typical = kb.classes["drone_motor"].magnet.mass_g.typical * prof.fractions["Nd"].typical
    assert m.elements["Nd"].grams > 3 * class_typical          # a 480 g outrunner is not an 8 g drone magnet


def test_bom_weight_column_beats_a_mass_in_the_text(kb):
    m = one(kb, description="outrunner motor 480 g", unit_weight_g=100.0)
    share = law_for(kb, "magnet_fraction_of_mass", "drone_motor").values["fraction"].typical
    nd = kb.profiles[kb.classes["drone_motor"].magnet.profile].fractions["Nd"].typical
    assert m.elements["Nd"].grams == pytest.approx(100 * share * nd)


def test_speaker_never_more_magnet_than_it_weighs(kb):
    m = one(kb, description="speaker 40 mm 35 g")
    cls = kb.classes[m.classes[0]]
    prof = kb.profiles[cls.magnet.profile]
    for s, g in m.elements.items():
        f = prof.fractions[s]
        assert g.high is None or g.high <= 35 * f.high + 1e-9
        assert g.grams is None or g.grams <= 35 * f.typical + 1e-9
    full = one(kb, description="loudspeaker")
    assert m.elements["Nd"].grams < full.elements["Nd"].grams


def test_speaker_magnet_scales_with_the_cube_of_its_diameter(kb):
    small = one(kb, description="speaker 20 mm")
    large = one(kb, description="speaker 40 mm")
    assert large.elements["Nd"].grams == pytest.approx(8 * small.elements["Nd"].grams)
    law = law_for(kb, "magnet_per_diameter_cubed", "loudspeaker").values
    nd = kb.profiles[kb.classes["loudspeaker"].magnet.profile].fractions["Nd"]
    assert large.elements["Nd"].high == pytest.approx(law["grams_per_mm3"].high * 40 ** 3 * nd.high)


def test_micro_speaker_is_not_a_full_size_magnet(kb):
    micro = one(kb, description="micro speaker 15x11mm")
    full = kb.classes["loudspeaker"].magnet.mass_g.typical * kb.profiles["ndfeb_sintered_N"].fractions["Nd"].typical
    area_diameter = math.sqrt(4 * 15 * 11 / math.pi)
    rate = law_for(kb, "magnet_per_diameter_cubed", micro.classes[0]).values["grams_per_mm3"].typical
    prof = kb.profiles[kb.classes[micro.classes[0]].magnet.profile]
    assert micro.elements["Nd"].grams == pytest.approx(rate * area_diameter ** 3 * prof.fractions["Nd"].typical)
    assert micro.elements["Nd"].grams < full / 50


def test_large_driver_beyond_the_law_keeps_the_class_range(kb):
    m = one(kb, description="woofer 165mm")
    assert m.elements["Nd"].grams == pytest.approx(kb.classes["loudspeaker"].elements["Nd"].typical)
    assert m.elements["Nd"].grams == pytest.approx(one(kb, description="loudspeaker").elements["Nd"].grams)


@pytest.mark.parametrize("cls_id", ["automotive_three_way_catalyst", "gd_contrast_agent"])
def test_grams_per_unit_capped_by_part_mass(kb, cls_id):
    cls = kb.classes[cls_id]
    total = sum(r.high or 0 for r in cls.elements.values())
    q = class_quantity(cls, kb, unit_weight_g=total / 10)
    assert sum(g.high or 0 for g in q.elements.values()) == pytest.approx(total / 10)


# -- (d) scaling laws ---------------------------------------------------------------------------------------------

def test_pm_motor_magnet_scales_with_power(kb):
    small = class_quantity(kb.classes["industrial_servo_motor"], kb, measures=measures("AC servo 100 W"))
    large = class_quantity(kb.classes["industrial_servo_motor"], kb, measures=measures("AC servo 0.4kW"))
    assert large.elements["Nd"].grams == pytest.approx(4 * small.elements["Nd"].grams)
    rate = law_for(kb, "magnet_per_kw", "industrial_servo_motor").values["grams_per_kw"]
    nd = kb.profiles[kb.classes["industrial_servo_motor"].magnet.profile].fractions["Nd"]
    assert small.elements["Nd"].high == pytest.approx(0.1 * rate.high * nd.high)


def test_laptop_hdd_has_a_quarter_of_the_desktop_magnet(kb):
    small = one(kb, description='HDD 2.5" 1TB hard disk drive')
    large = one(kb, description="3.5 inch HDD hard disk drive")
    factor = law_for(kb, "form_factor", "hard_disk_drive").values
    ratio = factor["2.5"].typical / factor["3.5"].typical
    assert small.elements["Nd"].grams == pytest.approx(ratio * large.elements["Nd"].grams)
    assert small.elements["Nd"].grams < large.elements["Nd"].grams


@pytest.mark.parametrize("aa,aaa", [("NiMH AA battery", "NiMH AAA battery"),
                                    ("ニッケル水素電池 単3形", "ニッケル水素電池 単4形")])
def test_nimh_cells_by_size(kb, aa, aaa):
    big, small = one(kb, description=aa), one(kb, description=aaa)
    cells = law_for(kb, "cell_mass", "nimh_battery").values
    la = kb.classes["nimh_battery"].elements["La"]
    assert small.elements["La"].grams == pytest.approx(cells["AAA"].typical * la.typical)
    assert big.elements["La"].low == pytest.approx(cells["AA"].low * la.low)
    assert big.elements["La"].grams > small.elements["La"].grams
    total = sum(g.grams for g in small.elements.values())
    assert 0.5 < total < 1.6                                   # "about 1 g of rare earths per AAA" (Umicore)


def test_nimh_capacity_beats_cell_size(kb):
    a = class_quantity(kb.classes["nimh_battery"], kb, measures=measures("NiMH AA 1000mAh"))
    b = class_quantity(kb.classes["nimh_battery"], kb, measures=measures("NiMH AA 2000mAh"))
    assert b.elements["La"].grams == pytest.approx(2 * a.elements["La"].grams)
    rate = law_for(kb, "capacity_per_mass", "nimh_battery").values["mah_per_g"]
    la = kb.classes["nimh_battery"].elements["La"]
    assert a.elements["La"].high == pytest.approx(1000 / rate.low * la.high)
    assert a.elements["La"].low == pytest.approx(1000 / rate.high * la.low)


def test_nimh_pack_voltage_counts_cells(kb):
    cell = class_quantity(kb.classes["nimh_battery"], kb, measures=measures("NiMH AA 2000mAh"))
    pack = class_quantity(kb.classes["nimh_battery"], kb, measures=measures("NiMH pack 7.2V AA 2000mAh"))
    per_cell = law_for(kb, "cell_mass", "nimh_battery").values["cell_voltage"].typical
    count = round(7.2 / per_cell)
    for s, g in cell.elements.items():
        assert pack.elements[s].grams == pytest.approx(count * g.grams)
        assert pack.elements[s].high == pytest.approx(count * g.high)


def test_white_led_without_weight_gets_the_package_mass_range(kb):
    m = one(kb, description="white LED 2835")
    mass = law_for(kb, "part_mass", "led_package_phosphor").values["mass_g"]
    y = kb.classes["led_package_phosphor"].elements["Y"]
    assert (m.elements["Y"].low, m.elements["Y"].grams, m.elements["Y"].high) == pytest.approx(
        (mass.low * y.low, mass.typical * y.typical, mass.high * y.high))
    weighed = one(kb, description="white LED 2835", unit_weight_g=0.02)
    assert weighed.elements["Y"].grams == pytest.approx(0.02 * y.typical)        # a stated weight wins
    assert m.elements["Y"].high < 0.002                                           # milligrams at most


# -- (e) class range; every class with a range gets grams -------------------------------------------------------

def test_every_magnet_class_with_a_range_gets_low_typical_high(kb):
    for cls in kb.classes.values():
        if cls.basis != "magnet" or cls.magnet is None:
            continue
        q = class_quantity(cls, kb, measures=measures(""))
        if cls.magnet.mass_g is not None and cls.magnet.mass_g.typical is not None:
            assert q.elements and all(g.grams is not None and g.low is not None and g.high is not None
                                      for g in q.elements.values()), cls.id
        else:
            assert any(e.msgid == E.MAGNET_MASS_UNKNOWN for e in q.evidence), cls.id


def test_every_class_without_grams_says_why(kb):
    for cls in kb.classes.values():
        if cls.kind == "lookalike" or cls.basis == "none":
            continue
        q = class_quantity(cls, kb, measures=measures(""))
        if q.elements and all(g.grams is None for g in q.elements.values()):
            assert q.evidence, cls.id


def test_stator_size_alone_keeps_the_class_range(kb):
    m = one(kb, description="BLDC outrunner motor 2207 1750KV, magnets N52SH")
    mass = kb.classes["drone_motor"].magnet.mass_g.typical
    assert m.elements["Dy"].grams == pytest.approx(mass * kb.profiles["ndfeb_sintered_SH"].fractions["Dy"].typical)


def test_evidence_states_law_and_inputs_in_japanese(kb):
    m = one(kb, description="ネオジム磁石 N52 10x3mm")
    ja = " ".join(e.render(translation_for("ja")) for e in m.evidence)
    assert "10×3 mm" in ja and "g/cm³" in ja and "1.77" in ja and "円板" in ja


@pytest.mark.parametrize("en,ja,zh", [
    ("Neodymium magnet N52 10x3mm", "ネオジム磁石 N52 10×3mm", "钕铁硼磁铁 N52 10x3mm"),
    ("NiMH battery AA", "ニッケル水素電池 単3形", "镍氢电池 5号"),
    ("NiMH battery AAA 800mAh", "ニッケル水素電池 単4形 800mAh", "镍氢电池 7号 800mAh"),
    ('2.5" hard disk drive', "2.5インチ ハードディスク", "2.5英寸 硬盘"),
    ("speaker 40mm", "スピーカー 40mm", "扬声器 40mm"),
    ("AC servo motor 400W", "ACサーボモータ 400W", "交流伺服电机 400W"),
    ("SmCo ring magnet φ20xφ10x5mm", "サマリウムコバルト磁石 リング φ20xφ10x5mm", "钐钴磁铁 圆环 φ20xφ10x5mm"),
    ("brushless outrunner motor 480g", "アウターロータ ブラシレスモータ 480g", "外转子无刷电机 480g"),
])
def test_same_part_same_grams_in_english_japanese_and_chinese(kb, en, ja, zh):
    rows = map_parts(make_import([{"description": d} for d in (en, ja, zh)]), kb).mappings
    assert rows[0].classes[:1] == rows[1].classes[:1] == rows[2].classes[:1]
    assert rows[0].elements == rows[1].elements == rows[2].elements
    assert any(e.msgid in (E.GRAMS_RESULT,) for e in rows[0].evidence)       # a physical estimate, not a range


# -- scaling.yaml is validated and optional ---------------------------------------------------------------------

def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "knowledge"
    shutil.copytree(BUNDLED, dest)
    return dest


def test_without_scaling_yaml_the_class_range_is_used(tmp_path):
    folder = _copy(tmp_path)
    (folder / "scaling.yaml").unlink()
    kb = load_knowledge(folder)
    assert not kb.scaling
    m = one(kb, description="Brushless outrunner motor 480 g 360KV")
    mass = kb.classes["drone_motor"].magnet.mass_g
    nd = kb.profiles[kb.classes["drone_motor"].magnet.profile].fractions["Nd"].typical
    assert m.elements["Nd"].grams == pytest.approx(mass.typical * nd)


@pytest.mark.parametrize("edit,expected", [
    (lambda d: d["laws"][0].update(classes=["no_such_class"]), "no_such_class"),
    (lambda d: d["laws"][0]["values"]["sm2co17"].pop("sources"), "source"),
    (lambda d: d["laws"][1]["values"]["fraction"].update(high=1.5), "fraction"),
    (lambda d: d["laws"][0]["values"].update(no_profile={"low": 1, "typical": 1, "high": 1, "sources": ["stoich"]}),
     "no_profile"),
])
def test_bad_scaling_yaml_is_rejected_with_the_field_named(tmp_path, edit, expected):
    folder = _copy(tmp_path)
    doc = yaml.safe_load((folder / "scaling.yaml").read_text(encoding="utf-8"))
    edit(doc)
    (folder / "scaling.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    assert "scaling.yaml" in str(info.value) and expected in str(info.value)


def test_scaling_yaml_can_be_installed_alone_as_an_update(tmp_path):
    from desktop.core.knowledge import clear_cache, default_knowledge, install_knowledge

    update = tmp_path / "scaling.yaml"
    doc = yaml.safe_load((BUNDLED / "scaling.yaml").read_text(encoding="utf-8"))
    law = next(x for x in doc["laws"] if x["kind"] == "magnet_fraction_of_mass")
    law["values"]["fraction"].update(low=0.2, typical=0.2, high=0.2)
    update.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        kb = install_knowledge(update)
        assert kb.origin == "user"
        m = one(default_knowledge(), description="Brushless outrunner motor 480 g 360KV")
        nd = kb.profiles[kb.classes["drone_motor"].magnet.profile].fractions["Nd"].typical
        assert m.elements["Nd"].grams == pytest.approx(480 * 0.2 * nd)
    finally:
        clear_cache()
