"""Exact values on import: number formats, full precision, negative quantities, stray cells trimmed instead of
the sheet refused, zip members checked by their real size, and ``--map`` mistakes refused."""
from __future__ import annotations

import argparse
import io
import struct
import zipfile
from pathlib import Path

import pytest

from desktop.core.errors import InputError
from desktop.core.importing import read_bom
from desktop.core.importing.values import format_number, shows_number_differently
from desktop.core.types import ImportLimits, ImportOptions

HEADER = ["Part No", "Description", "Qty", "Country"]


def workbook(path: Path, rows: list[list], formats: dict[str, str] | None = None,
             extra: dict[str, object] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "BOM"
    for row in rows:
        ws.append(row)
    for ref, code in (formats or {}).items():
        ws[ref].number_format = code
    for ref, value in (extra or {}).items():
        ws[ref] = value
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------- number formats

def test_format_number_applies_padding_and_decimals_and_never_rounds() -> None:
    assert format_number(123, "00000") == "00123"
    assert format_number(123.0, "00000") == "00123"
    assert format_number(7, "0.0") == "7.0"
    assert format_number(12, '"P-"0000') == "P-0012"
    assert format_number(-3, "000") == "-003"
    assert format_number(7.25, "0.0") is None  # Excel shows 7.3: the exact value is kept instead
    assert format_number(1.5, "0") is None
    assert not shows_number_differently("General") and not shows_number_differently("0")
    assert not shows_number_differently("0.00%") and not shows_number_differently("yyyy-mm-dd")
    assert shows_number_differently("00000") and shows_number_differently("0.00")


def test_part_numbers_show_as_excel_shows_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "fmt.xlsx", [HEADER, [123, "Magnet", 1, "CN"], [7, "Motor", 2, "JP"],
                                             [7.25, "Screw", 3, "JP"], ["00042", "Washer", 4, "JP"],
                                             [456, "Nut", 5, "JP"], [12, "Spring", 6, "JP"]],
                    {"A2": "00000", "A3": "0.0", "A4": "0.0", "A6": "@", "A7": '"P-"0000'})
    r = read_bom(path)
    assert r.parts["part_number"].tolist() == ["00123", "7.0", "7.25", "00042", "456", "P-0012"]
    assert r.raw_rows[1][0] == 123  # the values themselves are kept
    assert r.parts["quantity"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_quantities_keep_every_digit_through_import_and_json(tmp_path: Path) -> None:
    from desktop.core.pipeline import assess_file
    from desktop.core.report.json_out import assessment_to_json

    path = workbook(tmp_path / "qty.xlsx", [HEADER, ["P1", "Magnet N42", 1234567, "CN"],
                                             ["P2", "Motor", 0.1234567, "JP"],
                                             ["P3", "Screw", 123456789.123456, "JP"]])
    r = read_bom(path)
    assert r.parts["quantity"].tolist() == [1234567.0, 0.1234567, 123456789.123456]
    assert r.parts["quantity_raw"].tolist() == ["1234567", "0.1234567", "123456789.123456"]
    data = assessment_to_json(assess_file(path))
    assert [p["quantity"] for p in data["parts"]] == [1234567.0, 0.1234567, 123456789.123456]
    assert [p["extended_quantity"] for p in data["parts"]] == [1234567.0, 0.1234567, 123456789.123456]


# --------------------------------------------------------------------------------------- negative quantities

def test_negative_quantities_are_never_used_and_are_named_in_a_warning(tmp_path: Path) -> None:
    """A negative quantity would subtract rare earths, and 0 would read as "not fitted" and hide them: it is
    unknown (counted once per product by scoring, like a missing quantity), with the row and value named."""
    import math

    from desktop.core.pipeline import assess_file

    path = workbook(tmp_path / "neg.xlsx", [HEADER, ["P1", "Neodymium magnet N42", -3, "CN"],
                                             ["P2", "Motor", 2, "JP"], ["P3", "Terbium alloy", "-1.5 kg", "CN"]])
    r = read_bom(path)
    q, ext = r.parts["quantity"].tolist(), r.parts["extended_quantity"].tolist()
    assert math.isnan(q[0]) and q[1] == 2.0 and math.isnan(q[2])
    assert math.isnan(ext[0]) and ext[1] == 2.0 and math.isnan(ext[2])
    assert r.parts["quantity_raw"].tolist() == ["-3", "2", "-1.5 kg"]
    (warning,) = [w for w in r.warnings if "Negative" in w.msgid]
    assert warning.params == {"count": 2, "rows": "2: -3, 4: -1.5 kg"}
    assert not [w for w in r.warnings if "No readable quantity" in w.msgid]  # said once, not twice
    from desktop.i18n import translation_for

    assert "4: -1.5 kg" in warning.render(translation_for("ja"))
    assessment = assess_file(path)
    magnet = assessment.part_scores[0]
    assert magnet.score > 0 and magnet.tier not in ("none",)  # the magnet's rare earths are not hidden


# ------------------------------------------------------------------------------------------ trim, not refuse

@pytest.mark.parametrize("stray", ["XFD1", "A1048576", "XFD1048576"])
def test_a_stray_cell_far_away_is_trimmed_with_a_warning(tmp_path: Path, stray: str) -> None:
    rows = [HEADER] + [[f"P{i}", "Magnet", i + 1, "CN"] for i in range(5)]
    path = workbook(tmp_path / "stray.xlsx", rows, extra={stray: "x"})
    r = read_bom(path)
    assert r.parts["part_number"].tolist() == [f"P{i}" for i in range(5)]
    assert max(len(row) for row in r.raw_rows) == 4 and len(r.raw_rows) == 6
    (warning,) = [w for w in r.warnings if "far outside" in w.msgid]
    assert warning.params == {"sheet": "BOM", "count": 1, "cells": stray}


def test_a_far_block_too_big_to_be_a_stray_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """16 cells at XFD1048560:XFD1048575 are no stray: the sheet is over the limits and refused with a clear
    message, before python-calamine would allocate the dense 1,048,575 × 16,384 range (it aborts the process)."""
    rows = [HEADER] + [[f"P{i}", "Magnet", i + 1, "CN"] for i in range(5)]
    path = workbook(tmp_path / "farblock.xlsx", rows, extra={f"XFD{r}": "x" for r in range(1048560, 1048576)})
    with pytest.raises(InputError, match="rows, more than the limit"):
        read_bom(path)


def test_a_formatted_empty_cell_far_away_is_no_part_of_the_used_range(tmp_path: Path) -> None:
    from openpyxl.styles import Font

    rows = [HEADER] + [[f"P{i}", "Magnet", i + 1, "CN"] for i in range(3)]
    path = workbook(tmp_path / "fmt.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active["XFD1048576"].font = Font(bold=True)
    wb.save(path)
    r = read_bom(path, ImportOptions(limits=ImportLimits(max_rows=100, max_columns=10)))
    assert len(r.parts) == 3 and not [w for w in r.warnings if "far outside" in w.msgid]


def test_a_wide_workbook_imports_and_real_excess_is_still_refused(tmp_path: Path) -> None:
    header = ["Part No", "Description", "Qty"] + [f"Attr {i}" for i in range(602)]
    row = ["P-1", "Magnet", 2] + [f"v{i}" for i in range(602)]
    path = workbook(tmp_path / "wide.xlsx", [header, row])
    assert read_bom(path).parts["part_number"].tolist() == ["P-1"]
    with pytest.raises(InputError, match="605 columns"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_columns=600)))
    with pytest.raises(InputError, match="more than the limit of 1000 cells"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_cells=1000)))
    # a block of more than a few cells far away is part of the sheet, not a stray: the limit decides
    rows = [HEADER] + [[f"P{i}", "Magnet", i + 1, "CN"] for i in range(5)]
    far = {f"AAA{r}": "x" for r in range(1, 13)}
    path = workbook(tmp_path / "block.xlsx", rows, extra=far)
    with pytest.raises(InputError, match="columns"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_columns=500)))


