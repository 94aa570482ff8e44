"""What changed between two assessments: parts added, removed and changed, grams and score deltas per part and
per element, the tier change, and why each part changed.

Both sides are assessment JSON objects (``report.json_out.assessment_to_json``): a BOM assessed now, the results
stored in a saved assessment (``.reerisk``), or an assessment JSON written by ``reerisk assess --json``. Comparing
the JSON (not live objects) is what lets a briefing from last quarter be compared with today's.

Why a part changed is read from what the two sides record, in this order: a new or removed part; a quantity
change; a declaration (method ``declared``) or an override (method ``library``) that appeared, changed or went;
a control-status change of one of its elements (e.g. "No. 18/2025 came into force"); a knowledge-base update
(the versions differ and the part's mapping changed). A change none of these explains is named as such.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import InputError
from desktop.core.mapping.library import part_key
from desktop.core.types import CONTROL_STATUS_LABELS, TIER_LABELS, Message, Text
from desktop.i18n import N_, Translator

R_NEW = N_("new part")
R_REMOVED = N_("part removed")
R_QUANTITY = N_("quantity changed from {old} to {new}")
R_DECLARED_NEW = N_("a supplier declaration is now used")
R_DECLARED_GONE = N_("the supplier declaration is no longer used")
R_DECLARED_CHANGED = N_("the supplier declaration changed")
R_OVERRIDE_NEW = N_("a part-library override is now used")
R_OVERRIDE_GONE = N_("the part-library override is no longer used")
R_OVERRIDE_CHANGED = N_("the part-library override changed")
R_IN_FORCE = N_("{measure} came into force ({elements})")
R_NO_LONGER = N_("{measure} is no longer in force ({elements}): now {status}")
R_STATUS = N_("{measure} changed from {old} to {new} ({elements})")
R_KNOWLEDGE = N_("knowledge base updated from {old} to {new}")
R_MAPPING = N_("the mapping changed (the part's text, classes or grams)")
R_OTHER = N_("the element scores changed (date, scenario or settings)")
STATUS_LABELS = _STATUS = CONTROL_STATUS_LABELS   # the one table (desktop.core.types)

_NOT_ASSESSMENT = N_("{path}: not an assessment (neither a saved assessment nor reerisk JSON)")
_UNREADABLE = N_("{path}: cannot be read: {reason}")
MAX_JSON_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class PartChange:
    status: str                         # "added" | "removed" | "changed"
    part_number: str | None
    mpn: str | None
    description: str | None
    rows: tuple[int | None, int | None]  # source row old, new
    tier: tuple[str | None, str | None]
    score: tuple[float | None, float | None]
    quantity: tuple[float | None, float | None]
    grams: Mapping[str, tuple[float | None, float | None]]   # per product: grams per unit × extended quantity
    reasons: tuple[Message, ...]


@dataclass(frozen=True)
class ElementChange:
    symbol: str
    grams: tuple[float | None, float | None]
    score: tuple[float | None, float | None]
    tier: tuple[str | None, str | None]


@dataclass(frozen=True)
class ControlChange:
    control_id: str
    label: Text                          # "No. 18/2025" / "2025年第18号"
    status: tuple[str | None, str | None]   # treated-as status; a measure absent on one side: "not_yet_announced"
    elements: tuple[str, ...] = ()


@dataclass
class Comparison:
    old: Mapping[str, Any]              # "source", "as_of", "scenario", "knowledge", "tier", "score"
    new: Mapping[str, Any]
    parts: list[PartChange] = field(default_factory=list)
    elements: list[ElementChange] = field(default_factory=list)
    controls: list[ControlChange] = field(default_factory=list)

    @property
    def added(self) -> list[PartChange]:
        return [p for p in self.parts if p.status == "added"]

    @property
    def removed(self) -> list[PartChange]:
        return [p for p in self.parts if p.status == "removed"]

    @property
    def changed(self) -> list[PartChange]:
        return [p for p in self.parts if p.status == "changed"]


# -- loading ------------------------------------------------------------------------------------------------------

def load_results(path: Path | str) -> dict[str, Any]:
    """The assessment JSON stored in a saved assessment (``.reerisk``) or written by ``assess --json``.

    Raises:
        InputError: the file is not readable JSON or holds no assessment.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise ValueError("the file is too large")
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise InputError(_UNREADABLE, {"path": str(path), "reason": str(exc)[:200]}) from exc
    if isinstance(data, dict) and data.get("format") == "reerisk-assessment":
        data = data.get("results")
    if not (isinstance(data, dict) and isinstance(data.get("parts"), list) and isinstance(data.get("summary"), dict)
            and isinstance(data.get("elements"), list)):
        raise InputError(_NOT_ASSESSMENT, {"path": str(path)})
    return data


