"""Importer behaviour on generated files: layouts, encodings, values, multi-level, skips, errors, limits."""
from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from desktop.core.errors import InputError, PasswordRequired
from desktop.core.importing import (
    SUPPORTED_EXTENSIONS,
    MappingMemory,
    file_dialog_filter,
    preview,
    read_bom,
)
from desktop.core.types import PART_COLUMNS, ImportLimits, ImportOptions
from desktop.i18n import translation_for
from tests.core.importing_fixtures import (
    EN_HEADERS,
    ITEMS,
    japanese_bom_rows,
    shuffled,
    write_csv,
    write_xlsx,
)


def _accounted(result) -> None:
    assert result.rows_total == result.rows_imported + len(result.skipped)
    assert list(result.parts.columns) == list(PART_COLUMNS)


def _core(parts: pd.DataFrame) -> pd.DataFrame:
    return parts.drop(columns=["row", "sheet"]).reset_index(drop=True)


@pytest.fixture
def ja_xlsx(tmp_path: Path) -> Path:
    rows, _ = japanese_bom_rows()
    return write_xlsx(tmp_path / "ja.xlsx", {"表紙": [["ロボットアーム 部品表"]], "部品表": rows},
                      {"部品表": ["A1:G1"]})


def test_japanese_title_block_and_values(ja_xlsx: Path) -> None:
    r = read_bom(ja_xlsx)
    _accounted(r)
    assert r.sheet == "部品表" and r.header_row == 5
    assert r.rows_imported == len(ITEMS) and r.skipped == ()
    p = r.parts
    assert p["part_number"].tolist()[0] == "0012345"  # leading zeros of a text cell kept
    assert p["quantity"].tolist() == [4.0, 2.0, 8.0, 1.5, 1200.0]
    assert p["unit"].tolist() == ["pcs", "pcs", "pcs", "m", "pcs"]
    assert p["country"].tolist() == ["CN", "JP", "JP", "CN", "CN"]
    assert p["country_raw"].tolist()[0] == "中国"
    assert p["unit_weight_g"].tolist() == [12.5, 350.0, 20.0, 40.0, 0.5]
    assert p["extended_quantity"].tolist() == p["quantity"].tolist()
    assert not r.multi_level and math.isnan(p["depth"].iloc[0])
    assert {f: c.header for f, c in r.columns.items()} == {
        "part_number": "品番", "description": "品名", "quantity": "数量", "unit": "単位", "supplier": "仕入先",
        "country": "原産国", "unit_weight": "重量(g)"}
    assert all(c.confidence == 1.0 for c in r.columns.values())


def test_same_parts_whatever_the_layout(tmp_path: Path, ja_xlsx: Path) -> None:
    base = read_bom(ja_xlsx)
    rows, header = japanese_bom_rows(title_block=False)
    en_rows = [EN_HEADERS] + rows[1:]
    variants = [
        write_xlsx(tmp_path / "shuffled.xlsx", {"BOM": shuffled(rows, header - 1)}),
        write_xlsx(tmp_path / "en.xlsx", {"BOM": en_rows}),
        write_csv(tmp_path / "utf8.csv", rows, "utf-8"),
        write_csv(tmp_path / "bom.csv", rows, "utf-8-sig"),
        write_csv(tmp_path / "utf16.csv", rows, "utf-16"),
        write_csv(tmp_path / "sjis.csv", rows, "cp932"),
        write_csv(tmp_path / "semi.csv", rows, "utf-8", ";", "\n"),
        write_csv(tmp_path / "tab.tsv", en_rows, "utf-8", "\t"),
    ]
    expected = _core(base.parts)
    for path in variants:
        r = read_bom(path)
        _accounted(r)
        pd.testing.assert_frame_equal(_core(r.parts), expected, check_dtype=True, obj=path.name)
    enc = {p.name: read_bom(p).encoding for p in variants if p.suffix == ".csv"}
    assert enc["sjis.csv"] == "cp932" and enc["utf16.csv"] == "utf-16" and enc["bom.csv"] == "utf-8-sig"
    assert read_bom(tmp_path / "semi.csv").delimiter == ";"


