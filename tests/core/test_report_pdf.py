"""The briefing PDF: facts against the assessment, escaping, fonts, metadata, outline, size, errors."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.errors import OutputError, ReportError
from desktop.core.report import BriefingOptions, build_pdf
from desktop.core.report.format import fmt_int
from desktop.core.report.pdf_front import top_parts
from tests.core.report_fixtures import HTML_REE_DESC, make_assessment, make_knowledge, make_large_assessment


def _text(path: Path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def assessment():
    return make_assessment()


@pytest.fixture(scope="module")
def knowledge():
    return make_knowledge()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, assessment, knowledge) -> dict[str, Path]:
    out = {}
    folder = tmp_path_factory.mktemp("pdf")
    for lang in ("en", "ja"):
        path = folder / f"brief_{lang}.pdf"
        build_pdf(assessment, path, BriefingOptions(lang=lang, company="Acme & <Sons>", author="Hanako Sato"),
                  knowledge)
        out[lang] = path
    return out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_facts_in_text(pdfs, assessment, lang):
    text = _text(pdfs[lang])
    flat = _flat(text)
    s = assessment.summary
    if lang == "en":
        assert "2026-11-28" in text
        assert "High" in text  # overall tier label
        assert f"{s.parts_with_ree} of {s.parts_total} parts contain rare earths" in " ".join(text.split())
        assert "MOFCOM" in text
    else:
        assert "2026年11月28日" in flat
        assert "中国商務部" in flat and "海関総署" in flat
        assert "評価基準日" in flat
        assert f"部品{s.parts_total}点のうち{s.parts_with_ree}点" in flat
        assert "ジスプロシウム" in flat
    if lang == "en":
        assert "No.18/2025" in flat and "No.57/2025" in flat
    else:  # one notation per language: 2025年第18号, never "No. 18/2025" beside it
        assert "2025年第18号" in flat and "2025年第57号" in flat and "No.18/2025" not in flat
    for i in top_parts(assessment, 10):
        assert _flat(str(assessment.mapped.imported.parts.iloc[i]["part_number"])) in flat
    assert fmt_int(s.parts_controlled) in text


def test_per_thousand_units_from_grams_total(pdfs, assessment):
    text = " ".join(_text(pdfs["en"]).split())
    dy = next(e for e in assessment.elements if e.symbol == "Dy")
    # grams per product x 1,000 units = the same number in kg
    from desktop.core.report.format import fmt_mass

    assert f"dysprosium {fmt_mass(dy.grams_total * 1000)}" in text
    assert "could not be estimated" in text  # unknown grams are mentioned, not hidden


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_user_text_printed_as_written(pdfs, lang):
    flat = _flat(_text(pdfs[lang]))
    assert _flat(HTML_REE_DESC) in flat  # in the top-risks table
    assert _flat("Acme & <Sons>") in flat


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_fonts_embedded(pdfs, lang):
    reader = PdfReader(str(pdfs[lang]))
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        if font["/Subtype"] == "/Type0":
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        else:
            desc = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in desc, f"{name} is not embedded"


def test_pdffonts_all_embedded(pdfs):
    out = subprocess.run(["pdffonts", str(pdfs["ja"])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", r) for r in rows), out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_metadata_outline_and_page_numbers(pdfs, lang):
    reader = PdfReader(str(pdfs[lang]))
    meta = reader.metadata
    assert meta.title and "X200 drone BOM rev C.xlsx" in meta.title
    assert meta.author == "Hanako Sato"
    assert meta.subject
    top = [o for o in reader.outline if not isinstance(o, list)]
    assert len(top) >= 6
    pages = [reader.get_destination_page_number(o) for o in top]
    assert pages == sorted(pages) and pages[-1] > pages[0]  # bookmarks point at their own pages
    n = len(reader.pages)
    last = reader.pages[-1].extract_text()
    expected = f"Page {n} of {n}" if lang == "en" else f"{n} / {n} ページ"
    assert _flat(expected) in _flat(last)
    mark = "Confidential" if lang == "en" else "社外秘"
    assert all(mark in (p.extract_text() or "") for p in reader.pages)


def test_charts_are_vector_drawings_with_text(pdfs):
    """Charts are drawn as vectors (sharp in print): no raster image, and their titles and labels are text."""
    reader = PdfReader(str(pdfs["en"]))
    assert sum(len(p.images) for p in reader.pages) == 0
    flat = _flat(_text(pdfs["en"]))
    for title in ("Rare-earth grams per product", "Supply risk by element", "China's share by supply-chain stage",
                  "Chinese rare-earth export controls over time"):
        assert _flat(title) in flat, title


def test_large_bom_gives_a_short_briefing(tmp_path, knowledge):
    a = make_large_assessment(20_000)
    path = tmp_path / "big.pdf"
    build_pdf(a, path, BriefingOptions(top_n=10), knowledge)
    reader = PdfReader(str(path))
    assert len(reader.pages) <= 10
    text = " ".join(_text(path).split())
    assert "more in the annotated workbook" in text
    assert "20,000" in text


def test_missing_folder_is_output_error(tmp_path, assessment, knowledge):
    with pytest.raises(OutputError):
        build_pdf(assessment, tmp_path / "nope" / "x.pdf", BriefingOptions(), knowledge)


@pytest.mark.skipif(sys.platform == "win32", reason="chmod semantics")
def test_read_only_folder_is_output_error(tmp_path, assessment, knowledge):
    import os

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(OutputError):
            build_pdf(assessment, folder / "x.pdf", BriefingOptions(), knowledge)
    finally:
        folder.chmod(0o700)


def test_bad_logo_is_report_error(tmp_path, assessment, knowledge):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    with pytest.raises(ReportError):
        build_pdf(assessment, tmp_path / "x.pdf", BriefingOptions(logo=str(logo)), knowledge)


def test_logo_and_options(tmp_path, assessment, knowledge):
    from matplotlib.figure import Figure

    from desktop.core.report.charts import figure_png

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [0, 1])
    logo = tmp_path / "logo.png"
    logo.write_bytes(figure_png(fig, dpi=50))
    path = tmp_path / "x.pdf"
    build_pdf(assessment, path, BriefingOptions(logo=str(logo), product="Drone X200", confidentiality="Internal",
                                                top_n=3), knowledge)
    text = _text(path)
    assert "Drone X200" in text and "Internal" in text
    assert "The 3 parts with the highest risk scores" in " ".join(text.split())


def test_invalid_options():
    with pytest.raises(ReportError):
        BriefingOptions(lang="de")
    with pytest.raises(ReportError):
        BriefingOptions(top_n=0)


def test_cancel(tmp_path, assessment, knowledge):
    from desktop.core.errors import Cancelled

    class Stop:
        def update(self, fraction, message=""):
            pass

        def cancelled(self):
            return True

    with pytest.raises(Cancelled):
        build_pdf(assessment, tmp_path / "x.pdf", BriefingOptions(), knowledge, progress=Stop())
    assert not (tmp_path / "x.pdf").exists()


def test_package_import_is_light():
    code = ("import sys, desktop.core.report as r; "
            "assert 'reportlab' not in sys.modules and 'matplotlib' not in sys.modules and 'openpyxl' not in "
            "sys.modules, sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab','matplotlib','openpyxl'));"
            "assert callable(r.build_pdf) and callable(r.build_workbook) and r.BriefingOptions")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_post_suspension_warning_is_chosen_by_its_kind_not_its_wording(tmp_path, assessment, knowledge):
    """Page one states the warning whose kind is POST_SUSPENSION, whatever its words; a data warning that happens
    to mention a suspension stays in the executive summary's "Check before relying" box."""
    from dataclasses import replace

    from desktop.core.types import POST_SUSPENSION, Message

    post = Message("Measure No. 61/2025 ended its pause on {until}: what followed is not recorded.",
                   {"until": "2026-11-10"}, kind=POST_SUSPENSION)
    data = Message("Row 7: the supplier wrote 'suspension mount' in the weight column.")
    a = replace(assessment, warnings=(data, post))
    path = tmp_path / "kind.pdf"
    build_pdf(a, path, BriefingOptions(lang="en"), knowledge)
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]
    whole = " ".join(pages)
    assert "ended its pause on 2026-11-10" in pages[0]
    summary = next(p for p in pages if "Check before relying on this briefing" in p)
    assert "suspension mount" in summary and "ended its pause" not in summary
    assert whole.count("ended its pause on 2026-11-10") == 2      # page one and the regulatory section


