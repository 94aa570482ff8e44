"""The briefing's charts as native reportlab drawings: vector (sharp in print), fast, and in the embedded font.

The matplotlib figures in :mod:`desktop.core.report.charts` serve the GUI; these draw the same content for the
PDF. Titles are shortened to the drawing's width, never clipped mid-word by a page edge.
"""
from __future__ import annotations

import datetime as dt
import math

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core.report.charts import (
    GRID,
    INK,
    STAGES,
    STATUS_COLOURS,
    _plottable,
    _range_low,
    stage_share,
    timeline_controls,
)
from desktop.core.report.decision import measure_number
from desktop.core.report.fonts import register_pdf_font
from desktop.core.report.format import (
    STAGE_LABELS,
    STATUS_LABELS,
    TIER_COLOURS,
    TIER_LABELS,
    element_name,
    fmt_date,
    fmt_mass,
    fmt_mass_tick,
    fmt_percent,
    label,
)
from desktop.i18n import N_

ROW = 13.0          # points per bar row
TITLE = 10.0        # title font size
TEXT = 7.0          # label font size
MUTED = colors.HexColor("#607D8B")


def _c(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour if hex_colour.startswith("#") else "#" + hex_colour)


def fit(text: str, width: float, size: float = TEXT) -> str:
    """``text`` shortened with an ellipsis to ``width`` points in the embedded font."""
    font = register_pdf_font()
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _drawing(width: float, height: float) -> Drawing:
    """A Drawing whose initial font is the embedded one (reportlab would otherwise reference Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = register_pdf_font()
    d.initialFontSize = TEXT
    return d


def _string(x: float, y: float, text: str, size: float = TEXT, colour=None, anchor: str = "start") -> String:
    return String(x, y, text, fontName=register_pdf_font(), fontSize=size, fillColor=colour or _c(INK),
                  textAnchor=anchor)


def _title(d: Drawing, text: str, width: float) -> None:
    d.add(_string(0, d.height - TITLE, fit(text, width, TITLE), TITLE, _c("#1F3A5F")))


def _element_label(symbol: str, tr, knowledge) -> str:
    return f"{element_name(symbol, tr, knowledge)} ({symbol})"


def _empty(width: float, tr, title: str) -> Drawing:
    d = _drawing(width, 40)
    _title(d, title, width)
    d.add(_string(0, 8, tr.gettext(N_("No rare earths found")), TEXT, MUTED))
    return d


def grams_by_element(a, tr, knowledge, width: float) -> Drawing:
    """Grams of each element per product (log scale) with the low–high range; dark bars: under export control."""
    title = tr.gettext(N_("Rare-earth grams per product"))
    elements = sorted(a.elements, key=lambda e: -(_plottable(e.grams_total) or 0.0))
    if not elements:
        return _empty(width, tr, title)
    label_w = width * 0.36
    value_w = 52.0
    plot_w = width - label_w - value_w
    height = TITLE + 8 + ROW * len(elements) + 24
    d = _drawing(width, height)
    _title(d, title, width)
    # only values a log scale can show (finite, above zero, not absurd): any other total is drawn as "unknown"
    known = [g for g in (_plottable(e.grams_total) for e in elements) if g]
    highs = [_plottable(e.grams_high_total) or g for e in elements if (g := _plottable(e.grams_total))]
    lo = math.log10(min(known) / 4) if known else -3
    hi = math.log10(max(highs)) if highs else 0
    hi = max(hi, lo + 1)

    def x_of(g: float) -> float:
        return label_w + plot_w * (math.log10(max(g, 10 ** lo)) - lo) / (hi - lo)

    top = height - TITLE - 8
    decades = list(range(math.ceil(lo), math.floor(hi) + 1))
    step = max(1, math.ceil(len(decades) / 4))  # at most four labelled decades, so labels never overlap
    for k in decades[::-1][::step]:
        x = x_of(10.0 ** k)
        d.add(Line(x, 22, x, top, strokeColor=_c(GRID), strokeWidth=0.4))
        d.add(_string(x, 14, fmt_mass_tick(10.0 ** k), 6, MUTED, "middle"))
    for i, e in enumerate(elements):
        y = top - (i + 1) * ROW + 3
        d.add(_string(0, y + 2, fit(_element_label(e.symbol, tr, knowledge), label_w - 4)))
        g = _plottable(e.grams_total)
        if g:
            d.add(Rect(label_w, y, max(0.5, x_of(g) - label_w), ROW * 0.6,
                       fillColor=_c("#37474F" if e.controls else "#78909C"), strokeColor=None))
            low, high = _range_low(e.grams_low_total), _plottable(e.grams_high_total)
            if low is not None and high is not None:
                d.add(Line(x_of(low), y + ROW * 0.3, x_of(high), y + ROW * 0.3,
                           strokeColor=_c("#B0BEC5"), strokeWidth=1.2))
            text = fmt_mass(g) + (" + ?" if e.parts_unquantified else "")
            d.add(_string(x_of(max(g, high or g)) + 3, y + 2, text))
        else:
            d.add(_string(label_w + 2, y + 2, tr.ngettext(N_("grams unknown ({n} part)"), N_("grams unknown ({n} parts)"),
                                                     e.parts_unquantified).format(n=e.parts_unquantified), TEXT, _c("#B71C1C")))
    notes = [tr.gettext(N_("per product unit (log scale)")), tr.gettext(N_("dark bars: under export control"))]
    d.add(_string(0, 2, fit(" · ".join(notes), width, 6), 6, MUTED))
    return d


def risk_by_element(a, tr, knowledge, width: float) -> Drawing:
    """Each element's risk score (0–100), coloured by tier, with dotted tier bounds."""
    title = tr.gettext(N_("Supply risk by element"))
    elements = sorted(a.elements, key=lambda e: -e.score)
    if not elements:
        return _empty(width, tr, title)
    label_w = width * 0.36
    value_w = 58.0
    plot_w = width - label_w - value_w
    height = TITLE + 8 + ROW * len(elements) + 24
    d = _drawing(width, height)
    _title(d, title, width)
    top = height - TITLE - 8

    def x_of(v: float) -> float:
        return label_w + plot_w * max(0.0, min(v, 100.0)) / 100.0

    tiers = dict(getattr(a.config, "tiers", None) or {"critical": 75.0, "high": 55.0, "medium": 35.0})
    for tier, bound in tiers.items():
        if 0 < bound < 100:
            d.add(Line(x_of(bound), 22, x_of(bound), top, strokeColor=_c(TIER_COLOURS.get(tier, "9E9E9E")),
                       strokeWidth=0.6, strokeDashArray=[1, 1.5]))
    for v in (0, 25, 50, 75, 100):
        d.add(_string(x_of(v), 14, str(v), 6, MUTED, "middle"))
    for i, e in enumerate(elements):
        y = top - (i + 1) * ROW + 3
        d.add(_string(0, y + 2, fit(_element_label(e.symbol, tr, knowledge), label_w - 4)))
        d.add(Rect(label_w, y, max(0.5, x_of(e.score) - label_w), ROW * 0.6,
                   fillColor=_c(TIER_COLOURS.get(e.tier, "9E9E9E")), strokeColor=None))
        d.add(_string(x_of(e.score) + 3, y + 2, fit(f"{e.score:.0f} {label(TIER_LABELS, e.tier, tr)}", value_w)))
    d.add(_string(0, 2, fit(tr.gettext(N_("risk score (0–100); dotted lines = tier bounds")), width, 6), 6, MUTED))
    return d