def test_quantity_and_value_normalisation(tmp_path: Path) -> None:
    rows = [["Part Number", "Name", "Quantity", "HS Code", "Unit Weight (kg)", "Country"],
            ["P1", "a", "1,200", "8505.11", "0.5", "China"],
            ["P2", "b", "１２", "8505 11 00", "１", "中華人民共和国"],
            ["P3", "c", "12個", "", "", "US"],
            ["P4", "d", "2 pcs", "", "", ""],
            ["P5", "e", "1,8 m", "", "", ""],
            ["P6", "f", "5 meters", "", "", ""],
            ["P7", "g", 20.0, "", "", ""],
            ["P8", "h", "two", "", "", ""]]
    r = read_bom(write_xlsx(tmp_path / "q.xlsx", {"Sheet1": rows}))
    _accounted(r)
    p = r.parts
    assert p["quantity"].tolist()[:7] == [1200.0, 12.0, 12.0, 2.0, 1.8, 5.0, 20.0]
    assert math.isnan(p["quantity"].iloc[7]) and p["quantity_raw"].iloc[7] == "two"
    assert p["unit"].tolist()[:6] == [None, None, "pcs", "pcs", "m", "m"]
    assert p["hs_code"].tolist()[:2] == ["850511", "85051100"]
    assert p["unit_weight_g"].tolist()[:2] == [500.0, 1000.0]
    assert p["country"].tolist()[:3] == ["CN", "CN", "US"]
    assert p["quantity_raw"].iloc[6] == "20"
    assert any("P8" not in str(w) and "9" in str(w) for w in r.warnings)  # row 9 listed as unreadable


@pytest.mark.parametrize("levels,depths", [
    (["0", "1", "2", "2", "1", "2"], [0, 1, 2, 2, 1, 2]),
    ([".1", "..2", "...3", "...3", "..2", "...3"], [1, 2, 3, 3, 2, 3]),
    (["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1"], [0, 1, 2, 2, 1, 2]),
])
def test_multi_level_extended_quantity(tmp_path: Path, levels: list[str], depths: list[int]) -> None:
    qty = [1, 2, 3, 4, 5, 6]
    rows = [["レベル", "品番", "品名", "員数"]] + [[lv, f"P{i}", f"part {i}", q]
                                                   for i, (lv, q) in enumerate(zip(levels, qty, strict=True))]
    r = read_bom(write_xlsx(tmp_path / "ml.xlsx", {"BOM": rows}))
    _accounted(r)
    assert r.multi_level
    assert r.parts["depth"].tolist() == [float(d) for d in depths]
    ext = r.parts["extended_quantity"].tolist()
    # depth pattern a, a+1, a+2, a+2, a+1, a+2 → 1, 1*2, 2*3, 2*4, 1*5, 5*6
    assert ext == [1.0, 2.0, 6.0, 8.0, 5.0, 30.0]
    assert r.parts["level"].tolist() == levels


def test_skipped_rows_are_reported(tmp_path: Path) -> None:
    rows = [["Item No", "Description", "Qty", "Remarks"],
            ["A1", "Motor", 2, ""],
            [],
            ["※ 注記: 寸法は参考値"],
            ["Motors:"],
            ["Item No", "Description", "Qty", "Remarks"],
            ["A2", "Magnet", 4, ""],
            ["", "", 6, ""],
            ["", "小計", 6, ""],
            ["", "", "", "see drawing"],
            ["Total", "", 12, ""],
            []]
    r = read_bom(write_xlsx(tmp_path / "s.xlsx", {"S": rows}))
    _accounted(r)
    assert r.parts["row"].tolist() == [2, 7]
    codes = {s.row: s.code for s in r.skipped}
    assert codes == {4: "note", 5: "section_title", 6: "repeated_header", 8: "subtotal", 9: "subtotal",
                     10: "no_item", 11: "total"}
    assert r.blank_rows == (3,) and r.last_row == 11
    assert r.rows_total == 9


