"""Briefing sections 1–3: title block, executive summary with key figures and charts, top risks."""
from __future__ import annotations

import io
import math
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer, Table

from desktop.core.errors import ReportError
from desktop.core.report.format import (
    TIER_LABELS,
    element_name,
    fmt_date,
    fmt_int,
    fmt_mass,
    fmt_score,
    join_list,
    label,
)
from desktop.core.report.pdf_doc import Bookmark
from desktop.core.report.pdf_styles import (
    ALERT_BG,
    ALERT_RULE,
    MUTED,
    NAVY,
    RULE,
    TS,
    Ctx,
    P,
    data_table,
    tier_colour,
    tier_fill,
)
from desktop.core.types import POST_SUSPENSION
from desktop.i18n import N_


def section(ctx: Ctx, number: int, msgid: str, key: str) -> list:
    """A numbered section heading with its outline entry."""
    title = f"{number}  {ctx.t(msgid)}"
    return [Bookmark(title, key, 0), P(title, ctx.st.h1)]


def product_name(assessment, options) -> str:
    """The product or BOM name for the title: the user's text, else the BOM's file name."""
    name = (options.product or "").strip()
    return name or Path(assessment.mapped.imported.path).name


# ----------------------------------------------------------------------------------------------- title block

def title_block(ctx: Ctx) -> list:
    a, o, st = ctx.assessment, ctx.options, ctx.st
    left = []
    if o.company:
        left.append(P(o.company, st.subtitle))
    left.append(P(ctx.t(N_("Rare-earth supply risk briefing")), st.title))
    left.append(P(product_name(a, o), st.subtitle))
    logo = _logo(o.logo, 42 * mm, 22 * mm) if o.logo else None
    head = Table([[left, logo or ""]], colWidths=[ctx.width - 46 * mm, 46 * mm])
    head.setStyle(TS([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    kb = ctx.knowledge
    meta = [
        (N_("As-of date"), fmt_date(a.as_of, ctx.lang)),
        (N_("Prepared by"), o.author or "–"),
        (N_("Classification"), o.confidentiality_mark(ctx.tr)),
        (N_("Knowledge base"), ctx.t(N_("version {version}, facts as of {date}"),
                                     version=a.knowledge_version or getattr(kb, "version", "–"),
                                     date=fmt_date(a.knowledge_as_of or getattr(kb, "as_of", None), ctx.lang))),
        (N_("Scenario"), scenario_label(a.scenario, ctx)),
        (N_("Source file"), _source_file(a)),
    ]
    cells = [[P(ctx.t(k), st.tiny), P(v, st.cell)] for k, v in meta]
    rows = [cells[i] + cells[i + 3] for i in range(3)]
    w = ctx.width
    table = Table(rows, colWidths=[0.13 * w, 0.30 * w, 0.14 * w, 0.43 * w])
    table.setStyle(TS([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F4F6F8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, NAVY),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [head, Spacer(1, 2 * mm), table, Spacer(1, 3 * mm)]


def scenario_label(scenario: str, ctx: Ctx) -> str:
    """The scenario's name in the briefing's language: the one name the CLI, the workbook and the GUI show."""
    from desktop.core.scenario_names import scenario_label as name

    return name(scenario, ctx.tr, lambda symbol: element_name(symbol, ctx.tr, ctx.knowledge))


def _source_file(a) -> str:
    imp = a.mapped.imported
    name = Path(imp.path).name
    return f"{name} — {imp.sheet}" if imp.sheet else name


def _logo(path: str, max_w: float, max_h: float) -> Image:
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(str(path))
        iw, ih = reader.getSize()
    except Exception as exc:  # noqa: BLE001 - any unreadable image is the user's input error
        raise ReportError(N_("The logo cannot be read as a PNG or JPG image: {path}"), {"path": str(path)},
                          detail=repr(exc)) from exc
    scale = min(max_w / iw, max_h / ih)
    return Image(str(path), width=iw * scale, height=ih * scale, hAlign="RIGHT")


# ----------------------------------------------------------------------------------------- executive summary

def part_facts(a) -> dict:
    """Counts the summary sentences need, computed from the parts table and the mappings."""
    parts = a.mapped.imported.parts
    countries = list(parts["country"]) if "country" in parts else [None] * len(a.mapped.mappings)
    ree = [i for i, m in enumerate(a.mapped.mappings) if m.has_ree]
    unknown_grams = [i for i in ree if any(g.grams is None for g in a.mapped.mappings[i].elements.values())]
    no_country = [i for i in ree if not _text(countries[i])]
    unknown_elements = sorted({s for i in unknown_grams for s, g in a.mapped.mappings[i].elements.items()
                               if g.grams is None})
    return {"ree": ree, "unknown_grams": unknown_grams, "no_country": no_country,
            "unknown_elements": unknown_elements}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def summary_sentences(ctx: Ctx) -> list[str]:
    """Three to five plain sentences, every number taken from the assessment."""
    a, s = ctx.assessment, ctx.assessment.summary
    facts = part_facts(a)
    out: list[str] = []
    unjudged = int(getattr(s, "parts_unclassified", 0) or 0)
    if s.parts_with_ree == 0 and unjudged:  # unknown is never shown as safe
        out.append(ctx.tn(N_("No rare earths were found in the {judged} parts the rules could judge; {n} part "
                             "matched no rule and its content is unknown."),
                          N_("No rare earths were found in the {judged} parts the rules could judge; {n} parts "
                             "matched no rule and their content is unknown."), unjudged,
                          judged=fmt_int(s.parts_total - unjudged), n=fmt_int(unjudged)))
        return out
    if s.parts_with_ree == 0:
        out.append(ctx.tn(N_("The {total} part was not found to contain rare earths."),
                          N_("None of the {total} parts was found to contain rare earths."), s.parts_total,
                          total=fmt_int(s.parts_total)))
        return out
    if s.parts_controlled:
        out.append(ctx.tn(N_("{ree} of {total} parts contains rare earths; {controlled} of them contains elements "
                             "under Chinese export licensing on {date}."),
                          N_("{ree} of {total} parts contain rare earths; {controlled} of them contain elements "
                             "under Chinese export licensing on {date}."), s.parts_with_ree,
                         ree=fmt_int(s.parts_with_ree), total=fmt_int(s.parts_total),
                         controlled=fmt_int(s.parts_controlled), date=fmt_date(a.as_of, ctx.lang)))
    else:
        out.append(ctx.tn(N_("{ree} of {total} parts contains rare earths, but no element under Chinese export "
                             "licensing on {date}."),
                          N_("{ree} of {total} parts contain rare earths; none of them contains an element under "
                             "Chinese export licensing on {date}."), s.parts_with_ree,
                         ree=fmt_int(s.parts_with_ree), total=fmt_int(s.parts_total),
                         date=fmt_date(a.as_of, ctx.lang)))
    if not s.parts_from_china and not facts["no_country"]:
        out.append(ctx.t(N_("None of the rare-earth parts comes from a supplier in China, by the BOM's country "
                            "column.")))
    elif facts["no_country"]:
        out.append(ctx.tn(N_("{cn} of the rare-earth parts comes from a supplier in China; for {unknown} the BOM "
                             "gives no country."),
                          N_("{cn} of the rare-earth parts come from suppliers in China; for {unknown} the BOM "
                             "gives no country."), s.parts_from_china, cn=fmt_int(s.parts_from_china),
                          unknown=fmt_int(len(facts["no_country"]))))
    else:
        out.append(ctx.tn(N_("{cn} of the rare-earth parts comes from a supplier in China."),
                          N_("{cn} of the rare-earth parts come from suppliers in China."), s.parts_from_china,
                          cn=fmt_int(s.parts_from_china)))
    quantified = [e for e in a.elements if e.grams_total]
    controlled_first = sorted(quantified, key=lambda e: (not e.controls, -e.score))[:3]
    if controlled_first:
        items = [ctx.t(N_("{element} {mass}"), element=in_sentence(ctx, e.symbol),
                       mass=fmt_mass(e.grams_total * 1000)) for e in controlled_first]  # type: ignore[operator]  # quantified
        out.append(ctx.t(N_("Estimated content per 1,000 units: {items}."), items=join_list(items, ctx.lang)))
    if facts["unknown_grams"]:
        names = [in_sentence(ctx, x) for x in facts["unknown_elements"]]
        out.append(ctx.tn(N_("For {n} rare-earth part the grams could not be estimated ({elements}); it is "
                             "counted above but not in the totals."),
                          N_("For {n} rare-earth parts the grams could not be estimated ({elements}); they are "
                             "counted above but not in the totals."), len(facts["unknown_grams"]),
                          n=fmt_int(len(facts["unknown_grams"])), elements=join_list(names, ctx.lang)))
    # the post-suspension status is stated once on page one and once in the regulatory section, not here
    if a.elements:
        top = a.elements[0]
        out.append(ctx.t(N_("The highest-risk element is {element} (score {score}, {tier})."),
                         element=in_sentence(ctx, top.symbol), score=fmt_score(top.score),
                         tier=label(TIER_LABELS, top.tier, ctx.tr)))
    return out[:5]


def _status_word(ctx: Ctx, status: str) -> str:
    from desktop.core.report.format import STATUS_LABELS

    return label(STATUS_LABELS, status, ctx.tr)   # written as it stands in a sentence


def in_sentence(ctx: Ctx, symbol: str) -> str:
    """Element name for running text: lower case in English ("dysprosium"), as is in Japanese."""
    name = element_name(symbol, ctx.tr, ctx.knowledge)
    return name.lower() if ctx.lang == "en" else name


def _suspended_until(ctx: Ctx, control_id: str):
    try:
        return ctx.knowledge.control(control_id).suspended_until
    except (KeyError, AttributeError):
        return None


def _control_number(ctx: Ctx, control_id: str) -> str:
    from desktop.core.report.decision import measure_number

    try:
        return measure_number(ctx.knowledge.control(control_id), ctx.lang)
    except (KeyError, AttributeError):
        return control_id


def executive_summary(ctx: Ctx) -> list:
    a, st, s = ctx.assessment, ctx.st, ctx.assessment.summary
    flow = section(ctx, 2, N_("Executive summary"), "summary")
    banner = Table([[P(ctx.t(N_("Overall risk")), st.card_label),
                     P(label(TIER_LABELS, s.tier, ctx.tr), st.card_value),
                     P(ctx.t(N_("score {score} of 100 on {date}"), score=fmt_score(s.score),
                             date=fmt_date(a.as_of, ctx.lang)), st.body)]],
                   colWidths=[28 * mm, 40 * mm, ctx.width - 68 * mm])
    banner.setStyle(TS([
        ("BACKGROUND", (1, 0), (1, 0), tier_fill(s.tier)), ("LINEBEFORE", (1, 0), (1, 0), 4, tier_colour(s.tier)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
    ]))
    flow += [banner, Spacer(1, 4 * mm)]
    for sentence in summary_sentences(ctx):
        flow.append(Paragraph(_markup(sentence), st.bullet, bulletText="•"))
    flow += [Spacer(1, 3 * mm), key_figures(ctx)]
    data_warnings = [m for m in a.warnings if m.kind != POST_SUSPENSION]  # that one: page one
    if data_warnings:
        flow += [Spacer(1, 4 * mm), alert_box(ctx, ctx.t(N_("Check before relying on this briefing")),
                                              [m.render(ctx.tr) for m in data_warnings])]
    return flow


def _markup(text: str) -> str:
    from desktop.core.report.fonts import pdf_markup

    return pdf_markup(text)


def key_figures(ctx: Ctx) -> Table:
    s, st = ctx.assessment.summary, ctx.st
    cards = [
        (fmt_int(s.parts_total), N_("parts in the BOM")),
        (fmt_int(s.parts_with_ree), N_("contain rare earths")),
        (fmt_int(s.parts_controlled), N_("under export control")),
        (fmt_int(s.parts_from_china), N_("rare-earth parts from China")),
        (fmt_mass(s.grams_per_unit), N_("rare earths per product")),
    ]
    row = [[P(v, st.card_value), P(ctx.t(k), st.card_label)] for v, k in cards]
    table = Table([row], colWidths=[ctx.width / len(cards)] * len(cards))
    table.setStyle(TS([
        ("BOX", (0, 0), (-1, -1), 0.5, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def alert_box(ctx: Ctx, title: str, lines: list[str]) -> Table:
    st = ctx.st
    body = [P(title, st.h3)] + [Paragraph(_markup(x), st.small, bulletText="•") for x in lines]
    box = Table([[body]], colWidths=[ctx.width])
    box.setStyle(TS([("BACKGROUND", (0, 0), (-1, -1), ALERT_BG),
                             ("LINEBEFORE", (0, 0), (0, -1), 3, ALERT_RULE),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 2),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return box


# ---------------------------------------------------------------------------------------------------- charts

def chart_image(fig, width: float) -> Image:
    """A matplotlib Figure as a PNG Image ``width`` points wide (aspect ratio kept)."""
    from desktop.core.report.charts import figure_png

    w_in, h_in = fig.get_size_inches()
    png = figure_png(fig, dpi=200)
    return Image(io.BytesIO(png), width=width, height=width * h_in / w_in)


def charts_section(ctx: Ctx) -> list:
    a, st = ctx.assessment, ctx.st
    flow = section(ctx, 6, N_("Exposure at a glance"), "charts")
    if not a.elements:
        return flow + [P(ctx.t(N_("No rare earths were found in this BOM, so there is nothing to chart.")),
                         st.body)]
    from desktop.core.report import pdf_charts

    half = (ctx.width - 6 * mm) / 2
    grams = pdf_charts.grams_by_element(a, ctx.tr, ctx.knowledge, half)
    risk = pdf_charts.risk_by_element(a, ctx.tr, ctx.knowledge, half)
    pair = Table([[grams, risk]], colWidths=[half + 3 * mm, half + 3 * mm])
    pair.setStyle(TS([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    flow += [pair, P(ctx.t(N_("Grams are per unit of the finished product (BOM quantities multiplied down "
                               "the tree); the thin line shows the low–high estimate.")), st.caption)]
    heat = pdf_charts.china_share_by_stage(a, ctx.knowledge, ctx.tr, ctx.width)
    sources = sorted({f.source for e in a.elements
                      for f in getattr(ctx.knowledge.elements.get(e.symbol), "china_share", {}).values()
                      if f.source} | {f.source for f in ctx.knowledge.stage_defaults.values() if f.source})
    flow += [KeepTogether([heat, P(ctx.t(N_("China's share of world output at each stage. Sources: {cites}."),
                                         cites=ctx.cite(sources) or "–"), st.caption)])]
    return flow


# ------------------------------------------------------------------------------------------------- top risks

def top_parts(a, n: int) -> list[int]:
    """Indices of the ``n`` highest-scoring parts (see :func:`desktop.core.report.decision.top_parts`)."""
    from desktop.core.report.decision import top_parts as ranked

    return ranked(a, n)


def part_grams(mapping) -> tuple[float | None, bool]:
    """Total REE grams per unit of the part, and whether some element's grams are unknown."""
    known = [g.grams for g in mapping.elements.values() if g.grams is not None]
    unknown = any(g.grams is None for g in mapping.elements.values())
    return (sum(known) if known else None), unknown


def top_risks(ctx: Ctx) -> list:
    a, st = ctx.assessment, ctx.st
    flow = section(ctx, 4, N_("Top risks"), "top-risks")
    idx = top_parts(a, ctx.options.top_n)
    if not idx:
        return flow + [P(ctx.t(N_("No part has a rare-earth risk score above zero.")), st.body)]
    flow.append(P(ctx.tn(N_("The {n} part with the highest risk score (of {ree} with rare earths). The annotated "
                            "workbook lists every part."),
                         N_("The {n} parts with the highest risk scores (of {ree} parts with rare earths). The "
                            "annotated workbook lists every part."), len(idx), n=fmt_int(len(idx)),
                         ree=fmt_int(a.summary.parts_with_ree)), st.body))
    from desktop.core.report.decision import reasons
    from desktop.core.report.pdf_decision import render

    why = {t.index: render(t.reason, ctx) for t in reasons(a, ctx.knowledge, ctx.lang, idx)}
    parts = a.mapped.imported.parts
    rows, extra = [], []
    for r, i in enumerate(idx, start=1):
        rec = parts.iloc[i]
        m, s = a.mapped.mappings[i], a.part_scores[i]
        grams, unknown = part_grams(m)
        order = sorted(m.elements, key=lambda k: -(m.elements[k].grams or 0))
        mass = fmt_mass(grams) if grams is not None else ctx.t(N_("unknown"))
        if unknown and grams is not None:
            mass += " + ?"
        rows.append([str(r), _text(rec.get("part_number")), _text(rec.get("description")), ", ".join(order),
                     P(mass, st.cell_right), _text(rec.get("supplier")) or "–", why.get(i, ""),
                     P(fmt_score(s.score), st.cell_right), label(TIER_LABELS, s.tier, ctx.tr)])
        extra.append(("BACKGROUND", (8, r), (8, r), tier_fill(s.tier)))
    w = ctx.width
    widths = [0.04 * w, 0.11 * w, 0.17 * w, 0.09 * w, 0.09 * w, 0.11 * w, 0.24 * w, 0.06 * w, 0.09 * w]
    header = ["#", ctx.t(N_("Part number")), ctx.t(N_("Description")), ctx.t(N_("Elements")),
              ctx.t(N_("REE g/unit")), ctx.t(N_("Supplier")), ctx.t(N_("Why")), ctx.t(N_("Score")),
              ctx.t(N_("Tier"))]
    flow.append(data_table(header, rows, widths, st, extra))
    flow.append(P(ctx.t(N_("REE g/unit: rare-earth grams per unit of the part (estimate); + ?: the grams of some "
                           "elements are unknown. Score 0–100; tiers: critical from {critical}, high from {high}, "
                           "medium from {medium}."), **_bounds(a)), st.caption))
    return flow


def _bounds(a) -> dict[str, str]:
    tiers = getattr(a.config, "tiers", None) or {"critical": 75.0, "high": 55.0, "medium": 35.0}
    return {k: f"{tiers.get(k, 0):g}" for k in ("critical", "high", "medium")}


__all__ = ["MUTED", "charts_section", "executive_summary", "section", "title_block", "top_risks"]
