"""The JSON output's parts: one renderer, shared per group, and compact text assembled from pieces (issue 12).

``iter_json`` writes large BOMs compactly from the JSON text of each distinct cell value and of each group's
mapping-and-score part; these tests hold it to ``json.dumps`` of the plain per-part dicts, on a BOM whose rows
repeat with different quantities (shared and unshared groups, not fitted, unusable quantities) and on a parts
frame with values that hash alike but render differently.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop.core.pipeline import assess_file
from desktop.core.report.json_out import assessment_to_json, iter_json, iter_json_bytes, part_json
from desktop.paths import resource

AS_OF = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def repeated(tmp_path_factory: pytest.TempPathFactory):
    """The sample's parts, each on four rows: twice with its quantity, then 0 (not fitted) and another figure."""
    sample = assess_file(resource("samples", "sample_bom_ja.xlsx"), as_of=AS_OF)
    parts = sample.mapped.imported.parts
    odd = ["0", "abc", "-2", "3", "1e9", "2.5", ""]
    lines = ["Part Number,Description,Specification,Qty,Supplier,Country"]
    for n, row in enumerate(parts.itertuples(index=False)):
        cells = [str(row.part_number or ""), str(row.description or "").replace(",", " "),
                 str(row.specification or "").replace(",", " ") if isinstance(row.specification, str) else "",
                 None, str(row.supplier or "").replace(",", " ") if isinstance(row.supplier, str) else "",
                 str(row.country or "") if isinstance(row.country, str) else ""]
        for qty in (row.quantity, row.quantity, 0, odd[n % len(odd)]):
            cells[3] = "" if qty is None or (isinstance(qty, float) and np.isnan(qty)) else str(qty)
            lines.append(",".join(cells))
    path = tmp_path_factory.mktemp("json") / "repeated.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return assess_file(path, as_of=AS_OF)


def _plain(assessment, lang: str) -> list[dict]:
    return [part_json(assessment, i, lang) for i in range(len(assessment.mapped.mappings))]


@pytest.mark.parametrize(("lang", "chunk", "shared"), [("en", 20_000, 1.0), ("ja", 20_000, 1.0), ("ja", 7, 1.0),
                                                     ("en", 20_000, 0.0), ("ja", 7, 0.0)])
def test_compact_stream_is_json_dumps_of_each_part_rendered_alone(repeated, lang: str, chunk: int, shared: float,
                                                                  monkeypatch: pytest.MonkeyPatch):
    from desktop.core.report import json_out

    monkeypatch.setattr(json_out, "_CHUNK", chunk)    # the writer's pieces of parts, and their seams
    monkeypatch.setattr(json_out, "_SHARED_AT_MOST", shared)   # cells per distinct combination, or cell by cell
    doc = assessment_to_json(repeated, lang)
    assert doc["parts"] == _plain(repeated, lang)           # bulk and one-by-one rendering agree
    text = "".join(iter_json(repeated, lang, None, batch=7))
    assert text == json.dumps(doc, ensure_ascii=False)
    pieces = list(iter_json_bytes(repeated, lang, None, batch=7))   # what the CLI writes to a file
    assert len(pieces) > 10 and b"".join(pieces) == text.encode("utf-8")
    indented = b"".join(iter_json_bytes(repeated, lang, 1, batch=7))
    assert indented == json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    assert json.loads(text)["parts"] == _plain(repeated, lang)


def test_groups_are_shared_only_by_equal_scores(repeated):
    scores = repeated.part_scores
    groups = scores.same_score_groups()
    assert len(groups) == len(scores)
    assert len(set(groups.tolist())) < len(scores)          # rows that repeat share a group ...
    first: dict[int, int] = {}
    for i, g in enumerate(groups.tolist()):
        j = first.setdefault(g, i)
        assert scores[i] == scores[j], (i, j)                # ... and only rows whose scores are equal
    not_fitted = np.flatnonzero(scores.not_fitted)
    counted = np.flatnonzero(scores.counted)
    assert len(not_fitted) and len(counted)
    assert not set(groups[not_fitted].tolist()) & set(groups[counted].tolist())


def test_cells_that_hash_alike_but_render_differently_stay_apart(repeated, monkeypatch: pytest.MonkeyPatch):
    """1, 1.0, True and "1" are equal keys for a dict or a hash table; the JSON writes each as json.dumps
    does. Missing values of every kind, -0.0 and binary noise in the user's figures are covered too."""
    imported = repeated.mapped.imported
    n = len(imported.parts)
    frame = imported.parts.copy()
    text_values = [1, 1.0, True, "1", None, float("nan"), pd.NA, "", "ｶﾀｶﾅ \"quoted\" \\ \t", -0.0]
    number_values = [0.0, -0.0, float("nan"), 0.1 * 3, 1234567.0, 1e-320, float("inf"), 2.5]
    frame["part_number"] = pd.Series([text_values[i % len(text_values)] for i in range(n)], dtype=object)
    frame["description"] = pd.Series([text_values[(i + 3) % len(text_values)] for i in range(n)], dtype=object)
    frame["supplier"] = pd.Series(["Acme" if i % 2 else None for i in range(n)], dtype=object)
    frame["quantity"] = np.array([number_values[i % len(number_values)] for i in range(n)], dtype=float)
    frame["unit_weight_g"] = pd.Series([number_values[i % len(number_values)] if i % 3 else "12.5"
                                        for i in range(n)], dtype=object)
    odd = dataclasses.replace(repeated, mapped=dataclasses.replace(
        repeated.mapped, imported=dataclasses.replace(imported, parts=frame)))
    from desktop.core.report import json_out

    monkeypatch.setattr(json_out, "_CHUNK", 11)
    text = "".join(iter_json(odd, "en", None, batch=5))
    assert text == json.dumps(assessment_to_json(odd, "en"), ensure_ascii=False)
    assert b"".join(iter_json_bytes(odd, "en", None, batch=5)) == text.encode("utf-8")
    parts = json.loads(text)["parts"]
    assert parts == json.loads(json.dumps(_plain(odd, "en")))
    assert [p["part_number"] for p in parts[:10]] == ["1", "1.0", "True", "1", None, None, "<NA>", "", text_values[8],
                                                      "-0.0"]
    assert parts[3]["quantity"] == pytest.approx(0.3) and str(parts[3]["quantity"]) == "0.3"   # noise dropped