def is_results_file(path: Path | str) -> bool:
    return Path(path).suffix.lower() in (".reerisk", ".json")


# -- comparing ----------------------------------------------------------------------------------------------------

def compare_results(old: Mapping[str, Any], new: Mapping[str, Any], knowledge: Any = None,
                    old_label: str = "", new_label: str = "") -> Comparison:
    """Compare two assessment JSON objects (see the module docstring for how reasons are found)."""
    labels = _control_labels(knowledge)
    controls = _control_changes(old, new, labels)
    cmp = Comparison(old=_side(old, old_label), new=_side(new, new_label), controls=controls)
    kb_old = (old.get("knowledge") or {}).get("version")
    kb_new = (new.get("knowledge") or {}).get("version")
    matched_old, matched_new = _match(old.get("parts") or []), _match(new.get("parts") or [])
    for key in [*matched_old, *[k for k in matched_new if k not in matched_old]]:
        olds, news = matched_old.get(key, []), matched_new.get(key, [])
        for i in range(max(len(olds), len(news))):
            a = olds[i] if i < len(olds) else None
            b = news[i] if i < len(news) else None
            change = _part_change(a, b, controls, kb_old, kb_new)
            if change is not None:
                cmp.parts.append(change)
    cmp.elements = _element_changes(old, new)
    return cmp


def _side(data: Mapping[str, Any], label: str) -> dict[str, Any]:
    summary = data.get("summary") or {}
    return {"source": label or (data.get("input") or {}).get("path"), "as_of": data.get("as_of"),
            "scenario": data.get("scenario"), "knowledge": (data.get("knowledge") or {}).get("version"),
            "tier": summary.get("tier"), "score": summary.get("score"), "parts": summary.get("parts_total"),
            "parts_with_ree": summary.get("parts_with_ree")}


def _control_labels(knowledge: Any) -> dict[str, Text]:
    if knowledge is None:
        return {}
    from desktop.core.scoring.elements import control_number

    return {c.id: control_number(c) for c in getattr(knowledge, "controls", ())}


def _control_changes(old: Mapping[str, Any], new: Mapping[str, Any], labels: dict[str, Text]) -> list[ControlChange]:
    """Measures whose treated status differs. A measure an assessment does not list had not been announced on
    its date (the assessment lists every measure announced by then)."""
    before = {c.get("id"): c for c in old.get("controls") or [] if isinstance(c, Mapping)}
    after = {c.get("id"): c for c in new.get("controls") or [] if isinstance(c, Mapping)}
    out = []
    for cid in [*before, *[c for c in after if c not in before]]:
        a, b = before.get(cid), after.get(cid)
        sa = a.get("treated_as") if a else "not_yet_announced"
        sb = b.get("treated_as") if b else "not_yet_announced"
        if sa != sb:
            elements = tuple(str(e) for e in ((b or a or {}).get("elements") or ()))
            label = labels.get(str(cid)) or Text(str(cid), str(cid))
            out.append(ControlChange(str(cid), label, (sa, sb), elements))
    return out


def _key(part: Mapping[str, Any]) -> tuple[str, ...]:
    pn, mpn = part_key(part.get("part_number")), part_key(part.get("mpn"))
    if pn or mpn:
        return ("id", pn or "", mpn or "")
    return ("text", part_key(part.get("description")) or "", str(part.get("row")))


def _match(parts: list[Any]) -> dict[tuple[str, ...], list[Mapping[str, Any]]]:
    """Parts by key (part number + MPN, else description), in row order: the i-th line of a part number in the
    old BOM is compared with its i-th line in the new one."""
    out: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for p in parts:
        if isinstance(p, Mapping):
            out.setdefault(_key(p), []).append(p)
    return out


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _qty(part: Mapping[str, Any] | None) -> float | None:
    if part is None:
        return None
    q = _num(part.get("extended_quantity"))
    return q if q is not None else _num(part.get("quantity"))


def _grams(part: Mapping[str, Any] | None) -> dict[str, float | None]:
    """Grams per product by element (per unit × extended quantity, one unit when the quantity is unknown)."""
    if part is None:
        return {}
    q = _qty(part)
    q = 1.0 if q is None else q
    out: dict[str, float | None] = {}
    for symbol, g in (part.get("elements") or {}).items():
        per_unit = _num(g.get("grams")) if isinstance(g, Mapping) else None
        out[str(symbol)] = None if per_unit is None else round(per_unit * q, 9)
    return out


