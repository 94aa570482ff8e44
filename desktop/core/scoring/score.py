"""Stage 3: MappedTable → Assessment on an as-of date, under a scenario."""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import replace

import numpy as np

from desktop.core.knowledge.model import Knowledge
from desktop.core.knowledge.status import CHANGE_LABELS, stale_changes
from desktop.core.progress import Progress, check
from desktop.core.scoring.config import ScoringConfig
from desktop.core.scoring.elements import ElementRisk, control_number, control_statuses, element_risk
from desktop.core.scoring.parts import (
    CHINA_CODES,
    PartScores,
    amount_matters,
    score_parts,
    tier_for,
    usable_quantity,
)
from desktop.core.scoring.parts import _clean as _grams
from desktop.core.scoring.recommend import recommend
from desktop.core.scoring.scenarios import check_scenario, parse_scenario
from desktop.core.scoring.verdict import product_verdict
from desktop.core.types import (
    POST_SUSPENSION,
    TIERS,
    Assessment,
    DateText,
    ElementResult,
    MappedTable,
    Message,
    Summary,
    Text,
)
from desktop.i18n import N_


def score(mapped: MappedTable, knowledge: Knowledge, as_of: dt.date, scenario: str = "baseline",
          config: ScoringConfig | None = None, progress: Progress | None = None) -> Assessment:
    """Score elements, parts and the whole BOM on ``as_of``.

    Args:
        mapped: output of the mapping stage (not modified).
        knowledge: the knowledge base.
        as_of: the date on which control status is evaluated.
        scenario: a scenario id (see ``SCENARIOS``).
        config: weights, tiers and assumptions; ``ScoringConfig()`` by default.

    Returns:
        The assessment. Its warnings say when the as-of date lies beyond what the knowledge base can know.
    """
    cfg = config or ScoringConfig()
    scen = parse_scenario(scenario, tuple(knowledge.elements))
    check_scenario(scen, cfg)
    statuses = control_statuses(knowledge, as_of, scen, cfg)
    by_id = {s.control_id: s for s in statuses}
    check(progress)

    risks: dict[str, ElementRisk] = {
        sym: element_risk(el, knowledge, by_id, scen, cfg) for sym, el in knowledge.elements.items()
    }
    trace = frozenset(cid for cid, c in knowledge.classes.items() if c.kind == "trace")
    controlled = {s: r.controlled for s, r in risks.items()}
    scores: PartScores = score_parts(mapped, knowledge, {s: r.score for s, r in risks.items()}, controlled, cfg,
                                     trace)
    if progress is not None:
        progress.update(0.6)
    check(progress)

    parts = mapped.imported.parts
    n = len(parts)
    ext = scores.quantity
    counted = scores.counted

    # Element totals per product. Real BOMs repeat the same mapping on many rows, so sum the quantities per
    # distinct mapping first and walk the (few) distinct mappings.
    codes, distinct = scores.mapping_codes, scores.distinct_mappings
    qty_sum: np.ndarray | list[float]
    row_count: np.ndarray | list[float]
    qty_sum = np.bincount(codes, weights=np.where(counted, ext, 0.0), minlength=len(distinct)) if n else []
    row_count = np.bincount(codes, weights=counted.astype(float), minlength=len(distinct)) if n else []
    totals: dict[str, list[float]] = {}
    counts: dict[str, list[int]] = {}
    controlled_rows = 0
    material_controlled: set[str] = set()
    for k, mp in enumerate(distinct):
        rows_k = int(row_count[k])
        if rows_k == 0:
            continue
        q = float(qty_sum[k])
        has_controlled = False
        for sym, eg in mp.elements.items():
            typical = _grams(eg.grams)
            if typical == 0.0:
                continue  # typically absent; its range stays visible in the part's elements
            # A controlled element counts for the part when its amount is unknown or above the de-minimis:
            # micrograms of dopant in an MLCC do not make the part one to stock up on.
            if controlled.get(sym) and amount_matters(eg.grams, cfg.de_minimis_g):
                has_controlled = True
                material_controlled.add(sym)
            t = totals.setdefault(sym, [0.0, 0.0, 0.0])
            c = counts.setdefault(sym, [0, 0])
            c[0] += rows_k
            if typical is None:
                c[1] += rows_k
                continue
            low, high = _grams(eg.low), _grams(eg.high)
            t[0] += q * typical
            t[1] += q * (low if low is not None else typical)
            t[2] += q * (high if high is not None else typical)
        controlled_rows += rows_k if has_controlled else 0
    element_results = []
    for sym, (count, unq) in counts.items():
        risk = risks[sym]
        known = count - unq
        g = [round(x, 6) if math.isfinite(x) else None for x in totals[sym]]
        element_results.append(ElementResult(
            symbol=sym,
            grams_total=g[0] if known else None,
            grams_low_total=g[1] if known else None,
            grams_high_total=g[2] if known else None,
            parts_count=count, parts_unquantified=unq,
            score=risk.score, tier=tier_for(risk.score, cfg.tiers), factors=risk.factors,
            controls=risk.controls))
    element_results.sort(key=lambda e: (-e.score, knowledge.elements[e.symbol].atomic_number))

    parts_with_ree = int(counted.sum())
    parts_controlled = controlled_rows
    from_china = int((counted & parts["country"].isin(list(CHINA_CODES)).to_numpy()).sum()) if n else 0
    quantified = [e.grams_total for e in element_results if e.grams_total is not None]
    freq = Counter(map(str, scores.tier.tolist()))   # hashing 100,000 tier names, not sorting them
    tier_counts = {t: int(freq.get(t, 0)) for t in TIERS}
    unclassified = int(scores.unclassified.sum()) if n else 0
    not_fitted = int(scores.not_fitted.sum()) if n else 0
    top = float(scores.score.max()) if n else 0.0
    tier = tier_for(top, cfg.tiers)
    if tier == "none" and unclassified:
        tier = "unclassified"  # nothing found, but not everything judged: never "no risk"
    grams = sum(quantified) if quantified else None
    summary = Summary(parts_total=n, parts_with_ree=parts_with_ree, parts_controlled=parts_controlled,
                      parts_from_china=from_china, score=round(top, 2), tier=tier, tier_counts=tier_counts,
                      grams_per_unit=round(grams, 6) if grams is not None and math.isfinite(grams) else None,
                      parts_unclassified=unclassified, parts_not_fitted=not_fitted)
    summary = replace(summary, verdict=product_verdict(summary))

    warnings, assumptions, stale = _warnings(knowledge, as_of, statuses, scen, cfg)
    warnings += _quantity_warnings(parts, cfg)
    recs = recommend(knowledge, element_results, controlled, scores, bool(warnings), stale,
                     controlled_parts=parts_controlled, stock_elements=material_controlled)
    if progress is not None:
        progress.update(1.0)
    return Assessment(mapped=mapped, as_of=as_of, scenario=scen.id, part_scores=scores,  # type: ignore[arg-type]
                      elements=tuple(element_results), control_status=statuses, summary=summary,
                      recommendations=recs, warnings=tuple(warnings), assumptions=tuple(assumptions),
                      config=cfg, knowledge_version=knowledge.version,
                      knowledge_as_of=knowledge.as_of.isoformat())



