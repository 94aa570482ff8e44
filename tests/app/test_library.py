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


# -- the Library menu's and the `library`/`survey` commands' steps (one set, used by both) -----------------------

def _entry(pn: str, *, note: str = "", at: str = "2026-11-01T10:00:00", **content) -> dict:
    return {"part_number": pn, "mpn": None, "class_id": content.get("class_id"), "grams": content.get("grams", {}),
            "rare_earth_free": content.get("free", False), "note": note, "author": "tester", "date": "2026-11-01",
            "recorded_at": at, "source": "override"}


def _library_file(path: Path, *entries: dict) -> Path:
    import json

    path.write_text(json.dumps({"format_version": 1, "entries": list(entries)}), encoding="utf-8")
    return path


def _damaged_own_library() -> Path:
    path = part_library_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    return path


def test_export_refuses_the_library_itself_and_a_folder_and_writes_nothing(tmp_path: Path) -> None:
    from desktop.core.errors import UsageError

    own = _library_file(part_library_file(), _entry("A-1", class_id="mlcc"))
    before = own.read_bytes()
    with pytest.raises(UsageError) as info:
        lib.export_library(own)
    assert info.value.render() == f"{own}: the export would replace the library itself; choose another file"
    named = _library_file(tmp_path / "shared.json", _entry("B-2", free=True))
    with pytest.raises(UsageError):
        lib.export_library(named, named)        # a named library is refused over itself too
    with pytest.raises(UsageError) as info:
        lib.export_library(tmp_path)
    assert info.value.render() == f"{tmp_path}: cannot write: it is a folder"
    assert own.read_bytes() == before


def test_export_writes_every_entry_and_says_how_many(tmp_path: Path) -> None:
    from desktop.core.mapping.library import PartLibrary

    _library_file(part_library_file(), _entry("A-1", class_id="mlcc"))
    done = lib.export_library(tmp_path / "out.json")
    assert done.message().render() == f"1 entry exported to {tmp_path / 'out.json'}"
    assert PartLibrary.load(tmp_path / "out.json").lookup("A-1").class_id == "mlcc"
    named = _library_file(tmp_path / "named.json", _entry("B-2", free=True), _entry("C-3", class_id="mlcc"))
    done = lib.export_library(tmp_path / "two.json", named)
    assert done.entries == 2 and done.message().render().startswith("2 entries exported to ")


def test_import_refusals_come_before_any_change(tmp_path: Path) -> None:
    from desktop.core.errors import UsageError

    own = _library_file(part_library_file(), _entry("A-1", class_id="mlcc"))
    before = own.read_bytes()
    with pytest.raises(InputError) as missing:
        lib.import_library(tmp_path / "missing.json")
    assert missing.value.render() == f"{tmp_path / 'missing.json'}: file not found"
    with pytest.raises(UsageError) as itself:
        lib.import_library(own)
    assert itself.value.render() == f"{own}: this is the library itself"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 1, "entries": [{"part_number": "B", "grams": {"Nd": -3}}]}', encoding="utf-8")
    with pytest.raises(CorruptStateError):
        lib.import_library(bad)
    assert own.read_bytes() == before and bad.exists()   # a colleague's bad file is reported, never renamed


def test_import_counts_read_right_at_one_and_many(tmp_path: Path) -> None:
    """Each count of the summary is a clause with its own plural: never "1 replaced by newer ones"."""
    from desktop.i18n import translation_for

    first = _library_file(tmp_path / "first.json", _entry("A-1", class_id="mlcc", note="old"))
    done = lib.import_library(first)
    assert done.message().render() == (f"{first}: 1 entry added, 0 replaced by newer ones, 0 kept (ours newer; "
                                       "theirs kept in the history), 0 already held")
    newer = _library_file(tmp_path / "newer.json", _entry("A-1", class_id="mlcc", note="new", at="2026-11-02T10:00:00"),
                          _entry("B-2", free=True), _entry("C-3", class_id="mlcc"))
    done = lib.import_library(newer)
    assert (done.counts.added, done.counts.replaced) == (2, 1)
    assert done.message().render() == (f"{newer}: 2 entries added, 1 replaced by a newer one, 0 kept (ours newer; "
                                       "theirs kept in the history), 0 already held")
    assert done.message().render(translation_for("ja")) == (
        f"{newer}: 追加 2 件、新しい登録で置換 1 件、既存を維持 0 件(こちらが新しいため。取り込んだ登録は履歴に保存)、"
        "登録済み 0 件")
    again = lib.import_library(first).message().render()
    assert again.endswith(": 0 entries added, 0 replaced by newer ones, 1 kept (ours newer; theirs kept in the "
                          "history), 0 already held")
    assert lib.import_library(newer).counts.unchanged == 3


def test_list_entries_sorted_with_the_path_they_came_from(tmp_path: Path) -> None:
    named = _library_file(tmp_path / "named.json", _entry("B-2", free=True), _entry("A-1", class_id="mlcc"))
    listing = lib.list_entries(named)
    assert [e.part_number for e in listing.entries] == ["A-1", "B-2"] and listing.path == named
    assert listing.message().render() == f"2 entries in {named}"
    empty = lib.list_entries()
    assert empty.entries == () and empty.message().render() == f"0 entries in {part_library_file()}"


