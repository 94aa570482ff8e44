"""Bounded fuzzing (hypothesis): random BOM tables, random part-library JSON and randomly damaged saved
assessments. Whatever comes in, the outcome is a result or one of our typed errors – never another exception.

CI runs a few dozen examples per property; ``REERISK_FUZZ_EXAMPLES=5000`` runs a longer campaign (its figures are
in docs/reliability.md). Hypothesis keeps failing examples in .hypothesis/ and replays them first.
"""
from __future__ import annotations

import copy
import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.errors import CoreError, CorruptStateError, InputError

EXAMPLES = int(os.environ.get("REERISK_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

# Text that breaks things: markup, control characters, bidi, emoji, long runs, CSV syntax, formulas.
HOSTILE = st.sampled_from(["<b>", "</para>", "&amp;", "]]>", "\x00", "\x0b", "\u202e", "🧲", "\ufeff", '"', ",",
                           "\r\n", "=1+1", "NdFeB", "N42SH", "ネオジム", "Dy", "magnet", "motor", "-", "1e308", "nan"])
CELL = st.one_of(st.text(max_size=30), st.lists(HOSTILE, max_size=6).map("".join),
                 st.floats(allow_nan=True, allow_infinity=True).map(repr),
                 st.integers(min_value=-10**30, max_value=10**30).map(str), st.just(""))
TABLE = st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=12)
SCHEMA = json.loads(Path(__file__).resolve().parents[2].joinpath("resources", "schema",
                                                                  "assessment.schema.json").read_text("utf-8"))


def _csv_bytes(rows: list[list[str]], header: bool) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(["Part No", "Description", "Qty"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(rows=TABLE, header=st.booleans())
def test_random_tables_give_a_result_or_a_clear_error(tmp_path_factory, rows, header) -> None:
    import jsonschema

    from desktop.core.pipeline import assess_file
    from desktop.core.report import build_workbook
    from desktop.core.report.json_out import assessment_to_json

    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "bom.csv"
    path.write_bytes(_csv_bytes(rows, header))
    try:
        assessment = assess_file(path)
    except InputError:
        return
    data = assessment_to_json(assessment)
    jsonschema.validate(data, SCHEMA)
    for element in data["elements"]:
        total = element.get("grams_total")
        assert total is None or (math.isfinite(total) and total >= 0), element
    build_workbook(assessment, folder / "out.xlsx")
    assert path.read_bytes() == _csv_bytes(rows, header)  # the input is never changed


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children,
                                                                                max_size=4)),
    max_leaves=20)
ENTRY = st.fixed_dictionaries({}, optional={
    "part_number": JSON_VALUE, "mpn": JSON_VALUE, "class_id": JSON_VALUE, "rare_earth_free": JSON_VALUE,
    "note": JSON_VALUE, "grams": st.one_of(JSON_VALUE, st.dictionaries(st.sampled_from(["Nd", "Dy", "Tb"]),
                                                                        JSON_VALUE, max_size=3))})
LIBRARY = st.one_of(JSON_VALUE, st.fixed_dictionaries({"format_version": st.one_of(st.just(1), JSON_VALUE),
                                                       "entries": st.one_of(st.lists(ENTRY, max_size=5),
                                                                            JSON_VALUE)}))


@FUZZ
@given(data=LIBRARY)
def test_random_part_libraries_load_or_are_reported(tmp_path_factory, data) -> None:
    from desktop.core.mapping.library import PartLibrary

    path = tmp_path_factory.mktemp("lib") / "part_library.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        library = PartLibrary.load(path)
    except CorruptStateError:
        return
    library.save(path)                      # whatever loads can be saved and loads again, unchanged
    again = PartLibrary.load(path)
    assert [e.to_json() for e in again.entries()] == [e.to_json() for e in library.entries()]


def _document() -> dict:
    from tests.reliability.make_bad_corpus import _document as build

    return json.loads(build())


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _paths(item, (*prefix, n))


DOC_PATHS = [p for p in _paths(_document()) if p]


@FUZZ
@given(where=st.sampled_from(DOC_PATHS), value=JSON_VALUE)
def test_damaged_documents_are_refused_or_safe(tmp_path_factory, where, value) -> None:
    from desktop.app import document as doc

    data = copy.deepcopy(_document())
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    path = tmp_path_factory.mktemp("doc") / "a.reerisk"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        loaded = doc.load_document(path, heal=False)
    except CoreError:
        return
    # What loads is safe to use: every accessor the window calls works, and the source is never trusted blindly.
    doc.import_options_of(loaded)
    doc.as_of_of(loaded)
    doc.config_of(loaded)
    plan = doc.reopen_plan(loaded)
    assert not plan.live
    from desktop.app.parts_frame import frame_from_json

    frame_from_json(loaded["results"])


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), -1.0, 0.0, 1e-300, 1e300, -1e300])
def test_charts_accept_any_value(value) -> None:
    """Issue 10: charts accept any finite or infinite value without raising (the grams chart took the log of a
    non-positive limit). Every number of every element result is replaced by ``value``."""
    import dataclasses

    from desktop.core.pipeline import assess_file
    from desktop.core.report import charts
    from desktop.i18n import translation_for
    from desktop.paths import resource

    assessment = assess_file(resource("samples", "sample_bom_ja.xlsx"))

    def poisoned(element):
        changes = {f.name: value for f in dataclasses.fields(element)
                   if isinstance(getattr(element, f.name), float) and not isinstance(getattr(element, f.name), bool)}
        return dataclasses.replace(element, **changes)

    bad = dataclasses.replace(assessment, elements=tuple(poisoned(e) for e in assessment.elements))
    tr = translation_for("en")
    for make in (charts.grams_by_element, charts.risk_by_element):
        charts.figure_png(make(bad, tr), dpi=40)
    from desktop.core.knowledge import default_knowledge
    from desktop.core.report import pdf_charts

    drawing = pdf_charts.grams_by_element(bad, tr, default_knowledge(), 400.0)   # the PDF's own vector chart
    assert drawing.width == 400.0
