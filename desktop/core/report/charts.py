"""The briefing's charts as standalone matplotlib Figures (never pyplot), shared by the PDF and the GUI.

Each builder returns a :class:`matplotlib.figure.Figure`; :func:`figure_png` renders one to PNG bytes with the Agg
canvas. All text uses the bundled IPAex Gothic font so Japanese renders without tofu.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from desktop.core.report.fonts import chart_font_family
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
from desktop.i18n import N_, Translator

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from desktop.core.knowledge.model import Control, Knowledge
    from desktop.core.types import Assessment

STAGES: tuple[str, ...] = ("mining", "refining", "metal", "magnet")
#: Control kinds drawn on the timeline (suspensions appear as shading on the measures they suspend).
TIMELINE_KINDS = ("export_licence", "extraterritorial", "technology", "equipment", "informal_halt", "quota")
INK = "#263238"
GRID = "#CFD8DC"
STATUS_COLOURS = {"in_force": "#C62828", "scheduled": "#F9A825", "suspended": "#90A4AE",
                  "unknown_after_suspension": "#FFFFFF"}


def figure_png(fig: Figure, dpi: int = 200) -> bytes:
    """Render ``fig`` to PNG bytes with the Agg canvas (no GUI, no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


@contextmanager
def _style() -> Iterator[str]:
    import matplotlib

    family = chart_font_family()
    rc: dict[Any, Any] = {"font.family": [family, "DejaVu Sans"], "font.size": 8.5, "axes.unicode_minus": False,
          "axes.edgecolor": "#90A4AE", "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
          "axes.titlesize": 10, "axes.titleweight": "normal", "axes.titlelocation": "left"}
    with matplotlib.rc_context(rc):
        yield family


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _finish(fig: Figure, family: str) -> Figure:
    """Pin the font on every text and on future tick labels (the GUI may redraw outside our rc context)."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_fontfamily([family, "DejaVu Sans"])
    for ax in fig.axes:
        ax.tick_params(labelfontfamily=family)
    return fig


def _empty(ax, tr: Translator, text: str) -> None:
    ax.text(0.5, 0.5, tr.gettext(text), ha="center", va="center", transform=ax.transAxes, color="#607D8B")
    ax.set_xticks([])
    ax.set_yticks([])


def _element_label(symbol: str, tr: Translator, knowledge: Knowledge | None = None) -> str:
    return f"{element_name(symbol, tr, knowledge)} ({symbol})"


def grams_by_element(assessment: Assessment, tr: Translator, width: float = 3.4) -> Figure:
    """Horizontal bars: grams of each element per product unit (log scale), with the low–high range.

    Elements whose grams are unknown in some parts are flagged; an element with no quantified part gets a note
    instead of a bar (it is never drawn as zero).
    """
    from matplotlib.ticker import NullLocator

    elements = sorted(assessment.elements, key=lambda e: -(_plottable(e.grams_total) or 0.0))
    with _style() as family:
        fig = _new_figure(width, 0.9 + 0.27 * max(1, len(elements)))
        ax = fig.add_subplot()
        ax.set_title(tr.gettext(N_("Rare-earth grams per product")), color=INK)
        if not elements:
            _empty(ax, tr, N_("No rare earths found"))
            return _finish(fig, family)
        ys = list(range(len(elements)))[::-1]
        known = [g for g in (_plottable(e.grams_total) for e in elements) if g]
        lo_lim = min(known) / 4 if known else 1e-3
        hi_lim = max((_plottable(e.grams_high_total) or _plottable(e.grams_total) or 0) for e in elements) \
            if known else 1.0
        hi_lim = max(hi_lim, lo_lim * 10)
        ax.set_xscale("log")
        ax.set_xlim(lo_lim, hi_lim * 3000)
        for y, e in zip(ys, elements, strict=True):
            g = _plottable(e.grams_total)
            low, high = _range_low(e.grams_low_total), _plottable(e.grams_high_total)
            if g:
                ax.barh(y, g, left=lo_lim, height=0.6, color="#37474F" if e.controls else "#78909C")
                if low is not None and high is not None:
                    ax.plot([max(low, lo_lim), high], [y, y], color="#B0BEC5", lw=1.2,
                            solid_capstyle="butt", zorder=1)
                text = fmt_mass(g)
                if e.parts_unquantified:
                    text += " + ?"
                ax.text(max(g, high or g) * 1.15, y, text, va="center", fontsize=7.5, color=INK)
            elif e.grams_total is not None:  # zero, negative, infinite or absurd: said, never drawn
                ax.text(lo_lim * 1.2, y, tr.gettext(N_("grams out of range ({grams})")).format(grams=e.grams_total),
                        va="center", fontsize=7.5, color="#B71C1C")
            else:
                ax.text(lo_lim * 1.2, y, tr.ngettext(N_("grams unknown ({n} part)"), N_("grams unknown ({n} parts)"),
                                                      e.parts_unquantified).format(n=e.parts_unquantified),
                        va="center", fontsize=7.5, color="#B71C1C")
        ax.set_yticks(ys, [_element_label(e.symbol, tr) for e in elements])
        notes = [tr.gettext(N_("per product unit (log scale)")), tr.gettext(N_("dark bars: under export control"))]
        if any(e.parts_unquantified for e in elements):
            notes.append(tr.gettext(N_("+ ?: some parts have unknown grams")))
        ax.set_xlabel("\n".join(notes), fontsize=7)
        ax.xaxis.set_major_locator(_log_locator(lo_lim, hi_lim * 3000))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(_mass_formatter())
        ax.grid(axis="x", color=GRID, lw=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _finish(fig, family)


#: Largest grams per product the grams chart draws (a million tonnes); larger values are data errors.
MAX_PLOTTED_GRAMS = 1e12


def _plottable(value: float | None) -> float | None:
    """``value`` if a log-scale bar can show it (finite, above zero, not absurd); otherwise None."""
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value) if 0 < value <= MAX_PLOTTED_GRAMS else None


def _range_low(value: float | None) -> float | None:
    """The low end of a grams range as a range line can start it: a low end of zero ("some parts may hold
    none") starts the line at the axis, where a plain :func:`_plottable` would drop the whole range line."""
    if isinstance(value, (int, float)) and value == 0:
        return 0.0
    return _plottable(value)


def _log_locator(low: float, high: float):
    """At most four decade ticks between ``low`` and ``high``."""
    from matplotlib.ticker import FixedLocator

    if not (math.isfinite(low) and math.isfinite(high) and 0 < low < high):
        return FixedLocator([])
    a, b = math.ceil(math.log10(low)), math.floor(math.log10(high))
    step = max(1, math.ceil((b - a + 1) / 4))
    return FixedLocator([10.0 ** k for k in range(a, b + 1, step)])


def _mass_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: fmt_mass_tick(x) if x > 0 else "")


def risk_by_element(assessment: Assessment, tr: Translator, width: float = 3.4) -> Figure:
    """Horizontal bars: each element's risk score (0–100) coloured by tier, with the tier bounds."""
    elements = sorted(assessment.elements, key=lambda e: -e.score if math.isfinite(e.score) else 0.0)
    with _style() as family:
        fig = _new_figure(width, 0.9 + 0.27 * max(1, len(elements)))
        ax = fig.add_subplot()
        ax.set_title(tr.gettext(N_("Supply risk by element")), color=INK)
        if not elements:
            _empty(ax, tr, N_("No rare earths found"))
            return _finish(fig, family)
        ys = list(range(len(elements)))[::-1]
        for y, e in zip(ys, elements, strict=True):
            # A score is 0–100 by construction; the bar is clamped so that no value can break the drawing.
            shown = min(100.0, max(0.0, e.score)) if math.isfinite(e.score) else 0.0
            ax.barh(y, shown, height=0.6, color="#" + TIER_COLOURS.get(e.tier, "9E9E9E"))
            ax.text(shown + 1.5, y, f"{e.score:.0f}  {label(TIER_LABELS, e.tier, tr)}", va="center",
                    fontsize=7.5, color=INK)
        bounds = _tier_bounds(assessment)
        for tier, bound in bounds.items():
            if 0 < bound < 100:
                ax.axvline(bound, color="#" + TIER_COLOURS[tier], lw=0.7, ls=":", zorder=0)
        ax.set_xlim(0, 128)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_yticks(ys, [_element_label(e.symbol, tr) for e in elements])
        ax.set_xlabel(tr.gettext(N_("risk score (0–100); dotted lines = tier bounds")), fontsize=7.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _finish(fig, family)


def _tier_bounds(assessment: Assessment) -> dict[str, float]:
    tiers = getattr(assessment.config, "tiers", None)
    if tiers:
        return dict(tiers)
    return {"critical": 75.0, "high": 55.0, "medium": 35.0, "low": 0.0}


def stage_share(symbol: str, stage: str, knowledge: Knowledge) -> tuple[float | None, bool]:
    """China's share of ``stage`` for an element: (value, is_fallback). Fallback = ``stage_defaults``."""
    element = knowledge.elements.get(symbol)
    fig = element.china_share.get(stage) if element is not None else None
    if fig is not None and fig.value is not None:
        return fig.value, not fig.element_specific
    default = knowledge.stage_defaults.get(stage)
    if stage == "magnet":  # the default is the NdFeB magnet-making share: no figure for other elements' magnets
        return None, False
    if default is not None and default.value is not None:
        return default.value, True
    return None, False


def china_share_by_stage(assessment: Assessment, knowledge: Knowledge, tr: Translator,
                         width: float = 6.7) -> Figure:
    """Heat map: elements found × stages (mining, refining, metal, magnet), China's share in each cell.

    Cells taken from the all-REE defaults (no element-specific figure) are hatched and starred; cells with no
    figure at all say "n/a".
    """
    from matplotlib.patches import Rectangle

    symbols = [e.symbol for e in assessment.elements]
    with _style() as family:
        fig = _new_figure(width, 1.1 + 0.26 * max(1, len(symbols)))
        ax = fig.add_subplot()
        ax.set_title(tr.gettext(N_("China's share by supply-chain stage")), color=INK)
        if not symbols:
            _empty(ax, tr, N_("No rare earths found"))
            return _finish(fig, family)
        from matplotlib import colormaps

        cmap = colormaps["Reds"]
        n = len(symbols)
        any_fallback = False
        for row, sym in enumerate(symbols):
            y = n - 1 - row
            for col, stage in enumerate(STAGES):
                value, fallback = stage_share(sym, stage, knowledge)
                if value is None:
                    ax.add_patch(Rectangle((col, y), 1, 1, facecolor="#ECEFF1", edgecolor="white", lw=1.5))
                    ax.text(col + 0.5, y + 0.5, tr.gettext(N_("n/a")), ha="center", va="center", fontsize=7.5,
                            color="#90A4AE")
                    continue
                colour = cmap(0.15 + 0.75 * value)
                ax.add_patch(Rectangle((col, y), 1, 1, facecolor=colour, edgecolor="white", lw=1.5,
                                       alpha=0.45 if fallback else 1.0, hatch="////" if fallback else None))
                any_fallback |= fallback
                dark = value > 0.6 and not fallback
                ax.text(col + 0.5, y + 0.5, fmt_percent(value) + ("*" if fallback else ""), ha="center",
                        va="center", fontsize=8, color="white" if dark else INK)
        ax.set_xlim(0, len(STAGES))
        ax.set_ylim(0, n)
        ax.set_xticks([i + 0.5 for i in range(len(STAGES))], [label(STAGE_LABELS, s, tr, capital=True) for s in STAGES])
        ax.xaxis.tick_top()
        ax.set_yticks([n - 1 - i + 0.5 for i in range(n)], [_element_label(s, tr, knowledge) for s in symbols])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if any_fallback:
            ax.set_xlabel(tr.gettext(N_("* hatched: all-rare-earth default; no element-specific figure found")),
                          fontsize=7, color="#607D8B")
        return _finish(fig, family)


TIMELINE_HISTORY_YEARS = 5


def timeline_controls(assessment: Assessment, knowledge: Knowledge) -> list[Control]:
    """The rare-earth measures drawn on the timeline, earliest first."""
    wanted = {cs.control_id for cs in assessment.control_status}
    # Measures that ended long before the as-of date (the 2010 halt, the 2009–2014 quotas) are history: they
    # would stretch the axis over 15 years and squeeze the measures that matter now.
    horizon = assessment.as_of - dt.timedelta(days=365 * TIMELINE_HISTORY_YEARS)
    out = []
    for c in knowledge.controls:
        if c.ended is not None and c.ended < horizon:
            continue
        if c.kind in TIMELINE_KINDS and (c.elements or c.id in wanted) and (c.announced or c.effective):
            out.append(c)
    return sorted(out, key=lambda c: (c.effective or c.announced or dt.date.max, c.number))


def controls_timeline(assessment: Assessment, knowledge: Knowledge, tr: Translator, width: float = 6.7) -> Figure:
    """Gantt chart of the REE export-control measures, with suspensions, the as-of date and the KB date.

    After a recorded suspension end that lies beyond the knowledge base's as-of date the bar is drawn open
    (outlined, "unknown"), because what followed is not known.
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    controls = timeline_controls(assessment, knowledge)
    kb_as_of = knowledge.as_of
    with _style() as family:
        fig = _new_figure(width, 1.5 + 0.32 * max(1, len(controls)))
        ax = fig.add_subplot()
        ax.set_title(tr.gettext(N_("Chinese rare-earth export controls over time")), color=INK)
        if not controls:
            _empty(ax, tr, N_("No rare-earth measures in the knowledge base"))
            return _finish(fig, family)
        starts = [c.announced or c.effective for c in controls]
        left = min(d for d in starts if d) - dt.timedelta(days=45)
        latest = max([assessment.as_of, kb_as_of] + [c.suspended_until or c.ended or left for c in controls])
        right = latest + dt.timedelta(days=120)

        def bar(y: float, a: dt.date, b: dt.date, **kw) -> None:
            if b > a:
                ax.barh(y, mdates.date2num(b) - mdates.date2num(a), left=mdates.date2num(a), height=0.55, **kw)

        n = len(controls)
        for i, c in enumerate(controls):
            y = n - 1 - i
            end = min(c.ended or right, right)
            if c.announced and c.effective and c.effective > c.announced:
                bar(y, c.announced, min(c.effective, end), color=STATUS_COLOURS["scheduled"])
            start = c.effective or c.announced
            sus_from, sus_until = c.suspended_from, c.suspended_until
            if sus_from and sus_from < end:
                if start and sus_from > start:
                    bar(y, start, sus_from, color=STATUS_COLOURS["in_force"])
                elif c.announced and c.effective and sus_from < c.effective:
                    pass  # suspended before it took effect: the scheduled bar stops at the suspension below
                sus_end = min(sus_until or end, end)
                bar(y, sus_from, sus_end, color=STATUS_COLOURS["suspended"], hatch="////", edgecolor="white", lw=0)
                if sus_until and sus_until < end:
                    if kb_as_of < sus_until:
                        bar(y, sus_until, end, facecolor="white", edgecolor=STATUS_COLOURS["in_force"],
                            hatch="..", lw=0.8, ls="--")
                    else:
                        bar(y, sus_until, end, color=STATUS_COLOURS["in_force"])
            elif start:
                bar(y, start, end, color=STATUS_COLOURS["in_force"])
        ax.set_xlim(mdates.date2num(left), mdates.date2num(right))
        ax.set_ylim(-1.7, n - 0.4)
        ax.set_yticks(list(range(n))[::-1], [_control_label(c, tr) for c in controls])
        for d, colour, style, text, y_text in (
            (assessment.as_of, "#1565C0", "-", tr.gettext(N_("As of {date}")), -1.0),
            (kb_as_of, "#607D8B", "--", tr.gettext(N_("Knowledge base as of {date}")), -1.45),
        ):
            x = mdates.date2num(d)
            ax.axvline(x, color=colour, ls=style, lw=1.1)
            ax.text(x, y_text, " " + text.format(date=fmt_date(d, tr.lang)) + " ", color=colour, fontsize=7,
                    ha="right", va="center", bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
        span_years = (right - left).days / 365.25
        ax.xaxis.set_major_locator(mdates.YearLocator(2 if span_years > 8 else 1))
        ax.xaxis.set_major_formatter(_year_formatter(tr.lang))
        if span_years <= 8:
            ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
        ax.grid(axis="x", color=GRID, lw=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Patch(facecolor=STATUS_COLOURS["in_force"], label=label(STATUS_LABELS, "in_force", tr, capital=True)),
                   Patch(facecolor=STATUS_COLOURS["scheduled"], label=label(STATUS_LABELS, "scheduled", tr, capital=True)),
                   Patch(facecolor=STATUS_COLOURS["suspended"], hatch="////", edgecolor="white",
                         label=label(STATUS_LABELS, "suspended", tr, capital=True)),
                   Patch(facecolor="white", edgecolor=STATUS_COLOURS["in_force"], hatch="..", ls="--",
                         label=label(STATUS_LABELS, "unknown_after_suspension", tr, capital=True))]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False, fontsize=7.5)
        return _finish(fig, family)


def _control_label(c: Control, tr: Translator) -> str:
    authority = c.authority_ja if tr.lang == "ja" and c.authority_ja else c.authority
    if c.all_elements:
        elems = tr.gettext(N_("all REE"))
    else:
        elems = ", ".join(c.elements[:4]) + ("…" if len(c.elements) > 4 else "")
    from desktop.core.scoring.elements import control_number

    number = control_number(c).render(tr)
    return f"{number} {authority}\n{elems}" if elems else f"{number} {authority}"


def _year_formatter(lang: str):
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    def fmt(x: float, _pos: int) -> str:
        year = mdates.num2date(x).year
        return f"{year}年" if lang == "ja" else str(year)

    return FuncFormatter(fmt)


def all_charts(assessment: Assessment, knowledge: Knowledge, tr: Translator) -> dict[str, Figure]:
    """All four charts by name (for the GUI's chart view and the PDF)."""
    return {
        "grams_by_element": grams_by_element(assessment, tr),
        "risk_by_element": risk_by_element(assessment, tr),
        "china_share_by_stage": china_share_by_stage(assessment, knowledge, tr),
        "controls_timeline": controls_timeline(assessment, knowledge, tr),
    }
