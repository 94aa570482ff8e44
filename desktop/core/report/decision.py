"""What page one of the briefing decides: bottom line, three decisions, top five with reasons, sensitivity.

Pure data (no reportlab), so the PDF, the workbook and tests share one reading of the assessment. Every figure is
taken from the assessment, the user's optional inputs (annual volume, stock, lead time) or the knowledge base;
deadlines are reerisk's advice (named as such), never a fact.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from desktop.core.errors import CoreError
from desktop.core.knowledge.fields import SYMBOLS as REE_SYMBOLS
from desktop.core.report.format import fmt_date, fmt_int, fmt_mass, fmt_number
from desktop.core.scoring.parts import CHINA_CODES, amount_matters
from desktop.core.scoring.scenarios import parse_scenario
from desktop.core.types import TIERS
from desktop.i18n import N_

#: How long reerisk advises for each kind of decision when the user's data gives no date (advice, not a fact).
CONFIRM_DAYS = 14
STOCK_DAYS = 14
SOURCING_DAYS = 90
DESIGN_DAYS = 180
DECLARATION_DAYS = 60

#: Supply statuses in the order an alternative can deliver.
SUPPLY_ORDER = {"operating": 0, "ramping": 1, "construction": 2, "development": 3, "planned": 4}
#: Forms a part maker can buy (oxide → metal → alloy → magnet); concentrate still needs separation.
USABLE_FORMS = ("oxide", "metal", "alloy", "magnet", "recycled")

CHINA = CHINA_CODES   # the scoring's own set (CN, HK, MO): the top five and the summary agree


@dataclass(frozen=True)
class Line:
    """A sentence as an English msgid plus parameters (translated when rendered).

    A counted sentence has a ``plural`` (``msgid`` is then the singular) and names its count parameter in
    ``count``, as :class:`desktop.core.types.Message` does; pdf_decision.render chooses the form.
    """

    msgid: str
    params: dict = field(default_factory=dict)
    plural: str = field(default="", kw_only=True)
    count: str = field(default="n", kw_only=True)


@dataclass(frozen=True)
class Decision:
    title: Line
    owner: Line
    deadline: Line
    implication: Line


@dataclass(frozen=True)
class TopPart:
    index: int
    part_number: str
    description: str
    reason: Line


@dataclass(frozen=True)
class PageOne:
    bottom_line: Line
    decisions: tuple[Decision, ...]
    top: tuple[TopPart, ...]
    sensitivity: Line | None
    quantities: tuple[tuple[str, float, float | None], ...]   # (symbol, grams per product, kg per year)
    needs: Line | None                                        # what the user would have to enter
    cover_weeks: float | None
    unknown: Line | None = None                               # parts no rule judged (never shown as safe)


def measure_number(control, lang: str) -> str:
    """One notation per language: 'No. 18/2025' / '2025年第18号'; the record's own Japanese label otherwise."""
    import re

    ja_label = getattr(control, "number_ja", "") or ""
    if lang != "ja":
        return control.number
    if ja_label:
        return ja_label
    m = re.fullmatch(r"No\.\s*(\d+)\s*/\s*(\d{4})", control.number.strip())
    return f"{m.group(2)}年第{m.group(1)}号" if m else control.number


TIER_RANK = {t: i for i, t in enumerate(TIERS)}     # the core's order, most severe first


def _material(grams: float | None, de_minimis: float) -> bool:
    """An amount that matters: the scoring's own rule (unknown, or above the de-minimis), so page one counts the
    parts the summary counts."""
    return amount_matters(grams, de_minimis)


def _de_minimis(a) -> float:
    return float(getattr(a.config, "de_minimis_g", 1e-3) or 0.0)


def _halts_exports(a) -> bool:
    """Whether the scenario (combined ones included: "embargo+halt-Dy") assumes China stops exporting."""
    try:
        scen = parse_scenario(a.scenario, REE_SYMBOLS)
    except CoreError:
        return False
    return bool(scen.embargo or scen.halted_element or scen.halted_elements)


