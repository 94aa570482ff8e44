"""The parts table the assessment view shows: the imported parts joined with their mapping and score columns.

Built once per assessment in the worker thread (no Qt here), in a language-neutral form: ids and numbers; the
same columns come from a live assessment (:func:`build_parts_frame`) and from stored results
(:func:`frame_from_json`), which is what lets :mod:`desktop.app.results` serve both alike.
The table model translates class ids, tiers and confidence levels when it formats the cells.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from desktop.core.types import Assessment, PartMapping

#: Columns of the frame, in order. ``index`` is the part's position in the assessment (mappings/part_scores).
FRAME_COLUMNS: tuple[str, ...] = (
    "index", "row", "part_number", "description", "manufacturer", "mpn", "supplier", "country", "quantity",
    "extended_quantity", "elements", "element_set", "grams", "class_id", "classes", "confidence", "method",
    "has_ree", "rare_earth_free", "score", "tier",
)


def _mapping_columns(m: PartMapping) -> tuple[Any, ...]:
    symbols = tuple(m.elements)
    known = [eg.grams for eg in m.elements.values() if eg.grams is not None and not math.isnan(eg.grams)]
    grams = float(sum(known)) if known else math.nan
    return (", ".join(symbols), frozenset(symbols), grams, m.classes[0] if m.classes else "", tuple(m.classes),
            m.confidence, m.method, bool(m.elements), bool(m.rare_earth_free))


def build_parts_frame(assessment: Assessment) -> pd.DataFrame:
    parts = assessment.mapped.imported.parts
    mappings = assessment.mapped.mappings
    n = len(parts)
    cache: dict[int, tuple[Any, ...]] = {}
    rows = []
    for m in mappings:
        key = id(m)
        cols = cache.get(key)
        if cols is None:
            cols = cache[key] = _mapping_columns(m)
        rows.append(cols)
    mapped = pd.DataFrame(rows, columns=["elements", "element_set", "grams", "class_id", "classes", "confidence",
                                         "method", "has_ree", "rare_earth_free"])
    scores = assessment.part_scores
    score_array = getattr(scores, "score", None)
    tier_array = getattr(scores, "tier", None)
    if isinstance(score_array, np.ndarray) and isinstance(tier_array, np.ndarray):
        score_values = score_array.astype(float)
        tier_values = tier_array.astype(object)
    else:
        score_values = np.fromiter((s.score for s in scores), dtype=float, count=n)
        tier_values = np.array([s.tier for s in scores], dtype=object)

    def text(column: str) -> Any:
        if column in parts.columns:
            return parts[column].astype(object).where(parts[column].notna(), None).to_numpy()
        return np.full(n, None, dtype=object)

    def number(column: str) -> Any:
        if column in parts.columns:
            return pd.to_numeric(parts[column], errors="coerce").to_numpy(dtype=float)
        return np.full(n, math.nan)

    frame = pd.DataFrame({
        "index": np.arange(n),
        "row": number("row"),
        "part_number": text("part_number"),
        "description": text("description"),
        "manufacturer": text("manufacturer"),
        "mpn": text("mpn"),
        "supplier": text("supplier"),
        "country": text("country"),
        "quantity": number("quantity"),
        "extended_quantity": number("extended_quantity"),
    })
    for column in mapped.columns:
        frame[column] = mapped[column].to_numpy() if n else np.array([], dtype=object)
    frame["score"] = score_values
    frame["tier"] = tier_values
    return frame[list(FRAME_COLUMNS)]


def frame_from_json(results: dict[str, Any]) -> pd.DataFrame:
    """The parts frame from stored results (``assessment_to_json`` output) for the read-only view."""
    parts = results.get("parts") or []
    n = len(parts)

    def get(key: str, default: Any = None) -> list[Any]:
        # Equal texts become one object, hashed here: a live frame's texts repeat the same objects, while decoded
        # JSON gives every cell its own unhashed string, and the table's first look at 100,000 of those (on the
        # GUI thread) took 0.2 s instead of 0.03 s.
        same: dict[Any, Any] = {}
        return [same.setdefault(v, v) if isinstance(v, str) else v for v in (p.get(key, default) for p in parts)]

    def num(key: str) -> Any:
        return np.array([math.nan if p.get(key) is None else float(p[key]) for p in parts], dtype=float)

    symbols = [tuple((p.get("elements") or {}).keys()) for p in parts]   # saved in the live order (knowledge)
    element_sets = [frozenset(s) for s in symbols]
    grams = []
    for p in parts:
        known = [g.get("grams") for g in (p.get("elements") or {}).values() if g.get("grams") is not None]
        grams.append(float(sum(known)) if known else math.nan)
    classes = [tuple(p.get("classes") or ()) for p in parts]
    frame = pd.DataFrame({
        "index": np.arange(n), "row": num("row"), "part_number": get("part_number"),
        "description": get("description", ""), "manufacturer": get("manufacturer"), "mpn": get("mpn"),
        "supplier": get("supplier"), "country": get("country"), "quantity": num("quantity"),
        "extended_quantity": num("extended_quantity"),
        "elements": [", ".join(s) for s in symbols], "element_set": element_sets,
        "grams": np.array(grams, dtype=float), "class_id": [c[0] if c else "" for c in classes],
        "classes": classes, "confidence": get("confidence", "none"), "method": get("method", "none"),
        "has_ree": np.array([bool(s) for s in element_sets], dtype=bool),
        # saved since the JSON output carries it; older documents lack it (read as False: not known to be free)
        "rare_earth_free": np.array([bool(p.get("rare_earth_free")) for p in parts], dtype=bool),
        "score": num("score"), "tier": get("tier", "none"),
    })
    return frame[list(FRAME_COLUMNS)]
