"""Briefing sections 4–6: regulatory context on the as-of date, recommendations, appendix."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from desktop.core.report.decision import measure_number
from desktop.core.report.format import (
    CONFIDENCE_LABELS,
    KIND_LABELS,
    KIND_ORDER,
    STATUS_LABELS,
    SUPPLY_FORM_LABELS,
    SUPPLY_STATUS_LABELS,
    fmt_date,
    fmt_int,
    fmt_number,
    fmt_percent,
    join_list,
    label,
)
from desktop.core.report.pdf_doc import Bookmark
from desktop.core.report.pdf_front import (
    _markup,
    _text,
    alert_box,
    part_grams,
    section,
)
from desktop.core.report.pdf_styles import PM, Ctx, P, data_table, tier_fill
from desktop.i18n import N_

#: Appendix list of parts to verify: at most this many rows (the rest are in the workbook).
VERIFY_CAP = 20
STATUS_FILL = {"in_force": "critical", "unknown_after_suspension": "high", "scheduled": "medium",
               "suspended": "none", "expired": "none", "not_yet_announced": "none"}


def _authority(ctx: Ctx, control) -> str:
    if ctx.lang == "ja" and control.authority_ja:
        return control.authority_ja
    return control.authority


def _dates_text(ctx: Ctx, c) -> str:
    lines = []
    if c.announced:
        lines.append(ctx.t(N_("announced {date}"), date=fmt_date(c.announced, ctx.lang)))
    if c.effective:
        lines.append(ctx.t(N_("effective {date}"), date=fmt_date(c.effective, ctx.lang)))
    if c.suspended_from or c.suspended_until:
        lines.append(ctx.t(N_("suspended {start} – {end}"), start=fmt_date(c.suspended_from, ctx.lang),
                           end=fmt_date(c.suspended_until, ctx.lang)))
    if c.ended:
        lines.append(ctx.t(N_("ended {date}"), date=fmt_date(c.ended, ctx.lang)))
    return "\n".join(lines)


PAST_STATUSES = ("expired", "not_yet_announced")


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _past_item(ctx: Ctx, cs) -> str:
    try:
        c = ctx.knowledge.control(cs.control_id)
    except KeyError:
        return f"{cs.control_id} ({label(STATUS_LABELS, cs.status, ctx.tr)})"
    status = label(STATUS_LABELS, cs.status, ctx.tr)
    if c.ended:
        status = ctx.t(N_("ended {date}"), date=fmt_date(c.ended, ctx.lang))
    title = c.title_ja if ctx.lang == "ja" and c.title_ja else c.title_en
    return f"{measure_number(c, ctx.lang)} {_clip(title, 60)} ({status})"


def _assumed_extended(ctx: Ctx, cs) -> bool:
    """Under ``suspension-extended`` the suspending measure (No. 70) is assumed to run on: never "ended"."""
    if ctx.assessment.scenario != "suspension-extended":
        return False
    try:
        return ctx.knowledge.control(cs.control_id).kind == "suspension"
    except KeyError:
        return False


def regulatory_context(ctx: Ctx) -> list:
    from desktop.core.report import pdf_charts

    a, st, kb = ctx.assessment, ctx.st, ctx.knowledge
    flow = section(ctx, 5, N_("Regulatory context on the as-of date"), "regulatory")
    flow.append(P(ctx.t(N_("Status of China's rare-earth export measures on {date}, as recorded in the knowledge "
                           "base (facts as of {kb_date}). MOFCOM: Ministry of Commerce of the PRC; GAC: General "
                           "Administration of Customs."), date=fmt_date(a.as_of, ctx.lang),
                      kb_date=fmt_date(getattr(kb, "as_of", None), ctx.lang)), st.body))
    rows, extra = [], []
    current = [cs for cs in a.control_status if cs.status not in PAST_STATUSES]
    for r, cs in enumerate(current, start=1):
        try:
            c = kb.control(cs.control_id)
        except KeyError:
            c = None
        status = _markup(label(STATUS_LABELS, cs.status, ctx.tr, capital=True))
        if cs.treated_as != cs.status:
            status += "<br/>" + _markup(ctx.t(N_("treated as: {status}"),
                                              status=label(STATUS_LABELS, cs.treated_as, ctx.tr)))
        if cs.note is not None and cs.status != "unknown_after_suspension":  # said once, in the warning box
            status += f'<br/><font color="#607D8B" size="7">{_markup(cs.note.render(ctx.tr))}</font>'
        status = PM(status, st.cell)
        if c is None:
            rows.append([cs.control_id, "–", ", ".join(cs.elements), "–", status, ""])
        else:
            title = c.title_ja if ctx.lang == "ja" and c.title_ja else c.title_en
            scope = c.scope_ja if ctx.lang == "ja" and c.scope_ja else c.scope_en
            measure = (f'<font color="#1F3A5F" size="8.5">{_markup(measure_number(c, ctx.lang))}</font><br/>'
                       f'{_markup(title)}')
            if scope:
                scope_text = _clip("; ".join(scope), 420)  # scope lines carry their own effective dates
                measure += f'<br/><font color="#607D8B" size="7">{_markup(scope_text)}</font>'
            measure = PM(measure, st.cell)
            elems = ctx.t(N_("all rare earths")) if c.all_elements else ", ".join(c.elements)
            rows.append([measure, _authority(ctx, c), elems, _dates_text(ctx, c), status, ctx.cite(c.sources)])
        extra.append(("BACKGROUND", (4, r), (4, r), tier_fill(STATUS_FILL.get(cs.treated_as, "none"))))
    w = ctx.width
    header = [ctx.t(N_("Measure")), ctx.t(N_("Authority")), ctx.t(N_("Elements")), ctx.t(N_("Dates")),
              ctx.t(N_("Status on {date}"), date=fmt_date(a.as_of, ctx.lang)), ctx.t(N_("Sources"))]
    if rows:
        flow.append(data_table(header, rows, [0.30 * w, 0.12 * w, 0.13 * w, 0.19 * w, 0.18 * w, 0.08 * w],
                               st, extra))
    else:
        flow.append(P(ctx.t(N_("No export-control measure in the knowledge base applies to the elements found.")),
                      st.body))
    past = [cs for cs in a.control_status if cs.status in PAST_STATUSES and not _assumed_extended(ctx, cs)]
    if past:
        items = [_past_item(ctx, cs) for cs in past]
        flow.append(P(ctx.t(N_("Not in force on {date}: {items}."), date=fmt_date(a.as_of, ctx.lang),
                            items=join_list(items, ctx.lang)), st.small))
    timeline = pdf_charts.controls_timeline(a, kb, ctx.tr, ctx.width)
    flow += [Spacer(1, 4 * mm), KeepTogether([timeline, P(ctx.t(N_(
        "Bars run from announcement to the end of each measure; grey: suspended; dashed outline: after the "
        "recorded end of a suspension, where the knowledge base does not know what followed.")), st.caption)])]
    warnings = [m.render(ctx.tr) for m in a.warnings]
    kb_as_of = getattr(kb, "as_of", None)
    if kb_as_of is None or a.as_of > kb_as_of:  # freshness notes concern dates past the facts, never a backdated run
        warnings += list(getattr(kb, "warnings_ja" if ctx.lang == "ja" else "warnings_en", ()) or ())
    if warnings:
        flow += [Spacer(1, 3 * mm), alert_box(ctx, ctx.t(N_("Freshness warnings")), list(dict.fromkeys(warnings)))]
    if a.assumptions:
        flow += [P(ctx.t(N_("Assumptions applied")), st.h3)]
        flow += [Paragraph(_markup(m.render(ctx.tr)), st.bullet, bulletText="•") for m in a.assumptions]
    return flow


# ------------------------------------------------------------------------------------------- recommendations

def recommendations(ctx: Ctx) -> list:
    a, st = ctx.assessment, ctx.st
    flow = section(ctx, 3, N_("Recommendations"), "recommendations")
    if not a.recommendations:
        return flow + [P(ctx.t(N_("No action is recommended: no rare-earth exposure was found.")), st.body)]
    flow.append(P(ctx.t(N_("Actions by priority (1 = most urgent), grouped by kind, the most urgent kind first.")),
                  st.body))
    by_kind: dict[str, list] = {}
    for rec in a.recommendations:
        by_kind.setdefault(rec.kind, []).append(rec)
    # most urgent kind first (its best priority), KIND_ORDER breaking ties
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    kinds = sorted(by_kind, key=lambda k: (min(r.priority for r in by_kind[k]), rank.get(k, 99), k))
    for kind in kinds:
        recs = sorted(by_kind[kind], key=lambda r: r.priority)
        block = [Bookmark(label(KIND_LABELS, kind, ctx.tr), f"rec-{kind}", 1),
                 P(label(KIND_LABELS, kind, ctx.tr), st.h2)]
        for rec in recs:
            text = rec.text.render(ctx.tr)
            tail = f" ({', '.join(rec.elements)})" if rec.elements else ""
            sources = rec.sources
            if rec.kind == "recycle":  # keep the caveat; a control announcement is no source for recycling
                text += _recycling_caveat(ctx, rec.classes)
                sources = [sid for sid in sources if sid not in _control_sources(ctx)]
            cite = ctx.cite(sources)
            block.append(Paragraph(_markup(text + tail + (" " + cite if cite else "")), st.bullet,
                                   bulletText=f"P{rec.priority}"))
        flow.append(KeepTogether(block[:3]))
        flow += block[3:]
        if kind == "diversify":
            flow += supply_table(ctx)
    return flow


def _control_sources(ctx: Ctx) -> set[str]:
    return {sid for c in getattr(ctx.knowledge, "controls", ()) for sid in c.sources}


def _recycling_caveat(ctx: Ctx, class_ids) -> str:
    """The classes' recycling maturity (e.g. "early commercial for EoL magnets (<5 % of RE magnets recycled)")."""
    classes = getattr(ctx.knowledge, "classes", {}) or {}
    notes = []
    for cid in class_ids:
        c = classes.get(cid)
        if c is None:
            continue
        note = (c.recycling_maturity_ja or c.recycling_maturity) if ctx.lang == "ja" else c.recycling_maturity
        if note and note not in notes:
            notes.append(note)
    if not notes:
        return ""
    return " " + ctx.t(N_("Maturity: {notes}."), notes=join_list(notes, ctx.lang))