def controlled_elements(a) -> list[str]:
    """Elements under a measure treated as in force on the as-of date that some fitted part holds in an amount
    that matters (see :func:`_material`): highest tier first, then the largest quantity per product (what a buyer
    must replace first; under an embargo every element ties on risk)."""
    dm = _de_minimis(a)
    held = {sym for i in fitted_ree_parts(a) for sym, eg in a.mapped.mappings[i].elements.items()
            if _material(eg.grams, dm)}
    ranked = sorted((e for e in a.elements if e.controls and e.symbol in held),
                    key=lambda e: (TIER_RANK.get(e.tier, 9), -(e.grams_total or 0.0), -e.score))
    return [e.symbol for e in ranked]


def controlled_parts(a) -> list[int]:
    """Fitted rare-earth parts (quantity not 0) holding a licence-controlled element in an amount that matters:
    the same parts as the summary's ``parts_controlled``."""
    ctl = set(controlled_elements(a))
    dm = _de_minimis(a)
    return [i for i in fitted_ree_parts(a)
            if any(sym in ctl and _material(eg.grams, dm) for sym, eg in a.mapped.mappings[i].elements.items())]


def fitted_ree_parts(a) -> list[int]:
    """Rare-earth parts whose extended quantity is not zero (a quantity-0, do-not-fit line is no exposure)."""
    parts = a.mapped.imported.parts
    qty = list(parts["extended_quantity"]) if "extended_quantity" in parts else [None] * len(a.mapped.mappings)
    out = []
    for i, m in enumerate(a.mapped.mappings):
        q = qty[i]
        if m.has_ree and not (isinstance(q, (int, float)) and not math.isnan(q) and q <= 0):
            out.append(i)
    return out


def alternatives_for(knowledge, symbols: list[str]) -> list:
    """Non-China supply options for ``symbols``: usable forms, never material separated or refined in China.

    Ranked by how many of the wanted elements they supply (in the order given: the riskiest first), then by how
    soon they deliver; options that only ship concentrate come last (it still needs separating somewhere).
    """
    wanted = list(dict.fromkeys(symbols))
    out = []
    for o in getattr(knowledge, "supply_options", ()) or ():
        if not o.is_alternative or getattr(o, "processed_in_china", False):
            continue
        covered = [s for s in wanted if s in o.elements]
        if not covered:
            continue
        out.append(o)

    def rank(o) -> tuple:
        covered = [wanted.index(s) for s in wanted if s in o.elements]
        usable = any(f in USABLE_FORMS for f in o.forms)
        return (-len(covered), min(covered), not usable, SUPPLY_ORDER.get(o.status, 9), o.name)

    return sorted(out, key=rank)


def _add_days(d: dt.date, days: float) -> dt.date:
    return d + dt.timedelta(days=int(round(days)))


def _kg_per_year(grams_per_product: float | None, volume: float | None) -> float | None:
    if grams_per_product is None or volume is None:
        return None
    return grams_per_product * volume / 1000.0


