"""Dimensions and ratings read from a part's text, in English, Japanese and Chinese, without false reads."""
from __future__ import annotations

import pytest

from desktop.core.mapping.measures import parse_measures
from desktop.core.mapping.text import normalise


def m(text: str):
    return parse_measures(normalise(text))


@pytest.mark.parametrize("text,dims", [
    ("N52 10x3 mm disc", (10, 3)),
    ("ネオジム磁石 10×3mm N52", (10, 3)),
    ("钕铁硼磁铁 10*3mm", (10, 3)),
    ("Block magnet 20 x 10 x 5", (20, 10, 5)),
    ("ＮｄＦｅＢ　２０×１０×５ｍｍ", (20, 10, 5)),           # full-width digits and signs (NFKC)
    ("φ10x3 neodymium", (10, 3)),
    ("D10x3mm", (10, 3)),
    ("1 x 0.5 cm", (10, 5)),
])
def test_dimension_groups_in_mm(text, dims):
    assert m(text).dims_mm == pytest.approx(dims)


@pytest.mark.parametrize("text", ["N50 1/2 x 1/8 x 1/16in", 'N50 1/2" x 1/8" x 1/16"', "1/2 x 1/8 x 1/16 inch"])
def test_inch_fractions(text):
    assert m(text).dims_mm == pytest.approx((12.7, 3.175, 1.5875))


def test_single_inch_size():
    assert m('1/2" cube magnet').size_mm == pytest.approx(12.7)


@pytest.mark.parametrize("text", ["SmCo ring φ20xφ10x5mm", "SmCo ring magnet 20x10x5", "サマコバ リング 20x10x5",
                                  "钐钴 圆环 20x10x5"])
def test_rings(text):
    r = m(text)
    assert r.ring and r.dims_mm == pytest.approx((20, 10, 5))


@pytest.mark.parametrize("text", ["SmCo ring OD20 x ID10 x 5mm", "外径20 内径10 厚5 リング磁石", "环形磁铁 外径20*内径10*厚5",
                                  "Ring D20xd10x5"])
def test_rings_with_named_parts(text):
    r = m(text)
    assert r.ring and r.dims_mm == pytest.approx((20, 10, 5))


@pytest.mark.parametrize("text", ["D10 x H3 magnet", "直径10 厚3 磁石", "φ10 t3", "钕铁硼 直径10 厚度3"])
def test_discs_with_named_parts(text):
    r = m(text)
    assert not r.ring and r.dims_mm == pytest.approx((10, 3))


@pytest.mark.parametrize("text,dims,ring", [
    ('N42 1/4" dia. x 1/8" thick neodymium disc', (6.35, 3.175), False),
    ('Ring magnet 1" od x 1/2" id x 1/4" thick N42', (25.4, 12.7, 6.35), True),
    ("Magnet, Disc, 12.7mm Dia x 3.175mm Thick, NdFeB N42", (12.7, 3.175), False),
    ("Neodymium Cylinder 6mm Dia x 10mm", (6, 10), False),
    ("N52 disc 20mm diameter 5mm thick", (20, 5), False),
])
def test_catalogue_dimensions_named_after_each_number(text, dims, ring):
    r = m(text)
    assert r.dims_mm == pytest.approx(dims) and r.ring == ring


def test_a_block_is_not_a_ring():
    assert not m("block 20x10x5").ring


@pytest.mark.parametrize("text", ["speaker φ40", "Φ40 喇叭", "ø40 スピーカ", "dia 40 speaker", "直径40mm 扬声器"])
def test_diameters(text):
    assert m(text).diameter_mm == 40


@pytest.mark.parametrize("text,nema,length", [
    ("NEMA 17 stepper 48mm", 17, 48), ("NEMA17", 17, None), ("nema-23 stepping motor 76 mm", 23, 76),
    ("42 stepper motor", 17, None), ("57mm 步进电机 76mm", 23, 76), ("42ステッピングモータ 40mm", 17, 40),
])
def test_nema_frames_and_body_length(text, nema, length):
    r = m(text)
    assert r.nema == nema and r.body_length_mm == length


