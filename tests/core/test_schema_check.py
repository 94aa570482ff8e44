"""The compiled schema checker accepts and refuses exactly what the keyword-by-keyword reading did.

``reference_check`` below is the checker as it was before it was compiled (the readable statement of the
subset we implement). Random values, randomly damaged saved assessments and hand-made bad parts go through both;
the outcome and the message (path and problem) must be the same.
"""
from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.schema_check import _TYPES, MAX_DEPTH, SchemaViolation, _kind, _short, check, validator

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "resources" / "schema" / "assessment.schema.json")
                    .read_text("utf-8"))
EXAMPLES = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def reference_check(instance: Any, schema: Mapping[str, Any], root: Mapping[str, Any] | None = None,
                    path: str = "$", depth: int = 0) -> None:
    """The interpreter the compiled checker replaced (kept here as the oracle)."""
    root = schema if root is None else root
    if depth > MAX_DEPTH:
        raise SchemaViolation(f"{path}: nested too deeply")
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise SchemaViolation(f"{path}: unsupported reference {ref}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        reference_check(instance, target, root, path, depth + 1)
    kinds = schema.get("type")
    if kinds is not None:
        names = [kinds] if isinstance(kinds, str) else list(kinds)
        if not any(_TYPES[n](instance) for n in names):
            raise SchemaViolation(f"{path}: expected {' or '.join(names)}, found {_kind(instance)}")
    if "const" in schema and instance != schema["const"]:
        raise SchemaViolation(f"{path}: expected {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        raise SchemaViolation(f"{path}: {_short(instance)} is not one of the allowed values")
    if _TYPES["number"](instance):
        if "minimum" in schema and instance < schema["minimum"]:
            raise SchemaViolation(f"{path}: {instance} is below {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            raise SchemaViolation(f"{path}: {instance} is above {schema['maximum']}")
    if isinstance(instance, str) and "pattern" in schema and not re.search(schema["pattern"], instance):
        raise SchemaViolation(f"{path}: {_short(instance)} has the wrong form")
    if isinstance(instance, Mapping):
        for key in schema.get("required", ()):
            if key not in instance:
                raise SchemaViolation(f"{path}: '{key}' is missing")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        key_schema = schema.get("propertyNames")
        for key, value in instance.items():
            if not isinstance(key, str):
                raise SchemaViolation(f"{path}: a key is not text")
            if key_schema is not None:
                reference_check(key, key_schema, root, f"{path}.{key}", depth + 1)
            if key in props:
                reference_check(value, props[key], root, f"{path}.{key}", depth + 1)
            elif extra is False:
                raise SchemaViolation(f"{path}: unexpected key {_short(key)}")
            elif isinstance(extra, Mapping):
                reference_check(value, extra, root, f"{path}.{key}", depth + 1)
    if isinstance(instance, list) and isinstance(schema.get("items"), Mapping):
        for n, item in enumerate(instance):
            reference_check(item, schema["items"], root, f"{path}[{n}]", depth + 1)


def outcome(fn: Any, instance: Any, schema: Mapping[str, Any], **kw: Any) -> str | None:
    try:
        fn(instance, schema, **kw)
    except SchemaViolation as exc:
        return str(exc)
    return None


def same(instance: Any, schema: Mapping[str, Any] = SCHEMA, **kw: Any) -> str | None:
    expected = outcome(reference_check, instance, schema, **kw)
    assert outcome(check, instance, schema, **kw) == expected
    return expected


def _document() -> dict[str, Any]:
    from tests.reliability.make_bad_corpus import _document as build

    return json.loads(build())["results"]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _paths(item, (*prefix, n))


RESULTS = _document()
RESULT_PATHS = [p for p in _paths(RESULTS) if p]
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-5, max_value=200), st.floats(allow_nan=True),
              st.sampled_from(["", "x", "high", "Nd", "Xx", "2026-01-01", "2026-1-1", "none", "unclassified"])),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.sampled_from(["grams", "grams_low", "grams_high", "name", "value",
                                                                "Nd", "Qq", "tier", "row", "x"]),
                                               children, max_size=4)),
    max_leaves=12)