def page_one(a, knowledge, options, lang: str, alternative=None) -> PageOne:
    """Read the decision out of assessment ``a``; ``alternative`` is the same BOM scored under the other reading
    of the status after the recorded end of the suspension (or None when no status is open)."""
    s = a.summary
    ree = s.parts_with_ree
    ctl = controlled_elements(a)
    date = fmt_date(a.as_of, lang)
    tier = Line(_tier_msgid(s.tier))
    volume = options.annual_volume
    cover = options.cover_weeks
    lead = options.lead_time_weeks

    quantities = tuple((e.symbol, e.grams_total, _kg_per_year(e.grams_total, volume))
                       for e in a.elements if e.grams_total)
    missing = []
    if volume is None:
        missing.append("--annual-volume")
    if cover is None:
        missing.append("--stock-weeks / --stock-units")
    if lead is None:
        missing.append("--lead-time-weeks")
    needs = Line(N_("For weeks of cover, a reorder date and kilograms per year, enter: {inputs}."),
                 {"inputs": ", ".join(missing)}) if missing else None

    if not ree:
        unjudged = int(getattr(s, "parts_unclassified", 0) or 0)
        if not unjudged:
            bottom = Line(N_("No rare earths were found in the {total} part of this BOM on {date}: no supply "
                             "action is needed."), {"total": fmt_int(s.parts_total), "date": date},
                          plural=N_("No rare earths were found in the {total} parts of this BOM on {date}: no "
                                    "supply action is needed."), count="total")
            return PageOne(bottom, (), (), None, quantities, None, cover, None)
        # unknown is not safe: the decision is to judge the parts no rule recognised
        judged = s.parts_total - unjudged
        bottom = (Line(N_("No rare earths were found among the {judged} parts the rules could judge on {date}, but "
                          "{n} part is unknown: judge it before concluding that the product is free of rare "
                          "earths."), {"judged": fmt_int(judged), "n": fmt_int(unjudged), "date": date},
                       plural=N_("No rare earths were found among the {judged} parts the rules could judge on "
                                 "{date}, but {n} parts are unknown: judge them before concluding that the product "
                                 "is free of rare earths."))
                  if judged > 0 else
                  Line(N_("The {n} part could not be judged on {date}: its rare-earth content is unknown, not "
                          "zero. Judge it before relying on this briefing."),
                       {"n": fmt_int(unjudged), "date": date},
                       plural=N_("None of the {n} parts could be judged on {date}: their rare-earth content is "
                                 "unknown, not zero. Judge them before relying on this briefing.")))
        decision = Decision(
            Line(N_("Ask the supplier of the {n} unjudged part for a material declaration"), {"n": fmt_int(unjudged)},
                 plural=N_("Ask the suppliers of the {n} unjudged parts for material declarations")),
            Line(N_("Procurement manager")),
            Line(N_("by {date} (reerisk's advice: {days} days)"),
                 {"date": fmt_date(_add_days(a.as_of, DECLARATION_DAYS), lang), "days": DECLARATION_DAYS}),
            Line(N_("Until then the rare-earth content of these parts is unknown, not zero.")))
        return PageOne(bottom, (decision,), (), None, quantities, None, cover, None)  # said in the bottom line

    open_ids = [c.control_id for c in a.control_status if c.status == "unknown_after_suspension"]
    n_ctl = s.parts_controlled
    halted = _halts_exports(a)
    if n_ctl and halted:
        bottom = Line(N_("{n} of the {ree} rare-earth parts depends on {elements}, which this scenario assumes China "
                         "no longer exports (on {date}): overall risk {tier}. Secure its supply first."),
                      {"n": fmt_int(n_ctl), "ree": fmt_int(s.parts_with_ree), "elements": ("elements", ctl[:4]),
                       "date": date, "tier": tier},
                      plural=N_("{n} of the {ree} rare-earth parts depend on {elements}, which this scenario assumes "
                                "China no longer exports (on {date}): overall risk {tier}. Secure their supply "
                                "first."))
    elif n_ctl:
        bottom = Line(N_("{n} of the {ree} rare-earth parts depends on {elements}, which China licenses for export "
                         "on {date}: overall risk {tier}. Secure its supply first."),
                      {"n": fmt_int(n_ctl), "ree": fmt_int(s.parts_with_ree), "elements": ("elements", ctl[:4]),
                       "date": date, "tier": tier},
                      plural=N_("{n} of the {ree} rare-earth parts depend on {elements}, which China licenses for "
                                "export on {date}: overall risk {tier}. Secure their supply first."))
    else:
        bottom = Line(N_("{ree} part contains rare earths, but none of its elements is under Chinese export "
                         "licensing on {date}: overall risk {tier}. Keep watching the measures and diversify where "
                         "China dominates."), {"ree": fmt_int(s.parts_with_ree), "date": date, "tier": tier},
                      plural=N_("{ree} parts contain rare earths, but none of their elements is under Chinese export "
                                "licensing on {date}: overall risk {tier}. Keep watching the measures and diversify "
                                "where China dominates."), count="ree")

    decisions: list[Decision] = []
    # 1. stock for the controlled parts
    if n_ctl and ctl:
        title = Line(N_("Secure stock of the {n} part that contains {elements}"),
                     {"n": fmt_int(n_ctl), "elements": ("elements", ctl[:4])},
                     plural=N_("Secure stock of the {n} parts that contain {elements}"))
        if cover is not None and lead is not None:
            slack = cover - lead
            if slack <= 0:
                deadline = Line(N_("now: stock covers {cover} weeks, less than the {lead}-week lead time"),
                                {"cover": fmt_number(cover, 1), "lead": fmt_number(lead, 0)})
            else:
                deadline = Line(N_("reorder by {date} ({cover} weeks of cover − {lead} weeks lead time)"),
                                {"date": fmt_date(_add_days(a.as_of, slack * 7), lang),
                                 "cover": fmt_number(cover, 1), "lead": fmt_number(lead, 0)})
        else:
            deadline = Line(N_("by {date} (reerisk's advice: {days} days)"),
                            {"date": fmt_date(_add_days(a.as_of, STOCK_DAYS), lang), "days": STOCK_DAYS})
        kg = [(sym, q) for sym, _g, q in quantities if sym in ctl and q is not None]
        if kg:
            implication = Line(N_("Controlled content per year: {items}."),
                               {"items": ("masses", [(sym, fmt_mass(q * 1000)) for sym, q in kg[:4]])})
        else:
            implication = Line(N_("Size the buffer from stock on hand, lead time and annual volume (not entered)."))
        decisions.append(Decision(title, Line(N_("Procurement manager")), deadline, implication))
    else:
        decisions.append(Decision(
            Line(N_("Ask the supplier of the {n} rare-earth part for a material declaration"),
                 {"n": fmt_int(s.parts_with_ree)},
                 plural=N_("Ask the suppliers of the {n} rare-earth parts for material declarations")),
            Line(N_("Procurement manager")),
            Line(N_("by {date} (reerisk's advice: {days} days)"),
                 {"date": fmt_date(_add_days(a.as_of, DECLARATION_DAYS), lang), "days": DECLARATION_DAYS}),
            Line(N_("Declared grams and countries of separation replace estimates; no stock action is needed while "
                    "no element is licence-controlled."))))
    # 2. non-China source for the riskiest elements
    by_mass = sorted(a.elements, key=lambda e: (TIER_RANK.get(e.tier, 9), -(e.grams_total or 0.0), -e.score))
    targets = (ctl or [e.symbol for e in by_mass])[:3]
    options_found = alternatives_for(knowledge, targets)
    if options_found:
        best = options_found[:2]
        covered = [sym for sym in targets if any(sym in o.elements for o in best)]
        title = Line(N_("Qualify a non-China source of {elements}: {options}"),
                     {"elements": ("elements", covered), "options": ("supply", [o.id for o in best])})
        implication = _price_line(knowledge, covered, dict((s_, q) for s_, _g, q in quantities))
    else:
        title = Line(N_("Ask suppliers where their {elements} is separated and refined"),
                     {"elements": ("elements", targets)})
        implication = Line(N_("The knowledge base records no source outside China for these elements."))
    decisions.append(Decision(title, Line(N_("Strategic sourcing")),
                              Line(N_("by {date} (reerisk's advice: {days} days)"),
                                   {"date": fmt_date(_add_days(a.as_of, SOURCING_DAYS), lang),
                                    "days": SOURCING_DAYS}), implication))
    # 3. confirm the open status, or redesign
    if open_ids:
        numbers = [measure_number(knowledge.control(cid), lang) for cid in open_ids if _has(knowledge, cid)]
        title = Line(N_("Confirm with MOFCOM or your forwarder the status of {numbers} after the recorded end of "
                        "their suspension"), {"numbers": ("list", numbers)})
        implication = (Line(N_("Decides the licence need of {n} part (see the sensitivity line)."),
                            {"n": fmt_int(abs(_controlled_count(alternative) - n_ctl))},
                            plural=N_("Decides the licence need of {n} parts (see the sensitivity line)."))
                       if alternative is not None and _controlled_count(alternative) != n_ctl else
                       Line(N_("No part changes licence status either way; the check keeps the briefing current.")))
        decisions.append(Decision(title, Line(N_("Trade compliance")),
                                  Line(N_("by {date} (reerisk's advice: {days} days)"),
                                       {"date": fmt_date(_add_days(a.as_of, CONFIRM_DAYS), lang),
                                        "days": CONFIRM_DAYS}), implication))
    else:
        sub = next((r for r in a.recommendations if r.kind == "substitute"), None)
        if sub is not None:
            title = Line(N_("Review a design alternative for {classes}"), {"classes": ("classes", list(sub.classes[:1]))})
            implication = Line(N_("Removes {elements} from the affected parts; needs requalification."),
                               {"elements": ("elements", list(sub.elements[:3]))})
        else:
            title = Line(N_("Ask suppliers for material declarations of the rare-earth parts"))
            implication = Line(N_("Replaces estimates with declared grams and countries of separation."))
        decisions.append(Decision(title, Line(N_("Design engineering")),
                                  Line(N_("by {date} (reerisk's advice: {days} days)"),
                                       {"date": fmt_date(_add_days(a.as_of, DESIGN_DAYS), lang),
                                        "days": DESIGN_DAYS}), implication))

    top = tuple(_top_parts(a, knowledge, lang, 5))
    sensitivity = _sensitivity(a, alternative, open_ids, knowledge, lang, n_ctl)
    return PageOne(bottom, tuple(decisions[:3]), top, sensitivity, quantities, needs, cover, _unknown(a))