def test_alternate_rows_marked_in_notes(tmp_path: Path) -> None:
    rows = [["Item", "Qty", "Description", "Manufacturer Part #", "Note"],
            [1, 1, "PMOS", "AO3401A", ""],
            ["", "", "PMOS", "AP2301B", "备选物料"],
            [2, 3, "LED", "X1", ""]]
    r = read_bom(write_xlsx(tmp_path / "alt.xlsx", {"S": rows}))
    _accounted(r)
    assert [(s.row, s.code, s.detail) for s in r.skipped] == [(3, "alternate", "alternate for row 2")]


def test_side_table_is_reported(tmp_path: Path) -> None:
    rows = [["ID", "Part", "Qty", "", "ID", "Printed part", "Qty"],
            [1, "Stepper", 1, "", 201, "Base", 1],
            [2, "Belt", 2, "", 202, "Arm", 2]]
    rows[0][1] = "Description"
    r = read_bom(write_xlsx(tmp_path / "side.xlsx", {"S": rows}))
    _accounted(r)
    assert r.parts["description"].tolist() == ["Stepper", "Belt"]
    text = " ".join(str(w) for w in r.warnings)
    assert "E–G" in text and "rows 1–3" in text and "Printed part" in text


def test_no_header_sheet_never_chosen_and_not_a_bom(tmp_path: Path) -> None:
    numbers = [[i, i * 2, i * 3] for i in range(40)]
    path = write_xlsx(tmp_path / "two.xlsx", {"Sheet2": numbers, "BOM": [["Qty", "Description"], [1, "Motor"]]})
    assert read_bom(path).sheet == "BOM"
    with pytest.raises(InputError, match="No header row found in nums.xlsx"):
        read_bom(write_xlsx(tmp_path / "nums.xlsx", {"S": numbers}))


def test_user_overrides_and_preview(tmp_path: Path, ja_xlsx: Path) -> None:
    pv = preview(ja_xlsx)
    assert pv.sheet == "部品表" and pv.header_row == 5 and [s.name for s in pv.sheets] == ["表紙", "部品表"]
    assert pv.sheets[1].detected_header_row == 5 and pv.sheets[0].detected_header_row is None
    assert pv.suggestions["part_number"][0].header == "品番"
    assert pv.sheets[1].rows[4][0] == "品番"
    opts = ImportOptions(sheet="部品表", header_row=5, column_map={"part_number": "仕入先", "supplier": ""})
    pv2 = preview(ja_xlsx, opts)
    assert pv2.suggestions["part_number"][0].header == "仕入先"
    r = read_bom(ja_xlsx, opts)
    assert r.parts["part_number"].tolist()[0] == "東京磁材" and "supplier" not in r.columns


def test_mapping_memory_roundtrip(tmp_path: Path, ja_xlsx: Path) -> None:
    r = read_bom(ja_xlsx)
    rows, header = japanese_bom_rows()
    again = read_bom(write_xlsx(tmp_path / "again.xlsx", {"X": rows}))
    assert r.header_signature == again.header_signature and len(r.header_signature) >= 16
    memory = MappingMemory(tmp_path / "sub" / "mappings.json")
    assert memory.get(r.header_signature) is None
    memory.put(r.header_signature, {"part_number": "品番"})
    assert MappingMemory(tmp_path / "sub" / "mappings.json").get(r.header_signature) == {"part_number": "品番"}


def test_dialog_filter_and_extensions() -> None:
    assert {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv"} <= set(SUPPORTED_EXTENSIONS)
    text = file_dialog_filter(translation_for("en"))
    assert text.startswith("BOM files (") and "*.xlsb" in text and ";;" in text


# ---------------------------------------------------------------------------------------------------------------
# Errors and limits


def test_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing.xlsx"):
        read_bom(tmp_path / "missing.xlsx")
    (tmp_path / "bom.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"bom.pdf.*\.pdf"):
        read_bom(tmp_path / "bom.pdf")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="empty.csv is empty"):
        read_bom(tmp_path / "empty.csv")
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["Qty", "Description"], [1, "x"]]})
    (tmp_path / "trunc.xlsx").write_bytes(good.read_bytes()[:300])
    with pytest.raises(InputError, match="trunc.xlsx is damaged"):
        read_bom(tmp_path / "trunc.xlsx")
    (tmp_path / "blank.csv").write_bytes(b",,\n,,\n")
    with pytest.raises(InputError, match="blank.csv"):
        read_bom(tmp_path / "blank.csv")


