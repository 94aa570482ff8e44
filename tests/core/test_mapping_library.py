"""PartLibrary: overrides by part number / MPN, atomic JSON files, merge, corrupt files."""
from __future__ import annotations

import json

import pytest

from desktop.core.errors import CoreError
from desktop.core.mapping import PartLibrary
from desktop.core.types import ElementGrams


def test_missing_file_is_empty(tmp_path):
    lib = PartLibrary.load(tmp_path / "nope.json")
    assert len(lib) == 0 and lib.lookup("A", "B") is None


def test_round_trip_and_lookup_order(tmp_path):
    lib = PartLibrary()
    lib.set_override(part_number="400201001", class_id="stepper_motor_hybrid", author="Tanaka", date="2026-11-01")
    lib.set_override(mpn="JK42HS34", grams={"Nd": ElementGrams(2.0, 1.0, 3.0)}, note="supplier IMDS")
    lib.set_override(part_number="R-1", rare_earth_free=True)
    path = tmp_path / "sub" / "library.json"
    lib.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == 1 and len(data["entries"]) == 3
    assert not list(path.parent.glob("*.tmp"))
    again = PartLibrary.load(path)
    assert again.lookup(" 400201001 ", None).class_id == "stepper_motor_hybrid"
    assert again.lookup(None, "jk42hs34").grams["Nd"] == ElementGrams(2.0, 1.0, 3.0)
    assert again.lookup("R-1").rare_earth_free
    # part number first, then MPN
    assert again.lookup("400201001", "JK42HS34").class_id == "stepper_motor_hybrid"
    assert again.lookup("unknown", "JK42HS34").note == "supplier IMDS"


def test_set_replaces_and_remove(tmp_path):
    lib = PartLibrary()
    lib.set_override(part_number="A", class_id="mlcc")
    lib.set_override(part_number="A", rare_earth_free=True)
    assert len(lib) == 1 and lib.lookup("A").rare_earth_free
    assert lib.remove(part_number="A") and lib.lookup("A") is None
    assert not lib.remove(part_number="A")
    with pytest.raises(ValueError):
        lib.set_override(part_number="B")
    with pytest.raises(ValueError):
        lib.set_override(class_id="mlcc")


def test_merge_prefers_newer(tmp_path):
    a, b = PartLibrary(), PartLibrary()
    a.set_override(part_number="A", class_id="mlcc", date="2026-11-20")
    b.set_override(part_number="A", rare_earth_free=True, date="2026-10-01")
    b.set_override(part_number="C", class_id="drone_motor", date="2026-10-01")
    assert a.merge(b) == 1
    assert a.lookup("A").class_id == "mlcc" and a.lookup("C").class_id == "drone_motor"
    assert a.merge(b, prefer_newer=False) == 2 and a.lookup("A").rare_earth_free


@pytest.mark.parametrize("content", ["{not json", '{"entries": 3, "format_version": 1}', "[]",
                                     '{"format_version": 1, "entries": [{"class_id": "mlcc"}]}',
                                     '{"format_version": 99, "entries": []}'])
def test_corrupt_file_names_the_path(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CoreError) as err:
        PartLibrary.load(path)
    assert str(path) in str(err.value)
