"""Typed field access for knowledge-base records: every failure names the file, the record and the field.

The loader reads each YAML record through a :class:`Record`; a wrong type, a bad date, an unknown element or an
out-of-range share raises :class:`~desktop.core.errors.KnowledgeError` with a message such as
``controls.yaml, record CN-MOFCOM-GAC-2025-18, field 'effective': not a date ('2025-13-01')``.
"""
from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Collection, Mapping
from typing import Any, Literal, overload

from desktop.core.errors import KnowledgeError
from desktop.core.knowledge.model import Figure, Range
from desktop.i18n import N_

#: The 17 rare-earth elements in atomic-number order.
SYMBOLS: tuple[str, ...] = (
    "Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
)
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")

MSG_FIELD = N_("{file}, record {record}, field '{field}': {problem}")
MSG_FILE = N_("{file}: {problem}")

_MISSING = object()


#: The longest text a message takes from the data: a quoted value, a record label, a field name, a detail.
MAX_QUOTED_CHARS = 300

# ``reprlib`` walks at most a few items per container and a few levels, so quoting a value costs the same
# whatever its size: a list of a million items, or one that aliases point into, is never expanded (issue 14).
_repr = reprlib.Repr()
_repr.maxlevel = 3
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxfrozenset = _repr.maxdeque = _repr.maxarray = 4
_repr.maxdict = 4
_repr.maxstring = 60
_repr.maxlong = 40
_repr.maxother = 60


def show(value: Any, limit: int = 60) -> str:
    """A short, bounded quotation of ``value`` for a message: never longer than ``limit`` characters and never
    more work than a few dozen items, however large or deeply nested the value is."""
    text = repr(value[:limit]) if isinstance(value, str) else _repr.repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


_show = show  # the name used inside this module