def _unknown(a) -> Line | None:
    n = int(getattr(a.summary, "parts_unclassified", 0) or 0)
    if not n:
        return None
    return Line(N_("{n} part matched no rule: its rare-earth content is unknown, not zero (listed in the "
                   "appendix and the workbook)."), {"n": fmt_int(n)},
                plural=N_("{n} parts matched no rule: their rare-earth content is unknown, not zero (listed in the "
                          "appendix and the workbook)."))


def _has(knowledge, cid: str) -> bool:
    try:
        knowledge.control(cid)
        return True
    except KeyError:
        return False


def _controlled_count(alt) -> int:
    return alt.summary.parts_controlled if alt is not None else 0


def _tier_msgid(tier: str) -> str:
    from desktop.core.report.format import TIER_LABELS

    return TIER_LABELS.get(tier, tier)


def _price_line(knowledge, symbols: list[str], kg_by_symbol: dict) -> Line:
    """Material value per year at the knowledge base's reference price, where both are known."""
    items = []
    sources = []
    for sym in symbols:
        el = knowledge.elements.get(sym)
        price = getattr(el, "price", None)
        kg = kg_by_symbol.get(sym)
        if price is None or price.value is None or kg is None:
            continue
        items.append((sym, fmt_int(kg * price.value), fmt_int(price.value), price.year))
        sources.append(price.source)
        sources += [sid for sid in getattr(el, "sources", ()) if sid.startswith("argus_")]
    if not items:
        quotes = [sid for sym in symbols for sid in getattr(knowledge.elements.get(sym), "sources", ())
                  if sid.startswith("argus_")]
        if not quotes:  # no recorded ex-China quote: claim nothing about prices
            return Line(N_("Ask the listed suppliers for quotes."))
        return Line(N_("Ask the listed suppliers for quotes; ex-China prices were higher than China's in 2025."),
                    {"sources": quotes})
    return Line(N_("Material value per year at the {year} average oxide price: {items}; ex-China quotes were "
                   "higher in 2025. Ask for quotes."),
                {"year": items[0][3], "items": ("prices", items), "sources": sources})


