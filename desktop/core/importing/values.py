"""Cell values → text "as Excel shows it", and the vectorised normalisers for quantities, units, weights,
HS codes and countries.

Normalisers work on a pandas Series of text: they parse each *unique* value once and map the results back,
so a 100,000-row BOM with a few hundred distinct quantities costs a few hundred parses.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from desktop.core.masses import MASS_UNITS
from desktop.core.types import Message
from desktop.i18n import N_

# ---------------------------------------------------------------------------------------------------------------
# Cell display text


def cell_text(value: Any) -> str:
    """Return the text a spreadsheet shows for ``value`` ("" for empty cells).

    Whole-number floats lose their ".0" (part code 400101007.0 → "400101007"); text is kept as written.
    """
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value
    if kind is float:
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if isinstance(value, dt.datetime):
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def clean_text(text: str) -> str:
    """NFKC (full-width → half-width), non-breaking spaces to spaces, trimmed."""
    if not text:
        return ""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ").strip()


def keep_text(text: str) -> str:
    """A text cell as the user wrote it, for the parts table: only surrounding white space is dropped.

    Matching normalises on its own (NFKC in the mapper, the library keys and the country names), so the parts
    table never changes what the user gave us: full-width letters, the micro sign (µ, U+00B5, which NFKC turns
    into Greek mu) and circled numbers stay as written.
    """
    return text.strip() if text else ""


def map_unique(series: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """Apply ``func`` to each distinct value of ``series`` once and map the results back (same index).

    One hash pass (``pandas.factorize``) finds the distinct values and where each occurs; the results are put
    back with a ``take``. Missing values (``None``, NaN) are kept apart as ``pandas.unique`` keeps them: ``func``
    sees ``None`` for ``None`` cells and NaN for NaN cells. The result's dtype is what ``Series.map`` with a
    dict of the results would give.
    """
    values = series.to_numpy(dtype=object)
    if not len(values):
        return series.map({})
    codes, uniques = pd.factorize(values)
    results = [func(u) for u in uniques]
    if len(codes) and codes.min() < 0:
        missing = np.flatnonzero(codes < 0)
        is_none = np.equal(values[missing], None)  # type: ignore[call-overload]  # stubs reject None
        extra: dict[Any, int] = {}
        for kind, first in ((None, missing[is_none]), ("nan", missing[~is_none])):
            if len(first):
                extra[kind] = len(results)
                results.append(func(values[first[0]]))
        codes = codes.copy()
        if None in extra:
            codes[missing[is_none]] = extra[None]
        if "nan" in extra:
            codes[missing[~is_none]] = extra["nan"]
    taken = pd.Series(results).array.take(codes)
    return pd.Series(taken, index=series.index, name=series.name)


def factor_values(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, table)`` with ``table[codes[i]]`` standing for ``values[i]`` (one hash pass).

    ``table`` holds the distinct values in order of first appearance, then one ``None`` entry for the ``None``
    cells and one NaN entry for the other missing cells when there are any, as :func:`map_unique` keeps them
    apart. ``codes`` are non-negative.
    """
    codes, uniques = pd.factorize(values)
    table = list(uniques)
    if len(codes) and codes.min() < 0:
        missing = np.flatnonzero(codes < 0)
        is_none = np.equal(values[missing], None)  # type: ignore[call-overload]  # stubs reject None
        codes = codes.copy()
        for where in (missing[is_none], missing[~is_none]):
            if len(where):
                codes[where] = len(table)
                table.append(values[where[0]])
    out = np.empty(len(table), dtype=object)
    out[:] = table
    return codes, out


def map_codes(codes: np.ndarray, table: np.ndarray, func: Callable[[Any], Any]) -> pd.Series:
    """``map_unique`` for a column already factorised as ``table[codes]``: the same values and dtype.

    ``func`` is called once for each entry of ``table`` that ``codes`` use (entries that no row uses are not
    passed to ``func``); equal entries give equal results, so the dtype pandas infers from the results is the
    one :func:`map_unique` would infer from the column's distinct values.
    """
    if not len(codes):
        return map_unique(pd.Series(np.empty(0, dtype=object), dtype=object), func)
    used = np.zeros(len(table), dtype=bool)
    used[codes] = True
    keys = np.flatnonzero(used)
    remap = np.zeros(len(table), dtype=np.intp)
    remap[keys] = np.arange(len(keys))
    results = [func(table[k]) for k in keys.tolist()]
    return pd.Series(pd.Series(results).array.take(remap[codes]))


