"""A four-line BOM (magnet, motor, resistor, an unknown part) assessed once per test: small, made here, no Qt."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

BOM = (
    "Part Number,Description,Manufacturer,MPN,Qty,Supplier,Country\n"
    "P-001,NdFeB magnet 10x5mm N42,Acme,MAG-1,2,Shenzhen Magnets,CN\n"
    "P-002,BLDC motor 24V 100W,MotorCo,BL-100,1,MotorCo Japan,JP\n"
    "P-003,Resistor 10k 0603,Yageo,RC0603-10K,20,Digikey,US\n"
    "P-004,Mystery widget,,,1,,\n"
)


@pytest.fixture
def bom_path(tmp_path: Path) -> Path:
    path = tmp_path / "bom.csv"
    path.write_text(BOM, encoding="utf-8")
    return path


@pytest.fixture
def assessed(bom_path: Path) -> Any:
    """(assessment, import options) of ``bom_path`` with the user's (empty, isolated) library."""
    import datetime as dt

    from desktop.core.pipeline import assess_file
    from desktop.core.types import ImportOptions

    options = ImportOptions()
    return assess_file(bom_path, import_options=options, as_of=dt.date(2026, 1, 15), scenario="baseline"), options