def top_parts(a, n: int) -> list[int]:
    """Indices of the ``n`` highest-scoring parts with a score above 0 (ties: source order).

    Ranked on the scores array when there is one: building every part's PartScore (with its factors) only to
    sort them took about 0.4 s per call at 30,000 parts.
    """
    import numpy as np

    scores = getattr(a.part_scores, "score", None)
    if isinstance(scores, np.ndarray):
        idx = np.flatnonzero(scores > 0)
        order = np.lexsort((idx, -scores[idx]))
        return [int(i) for i in idx[order][:n]]
    ranked = sorted((i for i, s in enumerate(a.part_scores) if s.score > 0),
                    key=lambda i: (-a.part_scores[i].score, i))
    return ranked[:n]


def _top_parts(a, knowledge, lang: str, n: int):
    """The ``n`` highest-scoring fitted parts, each with a one-line reason (what, which measure, where from)."""
    yield from reasons(a, knowledge, lang, top_parts(a, n))


def reasons(a, knowledge, lang: str, indices):
    """A :class:`TopPart` with its one-line reason for each part index (the top-risks table uses it too)."""
    parts = a.mapped.imported.parts
    by_symbol = {e.symbol: e for e in a.elements}
    for i in indices:
        rec = parts.iloc[i]
        m = a.mapped.mappings[i]
        elems = sorted(m.elements, key=lambda s: -(m.elements[s].grams or 0))
        controlled = [s for s in elems if by_symbol.get(s) is not None and by_symbol[s].controls]
        # the measure in force longest names the licence need (No. 18 before the later, suspended ones)
        measures = sorted({cid for s in controlled for cid in by_symbol[s].controls if _has(knowledge, cid)},
                          key=lambda cid: (knowledge.control(cid).effective or dt.date.max, cid))
        numbers = [measure_number(knowledge.control(c), lang) for c in measures]
        country = _text(rec.get("country"))
        if controlled:
            reason = Line(N_("{elements} under {numbers}"), {"elements": ("elements", controlled[:3]),
                                                           "numbers": ("list", numbers[:1])})
        else:
            reason = Line(N_("{elements}, not licence-controlled"), {"elements": ("elements", elems[:3])})
        where = (Line(N_("supplier in China")) if country in CHINA else
                 Line(N_("supplier country not given")) if not country else
                 Line(N_("supplier in {country}"), {"country": ("country", country)}))
        known = [g.grams for g in m.elements.values() if g.grams is not None]
        mass = fmt_mass(sum(known)) if known else None
        line = Line(N_("{reason}; {where}; {mass} per part") if mass else N_("{reason}; {where}; grams unknown"),
                    {"reason": reason, "where": where, "mass": mass or ""})
        yield TopPart(i, _text(rec.get("part_number")) or f"#{int(rec.get('row'))}",
                      _text(rec.get("description")), line)


