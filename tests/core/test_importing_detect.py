"""Recognising any BOM table (issue 8, section 2): header shapes the synonyms do not know, tables without a
header row, every sheet that looks like a BOM (or why not), and every text column reaching the mapper."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import InputError
from desktop.core.importing import preview, read_bom
from desktop.core.types import ImportOptions
from desktop.i18n import translation_for
from tests.core.importing_fixtures import write_csv, write_xlsx

SHOP = [["Product", "Price", "Quantity", "Subtotal"],
        ["Neodymium disc magnet N52 10x3mm", "$0.45", 20, "$9.00"],
        ["NEMA 17 stepper motor 42x40mm", "$12.99", 3, "$38.97"],
        ["Arduino Nano", "$21.00", 1, "$21.00"],
        ["Jumper wires pack", "$3.50", 2, "$7.00"]]
MAKER = [["Item", "Qty", "Link", "Notes"],
         ["Brushless gimbal motor 2204", 2, "https://example.invalid/m", "for pan/tilt"],
         ["M3x8 socket head screw", 24, "https://example.invalid/s", ""],
         ["LiPo battery 3S 2200mAh", 1, "https://example.invalid/b", "XT60"],
         ["Micro speaker 15x11mm", 1, "", "8 ohm"]]
ROWS = [["Neodymium disc magnet N52 10x3mm", 20, "MAG-1052"],
        ["NEMA 17 stepper motor", 3, "STP-17"],
        ["Ball bearing 608ZZ", 8, "BRG-608"],
        ["Timing belt GT2 6mm", 2, "BLT-GT2"]]


def _accounted(r) -> None:
    assert r.rows_total == r.rows_imported + len(r.skipped)
    for s in r.sheet_results:
        assert not s.used or s.rows_total == s.rows_imported + s.rows_skipped
    assert sum(s.rows_total for s in r.sheet_results if s.used) == r.rows_total


def _headers(r) -> dict[str, str]:
    return {f: c.header for f, c in r.columns.items()}


# ---------------------------------------------------------------------------------------------------------------
# Header shapes


def test_web_shop_order_list(tmp_path: Path) -> None:
    """Product names, prices, quantities and subtotals: the prices are never read as quantities or text."""
    r = read_bom(write_xlsx(tmp_path / "order.xlsx", {"Order": SHOP}))
    _accounted(r)
    assert _headers(r) == {"description": "Product", "quantity": "Quantity"}
    assert r.parts["description"].tolist()[0] == "Neodymium disc magnet N52 10x3mm"
    assert r.parts["quantity"].tolist() == [20.0, 3.0, 1.0, 2.0]
    assert r.parts["other_text"].isna().all()  # prices and subtotals say nothing about the part


def test_maker_bom_item_column_holds_the_names(tmp_path: Path) -> None:
    """"Item" over part names is the description; the links are left out of the part text."""
    r = read_bom(write_csv(tmp_path / "maker.csv", MAKER))
    _accounted(r)
    assert _headers(r) == {"description": "Item", "quantity": "Qty", "notes": "Notes"}
    assert r.parts["description"].tolist()[3] == "Micro speaker 15x11mm"
    assert r.parts["quantity"].tolist() == [2.0, 24.0, 1.0, 1.0]
    assert r.parts["other_text"].isna().all()


def test_item_column_with_numbers_stays_an_item_number(tmp_path: Path) -> None:
    rows = [["Item", "Description", "Qty"], [1, "Stepper motor", 2], [2, "Belt", 1], [3, "Pulley", 4]]
    r = read_bom(write_xlsx(tmp_path / "items.xlsx", {"S": rows}))
    assert _headers(r) == {"description": "Description", "quantity": "Qty"}
    rows = [["Item", "Qty"], [1, 2], [2, 1], [3, 4]]  # item numbers and counts only: no part to read
    with pytest.raises(InputError, match="No header row found"):
        read_bom(write_xlsx(tmp_path / "numbers.xlsx", {"S": rows}))


@pytest.mark.parametrize("writer", ["csv", "xlsx"])
def test_headerless_table(tmp_path: Path, writer: str) -> None:
    path = write_csv(tmp_path / "h.csv", ROWS) if writer == "csv" else \
        write_xlsx(tmp_path / "h.xlsx", {"S": [["Parts for the robot arm"], []] + ROWS})
    r = read_bom(path)
    _accounted(r)
    assert r.header_row == 0
    assert _headers(r) == {"description": "A", "quantity": "B", "part_number": "C"}
    assert r.parts["description"].tolist() == [row[0] for row in ROWS]
    assert r.parts["part_number"].tolist() == [row[2] for row in ROWS]
    assert r.parts["quantity"].tolist() == [20.0, 3.0, 8.0, 2.0]
    first = 1 if writer == "csv" else 3
    assert r.parts["row"].tolist() == list(range(first, first + 4))
    assert "no header row" in str(r.warnings[0]) and "column B: Quantity" in str(r.warnings[0])
    assert "数量" in r.warnings[0].render(translation_for("ja"))
    pv = preview(path)
    assert pv.headerless and pv.header_row == 0 and pv.suggestions["quantity"][0].header == "B"
    again = read_bom(path, ImportOptions(sheet=r.sheet, header_row=r.header_row))  # a saved import, reopened
    assert again.parts.equals(r.parts)
    assert preview(path, ImportOptions(header_row=0)).headerless


def test_unknown_header_words_over_a_bom(tmp_path: Path) -> None:
    """Titles in a language the synonyms do not know: the header row is still found (and not imported)."""
    rows = [["Teil", "Anzahl", "Lieferant"]] + [[d, q, "ACME"] for d, q, _ in ROWS]
    r = read_bom(write_xlsx(tmp_path / "de.xlsx", {"Stückliste": rows}))
    _accounted(r)
    assert r.header_row == 1 and r.parts["row"].tolist() == [2, 3, 4, 5]
    assert _headers(r) == {"description": "Teil", "quantity": "Anzahl"}  # found by shape, the titles kept
    assert r.parts["quantity"].tolist() == [20.0, 3.0, 8.0, 2.0]
    assert r.parts["other_text"].tolist()[0] == "Lieferant: ACME"


def test_a_notes_page_is_not_a_bom(tmp_path: Path) -> None:
    notes = [["Assembly notes"], ["Tighten the screws to 0.5 Nm."], ["Use thread locker on the motor mount."]]
    with pytest.raises(InputError, match="No header row found"):
        read_bom(write_xlsx(tmp_path / "notes.xlsx", {"Notes": notes}))


# ---------------------------------------------------------------------------------------------------------------
# Several sheets


def test_every_bom_sheet_is_assessed_and_the_others_explained(tmp_path: Path) -> None:
    main = [["Part No", "Description", "Qty"], ["P1", "Controller board", 1], ["P2", "Cable", 2]]
    more = [["Part No", "Description", "Qty"]] + [[f"M{i}", f"NdFeB magnet {i}", 4] for i in range(6)]
    copy = [row[:] for row in main]
    notes = [["Assembly notes"], ["Glue the magnets with epoxy."]]
    path = write_xlsx(tmp_path / "multi.xlsx", {"Electronics": main, "Notes": notes, "Mechanics": more,
                                                "Empty": [], "Print copy": copy})
    r = read_bom(path)
    _accounted(r)
    assert r.sheet == "Electronics" and r.sheets_used == ("Electronics", "Mechanics")
    assert r.rows_imported == 8 and r.parts["sheet"].tolist() == ["Electronics"] * 2 + ["Mechanics"] * 6
    assert r.parts[r.parts["sheet"] == "Mechanics"]["row"].tolist() == list(range(2, 8))
    why = {s.name: s.reason for s in r.sheet_results if not s.used}
    assert why == {"Notes": "no_table", "Empty": "empty", "Print copy": "duplicate"}
    text = [str(w) for w in r.warnings]
    assert "2 sheets were assessed together: Electronics, Mechanics" in text[0]
    assert any("“Notes” was not assessed: no BOM table" in t for t in text)
    assert any("“Empty” was not assessed: it is empty" in t for t in text)
    assert any("“Print copy” was not assessed" in t and "“Electronics”" in t for t in text)
    ja = [w.render(translation_for("ja")) for w in r.warnings]
    assert all("was not assessed" not in t and "assessed together" not in t for t in ja)


def test_second_sheet_with_more_lines_is_never_dropped_silently(tmp_path: Path) -> None:
    first = [["Part No", "Description", "Qty"], ["P1", "Enclosure", 1]]
    second = [["Part No", "Description", "Qty"]] + [[f"S{i}", f"Stepper motor {i}", 1] for i in range(10)]
    r = read_bom(write_xlsx(tmp_path / "two.xlsx", {"Sheet1": first, "Sheet2": second}))
    assert r.rows_imported == 11 and r.sheets_used == ("Sheet1", "Sheet2")


def test_sheet_selection(tmp_path: Path) -> None:
    a = [["Part No", "Description", "Qty"], ["A1", "Motor", 1]]
    b = [["Part No", "Description", "Qty"], ["B1", "Magnet", 2], ["B2", "Sensor", 1]]
    path = write_xlsx(tmp_path / "sel.xlsx", {"A": a, "B": b, "C": [["just a title"]]})
    only_b = read_bom(path, ImportOptions(sheet="B"))
    assert only_b.sheets_used == ("B",) and only_b.sheet == "B"
    assert any("“A” also looks like a BOM but was not selected" in str(w) for w in only_b.warnings)
    assert not any("“C”" in str(w) for w in only_b.warnings)  # not a BOM, not asked for: nothing to say
    for choice in (("A", "B"), "A,B", "all", "ALL", ("all",), ("A", "B", "A")):
        r = read_bom(path, ImportOptions(sheet=choice))
        assert r.sheets_used == ("A", "B"), choice
    named = read_bom(path, ImportOptions(sheet=("B", "A")))  # the order named: B first (header row, columns)
    assert named.sheet == "B" and named.parts["sheet"].tolist() == ["B", "B", "A"]
    assert named.sheets_used == ("B", "A")
    with pytest.raises(InputError, match=r"no sheet named D\. Its sheets: A, B, C"):
        read_bom(path, ImportOptions(sheet=("A", "D")))
    with pytest.raises(InputError, match="No header row found"):
        read_bom(path, ImportOptions(sheet="C"))
    pv = preview(path)
    assert pv.selected == ("A", "B") and pv.sheet == "A"
    assert [s.looks_like_bom for s in pv.sheets] == [True, True, False]
    assert preview(path, ImportOptions(sheet="B")).selected == ("B",)


def test_header_row_and_columns_chosen_for_the_first_sheet(tmp_path: Path) -> None:
    a = [["BOM A"], ["Part No", "Description", "Qty"], ["A1", "Motor", 1]]
    b = [["Part No", "Description", "Qty"], ["B1", "Magnet", 2]]
    path = write_xlsx(tmp_path / "hdr.xlsx", {"A": a, "B": b})
    r = read_bom(path, ImportOptions(sheet=("A", "B"), header_row=2, column_map={"part_number": "Description"}))
    assert r.sheets_used == ("A", "B")
    assert r.parts["part_number"].tolist() == ["Motor", "Magnet"]  # the header exists on B too
    assert [s.header_row for s in r.sheet_results] == [2, 1]


# ---------------------------------------------------------------------------------------------------------------
# Every text column reaches the mapper


def test_other_text_carries_the_unmapped_text_columns(tmp_path: Path) -> None:
    rows = [["Ref", "Qty", "Value", "Footprint", "Color", "Stock number", "Part Number", "Description", "Price",
             "Datasheet", "Height", ""],
            ["D1, D2", 2, "LED", "LED_0603", "GREEN", "123-4567", "LTST-C191KGKT", "LED 0603", "$0.10",
             "https://example.invalid/d.pdf", "0.55", "R1, R2"],
            ["C1", 1, "10uF 25V", "C_0805", "", "", "GRM21", "Capacitor", "0.05", "", "1.25", "N/A"]]
    r = read_bom(write_xlsx(tmp_path / "kicad.xlsx", {"BOM": rows}))
    assert r.columns["specification"].header == "Value"  # the part's value: what the mapper reads as spec
    assert r.columns["part_number"].header == "Part Number"  # an order code gives way to the part number
    assert r.parts["other_text"].tolist() == [
        "Footprint: LED_0603 | Color: GREEN | Stock number: 123-4567", "Footprint: C_0805"]


def test_order_code_is_the_part_number_when_there_is_no_other(tmp_path: Path) -> None:
    rows = [["Order code", "Description", "Qty"], ["123-4567", "Green LED 3 mm", 10]]
    r = read_bom(write_xlsx(tmp_path / "o.xlsx", {"S": rows}))
    assert r.columns["part_number"].header == "Order code"
    assert r.parts["other_text"].isna().all()


@pytest.mark.parametrize("header", ["値", "定数", "规格值", "Value"])
def test_value_columns_are_the_specification(tmp_path: Path, header: str) -> None:
    rows = [["品番", "品名", header, "数量"], ["X1", "抵抗", "10kΩ", 3]]
    r = read_bom(write_xlsx(tmp_path / "v.xlsx", {"S": rows}))
    assert r.columns["specification"].header == header and r.parts["specification"].tolist() == ["10kΩ"]


@pytest.mark.parametrize("header", ["Footprint", "Package", "封装", "パッケージ"])
def test_package_columns_reach_other_text(tmp_path: Path, header: str) -> None:
    rows = [["Part No", "Description", header, "Qty"], ["X1", "White LED", "SMD 3528", 3]]
    r = read_bom(write_xlsx(tmp_path / "p.xlsx", {"S": rows}))
    assert header not in {c.header for c in r.columns.values()}
    assert r.parts["other_text"].tolist() == [f"{header}: SMD 3528"]


def test_annotated_workbook_keeps_each_sheet_apart(tmp_path: Path) -> None:
    """Rows of two sheets share row numbers; each annotated copy shows its own parts (no mix-up), and a table
    without a header row gets a header row on top."""
    from openpyxl import load_workbook

    from desktop.core.pipeline import assess_file
    from desktop.core.report import build_workbook

    a = [["Part No", "Description", "Qty"], ["A1", "Controller board", 1], ["A2", "Cable harness", 2]]
    path = write_xlsx(tmp_path / "two.xlsx", {"Main": a, "Loose": ROWS})
    assessment = assess_file(path)
    assert assessment.mapped.imported.sheets_used == ("Main", "Loose")
    out = build_workbook(assessment, tmp_path / "annotated.xlsx")
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames[:2] == ["Main", "Loose"]  # the user's sheets first, in their order
    main = [list(r) for r in wb["Main"].iter_rows(values_only=True)]
    assert main[1][:3] == ["A1", "Controller board", 1] and main[1][3] is not None  # annotated
    assert len(main) == 3  # Loose's rows 1-4 never land on Main's rows
    annotated = next(n for n in wb.sheetnames if n.startswith("Loose") and any(
        "reerisk" in str(v) for r in wb[n].iter_rows(max_row=1, values_only=True) for v in r))
    loose = [list(r) for r in wb[annotated].iter_rows(values_only=True)]
    assert loose[0][:3] == [None, None, None] and loose[0][3] is not None  # a header row on top: risk titles
    assert loose[1][:3] == ["Neodymium disc magnet N52 10x3mm", 20, "MAG-1052"] and loose[1][3] is not None
    assert len(loose) == 5


# ---------------------------------------------------------------------------------------------------------------
# Export shapes of common tools (headers as those tools write them; rows made up)

EXPORTS = {
    "kicad": ([["Reference", "Value", "Footprint", "Datasheet", "Qty"],
               ["R1, R2", "10k", "Resistor_SMD:R_0603", "~", 2],
               ["D1", "LED", "LED_SMD:LED_0603", "~", 1]],
              {"reference": "Reference", "specification": "Value", "quantity": "Qty"}, ["10k", "LED"]),
    "jlcpcb": ([["Comment", "Designator", "Footprint", "LCSC Part #"],
                ["100nF", "C1,C2,C3", "0603", "C14663"], ["STM32F103C8T6", "U1", "LQFP-48", "C8734"]],
               {"description": "Comment", "reference": "Designator", "part_number": "LCSC Part #"},
               ["100nF", "STM32F103C8T6"]),
    "digikey": ([["Index", "Quantity", "Part Number", "Manufacturer Part Number", "Description", "Unit Price",
                  "Extended Price"],
                 [1, 10, "311-10.0KHRCT-ND", "RC0603FR-0710KL", "RES 10K OHM 1% 1/10W 0603", "0.10", "1.00"],
                 [2, 5, "399-1096-1-ND", "C0603C104K5RACTU", "CAP CER 0.1UF 50V X7R 0603", "0.1", "0.5"],
                 [3, 2, "160-1435-1-ND", "LTST-C191KGKT", "LED GREEN CLEAR 0603 SMD", "0.3", "0.6"]],
                {"quantity": "Quantity", "part_number": "Part Number", "mpn": "Manufacturer Part Number",
                 "description": "Description"}, None),
    "eagle": ([["Part", "Value", "Device", "Package", "Description"],
               ["R1", "10k", "R-EU_R0603", "R0603", "RESISTOR"], ["C1", "100n", "C-EUC0603", "C0603", "CAPACITOR"],
               ["LED1", "green", "LEDCHIP-LED0603", "CHIP-LED0603", "LED"]],
              {"reference": "Part", "specification": "Value", "description": "Description"}, None),
    "mouser": ([["Mouser No", "Mfr. No", "Manufacturer", "Description", "RoHS", "Order Qty.", "Price (USD)"],
                ["71-CRCW060310K0FKEA", "CRCW060310K0FKEA", "Vishay", "Thick Film Resistors 10K", "Yes", 100,
                 "$0.01"]],
               {"part_number": "Mouser No", "mpn": "Mfr. No", "manufacturer": "Manufacturer",
                "description": "Description", "quantity": "Order Qty."}, None),
}


@pytest.mark.parametrize("tool", sorted(EXPORTS))
def test_tool_exports(tmp_path: Path, tool: str) -> None:
    rows, columns, descriptions = EXPORTS[tool]
    r = read_bom(write_csv(tmp_path / f"{tool}.csv", rows))
    _accounted(r)
    assert _headers(r) == columns
    assert r.rows_imported == len(rows) - 1 and not r.multi_level  # Digi-Key's "Index" counts rows only
    if descriptions:
        assert r.parts["description"].tolist() == descriptions
    if tool == "eagle":
        assert r.parts["other_text"].tolist()[2] == "Device: LEDCHIP-LED0603 | Package: CHIP-LED0603"
    if tool == "mouser":
        assert r.parts["other_text"].isna().all()  # "RoHS: Yes" says nothing about the part's make-up


def test_amount_is_a_count_or_money_by_its_cells(tmp_path: Path) -> None:
    counts = [["Component", "Amount", "Where to buy"], ["Brushless motor 2212 920KV", 4, "https://x.invalid/a"],
              ["Propeller 1045", 4, ""], ["ESC 30A", 4, ""]]
    r = read_bom(write_csv(tmp_path / "count.csv", counts))
    assert _headers(r) == {"description": "Component", "quantity": "Amount"}
    money = [["Description", "Qty", "Amount"], ["Brushless motor", 4, "$51.96"], ["Propeller", 4, "$7.80"]]
    r = read_bom(write_csv(tmp_path / "money.csv", money))
    assert _headers(r) == {"description": "Description", "quantity": "Qty"} and r.parts["other_text"].isna().all()


def test_a_table_without_part_rows_imports_empty(tmp_path: Path) -> None:
    rows = [["Part No", "Description", "Qty"], ["", "", ""], ["Total", "", 0]]
    r = read_bom(write_xlsx(tmp_path / "empty_table.xlsx", {"BOM": rows, "Notes": [["nothing here"]]}))
    _accounted(r)
    assert r.rows_imported == 0 and r.sheets_used == ("BOM",) and [s.code for s in r.skipped] == ["total"]


def test_order_list_charges_are_not_parts(tmp_path: Path) -> None:
    rows = SHOP + [["Shipping (DHL Express)", "$12.00", 1, "$12.00"], ["Tax 8%", "", "", "$6.00"],
                   ["Delivery tube 6 mm", "$2.00", 1, "$2.00"], ["Total", "", "", "$95.97"]]
    r = read_bom(write_xlsx(tmp_path / "order.xlsx", {"Order": rows}))
    _accounted(r)
    assert r.parts["description"].tolist()[-1] == "Delivery tube 6 mm" and r.rows_imported == 5
    assert [(s.row, s.code) for s in r.skipped] == [(6, "charge"), (7, "charge"), (9, "total")]
    assert r.skipped[0].render(translation_for("ja")).startswith("送料・税・値引きの行")


def test_cli_sheet_option(tmp_path: Path, capsys) -> None:
    """--sheet repeatable and comma-separated, 'all', a missing name (exit 3 naming the sheets there are)."""
    import json

    from desktop.cli import main

    a = [["Part No", "Description", "Qty"], ["A1", "Stepper motor", 1]]
    b = [["Part No", "Description", "Qty"], ["B1", "NdFeB magnet N42", 4], ["B2", "Hall sensor", 2]]
    path = write_xlsx(tmp_path / "ab.xlsx", {"A": a, "B": b, "Notes": [["Read me"]]})

    def sheets_of(*extra: str) -> list[str | None]:
        out = tmp_path / "out.json"
        assert main(["assess", str(path), "--as-of", "2026-11-28", "--json", str(out), *extra]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["import"]["rows_total"] == data["import"]["rows_imported"] + len(data["import"]["rows_skipped"])
        return [p["sheet"] for p in data["parts"]]

    assert sheets_of() == ["A", "B", "B"]
    assert "sheets A, B; 3 of 3 rows imported" in capsys.readouterr().out
    assert sheets_of("--sheet", "B") == ["B", "B"]
    assert sheets_of("--sheet", "B", "--sheet", "A") == ["B", "B", "A"]
    assert sheets_of("--sheet", "A,B") == ["A", "B", "B"]
    assert sheets_of("--sheet", "all") == ["A", "B", "B"]
    capsys.readouterr()
    assert main(["assess", str(path), "--sheet", "C"]) == 3
    err = capsys.readouterr().err
    assert "no sheet named C" in err and "A, B, Notes" in err and "Traceback" not in err


def test_order_export_metadata_is_not_part_text(tmp_path: Path) -> None:
    rows = [["Order ID", "Date", "Status", "Product", "Price", "Quantity", "Subtotal", "Colour", "Shipped on"],
            ["A1001", "2026-03-01", "shipped", "Neodymium magnet 20x10x5 N52", 4.99, 10, 49.9, "silver",
             "03/04/2026"]]
    r = read_bom(write_csv(tmp_path / "order.csv", rows))
    assert _headers(r) == {"description": "Product", "quantity": "Quantity"}
    assert r.parts["other_text"].tolist() == ["Colour: silver"]


def test_chinese_ems_headers(tmp_path: Path) -> None:
    rows = [["序号", "物料编码", "物料名称", "规格型号", "用量", "位号", "封装", "品牌", "备注"],
            [1, "3010001", "贴片电容", "10uF 25V X5R", 2, "C1,C2", "0805", "村田", ""],
            [2, "3020002", "步进电机", "42BYGH 1.8°", 1, "M1", "", "", "含钕铁硼磁铁"]]
    r = read_bom(write_xlsx(tmp_path / "cn.xlsx", {"BOM": rows}))
    assert _headers(r) == {"part_number": "物料编码", "description": "物料名称", "specification": "规格型号",
                           "quantity": "用量", "reference": "位号", "manufacturer": "品牌", "notes": "备注"}
    assert r.parts["other_text"].tolist() == ["封装: 0805", None]
    r = read_bom(write_xlsx(tmp_path / "cn2.xlsx", {"S": [["名称", "型号", "数量", "单价", "金额"],
                                                          ["喇叭", "YD40-8Ω", 1, "3.5", "3.5"]]}))
    assert _headers(r) == {"description": "名称", "mpn": "型号", "quantity": "数量"}


def test_same_parts_with_other_quantities_are_flagged(tmp_path: Path) -> None:
    bom = [["Part No", "Description", "Qty"], ["M1", "Stepper motor", 2], ["G1", "NdFeB magnet", 4]]
    order = [["Part No", "Description", "Qty"], ["M1", "Stepper motor", 20], ["G1", "NdFeB magnet", 40]]
    r = read_bom(write_xlsx(tmp_path / "bom_and_order.xlsx", {"BOM": bom, "Order x10": order}))
    assert r.sheets_used == ("BOM", "Order x10")  # not a copy: assessed, but never silently
    assert any("“BOM” and “Order x10” list the same parts" in str(w) for w in r.warnings)
    other = [["Part No", "Description", "Qty"], ["M2", "Servo", 1], ["G1", "NdFeB magnet", 4]]
    r = read_bom(write_xlsx(tmp_path / "two_boards.xlsx", {"Board A": bom, "Board B": other}))
    assert not any("same parts" in str(w) for w in r.warnings)


def test_hidden_sheet_is_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "BOM"
    for row in [["Part No", "Description", "Qty"], ["M1", "Stepper motor", 2]]:
        ws.append(row)
    hidden = wb.create_sheet("Old revision")
    for row in [["Part No", "Description", "Qty"], ["M0", "Brushed motor", 2]]:
        hidden.append(row)
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "hidden.xlsx")
    r = read_bom(tmp_path / "hidden.xlsx")
    assert r.sheets_used == ("BOM",) and r.rows_imported == 1
    assert {s.name: s.reason for s in r.sheet_results if not s.used} == {"Old revision": "hidden"}
    assert any("“Old revision” is hidden" in str(w) for w in r.warnings)


def test_a_shopping_list_without_quantities_imports(tmp_path: Path) -> None:
    """A maker's parts list with prices and shops but no quantity column is still a BOM: every line is imported
    (quantity unknown, said in a warning) and the shop is read as the supplier."""
    rows = [["Component", "Price", "Shipping", "Total", "Retailer"],
            ["12V DC fan 80mm", "$8.99", "$0.00", "$8.99", "Amazon"],
            ["Activated carbon filter", "$5.49", "$2.00", "$7.49", "eBay"],
            ["Rocker switch", "$1.20", "", "$1.20", "Amazon"]]
    r = read_bom(write_csv(tmp_path / "shop.csv", rows))
    _accounted(r)
    assert r.rows_imported == 3
    assert r.parts["description"].tolist()[0] == "12V DC fan 80mm" and r.parts["supplier"].tolist()[1] == "eBay"
    assert any("quantity" in w.render().lower() for w in r.warnings)


def test_a_part_name_column_beside_prices_is_a_parts_list(tmp_path: Path) -> None:
    rows = [["Part name", "Use", "Price"], ["ESP32 DevKit", "Main controller", "$8"],
            ["8 ohm speaker", "Audio out", "$2"], ["INMP441 microphone", "Voice input", "$3"]]
    r = read_bom(write_csv(tmp_path / "parts.csv", rows))
    _accounted(r)
    assert r.rows_imported == 3 and "8 ohm speaker" in r.parts.iloc[:, :].to_string()


def test_a_name_column_without_prices_or_quantities_is_not_a_bom(tmp_path: Path) -> None:
    rows = [["Name", "Date"], ["Alice", "2026-01-02"], ["Bob", "2026-02-03"]]   # a revision history
    with pytest.raises(InputError):
        read_bom(write_csv(tmp_path / "history.csv", rows))
