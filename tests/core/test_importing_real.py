"""Every real BOM in ../shared/real_boms, checked against the ground truth in SOURCES.md."""
from __future__ import annotations

import pytest

from desktop.core.importing import preview, read_bom
from desktop.core.types import PART_COLUMNS, ImportOptions

pytestmark = pytest.mark.realbom

# file -> (sheet, header row, items, first item row, last item row)
EXPECTED = {
    "creality_ender3_mechanical_bom.xls": ("sheet1", 2, 162, 3, 164),
    "creality_ender3_pcba_bom.xlsx": ("5-26", 4, 45, 5, 49),
    "voron2_expander_bridge_bom.xlsx": ("MZBOT_XY-Endstop", 6, 5, 7, 11),
    "voron2_ramps_expander_bom.xlsx": ("MZBOT_XY-Endstop", 6, 18, 7, 24),
    "voron2_xy_endstop_bom.xlsx": ("MZBOT_XY-Endstop", 6, 12, 7, 18),
    "espressif_esp32s3box_mainboard_bom.xlsx": ("SCH_ESP32-S3-BOX_V2", 2, 59, 3, 64),
    "espressif_esp32s3box_dock_bom.xlsm": ("PCBA", 2, 8, 3, 10),
    "espressif_esp32s2_drone_bom.xlsx": ("ESP32-S2-Drone", 2, 43, 3, 45),
    "espressif_esp32s2_drone_flowdeck_bom.xlsx": ("BOM", 2, 12, 3, 14),
    "mechaduino02_pcb_bom.csv": (None, 1, 38, 2, 39),
    "openmower_mainboard_bom.csv": (None, 1, 52, 2, 53),
    "openmower_coverui_bom.csv": (None, 1, 28, 2, 29),
    "opentorque_actuator_bom.csv": (None, 1, 11, 2, 12),
    "bcn3d_moveo_bom.xlsx": ("Hoja 1", 4, 60, 5, 64),
    "parol6_robot_arm_bom.xlsx": ("Sheet1", 10, 59, 11, 85),
}