@pytest.mark.parametrize("text,stator,kv", [
    ("2207 1750KV brushless motor", (22, 7), 1750), ("无刷电机 2306 2450kv", (23, 6), 2450),
    ("ブラシレスモータ 5010 360KV", (50, 10), 360),
])
def test_outrunner_stator_and_kv(text, stator, kv):
    r = m(text)
    assert r.stator == stator and r.kv == kv


def test_stator_needs_a_motor_context_and_years_are_not_stators():
    assert m("part 2207").stator is None
    assert m("motor spec rev 2024").stator is None
    assert m("10 kV insulation").kv is None           # kilovolts, not a motor constant


@pytest.mark.parametrize("text,watts", [("100 W BLDC", 100), ("100w", 100), ("0.4kW servo", 400),
                                        ("サーボモータ 750W", 750), ("伺服电机 1.5kw", 1500)])
def test_power(text, watts):
    assert m(text).power_w == pytest.approx(watts)


@pytest.mark.parametrize("text,mah", [("NiMH 2000mAh", 2000), ("镍氢电池 800 mAh", 800), ("pack 3.3Ah", 3300)])
def test_capacity(text, mah):
    assert m(text).capacity_mah == pytest.approx(mah)


@pytest.mark.parametrize("text,volts", [("NiMH pack 7.2V 3000mAh", 7.2), ("ニッケル水素 4.8 V", 4.8),
                                       ("镍氢电池组 12v", 12), ("HEV pack 201.6 volts", 201.6)])
def test_voltage(text, volts):
    assert m(text).voltage_v == pytest.approx(volts)


def test_kv_is_not_a_voltage():
    assert m("2207 1750kv motor").voltage_v is None


@pytest.mark.parametrize("text,cell", [
    ("AA NiMH", "AA"), ("NiMH AAA 800mAh", "AAA"), ("単3 ニッケル水素電池", "AA"), ("単4形", "AAA"),
    ("5号 镍氢电池", "AA"), ("7号电池", "AAA"), ("HR6 rechargeable", "AA"), ("2xAA holder", "AA"),
])
def test_cells(text, cell):
    assert m(text).cell == cell


@pytest.mark.parametrize("text,inch", [('2.5" HDD', 2.5), ("3.5 inch HDD", 3.5), ("HDD 2.5型", 2.5),
                                       ("2.5インチ ハードディスク", 2.5), ("3.5英寸 硬盘", 3.5)])
def test_hdd_form_factor(text, inch):
    assert m(text).hdd_inch == inch


@pytest.mark.parametrize("text,grams", [("weight 35 g", 35), ("35g", 35), ("480 g outrunner", 480),
                                        ("質量 12グラム", 12), ("重量 5克", 5), ("0.2 kg", 200), ("350mg", 0.35)])
def test_stated_mass(text, grams):
    assert m(text).mass_g == pytest.approx(grams)


@pytest.mark.parametrize("text", ["5G module", "4G LTE modem 3g", "servo 13kg/cm", "Memory Card 8G", "microSD 32G",
                                  "内存 16G"])
def test_not_masses(text):
    assert m(text).mass_g is None


@pytest.mark.parametrize("text,pkg", [("LED 2835 white", "2835"), ("5050 RGB LED", "5050"),
                                      ("白色LED 3528", "3528"), ("0603 LED red", "0603"), ("贴片灯珠 2835", "2835")])
def test_led_packages(text, pkg):
    assert m(text).led_package == pkg


@pytest.mark.parametrize("text", ["10k resistor 0603", "1N4148 diode", "date 2024-01-05", "M3x10 screw",
                                  "4x4 keypad", "R 10k 1% 0603", "v1.2 x 3"])
def test_no_false_reads(text):
    r = m(text)
    assert r.dims_mm is None and r.led_package is None and r.stator is None and r.mass_g is None


def test_absent_fields_are_none():
    r = m("Neodymium magnet")
    assert r.empty and r.dims_mm is None and r.power_w is None and r.cell is None