#: How many row numbers a quantity warning names before "…".
MAX_ROWS_NAMED = 12


def _quantity_warnings(parts, cfg: ScoringConfig) -> list[Message]:
    """One warning naming the rows whose quantity could not be used as given (negative, infinite, absurd)."""
    _ext, _nf, unusable = usable_quantity(parts, cfg)
    if not unusable.any():
        return []
    rows = [int(r) for r in parts["row"].to_numpy()[unusable]]
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_NAMED]) + (" …" if len(rows) > MAX_ROWS_NAMED else "")
    return [Message(N_("Rows {rows}: the quantity is negative, not finite or above {max} per product; these parts "
                       "are counted once per product. Check the quantities in the BOM."),
                    {"rows": shown, "max": f"{cfg.max_quantity:,.0f}"})]


def _warnings(kb: Knowledge, as_of: dt.date, statuses, scen, cfg: ScoringConfig):
    warnings: list[Message] = []
    assumptions: list[Message] = []
    stale: list[Text] = []
    for text in kb.load_warnings:
        warnings.append(Message(N_("Knowledge base: {text}"), {"text": text}))
    # One warning per suspension whose recorded end has passed without the knowledge base knowing what followed.
    groups: dict[tuple[str, dt.date | None], list[Text]] = {}
    for st in statuses:
        if st.status != "unknown_after_suspension":
            continue
        control = kb.control(st.control_id)
        stale.append(control_number(control))
        groups.setdefault((control.suspended_by or "", control.suspended_until), []).append(
            control_number(control))
    ended_dates = set()
    for (by, until), numbers in groups.items():
        ended_dates.add(until)
        by_number = control_number(kb.control(by)) if by and any(c.id == by for c in kb.controls) else "-"
        warnings.append(Message(
            N_("The suspension of {measures} (by {by}) was recorded to end on {until}, after the knowledge base's "
               "as-of date ({kb_as_of}). Their status on {as_of} is unknown — check MOFCOM's announcements."),
            {"measures": tuple(numbers), "by": by_number, "until": DateText(until) if until else "",
             "kb_as_of": DateText(kb.as_of), "as_of": DateText(as_of)}, kind=POST_SUSPENSION))
    if stale:
        treated = scen.after_suspension or cfg.after_suspension
        if treated == "in_force":
            assumptions.append(Message(
                N_("Assumption (conservative): measures whose recorded suspension has ended ({measures}) are "
                   "treated as back in force. Switch with the scenario 'suspension-extended'."),
                {"measures": tuple(dict.fromkeys(stale))}))
        else:
            assumptions.append(Message(
                N_("Assumption: the suspension of {measures} is treated as extended. Switch with the scenario "
                   "'baseline' for the conservative case."), {"measures": tuple(dict.fromkeys(stale))}))
    reported = {st.control_id for st in statuses}
    for change in stale_changes(kb, as_of):
        if change.control.id not in reported or control_number(change.control) in stale \
                or change.date in ended_dates:
            continue
        warnings.append(Message(
            N_("{number}: a change recorded for {date} ({what}) lies after the knowledge base's as-of date "
               "({kb_as_of}); verify the current status."),
            {"number": control_number(change.control), "date": DateText(change.date),
             "what": Message(CHANGE_LABELS.get(change.change, change.change)), "kb_as_of": DateText(kb.as_of)}))
    if scen.id != "baseline":
        for description in scen.descriptions:   # one line per combined scenario
            assumptions.append(Message(N_("Scenario: {description}"), {"description": Message(description)}))
    if cfg.destination is None:
        assumptions.append(Message(N_("Destination not set: destination-specific measures are counted for all "
                                      "destinations.")))
    return warnings, assumptions, stale