def clip(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """``text`` cut to ``limit`` characters (with "…" when cut): a message never carries a whole file."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def file_error(file: str, problem: str, detail: str = "") -> KnowledgeError:
    """A file-level error (unreadable, not YAML, wrong top-level shape)."""
    return KnowledgeError(MSG_FILE, {"file": clip(file), "problem": clip(problem)}, detail=clip(detail, 2000))


class Context:
    """What every record of one load shares: the defined source ids and country codes."""

    def __init__(self, source_ids: Collection[str] = (), country_codes: Collection[str] = ()) -> None:
        self.source_ids = set(source_ids)
        self.country_codes = set(country_codes)


class Record:
    """One mapping in a knowledge file, read field by field with validation.

    Args:
        file: file name used in messages (e.g. ``controls.yaml``).
        record: record label: its id, or ``#n`` (1-based position) when it has none.
        data: the mapping read from YAML.
        ctx: shared context (source ids, country codes).
        prefix: field-name prefix for nested mappings (``magnet.``).
    """

    def __init__(self, file: str, record: str, data: Any, ctx: Context, prefix: str = "") -> None:
        self.file = file
        self.record = record
        self.ctx = ctx
        self.prefix = prefix
        if not isinstance(data, Mapping):
            raise KnowledgeError(MSG_FIELD, {"file": clip(file), "record": clip(record),
                                             "field": clip(prefix.rstrip(".") or "(record)"),
                                             "problem": f"expected a mapping, got {type(data).__name__}"})
        self.data = data

    # -- plumbing ------------------------------------------------------------------------------------------------
    def error(self, field: str, problem: str) -> KnowledgeError:
        """A :class:`KnowledgeError` for ``field`` of this record."""
        return KnowledgeError(MSG_FIELD, {"file": clip(self.file), "record": clip(self.record),
                                          "field": clip(self.prefix + field), "problem": clip(problem)})

    def has(self, field: str) -> bool:
        return field in self.data

    def raw(self, field: str, required: bool = False) -> Any:
        if field not in self.data:
            if required:
                raise self.error(field, "missing required field")
            return None
        return self.data[field]

    def sub(self, field: str, value: Any | None = None) -> Record:
        """A nested mapping as a Record whose field names carry ``field.`` as prefix."""
        data = self.raw(field, required=True) if value is None else value
        return Record(self.file, self.record, data, self.ctx, prefix=f"{self.prefix}{field}.")

    # -- scalars -------------------------------------------------------------------------------------------------
    # The overloads tell the type checker what the code guarantees: a required field, or one with a text
    # default, always yields text (a missing or empty required field raises instead of returning None).
    @overload
    def text(self, field: str, required: Literal[True] = ..., default: str | None = ...) -> str: ...
    @overload
    def text(self, field: str, required: bool = ..., *, default: str) -> str: ...
    @overload
    def text(self, field: str, required: bool = ..., default: str | None = ...) -> str | None: ...

    def text(self, field: str, required: bool = True, default: str | None = None) -> str | None:
        """A non-empty string (numbers are accepted and converted, booleans are not)."""
        value = self.raw(field, required=required)
        if value is None:
            if required:
                raise self.error(field, "must not be empty")
            return default
        if isinstance(value, bool):
            raise self.error(field, f"expected text, got a yes/no value ({value}); put the value in quotes")
        if isinstance(value, (int, float)):
            value = str(value)
        if not isinstance(value, str):
            raise self.error(field, f"expected text, got {type(value).__name__} ({_show(value)})")
        value = value.strip()
        if not value:
            if required:
                raise self.error(field, "must not be empty")
            return default
        return value

    def texts(self, field: str, required: bool = False) -> tuple[str, ...]:
        """A list of strings; a single string counts as a one-item list; absent/null is empty."""
        value = self.raw(field, required=required)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(field, f"expected a list of text, got {type(value).__name__}")
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise self.error(f"{field}[{i}]", f"expected text, got {_show(item)}")
            item = str(item).strip()
            if item:
                out.append(item)
        return tuple(out)

    def flag(self, field: str, default: bool = False) -> bool:
        value = self.raw(field)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(field, f"expected true or false, got {_show(value)}")
        return value

    @overload
    def integer(self, field: str, required: bool = ..., *, default: int) -> int: ...
    @overload
    def integer(self, field: str, required: bool = ..., default: int | None = ...) -> int | None: ...

    def integer(self, field: str, required: bool = False, default: int | None = None) -> int | None:
        value = self.raw(field, required=required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                return int(value)
            raise self.error(field, f"expected a whole number, got {_show(value)}")
        return value

    def number(self, field: str, required: bool = False, *, low: float | None = None,
               high: float | None = None) -> float | None:
        """A number or null; ``low``/``high`` are inclusive bounds."""
        value = self.raw(field, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(field, f"expected a number, got {_show(value)}")
        value = float(value)
        if value != value:  # NaN
            raise self.error(field, "not a number (NaN)")
        if low is not None and value < low:
            raise self.error(field, f"{value:g} is below the minimum {low:g}")
        if high is not None and value > high:
            raise self.error(field, f"{value:g} is above the maximum {high:g}")
        return value

    def date(self, field: str, required: bool = False) -> dt.date | None:
        """An ISO date (YYYY-MM-DD) or null."""
        value = self.raw(field, required=required)
        if value is None:
            if required:
                raise self.error(field, "missing required date")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.error(field, f"not a date ({_show(value)}); use YYYY-MM-DD")

    @overload
    def choice(self, field: str, allowed: Collection[str], required: Literal[True] = ...,
               default: str | None = ...) -> str: ...
    @overload
    def choice(self, field: str, allowed: Collection[str], required: bool = ..., *, default: str) -> str: ...
    @overload
    def choice(self, field: str, allowed: Collection[str], required: bool = ...,
               default: str | None = ...) -> str | None: ...

    def choice(self, field: str, allowed: Collection[str], required: bool = True,
               default: str | None = None) -> str | None:
        value = self.text(field, required=required, default=default)
        if value is not None and value not in allowed:
            raise self.error(field, f"{_show(value)} is not one of: {', '.join(allowed)}")
        return value

    # -- domain values -------------------------------------------------------------------------------------------
    def symbol_of(self, field: str, value: Any) -> str:
        if not isinstance(value, str) or value not in SYMBOLS:
            raise self.error(field, f"unknown element {_show(value)} (expected one of the 17 rare-earth symbols)")
        return value

    def symbols(self, field: str, allow_all: bool = True, required: bool = False) -> tuple[tuple[str, ...], bool]:
        """Element symbols: a list, or ``"all"`` (returns all 17 and True); null/absent is empty."""
        value = self.raw(field, required=required)
        if value is None:
            return (), False
        if isinstance(value, str):
            if allow_all and value.strip().lower() == "all":
                return SYMBOLS, True
            value = [value]
        if not isinstance(value, list):
            raise self.error(field, f"expected a list of element symbols or \"all\", got {_show(value)}")
        out: list[str] = []
        for i, item in enumerate(value):
            sym = self.symbol_of(f"{field}[{i}]", item)
            if sym in out:
                raise self.error(f"{field}[{i}]", f"element {sym} is listed twice")
            out.append(sym)
        return tuple(out), False

    def countries(self, field: str, allow_all: bool = False, extra: Collection[str] = ()) -> tuple[str, ...]:
        """ISO2 codes defined in countries.yaml (or ``"all"`` when allowed)."""
        value = self.raw(field)
        if value is None:
            return ()
        if isinstance(value, str):
            if allow_all and value.strip().lower() == "all":
                return ("all",)
            value = [value]
        if not isinstance(value, list):
            raise self.error(field, f"expected a list of ISO country codes, got {_show(value)}")
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or (item not in self.ctx.country_codes and item not in extra):
                raise self.error(f"{field}[{i}]", f"unknown country code {_show(item)} (not in countries.yaml)")
            out.append(item)
        return tuple(out)

    def source_id(self, field: str, value: Any) -> str:
        if not isinstance(value, str) or value not in self.ctx.source_ids:
            raise self.error(field, f"unknown source id {_show(value)} (not defined in sources.yaml)")
        return value

    def source(self, field: str = "source", required: bool = False) -> str | None:
        value = self.raw(field, required=required)
        return None if value is None else self.source_id(field, value)

    def sources(self, field: str = "sources", required: bool = False) -> tuple[str, ...]:
        ids = self.texts(field, required=required)
        if required and not ids:
            raise self.error(field, "at least one source id is required")
        return tuple(self.source_id(f"{field}[{i}]", s) for i, s in enumerate(ids))

    def figure(self, field: str, *, share: bool = False) -> Figure | None:
        """A sourced figure (mapping with value/low/high/...) or null. ``share`` bounds numbers to 0..1."""
        value = self.raw(field)
        if value is None:
            return None
        rec = self.sub(field, value)
        bound = 1.0 if share else None
        val = rec.number("value", low=0.0 if share else None, high=bound)
        low = rec.number("low", low=0.0 if share else None, high=bound)
        high = rec.number("high", low=0.0 if share else None, high=bound)
        if low is not None and high is not None and low > high:
            raise rec.error("low", f"low {low:g} is greater than high {high:g}")
        if val is not None and low is not None and val < low:
            raise rec.error("value", f"value {val:g} is below low {low:g}")
        if val is not None and high is not None and val > high:
            raise rec.error("value", f"value {val:g} is above high {high:g}")
        src = rec.source("source")
        if src is None and (val is not None or low is not None or high is not None):
            raise rec.error("source", "a figure must name its source id")
        uncertain = rec.flag("uncertain")
        reason = rec.text("uncertain_reason", required=False)
        if uncertain and not reason:
            raise rec.error("uncertain_reason", "an uncertain figure must give its reason")
        return Figure(
            value=val, source=src, year=rec.integer("year"), basis=rec.text("basis", required=False),
            low=low, high=high, element_specific=rec.flag("element_specific", default=True),
            uncertain=uncertain, uncertain_reason=reason, unit=rec.text("unit", required=False),
        )

    def range(self, field: str, value: Any, *, fraction: bool) -> Range:
        """low/typical/high grams (or mass fractions when ``fraction``); a bare number means all three."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = {"low": value, "typical": value, "high": value}
        rec = self.sub(field, value)
        top = 1.0 if fraction else None
        vals: dict[str, float | None] = {}
        for key in ("low", "typical", "high"):
            name = key if rec.has(key) else next((f"{p}_{key}" for p in ("fraction", "grams")
                                                  if rec.has(f"{p}_{key}")), key)
            vals[key] = rec.number(name, low=0.0, high=top)
        low, typical, high = vals["low"], vals["typical"], vals["high"]
        if low is not None and high is not None and low > high:
            raise rec.error("low", f"low {low:g} is greater than high {high:g}")
        if typical is not None and low is not None and typical < low:
            raise rec.error("typical", f"typical {typical:g} is below low {low:g}")
        if typical is not None and high is not None and typical > high:
            raise rec.error("typical", f"typical {typical:g} is above high {high:g}")
        source = rec.source("source")
        sources = rec.sources("sources")
        if source is not None and source not in sources:
            sources = (source, *sources)
        return Range(low=low, typical=typical, high=high, estimate=rec.flag("estimate", default=True),
                     source=source or (sources[0] if sources else None), sources=sources)


def record_label(item: Any, index: int, key: str = "id") -> str:
    """The label used in messages: the record's id, else ``#n`` (1-based)."""
    if isinstance(item, Mapping):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return f"#{index + 1}"
