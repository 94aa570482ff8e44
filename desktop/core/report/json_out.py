"""The JSON output of `reerisk assess --json` (schema_version 1; resources/schema/assessment.schema.json).

Field names follow the contract in PRODUCT.md; more fields are added where useful. Text is rendered in the
requested language; ids, codes and numbers are language-independent.
"""
from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from typing import Any

from desktop import __version__
from desktop.core.types import Assessment, Factor, PartMapping
from desktop.i18n import translation_for

SCHEMA_VERSION = 1


#: Significant digits for the user's own figures (quantities, unit weights): every digit a spreadsheet holds
#: (15), so 1234567 stays 1234567 and 0.1234567 stays 0.1234567; only binary noise from products such as
#: 0.1 × 3 is dropped. Derived figures (grams, scores) keep 6.
_EXACT = 15


def _num(value: Any, digits: int = 6) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(f) or math.isinf(f):
        return None
    if f == 0:
        return 0.0
    return float(f"{f:.{digits}g}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _factor(f: Factor, tr) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "label": tr.gettext(f.label), "value": _num(f.value, 4),
                           "weight": _num(f.weight, 4), "contribution": round(float(f.contribution), 2),
                           "source": tr.gettext(f.source)}
    if f.note is not None:
        out["note"] = f.note.render(tr)
    return out


def assessment_to_json(assessment: Assessment, lang: str = "en") -> dict[str, Any]:
    """Serialise an assessment to plain JSON-compatible data (see the schema file)."""
    tr = translation_for(lang)
    return _document(assessment, tr, list(_parts_json(assessment, tr)))


def json_indent(assessment: Assessment) -> int | None:
    """The indent the CLI writes with: indented JSON is easier to read, but Python's indenting encoder is pure
    Python and several times slower, so large BOMs (over 5 000 parts) get compact JSON."""
    return 1 if len(assessment.mapped.mappings) <= 5000 else None


def iter_json(assessment: Assessment, lang: str = "en", indent: int | None = None,
              batch: int = 2000) -> Iterator[str]:
    """The text of ``json.dumps(assessment_to_json(assessment, lang), ensure_ascii=False, indent=indent)``, in
    pieces, without building the whole document (issue 14: a 200 MB BOM's JSON is ~2 GB of text, and holding
    the dict, the string and its bytes at once tripled the peak memory).

    The document around ``parts`` is small and dumped as usual, with a marker where the parts go; the parts are
    then dumped ``batch`` at a time. JSON strings never contain a raw line break, so indenting a part's own text
    by its depth gives the bytes ``json.dumps`` writes for the whole document.
    """
    tr = translation_for(lang)
    marker = f"\x00parts-{uuid.uuid4().hex}\x00"
    head, tail = json.dumps(_document(assessment, tr, marker), ensure_ascii=False, indent=indent) \
        .split(json.dumps(marker), 1)
    inner = "\n" + " " * (2 * indent) if indent is not None else ""   # "parts" is at depth 1, its items at 2
    sep = "," + inner if indent is not None else ", "
    yield head
    first = True
    buf: list[str] = []
    for part in _parts_json(assessment, tr):
        text = json.dumps(part, ensure_ascii=False, indent=indent)
        if indent is not None:
            text = text.replace("\n", inner)
        buf.append(("[" + inner if first else sep) + text)
        first = False
        if len(buf) >= batch:
            yield "".join(buf)
            buf.clear()
    if buf:
        yield "".join(buf)
    yield "[]" if first else ("\n" + " " * indent + "]" if indent is not None else "]")
    yield tail