@pytest.mark.parametrize("shared", [1.0, 0.0])
def test_missing_cells_and_float_edge_cases(repeated, shared: float, monkeypatch: pytest.MonkeyPatch):
    """Texts missing as None or NaN in one column, -0.0, NaN, infinity and binary noise in the user's figures:
    the columns the writer codes per distinct value."""
    from desktop.core.report import json_out

    monkeypatch.setattr(json_out, "_SHARED_AT_MOST", shared)
    monkeypatch.setattr(json_out, "_CHUNK", 13)
    imported = repeated.mapped.imported
    n = len(imported.parts)
    frame = imported.parts.copy()
    frame["supplier"] = pd.Series([[None, float("nan"), "Acme", "", "東京磁材"][i % 5] for i in range(n)], dtype=object)
    frame["mpn"] = pd.Series([None] * n, dtype=object)
    frame["level"] = pd.Series([float("nan")] * n, dtype=object)
    frame["description"] = pd.Series([None if i % 4 == 0 else "LED" for i in range(n)], dtype=object)
    frame["quantity"] = np.array([[0.0, -0.0, np.nan, 0.1 * 3, np.inf, 1e-320, 1234567.0][i % 7] for i in range(n)])
    odd = dataclasses.replace(repeated, mapped=dataclasses.replace(
        repeated.mapped, imported=dataclasses.replace(imported, parts=frame)))
    text = "".join(iter_json(odd, "en", None, batch=5))
    assert text == json.dumps(assessment_to_json(odd, "en"), ensure_ascii=False)
    assert b"".join(iter_json_bytes(odd, "en", None, batch=5)) == text.encode("utf-8")
    parts = json.loads(text)["parts"]
    assert [p["supplier"] for p in parts[:5]] == [None, None, "Acme", "", "東京磁材"]
    assert parts[0]["description"] == "" and parts[1]["description"] == "LED"
    assert [p["quantity"] for p in parts[:7]] == [0.0, 0.0, None, 0.3, None, 1e-320, 1234567.0]


def test_rare_earth_free_is_written_and_read_back(repeated):
    """A part positively identified as free of rare earths says so in the JSON, the live part and the stored
    parts table (the reopened view showed every part as not known to be free)."""
    from desktop.app.results import Results
    from desktop.i18n import translation_for

    free = [i for i, m in enumerate(repeated.mapped.mappings) if m.rare_earth_free]
    assert free
    doc = assessment_to_json(repeated, "en")
    assert [i for i, p in enumerate(doc["parts"]) if p["rare_earth_free"]] == free
    live = Results.live(repeated)
    assert live.part(free[0], translation_for("en")) == doc["parts"][free[0]]
    stored = Results.stored({"results": json.loads(json.dumps(doc))})
    assert np.flatnonzero(stored.frame()["rare_earth_free"].to_numpy()).tolist() == free
    assert np.flatnonzero(live.frame()["rare_earth_free"].to_numpy()).tolist() == free


def test_schema_accepts_the_output(repeated):
    import jsonschema

    schema = json.loads(Path(resource("schema", "assessment.schema.json")).read_text(encoding="utf-8"))
    jsonschema.validate(json.loads("".join(iter_json(repeated, "ja", None))), schema)


def test_declared_grams_keep_every_digit_the_user_gave(tmp_path):
    """A library override of 0.1234567 g is the user's own figure: the JSON (and the live part the override dialog
    pre-fills from) keeps all its digits, while estimated grams keep 6 significant digits."""
    from desktop.app.results import live_part
    from desktop.core.mapping import PartLibrary
    from desktop.core.types import ElementGrams
    from desktop.i18n import translation_for

    bom = tmp_path / "bom.csv"
    bom.write_text("Part number,Description,Qty\nP-1,Custom rotor assembly,2\nP-2,NdFeB magnet N42 10x5x2 mm,1\n",
                   encoding="utf-8")
    lib = PartLibrary()
    lib.set_override(part_number="P-1", grams={"Dy": ElementGrams(0.1234567, 0.1234567, 0.1234567)})
    a = assess_file(bom, library=lib)
    parts = assessment_to_json(a)["parts"]
    assert parts[0]["method"] == "library"
    assert parts[0]["elements"]["Dy"]["grams"] == 0.1234567
    assert live_part(a, 0, translation_for("en"))["elements"]["Dy"]["grams"] == 0.1234567
    estimated = [g["grams"] for g in parts[1]["elements"].values() if g["grams"]]
    assert estimated and all(len(f"{g:.15g}".replace(".", "").lstrip("0")) <= 6 for g in estimated)