def test_one_font_splitter_for_paragraphs_and_the_page_header():
    """fonts.font_runs is the one place that routes characters to fonts: pdf_markup (paragraphs) is built from
    its runs, and the page header draws the same runs on the canvas."""
    from xml.sax.saxutils import escape

    from desktop.core.report import pdf_doc
    from desktop.core.report.fonts import FONT_NAME, font_runs, pdf_markup

    runs = font_runs("A&B 电机\nx µg")
    assert "".join(r for _f, r in runs) == "A&B 电机\nx μg"                # nothing dropped; µ drawn as μ
    assert runs[0] == (FONT_NAME, "A&B ") and any(f != FONT_NAME and "电" in r for f, r in runs)
    assert pdf_markup("A&B 电机 x") == "".join(
        (escape(r) if f == FONT_NAME else f'<font name="{f}">{escape(r)}</font>') for f, r in font_runs("A&B 电机 x"))
    assert pdf_markup("plain <tag>\n2") == "plain &lt;tag&gt;<br/>2"

    drawn: list[tuple[str, str]] = []

    class Canvas:
        font = ""

        def setFont(self, name, size):  # noqa: N802 - reportlab's API
            self.font = name

        def drawString(self, x, y, text):  # noqa: N802
            drawn.append((self.font, text))

        def stringWidth(self, text, font, size):  # noqa: N802
            return 10.0 * len(text)

    pdf_doc._draw_runs(Canvas(), 0, 0, "无人机 motor\tA", 7.5)
    assert drawn == font_runs("无人机 motor A")
