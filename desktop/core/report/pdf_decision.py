"""Page one of the briefing: the decision (bottom line, three decisions, top five with reasons, sensitivity)."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from desktop.core.report.decision import Line, PageOne, alternative_scenario, page_one
from desktop.core.report.format import element_name, fmt_mass, fmt_number, join_list
from desktop.core.report.pdf_styles import (
    ALERT_BG,
    ALERT_RULE,
    NAVY,
    RULE,
    TS,
    Ctx,
    P,
    data_table,
    tier_colour,
)
from desktop.core.types import POST_SUSPENSION
from desktop.i18n import N_, plural_count


def render(line: Line | None, ctx: Ctx) -> str:
    """Translate a :class:`Line`, resolving its typed parameters (element lists, supply ids, masses …)."""
    if line is None:
        return ""
    kb = ctx.knowledge

    def _join(items) -> str:
        return join_list(items, ctx.lang)

    def resolve(value):
        if isinstance(value, Line):
            return render(value, ctx)
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            kind, items = value
            if kind == "elements":
                return _join(element_name(s, ctx.tr, kb) for s in items)
            if kind == "list":
                return _join(str(x) for x in items)
            if kind == "supply":
                return _join(supply_name(ctx, sid) for sid in items)
            if kind == "masses":
                return _join(f"{element_name(s, ctx.tr, kb)} {m}" for s, m in items)
            if kind == "prices":
                return _join(ctx.t(N_("{element} US${value} (US${price}/kg)"), element=element_name(s, ctx.tr, kb),
                                   value=v, price=p) for s, v, p, _y in items)
            if kind == "classes":
                return _join(class_name(ctx, c) for c in items)
            if kind == "country":
                c = getattr(kb, "countries", {}).get(items)
                return (c.name_ja if ctx.lang == "ja" else c.name_en) if c is not None else str(items)
        return value

    params = {k: resolve(v) for k, v in line.params.items() if k != "sources"}
    text = (ctx.tn(line.msgid, line.plural, plural_count(line.params.get(line.count, "")), **params)
            if line.plural else ctx.t(line.msgid, **params))
    if "sources" in line.params:
        cite = ctx.cite(line.params["sources"])
        text += (" " + cite) if cite else ""
    return text


def supply_name(ctx: Ctx, sid: str) -> str:
    for o in getattr(ctx.knowledge, "supply_options", ()) or ():
        if o.id == sid:
            return (getattr(o, "name_ja", "") or o.name) if ctx.lang == "ja" else o.name
    return sid


def class_name(ctx: Ctx, cid: str) -> str:
    c = (getattr(ctx.knowledge, "classes", {}) or {}).get(cid)
    if c is None:
        return cid
    return c.name_ja if ctx.lang == "ja" and c.name_ja else c.name_en


def compute(ctx: Ctx) -> PageOne:
    """The page-one reading, with the alternative scoring for the sensitivity line."""
    a = ctx.assessment
    alt = None
    scenario = alternative_scenario(a)
    if scenario is not None:
        from desktop.core.scoring import score

        alt = score(a.mapped, ctx.knowledge, a.as_of, scenario=scenario, config=a.config)
    return page_one(a, ctx.knowledge, ctx.options, ctx.lang, alt)


def decision_page(ctx: Ctx) -> list:
    """Flowables of page one after the title block."""
    from desktop.core.report.fonts import pdf_markup
    from desktop.core.report.pdf_front import section

    st, a = ctx.st, ctx.assessment
    one = compute(ctx)
    flow = section(ctx, 1, N_("Decision"), "decision")
    cell = [P(render(one.bottom_line, ctx), st.lead)]
    if one.unknown is not None:
        cell.append(P(render(one.unknown, ctx), st.body))
    bottom = Table([[cell]], colWidths=[ctx.width])
    bottom.setStyle(TS([("LINEBEFORE", (0, 0), (0, -1), 4, tier_colour(a.summary.tier)),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 3),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    flow += [bottom, Spacer(1, 2 * mm)]
    post = [m for m in a.warnings if m.kind == POST_SUSPENSION]
    if post:  # the post-suspension warning: once here, once in the regulatory section
        note = Table([[P(post[0].render(ctx.tr), st.tiny)]], colWidths=[ctx.width])
        note.setStyle(TS([("BACKGROUND", (0, 0), (-1, -1), ALERT_BG), ("LINEBEFORE", (0, 0), (0, -1), 3, ALERT_RULE),
                          ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
        flow += [note, Spacer(1, 1 * mm)]
    if one.decisions:
        w = ctx.width
        rows = [[str(n), render(d.title, ctx), render(d.owner, ctx), render(d.deadline, ctx),
                 render(d.implication, ctx)] for n, d in enumerate(one.decisions, start=1)]
        heading = N_("Three decisions") if len(one.decisions) == 3 else N_("Decisions to take")
        flow += [P(ctx.t(heading), st.h3),
                 data_table(["#", ctx.t(N_("Decision")), ctx.t(N_("Owner")), ctx.t(N_("Deadline")),
                             ctx.t(N_("Cost or stock implication"))], rows,
                            [0.04 * w, 0.33 * w, 0.13 * w, 0.20 * w, 0.30 * w], st)]
    if one.top:
        w = ctx.width
        rows = [[str(n), t.part_number, t.description, render(t.reason, ctx)] for n, t in enumerate(one.top, 1)]
        flow += [P(ctx.t(N_("Top five parts and why")), st.h3),
                 data_table(["#", ctx.t(N_("Part number")), ctx.t(N_("Description")), ctx.t(N_("Why"))], rows,
                            [0.04 * w, 0.16 * w, 0.32 * w, 0.48 * w], st)]
    if one.sensitivity is not None:
        flow.append(Paragraph(pdf_markup(render(one.sensitivity, ctx)), st.body))
    if one.quantities:
        block = []
        items = []
        for sym, grams, kg in one.quantities[:5]:
            text = f"{element_name(sym, ctx.tr, ctx.knowledge)} {fmt_mass(grams)}"
            if kg is not None:
                text += ctx.t(N_(" ({kg} per year)"), kg=fmt_mass(kg * 1000))
            items.append(text)
        sentence = ctx.t(N_("Quantities per product: {items}."), items=("、" if ctx.lang == "ja" else "; ").join(items))
        if one.cover_weeks is not None:
            sentence += " " + ctx.t(N_("Stock on hand covers {weeks} weeks of production."),
                                    weeks=fmt_number(one.cover_weeks, 1))
        block.append(P(sentence, st.small))
        if one.needs is not None:
            block.append(P(render(one.needs, ctx), st.tiny))
        flow.append(KeepTogether([Spacer(1, 1.5 * mm)] + block))
    return flow


__all__ = ["NAVY", "RULE", "decision_page", "render"]
