"""The one font of the briefing and the charts: IPAex Gothic (resources/fonts/ipaexg.ttf).

It covers Japanese and Latin, so a single embedded TrueType font serves both languages with no tofu. The font
has no bold face; emphasis in the briefing uses size and colour. Registration happens once per process.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import ReportError
from desktop.i18n import N_

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

FONT_NAME = "IPAexGothic"
FONT_FILE = "ipaexg.ttf"

_lock = threading.Lock()


def font_path() -> Path:
    """Path of the bundled TTF; :class:`ReportError` when it is missing (a broken installation)."""
    from desktop.paths import resource

    path = Path(resource("fonts", FONT_FILE))
    if not path.is_file():
        raise ReportError(N_("The briefing font is missing: {path}"), {"path": str(path)})
    return path


def register_pdf_font() -> str:
    """Register the TTF with reportlab (once) and return its font name.

    The same face is registered as the bold/italic members of its family so that ``<b>`` in a Paragraph never
    falls back to an unembedded standard font.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if FONT_NAME in pdfmetrics.getRegisteredFontNames():
            return FONT_NAME
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
        except ReportError:
            raise
        except Exception as exc:  # reportlab raises TTFError and others for a damaged file
            raise ReportError(N_("The briefing font cannot be loaded: {path}"), {"path": str(font_path())},
                              detail=repr(exc)) from exc
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME


@lru_cache(maxsize=1)
def chart_font_family() -> str:
    """Add the TTF to matplotlib's font manager (once) and return its family name."""
    from matplotlib import font_manager

    path = str(font_path())
    with _lock:
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def chart_font(size: float | None = None) -> FontProperties:
    """FontProperties for chart text (Japanese-capable)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=chart_font_family(), size=size)


FALLBACK_FONT_NAME = "DejaVuSans"


@lru_cache(maxsize=1)
def _pdf_cmaps() -> tuple[frozenset[int], frozenset[int]]:
    """Code points covered by the main font and by the fallback (DejaVu Sans shipped with matplotlib)."""
    from reportlab.pdfbase import pdfmetrics

    register_pdf_font()
    main = frozenset(pdfmetrics.getFont(FONT_NAME).face.charToGlyph)
    fallback: frozenset[int] = frozenset()
    try:
        import matplotlib
        from reportlab.pdfbase.ttfonts import TTFont

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            if FALLBACK_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(FALLBACK_FONT_NAME, str(path)))
            fallback = frozenset(pdfmetrics.getFont(FALLBACK_FONT_NAME).face.charToGlyph)
    except Exception:  # noqa: BLE001 - the fallback is optional: without it a rare glyph shows as a box
        fallback = frozenset()
    return main, fallback


def pdf_markup(text: str) -> str:
    """Escape user text for a reportlab Paragraph and route glyphs missing from IPAex to the fallback font.

    ``<``, ``>`` and ``&`` print as written (``xml.sax.saxutils.escape``); line breaks become ``<br/>``.
    """
    from xml.sax.saxutils import escape

    text = str(text).replace("\u00b5", "\u03bc").replace("\r\n", "\n").replace("\r", "\n")
    main, fallback = _pdf_cmaps()
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(f'<font name="{FALLBACK_FONT_NAME}">{escape("".join(run))}</font>')
            run.clear()

    for ch in text:
        cp = ord(ch)
        if ch == "\n":
            flush()
            out.append("<br/>")
        elif cp in main or cp < 32 or cp not in fallback:
            flush()
            out.append(escape(ch) if cp >= 32 or ch == "\t" else " ")
        else:
            run.append(ch)
    flush()
    return "".join(out)
