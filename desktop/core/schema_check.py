"""A small JSON Schema checker for the files reerisk reads back (saved assessments), no dependency.

Saved ``.reerisk`` files are user files: they may be edited, truncated or crafted. Their stored results are
checked against ``resources/schema/assessment.schema.json`` (the same schema the CLI's JSON output follows)
before any view reads them, so that a wrong type gives one clear message instead of a crash deep in a table
model. The subset implemented is what our schemas use: ``type``, ``$ref`` (``#/$defs/…``), ``properties``,
``required``, ``additionalProperties``, ``items``, ``enum``, ``const``, ``minimum``, ``maximum``, ``pattern``,
``propertyNames``. Nesting is bounded, and the first problem found is reported with its JSON path.

A schema is compiled once into nested closures (:func:`validator`): a reopened 100,000-part assessment is checked
in about 1 s instead of 8 s, with the same verdicts and messages as reading the schema keyword by keyword.
"""
from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

MAX_DEPTH = 64


class SchemaViolation(ValueError):
    """The instance does not follow the schema; the message names the JSON path and the problem."""


_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, Mapping),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and math.isfinite(v) and v.is_integer()),
    "number": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and math.isfinite(v)),
}


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


Node = Callable[[Any], None]


class _Violation(Exception):
    """Raised inside a compiled validator: ``problem``, and the path segments from the failing value up."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.trail: list[str] = []


def check(instance: Any, schema: Mapping[str, Any], root: Mapping[str, Any] | None = None, path: str = "$",
          depth: int = 0) -> None:
    """Raise :class:`SchemaViolation` at the first place ``instance`` does not follow ``schema``."""
    validator(schema, root, depth)(instance, path)


_VALIDATORS: dict[tuple[int, int, int], tuple[Any, Any, Callable[[Any, str], None]]] = {}


def validator(schema: Mapping[str, Any], root: Mapping[str, Any] | None = None,
              depth: int = 0) -> Callable[[Any, str], None]:
    """``schema`` compiled once into a function ``validate(instance, path="$")`` (cached while the schema lives).

    Why: walking the schema dict for every value (which keyword applies, resolve ``$ref``, format the JSON path)
    made checking a reopened 100,000-part assessment take 8–15 s. The compiled form decides all of that once;
    a value costs a type test and the checks that apply to it, and a path is only formatted for the problem
    that is reported. It accepts and refuses exactly what the keyword-by-keyword reading does, with the same
    first problem and message (``tests/core/test_schema_check.py`` compares the two)."""
    root = schema if root is None else root
    key = (id(schema), id(root), depth)
    cached = _VALIDATORS.get(key)
    if cached is not None and cached[0] is schema and cached[1] is root:
        return cached[2]
    node = _compile(schema, root, depth, {})

    def validate(instance: Any, path: str = "$") -> None:
        try:
            node(instance)
        except _Violation as v:
            raise SchemaViolation(f"{path}{''.join(reversed(v.trail))}: {v.problem}") from None

    if len(_VALIDATORS) > 256:
        _VALIDATORS.clear()
    _VALIDATORS[key] = (schema, root, validate)    # the schema is kept alive, so its id stays its own
    return validate


_KEYWORDS = frozenset({"$ref", "type", "const", "enum", "minimum", "maximum", "pattern", "required", "properties",
                       "additionalProperties", "propertyNames", "items"})
#: Exact Python types that a JSON Schema type accepts without a closer look (a float needs one: it must be finite).
_PLAIN: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
                                       "null": (type(None),), "integer": (int,), "number": (int,)}


def _compile(schema: Mapping[str, Any], root: Mapping[str, Any], depth: int,
             memo: dict[tuple[int, int], Node]) -> Node:
    """The validator of ``schema`` met at nesting ``depth`` (one per schema and depth, so ``$ref`` cycles end at
    ``MAX_DEPTH`` as in the keyword-by-keyword reading)."""
    key = (id(schema), depth)
    node = memo.get(key)
    if node is None:
        node = memo[key] = _build(schema, root, depth, memo)
    return node


def _build(schema: Mapping[str, Any], root: Mapping[str, Any], depth: int,
           memo: dict[tuple[int, int], Node]) -> Node:
    if depth > MAX_DEPTH:
        return _always("nested too deeply")
    ref: Node | None = None
    if "$ref" in schema:
        target_ref = schema["$ref"]
        if not target_ref.startswith("#/"):
            return _always(f"unsupported reference {target_ref}")
        target: Any = root
        for part in target_ref[2:].split("/"):
            target = target[part]
        ref = _compile(target, root, depth + 1, memo)
        if not (_KEYWORDS - {"$ref"}) & schema.keys():
            return ref          # the target checks the same value at the same path (its object keys too)
    kinds = schema.get("type")
    names = None if kinds is None else ([kinds] if isinstance(kinds, str) else list(kinds))
    is_type = _type_test(names) if names is not None else None
    expected = " or ".join(names or ())
    has_const, const = "const" in schema, schema.get("const")
    has_enum = "enum" in schema
    enum: Any = schema.get("enum")
    enum_texts = frozenset(e for e in enum if type(e) is str) if isinstance(enum, list) else frozenset()
    has_min, minimum = "minimum" in schema, schema.get("minimum")
    has_max, maximum = "maximum" in schema, schema.get("maximum")
    pattern = _regex(schema["pattern"]) if "pattern" in schema else None
    required = tuple(schema.get("required", ()))
    props = {k: _compile(v, root, depth + 1, memo) for k, v in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    no_extra = extra is False
    extra_node = _compile(extra, root, depth + 1, memo) if isinstance(extra, Mapping) else None
    key_node = _compile(schema["propertyNames"], root, depth + 1, memo) if schema.get("propertyNames") is not None \
        else None
    items = _compile(schema["items"], root, depth + 1, memo) if isinstance(schema.get("items"), Mapping) else None
    number = _TYPES["number"]

    if is_type is not None and ref is None and "object" not in (names or ()) and items is None and not (
            has_const or has_enum or has_min or has_max or pattern is not None):
        # the commonest schema, a value of a given type (a mapping fails the type test, so its keys are not read;
        # a list's items are read only when the schema has "items")
        def leaf(x: Any) -> None:
            if not is_type(x):
                raise _Violation(f"expected {expected}, found {_kind(x)}")

        _LEAVES[leaf] = is_type
        return leaf

    plain_checks = ref is None and not (has_const or has_enum or has_min or has_max or pattern is not None)
    if plain_checks and is_type is not None and names == ["object"]:
        return _object_node(is_type, expected, required, props, no_extra, extra_node, key_node)
    if plain_checks and is_type is not None and names == ["array"] and items is not None:
        return _array_node(is_type, expected, items)

    def node(x: Any) -> None:
        if ref is not None:
            ref(x)
        if is_type is not None and not is_type(x):
            raise _Violation(f"expected {expected}, found {_kind(x)}")
        if has_const and x != const:
            raise _Violation(f"expected {const!r}")
        if has_enum and not (type(x) is str and x in enum_texts) and x not in enum:
            raise _Violation(f"{_short(x)} is not one of the allowed values")
        t = type(x)
        if (has_min or has_max) and number(x):
            if has_min and x < minimum:
                raise _Violation(f"{x} is below {minimum}")
            if has_max and x > maximum:
                raise _Violation(f"{x} is above {maximum}")
        if pattern is not None and isinstance(x, str) and not pattern.search(x):
            raise _Violation(f"{_short(x)} has the wrong form")
        if t is dict or (t not in _NOT_MAPPINGS and isinstance(x, Mapping)):
            for name in required:
                if name not in x:
                    raise _Violation(f"'{name}' is missing")
            for k, value in x.items():
                if not isinstance(k, str):
                    raise _Violation("a key is not text")
                sub = props.get(k)
                try:
                    if key_node is not None:
                        key_node(k)
                    if sub is not None:
                        sub(value)
                    elif extra_node is not None:
                        extra_node(value)
                except _Violation as v:
                    v.trail.append("." + k)
                    raise
                if sub is None and no_extra:
                    raise _Violation(f"unexpected key {_short(k)}")
        elif items is not None and isinstance(x, list):
            n = 0
            try:
                for n, item in enumerate(x):   # noqa: B007 - n names the failing item
                    items(item)
            except _Violation as v:
                v.trail.append(f"[{n}]")
                raise

    return node


_NOT_MAPPINGS = frozenset({str, int, float, bool, type(None), list})
#: Leaf validators (a type test only) and their test: an object's loop calls the test itself, one call fewer.
_LEAVES: weakref.WeakKeyDictionary[Node, Callable[[Any], bool]] = weakref.WeakKeyDictionary()


def _object_node(is_type: Callable[[Any], bool], expected: str, required: tuple[str, ...], props: dict[str, Node],
                 no_extra: bool, extra_node: Node | None, key_node: Node | None) -> Node:
    """The node of ``{"type": "object", "required", "properties", "additionalProperties", "propertyNames"}``."""
    tests = {k: _LEAVES.get(sub) for k, sub in props.items()}

    def node(x: Any) -> None:
        if type(x) is not dict and not is_type(x):
            raise _Violation(f"expected {expected}, found {_kind(x)}")
        for name in required:
            if name not in x:
                raise _Violation(f"'{name}' is missing")
        for k, value in x.items():
            if not isinstance(k, str):
                raise _Violation("a key is not text")
            test = tests.get(k)
            if test is not None and key_node is None:
                if test(value):
                    continue
            sub = props.get(k)
            try:
                if key_node is not None:
                    key_node(k)
                if sub is not None:
                    sub(value)
                elif extra_node is not None:
                    extra_node(value)
            except _Violation as v:
                v.trail.append("." + k)
                raise
            if sub is None and no_extra:
                raise _Violation(f"unexpected key {_short(k)}")

    return node


def _array_node(is_type: Callable[[Any], bool], expected: str, items: Node) -> Node:
    """The node of ``{"type": "array", "items": …}``."""
    test = _LEAVES.get(items)

    def node(x: Any) -> None:
        if type(x) is not list and not is_type(x):
            raise _Violation(f"expected {expected}, found {_kind(x)}")
        if not isinstance(x, list):
            return
        n = 0
        try:
            for n, item in enumerate(x):   # noqa: B007 - n names the failing item
                if test is None or not test(item):
                    items(item)
        except _Violation as v:
            v.trail.append(f"[{n}]")
            raise

    return node


def _type_test(names: list[str]) -> Callable[[Any], bool]:
    """``any(_TYPES[n](x) for n in names)``, deciding the JSON types by the exact Python type first."""
    tests = [_TYPES[n] for n in names]
    plain = frozenset(t for n in names for t in _PLAIN[n])
    finite_float = "number" in names
    whole_float = "integer" in names

    def is_type(x: Any) -> bool:
        t = type(x)
        if t in plain:
            return True
        if t is float:
            return (finite_float or whole_float) and math.isfinite(x) and (finite_float or x.is_integer())
        return any(test(x) for test in tests)

    return is_type


def _always(problem: str) -> Node:
    def node(_x: Any) -> None:
        raise _Violation(problem)

    return node


def _kind(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _TYPES[name](value):
            return name
    return type(value).__name__


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
