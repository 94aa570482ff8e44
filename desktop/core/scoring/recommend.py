"""Recommendations tied to the elements and classes actually found, with their knowledge-base sources.

Kinds, in the order a manager acts on them: verify (stale control status), diversify (named non-China sources
for the element and form), stock (licence-controlled elements), substitute (class substitutes), recycle (class
recycling routes), engage (suppliers: declarations for unknown or low-confidence parts).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from desktop.core.knowledge.model import Knowledge, SupplyOption
from desktop.core.scoring.parts import PartScores
from desktop.core.types import (
    SUPPLY_FORM_LABELS,
    SUPPLY_STATUS_LABELS,
    ElementResult,
    Message,
    Recommendation,
    Text,
)
from desktop.i18n import N_

#: Operating sources first when naming options in a recommendation.
STATUS_RANK = {"operating": 0, "ramping": 1, "construction": 2, "development": 3, "planned": 4}
MAX_OPTIONS = 3



def _element_names(kb: Knowledge, symbols: Sequence[str]) -> tuple[Text, ...]:
    return tuple(Text(kb.elements[s].name_en, kb.elements[s].name_ja) if s in kb.elements else Text(s, s)
                 for s in symbols)


def _option_text(option: SupplyOption) -> Message:
    return Message(N_("{name} ({countries}; {forms}; {status})"), {
        "name": option.name,
        "countries": ", ".join(option.countries),
        "forms": tuple(Message(SUPPLY_FORM_LABELS.get(f, f)) for f in option.forms) or "-",
        "status": Message(SUPPLY_STATUS_LABELS.get(option.status, option.status)),
    })


def recommend(kb: Knowledge, elements: Sequence[ElementResult], controlled: Mapping[str, bool],
              scores: PartScores, warnings_present: bool, stale_numbers: Sequence[object], *,
              controlled_parts: int, stock_elements: Collection[str]) -> tuple[Recommendation, ...]:
    """Build the recommendation list from the assessment's findings.

    ``controlled_parts`` is the summary's count of parts holding a controlled element above the de-minimis (or in
    unknown amount), and ``stock_elements`` those elements; the stock advice quotes them, so that page one and the
    stock page of a briefing never give two different counts, and trace dopants never call for safety stock.
    """
    recs: list[Recommendation] = []
    present = [e.symbol for e in elements]
    tiers = np.asarray(scores.tier, dtype=object)
    unclassified = int(np.count_nonzero(tiers == "unclassified"))
    if unclassified:
        # Unknown is not safe: parts no rule judged get their own action, even when nothing else was found.
        recs.append(Recommendation(
            "engage", 2, (), (),
            Message(N_("Judge the {n} unclassified part: declare its rare-earth content, correct its mapping in "
                       "the part library, or ask the supplier for a material declaration (IPC-1752A or "
                       "chemSHERPA). Until then its content is unknown."), {"n": unclassified},
                    plural=N_("Judge the {n} unclassified parts: declare their rare-earth content, correct their "
                              "mapping in the part library, or ask the supplier for a material declaration "
                              "(IPC-1752A or chemSHERPA). Until then their content is unknown.")),
            ()))
    if not present:
        return tuple(recs)

    if warnings_present and stale_numbers:
        recs.append(Recommendation(
            "verify", 1, (), (),
            Message(N_("Verify the current status of {measures} with MOFCOM before acting: the knowledge base "
                       "predates a recorded change, and this briefing assumes the conservative case."),
                    {"measures": tuple(stale_numbers)}),
            ()))

    # Diversify: controlled elements first, then the rest; name options that supply the element.
    ctrl = [s for s in present if controlled.get(s)]
    groups = [("controlled", ctrl), ("other", [s for s in present if not controlled.get(s)])]
    for label, symbols in groups:
        if not symbols:
            continue
        options = [o for o in kb.supply_options
                   if o.is_alternative and any(s in o.elements for s in symbols)]
        covered = sorted({s for o in options for s in o.elements if s in symbols},
                         key=symbols.index)
        uncovered = [s for s in symbols if s not in covered]
        if options:
            ranked = sorted(options, key=lambda o: (STATUS_RANK.get(o.status, 9),
                                                    -sum(s in o.elements for s in symbols)))
            shown, more = ranked[:MAX_OPTIONS], len(ranked) - MAX_OPTIONS
            params = {"elements": _element_names(kb, covered), "options": tuple(_option_text(o) for o in shown)}
            if more > 0:
                text = Message(N_("Diversify supply of {elements}: qualify non-China sources — {options} "
                                  "(and {more} more in the knowledge base)."), {**params, "more": more})
            else:
                text = Message(N_("Diversify supply of {elements}: qualify non-China sources — {options}."), params)
            recs.append(Recommendation("diversify", 1 if label == "controlled" else 3, tuple(covered), (), text,
                                       tuple(dict.fromkeys(s for o in options for s in o.sources))))
        if uncovered:
            recs.append(Recommendation(
                "diversify", 2 if label == "controlled" else 4, tuple(uncovered), (),
                Message(N_("No non-China source of {elements} is recorded in the knowledge base; ask suppliers "
                           "where their material is separated and refined."),
                        {"elements": _element_names(kb, uncovered)}), ()))

    # Parts per class (REE-bearing mappings only).
    class_parts: Counter[str] = Counter()
    class_elements: dict[str, set[str]] = defaultdict(set)
    low_conf = 0
    # Scored rows per distinct mapping that holds rare earths, in order of first appearance (the order of the
    # class counts, and so of the recommendations for classes with as many parts).
    distinct, codes = scores.distinct_mappings, scores.mapping_codes
    has_ree = np.array([mp.has_ree for mp in distinct], dtype=bool)
    active_codes = codes[(tiers != "none") & has_ree[codes]]
    rows_of = np.bincount(active_codes, minlength=len(distinct))
    active = [(distinct[k], int(rows_of[k])) for k in pd.unique(active_codes).tolist()]
    for mp, rows in active:
        if not mp.classes:
            continue
        cid = mp.classes[0]
        class_parts[cid] += rows
        class_elements[cid].update(mp.elements)
        if mp.confidence in ("low", "none") or any(g.grams is None for g in mp.elements.values()):
            low_conf += rows

    stock = [sym for sym in ctrl if sym in stock_elements]
    if stock and controlled_parts != 0:
        n_ctrl = controlled_parts
        recs.append(Recommendation(
            "stock", 2, tuple(stock), (),
            Message(N_("Review safety stock for the {n} part containing licence-controlled {elements}: "
                       "Chinese exporters need a MOFCOM dual-use export licence for every controlled item."),
                    {"n": n_ctrl, "elements": _element_names(kb, stock)},
                    plural=N_("Review safety stock for the {n} parts containing licence-controlled {elements}: "
                              "Chinese exporters need a MOFCOM dual-use export licence for every controlled item.")),
            ("mofcom_18_2025",)))

    recycle_groups: dict[tuple[str, ...], dict] = {}
    for cid, count in class_parts.most_common():
        cls = kb.classes.get(cid)
        if cls is None or cls.kind == "lookalike":
            continue
        if cls.substitutes_en:
            recs.append(Recommendation(
                "substitute", 2 if class_elements[cid] & set(ctrl) and cls.kind != "trace" else 3,
                tuple(s for s in present if s in class_elements[cid]), (cid,),
                Message(N_("{cls} (parts: {n}): consider {substitutes}."),
                        {"cls": Text(cls.name_en, cls.name_ja), "n": count,
                         "substitutes": tuple(Text(en, ja) for en, ja in
                                              _pairs(cls.substitutes_en, cls.substitutes_ja))}),
                cls.sources))
        if cls.recycling_en and (cls.recycling_maturity or "").strip().lower() not in ("none", ""):
            # Classes that share the same routes (every NdFeB-magnet device, say) get one recommendation.
            group = recycle_groups.setdefault(tuple(cls.recycling_en), {
                "classes": [], "n": 0, "elements": set(), "sources": [],
                "routes": tuple(Text(en, ja) for en, ja in _pairs(cls.recycling_en, cls.recycling_ja))})
            group["classes"].append(cid)
            group["n"] += count
            group["elements"].update(class_elements[cid])
            group["sources"].extend(cls.sources)

    for group in recycle_groups.values():
        names = tuple(Text(kb.classes[c].name_en, kb.classes[c].name_ja) for c in group["classes"])
        recs.append(Recommendation(
            "recycle", 3, tuple(s for s in present if s in group["elements"]), tuple(group["classes"]),
            Message(N_("{cls} (parts: {n}): recycling routes — {routes}."),
                    {"cls": names, "n": group["n"], "routes": group["routes"]}),
            tuple(dict.fromkeys(group["sources"]))))

    if low_conf:
        recs.append(Recommendation(
            "engage", 3, (), (),
            Message(N_("Ask the supplier of the {n} rare-earth part whose content is estimated or unknown for a "
                       "material declaration (IPC-1752A or chemSHERPA) stating the rare earths, magnet grade, "
                       "mass and country of separation."), {"n": low_conf},
                    plural=N_("Ask suppliers of the {n} rare-earth parts whose content is estimated or unknown for "
                              "a material declaration (IPC-1752A or chemSHERPA) stating the rare earths, magnet "
                              "grade, mass and country of separation.")),
            ()))
    recs.sort(key=lambda r: r.priority)
    return tuple(recs)


def _pairs(en: Sequence[str], ja: Sequence[str]) -> list[tuple[str, str]]:
    return [(e, ja[i] if i < len(ja) else "") for i, e in enumerate(en)]