def supply_table(ctx: Ctx) -> list:
    """Non-China supply options for the elements found, riskiest elements first, matched to element and form.

    Material separated or refined in China is never listed as an alternative; it is named below the table.
    """
    from desktop.core.report.decision import alternatives_for
    from desktop.core.report.pdf_decision import supply_name

    a, st, kb = ctx.assessment, ctx.st, ctx.knowledge
    wanted = [e.symbol for e in a.elements]
    found = set(wanted)
    options = alternatives_for(kb, wanted)
    excluded = [o for o in getattr(kb, "supply_options", ()) or ()
                if found & set(o.elements) and (not o.is_alternative or getattr(o, "processed_in_china", False))]
    if not options:
        return [P(ctx.t(N_("The knowledge base records no non-China supply option for the elements found.")),
                  st.small)]
    rows = []
    for o in options:
        status = label(SUPPLY_STATUS_LABELS, o.status, ctx.tr)
        if o.status_as_of:
            status += f" ({o.status_as_of})"
        rows.append([supply_name(ctx, o.id), ", ".join(o.countries), ", ".join(s for s in wanted if s in o.elements),
                     join_list((label(SUPPLY_FORM_LABELS, f, ctx.tr) for f in o.forms), ctx.lang),
                     status, ctx.cite(o.sources)])
    w = ctx.width
    header = [ctx.t(N_("Supply option")), ctx.t(N_("Country")), ctx.t(N_("Elements")), ctx.t(N_("Forms")),
              ctx.t(N_("Status")), ctx.t(N_("Sources"))]
    flow = [P(ctx.t(N_("Supply options outside China for the elements found")), st.h3),
            data_table(header, rows, [0.34 * w, 0.09 * w, 0.15 * w, 0.17 * w, 0.17 * w, 0.08 * w], st)]
    if excluded:
        names = [supply_name(ctx, o.id) + (" " + ctx.cite(o.sources) if ctx.cite(o.sources) else "") for o in excluded]
        flow.append(P(ctx.t(N_("Not alternatives, because the material is separated or refined in China: {names}."),
                            names=join_list(names, ctx.lang)), st.caption))
    return flow