def test_password_protected(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", {"S": [["Part No", "Qty"], ["NDFEB-1", 3]]})
    secret = tmp_path / "secret.xlsx"
    with plain.open("rb") as fh, secret.open("wb") as out:
        OOXMLFile(fh).encrypt("s3cret", out)
    with pytest.raises(PasswordRequired, match="secret.xlsx"):
        read_bom(secret)
    with pytest.raises(PasswordRequired, match="secret.xlsx"):
        read_bom(secret, ImportOptions(password="wrong"))
    r = read_bom(secret, ImportOptions(password="s3cret"))
    assert r.parts["part_number"].tolist() == ["NDFEB-1"] and r.parts["quantity"].tolist() == [3.0]


def test_limits(tmp_path: Path) -> None:
    rows = [["Part No", "Description", "Qty"]] + [[f"P{i}", "x" * 50, 1] for i in range(30)]
    path = write_xlsx(tmp_path / "big.xlsx", {"S": rows})
    size = path.stat().st_size
    with pytest.raises(InputError, match="too large"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_file_bytes=size - 1)))
    with pytest.raises(InputError, match="unpack"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_decompressed_bytes=1000)))
    with pytest.raises(InputError, match="rows"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_rows=10)))
    with pytest.raises(InputError, match="columns"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_columns=2)))
    with pytest.raises(InputError, match="more than 40 characters"):
        read_bom(path, ImportOptions(limits=ImportLimits(max_cell_chars=40)))
    csv_path = write_csv(tmp_path / "long.csv", [["Part No", "Description"], ["P1", "y" * 5000], ["P2", "z"]])
    with pytest.raises(InputError, match="long.csv has a cell with more than 1000"):
        read_bom(csv_path, ImportOptions(limits=ImportLimits(max_cell_chars=1000)))
    one_line = tmp_path / "oneline.csv"
    one_line.write_text("Part No,Description\nP1," + "q" * 20000)
    with pytest.raises(InputError, match="more than 500"):
        read_bom(one_line, ImportOptions(limits=ImportLimits(max_cell_chars=500)))


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "g.xlsx", {"S": [["Qty", "Description"], [1, "x"]]})
    buf = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * 5_000_000)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="zip bomb"):
        read_bom(bomb)


def test_cancel(tmp_path: Path, ja_xlsx: Path) -> None:
    from desktop.core.errors import Cancelled

    class Stop:
        def __init__(self) -> None:
            self.calls: list[float] = []

        def update(self, fraction: float, message: str = "") -> None:
            self.calls.append(fraction)

        def cancelled(self) -> bool:
            return len(self.calls) >= 2

    with pytest.raises(Cancelled):
        read_bom(ja_xlsx, progress=Stop())


def test_japanese_messages(tmp_path: Path) -> None:
    from desktop.i18n import parse_po

    messages, _ = parse_po(Path(__file__).resolve().parents[2] / "resources/translations/ja/importing.po")
    assert messages["{file} is empty."] == "{file} は空です。"
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError) as info:
        read_bom(tmp_path / "empty.csv")
    assert info.value.msgid in messages


def test_placeholder_descriptions_fall_back_to_the_part_name(tmp_path):
    """A description that is only a hyperlink label ("Link") or a dash says nothing: show name and type."""
    path = tmp_path / "links.csv"
    path.write_text("Name,Type,Quantity,Description\n"
                    "Stepper 1,Nema 17 16Ncm,1,Link\n"
                    "Gearbox,Planetary 20:1,2,-\n"
                    "Screw,M3x8,10,DIN 912 socket head\n"
                    "Sensor,,1,https://example.invalid/x\n", encoding="utf-8")
    parts = read_bom(path).parts
    assert parts["description"].tolist() == ["Stepper 1 / Nema 17 16Ncm", "Gearbox / Planetary 20:1",
                                             "DIN 912 socket head", "Sensor"]