def china_share_by_stage(a, knowledge, tr, width: float) -> Drawing:
    """Elements × stages, China's share in each cell; hatched-looking (pale, starred) where only an all-REE
    default exists; "n/a" where no source gives a figure."""
    title = tr.gettext(N_("China's share by supply-chain stage"))
    symbols = [e.symbol for e in a.elements]
    if not symbols:
        return _empty(width, tr, title)
    label_w = width * 0.28
    cell_w = (width - label_w) / len(STAGES)
    height = TITLE + 8 + 12 + ROW * 1.3 * len(symbols) + 12
    d = _drawing(width, height)
    _title(d, title, width)
    top = height - TITLE - 8
    for col, stage in enumerate(STAGES):
        d.add(_string(label_w + cell_w * (col + 0.5), top - 9, fit(label(STAGE_LABELS, stage, tr, capital=True), cell_w),
                      TEXT, MUTED, "middle"))
    top -= 12
    any_fallback = False
    h = ROW * 1.3
    for row, sym in enumerate(symbols):
        y = top - (row + 1) * h
        d.add(_string(0, y + h / 2 - 2.5, fit(_element_label(sym, tr, knowledge), label_w - 4)))
        for col, stage in enumerate(STAGES):
            x = label_w + col * cell_w
            value, fallback = stage_share(sym, stage, knowledge)
            if value is None:
                d.add(Rect(x + 1, y + 1, cell_w - 2, h - 2, fillColor=_c("#ECEFF1"), strokeColor=None))
                d.add(_string(x + cell_w / 2, y + h / 2 - 2.5, tr.gettext(N_("n/a")), TEXT, _c("#90A4AE"), "middle"))
                continue
            any_fallback |= fallback
            shade = 0.15 + 0.75 * value
            base = colors.Color(1 - 0.3 * shade, 1 - 0.85 * shade, 1 - 0.85 * shade)
            fill = colors.Color(1 - (1 - base.red) * 0.45, 1 - (1 - base.green) * 0.45,
                                1 - (1 - base.blue) * 0.45) if fallback else base
            d.add(Rect(x + 1, y + 1, cell_w - 2, h - 2, fillColor=fill, strokeColor=None))
            dark = value > 0.6 and not fallback
            d.add(_string(x + cell_w / 2, y + h / 2 - 2.5, fmt_percent(value) + ("*" if fallback else ""), 7.5,
                          colors.white if dark else _c(INK), "middle"))
    if any_fallback:
        d.add(_string(0, 2, fit(tr.gettext(N_("* pale: all-rare-earth default; no element-specific figure found")),
                                width, 6), 6, MUTED))
    return d