# -------------------------------------------------------------------------------------------------- appendix

def appendix(ctx: Ctx) -> list:
    flow = section(ctx, 7, N_("Appendix"), "appendix")
    flow += method(ctx)
    flow += sources(ctx)
    flow += verify_list(ctx)
    return flow


def _sub(ctx: Ctx, title: str, key: str) -> list:
    return [Bookmark(title, key, 1), P(title, ctx.st.h2)]


def method(ctx: Ctx) -> list:
    a, st = ctx.assessment, ctx.st
    cfg = a.config
    flow = _sub(ctx, ctx.t(N_("A. Method")), "method")
    flow.append(P(ctx.t(N_("Each element's risk (0–100) is a weighted sum of four factors; a part's score combines "
                           "the risk of its elements with the grams per product, and is adjusted for mapping "
                           "confidence and supplier country. The product score rolls up the part scores.")),
                  st.body))
    weights = getattr(cfg, "element_weights", None)
    if weights and cfg is not None:  # weights come from cfg: the second test only tells the type checker
        rows = [[_factor_label(ctx, k), fmt_percent(v)] for k, v in weights.items()]
        flow.append(data_table([ctx.t(N_("Element factor")), ctx.t(N_("Weight"))], rows,
                               [0.45 * ctx.width, 0.15 * ctx.width], st))
        details = [
            ctx.t(N_("Tier bounds: critical ≥ {critical}, high ≥ {high}, medium ≥ {medium}; a score of 0 is "
                     "tier none."), **{k: f"{v:g}" for k, v in cfg.tiers.items()}),
            ctx.t(N_("Part score: {base} from element risk alone (each element weighted by its grams), the rest "
                     "scaled by grams per product on a log scale from {floor} g to {ceiling} g; unknown grams use "
                     "the component class's range; an element of at most {de_minimis} g per unit cannot lift a "
                     "part above tier low."),
                  base=fmt_percent(cfg.base_share), floor=f"{cfg.grams_floor:g}",
                  ceiling=f"{cfg.grams_ceiling:,g}", de_minimis=f"{cfg.de_minimis_g:g}"),
            ctx.t(N_("Multipliers: mapping confidence {conf}; supplier country {country}."),
                  conf=_pairs(ctx, cfg.confidence_multipliers), country=_pairs(ctx, cfg.country_multipliers)),
        ]
        flow += [Spacer(1, 2 * mm)] + [Paragraph(_markup(x), st.bullet, bulletText="•") for x in details]
    else:
        flow.append(P(ctx.t(N_("The scoring parameters were not recorded with this assessment.")), st.small))
    from desktop.core.report.pdf_front import top_parts

    top = top_parts(a, 1)
    if top:
        i = top[0]
        pn = _text(a.mapped.imported.parts.iloc[i].get("part_number")) or f"#{i + 1}"
        score = a.part_scores[i]
        flow.append(P(ctx.t(N_("Score breakdown of the top part, {part}"), part=pn), st.h3))
        rows = [[ctx.t(f.label), fmt_number(f.value, 2), fmt_number(f.weight, 2), fmt_number(f.contribution, 1),
                 f.source] for f in score.factors]
        rows.append([ctx.t(N_("Score")), "", "", fmt_number(score.score, 1), ""])
        w = ctx.width
        flow.append(data_table([ctx.t(N_("Factor")), ctx.t(N_("Value")), ctx.t(N_("Weight")),
                                ctx.t(N_("Points")), ctx.t(N_("Source"))], rows,
                               [0.30 * w, 0.10 * w, 0.10 * w, 0.10 * w, 0.40 * w], st))
    if a.assumptions:
        flow.append(P(ctx.t(N_("Assumptions")), st.h3))
        flow += [Paragraph(_markup(m.render(ctx.tr)), st.bullet, bulletText="•") for m in a.assumptions]
    return flow


