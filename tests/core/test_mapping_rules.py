"""Mapping rules: HS-code precedence, LED colour, magnetic-sensor ICs, ferrite materials, LED-lit assemblies,
polarized relays vs contactors, package masses from the loaded knowledge base, column headers in evidence."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from parts_fixtures import make_import  # noqa: E402 - shared test helper

from desktop.core.errors import KnowledgeError
from desktop.core.importing import read_bom
from desktop.core.knowledge import load_knowledge
from desktop.core.mapping import map_parts
from desktop.core.mapping.quantities import package_mass
from desktop.core.mapping.text import normalise_pattern
from desktop.core.types import ColumnChoice
from desktop.i18n import translation_for
from desktop.paths import resource

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "knowledge"
ASSEMBLY_EV = "unit weight is the assembly's, not the LEDs'; grams not estimated"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def one(kb, **row):
    return map_parts(make_import([row]), kb).mappings[0]


def texts(m, lang="en"):
    tr = translation_for(lang)
    return [e.render(tr) for e in m.evidence]


# -- 1. HS codes of devices confirm the text; they do not pick a class on their own -------------------------------

def test_stepper_beats_coreless_under_small_motor_hs_code(kb):
    m = one(kb, description="ステッピングモータ", specification="NEMA23 1.8° 57HS56", hs_code="8501100000",
            unit_weight_g=700.0)
    assert m.classes[0] == "stepper_motor_hybrid" and "coreless_micro_motor" not in m.classes
    assert m.method == "hs_code" and {"Nd", "Pr"} <= set(m.elements)
    assert "coreless_micro_motor" not in one(kb, description="stepper motor 1020 size NEMA 8").classes


@pytest.mark.parametrize("hs", ["8501.10", "8542.39", "8543.70", "8536.41", "8536.49", "9031.80"])
def test_device_hs_code_alone_does_not_map(kb, hs):
    m = one(kb, description="widget", hs_code=hs.replace(".", ""))
    assert m.method == "none" and not m.has_ree, hs


def test_material_hs_code_alone_still_maps(kb):
    assert one(kb, description="part 17", hs_code="850511", unit_weight_g=10.0).classes[0] == "ndfeb_sintered_magnet"
    assert one(kb, description="pack", hs_code="850750", unit_weight_g=100.0).classes[0] == "nimh_battery"


def test_hs_code_chooses_among_the_classes_the_text_names(kb):
    m = one(kb, description="冷却ファンモータ", specification="ブラシレス 12V 40mm", hs_code="8414.59", unit_weight_g=20.0)
    assert m.classes[0] == "bldc_fan_motor" and m.method == "hs_code"
    assert m.elements["Nd"].high < 20.0            # a fan's magnet, not an appliance motor's 100 g


@pytest.mark.parametrize("description,spec,hs", [
    ("CAN トランシーバ", "TJA1051", "8542.39"), ("充電制御IC", "BQ24650", "8542.39"), ("リモコン", "赤外線", "8543.70"),
    ("DCコンタクタ", "100A", "8536.49"), ("CAN transceiver", "TJA1051T/3", None),
])
def test_ics_remote_and_contactor_carry_no_rare_earths(kb, description, spec, hs):
    m = one(kb, description=description, specification=spec, hs_code=hs, unit_weight_g=80.0)
    assert not m.has_ree, (description, m.classes)
    assert m.classes == () or kb.classes[m.classes[0]].kind == "lookalike"


# -- 2. LED colour stated anywhere ---------------------------------------------------------------------------------

@pytest.mark.parametrize("description,spec", [
    ("赤色LED", "0603 AlInGaP"), ("LED", "0603 red"), ("LED 0805", "green"), ("chip LED", "InGaN blue 0603"),
    ("LED", "AlGaInP"), ("LED", "amber 1206"), ("LED", "黄"), ("发光二极管", "红色 0603"), ("LED", "绿色"),
    ("LED", "RGB 5050"), ("LED", "IR 940nm"), ("LED", "UV 395nm"), ("チップLED", "橙 1608"), ("LED", "GaP"),
])
def test_stated_colour_makes_a_coloured_led(kb, description, spec):
    m = one(kb, description=description, specification=spec, hs_code="8541.41")
    assert m.classes[0] == "coloured_led" and not m.has_ree and m.rare_earth_free, (description, spec, m.classes)


@pytest.mark.parametrize("description,spec", [
    ("LED", "0603 white"), ("LED", "3528 5000K"), ("LED", "cool white"), ("LED", "warm white 2700K"),
    ("LED 赤 白色", "0603"), ("LED", "RGBW 5050"), ("白色LED", "3528"),
])
def test_white_stated_keeps_the_phosphor(kb, description, spec):
    m = one(kb, description=description, specification=spec, unit_weight_g=0.03)
    assert m.classes[0] == "led_package_phosphor" and {"Y", "Ce"} <= set(m.elements), (description, spec)
    assert m.confidence == "medium"


def test_illuminated_push_buttons(kb):
    green = one(kb, description="照光式押しボタン", specification="緑 LED 24V", hs_code="8536.50", unit_weight_g=35.0)
    assert not green.has_ree and green.classes[0] == "coloured_led"
    plain = one(kb, description="照光式押しボタン", specification="LED 24V", unit_weight_g=35.0)
    assert plain.classes[0] == "led_assembly" and plain.confidence == "low"
    assert all(g.grams is None for g in plain.elements.values()) and ASSEMBLY_EV in texts(plain)


# -- 3. magnetic-sensor ICs vs sensors with a magnet --------------------------------------------------------------

@pytest.mark.parametrize("description,spec", [
    ("ホールIC", "SS49E 磁気センサ"), ("ホール素子", "磁気センサ"), ("Hall sensor IC", "linear"), ("磁気センサIC", "3軸"),
    ("Magnetic sensor", "A1324LUA-T"), ("Hall sensor", "DRV5053VAQDBZR"), ("Compass", "HMC5883L"),
    ("Angle sensor", "AS5047P"), ("磁気センサ", "AS5048A"), ("3D magnetic sensor", "MLX90393"),
])
def test_hall_ics_are_lookalikes(kb, description, spec):
    m = one(kb, description=description, specification=spec, hs_code="8542.39")
    assert not m.has_ree and m.classes[0] == "magnetic_sensor_ic", (description, spec, m.classes)


@pytest.mark.parametrize("description,spec", [
    ("wheel speed sensor", "ABS"), ("ABSセンサ", "前輪"), ("磁気センサ", "バイアス磁石付き"),
    ("crank sensor", "Hall type"), ("磁気センサ", "ホール素子 + 磁石"),
])
def test_sensors_with_a_magnet_are_assemblies(kb, description, spec):
    m = one(kb, description=description, specification=spec, hs_code="9031.80")
    assert m.classes[0] == "magnetic_sensor_assembly" and "Nd" in m.elements, (description, spec, m.classes)


def test_magnetic_marker_sensor_without_magnet_is_a_lookalike(kb):
    m = one(kb, description="磁気マーカーセンサ", specification="ホール素子式", hs_code="9031.80", unit_weight_g=220.0)
    assert not m.has_ree and m.classes[0] == "magnetic_sensor_ic"
    assert "without" in (kb.classes["magnetic_sensor_ic"].notes or "")


# -- 5. ferrite / AlNiCo as explicit data --------------------------------------------------------------------------

def test_ferrite_material_column_vetoes_ndfeb(kb):
    m = one(kb, description="磁気テープ", specification="ガイド用 フェライト系 50m", material="フェライト",
            hs_code="8505.19", unit_weight_g=4000.0)
    assert not m.has_ree and m.classes[0] == "ferrite_magnet" and m.method == "material"
    m = one(kb, description="rotor magnet N42", material="ferrite", unit_weight_g=10.0)
    assert not m.has_ree and m.rare_earth_free
    m = one(kb, description="magnet 35H", material="アルニコ", unit_weight_g=10.0)
    assert not m.has_ree and m.classes[0] == "alnico_magnet"


@pytest.mark.parametrize("row", [
    {"description": "磁気テープ", "specification": "ガイド用 フェライト系 50m", "unit_weight_g": 4000.0},
    {"description": "マグネットシート", "specification": "50m", "hs_code": "8505.19", "unit_weight_g": 4000.0},
    {"description": "マグネット", "hs_code": "8505190000", "unit_weight_g": 20.0},
])
def test_ferrite_text_and_hs_code_veto_ndfeb(kb, row):
    m = one(kb, **row)
    assert not m.has_ree and m.rare_earth_free, (row, m.classes, m.method)


def test_metres_are_not_a_magnet_grade(kb):
    m = one(kb, description="magnet tape", specification="50m", material="rubber", unit_weight_g=500.0)
    assert m.method != "grade"
    assert one(kb, description="magnet N50M", unit_weight_g=5.0).method == "grade"
    assert one(kb, description="block", material="N42SH", unit_weight_g=5.0).method == "grade"
    assert one(kb, description="block", material="45SH", unit_weight_g=5.0).method == "grade"


# -- 6. mass fractions only for the material itself ---------------------------------------------------------------

@pytest.mark.parametrize("description,spec,weight", [
    ("液晶表示器", "4.3インチ LEDバックライト", 90.0), ("積層信号灯", "3段 LED 白色含む", 400.0),
    ("LCD module", "white LED backlight", 60.0), ("LED照明", "天井用", 800.0), ("signal tower", "LED 3 tiers", 400.0),
])
def test_led_assemblies_do_not_scale_by_assembly_weight(kb, description, spec, weight):
    m = one(kb, description=description, specification=spec, unit_weight_g=weight)
    assert m.classes[0] == "led_assembly" and m.confidence == "low", (description, m.classes)
    assert {"Y", "Ce"} <= set(m.elements)
    assert all(g.grams is None and g.low is None and g.high is None for g in m.elements.values())
    assert ASSEMBLY_EV in texts(m)
    assert any("組立品" in t for t in texts(m, "ja"))


def test_led_package_still_uses_its_weight(kb):
    m = one(kb, description="白色LED", specification="3528 5000K", hs_code="8541.41", unit_weight_g=0.03)
    assert m.classes[0] == "led_package_phosphor"
    assert m.elements["Y"].grams == pytest.approx(0.03 * kb.classes["led_package_phosphor"].elements["Y"].typical)


# -- 7. polarized relay only when stated ----------------------------------------------------------------------------

@pytest.mark.parametrize("row,polarized", [
    ({"description": "リレー", "specification": "24V 1c 有極", "hs_code": "8536.41"}, True),
    ({"description": "latching relay 12V"}, True),
    ({"description": "Relay", "specification": "polarized, 5V"}, True),
    ({"description": "ラッチングリレー"}, True),
    ({"description": "DCコンタクタ", "specification": "100A", "hs_code": "8536.49"}, False),
    ({"description": "Relay 24V 1c", "hs_code": "8536.41"}, False),
    ({"description": "電磁接触器", "specification": "AC200V"}, False),
])
def test_polarized_relay_needs_the_word(kb, row, polarized):
    m = one(kb, **row)
    assert (m.classes[:1] == ("relay_polarized",)) is polarized, (row, m.classes)
    assert m.has_ree is polarized


# -- 8. package masses and source lists come from the loaded knowledge base ----------------------------------------

def test_package_masses_are_loaded(kb):
    masses = kb.classes["mlcc"].package_mass_g
    assert set(masses) >= {"0201", "0402", "0603", "0805"} and "1206" not in masses   # null = not found
    assert masses["0402"].typical == pytest.approx(0.00125) and masses["0402"].sources
    assert kb.classes["led_package_phosphor"].elements["Y"].sources == ("sideris_2024",)
    assert kb.classes["led_package_phosphor"].recycling_maturity_ja


def test_quantities_use_the_given_knowledge_only(kb):
    mlcc = kb.classes["mlcc"]
    doubled = {k: dataclasses.replace(v, low=v.low * 2, typical=v.typical * 2, high=v.high * 2)
               for k, v in mlcc.package_mass_g.items()}
    other = dataclasses.replace(kb, classes={**kb.classes, "mlcc": dataclasses.replace(mlcc, package_mass_g=doubled)})
    assert package_mass(other, "mlcc", "0402").typical == pytest.approx(2 * package_mass(kb, "mlcc", "0402").typical)
    a = one(kb, description="CAP CER 0.1UF 16V X7R 0402")
    b = map_parts(make_import([{"description": "CAP CER 0.1UF 16V X7R 0402"}]), other).mappings[0]
    assert b.elements["Dy"].grams == pytest.approx(2 * a.elements["Dy"].grams)


def _user_copy(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(BUNDLED, folder)
    doc = yaml.safe_load((folder / "classes.yaml").read_text(encoding="utf-8"))
    mlcc = next(c for c in doc["classes"] if c["id"] == "mlcc")
    edit(mlcc)
    (folder / "classes.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_user_knowledge_package_masses_are_honoured(tmp_path):
    def edit(rec):
        rec["package_mass_g"]["0402"] = {"low": 0.002, "typical": 0.003, "high": 0.004, "estimate": True,
                                         "source": "yoon_2010"}
    user = load_knowledge(_user_copy(tmp_path, edit))
    assert package_mass(user, "mlcc", "0402").typical == pytest.approx(0.003)
    m = map_parts(make_import([{"description": "CAP CER 0.1UF 16V X7R 0402"}]), user).mappings[0]
    assert any("2–4 mg" in t for t in texts(m))


@pytest.mark.parametrize("edit,field", [
    (lambda r: r["package_mass_g"].update({"0402": {"low": 0.002, "typical": 0.001, "high": 0.004}}),
     "package_mass_g.0402.typical"),
    (lambda r: r["package_mass_g"].update({"0402": "heavy"}), "package_mass_g.0402"),
    (lambda r: r.update({"package_mass_g": [1, 2]}), "package_mass_g"),
    (lambda r: r["elements"]["Dy"].update({"sources": ["no_such_source"]}), "elements.Dy.sources[0]"),
])
def test_invalid_package_masses_and_sources_are_reported(tmp_path, edit, field):
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(_user_copy(tmp_path, edit))
    text = str(err.value)
    assert "classes.yaml" in text and "mlcc" in text and field in text, text


def test_quantities_module_reads_no_files():
    source = (Path(__file__).resolve().parents[2] / "desktop" / "core" / "mapping" / "quantities.py").read_text(
        encoding="utf-8")
    assert "import yaml" not in source and "read_text" not in source and "open(" not in source


# -- 9. evidence names the column as the user sees it --------------------------------------------------------------

def test_keyword_evidence_uses_the_header_text(kb):
    cols = {"description": ColumnChoice("description", "品名", 2, 1.0),
            "specification": ColumnChoice("specification", "仕様", 3, 1.0)}
    imp = make_import([{"description": "widget", "specification": "JK42HS34-0844YA-03F"}], columns=cols)
    m = map_parts(imp, kb).mappings[0]
    assert "in 仕様" in m.evidence[0].render()


def test_patterns_keep_escape_case():
    assert normalise_pattern(r"\bN42\S+\D") == r"\bn42\S+\D"


def test_negative_keyword_prefix_family(kb):
    assert not one(kb, description="Hall sensor", specification="DRV5055A1QDBZR").has_ree
    assert one(kb, description="Hall sensor", specification="with bias magnet").has_ree


# -- the bundled sample ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(kb):
    imported = read_bom(resource("samples", "sample_bom_ja.xlsx"))
    table = map_parts(imported, kb)
    return {pn: m for pn, m in zip(imported.parts["part_number"], table.mappings, strict=True)}


def test_sample_rows(sample):
    assert sample["MT-2102"].classes[0] == "stepper_motor_hybrid"
    assert "coreless_micro_motor" not in sample["MT-2102"].classes
    for pn in ("LD-3015", "PB-7002", "PB-7003"):
        assert sample[pn].classes[0] == "coloured_led" and not sample[pn].has_ree, pn
    for pn in ("HS-3017", "MK-4004"):
        assert sample[pn].classes[0] == "magnetic_sensor_ic" and not sample[pn].has_ree, pn
    for pn in ("IC-3019", "IC-6012", "RC-9003", "CT-8004"):
        assert not sample[pn].has_ree, (pn, sample[pn].classes)
    assert sample["MT-4005"].classes[0] == "ferrite_magnet" and not sample["MT-4005"].has_ree
    for pn in ("LC-3006", "LT-7005"):
        m = sample[pn]
        assert m.classes[0] == "led_assembly" and all(g.grams is None for g in m.elements.values()), pn
        assert ASSEMBLY_EV in texts(m)
    assert sample["RL-3008"].classes[0] == "relay_polarized"
    assert sample["LD-3014"].elements["Y"].grams == pytest.approx(
        0.03 * load_knowledge().classes["led_package_phosphor"].elements["Y"].typical)
    assert sample["FN-6003"].classes[0] == "bldc_fan_motor"


def _gate_rows(kb) -> list[dict]:
    """Rows that exercise every class rule of the loaded knowledge base, for the batch-gate comparison.

    Built from the knowledge itself (not from any BOM file), so the test needs nothing beside the repository and
    follows the rules as they change: each keyword inside a longer description, and in capitals in another
    column; a member of each part-number family; each keyword next to one of its class's negative keywords;
    and a few plain parts. (About 3,000 rows: the one-by-one side of the comparison is the slow part.)
    """
    rows: list[dict] = []
    plain = ["M3x8 socket head screw", "Resistor 10k 0603", "PCB 2 layer", "ケーブル 1m", "螺丝 M3", ""]
    for c in kb.classes.values():
        negatives = [n.rstrip("*") for n in c.negative_keywords]
        for i, kw in enumerate((*c.keywords_en, *c.keywords_ja)):
            rows.append({"description": f"Assy, {kw} 24V 2A, RoHS"})
            rows.append({"description": "部品", "specification": kw.upper(), "category": c.name_ja})
            if kw.endswith("*"):                        # a part-number family: a member of it, in a sentence
                rows.append({"description": f"IC {kw.rstrip('*')}A12-TR driver"})
            if negatives:
                rows.append({"description": f"{kw} {negatives[i % len(negatives)]}"})
    rows.extend({"description": t, "mpn": f"X-{i}"} for i, t in enumerate(plain))
    # Realistic text for the regex rules (grades with sizes, "2:17", frame sizes …): the trilingual catalogue
    # lines of the held-out set, used here only as text, never with their labels, whole and as fragments of two
    # adjacent words (so that a pattern is sometimes the only rule that can match).
    seen: set[str] = set()
    for path in sorted((Path(__file__).resolve().parents[1] / "data" / "heldout" / "catalogue").glob("*.csv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            text = line.split(",", 1)[1].rsplit(",", 2)[0]
            words = text.split()
            for piece in (text, *(" ".join(words[i:i + 2]) for i in range(len(words) - 1))):
                if piece not in seen:
                    seen.add(piece)
                    rows.append({"description": piece})
    return rows


def test_batch_gate_gives_the_same_mappings_as_one_by_one(kb):
    """BOMs over 200 rows gate the class rules for all texts in one pass (Rules.candidates); the result must be
    exactly what mapping each part on its own gives."""
    sample = read_bom(resource("samples", "sample_bom_ja.xlsx"))
    generated = make_import(_gate_rows(kb)).parts
    big = pd.concat([sample.parts, generated], ignore_index=True)
    assert len(big) > 200 and big["description"].nunique() > 200
    batched = map_parts(dataclasses.replace(sample, parts=big), kb).mappings
    single = [map_parts(dataclasses.replace(sample, parts=big.iloc[[i]].reset_index(drop=True)), kb).mappings[0]
              for i in range(len(big))]
    for i, (a, b) in enumerate(zip(batched, single, strict=True)):
        assert (a.classes, dict(a.elements), a.confidence, a.method) == \
            (b.classes, dict(b.elements), b.confidence, b.method), (i, big.iloc[i]["description"])


def test_no_japanese_keyword_repeats_what_the_vocabulary_already_gives() -> None:
    """A keywords_ja entry that the vocabulary rewrites to a keyword the class already has is a second home for
    the same word: the vocabulary is where Japanese and Chinese terms live (classes.yaml, header)."""
    from desktop.core.knowledge import load_knowledge
    from desktop.core.mapping.text import rules_for

    kb = load_knowledge()
    rules = rules_for(kb.classes, kb.vocabulary)
    repeated = []
    for c in kb.classes.values():
        seen = set(rules._rewrite(c.keywords_en))
        for kw in c.keywords_ja:
            rewritten = rules._rewrite([kw])
            if rewritten and rewritten[0] in seen:
                repeated.append(f"{c.id}: {kw} -> {rewritten[0]}")
            seen.update(rewritten)
    assert not repeated, "keywords_ja already covered by the vocabulary:\n" + "\n".join(repeated)
