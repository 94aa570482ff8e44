"""Ground truth of /work/shared/real_boms/SOURCES.md: REE-bearing rows are found, traps are not flagged."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.importing import read_bom
from desktop.core.knowledge import load_knowledge
from desktop.core.mapping import map_parts

pytestmark = pytest.mark.realbom


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


_CACHE: dict[str, dict[int, object]] = {}
_FOLDER: list[Path] = []


@pytest.fixture(autouse=True, scope="module")
def _real_boms(real_boms_dir: Path) -> None:
    """Every test here reads the real BOMs: skipped as a whole when the folder is absent."""
    _FOLDER[:] = [real_boms_dir]


def mapped(kb, name: str) -> dict[int, object]:
    """Source row -> PartMapping for one real BOM (read with the project's importer)."""
    if name not in _CACHE:
        imported = read_bom(_FOLDER[0] / name)
        table = map_parts(imported, kb)
        _CACHE[name] = {int(r): m for r, m in zip(imported.parts["row"], table.mappings, strict=True)}
    return _CACHE[name]


REE_ROWS = [
    ("bcn3d_moveo_bom.xlsx", [5, 12, 13, 14, 15], "stepper_motor_hybrid", {"Nd", "Pr"}),
    ("creality_ender3_mechanical_bom.xls", [33, 34], "stepper_motor_hybrid", {"Nd", "Pr"}),
    ("opentorque_actuator_bom.csv", [3], "drone_motor", {"Nd", "Pr", "Dy"}),
    ("espressif_esp32s2_drone_bom.xlsx", [42], "coreless_micro_motor", {"Nd", "Pr"}),
    ("espressif_esp32s2_drone_bom.xlsx", [12], "led_package_phosphor", {"Y", "Ce"}),
]


@pytest.mark.parametrize("name,rows,cls,elements", REE_ROWS)
def test_ree_bearing_rows(kb, name, rows, cls, elements):
    table = mapped(kb, name)
    for row in rows:
        m = table[row]
        assert m.has_ree, (name, row)
        assert m.classes[0] == cls, (name, row, m.classes)
        assert elements <= set(m.elements), (name, row, set(m.elements))


TRAPS = [
    ("bcn3d_moveo_bom.xlsx", [7, 19, 20, 21, 22, 34, 35]),          # stepper driver, bearings
    ("creality_ender3_mechanical_bom.xls", [6, 11, 12, 107, 98, 99, 100, 87, 88, 89, 103, 86, 154]),
    ("creality_ender3_pcba_bom.xlsx", [28, 16, 39, 21, 20, 36, 31]),
    ("voron2_xy_endstop_bom.xlsx", [15, 16, 11]),
    ("voron2_ramps_expander_bom.xlsx", [10, 21]),                    # FAN1/FAN2 connector, red LEDs
    ("espressif_esp32s2_drone_flowdeck_bom.xlsx", [11, 9, 13]),
    ("mechaduino02_pcb_bom.csv", [32, 25, 6, 30, 27, 16]),
    ("openmower_coverui_bom.csv", [4, 5]),
    ("openmower_mainboard_bom.csv", [14]),                           # WS2812B
    ("opentorque_actuator_bom.csv", [4, 8, 7]),
    ("parol6_robot_arm_bom.xlsx", [28, 29]),                         # planetary gearboxes
    ("espressif_esp32s2_drone_bom.xlsx", [13, 14, 15, 16]),          # blue/red/green LED, ferrite bead
]


@pytest.mark.parametrize("name,rows", TRAPS)
def test_traps_are_not_flagged(kb, name, rows):
    table = mapped(kb, name)
    for row in rows:
        assert row in table, (name, row)
        m = table[row]
        assert not m.has_ree, (name, row, m.classes)


@pytest.mark.parametrize("name,rows", [
    ("bcn3d_moveo_bom.xlsx", [7]), ("voron2_xy_endstop_bom.xlsx", [15, 16]),
    ("mechaduino02_pcb_bom.csv", [32, 25, 27]), ("parol6_robot_arm_bom.xlsx", [28, 29]),
    ("espressif_esp32s2_drone_bom.xlsx", [14, 16]), ("creality_ender3_mechanical_bom.xls", [98, 6]),
])
def test_traps_are_positively_identified(kb, name, rows):
    table = mapped(kb, name)
    for row in rows:
        m = table[row]
        assert m.rare_earth_free and kb.classes[m.classes[0]].kind == "lookalike", (name, row, m.classes)


@pytest.mark.parametrize("name,rows", [
    ("voron2_xy_endstop_bom.xlsx", [9, 14, 17]), ("creality_ender3_pcba_bom.xlsx", [13, 14, 15, 17]),
    ("mechaduino02_pcb_bom.csv", [11, 12, 13, 14, 18, 20]), ("espressif_esp32s2_drone_flowdeck_bom.xlsx", [3, 4, 5, 6, 12]),
])
def test_mlcc_lines_are_trace(kb, name, rows):
    table = mapped(kb, name)
    for row in rows:
        assert table[row].classes[0] == "mlcc", (name, row, table[row].classes)


@pytest.mark.parametrize("name", ["voron2_expander_bridge_bom.xlsx", "espressif_esp32s3box_dock_bom.xlsm"])
def test_negative_controls(kb, name):
    assert not any(m.has_ree for m in mapped(kb, name).values())


def test_ender_pcba_has_no_confident_ree(kb):
    table = mapped(kb, "creality_ender3_pcba_bom.xlsx")
    flagged = {r for r, m in table.items() if m.has_ree and kb.classes[m.classes[0]].kind == "ree"}
    assert flagged == {26}          # the LED without colour: white assumed, low confidence
    assert table[26].confidence == "low"
