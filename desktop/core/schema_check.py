"""A small JSON Schema checker for the files reerisk reads back (saved assessments), no dependency.

Saved ``.reerisk`` files are user files: they may be edited, truncated or crafted. Their stored results are
checked against ``resources/schema/assessment.schema.json`` (the same schema the CLI's JSON output follows)
before any view reads them, so that a wrong type gives one clear message instead of a crash deep in a table
model. The subset implemented is what our schemas use: ``type``, ``$ref`` (``#/$defs/…``), ``properties``,
``required``, ``additionalProperties``, ``items``, ``enum``, ``const``, ``minimum``, ``maximum``, ``pattern``,
``propertyNames``. Nesting is bounded, and the first problem found is reported with its JSON path.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
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


def check(instance: Any, schema: Mapping[str, Any], root: Mapping[str, Any] | None = None, path: str = "$",
          depth: int = 0) -> None:
    """Raise :class:`SchemaViolation` at the first place ``instance`` does not follow ``schema``."""
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
        check(instance, target, root, path, depth + 1)
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
    if isinstance(instance, str) and "pattern" in schema and not _regex(schema["pattern"]).search(instance):
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
                check(key, key_schema, root, f"{path}.{key}", depth + 1)
            if key in props:
                check(value, props[key], root, f"{path}.{key}", depth + 1)
            elif extra is False:
                raise SchemaViolation(f"{path}: unexpected key {_short(key)}")
            elif isinstance(extra, Mapping):
                check(value, extra, root, f"{path}.{key}", depth + 1)
    if isinstance(instance, list) and isinstance(schema.get("items"), Mapping):
        for n, item in enumerate(instance):
            check(item, schema["items"], root, f"{path}[{n}]", depth + 1)


def _kind(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _TYPES[name](value):
            return name
    return type(value).__name__


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