def test_every_real_bom_is_covered(real_boms_dir) -> None:
    files = {p.name for p in real_boms_dir.iterdir() if p.suffix != ".md"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_bom_shape(real_boms_dir, name: str) -> None:
    sheet, header, items, first, last = EXPECTED[name]
    r = read_bom(real_boms_dir / name)
    assert r.sheet == sheet
    assert r.header_row == header
    assert r.rows_total == r.rows_imported + len(r.skipped)
    assert list(r.parts.columns) == list(PART_COLUMNS)
    for result in r.sheet_results:  # rows_total = imported + skipped per sheet, and the sheets add up
        assert not result.used or result.rows_total == result.rows_imported + result.rows_skipped
    assert sum(s.rows_imported for s in r.sheet_results if s.used) == r.rows_imported
    main = r.parts[r.parts["sheet"] == sheet] if sheet else r.parts  # the main sheet (others: see below)
    assert len(main) == items
    assert main["row"].iloc[0] == first and main["row"].iloc[-1] == last
    assert main["row"].is_monotonic_increasing
    assert (r.parts["description"].str.len() > 0).all() or r.parts["part_number"].notna().all()
    pv = preview(real_boms_dir / name)
    assert pv.header_row == header and pv.sheet == sheet


def _row(r, row: int) -> dict:
    return r.parts[r.parts["row"] == row].iloc[0].to_dict()


def test_ender3_mechanical_values(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "creality_ender3_mechanical_bom.xls")
    assert r.skipped == ()
    m33 = _row(r, 33)
    assert m33["description"] == "42-34 Motor" and m33["specification"] == "JK42HS34-0844YA-03F"
    assert m33["quantity"] == 3.0 and m33["unit"] == "pcs"
    assert all(not pn.endswith(".0") for pn in r.parts["part_number"].dropna())
    assert _row(r, 3)["part_number"] == "200101027"


def test_ender3_pcba_typo_header(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "creality_ender3_pcba_bom.xlsx")
    assert r.columns["quantity"].header == "gosage" and r.columns["quantity"].confidence < 1.0
    assert _row(r, 14)["quantity"] == 31.0


def test_voron_metadata_block_and_newline_cell(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "voron2_ramps_expander_bom.xlsx")
    assert "\n" in _row(r, 20)["reference"]
    assert _row(r, 23)["reference"] is None and _row(r, 23)["quantity"] == 9.0
    assert r.columns["mpn"].header == "Manufacture P/N"


def test_bcn3d_steppers_side_table_and_decimal_comma(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "bcn3d_moveo_bom.xlsx")
    for row in (5, 12, 13, 14, 15):
        assert "nema" in _row(r, row)["description"].lower()
    assert _row(r, 13)["quantity"] == 2.0
    belt = _row(r, 37)
    assert belt["quantity"] == 1.8 and belt["unit"] == "m" and belt["quantity_raw"] == "1,8 m"
    assert _row(r, 38)["description"].startswith("Dimension A: M-3")  # fasteners block below
    side = [str(w) for w in r.warnings if "side by side" in str(w)]
    assert side and "F–J" in side[0] and "rows 4–37" in side[0] and "PRINTED PARTS" in side[0]


def test_parol6_sections(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "parol6_robot_arm_bom.xlsx")
    codes = {s.row: s.code for s in r.skipped}
    for title, header in ((26, 27), (30, 31), (35, 36), (41, 42), (45, 46), (48, 49), (55, 56), (81, 82)):
        assert codes[title] == "section_title" and codes[header] == "repeated_header"
    motors = [_row(r, row) for row in (32, 33, 34)]
    assert [m["name"] for m in motors] == ["Stepper 1", "Stepper 2", "Stepper 3"]
    assert [m["quantity"] for m in motors] == [1.0, 3.0, 2.0]
    assert "Nema 17" in motors[0]["category"]
    assert _row(r, 57)["category"] == "PAROL control board"  # shifted Electronics section
    tube = _row(r, 76)
    assert tube["quantity"] == 5.0 and tube["unit"] == "m"
    assert _row(r, 11)["specification"] == "M4x10mm" and _row(r, 11)["quantity"] == 20.0


def test_esp32s3box_alternates(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "espressif_esp32s3box_mainboard_bom.xlsx")
    alts = [(s.row, s.code, s.detail) for s in r.skipped]
    assert alts == [(34, "alternate", "alternate for row 33"), (35, "alternate", "alternate for row 33"),
                    (37, "alternate", "alternate for row 36")]


def test_drone_not_fitted_rows_and_headerless_sheet2_assessed(real_boms_dir) -> None:
    """Sheet2 holds the drone's battery, motors and propellers as a table without a header row: it is
    assessed too (it used to be dropped silently)."""
    r = read_bom(real_boms_dir / "espressif_esp32s2_drone_bom.xlsx")
    assert r.sheets == ("ESP32-S2-Drone", "Sheet2") and r.sheet == "ESP32-S2-Drone"
    assert r.sheets_used == ("ESP32-S2-Drone", "Sheet2")
    assert _row(r, 9)["quantity"] == 0.0 and _row(r, 9)["notes"] == "不贴件"
    second = r.parts[r.parts["sheet"] == "Sheet2"]
    assert second["description"].tolist() == ["无人机锂电池", "空心杯电机", "螺旋桨A", "螺旋桨B", "电机密封圈"]
    assert second["quantity"].tolist() == [1.0, 4.0, 2.0, 2.0, 4.0]
    assert second["other_text"].iloc[1] == "尺寸716 电压3.7v 50000"  # links and "NA" left out
    assert [s.header_row for s in r.sheet_results] == [2, 0]
    assert any("Sheet2" in str(w) and "no header row" in str(w) for w in r.warnings)
    pv = preview(real_boms_dir / "espressif_esp32s2_drone_bom.xlsx")
    assert pv.sheets[1].detected_header_row is None and pv.sheets[1].headerless and pv.sheets[1].looks_like_bom
    assert pv.selected == ("ESP32-S2-Drone", "Sheet2")


def test_dock_accessory_sheet_assessed(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "espressif_esp32s3box_dock_bom.xlsm")
    assert r.sheets_used == ("PCBA", "Accessory")
    acc = r.parts[r.parts["sheet"] == "Accessory"]
    assert acc["row"].tolist() == [3, 4, 5] and acc["quantity"].tolist() == [4.0, 4.0, 1.0]
    assert "DOCK" in acc["description"].iloc[2]
    only = read_bom(real_boms_dir / "espressif_esp32s3box_dock_bom.xlsm", ImportOptions(sheet="PCBA"))
    assert only.sheets_used == ("PCBA",) and len(only.parts) == 8
    assert any("Accessory" in str(w) and "not selected" in str(w) for w in only.warnings)


def test_mechaduino_unescaped_quote(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "mechaduino02_pcb_bom.csv")
    assert r.delimiter == ";" and r.encoding == "utf-8"
    assert _row(r, 6)["description"] == 'Standard 2-pin 0.1" header. Use with'
    assert _row(r, 6)["reference"] == "MOTOR_POWER"
    assert _row(r, 12)["quantity"] == 8.0


def test_opentorque_trailing_empty_rows(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "opentorque_actuator_bom.csv")
    assert r.blank_rows == tuple(range(13, 24)) and r.last_row == 12 and r.skipped == ()
    assert "brushless motor" in _row(r, 3)["description"]


def test_openmower_utf8_and_quoted_commas(real_boms_dir) -> None:
    r = read_bom(real_boms_dir / "openmower_coverui_bom.csv")
    assert _row(r, 2)["description"] == "Buzzer, polarized"
    assert r.columns["quantity"].header == "Quantity Per PCB"
