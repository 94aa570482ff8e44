"""Property tests: random tables written as .xlsx (openpyxl) and as CSV (the csv module, as Excel and ERPs
write it) read back exactly through ``read_bom``.

"Exactly" means: every source row is imported (none lost, none split), ``raw_rows`` holds the values as
written, the parts table holds the text exactly as written (``keep_text``: only surrounding white space is
dropped, no NFKC: the user's data is never reformatted), quantities are the numbers written with every digit, and numbers in formatted cells show as
Excel shows them. Bounded (``max_examples``) so that the file runs in a few seconds.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.importing import read_bom
from desktop.core.importing.values import clean_text, keep_text

HEADER = ["Part No", "Description", "Qty", "Country"]
COUNTRIES = ["CN", "JP", "US", "DE", "中国", "日本"]
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# text with what breaks naive readers: quotes, delimiters, line breaks, unicode, leading zeros
_tricky = st.sampled_from(['"', '""', ",", ";", "\t", "\n", "'", " ", "12\"", "ネオジム", "磁石", "é", "Ω", "µ",
                           "0", "00", "N42SH", "🧲", "\u3000"])
_plain = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e"
                               "\x85\u2028\u2029"), max_size=12)
_text = st.lists(st.one_of(_tricky, _plain), max_size=6).map("".join)
_part_number = st.tuples(st.sampled_from(["", "0", "00", "0A-", "P"]), st.integers(0, 10**9)).map(
    lambda t: f"{t[0]}{t[1]}")
# a spreadsheet holds 15 significant digits: long floats are generated with up to 15
_quantity = st.one_of(st.integers(0, 10**12), st.floats(min_value=0, max_value=1e9, allow_nan=False,
                                                        allow_infinity=False).map(lambda x: float(f"{x:.15g}")))


@st.composite
def tables(draw: st.DrawFn) -> list[list]:
    n = draw(st.integers(1, 8))
    rows = []
    for i in range(n):
        rows.append([f"P{i}-{draw(_part_number)}", "Part " + draw(_text), draw(_quantity),
                     draw(st.sampled_from(COUNTRIES))])
    return rows


def _shown(q: float | int) -> str:
    """The text a quantity has in the file: ints as digits, floats as Python's shortest round-trip repr."""
    if isinstance(q, float) and q.is_integer() and abs(q) < 1e16:
        return str(int(q))
    return repr(q) if isinstance(q, float) else str(q)


def _check_parts(r, rows: list[list], expected_rows: list[int] | None = None) -> None:
    parts = r.parts
    assert len(parts) == len(rows) and not r.skipped
    assert parts["part_number"].tolist() == [keep_text(row[0]) for row in rows]
    assert parts["description"].tolist() == [keep_text(row[1]) for row in rows]
    for got, row in zip(parts["quantity"].tolist(), rows, strict=True):
        assert got == float(row[2]), (got, row[2])
    if expected_rows is not None:
        assert parts["row"].tolist() == expected_rows


@SETTINGS
@given(rows=tables(), delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), sep_line=st.booleans())
def test_csv_round_trip(tmp_path_factory, rows: list[list], delimiter: str, encoding: str, sep_line: bool) -> None:
    path: Path = tmp_path_factory.mktemp("csv") / "bom.csv"
    buf = io.StringIO()
    if sep_line:
        buf.write(f"sep={delimiter}\r\n")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    written = [[row[0], row[1], _shown(row[2]), row[3]] for row in rows]
    writer.writerows(written)
    path.write_bytes(buf.getvalue().encode(encoding))

    r = read_bom(path)
    assert r.delimiter == delimiter
    # each record starts on the line after the previous one's last line (quoted line breaks included)
    line = 2 + sep_line
    starts = []
    for row in written:
        starts.append(line)
        line += sum(field.count("\n") for field in row) + 1
    _check_parts(r, rows, starts)
    assert r.parts["quantity_raw"].tolist() == [clean_text(w[2]) for w in written]
    # raw rows: the fields exactly as written, at their physical line
    for start, row in zip(starts, written, strict=True):
        assert list(r.raw_rows[start - 1]) == row


@SETTINGS
@given(rows=tables(), padded=st.lists(st.integers(1, 12), min_size=8, max_size=8))
def test_xlsx_round_trip(tmp_path_factory, rows: list[list], padded: list[int]) -> None:
    from openpyxl import Workbook

    path: Path = tmp_path_factory.mktemp("xlsx") / "bom.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    expected = []
    for i, row in enumerate(rows):
        number = sum(map(ord, row[0])) * 7919 % 10**padded[i]
        if i % 2:  # a part number stored as a number in a zero-padded cell: Excel shows the zeros
            ws.append([number, row[1], row[2], row[3]])
            ws.cell(i + 2, 1).number_format = "0" * padded[i]
            expected.append([str(number).zfill(padded[i]), row[1], row[2], row[3]])
        else:
            ws.append(row)
            expected.append(row)
    wb.save(path)

    r = read_bom(path)
    _check_parts(r, expected, list(range(2, len(rows) + 2)))
    assert r.parts["quantity_raw"].tolist() == [_shown(row[2]) for row in rows]
    for i, row in enumerate(rows):
        raw = r.raw_rows[i + 1]
        assert raw[1] == row[1] and raw[2] == row[2] and raw[3] == row[3]


# -- the zip check's byte scans equal the regular expression and bytes.count they stand for --------------------------
_xml_bytes = st.lists(st.one_of(st.sampled_from([b'r="', b"<c", b"<c ", b"A", b"Z", b"AA", b"XFD", b"0", b"9",
                                                 b"1048576", b'"', b"=", b"r", b"<", b"c", b"a", b" "]),
                                st.binary(max_size=3)), max_size=30).map(b"".join)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_xml_bytes)
@example(b'<c r="AA1"/>')
@example(b'<row r="1048576">')
@example(b'<c r="A1048576"')
@example(b'<c r="A999999"')
@example(b'r="A')
@example(b'r="Z9')
@example(b'r="9999999')
@example(b'r="A123456')
@example(b'<c<c<')
@example(b"")
def test_zip_scan_of_cell_references_equals_the_regex(buf: bytes) -> None:
    import numpy as np

    from desktop.core.importing import safety

    codes = np.frombuffer(buf, dtype=np.uint8)
    scan = safety.RefScan()
    for _ in range(2):   # the second time on work arrays left from the first
        assert scan.cell_tags(codes) == buf.count(b"<c")
        assert scan.wide_or_deep(codes) == (safety._WIDE_OR_DEEP.search(buf) is not None)
        scan.wide_or_deep(np.frombuffer(b'r="AA' * 9, dtype=np.uint8))   # longer work arrays, spoilt


def test_zip_scan_sees_every_byte_of_a_reference() -> None:
    """Each byte of the seven-digit and two-letter forms matters: spoil one and the scan must agree again."""
    import numpy as np

    from desktop.core.importing import safety

    for ref in (b"1234567", b"A1234567", b"AB1", b"ZZZ9"):
        for k in range(len(ref) + 1):
            for spoil in (b"x", b'"', b"A", b"0", b""):
                buf = b'<c r="' + ref[:k] + spoil + ref[k + 1:] + b'"/>'
                found = safety._WIDE_OR_DEEP.search(buf) is not None
                assert safety.RefScan().wide_or_deep(np.frombuffer(buf, dtype=np.uint8)) == found, buf