def _part_change(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None, controls: list[ControlChange],
                 kb_old: Any, kb_new: Any) -> PartChange | None:
    ref = b if b is not None else a
    assert ref is not None
    ga, gb = _grams(a), _grams(b)
    symbols = list(dict.fromkeys([*ga, *gb]))
    grams = {s: (ga.get(s), gb.get(s)) for s in symbols}
    tier = (a.get("tier") if a else None, b.get("tier") if b else None)
    score = (_num(a.get("score")) if a else None, _num(b.get("score")) if b else None)
    qty = (_qty(a), _qty(b))
    if a is None:
        status, reasons = "added", [Message(R_NEW)]
    elif b is None:
        status, reasons = "removed", [Message(R_REMOVED)]
    else:
        same = (tier[0] == tier[1] and score[0] == score[1] and qty[0] == qty[1]
                and all(x == y for x, y in grams.values()) and a.get("classes") == b.get("classes"))
        if same:
            return None
        status, reasons = "changed", _reasons(a, b, qty, set(symbols), controls, kb_old, kb_new)
    return PartChange(status=status, part_number=ref.get("part_number"), mpn=ref.get("mpn"),
                      description=ref.get("description"),
                      rows=(a.get("row") if a else None, b.get("row") if b else None),
                      tier=tier, score=score, quantity=qty, grams=grams, reasons=tuple(reasons))


def _reasons(a: Mapping[str, Any], b: Mapping[str, Any], qty: tuple[float | None, float | None],
             symbols: set[str], controls: list[ControlChange], kb_old: Any, kb_new: Any) -> list[Message]:
    reasons: list[Message] = []
    if qty[0] != qty[1]:
        reasons.append(Message(R_QUANTITY, {"old": _fmt(qty[0]), "new": _fmt(qty[1])}))
    mapping_changed = (a.get("classes") != b.get("classes") or a.get("elements") != b.get("elements")
                       or a.get("method") != b.get("method"))
    for method, new_, gone, changed in (("declared", R_DECLARED_NEW, R_DECLARED_GONE, R_DECLARED_CHANGED),
                                        ("library", R_OVERRIDE_NEW, R_OVERRIDE_GONE, R_OVERRIDE_CHANGED)):
        was, now = a.get("method") == method, b.get("method") == method
        if now and not was:
            reasons.append(Message(new_))
        elif was and not now:
            reasons.append(Message(gone))
        elif was and now and (a.get("elements") != b.get("elements") or a.get("evidence") != b.get("evidence")):
            reasons.append(Message(changed))
    explained_by_source = any(r.msgid in (R_DECLARED_NEW, R_DECLARED_GONE, R_DECLARED_CHANGED, R_OVERRIDE_NEW,
                                          R_OVERRIDE_GONE, R_OVERRIDE_CHANGED) for r in reasons)
    for c in controls:
        hit = sorted(symbols & set(c.elements))
        if not hit:
            continue
        old, new = c.status
        elements = tuple(hit)        # a list parameter: joined with the language's separator
        if new == "in_force" and old != "in_force":
            reasons.append(Message(R_IN_FORCE, {"measure": c.label, "elements": elements}))
        elif old == "in_force":
            reasons.append(Message(R_NO_LONGER, {"measure": c.label, "elements": elements,
                                                 "status": Message(_STATUS.get(new or "", new or "-"))}))
        else:
            reasons.append(Message(R_STATUS, {"measure": c.label, "elements": elements,
                                              "old": Message(_STATUS.get(old or "", old or "-")),
                                              "new": Message(_STATUS.get(new or "", new or "-"))}))
    if mapping_changed and not explained_by_source:
        if kb_old != kb_new:
            reasons.append(Message(R_KNOWLEDGE, {"old": kb_old or "-", "new": kb_new or "-"}))
        else:
            reasons.append(Message(R_MAPPING))
    if not reasons:
        reasons.append(Message(R_OTHER))
    return reasons


def _element_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ElementChange]:
    before = {e.get("symbol"): e for e in old.get("elements") or [] if isinstance(e, Mapping)}
    after = {e.get("symbol"): e for e in new.get("elements") or [] if isinstance(e, Mapping)}
    out = []
    for sym in [*after, *[s for s in before if s not in after]]:
        a, b = before.get(sym), after.get(sym)
        ch = ElementChange(str(sym), (_num(a.get("grams_total")) if a else None,
                                      _num(b.get("grams_total")) if b else None),
                           (_num(a.get("score")) if a else None, _num(b.get("score")) if b else None),
                           (a.get("tier") if a else None, b.get("tier") if b else None))
        if ch.grams[0] != ch.grams[1] or ch.score[0] != ch.score[1] or ch.tier[0] != ch.tier[1]:
            out.append(ch)
    return out


