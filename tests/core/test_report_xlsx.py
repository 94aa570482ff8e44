"""The annotated workbook: original sheet reproduced, risk columns appended, no live formulas, streaming."""
from __future__ import annotations

import re

import openpyxl
import pytest

from desktop.core.errors import OutputError
from desktop.core.report import build_workbook
from desktop.core.report.format import TIER_LABELS
from desktop.core.report.xlsx import RISK_COLUMNS
from desktop.i18n import translation_for
from tests.core.report_fixtures import (
    DDE_DESC,
    FORMULA_DESC,
    HEADER_ROW,
    HTML_DESC,
    make_assessment,
    make_knowledge,
    make_large_assessment,
)


@pytest.fixture(scope="module")
def assessment():
    return make_assessment()


@pytest.fixture(scope="module")
def books(tmp_path_factory, assessment):
    folder = tmp_path_factory.mktemp("xlsx")
    out = {}
    for lang in ("en", "ja"):
        path = folder / f"wb_{lang}.xlsx"
        build_workbook(assessment, path, lang=lang, knowledge=make_knowledge())
        out[lang] = path
    return out


def _pad(row, n):
    row = list(row)
    return row + [None] * (n - len(row))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_original_rows_and_columns_in_order(books, assessment, lang):
    wb = openpyxl.load_workbook(books[lang])
    ws = wb.worksheets[0]
    raw = assessment.mapped.imported.raw_rows
    n = max(len(r) for r in raw)
    got = list(ws.iter_rows(values_only=True))
    assert len(got) == len(raw)
    for r, (orig, row) in enumerate(zip(raw, got, strict=True), start=1):
        assert _pad(row[:n], n) == _pad(orig, n), f"row {r}"
    tr = translation_for(lang)
    assert list(got[HEADER_ROW - 1][n:]) == [tr.gettext(h) for h, _ in RISK_COLUMNS]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")


def test_risk_columns_follow_parts(books, assessment):
    ws = openpyxl.load_workbook(books["en"]).worksheets[0]
    parts = assessment.mapped.imported.parts
    n = max(len(r) for r in assessment.mapped.imported.raw_rows)
    rows = list(ws.iter_rows(values_only=True))
    for i, sheet_row in enumerate(parts["row"]):
        row = rows[int(sheet_row) - 1]
        m, s = assessment.mapped.mappings[i], assessment.part_scores[i]
        assert row[1] == parts.iloc[i]["part_number"]
        assert (row[n + 1] or "") == ", ".join(m.elements)
        assert row[n + 7] == pytest.approx(round(s.score, 1))
        assert row[n + 8] == TIER_LABELS[s.tier]
        known = [g.grams for g in m.elements.values() if g.grams is not None]
        if known:
            assert row[n + 2] == pytest.approx(sum(known))
            assert row[n + 3] == pytest.approx(sum(known) * parts.iloc[i]["extended_quantity"])
        else:
            assert row[n + 2] is None
    for skipped in assessment.mapped.imported.skipped:
        status = rows[skipped.row - 1][n]
        assert status and skipped.render() in status


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_formula_cells_and_dangerous_text_kept(books, lang):
    wb = openpyxl.load_workbook(books[lang])
    texts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    assert {FORMULA_DESC, DDE_DESC, HTML_DESC, "+49-123", "@SUM(A1:A2) spare part", "00123"} <= texts


def test_other_sheets(books, assessment):
    wb = openpyxl.load_workbook(books["en"])
    assert wb.sheetnames[1:] == ["Summary", "Elements", "Controls", "Recommendations", "Skipped rows"]
    elements = [r[0] for r in wb["Elements"].iter_rows(min_row=2, values_only=True)]
    assert elements == [e.symbol for e in assessment.elements]
    controls = [r for r in wb["Controls"].iter_rows(min_row=2, values_only=True)]
    assert controls[0][0] == "No. 18/2025" and controls[0][7] == "In force"
    assert len(list(wb["Recommendations"].iter_rows(min_row=2))) == len(assessment.recommendations)
    skipped = [r[0] for r in wb["Skipped rows"].iter_rows(min_row=2, values_only=True)]
    assert skipped == [s.row for s in assessment.mapped.imported.skipped]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Parts with rare earths"] == assessment.summary.parts_with_ree


