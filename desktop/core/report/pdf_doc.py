"""Page furniture of the briefing: "Page x of y", header and footer, and outline bookmarks."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop.core.report.fonts import register_pdf_font
from desktop.core.report.pdf_styles import (
    CONFIDENTIAL,
    MUTED,
    PAGE_MARGIN_BOTTOM,
    PAGE_MARGIN_TOP,
    PAGE_MARGIN_X,
    RULE,
)


class Bookmark(Flowable):
    """An invisible flowable that adds an outline entry pointing at where it lands."""

    def __init__(self, title: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.canv.bookmarkPage(self.key, fit="XYZ", left=0, top=y + 24)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def numbered_canvas(page_label: str, header_left: str, header_right: str, footer_left: str):
    """A canvas class that knows the page count when it draws each page's header and footer.

    ``page_label`` is a template with ``{page}`` and ``{pages}`` ("Page {page} of {pages}", "{page} / {pages} ページ").
    """
    font = register_pdf_font()

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            kwargs["initialFontName"] = font  # else every page references an unembedded Helvetica
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 9
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []
            self._page_bookmarks: list[tuple[str, dict]] = []

        def bookmarkPage(self, key: str, **kw) -> None:  # noqa: N802 - reportlab API
            # Pages are emitted only in save(); bind the bookmark to its page there, or it points at page 1.
            self._page_bookmarks.append((key, kw))

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._saved_pages.append(dict(self.__dict__))
            self._page_bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                for key, kw in state.get("_page_bookmarks", ()):
                    rl_canvas.Canvas.bookmarkPage(self, key, **kw)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(font, 7.5)
            self.setFillColor(MUTED)
            top = height - PAGE_MARGIN_TOP + 9
            _draw_runs(self, PAGE_MARGIN_X, top, _fit(self, header_left, width * 0.6, font, 7.5), 7.5)
            self.setFillColor(CONFIDENTIAL)
            self.drawRightString(width - PAGE_MARGIN_X, top, header_right)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(PAGE_MARGIN_X, top - 4, width - PAGE_MARGIN_X, top - 4)
            bottom = PAGE_MARGIN_BOTTOM - 12
            self.line(PAGE_MARGIN_X, bottom + 9, width - PAGE_MARGIN_X, bottom + 9)
            self.setFillColor(MUTED)
            self.drawString(PAGE_MARGIN_X, bottom, footer_left)
            self.drawRightString(width - PAGE_MARGIN_X, bottom,
                                 page_label.format(page=self._pageNumber, pages=total))
            self.restoreState()

    return NumberedCanvas


def _draw_runs(canv: rl_canvas.Canvas, x: float, y: float, text: str, size: float) -> None:
    """Draw ``text`` left-aligned, each run in the first embedded font that has its glyphs (a product name in
    Chinese would otherwise print as boxes in the page header): the runs of :func:`fonts.font_runs`, the
    splitter the paragraphs use too."""
    from desktop.core.report.fonts import font_runs

    line = "".join(" " if ord(ch) < 32 else ch for ch in text)      # one line: breaks and tabs become spaces
    for font, run in font_runs(line):
        canv.setFont(font, size)
        canv.drawString(x, y, run)
        x += canv.stringWidth(run, font, size)


def _fit(canv: rl_canvas.Canvas, text: str, max_width: float, font: str, size: float) -> str:
    """Shorten ``text`` with an ellipsis so that it fits ``max_width`` points."""
    if canv.stringWidth(text, font, size) <= max_width:
        return text
    while text and canv.stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text + "…"


def make_doc(target, *, title: str, author: str, subject: str, keywords: str, lang: str) -> BaseDocTemplate:
    """An A4 document with one frame inside the header/footer margins, and PDF metadata."""
    from desktop import __version__

    doc = BaseDocTemplate(
        target, pagesize=A4, leftMargin=PAGE_MARGIN_X, rightMargin=PAGE_MARGIN_X, topMargin=PAGE_MARGIN_TOP,
        bottomMargin=PAGE_MARGIN_BOTTOM, title=title, author=author, subject=subject, keywords=keywords,
        creator=f"reerisk {__version__}", lang=lang, pageCompression=1, initialFontName=register_pdf_font(),
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)

    def first_page(canv, _doc) -> None:
        canv.showOutline()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=first_page)])
    return doc