def _sensitivity(a, alt, open_ids, knowledge, lang, n_ctl) -> Line | None:
    """What changes if the status after the recorded end of the suspension is the other one."""
    if alt is None:
        if a.scenario not in ("baseline", "suspension-extended", "october-2025-in-force"):
            return Line(N_("Sensitivity: the scenario fixes the assumption; results under the recorded status are "
                           "in a baseline run."))
        return Line(N_("Sensitivity: no measure's status is open on {date}; the result rests on no assumption "
                       "about the suspension."), {"date": fmt_date(a.as_of, lang)})
    n_alt = alt.summary.parts_controlled
    ends = sorted({knowledge.control(c).suspended_until for c in open_ids if _has(knowledge, c)} - {None})
    end = fmt_date(ends[0], lang) if ends else "–"
    if alt.scenario == "suspension-extended":
        assumption = Line(N_("if the suspension was extended beyond {date}"), {"date": end})
    elif alt.scenario == "october-2025-in-force":
        assumption = Line(N_("if the suspended measures were lifted early"))
    elif any(c.status == "unknown_after_suspension" for c in a.control_status):
        assumption = Line(N_("if the measures came back into force on {date}"), {"date": end})
    else:
        assumption = Line(N_("under the knowledge base as recorded"))
    if n_alt == n_ctl and alt.summary.tier == a.summary.tier:
        return Line(N_("Sensitivity: {assumption}, nothing on this page changes ({n} controlled part, overall "
                       "risk {tier})."), {"assumption": assumption, "n": fmt_int(n_ctl),
                                          "tier": Line(_tier_msgid(a.summary.tier))},
                    plural=N_("Sensitivity: {assumption}, nothing on this page changes ({n} controlled parts, "
                              "overall risk {tier})."))
    return Line(N_("Sensitivity: {assumption}, {n_alt} part instead of {n} would need Chinese export licences "
                   "and the overall risk would be {tier_alt} instead of {tier}."),
                {"assumption": assumption, "n_alt": fmt_int(n_alt), "n": fmt_int(n_ctl),
                 "tier_alt": Line(_tier_msgid(alt.summary.tier)), "tier": Line(_tier_msgid(a.summary.tier))},
                plural=N_("Sensitivity: {assumption}, {n_alt} parts instead of {n} would need Chinese export "
                          "licences and the overall risk would be {tier_alt} instead of {tier}."), count="n_alt")


def alternative_scenario(a) -> str | None:
    """The other reading of the open status, as a scenario id; None when no status is open on the as-of date
    or when the scenario itself fixes the assumption (embargo, halt of one element)."""
    if a.scenario not in ("baseline", "suspension-extended", "october-2025-in-force"):
        return None
    if any(c.status == "unknown_after_suspension" for c in a.control_status):
        return "baseline" if a.scenario == "suspension-extended" else "suspension-extended"
    if any(c.status == "suspended" for c in a.control_status):
        return "baseline" if a.scenario == "october-2025-in-force" else "october-2025-in-force"
    return None


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()