# ------------------------------------------------------------------------------------------------ zip sizes

def _lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of ``member`` in its local header and central directory entry."""
    buf = bytearray(data)
    name = member.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (pos := buf.find(sig, start)) >= 0:
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if buf[name_at:name_at + len(name)] == name:
                struct.pack_into("<I", buf, pos + offset, declared)
            start = pos + 4
    return bytes(buf)


def test_a_member_that_declares_less_than_it_unpacks_to_is_refused(tmp_path: Path) -> None:
    rows = [HEADER] + [[f"P{i}", "Magnet " * 20, i + 1, "CN"] for i in range(200)]
    good = workbook(tmp_path / "good.xlsx", rows).read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        member = next(n for n in zf.namelist() if n.startswith("xl/worksheets/"))
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(_lie_about_size(good, member, 100))
    with pytest.raises(InputError, match="damaged"):
        read_bom(liar)
    # the real size counts against the cap, whatever the directory says
    size = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(good)).infolist())
    with pytest.raises(InputError, match="unpack"):
        read_bom(tmp_path / "good.xlsx", ImportOptions(limits=ImportLimits(max_decompressed_bytes=size - 1)))


# --------------------------------------------------------------------------------------------------- --map

def test_map_with_an_unknown_field_is_a_usage_error() -> None:
    from desktop.cli import _mapping

    assert _mapping("quantity=員数") == ("quantity", "員数")
    with pytest.raises(argparse.ArgumentTypeError, match="unknown field 'unknownfield'.*part_number"):
        _mapping("unknownfield=X")


def test_map_with_a_header_that_is_not_there_names_the_headers(tmp_path: Path) -> None:
    from desktop.cli import _check_map
    from desktop.i18n import translation_for

    path = workbook(tmp_path / "map.xlsx", [HEADER, ["P1", "Magnet", 2, "CN"]])
    imported = read_bom(path, ImportOptions(column_map={"quantity": "NoSuchHeader"}))
    args = argparse.Namespace(map=[("quantity", "NoSuchHeader")])
    line = _check_map(args, imported, translation_for("en"))
    assert line is not None and "NoSuchHeader" in line and "“Qty”" in line and "map.xlsx" in line
    ok = argparse.Namespace(map=[("quantity", "qty")])
    assert _check_map(ok, read_bom(path, ImportOptions(column_map={"quantity": "qty"})),
                      translation_for("en")) is None


def test_map_mistakes_exit_2_from_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = workbook(tmp_path / "map.xlsx", [HEADER, ["P1", "Magnet", 2, "CN"]])
    for bad, named in (("unknownfield=X", "unknownfield"), ("quantity=NoSuchHeader", "NoSuchHeader")):
        out = tmp_path / "out.json"
        proc = subprocess.run([sys.executable, "-m", "desktop", "assess", str(path), "--map", bad,
                               "--json", str(out)], capture_output=True, text=True, encoding="utf-8", timeout=300)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("error:") and named in proc.stderr
        assert not out.exists() and "Traceback" not in proc.stderr


def test_quantities_in_exponent_notation_are_read() -> None:
    """calamine gives 0.00001 as a float whose text is "1e-05": it must stay a quantity, not become empty."""
    from desktop.core.importing.values import split_quantity

    assert split_quantity("1e-05") == (1e-05, None)
    assert split_quantity("1.175494351e-38") == (1.175494351e-38, None)
    assert split_quantity("1,200") == (1200.0, None) and split_quantity("12個") == (12.0, "pcs")


def test_number_formats_whatever_the_order_of_the_cell_attributes(tmp_path: Path) -> None:
    """Writers other than Excel put a cell's attributes in any order: <c s="1" r="A2"> is read like
    <c r="A2" s="1"> (a regex that expected ``r`` first lost the format and showed 123 instead of 00123)."""
    import re

    path = workbook(tmp_path / "fmt.xlsx", [HEADER, [123, "Magnet", 1, "CN"], [12, "Spring", 2, "JP"]],
                    {"A2": "00000", "A3": '"P-"0000'})
    with zipfile.ZipFile(path) as zin:
        members = {i.filename: zin.read(i) for i in zin.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    swapped, n = re.subn(rb'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', rb'<c s="\2" t="n" r="\1"', members[sheet])
    assert n >= 2 and b'<c s="' in swapped
    members[sheet] = swapped
    moved = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members.items():
            zout.writestr(name, data)
    assert read_bom(moved).parts["part_number"].tolist() == ["00123", "P-0012"]


def test_one_number_rule_and_one_placeholder_rule() -> None:
    """The importer tests "is this cell a number" and "does this cell say nothing" in one place each."""
    from desktop.core.importing import build, content
    from desktop.core.importing.content import is_placeholder, is_placeholder_or_link
    from desktop.core.importing.values import is_number_text

    for text in ("12", "-0.5", "1,200", "1 200", "1,234,567.5", "1e-3", "15%", " 7 "):
        assert is_number_text(text), text
    for text in ("", "0805A", "R1", "12 pcs", "1,2,3", "N42", "1.2.3"):
        assert not is_number_text(text), text
    for text in ("N/A", "-", "—", "TBD", "none", "nil", "?", "...", "/"):
        assert is_placeholder(text) and is_placeholder_or_link(text), text
    for text in ("Link", "see links", "URL", "Web", "https://example.com/a b"):
        assert is_placeholder_or_link(text) and not is_placeholder(text), text
    for text in ("Motor", "website", "Linkage", "NA magnet"):
        assert not is_placeholder_or_link(text), text
    assert not hasattr(content, "is_plain_number") and not hasattr(build, "_PLACEHOLDER")
