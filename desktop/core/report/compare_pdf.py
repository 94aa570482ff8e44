"""The "What changed since the last briefing" page: a comparison (desktop/core/compare.py) as a short PDF.

One page in the common case: the overall change, the measures whose status changed, the elements whose grams or
score changed, and every part added, removed or changed with the reason. Same fonts, styles, header and footer
as the briefing, so it can be read (or printed) beside it.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from desktop.i18n import N_, translation_for

TITLE = N_("What changed since the last briefing")


def build_comparison_pdf(cmp: Any, path: str | Path, lang: str = "en", confidentiality: str | None = None) -> Path:
    """Write the comparison ``cmp`` (a :class:`desktop.core.compare.Comparison`) to ``path`` atomically.

    Raises:
        ReportError: the page cannot be laid out.
        OutputError: the file cannot be written.
    """
    from reportlab.platypus import Spacer
    from reportlab.platypus.doctemplate import LayoutError

    from desktop.core.compare import STATUS_LABELS, comparison_lines
    from desktop.core.errors import ReportError
    from desktop.core.report.fonts import set_marker_language
    from desktop.core.report.format import TIER_LABELS, fmt_date, fmt_mass, fmt_score, label
    from desktop.core.report.pdf import _check_folder, write_atomically
    from desktop.core.report.pdf_doc import make_doc, numbered_canvas
    from desktop.core.report.pdf_styles import P, data_table, make_styles
    from desktop.core.types import Message

    target = Path(path)
    _check_folder(target)
    tr = translation_for(lang)
    set_marker_language(lang)
    st = make_styles(lang)
    title = tr.gettext(TITLE)
    buffer = io.BytesIO()
    doc = make_doc(buffer, title=title, author="", subject=title, keywords="rare earths, comparison, reerisk",
                   lang=lang)
    w = doc.width

    def side(s: Any) -> str:
        return tr.gettext(N_("{source}, as of {date}")).format(source=Path(str(s.get("source") or "-")).name,
                                                              date=fmt_date(s.get("as_of"), lang))

    def tier(t: Any) -> str:
        return label(TIER_LABELS, t, tr) if t else "–"

    def status(s: Any) -> str:
        return Message(STATUS_LABELS[s]).render(tr) if s in STATUS_LABELS else "–"

    def delta(a: Any, b: Any, fmt: Any) -> str:
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            d = b - a
            return ("+" if d > 0 else "") + fmt(d) if d else "0"
        return "–"

    story: list = [P(title, st.title),
                   P(tr.gettext(N_("Before: {old}. Now: {new}.")).format(old=side(cmp.old), new=side(cmp.new)),
                     st.subtitle),
                   P(comparison_lines(cmp, tr, limit=0)[0], st.lead), Spacer(1, 6)]
    if cmp.controls:
        story.append(P(tr.gettext(N_("Measures whose status changed")), st.h2))
        rows = [[c.label.render(tr), ", ".join(c.elements), status(c.status[0]), status(c.status[1])]
                for c in cmp.controls]
        story.append(data_table([tr.gettext(N_("Measure")), tr.gettext(N_("Elements")), tr.gettext(N_("Before")),
                                 tr.gettext(N_("Now"))], rows, [0.22 * w, 0.38 * w, 0.2 * w, 0.2 * w], st))
    if cmp.elements:
        story.append(P(tr.gettext(N_("Elements")), st.h2))
        rows = [[e.symbol, fmt_mass(e.grams[0]), fmt_mass(e.grams[1]), delta(e.grams[0], e.grams[1], fmt_mass),
                 f"{fmt_score(e.score[0])} → {fmt_score(e.score[1])}", f"{tier(e.tier[0])} → {tier(e.tier[1])}"]
                for e in cmp.elements]
        story.append(data_table([tr.gettext(N_("Element")), tr.gettext(N_("Grams per product before")),
                                 tr.gettext(N_("Grams per product now")), tr.gettext(N_("Change")),
                                 tr.gettext(N_("Score")), tr.gettext(N_("Tier"))], rows,
                                [0.1 * w, 0.17 * w, 0.17 * w, 0.14 * w, 0.18 * w, 0.24 * w], st))
    story.append(P(tr.gettext(N_("Parts that changed")), st.h2))
    if not cmp.parts:
        story.append(P(tr.gettext(N_("No part changed.")), st.body))
    else:
        kinds = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
        rows = [[Message(kinds[p.status]).render(tr), " / ".join(x for x in (p.part_number, p.mpn) if x) or "–",
                 p.description or "", f"{tier(p.tier[0])} → {tier(p.tier[1])}", delta(p.score[0], p.score[1], fmt_score),
                 "; ".join(r.render(tr) for r in p.reasons)] for p in cmp.parts]
        story.append(data_table([tr.gettext(N_("Change")), tr.gettext(N_("Part")), tr.gettext(N_("Description")),
                                 tr.gettext(N_("Tier")), tr.gettext(N_("Score change")), tr.gettext(N_("Why"))],
                                rows, [0.08 * w, 0.13 * w, 0.2 * w, 0.15 * w, 0.09 * w, 0.35 * w], st))
    canvas = numbered_canvas(page_label=tr.gettext(N_("Page {page} of {pages}")), header_left=title,
                             header_right=confidentiality or tr.gettext(N_("Confidential")),
                             footer_left="reerisk")
    try:
        doc.build(story, canvasmaker=canvas)
    except LayoutError as exc:
        raise ReportError(N_("The briefing could not be laid out: {reason}"), {"reason": str(exc)[:200]},
                          detail=repr(exc)) from exc
    write_atomically(target, buffer.getvalue())
    return target