FACTOR_LABELS = {
    "concentration": N_("China's share at the bottleneck stage"),
    "controls": N_("Export controls on the as-of date"),
    "recycling": N_("End-of-life recycling (low recycling = higher risk)"),
    "substitution": N_("Substitutability (hard to substitute = higher risk)"),
}
MULTIPLIER_LABELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low"), "china": N_("China"),
                     "unknown": N_("unknown"), "other": N_("other")}


def _factor_label(ctx: Ctx, key: str) -> str:
    return ctx.t(FACTOR_LABELS[key]) if key in FACTOR_LABELS else key


def _pairs(ctx: Ctx, mapping) -> str:
    items = [f"{ctx.t(MULTIPLIER_LABELS.get(k, k))} ×{v:g}" for k, v in mapping.items()]
    return join_list(items, ctx.lang)


def verify_candidates(a) -> list[tuple[int, str]]:
    """(part index, reason msgid): low-confidence REE parts, REE parts with unknown grams, then unrecognised."""
    low, unknown, unmapped = [], [], []
    for i, m in enumerate(a.mapped.mappings):
        if m.has_ree and m.confidence in ("low", "none"):
            low.append((i, N_("low-confidence match")))
        elif m.has_ree and part_grams(m)[1]:
            unknown.append((i, N_("grams unknown")))
        elif not m.has_ree and not m.rare_earth_free and not m.classes:
            unmapped.append((i, N_("not recognised")))
    return low + unknown + unmapped


