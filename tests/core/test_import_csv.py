"""The CSV reader: RFC 4180 (quoted line breaks and delimiters, doubled quotes) plus what Excel and real ERP
exports add (inch marks, BOMs, ``sep=`` lines, Shift-JIS, UTF-16, ; and tab delimiters, unclosed quotes).

Files are written byte for byte here, not through :mod:`csv`, so that each quirk is exactly what is tested.
"""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desktop.core.errors import InputError
from desktop.core.importing import read_bom
from desktop.core.importing.csvfile import split_line, split_record
from desktop.core.types import ImportLimits, ImportOptions

HEADER = "Part No,Description,Qty,Country\r\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def parts(path: Path, **options) -> list[tuple]:
    r = read_bom(path, ImportOptions(**options))
    cols = ["row", "part_number", "description", "quantity", "quantity_raw", "country"]
    return [tuple(row) for row in r.parts[cols].itertuples(index=False)]


def test_doubled_quotes_keep_the_whole_field_and_the_columns_after_it(tmp_path: Path) -> None:
    path = write(tmp_path, "speaker.csv", HEADER + 'SP-1,"Speaker ""40mm"", neodymium 3W",2,China\r\n'
                 'SP-2,"""Quoted"" at the start",1,Japan\r\n')
    r = read_bom(path)
    assert parts(path) == [(2, "SP-1", 'Speaker "40mm", neodymium 3W', 2.0, "2", "CN"),
                           (3, "SP-2", '"Quoted" at the start', 1.0, "1", "JP")]
    assert not r.warnings and not r.skipped


def test_a_quoted_line_break_is_one_source_row_numbered_by_its_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "cable.csv", HEADER + 'C-1,"Cable 2m\r\ngrey\r\n(shielded)",3,JP\r\n'
                 "M-1,Motor,1,CN\r\n,Total,4,\r\n")
    r = read_bom(path)
    assert parts(path) == [(2, "C-1", "Cable 2m\ngrey\n(shielded)", 3.0, "3", "JP"),
                           (5, "M-1", "Motor", 1.0, "1", "CN")]
    assert [(s.row, s.code) for s in r.skipped] == [(6, "total")]
    # raw rows are indexed by physical line, like a sheet's rows: lines 3 and 4 continue row 2
    assert r.raw_rows[1] == ("C-1", "Cable 2m\ngrey\n(shielded)", "3", "JP")
    assert r.raw_rows[2] == r.raw_rows[3] == () and r.raw_rows[4][0] == "M-1"


def test_inch_marks_and_stray_quotes_stay_text(tmp_path: Path) -> None:
    path = write(tmp_path, "inch.csv", HEADER + 'D-1,Display 12" LCD,1,JP\r\n'
                 'D-2,"Screen 15" touch",2,JP\r\n'
                 'D-3,"Monitor 24" wide,3,JP\r\n'
                 'D-4,Plug 1/4"" jack,4,JP\r\n')
    assert [(p[1], p[2], p[3]) for p in parts(path)] == [
        ("D-1", 'Display 12" LCD', 1.0), ("D-2", 'Screen 15" touch', 2.0),
        ("D-3", 'Monitor 24" wide', 3.0), ("D-4", 'Plug 1/4"" jack', 4.0)]


def test_an_unclosed_quote_is_read_as_text_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "open.csv", HEADER + 'X-1,"never closed,2,CN\r\nX-2,Magnet,3,JP\r\nX-3,Screw,4,JP\r\n')
    r = read_bom(path)
    assert [(p[0], p[1], p[2], p[3]) for p in parts(path)] == [
        (2, "X-1", '"never closed', 2.0), (3, "X-2", "Magnet", 3.0), (4, "X-3", "Screw", 4.0)]
    assert [(w.msgid, w.params) for w in r.warnings] == [
        ("Line {line}: a quoted field is not closed; its quote was read as text.", {"line": 2})]


def test_a_quoted_field_longer_than_the_cell_limit_is_recovered_not_swallowed(tmp_path: Path) -> None:
    lines = "".join(f"R-{i},Resistor {i},1,JP\r\n" for i in range(200))
    path = write(tmp_path, "swallow.csv", HEADER + 'X-1,"oops,1,JP\r\n' + lines)
    r = read_bom(path, ImportOptions(limits=ImportLimits(max_cell_chars=500)))
    assert len(r.parts) == 201 and r.parts["part_number"].iloc[-1] == "R-199"
    assert r.warnings and r.warnings[0].params == {"line": 2}