def _fmt(value: float | None) -> str:
    """A quantity with every digit it has and thousands separators: 1,234,567 (not 1.23457e+06), 0.0015, 2."""
    return "-" if value is None else f"{value:,.15g}"


def _mass(grams: float | None) -> str:
    """Grams in the one notation of the app (µg, mg, g, kg; never 5e-06)."""
    from desktop.core.report.format import fmt_mass

    return "-" if grams is None else fmt_mass(grams)


# -- output -------------------------------------------------------------------------------------------------------

def comparison_to_json(cmp: Comparison, tr: Translator) -> dict[str, Any]:
    """The comparison as JSON (reasons rendered in ``tr``'s language; ids and numbers as they are)."""
    def pair(values: tuple[Any, Any]) -> dict[str, Any]:
        a, b = values
        delta = round(b - a, 9) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None
        return {"old": a, "new": b, "delta": delta}

    return {
        "format": "reerisk-comparison", "format_version": 1,
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "old": dict(cmp.old), "new": dict(cmp.new),
        "tier": {"old": cmp.old.get("tier"), "new": cmp.new.get("tier")},
        "score": pair((cmp.old.get("score"), cmp.new.get("score"))),
        "counts": {"added": len(cmp.added), "removed": len(cmp.removed), "changed": len(cmp.changed)},
        "controls": [{"id": c.control_id, "measure": c.label.render(tr), "old": c.status[0], "new": c.status[1]}
                     for c in cmp.controls],
        "elements": [{"symbol": e.symbol, "grams_per_product": pair(e.grams), "score": pair(e.score),
                      "tier": {"old": e.tier[0], "new": e.tier[1]}} for e in cmp.elements],
        "parts": [{"status": p.status, "part_number": p.part_number, "mpn": p.mpn, "description": p.description,
                   "row": {"old": p.rows[0], "new": p.rows[1]}, "tier": {"old": p.tier[0], "new": p.tier[1]},
                   "score": pair(p.score), "quantity": pair(p.quantity),
                   "grams_per_product": {s: pair(g) for s, g in p.grams.items()},
                   "reasons": [r.render(tr) for r in p.reasons]} for p in cmp.parts],
    }


def comparison_lines(cmp: Comparison, tr: Translator, limit: int = 40) -> list[str]:
    """A short text report: the overall change, control changes, elements, then the parts with their reasons."""
    def tier(t: Any) -> str:
        return Message(TIER_LABELS[t]).render(tr) if t in TIER_LABELS else "-"

    lines = [Message(N_("Overall: {old_tier} (score {old_score}) → {new_tier} (score {new_score}); {added} part "
                        "added, {removed} removed, {changed} changed"),
                     {"old_tier": tier(cmp.old.get("tier")), "old_score": cmp.old.get("score"),
                      "new_tier": tier(cmp.new.get("tier")), "new_score": cmp.new.get("score"),
                      "added": len(cmp.added), "removed": len(cmp.removed), "changed": len(cmp.changed)},
                     plural=N_("Overall: {old_tier} (score {old_score}) → {new_tier} (score {new_score}); {added} "
                               "parts added, {removed} removed, {changed} changed"), count="added").render(tr)]
    for c in cmp.controls:
        lines.append(Message(N_("Measure {measure}: {old} → {new}"),
                             {"measure": c.label, "old": Message(_STATUS.get(c.status[0] or "", "-")),
                              "new": Message(_STATUS.get(c.status[1] or "", "-"))}).render(tr))
    for e in cmp.elements:
        lines.append(Message(N_("  {symbol}: {old_grams} → {new_grams} per product; score {old_score} → "
                                "{new_score}"),
                             {"symbol": e.symbol, "old_grams": _mass(e.grams[0]), "new_grams": _mass(e.grams[1]),
                              "old_score": _fmt(e.score[0]), "new_score": _fmt(e.score[1])}).render(tr))
    status = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
    for p in cmp.parts[:limit]:
        name = " / ".join(x for x in (p.part_number, p.mpn, p.description) if x)
        why = "; ".join(r.render(tr) for r in p.reasons)
        lines.append(f"  [{Message(status[p.status]).render(tr)}] {name}: {tier(p.tier[0])} → {tier(p.tier[1])}"
                     f" — {why}")
    if len(cmp.parts) > limit:
        lines.append(Message(N_("  … and {n} more part (see the JSON)"), {"n": len(cmp.parts) - limit},
                             plural=N_("  … and {n} more parts (see the JSON)")).render(tr))
    return lines