def controls_timeline(a, knowledge, tr, width: float) -> Drawing:
    """Measures from announcement to end; pale: suspended; dashed outline: after the recorded end of a suspension
    beyond the knowledge base's date (what followed is unknown)."""
    title = tr.gettext(N_("Chinese rare-earth export controls over time"))
    controls = timeline_controls(a, knowledge)
    if not controls:
        d = _drawing(width, 40)
        _title(d, title, width)
        d.add(_string(0, 8, tr.gettext(N_("No rare-earth measures in the knowledge base")), TEXT, MUTED))
        return d
    kb_as_of = knowledge.as_of
    starts = [c.announced or c.effective for c in controls]
    left = min(s for s in starts if s) - dt.timedelta(days=45)
    latest = max([a.as_of, kb_as_of] + [c.suspended_until or c.ended or left for c in controls])
    right = latest + dt.timedelta(days=120)
    label_w = width * 0.34
    plot_w = width - label_w
    row_h = ROW * 1.7
    legend_h = 14
    height = TITLE + 8 + row_h * len(controls) + 40 + legend_h
    d = _drawing(width, height)
    _title(d, title, width)
    top = height - TITLE - 8
    span = (right - left).days or 1

    def x_of(day: dt.date) -> float:
        return label_w + plot_w * (day - left).days / span

    def bar(y: float, start: dt.date, end: dt.date, fill, dashed: bool = False) -> None:
        if end > start:
            d.add(Rect(x_of(start), y, x_of(end) - x_of(start), row_h * 0.55,
                       fillColor=fill if not dashed else colors.white,
                       strokeColor=_c(STATUS_COLOURS["in_force"]) if dashed else None,
                       strokeWidth=0.8, strokeDashArray=[2, 1.5] if dashed else None))

    axis_y = top - row_h * len(controls) - 4
    step = 2 if span / 365.25 > 8 else 1
    for year in range(left.year + 1, right.year + 1):
        if (year - left.year) % step:
            continue
        x = x_of(dt.date(year, 1, 1))
        d.add(Line(x, axis_y, x, top, strokeColor=_c(GRID), strokeWidth=0.4))
        d.add(_string(x, axis_y - 8, f"{year}年" if tr.lang == "ja" else str(year), 6, MUTED, "middle"))
    for i, c in enumerate(controls):
        y = top - (i + 1) * row_h + row_h * 0.2
        elems = tr.gettext(N_("all REE")) if c.all_elements else ", ".join(c.elements[:4]) + (
            "…" if len(c.elements) > 4 else "")
        authority = c.authority_ja if tr.lang == "ja" and c.authority_ja else c.authority
        d.add(_string(0, y + row_h * 0.35, fit(f"{measure_number(c, tr.lang)} {authority}", label_w - 4)))
        if elems:
            d.add(_string(0, y - 2, fit(elems, label_w - 4, 6), 6, MUTED))
        end = min(c.ended or right, right)
        start = c.effective or c.announced
        if c.announced and c.effective and c.effective > c.announced:
            bar(y, c.announced, min(c.effective, end), _c(STATUS_COLOURS["scheduled"]))
        if c.suspended_from and c.suspended_from < end:
            if start and c.suspended_from > start:
                bar(y, start, c.suspended_from, _c(STATUS_COLOURS["in_force"]))
            sus_end = min(c.suspended_until or end, end)
            bar(y, c.suspended_from, sus_end, _c(STATUS_COLOURS["suspended"]))
            if c.suspended_until and c.suspended_until < end:
                if kb_as_of < c.suspended_until:
                    bar(y, c.suspended_until, end, None, dashed=True)
                else:
                    bar(y, c.suspended_until, end, _c(STATUS_COLOURS["in_force"]))
        elif start:
            bar(y, start, end, _c(STATUS_COLOURS["in_force"]))
    for day, colour, text, ty in ((a.as_of, "#1565C0", N_("As of {date}"), axis_y - 18),
                                  (kb_as_of, "#607D8B", N_("Knowledge base as of {date}"), axis_y - 27)):
        x = x_of(day)
        d.add(Line(x, axis_y, x, top, strokeColor=_c(colour), strokeWidth=1.0,
                   strokeDashArray=None if colour == "#1565C0" else [3, 2]))
        d.add(_string(x, ty, tr.gettext(text).format(date=fmt_date(day, tr.lang)), 6.5, _c(colour),
                      "end" if x > width * 0.6 else "start"))
    x = label_w
    for status, fill, dashed in (("in_force", STATUS_COLOURS["in_force"], False),
                                 ("scheduled", STATUS_COLOURS["scheduled"], False),
                                 ("suspended", STATUS_COLOURS["suspended"], False),
                                 ("unknown_after_suspension", None, True)):
        d.add(Rect(x, 2, 10, 6, fillColor=_c(fill) if fill else colors.white,
                   strokeColor=_c(STATUS_COLOURS["in_force"]) if dashed else None, strokeWidth=0.8,
                   strokeDashArray=[2, 1.5] if dashed else None))
        text = label(STATUS_LABELS, status, tr, capital=True)
        d.add(_string(x + 13, 2.5, text, 6.5))
        x += 13 + stringWidth(text, register_pdf_font(), 6.5) + 12
    return d