def test_a_valid_assessment_passes() -> None:
    assert same(RESULTS) is None


@EXAMPLES
@given(where=st.sampled_from(RESULT_PATHS), value=JSON_VALUE, drop=st.booleans())
def test_damaged_results_get_the_same_verdict_and_message(where: tuple[Any, ...], value: Any, drop: bool) -> None:
    data = copy.deepcopy(RESULTS)
    target: Any = data
    for key in where[:-1]:
        target = target[key]
    if drop and isinstance(target, dict):
        del target[where[-1]]
    else:
        target[where[-1]] = value
    same(data)


@EXAMPLES
@given(value=JSON_VALUE)
def test_random_values_get_the_same_verdict_against_every_definition(value: Any) -> None:
    same(value)
    for name in SCHEMA["$defs"]:
        same(value, {"$ref": f"#/$defs/{name}", "$defs": SCHEMA["$defs"]})
    same({"parts": [value]}, {"type": "object", "properties": {"parts": SCHEMA["properties"]["parts"]},
                              "$defs": SCHEMA["$defs"]})


@pytest.mark.parametrize("mutate, message", [
    (lambda p: p.update(score=101), "$.parts[1].score: 101 is above 100"),
    (lambda p: p.update(score=math.inf), "$.parts[1].score: expected number or null, found float"),
    (lambda p: p.update(tier="safe"), "$.parts[1].tier: 'safe' is not one of the allowed values"),
    (lambda p: p.pop("evidence"), "$.parts[1]: 'evidence' is missing"),
    (lambda p: p.update(row=0), "$.parts[1].row: 0 is below 1"),
    (lambda p: p.update(row=True), "$.parts[1].row: expected integer, found boolean"),
    (lambda p: p["elements"].update(Xx={"grams": 1, "grams_low": 1, "grams_high": 1}),
     "$.parts[1].elements.Xx: 'Xx' is not one of the allowed values"),
    (lambda p: p["elements"]["Nd"].update(extra=1), "$.parts[1].elements.Nd: unexpected key 'extra'"),
    (lambda p: p["factors"][0].update(contribution=None),
     "$.parts[1].factors[0].contribution: expected number, found null"),
    (lambda p: p.update(evidence=["ok", 3]), "$.parts[1].evidence[1]: expected string, found integer"),
    (lambda p: p.update(description=None), "$.parts[1].description: expected string, found null"),
])
def test_bad_parts_are_still_refused(mutate: Any, message: str) -> None:
    """A part among good ones, each with one fault: refused, and the message names the part and the field."""
    data = copy.deepcopy(RESULTS)
    bad = copy.deepcopy(data["parts"][0])
    mutate(bad)
    data["parts"] = [copy.deepcopy(data["parts"][0]), bad, copy.deepcopy(data["parts"][0])]
    assert same(data, path="$.results") == message.replace("$.", "$.results.", 1)


def test_edge_cases_of_the_subset() -> None:
    deep: Any = {"a": None}
    schema: dict[str, Any] = {"$defs": {"node": {"type": ["object", "null"],
                                                 "properties": {"a": {"$ref": "#/$defs/node"}}}},
                              "$ref": "#/$defs/node"}
    for _ in range(70):
        deep = {"a": deep}
    assert "nested too deeply" in same(deep, schema)
    assert same({"a": {"a": None}}, schema) is None
    assert same({1: "x"}, {"type": "object"}) == "$: a key is not text"
    assert same({"x": 1}, {"$ref": "http://elsewhere"}) == "$: unsupported reference http://elsewhere"
    assert same(1.0, {"const": 1}) is None and same(True, {"const": 1}) is None     # Python's ==, as before
    assert same(float("nan"), {"type": "number"}) == "$: expected number, found float"
    assert same(3.0, {"type": "integer", "minimum": 4}) == "$: 3.0 is below 4"
    assert same("abc", {"pattern": "^a"}) is None and same(5, {"pattern": "^a"}) is None


def test_a_compiled_schema_is_reused() -> None:
    assert validator(SCHEMA) is validator(SCHEMA)
