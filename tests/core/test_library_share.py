"""The part library a team shares: export, import on a colleague's machine (a fresh user folder), newer entry
wins with the older kept in history, who/when/why/source on every entry, and old files still load."""
from __future__ import annotations

import json
import time

from desktop.cli import main
from desktop.core.mapping.library import PartLibrary
from desktop.paths import part_library_file, resource

SAMPLE = resource("samples", "sample_bom_ja.xlsx")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def home(monkeypatch, tmp_path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("REERISK_USER_DIR", str(folder))


def test_declaration_made_on_one_machine_is_used_on_another(tmp_path, monkeypatch, capsys):
    home(monkeypatch, tmp_path, "alice")
    PartLibrary.update(part_library_file(), lambda lib: lib.declare(
        part_number="SP-3002", grams={"Nd": 0.9, "Dy": 0.05}, supplier="東莞音響", file="survey_東莞音響.xlsx",
        origin_country="China"))
    PartLibrary.update(part_library_file(), lambda lib: lib.set_override(
        part_number="LN-4002", rare_earth_free=True, note="glass without La per drawing"))
    shared = tmp_path / "team" / "library.json"
    shared.parent.mkdir()
    code, out, _ = cli(capsys, "library", "export", str(shared))
    assert code == 0 and "2 entries exported" in out

    home(monkeypatch, tmp_path, "bob")
    assert not part_library_file().exists()
    code, out, _ = cli(capsys, "library", "import", str(shared))
    assert code == 0 and "2 entries added" in out
    code, out, err = cli(capsys, "assess", str(SAMPLE), "--json", "-")
    assert code == 0, err
    parts = {p["part_number"]: p for p in json.loads(out)["parts"]}
    speaker = parts["SP-3002"]
    assert speaker["method"] == "declared" and set(speaker["elements"]) == {"Nd", "Dy"}
    assert "東莞音響" in speaker["evidence"][0] and "survey_東莞音響.xlsx" in speaker["evidence"][0]
    assert parts["LN-4002"]["method"] == "library" and parts["LN-4002"]["elements"] == {}

    code, out, _ = cli(capsys, "library", "list", "--json")
    entries = {e["part_number"]: e for e in json.loads(out)["entries"]}
    assert entries["SP-3002"]["source"] == "survey" and entries["SP-3002"]["supplier"] == "東莞音響"
    override = entries["LN-4002"]
    assert override["source"] == "override" and override["note"] == "glass without La per drawing"
    assert override["author"] and override["recorded_at"] and override["date"]   # who and when
    code, out, _ = cli(capsys, "library", "list")
    assert code == 0 and "SP-3002" in out and "survey 東莞音響" in out
    assert "Dy 50.0 mg" in out and "rare-earth free" in out           # the app's one mass notation
    code, out, _ = cli(capsys, "library", "list", "--lang", "ja")
    assert "Dy 50.0 mg" in out and "rare-earth free" not in out       # translated


def test_newer_entry_wins_and_older_stays_in_history(tmp_path, monkeypatch, capsys):
    home(monkeypatch, tmp_path, "alice")
    PartLibrary.update(part_library_file(), lambda lib: lib.set_override(part_number="A-1", class_id="mlcc",
                                                                         note="first guess"))
    older = tmp_path / "older.json"
    assert cli(capsys, "library", "export", str(older))[0] == 0
    time.sleep(1.1)   # timestamps are to the second
    home(monkeypatch, tmp_path, "bob")
    PartLibrary.update(part_library_file(), lambda lib: lib.set_override(part_number="A-1", rare_earth_free=True,
                                                                         note="checked the datasheet"))
    newer = tmp_path / "newer.json"
    assert cli(capsys, "library", "export", str(newer))[0] == 0

    # Bob imports Alice's older entry: his stays, hers goes into its history
    code, out, _ = cli(capsys, "library", "import", str(older))
    assert code == 0 and "1 kept" in out
    entry = PartLibrary.load(part_library_file()).lookup("A-1")
    assert entry.rare_earth_free and entry.history[0]["note"] == "first guess"
    # Alice imports Bob's newer entry: it replaces hers, hers is kept in history
    home(monkeypatch, tmp_path, "alice")
    code, out, _ = cli(capsys, "library", "import", str(newer))
    assert code == 0 and "1 replaced" in out
    entry = PartLibrary.load(part_library_file()).lookup("A-1")
    assert entry.rare_earth_free and entry.note == "checked the datasheet"
    assert [h["note"] for h in entry.history] == ["first guess"]
    # importing the same file again changes nothing
    before = part_library_file().read_bytes()
    code, out, _ = cli(capsys, "library", "import", str(newer))
    assert code == 0 and "1 already held" in out and part_library_file().read_bytes() == before


def test_old_format_file_imports_with_source_import(tmp_path, capsys):
    old = tmp_path / "colleague.json"
    old.write_text(json.dumps({"format_version": 1, "entries": [
        {"part_number": "400201001", "mpn": None, "class_id": "stepper_motor_hybrid", "grams": {},
         "rare_earth_free": False, "note": "", "author": "Tanaka", "date": "2026-11-01"}]}), encoding="utf-8")
    assert cli(capsys, "library", "import", str(old))[0] == 0
    entry = PartLibrary.load(part_library_file()).lookup("400201001")
    assert entry.source == "import" and entry.file == "colleague.json" and entry.author == "Tanaka"


def test_bad_import_file_changes_nothing(tmp_path, capsys):
    PartLibrary.update(part_library_file(), lambda lib: lib.set_override(part_number="A-1", class_id="mlcc"))
    before = part_library_file().read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format_version": 1, "entries": [
        {"part_number": "B", "grams": {"Nd": -3}}]}), encoding="utf-8")
    code, _out, err = cli(capsys, "library", "import", str(bad))
    assert code == 3 and "bad.json" in err and "entry 1" in err and "Traceback" not in err
    bad.write_text(json.dumps({"format_version": 1, "entries": [
        {"part_number": "B", "class_id": "mlcc", "source": "rumour"}]}), encoding="utf-8")
    code, _out, err = cli(capsys, "library", "import", str(bad))
    assert code == 3 and "'source'" in err
    assert part_library_file().read_bytes() == before
    # exporting onto the library itself is refused
    code, _out, err = cli(capsys, "library", "export", str(part_library_file()))
    assert code == 2 and part_library_file().read_bytes() == before


def test_history_round_trips_and_is_validated(tmp_path):
    lib = PartLibrary()
    lib.set_override(part_number="X", class_id="mlcc", note="one")
    lib.set_override(part_number="X", rare_earth_free=True, note="two")
    path = tmp_path / "lib.json"
    lib.save(path)
    again = PartLibrary.load(path).lookup("X")
    assert again.note == "two" and [h["note"] for h in again.history] == ["one"]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"][0]["history"][0]["grams"] = {"Nd": "heavy"}
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        PartLibrary.load(path)
    except Exception as exc:  # noqa: BLE001
        assert "history item 1" in str(exc)
    else:
        raise AssertionError("a bad history item must be refused")