def _parts_json(assessment: Assessment, tr: Any) -> Iterator[dict[str, Any]]:
    """One JSON object per part, in BOM order (a generator: the writer streams them)."""
    imported = assessment.mapped.imported
    parts = imported.parts
    scores = assessment.part_scores

    mapping_cache: dict[int, dict[str, Any]] = {}

    def mapping_json(mp: PartMapping) -> dict[str, Any]:
        key = id(mp)
        hit = mapping_cache.get(key)
        if hit is None:
            hit = {
                "classes": list(mp.classes),
                "elements": {s: {"grams": _num(g.grams), "grams_low": _num(g.low), "grams_high": _num(g.high)}
                             for s, g in mp.elements.items()},
                "confidence": mp.confidence,
                "method": mp.method,
                "evidence": [m.render(tr) for m in mp.evidence],
            }
            mapping_cache[key] = hit
        return hit

    cols = {c: parts[c].tolist() for c in ("row", "part_number", "description", "level", "quantity",
                                           "extended_quantity", "unit", "supplier", "manufacturer", "mpn",
                                           "country", "unit_weight_g", "sheet")} if len(parts) else {}
    score_arr = getattr(scores, "score", None)
    tier_arr = getattr(scores, "tier", None)
    for i, mp in enumerate(assessment.mapped.mappings):
        m = mapping_json(mp)
        if score_arr is not None and tier_arr is not None and float(score_arr[i]) <= 0 \
                and tier_arr[i] in ("none", "unclassified") and not mp.has_ree:
            ps_score, ps_tier, factors = 0.0, str(tier_arr[i]), []  # fast path: nothing to explain
        else:
            ps = scores[i]
            ps_score, ps_tier, factors = ps.score, ps.tier, [_factor(f, tr) for f in ps.factors]
        level = cols["level"][i]
        yield {
            "row": int(cols["row"][i]),
            "sheet": _text(cols["sheet"][i]),
            "part_number": _text(cols["part_number"][i]),
            "description": _text(cols["description"][i]) or "",
            "level": _text(level),
            "quantity": _num(cols["quantity"][i], _EXACT),
            "extended_quantity": _num(cols["extended_quantity"][i], _EXACT),
            "unit": _text(cols["unit"][i]),
            "supplier": _text(cols["supplier"][i]),
            "manufacturer": _text(cols["manufacturer"][i]),
            "mpn": _text(cols["mpn"][i]),
            "country": _text(cols["country"][i]),
            "unit_weight_g": _num(cols["unit_weight_g"][i], _EXACT),
            "classes": m["classes"],
            "elements": m["elements"],
            "confidence": m["confidence"],
            "method": m["method"],
            # An unclassified part's content is unknown: its score is null, never 0 ("no risk").
            "score": None if ps_tier == "unclassified" else round(float(ps_score), 2),
            "tier": str(ps_tier),
            "factors": factors,
            "evidence": m["evidence"],
        }


def _document(assessment: Assessment, tr: Any, part_list: Any) -> dict[str, Any]:
    """The whole document with ``part_list`` as its ``parts`` (a list, or the streaming writer's marker)."""
    imported = assessment.mapped.imported
    kb_warn = [w.render(tr) for w in assessment.warnings]
    summary = assessment.summary
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "reerisk", "version": __version__},
        "input": {
            "path": imported.path,
            "format": imported.file_format,
            "sheet": imported.sheet,
            "header_row": imported.header_row,
            "columns": {f: c.header for f, c in imported.columns.items()},
            "encoding": imported.encoding,
            "delimiter": imported.delimiter,
        },
        "import": {
            "rows_total": imported.rows_total,
            "rows_imported": imported.rows_imported,
            "rows_skipped": [{"row": s.row, "sheet": s.sheet, "reason": s.render(tr), "code": s.code}
                             for s in imported.skipped],
            "sheets": [{"name": sh.name, "used": sh.used, "reason": sh.reason or None,
                        "header_row": sh.header_row, "rows_total": sh.rows_total,
                        "rows_imported": sh.rows_imported, "rows_skipped": sh.rows_skipped}
                       for sh in imported.sheet_results],
            "rows_blank": len(imported.blank_rows),
            "multi_level": imported.multi_level,
            "warnings": [w.render(tr) for w in imported.warnings],
        },
        "as_of": assessment.as_of.isoformat(),
        "scenario": assessment.scenario,
        "knowledge": {"version": assessment.knowledge_version, "as_of": assessment.knowledge_as_of,
                      "warnings": kb_warn},
        "assumptions": [a.render(tr) for a in assessment.assumptions],
        "parts": part_list,
        "elements": [{
            "symbol": e.symbol, "grams_total": _num(e.grams_total), "grams_low_total": _num(e.grams_low_total),
            "grams_high_total": _num(e.grams_high_total), "parts_count": e.parts_count,
            "parts_unquantified": e.parts_unquantified, "score": round(e.score, 2), "tier": e.tier,
            "controls": list(e.controls), "factors": [_factor(f, tr) for f in e.factors],
        } for e in assessment.elements],
        "controls": [{
            "id": c.control_id, "status": c.status, "treated_as": c.treated_as, "elements": list(c.elements),
            "note": c.note.render(tr) if c.note is not None else None,
        } for c in assessment.control_status],
        "summary": {
            "parts_total": summary.parts_total, "parts_with_ree": summary.parts_with_ree,
            "parts_controlled": summary.parts_controlled, "parts_from_china": summary.parts_from_china,
            "score": round(summary.score, 2), "tier": summary.tier, "tier_counts": dict(summary.tier_counts),
            "grams_per_unit": _num(summary.grams_per_unit),
            "parts_unclassified": int(getattr(summary, "parts_unclassified", 0)),
            "parts_not_fitted": int(getattr(summary, "parts_not_fitted", 0)),
            "verdict": [v.render(tr) for v in getattr(summary, "verdict", ())],
        },
        "recommendations": [{
            "kind": r.kind, "priority": r.priority, "elements": list(r.elements), "classes": list(r.classes),
            "text": r.text.render(tr), "sources": list(r.sources),
        } for r in assessment.recommendations],
    }
    return out