def column_texts(column: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Display and cleaned text of a 1-D object array of cell values, with one hash pass.

    Returns:
        (display, codes, table, cleaned, shown): ``display[i] == cell_text(column[i]) == table[codes[i]]``,
        ``cleaned[codes[i]] == clean_text(display[i])`` and ``shown[codes[i]] == (display[i] != "")``. ``table``
        may hold a text twice (the number 1 and the text "1" both show "1").

    Values that compare equal but show differently (``True`` and ``1.0``; an int and a float beyond 1e16) are
    converted one by one, so ``display`` is exactly ``[cell_text(v) for v in column]``.
    """
    n = len(column)
    if n == 0:
        empty = np.empty(0, dtype=object)
        return empty, np.empty(0, dtype=np.intp), empty, empty, np.empty(0, dtype=bool)
    codes, uniques = pd.factorize(column)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = [cell_text(u) for u in uniques]
    table[-1] = ""  # missing (None, NaN) → ""
    codes = np.where(codes < 0, len(uniques), codes)
    out = table[codes]
    fixed = False
    for k, u in enumerate(uniques):
        kind = type(u)
        if kind is str:
            continue
        if kind in (bool, int, float) and (u == 0 or u == 1 or abs(u) >= 1e16):
            where = np.flatnonzero(codes == k)
            if len({type(v) for v in column[where]}) > 1:
                out[where] = [cell_text(v) for v in column[where]]
                fixed = True
    if fixed:
        codes, table = pd.factorize(out)
    cleaned = np.empty(len(table), dtype=object)
    cleaned[:] = [clean_text(t) for t in table]
    return out, codes, table, cleaned, table != ""


# ---------------------------------------------------------------------------------------------------------------
# Units

_UNIT_ALIASES: dict[str, str] = {}
for _canon, _aliases in {
    "pcs": ("pcs", "pc", "pce", "pces", "piece", "pieces", "ea", "each", "unit", "units", "nos", "no", "個",
            "ケ", "コ", "本", "枚", "台", "件", "只", "个", "颗", "片", "支", "条", "根", "块", "粒", "個数", "pcs."),
    "m": ("m", "meter", "meters", "metre", "metres", "mtr", "米", "メートル"),
    "mm": ("mm", "millimeter", "millimeters", "ミリ"),
    "cm": ("cm", "centimeter", "centimeters"),
    "kg": ("kg", "kgs", "kilogram", "kilograms", "キロ", "キログラム", "公斤", "千克"),
    "g": ("g", "gr", "gram", "grams", "グラム", "克"),
    "mg": ("mg",),
    "t": ("t", "ton", "tons", "tonne", "tonnes", "トン", "吨"),
    "set": ("set", "sets", "kit", "kits", "セット", "式", "組", "套", "组"),
    "pair": ("pair", "pairs", "pr", "対", "ペア", "对"),
    "l": ("l", "liter", "liters", "litre", "litres", "リットル", "升"),
    "ml": ("ml", "milliliter", "millilitre"),
    "roll": ("roll", "rolls", "巻", "卷"),
    "sheet": ("sheet", "sheets"),
    "box": ("box", "boxes", "箱", "盒"),
    "pack": ("pack", "packs", "pkg", "袋", "包"),
    "ft": ("ft", "feet", "foot"),
    "in": ("in", "inch", "inches"),
}.items():
    for _alias in _aliases:
        _UNIT_ALIASES[_alias] = _canon


def normalise_unit(text: str | None) -> str | None:
    """Canonical unit ("pcs", "m", "kg", "g", "set", …) for a unit cell; unknown units are kept lower-cased."""
    if text is None:
        return None
    cleaned = clean_text(str(text)).strip(" .")
    if not cleaned:
        return None
    key = cleaned.lower()
    return _UNIT_ALIASES.get(key, _UNIT_ALIASES.get(key.rstrip("s"), key))


# ---------------------------------------------------------------------------------------------------------------
# Numbers with units

_NUM_UNIT = re.compile(r"^\s*([+-]?(?:\d[\d,.' ]*\d|\d)?(?:[.,]\d+)?)\s*(.*?)\s*$")
_PLAIN_FLOAT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$")
#: A cell that is just a number as a spreadsheet shows it: "12", "-0.5", "1,200", "1 200", "1e-3", "15%".
_NUMBER_ONLY = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:[,\s]\d{3})+)(?:\.\d+)?(?:[eE][-+]?\d+)?%?$")


def parse_number(text: str) -> float:
    """Parse one number written with thousands separators or a decimal comma; NaN when not a number.

    "1,200" → 1200 (a comma followed by exactly three digits is a thousands separator), "1,8" → 1.8,
    "1.234,5" → 1234.5, "1 200" → 1200.
    """
    t = text.strip().replace("'", "").replace(" ", "").replace("\u202f", "")
    if not t or not any(ch.isdigit() for ch in t):
        return math.nan
    if "," in t and "." in t:
        if t.rfind(",") > t.rfind("."):  # 1.234,5
            t = t.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            t = t.replace(",", "")
    elif "," in t:
        parts = t.split(",")
        if len(parts) > 2 or all(len(p) == 3 for p in parts[1:]) and parts[0].lstrip("+-") not in ("", "0"):
            t = t.replace(",", "")  # thousands
        else:
            t = t.replace(",", ".")  # decimal comma ("1,8")
    elif t.count(".") > 1:
        t = t.replace(".", "")  # 1.234.567
    try:
        return float(t)
    except ValueError:
        return math.nan


def split_quantity(text: str | None) -> tuple[float, str | None]:
    """Split a quantity cell into (value, canonical unit or None). "12個" → (12, "pcs"); "1,8 m" → (1.8, "m")."""
    if text is None:
        return math.nan, None
    cleaned = clean_text(str(text))
    if not cleaned:
        return math.nan, None
    if _PLAIN_FLOAT.match(cleaned):  # a number as a spreadsheet stores it, exponent included ("1e-05")
        return float(cleaned), None
    m = _NUM_UNIT.match(cleaned)
    if not m or not m.group(1):
        return math.nan, None
    value = parse_number(m.group(1))
    rest = m.group(2)
    if not rest:
        return value, None
    unit_word = rest.split()[0].strip(".()") if rest.split() else ""
    unit = normalise_unit(unit_word) if unit_word else None
    if unit_word and unit_word.lower() not in _UNIT_ALIASES and unit not in _UNIT_ALIASES.values():
        # "5 meters of tube" is fine; "12 x M3" or "2-3" is not a quantity with a unit
        if not unit_word.isalpha():
            return math.nan, None
    return value, unit


_WEIGHT_FACTORS = {**MASS_UNITS, "t": 1_000_000.0}
_HEADER_UNIT = re.compile(r"[(\[（【]\s*([a-zA-Zぁ-んァ-ン一-龥]+)\s*[)\]）】]|\b(kg|g|mg)\b", re.IGNORECASE)


def weight_unit_from_header(header: str) -> str | None:
    """The mass unit written in a weight header: "重量(kg)" → "kg", "Weight (g)" → "g"; None if not stated."""
    cleaned = clean_text(header)
    for m in _HEADER_UNIT.finditer(cleaned):
        unit = normalise_unit(m.group(1) or m.group(2))
        if unit in _WEIGHT_FACTORS:
            return unit
    return None


def weight_to_grams(text: str | None, default_unit: str) -> float:
    """Parse a weight cell ("12", "0.5 kg", "３ｇ") in grams; cells without a unit use ``default_unit``."""
    value, unit = split_quantity(text)
    if math.isnan(value):
        return math.nan
    factor = _WEIGHT_FACTORS.get(unit or default_unit)
    return value * factor if factor is not None else math.nan


def hs_digits(text: str | None) -> str | None:
    """HS/HTS code as digits only ("8505.11" → "850511"); None when there are fewer than 4 digits."""
    if text is None:
        return None
    digits = re.sub(r"\D", "", clean_text(str(text)))
    return digits if len(digits) >= 4 else None


# ---------------------------------------------------------------------------------------------------------------
# Series-level helpers


def text_series(series: pd.Series) -> pd.Series:
    """Text cells as written (trimmed, see :func:`keep_text`); empty → None. Object dtype."""
    def one(v: Any) -> str | None:
        t = keep_text(v) if isinstance(v, str) else ""
        return t or None
    values = series.to_numpy(dtype=object)
    if not len(values):
        out = map_unique(series, one).astype(object)
        return out.where(out.notna(), None)
    codes, uniques = pd.factorize(values)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = [one(u) for u in uniques]
    table[-1] = None  # missing values are not text
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=series.index, dtype=object,
                     name=series.name)


def quantity_series(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(quantity floats, captured unit) for a Series of quantity texts."""
    parsed = map_unique(series, split_quantity)
    values = pd.Series([p[0] for p in parsed], index=series.index, dtype="float64")
    units = pd.Series([p[1] for p in parsed], index=series.index, dtype=object)
    return values, units


def is_number_text(text: str) -> bool:
    """True when ``text`` is a plain number ("12", "1,200", "0.5", "1e-3", "15%"): the importer's one test of it
    (a header row holds none, an item-number column holds only these, and they are not part text)."""
    return bool(_NUMBER_ONLY.match(text.strip())) if text else False


def negative_as_unknown(quantity: pd.Series, rows: pd.Series, written: pd.Series,
                        limit: int = 12) -> tuple[pd.Series, np.ndarray, Message | None]:
    """Quantities below zero made unknown (NaN), with a warning naming each row and the value as written.

    A negative quantity in a BOM is a data error (a credit line, a sign typed by mistake). Taken as it is, it
    would subtract rare earths from the product's totals; taken as 0 it would read as "not fitted" and hide
    the part's rare earths. So it is not used at all: like a missing quantity, scoring counts the part once per
    product. The row stays imported and ``quantity_raw`` keeps what the file says.

    Returns:
        (quantities, mask of the negative rows, the warning or None)
    """
    negative = (quantity < 0).to_numpy()
    if not negative.any():
        return quantity, negative, None
    where = np.flatnonzero(negative)
    shown = [f"{int(rows.iloc[i])}: {written.iloc[i]}" for i in where[:limit]]
    out = quantity.copy()
    out[negative] = math.nan
    return out, negative, Message(
        N_("Negative quantity in {count} row (row: value in the file): {rows}. A negative quantity is not used; "
           "this part counts as one per product, like a missing quantity. The value in the file is kept."),
        {"count": len(where), "rows": ", ".join(shown) + (", \u2026" if len(where) > limit else "")},
        plural=N_("Negative quantity in {count} rows (row: value in the file): {rows}. A negative quantity is not "
                  "used; these parts count as one per product, like a missing quantity. The values in the file "
                  "are kept."), count="count")


# ---------------------------------------------------------------------------------------------------------------
# Number formats (what Excel shows for a number stored in a formatted cell)

#: Built-in number formats that change how a whole number or a short decimal is shown (ECMA-376 18.8.30).
BUILTIN_FORMATS = {1: "0", 2: "0.00", 49: "@"}
_ZERO_FORMAT = re.compile(r'^((?:"[^"]*"|\\.)*)(0+)(?:\.(0+))?((?:"[^"]*"|\\.)*)$')


def shows_number_differently(code: str) -> bool:
    """True for a format that :func:`format_number` applies: zero padding (``00000``), fixed decimals
    (``0.0``), optionally with quoted literal text around (``"P-"0000``). General, ``@``, dates, percentages,
    thousands separators and multi-section formats are left to :func:`cell_text`."""
    return bool(_ZERO_FORMAT.match(code.strip())) and code.strip() != "0"


def format_number(value: float | int, code: str) -> str | None:
    """The text Excel shows for ``value`` in a cell with number format ``code``, or None when the format is not
    one :func:`shows_number_differently` accepts or would hide digits (``0.0`` on 7.25 shows 7.3: the exact
    value is kept instead, as the user's data must never be rounded).
    """
    m = _ZERO_FORMAT.match(code.strip())
    if not m or isinstance(value, bool) or not math.isfinite(value):
        return None
    prefix, zeros, decimals, suffix = m.group(1), m.group(2), m.group(3) or "", m.group(4)
    text = f"{abs(value):.{len(decimals)}f}"
    whole, _, frac = text.partition(".")
    whole = whole.zfill(len(zeros))
    shown = whole + ("." + frac if decimals else "")
    if float(shown) != abs(float(value)):
        return None
    sign = "-" if value < 0 else ""
    return _literal(prefix) + sign + shown + _literal(suffix)


def _literal(part: str) -> str:
    """Quoted text and backslash-escaped characters of a number format, as shown."""
    return "".join(m.group(1) if m.group(1) is not None else m.group(2)
                   for m in re.finditer(r'"([^"]*)"|\\(.)', part))
