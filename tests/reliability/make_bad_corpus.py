"""Generate the hostile corpus in ``tests/data/bad/``: files a hostile sender, a damaged disk and a careless user
produce, each with the outcome reerisk must give in the CLI and in the GUI (``manifest.json``).

    python tests/reliability/make_bad_corpus.py            # (re)writes tests/data/bad/
    python tests/reliability/make_bad_corpus.py OUTDIR     # somewhere else

Every case is built by code (no binary blobs checked in by hand), so a reviewer can read what each one is.
The CLI outcome is an exit code plus a fragment of the message; "gui" names what the app must do:

- ``opens``          the wizard imports it (warnings allowed) – no dialog about the file itself;
- ``refused``        the wizard or open action shows one error dialog naming the problem;
- ``set_aside``      a damaged state file is renamed ``….corrupt-YYYYMMDD-HHMMSS`` with a notice, defaults go on;
- ``stored_view``    a saved assessment opens read-only (its source is not trusted or not present);
- ``export_refused`` the export dialog refuses the target with a dialog;
- ``n/a``            a CLI-only case (an option the GUI does not have).

Kinds decide how the test runs a case: ``bom`` (``reerisk assess FILE …``), ``library`` (``--library FILE``),
``default_library`` (the file is the user's own library), ``document`` (a saved ``.reerisk``), ``settings``
(the GUI's INI file), ``output`` (an output-path case: the argv names its files), ``runtime`` (built by the test
itself: a non-UTF-8 file name, a FIFO, a file-size limit – things git cannot store).
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "data" / "bad"

HEADER = ["Part No", "Description", "Qty", "Manufacturer", "MPN"]
GOOD_ROWS = [
    ["M-001", "NdFeB magnet N42SH 20x10x5", "4", "Acme", "N42SH-20105"],
    ["R-001", "Resistor 10k 0603", "12", "Yageo", "RC0603FR-0710KL"],
    ["S-001", "AC servo motor 400 W", "2", "Yaskawa", "SGM7J-04A"],
]


@dataclass
class Case:
    name: str                      # file name in the corpus (or a folder name for runtime cases)
    kind: str                      # bom | library | default_library | document | settings | output | runtime
    what: str                      # one line: what is hostile about it
    cli_exit: int | None           # expected exit code (None: not a CLI case)
    cli_fragment: str = ""         # a fragment of stderr (or stdout) that must appear, case-insensitive
    gui: str = "n/a"
    args: list[str] = field(default_factory=list)   # extra CLI arguments; {dir} = corpus folder, {out} = outputs


def _csv(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _bom(*extra: list[str]) -> bytes:
    return _csv([HEADER, *GOOD_ROWS, *extra])


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "BOM"
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _rezip(buffer.getvalue(), lambda n, b: b)


_EPOCH = (2026, 1, 1, 0, 0, 0)
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed date, so that the corpus is byte-for-byte reproducible."""
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """Copy an xlsx with some members changed (None drops a member) and extra members added; dates fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info.filename))
            if body is not None:
                if info.filename == "docProps/core.xml":
                    body = _DATES.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", body)
                dst.writestr(_member(info.filename), body)
        for name, body in (extra or {}).items():
            dst.writestr(_member(name), body)
    return out.getvalue()


def _library(entries: object, version: object = 1) -> bytes:
    return json.dumps({"format_version": version, "entries": entries}).encode()


def _document(mutate: Callable[[dict], None] | None = None) -> bytes:
    """A small, valid saved assessment (results of a one-part BOM), then ``mutate`` applied."""
    part = {"row": 2, "part_number": "M-001", "description": "NdFeB magnet N42SH", "level": None, "quantity": 4,
            "extended_quantity": 4, "classes": ["ndfeb_sintered_magnet"],
            "elements": {"Nd": {"grams": 1.2, "grams_low": 0.8, "grams_high": 1.6}}, "confidence": "medium",
            "score": 62.0, "tier": "high", "method": "keyword",
            "factors": [{"name": "controls", "value": 1.0, "weight": 0.4, "contribution": 40.0, "source": "x"}],
            "evidence": ["keyword 'NdFeB'"]}
    results = {
        "schema_version": 1, "generator": {"name": "reerisk", "version": "test"},
        "input": {"path": "/nonexistent/bom.csv", "format": "csv", "sheet": None, "header_row": 1,
                  "columns": {"part_number": "Part No"}, "encoding": "utf-8", "delimiter": ","},
        "import": {"rows_total": 1, "rows_imported": 1, "rows_skipped": []},
        "as_of": "2026-11-28", "scenario": "baseline",
        "knowledge": {"version": "test", "as_of": "2026-01-20", "warnings": []},
        "parts": [part],
        "elements": [{"symbol": "Nd", "grams_total": 4.8, "score": 62.0, "tier": "high", "controls": []}],
        "summary": {"tier": "high", "score": 62.0, "parts_total": 1, "parts_with_ree": 1,
                    "parts_controlled": 0, "grams_per_unit": 4.8},
        "recommendations": [],
    }
    doc = {"format": "reerisk-assessment", "format_version": 1, "saved_at": "2026-11-28T10:00:00+09:00",
           "app_version": "test", "source": {"path": "/nonexistent/bom.csv", "name": "bom.csv", "sha256": None},
           "import_options": {"sheet": None, "header_row": 1, "column_map": {}, "encoding": "utf-8",
                              "delimiter": ","},
           "overrides": [], "as_of": "2026-11-28", "scenario": "baseline", "config": None, "language": "en",
           "results": results}
    if mutate is not None:
        mutate(doc)
    return json.dumps(doc).encode()


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def cases() -> list[tuple[Case, bytes | None]]:
    """Every case with its bytes (None: built at run time by the test, see ``kind``)."""
    wb = _xlsx([HEADER, *GOOD_ROWS])
    cells = (
        # --- BOM files that are not BOMs, or broken ------------------------------------------------------------
        (Case("empty.csv", "bom", "zero bytes", 3, "empty.csv", "refused"), b""),
        (Case("only_whitespace.csv", "bom", "blank lines and spaces only", 3, "only_whitespace.csv", "refused"),
         b"\r\n   \r\n\t\r\n"),
        (Case("binary_garbage.xlsx", "bom", "random bytes with an Excel name", 3, "binary_garbage.xlsx", "refused"),
         bytes((i * 131 + 7) % 256 for i in range(4096))),
        (Case("truncated.xlsx", "bom", "the first half of a workbook", 3, "truncated.xlsx", "refused"),
         wb[: len(wb) // 2]),
        (Case("zip_not_workbook.xlsx", "bom", "a zip archive holding a text file", 3, "zip_not_workbook.xlsx",
              "refused"), _zip({"readme.txt": b"hello"})),
        (Case("pdf_renamed.csv", "bom", "a PDF renamed to .csv", 3, "pdf_renamed.csv", "refused"),
         b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + bytes(range(256)) * 8),
        (Case("nul_bytes.csv", "bom", "NUL bytes inside the text: rows without text are skipped", 0, "skipped",
              "opens"),
         b"Part No,Description,Qty\r\nA\x00\x00\x00,\x00\x00,1\r\n" * 3 + b"\x00" * 2048),
        (Case("no_header.csv", "bom", "numbers only, no header row", 3, "no_header.csv", "refused"),
         _csv([["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]])),
        (Case("header_only.csv", "bom", "a header row and no parts: refused, never assessed as free of rare earths",
              3, "holds no part rows", "opens"),   # the wizard shows 0 part rows; the assessment is refused
         _csv([HEADER])),
        (Case("one_column.csv", "bom", "a single column of text", 3, "one_column.csv", "refused"),
         _csv([["Description"], ["magnet"], ["motor"]])),
        (Case("commas_only.csv", "bom", "delimiters and nothing else", 3, "commas_only.csv", "refused"),
         b",,,,\r\n,,,,\r\n,,,,\r\n"),
        (Case("xml_entity_bomb.xlsx", "bom", "billion-laughs entities in sharedStrings.xml (never expanded)", 0,
              "", "opens"), _rezip(wb, lambda n, b: _laughs() if n == "xl/sharedStrings.xml"
                                                        else b)),
        (Case("zip_slip.xlsx", "bom", "a member named ../../evil.txt (never extracted)", 0, "", "opens"),
         _rezip(wb, lambda n, b: b, {"../../evil.txt": b"owned"})),
        (Case("zip_bomb.xlsx", "bom", "a sheet that inflates 1000:1 to 200 MB", 3, "zip_bomb.xlsx", "refused"),
         _bomb_xlsx(wb)),
        (Case("missing_sheet_xml.xlsx", "bom", "the workbook names a sheet that is not in the zip", 3,
              "missing_sheet_xml.xlsx", "refused"),
         _rezip(wb, lambda n, b: None if n == "xl/worksheets/sheet1.xml" else b)),
        (Case("html_table.xls", "bom", "an HTML page saved with an .xls name (some ERP exports)", 3,
              "html_table.xls", "refused"),
         b"<html><body><table><tr><td>Part No</td><td>Description</td></tr>"
         b"<tr><td>1</td><td>magnet</td></tr></table></body></html>"),
        (Case("fake.ods", "bom", "text with an OpenDocument name", 3, "fake.ods", "refused"), b"not a spreadsheet\n"),
        (Case("not_a_bom.reerisk", "bom", "a saved assessment given to `assess`", 3, "not_a_bom.reerisk",
              "stored_view"), _document()),
        # --- BOMs with hostile content that must import and report -----------------------------------------------
        (Case("markup_descriptions.csv", "bom", "reportlab/HTML markup in the text", 0, "", "opens",
              ["--pdf", "{out}/briefing.pdf", "--xlsx", "{out}/annotated.xlsx"]),
         _bom(["X-1", "<b>NdFeB</b> magnet <font size=400>N52</font> <img src='/etc/passwd'/>", "1", "<i>a</i>",
               "&amp;"], ["X-2", "<para>stepper motor</para> ]]> <![CDATA[ x ]]> &lt;", "1", "", ""])),
        (Case("long_tokens.csv", "bom", "a 6000-character word and a 3000-character Japanese cell", 0, "", "opens",
              ["--pdf", "{out}/briefing.pdf"]),
         _bom(["L-1", "NdFeB magnet " + "X" * 6000, "1", "", ""], ["L-2", "ネオジム磁石" + "長" * 3000, "1", "", ""])),
        (Case("negative_quantities.csv", "bom", "negative and zero quantities", 0, "", "opens",
              ["--pdf", "{out}/briefing.pdf", "--xlsx", "{out}/annotated.xlsx"]),
         _bom(["N-1", "NdFeB magnet N42SH", "-5", "", ""], ["N-2", "Dysprosium magnet", "-1e308", "", ""],
              ["N-3", "Servo motor", "0", "", ""])),
        (Case("absurd_quantities.csv", "bom", "1e300, inf, nan and 10^400 as quantities", 0, "", "opens",
              ["--pdf", "{out}/briefing.pdf"]),
         _bom(["Q-1", "NdFeB magnet N52", "1e300", "", ""], ["Q-2", "Servo motor", "inf", "", ""],
              ["Q-3", "Stepper motor", "nan", "", ""], ["Q-4", "SmCo magnet", "1" + "0" * 400, "", ""])),
        (Case("text_quantities.csv", "bom", "quantities that are words", 0, "", "opens"),
         _bom(["T-1", "NdFeB magnet", "several", "", ""], ["T-2", "Servo motor", "２個", "", ""])),
        (Case("formula_injection.csv", "bom", "cells starting with = + - @ (CSV injection)", 0, "", "opens",
              ["--xlsx", "{out}/annotated.xlsx"]),
         _bom(["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil\",\"magnet\")", "1", "+1+1", "@SUM(1)"],
              ["-2+3", "NdFeB magnet", "1", "", ""])),
        (Case("control_characters.csv", "bom", "C0 control characters that XML cannot hold", 0, "", "opens",
              ["--xlsx", "{out}/annotated.xlsx", "--pdf", "{out}/briefing.pdf"]),
         _bom(["C-1", "NdFeB\x01 magnet\x0b \x1f N42", "1", "Ac\x07me", "\x1b[31mred"])),
        (Case("bidi_emoji.csv", "bom", "right-to-left text, emoji and zero-width characters", 0, "", "opens",
              ["--pdf", "{out}/briefing.pdf"]),
         _bom(["B-1", "مغناطيس NdFeB magnet 🧲 \u202etxt.exe", "1", "שלום", "\u200b\u200d"])),
        (Case("quoted_newlines.csv", "bom", "quoted newlines and doubled quotes (RFC 4180)", 0, "", "opens"),
         _bom(["QN-1", "Cable 2m\r\ngrey, 12\" long", "1", "", ""])),
        (Case("duplicate_headers.csv", "bom", "the same header three times", 0, "", "opens"),
         _csv([["Part No", "Description", "Description", "Qty", "Qty"], ["D-1", "magnet", "NdFeB", "1", "2"]])),
        (Case("wide_605_columns.csv", "bom", "605 columns (a PLM export)", 0, "", "opens"),
         _csv([HEADER + [f"Attr {i}" for i in range(600)]] + [r + [""] * 600 for r in GOOD_ROWS])),
        (Case("huge_cell.csv", "bom", "a 500 kB cell, over Excel's 32 767-character limit", 3, "32767",
              "refused"),
         _bom(["H-1", "NdFeB magnet " + "y" * 500_000, "1", "", ""])),
        (Case("shift_jis.csv", "bom", "Shift-JIS with Japanese headers", 0, "", "opens"),
         _csv([["品番", "品名", "数量"], ["M-1", "ネオジム磁石 N42SH", "2"], ["S-1", "サーボモータ", "1"]], "cp932")),
        (Case("utf16.csv", "bom", "UTF-16 with a byte-order mark, tab separated", 0, "", "opens"),
         "\ufeff".encode("utf-16-le") + _csv([HEADER, *GOOD_ROWS], delimiter="\t").decode().encode("utf-16-le")),
        (Case("stray_cell.xlsx", "bom", "one stray cell far right and far down", 0, "", "opens"),
         _stray_cell_xlsx()),
        # --- options ---------------------------------------------------------------------------------------------
        (Case("opt_unknown_scenario.csv", "bom", "--scenario that does not exist", 2, "scenario", "n/a",
              ["--scenario", "no-such-scenario"]), _bom()),
        (Case("opt_bad_date.csv", "bom", "--as-of that is not a date", 2, "date", "n/a", ["--as-of", "2026-02-30"]),
         _bom()),
        (Case("opt_unknown_country.csv", "bom", "--destination that is not a country", 2, "country", "n/a",
              ["--destination", "Atlantis"]), _bom()),
        (Case("opt_missing_sheet.xlsx", "bom", "--sheet that the workbook does not have", 3, "nosuchsheet", "n/a",
              ["--sheet", "nosuchsheet"]), wb),
        (Case("opt_missing_logo.csv", "bom", "--logo that does not exist", 4, "logo", "n/a",
              ["--pdf", "{out}/b.pdf", "--logo", "{dir}/no_such_logo.png"]), _bom()),
        (Case("opt_map_unknown_field.csv", "bom", "--map to a field reerisk does not have", 2, "nosuchfield", "n/a",
              ["--map", "nosuchfield=Qty"]), _bom()),
        # --- outputs ---------------------------------------------------------------------------------------------
        (Case("out_xlsx_is_input.xlsx", "output", "--xlsx names the input itself", 2, "never writes over its input",
              "export_refused", ["--xlsx", "{dir}/out_xlsx_is_input.xlsx"]), wb),
        (Case("out_dot_slash.csv", "output", "--json ./input (another spelling of the input)", 2,
              "never writes over its input", "n/a", ["--json", "{dir}/./out_dot_slash.csv"]), _bom()),
        (Case("out_parent_spelling.csv", "output", "--pdf dir/../dir/input", 2, "never writes over its input", "n/a",
              ["--pdf", "{dir}/../bad/out_parent_spelling.csv"]), _bom()),
        (Case("out_two_outputs_one_file.csv", "output", "--json and --pdf name the same file", 2, "two outputs",
              "n/a", ["--json", "{out}/same", "--pdf", "{out}/same"]), _bom()),
        (Case("out_over_users_csv.csv", "output", "--json over an existing CSV that is not ours", 2,
              "not a JSON result", "n/a", ["--json", "{dir}/header_only.csv"]), _bom()),
        (Case("out_pdf_over_workbook.csv", "output", "--pdf over an existing workbook", 2, "not a PDF briefing",
              "n/a", ["--pdf", "{dir}/stray_cell.xlsx"]), _bom()),
        (Case("out_xlsx_over_macro_book.csv", "output", "--xlsx over a macro-enabled workbook", 2,
              "not a annotated workbook", "n/a", ["--xlsx", "{dir}/macro_book.xlsx"]), _bom()),
        (Case("macro_book.xlsx", "bom", "a workbook with a vbaProject.bin member (macros)", 0, "", "opens"),
         _rezip(wb, lambda n, b: b, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 508})),
        (Case("out_library_is_output.csv", "output", "--json names the part library being read", 2,
              "never writes over its input", "n/a",
              ["--library", "{dir}/library_valid.json", "--json", "{dir}/library_valid.json"]), _bom()),
        (Case("library_valid.json", "library", "a valid part library (used by other cases)", None, "", "n/a"),
         _library([{"part_number": "M-001", "rare_earth_free": True}])),
        (Case("opt_missing_library.csv", "bom", "--library that does not exist (a typo)", 3,
              "part library not found", "n/a", ["--library", "{dir}/no_such_library.json"]), _bom()),
        (Case("out_folder_missing.csv", "output", "--json into a folder that does not exist", 4,
              "folder does not exist", "n/a", ["--json", "{out}/no/such/folder/r.json"]), _bom()),
        (Case("out_is_folder.csv", "output", "--xlsx names a folder", 4, "folder", "n/a", ["--xlsx", "{out}"]),
         _bom()),
        (Case("out_independent.csv", "output", "the PDF cannot be written but JSON and workbook can", 4,
              "not written: pdf briefing", "n/a",
              ["--pdf", "{out}/missing/b.pdf", "--json", "{out}/r.json", "--xlsx", "{out}/a.xlsx"]), _bom()),
        # --- part libraries given with --library (reported, exit 3, never renamed) --------------------------------
        (Case("library_not_json.json", "library", "not JSON at all", 3, "part library", "set_aside"),
         b"{ this is not json"),
        (Case("library_list.json", "library", "valid JSON of the wrong shape (a list)", 3, "no 'entries'",
              "set_aside"), b"[1, 2, 3]"),
        (Case("library_entries_object.json", "library", "'entries' is an object", 3, "not a list", "set_aside"),
         json.dumps({"format_version": 1, "entries": {"a": 1}}).encode()),
        (Case("library_grams_list.json", "library", "grams is a list", 3, "'grams' is not an object", "set_aside"),
         _library([{"part_number": "A", "grams": [1, 2]}])),
        (Case("library_deep.json", "library", "nested 200 000 levels deep", 3, "nested too deeply", "set_aside"),
         b'{"format_version": 1, "entries": ' + _nested(200_000) + b"}"),
        (Case("library_huge_grams.json", "library", "grams 1e400 (infinite when read)", 3, "outside", "set_aside"),
         b'{"format_version": 1, "entries": [{"part_number": "A", "grams": {"Nd": 1e400}}]}'),
        (Case("library_huge_int.json", "library", "grams as a 5000-digit integer", 3, "part library", "set_aside"),
         b'{"format_version": 1, "entries": [{"part_number": "A", "grams": {"Nd": ' + b"9" * 5000 + b"}}]}"),
        (Case("library_negative.json", "library", "negative grams", 3, "outside", "set_aside"),
         _library([{"part_number": "A", "grams": {"Nd": -3}}])),
        (Case("library_nan.json", "library", "NaN grams", 3, "outside", "set_aside"),
         b'{"format_version": 1, "entries": [{"part_number": "A", "grams": {"Nd": NaN}}]}'),
        (Case("library_low_above_high.json", "library", "low > high", 3, "low <= typical <= high", "set_aside"),
         _library([{"part_number": "A", "grams": {"Nd": {"low": 5, "typical": 2, "high": 1}}}])),
        (Case("library_future.json", "library", "format_version 99", 3, "format_version", "set_aside"),
         _library([], version=99)),
        (Case("library_key_object.json", "library", "a part number that is an object", 3, "not text", "set_aside"),
         _library([{"part_number": {"x": 1}, "rare_earth_free": True}])),
        (Case("library_not_utf8.json", "library", "Latin-1 bytes", 3, "not UTF-8", "set_aside"),
         b'{"format_version": 1, "entries": [{"part_number": "\xe9", "rare_earth_free": true}]}'),
        (Case("library_bool_flag.json", "library", "rare_earth_free is a string", 3, "true or false", "set_aside"),
         _library([{"part_number": "A", "rare_earth_free": "yes"}])),
        (Case("default_library_corrupt.json", "default_library", "the user's own library is damaged", 0,
              "renamed to", "set_aside"), b'{"format_version": 1, "entries": [{"part_number": ['),
        # --- saved assessments (GUI) ------------------------------------------------------------------------------
        (Case("doc_not_json.reerisk", "document", "a truncated document", 3, "", "set_aside"),
         _document()[:300]),
        (Case("doc_parts_string.reerisk", "document", "results.parts is a string", 3, "", "set_aside"),
         _document(lambda d: d["results"].__setitem__("parts", "oops"))),
        (Case("doc_summary_types.reerisk", "document", "summary score is text, tier unknown", 3, "", "set_aside"),
         _document(lambda d: d["results"]["summary"].update(score="high", tier="apocalyptic"))),
        (Case("doc_config_garbage.reerisk", "document", "config.tiers is a string", 3, "", "set_aside"),
         _document(lambda d: d.__setitem__("config", {"tiers": "x", "element_weights": {"controls": "lots"}}))),
        (Case("doc_overrides_garbage.reerisk", "document", "overrides with infinite grams", 3, "", "set_aside"),
         _document(lambda d: d.__setitem__("overrides", [{"part_number": "A", "grams": {"Nd": 1e300}}]))),
        (Case("doc_import_options.reerisk", "document", "header_row is a list, encoding unknown", 3, "", "set_aside"),
         _document(lambda d: d.__setitem__("import_options", {"header_row": [1], "encoding": "klingon"}))),
        (Case("doc_source_etc_passwd.reerisk", "document", "source path /etc/passwd without a checksum", 3, "",
              "stored_view"), _document(lambda d: d["source"].update(path="/etc/passwd", sha256=None))),
        (Case("doc_source_device.reerisk", "document", "source path /dev/zero", 3, "", "stored_view"),
         _document(lambda d: d["source"].update(path="/dev/zero", sha256="0" * 64))),
        (Case("doc_deep.reerisk", "document", "nested 100 000 levels deep", 3, "", "set_aside"),
         b'{"format": "reerisk-assessment", "format_version": 1, "results": ' + _nested(100_000) + b"}"),
        (Case("doc_newer.reerisk", "document", "format_version 7 (a newer reerisk)", 3, "", "refused"),
         _document(lambda d: d.__setitem__("format_version", 7))),
        (Case("doc_foreign.reerisk", "document", "JSON that is not a reerisk document", 3, "", "refused"),
         b'{"hello": "world"}'),
        (Case("doc_as_of_garbage.reerisk", "document", "as_of is 2026-99-99", 3, "", "set_aside"),
         _document(lambda d: d.__setitem__("as_of", "2026-99-99"))),
        # --- settings (GUI) -----------------------------------------------------------------------------------------
        (Case("settings_binary.ini", "settings", "binary garbage", None, "", "set_aside"),
         bytes((i * 37) % 256 for i in range(1024))),
        (Case("settings_weights_text.ini", "settings", "element weights that are words", None, "", "set_aside"),
         b'[scoring]\nelement_weights="{\\"controls\\": \\"lots\\"}"\n'),
        (Case("settings_top_n.ini", "settings", "top_n = -5", None, "", "set_aside"), b"[report]\ntop_n=-5\n"),
        (Case("settings_geometry.ini", "settings", "geometry that is not bytes", None, "", "set_aside"),
         b"[state]\ngeometry=@ByteArray(\\xzz\n"),
        (Case("settings_language.ini", "settings", "language = klingon", None, "", "set_aside"),
         b"[ui]\nlanguage=tlh\n"),
        # --- runtime cases (git cannot store them) -----------------------------------------------------------------
        (Case("runtime_non_utf8_name", "runtime", "a BOM whose file name is not valid UTF-8", 0, "", "opens"), None),
        (Case("runtime_markup_name", "runtime", "a file named <h1>…</h1>.csv (HTML in a label)", 0, "", "opens"),
         None),
        (Case("runtime_fifo", "runtime", "a FIFO named bom.csv (reading would wait forever)", 3, "not a file",
              "refused"), None),
        (Case("runtime_folder", "runtime", "a folder named bom.csv", 3, "not a file", "refused"), None),
        (Case("runtime_file_size_limit", "runtime", "RLIMIT_FSIZE hit while writing the workbook (EFBIG)", 4,
              "not written", "n/a"), None),
        (Case("runtime_missing", "runtime", "a file that does not exist", 3, "not found", "refused"), None),
    )
    return list(cells)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(_member(name), body)
    return out.getvalue()


def _laughs() -> bytes:
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">']
    for n in range(1, 10):
        prev = f"&lol{n - 1};" if n > 1 else "&lol;"
        lines.append(f' <!ENTITY lol{n} "{prev * 10}">')
    lines += [']>', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
              'uniqueCount="1"><si><t>&lol9;</t></si></sst>']
    return "\n".join(lines).encode()


def _bomb_xlsx(wb: bytes) -> bytes:
    """A workbook whose sheet XML inflates to 200 MB (deflate compresses spaces about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wb)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(_member(info.filename), "w", force_zip64=True) as fh:
                    fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main"><sheetData>')
                    block = b" " * (1 << 20)
                    for _ in range(200):
                        fh.write(block)
                    fh.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(_member(info.filename), src.read(info.filename))
    return out.getvalue()


def _stray_cell_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "BOM"
    for row in [HEADER, *GOOD_ROWS]:
        ws.append(row)
    ws.cell(row=1_048_576, column=16_384, value="x")
    buffer = io.BytesIO()
    wb.save(buffer)
    return _rezip(buffer.getvalue(), lambda n, b: b)


def build(out: Path = DEFAULT_OUT) -> list[Case]:
    """Write every case with bytes into ``out`` plus ``manifest.json``; returns the cases."""
    out.mkdir(parents=True, exist_ok=True)
    built = cases()
    for case, data in built:
        if data is not None:
            (out / case.name).write_bytes(data)
    manifest = {"cases": [asdict(case) for case, _data in built]}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [case for case, _data in built]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    print(f"{len(build(target))} cases written to {target}")
