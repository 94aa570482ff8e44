"""A file opened once (``open_book``) gives, for every choice of sheet, header row and columns, exactly what
``read_bom``/``preview`` give, without reading the file again; the pipeline's import stage takes the book."""
from __future__ import annotations

import dataclasses
import hashlib
import math
import shutil
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import desktop.core.importing.api as api
from desktop.core.errors import InputError, PasswordRequired
from desktop.core.importing import open_book, preview, read_bom
from desktop.core.pipeline import import_stage
from desktop.core.types import ImportOptions, ImportResult
from tests.core.importing_fixtures import (
    EN_HEADERS,
    ITEMS,
    encrypt_xlsx,
    japanese_bom_rows,
    shuffled,
    write_csv,
    write_xlsx,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_bom_ja.xlsx"
HELDOUT = sorted((Path(__file__).resolve().parents[1] / "data").glob("heldout*/files/*.csv"))


# -- comparing two results field by field, values and their Python types ------------------------------------------
def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _same_rows(a: tuple[tuple[Any, ...], ...], b: tuple[tuple[Any, ...], ...]) -> bool:
    return len(a) == len(b) and all(len(r) == len(s) and all(map(_same, r, s)) for r, s in zip(a, b, strict=True))


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if list(a.columns) != list(b.columns) or list(a.dtypes) != list(b.dtypes) or not a.equals(b):
        return False
    return all(x is y or _same(x, y) for c in a.columns for x, y in zip(a[c].tolist(), b[c].tolist(), strict=True))


def assert_same_result(a: ImportResult, b: ImportResult) -> None:
    for f in dataclasses.fields(ImportResult):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "parts":
            assert _same_frame(x, y), f.name
        elif f.name == "raw_rows":
            assert _same_rows(x, y), f.name
        elif f.name == "sheet_results":
            assert len(x) == len(y)
            for r, s in zip(x, y, strict=True):
                assert _same_rows(r.raw_rows, s.raw_rows) and replace(r, raw_rows=()) == replace(s, raw_rows=())
        else:
            assert x == y, f.name


def _outcome(fn: Any) -> Any:
    try:
        return fn()
    except InputError as exc:
        return type(exc), exc.msgid, exc.params


def _assert_same_outcome(a: Any, b: Any) -> None:
    if isinstance(a, ImportResult) and isinstance(b, ImportResult):
        assert_same_result(a, b)
    else:
        assert a == b


# -- fixtures --------------------------------------------------------------------------------------------------
@pytest.fixture
def sjis_csv(tmp_path: Path) -> Path:
    rows, _ = japanese_bom_rows()
    return write_csv(tmp_path / "sjis.csv", rows, "cp932")


@pytest.fixture
def multi_xlsx(tmp_path: Path) -> Path:
    rows, header = japanese_bom_rows()
    en = [EN_HEADERS] + [list(i) for i in ITEMS[:3]] + [["X-9", "magnet N52", 3, "", "", "", ""]]
    return write_xlsx(tmp_path / "multi.xlsx", {"表紙": [["ロボットアーム 部品表"]], "部品表": rows, "Copy": rows,
                                                "EN": en, "Shuffled": shuffled(rows, header - 1), "Empty": []},
                      {"部品表": ["A1:G1"]})


@pytest.fixture
def secret_xlsx(tmp_path: Path) -> Path:
    rows, _ = japanese_bom_rows()
    return encrypt_xlsx(write_xlsx(tmp_path / "plain.xlsx", {"部品表": rows}), tmp_path / "secret.xlsx", "s3cret")


def _choices(path: Path, base: ImportOptions) -> list[ImportOptions]:
    """What a user does in the wizard: the detected layout, other header rows, no header row, other columns,
    other sheets."""
    info = preview(path, base)
    h = info.header_row
    heads = [x for x in info.headers if x]
    out = [base, replace(base, header_row=h + 1), replace(base, header_row=0), replace(base, header_row=h)]
    if h > 1:
        out.append(replace(base, header_row=h - 1))
    if heads:
        out += [replace(base, header_row=h, column_map={"description": heads[-1], "supplier": ""}),
                replace(base, column_map={"part_number": heads[0], "quantity": ""})]
    if len(info.sheets) > 1:
        out += [replace(base, sheet="all"), replace(base, sheet=(info.sheets[-1].name, info.sheets[1].name))]
        out += [replace(base, sheet=s.name) for s in info.sheets]
    return out


# -- open + read == read_bom -------------------------------------------------------------------------------------
def _path(name: str, request: pytest.FixtureRequest) -> Path:
    if name == "sample":
        return SAMPLE
    if name in ("sjis_csv", "multi_xlsx", "secret_xlsx"):
        return request.getfixturevalue(name)
    return next(p for p in HELDOUT if p.name == name)


@pytest.mark.parametrize("name", ["sample", "sjis_csv", "multi_xlsx", "secret_xlsx"] + [p.name for p in HELDOUT[:4]])
def test_open_then_read_equals_read_bom_for_every_choice(name: str, request: pytest.FixtureRequest) -> None:
    path = _path(name, request)
    base = ImportOptions(password="s3cret") if name == "secret_xlsx" else ImportOptions()
    choices = _choices(path, base)
    book = open_book(path, base)
    # the same book laid out again and again, in one order and back: every layout equals a fresh read
    for options in choices + choices[::-1]:
        _assert_same_outcome(_outcome(lambda o=options: book.read(o)), _outcome(lambda o=options: read_bom(path, o)))
        assert _outcome(lambda o=options: book.preview(o)) == _outcome(lambda o=options: preview(path, o))
    assert book.read(base).source_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert book.sha256 == read_bom(path, base).source_sha256


def test_encrypted_book_needs_its_password_once(secret_xlsx: Path) -> None:
    with pytest.raises(PasswordRequired):
        open_book(secret_xlsx)
    book = open_book(secret_xlsx, ImportOptions(password="s3cret"))
    assert book.read(ImportOptions(password="s3cret", header_row=5)).header_row == 5
    assert not book.opens_like(ImportOptions(password="other"))
    with pytest.raises(ValueError, match="open the file again"):
        book.read(ImportOptions(password="other"))


# -- the file is read once ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sample.xlsx", "sjis.csv", "secret.xlsx"])
def test_a_book_never_reads_the_file_again(name: str, tmp_path: Path, sjis_csv: Path, secret_xlsx: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    source = {"sample.xlsx": SAMPLE, "sjis.csv": sjis_csv, "secret.xlsx": secret_xlsx}[name]
    path = tmp_path / f"copy-{name}"
    shutil.copyfile(source, path)
    base = ImportOptions(password="s3cret") if name == "secret.xlsx" else ImportOptions()
    choices = _choices(path, base)
    expected = [_outcome(lambda o=o: read_bom(path, o)) for o in choices]
    previews = [preview(path, o) for o in choices]
    opened: list[Path] = []
    real = api.open_workbook
    monkeypatch.setattr(api, "open_workbook", lambda p, o: opened.append(p) or real(p, o))
    book = open_book(path, base)
    path.unlink()   # gone: every later layout works on what was read
    for options, want, shown in zip(choices, expected, previews, strict=True):
        _assert_same_outcome(_outcome(lambda o=options: book.read(o)), want)
        assert book.preview(options) == shown
    assert opened == [path]


def test_a_changed_file_keeps_what_was_read_and_its_hash(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", [EN_HEADERS] + [list(i) for i in ITEMS])
    first = hashlib.sha256(path.read_bytes()).hexdigest()
    book = open_book(path)
    write_csv(path, [EN_HEADERS] + [list(i) for i in ITEMS[:2]])   # edited in Excel while the wizard is open
    result = import_stage(path, ImportOptions(), book=book)
    assert result.rows_imported == len(ITEMS) and result.source_sha256 == first
    assert read_bom(path).rows_imported == 2 and read_bom(path).source_sha256 != first


def test_reads_from_several_threads_give_the_same_result(sjis_csv: Path) -> None:
    book = open_book(sjis_csv)   # a CSV grid builds its display array on first use: the lock serialises that
    want = read_bom(sjis_csv, ImportOptions(header_row=5))
    got: list[ImportResult] = []
    threads = [threading.Thread(target=lambda: got.append(book.read(ImportOptions(header_row=5)))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4
    for result in got:
        assert_same_result(result, want)


# -- the pipeline's import stage ------------------------------------------------------------------------------------
def test_import_stage_on_a_book_reports_the_same_warnings_and_skips(multi_xlsx: Path) -> None:
    book = open_book(multi_xlsx)
    for options in (ImportOptions(), ImportOptions(sheet="all"), ImportOptions(sheet="EN", header_row=1)):
        on_book, from_file = import_stage(multi_xlsx, options, book=book), import_stage(multi_xlsx, options)
        assert on_book.warnings == from_file.warnings and on_book.warnings
        assert on_book.skipped == from_file.skipped
        assert_same_result(on_book, from_file)
    with pytest.raises(ValueError, match="not"):
        import_stage(multi_xlsx.with_name("other.xlsx"), book=book)


def test_import_stage_on_a_book_refuses_a_table_without_parts(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "header_only.csv", [EN_HEADERS])
    book = open_book(path)
    assert book.read().rows_imported == 0     # the book reads it …
    with pytest.raises(InputError, match="no part rows"):
        import_stage(path, book=book)         # … the pipeline never assesses it
