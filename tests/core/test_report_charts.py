"""Charts: standalone Figures, never pyplot, Japanese glyphs present, fallbacks marked."""
from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from desktop.core.report import charts
from desktop.i18n import translation_for
from tests.core.report_fixtures import make_assessment, make_knowledge

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_all_charts_are_figures_and_render(lang):
    a, k = make_assessment(), make_knowledge()
    tr = translation_for(lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph ("tofu") warns in matplotlib
        for name, fig in charts.all_charts(a, k, tr).items():
            assert isinstance(fig, Figure), name
            png = charts.figure_png(fig, dpi=60)
            assert png.startswith(b"\x89PNG"), name


def test_japanese_text_uses_bundled_font():
    from matplotlib.text import Text

    fig = charts.risk_by_element(make_assessment(), translation_for("ja"))
    charts.figure_png(fig, dpi=50)
    labels = [t for t in fig.findobj(Text) if "ジスプロシウム" in t.get_text()]
    assert labels
    assert all(t.get_fontfamily()[0] == charts.chart_font_family() for t in labels)
    assert charts.chart_font_family() == "IPAexGothic"


def test_no_pyplot_imported():
    code = ("import sys\n"
            "from tests.core.report_fixtures import make_assessment, make_knowledge\n"
            "from desktop.core.report import charts\n"
            "from desktop.i18n import translation_for\n"
            "figs = charts.all_charts(make_assessment(), make_knowledge(), translation_for('ja'))\n"
            "[charts.figure_png(f, dpi=40) for f in figs.values()]\n"
            "assert 'matplotlib.pyplot' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_stage_share_fallback():
    k = make_knowledge()
    assert charts.stage_share("Nd", "magnet", k) == (0.94, False)      # element-specific
    value, fallback = charts.stage_share("Sm", "refining", k)           # from stage_defaults
    assert fallback and value == k.stage_defaults["refining"].value
    assert charts.stage_share("Sm", "metal", k) == (None, False)       # no figure at all


def test_timeline_lists_ree_measures():
    a, k = make_assessment(), make_knowledge()
    numbers = [c.number for c in charts.timeline_controls(a, k)]
    assert numbers == ["No. 18/2025", "No. 57/2025", "No. 61/2025"]


def test_empty_assessment_charts():
    import dataclasses

    a = dataclasses.replace(make_assessment(), elements=(), control_status=())
    tr = translation_for("en")
    for fig in (charts.grams_by_element(a, tr), charts.risk_by_element(a, tr),
                charts.china_share_by_stage(a, make_knowledge(), tr)):
        charts.figure_png(fig, dpi=40)


def test_a_range_starting_at_zero_is_still_drawn():
    """An element some parts may hold none of has a range like 0 g – 16 g: its range line starts at the axis
    (on screen and in the PDF) instead of disappearing, which would read as an exact figure."""
    import dataclasses

    from reportlab.graphics.shapes import Line

    from desktop.core.report import pdf_charts

    a, k = make_assessment(), make_knowledge()
    tr = translation_for("en")
    e = next(e for e in a.elements if e.grams_total)
    zero_low = dataclasses.replace(e, grams_low_total=0.0, grams_high_total=e.grams_total * 20)
    a0 = dataclasses.replace(a, elements=(zero_low,))
    ax = charts.grams_by_element(a0, tr).axes[0]
    assert len(ax.lines) == 1
    assert ax.lines[0].get_xdata()[0] == ax.get_xlim()[0] and ax.lines[0].get_xdata()[1] == e.grams_total * 20
    drawing = pdf_charts.grams_by_element(a0, tr, k, 400)
    grey = [s for s in drawing.contents if isinstance(s, Line) and s.strokeWidth == 1.2]
    assert len(grey) == 1
