"""`reerisk compare`: one BOM on two dates, two BOM revisions, two saved assessment files; reasons per part."""
from __future__ import annotations

import json

from desktop.cli import main
from desktop.core.mapping.library import PartLibrary
from desktop.paths import part_library_file, resource

SAMPLE = resource("samples", "sample_bom_ja.xlsx")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_one_bom_on_two_dates_names_the_dy_tb_parts_and_no_18(tmp_path, capsys):
    out_path = tmp_path / "cmp.json"
    code, out, err = cli(capsys, "compare", str(SAMPLE), str(SAMPLE), "--as-of-old", "2025-03-01",
                         "--as-of-new", "2025-05-01", "--json", str(out_path))
    assert code == 0, err
    data = json.loads(out_path.read_text(encoding="utf-8"))
    assert data["counts"] == {"added": 0, "removed": 0, "changed": data["counts"]["changed"]}
    assert data["old"]["as_of"] == "2025-03-01" and data["new"]["as_of"] == "2025-05-01"
    assert any(c["measure"] == "No. 18/2025" and c["new"] == "in_force" for c in data["controls"])
    changed = {p["part_number"]: p for p in data["parts"]}
    for pn in ("MG-2003", "MT-2101", "MT-2001"):   # NdFeB with Dy (and Tb): controlled from 4 April 2025
        reasons = " ".join(changed[pn]["reasons"])
        assert "No. 18/2025 came into force" in reasons and "Dy" in reasons
        assert changed[pn]["score"]["delta"] > 0
    assert "Tb" in " ".join(changed["MG-2003"]["reasons"])
    # a part with only unaffected elements did not change (La/Ce/Nd/Pr battery is not under No. 18)
    assert "BT-3004" not in changed
    dy = next(e for e in data["elements"] if e["symbol"] == "Dy")
    assert dy["score"]["delta"] > 0 and dy["grams_per_product"]["delta"] == 0
    assert data["tier"]["old"] != data["tier"]["new"] or data["score"]["delta"] > 0
    assert "No. 18/2025" in out and "MG-2003" in out   # the text report names them too
    code, out, err = cli(capsys, "compare", str(SAMPLE), str(SAMPLE), "--as-of-old", "2025-03-01",
                         "--as-of-new", "2025-05-01", "--json", "-", "--lang", "ja")
    ja = json.loads(out)
    assert "2025年第18号 が施行された(Dy、Tb)" in {p["part_number"]: p for p in ja["parts"]}["MG-2003"]["reasons"]
    assert "措置 2025年第18号: 未公表 → 施行中" in err


def _bom(path, rows):
    lines = ["Part Number,Description,Qty,Supplier,Country"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_revisions_name_added_removed_and_changed_parts(tmp_path, capsys):
    old, new = tmp_path / "rev_a.csv", tmp_path / "rev_b.csv"
    _bom(old, [("M-1", "NdFeB magnet N42SH 20x10x5 mm", "2", "Acme", "CN"),
               ("S-1", "Loudspeaker 40 mm neodymium", "1", "Beta", "CN"),
               ("R-1", "Resistor 10k 0603", "10", "Gamma", "JP")])
    _bom(new, [("M-1", "NdFeB magnet N42SH 20x10x5 mm", "4", "Acme", "CN"),       # quantity doubled
               ("R-1", "Resistor 10k 0603", "10", "Gamma", "JP"),                  # unchanged
               ("H-1", "Servo motor 400W permanent magnet", "1", "Delta", "CN")])  # new
    code, out, err = cli(capsys, "compare", str(old), str(new), "--as-of-old", "2026-01-10", "--as-of-new",
                         "2026-01-10", "--json", "-")
    assert code == 0, err
    data = json.loads(out)
    by = {p["part_number"]: p for p in data["parts"]}
    assert by["H-1"]["status"] == "added" and by["H-1"]["reasons"] == ["new part"]
    assert by["S-1"]["status"] == "removed" and by["S-1"]["reasons"] == ["part removed"]
    assert by["M-1"]["status"] == "changed" and by["M-1"]["reasons"] == ["quantity changed from 2 to 4"]
    nd = by["M-1"]["grams_per_product"]["Nd"]
    assert nd["new"] == 2 * nd["old"] and nd["delta"] > 0
    assert "R-1" not in by
    assert data["counts"] == {"added": 1, "removed": 1, "changed": 1}
    assert "[added] H-1" in err   # the text report goes to stderr when the JSON is on stdout


def test_saved_results_and_a_declaration_as_reason(tmp_path, capsys):
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    assert cli(capsys, "assess", str(SAMPLE), "--as-of", "2026-01-10", "--json", str(before))[0] == 0
    PartLibrary.update(part_library_file(), lambda lib: lib.declare(
        part_number="SP-3002", rare_earth_free=True, supplier="東莞音響", file="survey_東莞音響.xlsx"))
    assert cli(capsys, "assess", str(SAMPLE), "--as-of", "2026-01-10", "--json", str(after))[0] == 0
    # a saved assessment (.reerisk) holds the same JSON under "results"
    saved = tmp_path / "after.reerisk"
    saved.write_text(json.dumps({"format": "reerisk-assessment", "format_version": 1,
                                 "results": json.loads(after.read_text(encoding="utf-8"))}), encoding="utf-8")
    code, out, err = cli(capsys, "compare", str(before), str(saved), "--json", "-", "--lang", "ja")
    assert code == 0, err
    data = json.loads(out)
    (part,) = [p for p in data["parts"] if p["part_number"] == "SP-3002"]
    assert part["reasons"] == ["サプライヤーの申告を使用するようになった"]
    assert part["tier"]["new"] == "none" and part["tier"]["old"] != "none"
    # a date option with a saved assessment is a usage error; a file that is no assessment is bad input
    code, _out, err = cli(capsys, "compare", str(before), str(saved), "--as-of-new", "2026-01-01")
    assert code == 2 and "--as-of-new" in err
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}', encoding="utf-8")
    code, _out, err = cli(capsys, "compare", str(junk), str(saved))
    assert code == 3 and "not an assessment" in err and "Traceback" not in err


def test_pdf_page_names_the_measure_and_the_parts(tmp_path, capsys):
    from pypdf import PdfReader

    pdf, js = tmp_path / "changed.pdf", tmp_path / "changed.json"
    code, _out, err = cli(capsys, "compare", str(SAMPLE), str(SAMPLE), "--as-of-old", "2025-03-01",
                          "--as-of-new", "2025-05-01", "--pdf", str(pdf), "--json", str(js), "--lang", "ja")
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("前回のブリーフィングからの変化", "2025年第18号", "MG-2003", "施行中", "変わった部品"):
        assert expected in text.replace(" ", ""), expected
    # the PDF and the JSON on one file, or the PDF on an input, are refused before anything is written
    code, _out, err = cli(capsys, "compare", str(SAMPLE), str(SAMPLE), "--pdf", str(SAMPLE))
    assert code == 2


def test_quantities_in_reasons_keep_their_digits_without_exponents():
    from desktop.core.compare import _fmt

    assert [_fmt(1234567.0), _fmt(0.0015), _fmt(2.0), _fmt(None)] == ["1,234,567", "0.0015", "2", "-"]
