"""Parsing ahead (``container.OpeningAhead``: the sheets parsed in a worker thread while the caller loads other
things, as the CLI does) changes nothing: its ``result()`` then ``read()`` gives what ``read_bom`` gives, errors
included; and the row-by-row sheet read (``readers.sheet_rows``) gives the cells ``to_python(skip_empty_area=False)`` gives,
padded from A1 when the data starts further right or lower."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import desktop.core.importing.container as container
import desktop.core.importing.readers as readers
from desktop.core.errors import InputError, PasswordRequired
from desktop.core.importing import read_bom
from desktop.core.pipeline import import_stage
from desktop.core.types import ImportLimits, ImportOptions
from tests.core.importing_fixtures import (
    EN_HEADERS,
    ITEMS,
    encrypt_xlsx,
    japanese_bom_rows,
    write_csv,
    write_xlsx,
)
from tests.core.test_import_opened import SAMPLE, _choices, _outcome, assert_same_result


# -- fixtures --------------------------------------------------------------------------------------------------
@pytest.fixture
def offset_xlsx(tmp_path: Path) -> Path:
    """A BOM whose table starts at C3 (two empty rows and two empty columns before it), a title in E1 on
    a second sheet, and a hidden sheet."""
    table = [EN_HEADERS] + [list(i) for i in ITEMS]
    path = write_xlsx(tmp_path / "offset.xlsx", {
        "BOM": [[], []] + [["", "", *row] for row in table],
        "Cover": [["", "", "", "", "Robot arm"]],
        "Old": table,
    })
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["Old"].sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.fixture
def multi_xlsx(tmp_path: Path) -> Path:
    rows, _ = japanese_bom_rows()
    en = [EN_HEADERS] + [list(i) for i in ITEMS[:3]]
    return write_xlsx(tmp_path / "multi.xlsx", {"表紙": [["ロボットアーム 部品表"]], "部品表": rows, "Copy": rows,
                                                "EN": en, "Empty": []})


@pytest.fixture
def secret_xlsx(tmp_path: Path) -> Path:
    rows, _ = japanese_bom_rows()
    return encrypt_xlsx(write_xlsx(tmp_path / "plain.xlsx", {"部品表": rows}), tmp_path / "secret.xlsx", "s3cret")


def _in_worker(path: Path, options: ImportOptions) -> Any:
    """What the CLI does: the sheets parsed in a worker thread; the caller collects the book with ``result()``."""
    return container.OpeningAhead(path, options).result()


# -- the row-by-row read ------------------------------------------------------------------------------------------
def test_rows_read_one_by_one_are_the_whole_sheet_from_a1(offset_xlsx: Path) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(offset_xlsx.read_bytes()))
    for name in ("BOM", "Cover", "Old"):
        sheet = wb.get_sheet_by_name(name)
        assert sheet.start[1] > 0 or name == "Old"      # the data starts right of column A on two sheets
        whole = [tuple(row) for row in sheet.to_python(skip_empty_area=False)]
        assert readers.sheet_rows(sheet) == whole
    bom = readers.sheet_rows(wb.get_sheet_by_name("BOM"))
    assert bom[2][:3] == ("", "", EN_HEADERS[0]) and bom[0] == ("",) * (2 + len(EN_HEADERS))


def test_a_table_that_starts_at_c3_keeps_its_columns_and_rows(offset_xlsx: Path) -> None:
    result = read_bom(offset_xlsx)
    assert result.sheet == "BOM" and result.header_row == 3
    assert result.columns["part_number"].index == 2 and result.columns["quantity"].index == 4
    assert result.headers[:3] == ("", "", EN_HEADERS[0])
    assert result.parts["part_number"].tolist() == [i[0] for i in ITEMS]
    assert result.parts["row"].tolist() == list(range(4, 4 + len(ITEMS)))
    assert result.raw_rows[3][:4] == ("", "", *ITEMS[0][:2])
    assert all(len(row) == 2 + len(EN_HEADERS) for row in result.raw_rows)


def test_a_python_calamine_without_iter_rows_reads_the_same(offset_xlsx: Path) -> None:
    from python_calamine import CalamineWorkbook

    class Old:   # an older python-calamine: to_python only
        def __init__(self, sheet: Any) -> None:
            self.to_python = sheet.to_python

    sheet = CalamineWorkbook.from_path(str(offset_xlsx)).get_sheet_by_name("BOM")
    assert readers.sheet_rows(Old(sheet)) == readers.sheet_rows(sheet)


# -- parsed ahead, then read == read_bom ---------------------------------------------------------------------------------
def _path(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if name == "sample":
        return SAMPLE
    if name == "csv":
        rows, _ = japanese_bom_rows()
        return write_csv(tmp_path / "sjis.csv", rows, "cp932")
    return request.getfixturevalue(name)


@pytest.mark.parametrize("name", ["sample", "csv", "multi_xlsx", "offset_xlsx", "secret_xlsx"])
def test_parsed_ahead_then_read_equals_read_bom(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    path = _path(name, request, tmp_path)
    base = ImportOptions(password="s3cret") if name == "secret_xlsx" else ImportOptions()
    for options in _choices(path, base):
        book = _in_worker(path, options)
        got = _outcome(lambda b=book, o=options: import_stage(path, o, book=b))
        want = _outcome(lambda o=options: import_stage(path, o))
        if isinstance(want, tuple):
            assert got == want
        else:
            assert_same_result(got, want)


def test_a_book_opened_ahead_lays_out_the_sheets_read_bom_lays_out(multi_xlsx: Path, offset_xlsx: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []
    real = readers._load_sheet
    monkeypatch.setattr(readers, "_load_sheet", lambda wb, p, name, *a: loaded.append(name) or real(wb, p, name, *a))
    for path, options in ((multi_xlsx, ImportOptions()), (multi_xlsx, ImportOptions(sheet="EN")),
                          (multi_xlsx, ImportOptions(sheet=("Copy", "部品表"))), (offset_xlsx, ImportOptions())):
        loaded.clear()
        book = _in_worker(path, options)
        assert loaded == []          # the worker only parses; the grids are made by read(), in the caller's thread
        book.read(options)
        assert "Old" not in loaded   # hidden: never read
        ahead = sorted(loaded)
        loaded.clear()
        read_bom(path, options)
        assert sorted(loaded) == ahead


def test_opening_errors_surface_from_result_unchanged(tmp_path: Path, secret_xlsx: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * 2000)
    cases = [(tmp_path / "missing.xlsx", ImportOptions()), (tmp_path / "bom.pdf", ImportOptions()),
             (broken, ImportOptions()), (secret_xlsx, ImportOptions()), (secret_xlsx, ImportOptions(password="no")),
             (folder, ImportOptions()), (big, ImportOptions(limits=ImportLimits(max_file_bytes=1000))),
             (tmp_path / "missing.csv", ImportOptions())]
    (tmp_path / "bom.pdf").write_bytes(b"%PDF-1.4")
    for path, options in cases:
        with pytest.raises(InputError) as from_worker:
            _in_worker(path, options)
        with pytest.raises(InputError) as direct:
            read_bom(path, options)
        assert type(from_worker.value) is type(direct.value)
        assert (from_worker.value.msgid, from_worker.value.params) == (direct.value.msgid, direct.value.params)
    with pytest.raises(PasswordRequired):
        _in_worker(secret_xlsx, ImportOptions())


def test_sheet_errors_are_left_to_read_which_raises_them_as_read_bom_does(multi_xlsx: Path) -> None:
    cases = [ImportOptions(sheet="Nope"), ImportOptions(sheet="Empty"), ImportOptions(sheet="表紙"),
             ImportOptions(limits=ImportLimits(max_rows=5)),                   # every BOM sheet over a limit
             ImportOptions(sheet="EN", limits=ImportLimits(max_rows=5))]       # the named sheet is fine, others not
    for options in cases:
        book = _in_worker(multi_xlsx, options)      # never raises for a sheet
        got, want = _outcome(lambda b=book, o=options: b.read(o)), _outcome(lambda o=options: read_bom(multi_xlsx, o))
        if isinstance(want, tuple):
            assert got == want
        else:
            assert_same_result(got, want)
    assert isinstance(_outcome(lambda: read_bom(multi_xlsx, cases[0])), tuple)   # the cases do fail


# -- OpeningAhead: the parse starts before pandas is imported ------------------------------------------------------
def test_the_worker_s_module_does_not_import_pandas() -> None:
    code = ("import sys, desktop.core.importing.container as c; "
            "print(sorted(m for m in ('pandas', 'desktop.core.importing.api') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ahead_parses_each_visible_sheet_once_and_the_reader_uses_it(multi_xlsx: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, bool]] = []
    real = container.ExcelFile.get_sheet_by_name

    def spy(self: container.ExcelFile, name: str) -> Any:
        served.append((name, name in self.parsed))
        return real(self, name)

    monkeypatch.setattr(container.ExcelFile, "get_sheet_by_name", spy)
    book = _in_worker(multi_xlsx, ImportOptions())
    assert served == []                 # nothing laid out yet
    result = book.read()
    assert sorted(served) == sorted((name, True) for name in book.workbook.sheet_names)   # parsed ahead, used once
    assert_same_result(result, read_bom(multi_xlsx))

