"""Paragraph and table styles of the briefing, and small helpers that build escaped cells.

Only imported when a PDF is built (it imports reportlab at module level).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, TableStyle

from desktop.core.report.fonts import pdf_markup, register_pdf_font
from desktop.core.report.format import TIER_COLOURS, TIER_FILLS

if TYPE_CHECKING:  # type-only: the section builders receive these, the styles module never builds them
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.report.options import BriefingOptions
    from desktop.core.types import Assessment
    from desktop.i18n import Translator

NAVY = colors.HexColor("#1F3A5F")
INK = colors.HexColor("#263238")
MUTED = colors.HexColor("#607D8B")
RULE = colors.HexColor("#CFD8DC")
ZEBRA = colors.HexColor("#F4F6F8")
ALERT_BG = colors.HexColor("#FFF8E1")
ALERT_RULE = colors.HexColor("#F9A825")
CONFIDENTIAL = colors.HexColor("#B71C1C")

PAGE_MARGIN_X = 18 * mm
PAGE_MARGIN_TOP = 22 * mm
PAGE_MARGIN_BOTTOM = 20 * mm


def tier_colour(tier: str) -> colors.Color:
    return colors.HexColor("#" + TIER_COLOURS.get(tier, "9E9E9E"))


def tier_fill(tier: str) -> colors.Color:
    return colors.HexColor("#" + TIER_FILLS.get(tier, "EEEEEE"))


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    bullet: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    card_value: ParagraphStyle
    card_label: ParagraphStyle
    caption: ParagraphStyle
    ref: ParagraphStyle
    cell_latin: ParagraphStyle


def make_styles(lang: str) -> Styles:
    """Styles for ``lang``: Japanese wraps anywhere (CJK), English at spaces; one embedded font for both."""
    from desktop.core.report.kinsoku import install

    install()  # Japanese line-breaking rules for every CJK-wrapped paragraph
    font = register_pdf_font()
    wrap = "CJK" if lang == "ja" else None
    lead = 1.55 if lang == "ja" else 1.35

    def style(name: str, size: float, colour=INK, **kw) -> ParagraphStyle:
        kw.setdefault("leading", size * lead)
        return ParagraphStyle(name, fontName=font, bulletFontName=font, fontSize=size, textColor=colour, wordWrap=wrap,
                              **kw)

    return Styles(
        body=style("body", 9.5, spaceAfter=4),
        lead=style("lead", 11, NAVY, leading=11 * lead),
        small=style("small", 8, MUTED, spaceAfter=2),
        tiny=style("tiny", 7, MUTED),
        bullet=style("bullet", 9.5, leftIndent=10, bulletIndent=0, spaceAfter=3),
        h1=style("h1", 15, NAVY, spaceBefore=6, spaceAfter=8, leading=20),
        h2=style("h2", 11.5, NAVY, spaceBefore=10, spaceAfter=5),
        h3=style("h3", 10, NAVY, spaceBefore=6, spaceAfter=3),
        title=style("title", 17, NAVY, leading=23, spaceAfter=2),
        subtitle=style("subtitle", 11, INK, leading=15, spaceAfter=4),
        cell=style("cell", 7.8, leading=7.8 * 1.3),
        cell_right=style("cell_right", 7.8, leading=7.8 * 1.3, alignment=TA_RIGHT),
        cell_center=style("cell_center", 7.8, leading=7.8 * 1.3, alignment=TA_CENTER),
        head=style("head", 7.8, colors.white, leading=7.8 * 1.3),
        card_value=style("card_value", 17, NAVY, leading=21, alignment=TA_CENTER),
        card_label=style("card_label", 7.8, MUTED, leading=10, alignment=TA_CENTER),
        caption=style("caption", 7.5, MUTED, spaceBefore=2, spaceAfter=8),
        ref=style("ref", 7, INK, leading=9, leftIndent=18, bulletIndent=0, bulletFontSize=7, spaceAfter=1.5),
        cell_latin=ParagraphStyle("cell_latin", fontName=font, fontSize=7.8, leading=7.8 * 1.3, textColor=INK),
    )


def P(text: object, style: ParagraphStyle) -> Paragraph:  # noqa: N802 - reads like a constructor
    """A Paragraph of plain (user or translated) text: everything escaped, nothing interpreted."""
    return Paragraph(pdf_markup("" if text is None else str(text)), style)


def PM(markup: str, style: ParagraphStyle) -> Paragraph:  # noqa: N802
    """A Paragraph of trusted markup built by the report code (any data inside must be escaped already)."""
    return Paragraph(markup, style)


def TS(commands: Sequence[tuple]) -> TableStyle:  # noqa: N802
    """A TableStyle whose cell font is the embedded one (reportlab's default would be unembedded Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), register_pdf_font())] + list(commands))


#: Longest text shown in one table cell of the briefing. A row taller than a page cannot be laid out; a
#: description of thousands of characters is shortened with "…" here (the workbook and JSON keep it whole).
MAX_CELL_CHARS = 400


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], st: Styles,
               extra: Sequence[tuple] = (), zebra: bool = True) -> LongTable:
    """A table that splits across pages and repeats its header row; text cells become wrapping Paragraphs."""
    def cell(value: object) -> object:
        if not isinstance(value, str):
            return value
        if len(value) > MAX_CELL_CHARS:  # a table row cannot split across pages: shorten, visibly
            value = value[: MAX_CELL_CHARS - 1].rstrip() + "…"
        # Latin-only text wraps at spaces even in a Japanese briefing ("Ningbo Yunsheng", not "Yunshen/g")
        latin = all(ord(ch) < 0x2E80 for ch in value)
        return P(value, st.cell_latin if latin else st.cell)

    data = [[P(h, st.head) for h in header]] + [[cell(v) for v in row] for row in rows]
    table = LongTable(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]))
    table.setStyle(TS(commands + list(extra)))
    return table


@dataclass
class Ctx:
    """Everything a section builder needs: the data, the language, the styles and the citation register."""

    assessment: Assessment
    knowledge: Knowledge
    options: BriefingOptions
    tr: Translator
    st: Styles
    width: float
    citations: dict[str, int]

    @property
    def lang(self) -> str:
        return self.tr.lang

    def t(self, msgid: str, **params: object) -> str:
        """Translate ``msgid`` and fill its parameters (falls back to the English template on a bad catalogue)."""
        template = self.tr.gettext(msgid)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)

    def tn(self, singular: str, plural: str, count: int, /, **params: object) -> str:
        """:meth:`t` for a counted message: English reads "1 part" / "2 parts" (desktop/i18n.py ngettext)."""
        template = self.tr.ngettext(singular, plural, count)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return (singular if count == 1 else plural).format(**params)

    def cite(self, source_ids: Sequence[str]) -> str:
        """Citation marks like "[1, 4]" for knowledge-base sources (numbered in order of first citation)."""
        sources = getattr(self.knowledge, "sources", {}) or {}
        numbers = []
        for sid in source_ids:
            if sid not in sources:
                continue
            if sid not in self.citations:
                self.citations[sid] = len(self.citations) + 1
            numbers.append(self.citations[sid])
        return "[" + ", ".join(str(n) for n in sorted(set(numbers))) + "]" if numbers else ""