def verify_list(ctx: Ctx) -> list:
    a, st = ctx.assessment, ctx.st
    items = verify_candidates(a)
    flow = _sub(ctx, ctx.t(N_("C. Parts to verify")), "verify")
    if not items:
        return flow + [P(ctx.t(N_("Every part was matched with at least medium confidence.")), st.body)]
    flow.append(P(ctx.t(N_("Rare-earth parts matched with low confidence or with unknown grams come first, then "
                           "parts the knowledge base does not recognise (most contain no rare earths).")), st.body))
    parts = a.mapped.imported.parts
    rows = []
    for i, reason in items[:VERIFY_CAP]:
        rec = parts.iloc[i]
        m = a.mapped.mappings[i]
        evidence = _clip(m.evidence[0].render(ctx.tr), 110) if m.evidence else ""
        rows.append([str(int(rec.get("row"))), _text(rec.get("part_number")), _text(rec.get("description")),
                     ", ".join(m.elements) or "–", label(CONFIDENCE_LABELS, m.confidence, ctx.tr),
                     ctx.t(reason) + (f"\n{evidence}" if evidence else "")])
    w = ctx.width
    header = [ctx.t(N_("Row")), ctx.t(N_("Part number")), ctx.t(N_("Description")), ctx.t(N_("Elements")),
              ctx.t(N_("Confidence")), ctx.t(N_("Why listed"))]
    flow.append(data_table(header, rows, [0.06 * w, 0.15 * w, 0.33 * w, 0.10 * w, 0.10 * w, 0.26 * w], st))
    more = len(items) - VERIFY_CAP
    if more > 0:
        flow.append(P(ctx.t(N_("{n} more in the annotated workbook."), n=fmt_int(more)), st.caption))
    return flow


def sources(ctx: Ctx) -> list:
    st = ctx.st
    flow = _sub(ctx, ctx.t(N_("B. Data sources")), "sources")
    kb = ctx.knowledge
    if not ctx.citations:
        return flow + [P(ctx.t(N_("No knowledge-base source was cited.")), st.body)]
    flow.append(P(ctx.t(N_("Knowledge base {version}, facts as of {date}. Sources cited in this briefing:"),
                        version=getattr(kb, "version", "–"), date=fmt_date(getattr(kb, "as_of", None), ctx.lang)),
                  st.body))
    for sid, n in sorted(ctx.citations.items(), key=lambda kv: kv[1]):
        s = kb.sources[sid]
        parts = [p for p in (s.publisher, s.title, str(s.year) if s.year else None) if p]
        text = ". ".join(parts) + "."
        if (s.quality or "").lower() == "low":
            text += " " + ctx.t(N_("(secondary source, not verified against the original)"))
        elif "verify" in f"{s.title} {s.note or ''}".lower():  # the knowledge base flags its own doubt
            text += " " + ctx.t(N_("(citation details not yet verified)"))
        if s.url:
            text += " " + s.url
        flow.append(Paragraph(_markup(text), st.ref, bulletText=f"[{n}]"))
    flow.append(Spacer(1, 2 * mm))
    flow.append(P(ctx.t(N_("Figures are estimates from public sources; grams per part are typical values for the "
                           "component class unless the BOM declares them. Verify with suppliers before acting.")),
                  st.small))
    return flow


__all__ = ["appendix", "recommendations", "regulatory_context", "fmt_int"]