def test_japanese_sheet_names(books):
    wb = openpyxl.load_workbook(books["ja"])
    assert "サマリー" in wb.sheetnames and "輸出管理" in wb.sheetnames


def test_measure_numbers_in_the_workbooks_language_on_every_sheet(books):
    """The Elements sheet names the measures in force as the Controls sheet does: 2025年第18号 in Japanese."""
    wb = openpyxl.load_workbook(books["ja"])
    measures = {r[0] for r in wb["輸出管理"].iter_rows(min_row=2, values_only=True)}
    named = [r[-1] for r in wb.worksheets[wb.sheetnames.index("輸出管理") - 1].iter_rows(min_row=2, values_only=True)]
    assert "2025年第18号" in measures
    assert any("2025年第18号" in (cell or "") for cell in named) and not any("No. " in (c or "") for c in named)


@pytest.mark.slow
def test_large_bom_streams(tmp_path):
    a = make_large_assessment(20_000)
    path = tmp_path / "big.xlsx"
    build_workbook(a, path, knowledge=make_knowledge())
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    assert len(rows) == len(a.mapped.imported.raw_rows)
    last_part = a.mapped.imported.parts.iloc[-1]
    assert rows[int(last_part["row"]) - 1][1] == last_part["part_number"]


def test_missing_folder(tmp_path, assessment):
    with pytest.raises(OutputError):
        build_workbook(assessment, tmp_path / "missing" / "x.xlsx")


def test_locked_target_is_output_error(tmp_path, assessment, monkeypatch):
    import os

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError):
        build_workbook(assessment, tmp_path / "x.xlsx", knowledge=make_knowledge())
    assert not list(tmp_path.iterdir())  # no temporary file left behind