@pytest.mark.parametrize("encoding,prefix", [("utf-8-sig", ""), ("utf-8", "sep=;\r\n"),
                                              ("utf-8-sig", "sep=;\r\n"), ("cp932", "")])
def test_bom_sep_line_and_shift_jis(tmp_path: Path, encoding: str, prefix: str) -> None:
    text = prefix + "品番;品名;数量;原産国\r\nA-001;\"ネオジム磁石 \"\"N42\"\"; 角型\";3;中国\r\n"
    path = write(tmp_path, "ja.csv", text, encoding)
    r = read_bom(path)
    assert r.delimiter == ";" and r.encoding == encoding
    offset = 1 if prefix else 0
    assert r.header_row == 1 + offset
    assert parts(path) == [(2 + offset, "A-001", 'ネオジム磁石 "N42"; 角型', 3.0, "3", "CN")]


def test_utf16_tab_export_as_excel_writes_it(tmp_path: Path) -> None:
    text = "品番\t品名\t数量\r\nA-1\t\"磁石\r\n大型\"\t3\r\nA-2\tモーター\t1\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    r = read_bom(path)
    assert r.delimiter == "\t" and r.encoding == "utf-16"
    assert r.parts["description"].tolist() == ["磁石\n大型", "モーター"]
    assert r.parts["row"].tolist() == [2, 4]


def test_delimiter_detection_ignores_quoted_delimiters(tmp_path: Path) -> None:
    rows = "".join(f'P{i};"Magnet, N42, grade {i}, coated";{i}\r\n' for i in range(10))
    path = write(tmp_path, "semi.csv", "Part No;Description;Qty\r\n" + rows)
    r = read_bom(path)
    assert r.delimiter == ";" and r.parts["description"].iloc[3] == "Magnet, N42, grade 3, coated"


def test_wide_export_imports_and_trailing_empty_columns_are_trimmed(tmp_path: Path) -> None:
    header = ["Part No", "Description", "Qty"] + [f"Attr {i}" for i in range(602)]
    row = ["P-1", "Magnet", "2"] + [f"v{i}" for i in range(602)]
    path = write(tmp_path, "wide.csv", ",".join(header) + "\r\n" + ",".join(row) + "\r\n")
    r = read_bom(path)
    assert len(r.headers) == 605 and r.parts["part_number"].tolist() == ["P-1"]
    trailing = write(tmp_path, "trailing.csv", "Part No,Description,Qty" + "," * 20000 + "\r\nP-1,Magnet,2\r\n")
    r = read_bom(trailing)
    assert len(r.headers) == 3 and r.parts["quantity"].tolist() == [2.0]


def test_limits_still_apply_to_the_used_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "cols.csv", "Part No,Description,Qty,Extra\r\nP-1,Magnet,2,x\r\n")
    with pytest.raises(InputError, match="4 columns"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_columns=3)))


def test_split_record_is_rfc_4180_for_valid_input() -> None:
    assert split_line('a,"b,c","d""e",', ",") == (["a", "b,c", 'd"e', ""], True)
    assert split_line('"",""""', ",") == (["", '"'], True)
    fields, open_at = split_record('x,"open', ",")
    assert fields == ["x"] and open_at == 2
    fields, open_at = split_record('x,"open\nclosed",y', ",", fields, open_at)
    assert fields == ["x", "open\nclosed", "y"] and open_at == -1
    assert split_line('"a" , b', ",") == (["a", " b"], True)
    assert split_line("a\tb\t", "\t") == (["a", "b", ""], True)


def test_tab_is_never_taken_for_a_blank_around_quotes() -> None:
    assert split_line('\t"x"\t"y"', "\t") == (["", "x", "y"], True)
    assert split_line('"a"\t\t3', "\t") == (["a", "", "3"], True)


def test_the_csv_module_fast_path_agrees_with_the_splitter() -> None:
    """Lines the well-formed pattern accepts are split by the csv module; it must give what split_record gives."""
    import csv
    import random

    from desktop.core.importing.csvfile import _well_formed

    pieces = ['"', '""', ",", ";", "\t", " ", "a", '12"', "x y", ""]
    rnd = random.Random(20261129)
    accepted = 0
    for delim in (",", ";", "\t"):
        match = _well_formed(delim).match
        for _ in range(20000):
            line = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
            if '"' in line and match(line):
                accepted += 1
                assert next(csv.reader((line,), delimiter=delim)) == split_record(line, delim)[0], (delim, line)
                assert split_record(line, delim)[1] == -1
    assert accepted > 5000
