"""Part-library operations of the application layer, shared by the GUI and the CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import library as lib
from desktop.core.errors import CorruptStateError, InputError
from desktop.paths import part_library_file


def test_named_library_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        lib.library_for_assess(tmp_path / "typo.json")
    assert info.value.render() == f"{tmp_path / 'typo.json'}: part library not found"


def test_default_library_absent_means_none() -> None:
    notices: list = []
    assert lib.library_for_assess(None, warn=notices.append) is None and notices == []


def test_damaged_default_library_is_set_aside_with_one_notice() -> None:
    path = part_library_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    notices: list = []
    library = lib.library_for_assess(None, warn=notices.append)
    assert library is not None and len(library) == 0
    assert len(notices) == 1 and notices[0].backup is not None and notices[0].backup.exists()
    assert not path.exists()


def test_damaged_named_library_is_reported_never_renamed(tmp_path: Path) -> None:
    named = tmp_path / "shared.json"
    named.write_text("{not json", encoding="utf-8")
    with pytest.raises(CorruptStateError):
        lib.library_for_assess(named)
    assert named.read_text(encoding="utf-8") == "{not json"


def test_override_round_trip_and_overrides_for(assessed) -> None:
    assessment, _options = assessed
    lib.save_override("P-004", None, class_id="ndfeb_sintered_magnet", note="checked")
    library = lib.load_library()
    entry = library.lookup("P-004", None)
    assert entry is not None and entry.class_id == "ndfeb_sintered_magnet"
    found = lib.overrides_for(assessment.mapped.imported, library)
    assert [e["part_number"] for e in found] == ["P-004"]
    # a document's overrides merge in
    merged = lib.load_library([{**found[0], "part_number": "P-003"}])
    assert merged.lookup("P-003", None) is not None
    assert lib.remove_override("P-004", None) is True
    assert lib.load_library().lookup("P-004", None) is None
    assert lib.remove_override("P-004", None) is False


def test_compare_refuses_a_mistyped_library_like_assess(bom_path: Path, tmp_path: Path) -> None:
    """Both commands load the library through the application layer: a missing --library is an error."""
    for argv in (["assess", str(bom_path), "--library", str(tmp_path / "typo.json")],
                 ["compare", str(bom_path), str(bom_path), "--library", str(tmp_path / "typo.json")]):
        run = subprocess.run([sys.executable, "-m", "desktop", *argv], capture_output=True, text=True, timeout=120)
        assert run.returncode != 0 and "part library not found" in run.stderr, (argv, run.stderr)
        assert "Traceback" not in run.stderr