def _user_workbook(path):
    """A user's BOM workbook with a merged title, widths, a hyperlink, a formula, a date and a second sheet."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws["A1"] = "ACME drone parts list"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["Part number", "Description", "Qty", "Country", "Unit cost", "Line cost"])
    ws.append(["M-1", "Brushless motor 2212 NdFeB magnet", 4, "CN", 12.5, "=C4*E4"])
    ws.append(["S-1", "Speaker neodymium 3W", 1, "JP", 2, "=C5*E5"])
    ws.append(["R-1", "Resistor 10k 0402", 20, "TW", 0.01, "=C6*E6"])
    ws["A4"].hyperlink = "https://example.com/parts/M-1"
    ws["E4"].number_format = "#,##0.00 [$USD]"
    ws.column_dimensions["B"].width = 41
    ws.column_dimensions["D"].width = 7
    ws["Z3"].number_format = "0.00"  # a formatted, empty cell far right (max_column says 26)
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Released"
    notes["B1"] = dt.date(2026, 3, 1)
    notes.column_dimensions["A"].width = 33
    notes.merge_cells("A3:C3")
    wb.save(path)


def test_annotated_workbook_keeps_the_users_file(tmp_path):
    """Opened beside the original, the annotated copy keeps every sheet, width, merge, hyperlink and format."""
    import datetime as dt

    from desktop.core.knowledge import default_knowledge
    from desktop.core.pipeline import assess_file

    src = tmp_path / "drone.xlsx"
    _user_workbook(src)
    kb = default_knowledge()
    a = assess_file(src, as_of=dt.date(2026, 1, 15), knowledge=kb)
    out = tmp_path / "annotated.xlsx"
    build_workbook(a, out, lang="en", knowledge=kb)
    before, after = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    assert after.sheetnames[: len(before.sheetnames)] == before.sheetnames
    for name in before.sheetnames:
        b, c = before[name], after[name]
        assert {str(r) for r in b.merged_cells.ranges} == {str(r) for r in c.merged_cells.ranges}, name
        for key, dim in b.column_dimensions.items():
            assert c.column_dimensions[key].width == dim.width, (name, key)
        for row in b.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # formulas become their cached value (never recalculated)
                    assert c[cell.coordinate].data_type != "f"
                    continue
                if cell.value is None:  # empty cells right of the table may receive the assessment
                    continue
                assert c[cell.coordinate].value == cell.value, (name, cell.coordinate)
                assert c[cell.coordinate].number_format == cell.number_format, (name, cell.coordinate)
    assert after["BOM"]["A4"].hyperlink.target == "https://example.com/parts/M-1"
    header = [c.value for c in after["BOM"][3]]
    first = header.index(translation_for("en").gettext(RISK_COLUMNS[0][0]))
    assert first == 6  # right of the user's last column (F), nothing overwritten
    assert after["BOM"].cell(row=4, column=first + 1).value == "contains rare earths"
    assert "Summary" in after.sheetnames and "Elements" in after.sheetnames


def test_sources_are_titles_not_ids(books):
    wb = openpyxl.load_workbook(books["en"])
    kb = make_knowledge()
    for name in ("Controls", "Recommendations"):
        ws = wb[name]
        column = [c.value for c in ws[1]].index("Sources")
        cells = [row[column].value for row in ws.iter_rows(min_row=2) if row[column].value]
        assert cells, name
        assert not any(sid in cell.split("; ") for cell in cells for sid in kb.sources), name


def _assessed_user_workbook(tmp_path):
    import datetime as dt

    from desktop.core.knowledge import default_knowledge
    from desktop.core.pipeline import assess_file

    src = tmp_path / "drone.xlsx"
    _user_workbook(src)
    kb = default_knowledge()
    return src, kb, assess_file(src, as_of=dt.date(2026, 1, 15), knowledge=kb)


def test_a_huge_workbook_is_refused_before_it_is_loaded(tmp_path, monkeypatch):
    """The size check reads the sheets' <dimension> from the zip: over MAX_COPY_CELLS, openpyxl never loads the
    user's workbook (it would hold every cell in memory) and the annotated BOM is the streamed copy."""
    import openpyxl as opx

    from desktop.core.report import xlsx

    src, kb, a = _assessed_user_workbook(tmp_path)
    assert xlsx.copy_cells(src.read_bytes()) == 6 * 26 + 3 * 3    # BOM A1:Z6, Notes A1:C3
    loaded: list[object] = []
    real = opx.load_workbook

    def spy(*args, **kwargs):
        loaded.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(opx, "load_workbook", spy)
    monkeypatch.setattr(xlsx, "MAX_COPY_CELLS", 6 * 26 + 3 * 3 - 1)
    out = tmp_path / "streamed.xlsx"
    build_workbook(a, out, lang="en", knowledge=kb)
    assert loaded == []                                     # refused from the zip alone
    assert "Notes" not in real(out).sheetnames              # the streamed copy: the assessed sheet only
    monkeypatch.setattr(xlsx, "MAX_COPY_CELLS", 6 * 26 + 3 * 3)
    build_workbook(a, tmp_path / "copy.xlsx", lang="en", knowledge=kb)
    assert loaded and "Notes" in real(tmp_path / "copy.xlsx").sheetnames   # at the limit: the full copy


def test_a_sheet_without_dimension_is_judged_by_its_size(tmp_path):
    import zipfile

    from desktop.core.report import xlsx

    src, _kb, _a = _assessed_user_workbook(tmp_path)
    with zipfile.ZipFile(src) as z:
        members = {i.filename: (i, z.read(i)) for i in z.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = members[sheet][1]
    stripped = re.sub(rb"<dimension [^>]*/>", b"", xml)
    assert stripped != xml
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as z:
        for name, (_info, data) in members.items():
            z.writestr(name, stripped if name == sheet else data)
    assert xlsx.copy_cells(bare.read_bytes()) == len(stripped) // xlsx.MIN_CELL_XML_BYTES + 3 * 3
