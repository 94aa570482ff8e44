"""End to end through the core: the bundled sample, its variants (property 6) and the JSON contract."""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import jsonschema
import pytest

from desktop.core.pipeline import assess_file
from desktop.core.report.json_out import assessment_to_json
from desktop.paths import resource

SAMPLE = resource("samples", "sample_bom_ja.xlsx")
AS_OF = dt.date(2026, 11, 28)
EN_HEADERS = {"レベル": "Level", "品番": "Part No.", "品名": "Description", "仕様": "Specification",
              "数量": "Qty", "単位": "Unit", "仕入先": "Supplier", "原産国": "Country of Origin",
              "単重(g)": "Unit Weight (g)", "HSコード": "HS Code", "材質": "Material",
              "含有レアアース": "Declared REE content", "備考": "Notes"}


def _sample_table() -> tuple[list[str], list[list]]:
    from openpyxl import load_workbook

    ws = load_workbook(SAMPLE)["部品表"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    h = next(i for i, r in enumerate(rows) if r and r[0] == "レベル")
    header = [str(c) for c in rows[h] if c is not None]
    body = [r[:len(header)] for r in rows[h + 1:] if r and isinstance(r[0], int)]
    return header, body


def _key(data: dict) -> dict[str, tuple]:
    out = {}
    for p in data["parts"]:
        out[p["part_number"]] = (tuple(p["classes"]), json.dumps(p["elements"], sort_keys=True),
                                 p["confidence"], p["score"], p["tier"], p["extended_quantity"])
    return out


@pytest.fixture(scope="module")
def sample_json() -> dict:
    return assessment_to_json(assess_file(SAMPLE, as_of=AS_OF), lang="en")


def test_sample_matches_schema(sample_json):
    schema = json.loads(resource("schema", "assessment.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(sample_json, schema)
    assert sample_json["schema_version"] == 1
    assert sample_json["input"]["sheet"] == "部品表"
    assert sample_json["input"]["columns"]["part_number"] == "品番"
    imp = sample_json["import"]
    assert imp["rows_total"] == imp["rows_imported"] + len(imp["rows_skipped"])


def test_sample_findings(sample_json):
    parts = {p["part_number"]: p for p in sample_json["parts"]}
    # Declared content wins and is exact.
    servo = parts["MT-2001"]
    assert servo["elements"]["Dy"]["grams"] == pytest.approx(6.8)
    assert servo["confidence"] == "high"
    # Magnet grade + weight: N42SH implies dysprosium.
    assert parts["MG-2003"]["elements"]["Dy"]["grams"] > 0
    assert "Sm" in parts["MG-2004"]["elements"]
    assert {"La", "Ce"} <= set(parts["BT-3004"]["elements"])     # NiMH pack
    assert {"Nd", "Pr"} <= set(parts["SP-3002"]["elements"])     # neodymium speaker
    # Look-alikes contain none.
    for pn in ("MC-5003", "MT-2104", "DR-2103", "LD-3015", "FB-3016", "GR-2002", "HS-3017"):
        assert parts[pn]["elements"] == {}, pn
        assert parts[pn]["score"] == 0 and parts[pn]["tier"] == "none"
    # A part no rule judged (the Li-ion module: no rare-earth or look-alike class names it) is not "none".
    assert parts["BT-8001"]["elements"] == {} and parts["BT-8001"]["classes"] == []
    assert parts["BT-8001"]["tier"] == "unclassified" and parts["BT-8001"]["score"] is None
    assert sample_json["summary"]["parts_unclassified"] == sample_json["summary"]["tier_counts"]["unclassified"] > 0
    # Multi-level: extended quantity rolls up (2 drive units × 4 magnets).
    assert parts["MG-2003"]["extended_quantity"] == pytest.approx(8)
    top = max(sample_json["parts"], key=lambda p: p["score"] or 0)
    assert sample_json["summary"]["score"] == top["score"]
    assert sample_json["summary"]["tier"] in ("critical", "high")
    dy = next(e for e in sample_json["elements"] if e["symbol"] == "Dy")
    assert "CN-MOFCOM-GAC-2025-18" in dy["controls"]
    kinds = {r["kind"] for r in sample_json["recommendations"]}
    assert {"diversify", "verify"} <= kinds
    assert any("Lynas" in r["text"] for r in sample_json["recommendations"])
    assert sample_json["knowledge"]["warnings"], "as-of after the recorded suspension end must warn"


def _write_variant(path: Path, header: list[str], body: list[list], *, english: bool, shuffle: bool,
                   title: bool) -> Path:
    cols = list(range(len(header)))
    if shuffle:
        random.Random(7).shuffle(cols)
    head = [EN_HEADERS[header[i]] if english else header[i] for i in cols]
    rows = [[r[i] for i in cols] for r in body]
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "BOM"
        if title:
            ws.append(["Bill of materials AGV-300"])
            ws.append(["Revision", "C"])
            ws.append([])
        ws.append(head)
        for r in rows:
            ws.append(r)
        wb.save(path)
    else:
        enc = {"cp932": "cp932", "utf16": "utf-16", "utf8sig": "utf-8-sig"}[path.stem.split("_")[-1]]
        with path.open("w", encoding=enc, newline="") as fh:
            w = csv.writer(fh, delimiter=";" if "semi" in path.stem else ",")
            w.writerow(head)
            for r in rows:
                w.writerow(["" if v is None else v for v in r])
    return path


@pytest.mark.parametrize("name,english,shuffle,title", [
    ("en_shuffled.xlsx", True, True, True),
    ("ja_plain.xlsx", False, False, False),
    ("ja_cp932.csv", False, True, False),
    ("en_semi_utf16.csv", True, False, False),
    ("ja_utf8sig.csv", False, False, False),
])
def test_property_6_layout_language_encoding_do_not_change_results(tmp_path, sample_json, name, english,
                                                                     shuffle, title):
    header, body = _sample_table()
    variant = _write_variant(tmp_path / name, header, body, english=english, shuffle=shuffle, title=title)
    data = assessment_to_json(assess_file(variant, as_of=AS_OF), lang="en")
    assert _key(data) == _key(sample_json)
    assert data["summary"] == sample_json["summary"]
    assert [(e["symbol"], e["grams_total"], e["score"]) for e in data["elements"]] == \
        [(e["symbol"], e["grams_total"], e["score"]) for e in sample_json["elements"]]


def test_japanese_json_renders_texts(sample_json):
    ja = assessment_to_json(assess_file(SAMPLE, as_of=AS_OF), lang="ja")
    assert _key(ja) == _key(sample_json)  # numbers and ids do not depend on the language
    texts = " ".join(r["text"] for r in ja["recommendations"])
    assert any("\u3040" <= ch <= "\u30ff" for ch in texts), "Japanese recommendations expected"