@pytest.mark.parametrize("step", ["list", "export", "import", "store"])
def test_the_users_own_damaged_library_is_set_aside_with_a_notice_by_every_step(step: str, tmp_path: Path) -> None:
    """The rule of assess (and of the GUI before): the own library heals, the step goes on; told through warn."""
    own = _damaged_own_library()
    colleague = _library_file(tmp_path / "colleague.json", _entry("A-1", class_id="mlcc"))
    notices: list = []
    if step == "list":
        assert lib.list_entries(warn=notices.append).entries == ()
    elif step == "export":
        assert lib.export_library(tmp_path / "out.json", warn=notices.append).entries == 0
    elif step == "import":
        assert lib.import_library(colleague, warn=notices.append).counts.added == 1
    else:
        lib.store_declaration_reading(lib.DeclarationReading(()), warn=notices.append)
    assert len(notices) == 1 and notices[0].path == own and notices[0].backup.exists()
    assert notices[0].backup.read_text(encoding="utf-8") == "{not json"   # renamed, never rewritten


@pytest.mark.parametrize("step", ["list", "export", "import", "store"])
def test_a_named_damaged_library_is_reported_by_every_step_never_renamed(step: str, tmp_path: Path) -> None:
    named = tmp_path / "named.json"
    named.write_text("{not json", encoding="utf-8")
    colleague = _library_file(tmp_path / "colleague.json", _entry("A-1", class_id="mlcc"))
    with pytest.raises(CorruptStateError):
        if step == "list":
            lib.list_entries(named)
        elif step == "export":
            lib.export_library(tmp_path / "out.json", named)
        elif step == "import":
            lib.import_library(colleague, named)
        else:
            from desktop.core.declarations.common import DeclarationResult, Declared

            reading = lib.DeclarationReading((DeclarationResult("x.xlsx", [Declared(
                part_number="A-1", mpn=None, grams={"Nd": 1.0}, rare_earth_free=False, source="survey",
                supplier="S", file="x.xlsx")]),))
            lib.store_declaration_reading(reading, named)
    assert named.read_text(encoding="utf-8") == "{not json"


def test_declaration_files_expand_folders_and_refuse_before_reading(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    for name in ("b.xlsx", "a.XML", "~$b.xlsx", ".~lock.b.xlsx#", "notes.txt"):
        (folder / name).write_bytes(b"")
    one = tmp_path / "one.xlsx"
    one.write_bytes(b"")
    assert lib.declaration_files([one, folder]) == [one, folder / "a.XML", folder / "b.xlsx"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError) as info:
        lib.declaration_files([one, empty])
    assert "the folder holds no survey workbook" in info.value.render()
    with pytest.raises(InputError):
        lib.declaration_files([tmp_path / "missing.xlsx"])


def test_survey_import_keeps_good_rows_and_counts_each_clause_with_its_own_plural(tmp_path: Path) -> None:
    from desktop.core.declarations.common import DeclarationProblem, DeclarationResult, Declared
    from desktop.core.types import Message
    from desktop.i18n import translation_for

    unreadable = tmp_path / "unreadable.xlsx"
    unreadable.write_bytes(b"not a workbook")
    reading = lib.read_declaration_files([unreadable])
    assert len(reading.failures) == 1 and reading.results == ()
    good = DeclarationResult("s.xlsx", [Declared(part_number="A-1", mpn=None, grams={"Nd": 1.0},
                                                 rare_earth_free=False, source="survey", supplier="S", file="s.xlsx")],
                             [DeclarationProblem("s.xlsx", "Declaration", "E4", Message("bad"))], unanswered=1)
    done = lib.store_declaration_reading(lib.DeclarationReading((good,)))
    assert done.stored == 1 and not done.complete
    assert done.message().render() == (f"1 declaration imported into {part_library_file()}; 1 cell or record not "
                                       "imported, 1 row not answered")
    assert done.message().render(translation_for("ja")) == (
        f"1 件の申告を {part_library_file()} に取り込みました。取り込めなかったセル・レコード: 1 件、未回答の行: 1 件")
    many = lib.DeclarationsStored(part_library_file(), 2, lib.DeclarationReading((good, good)))
    assert many.message().render() == (f"2 declarations imported into {part_library_file()}; 2 cells or records "
                                       "not imported, 2 rows not answered")
    assert lib.DeclarationsStored(part_library_file(), 0, lib.DeclarationReading(())).complete
    assert not lib.DeclarationsStored(part_library_file(), 0, reading).complete   # an unreadable file counts


def test_survey_export_refuses_a_missing_bom(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        lib.export_surveys(tmp_path / "missing.xlsx", tmp_path / "out")
    assert info.value.render() == f"{tmp_path / 'missing.xlsx'}: file not found"
    assert not (tmp_path / "out").exists()


def test_survey_export_one_workbook_per_supplier(bom_path: Path, tmp_path: Path) -> None:
    done = lib.export_surveys(bom_path, tmp_path / "out")
    assert len(done.written) == 4 and all(p.parent == tmp_path / "out" for p in done.written)
    assert done.message().render() == f"4 survey workbooks written to {tmp_path / 'out'}"
