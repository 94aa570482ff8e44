"""The fonts of the briefing and the charts: IPAex Gothic (resources/fonts/ipaexg.ttf) plus fallbacks.

IPAex covers Japanese and Latin; characters it lacks (simplified Chinese, Hangul, Greek…) are drawn from the
fallback chain in :func:`pdf_font_chain`, so no character prints as an empty box. The font
has no bold face; emphasis in the briefing uses size and colour. Registration happens once per process.
"""
from __future__ import annotations

import re
import threading
from contextvars import ContextVar
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


#: Fallback faces, tried in order for characters IPAex lacks: simplified/traditional Chinese and Hangul
#: (a Noto Sans CJK SC subset, resources/fonts/build_cjk_fallback.py), then DejaVu Sans (shipped with matplotlib:
#: Greek, Cyrillic, symbols).
CJK_FALLBACK_NAME = "NotoSansCJKsc"
CJK_FALLBACK_FILE = "NotoSansCJKsc-fallback.ttf"
FALLBACK_FONT_NAME = "DejaVuSans"

#: Visible replacements for text no embedded font can draw correctly (never dropped, never reversed silently).
UNSUPPORTED_TEXT = N_("[unsupported text]")
EMOJI_TEXT = N_("[emoji]")

#: Language of the replacement markers for the document being built (set by build_pdf).
_marker_lang: ContextVar[str] = ContextVar("reerisk_pdf_marker_lang", default="en")


def set_marker_language(lang: str) -> None:
    """Language of the visible replacement markers ("[unsupported text]") in the PDF being built."""
    _marker_lang.set(lang)


def _register(name: str, path: Path) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
        from reportlab.lib.fonts import addMapping

        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@lru_cache(maxsize=1)
def _main_cmap() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_pdf_font()
    return frozenset(pdfmetrics.getFont(FONT_NAME).face.charToGlyph)


@lru_cache(maxsize=1)
def _fallbacks() -> tuple[tuple[str, frozenset[int]], ...]:
    """The fallback faces, loaded on first need (parsing them costs about half a second)."""
    from desktop.paths import resource

    candidates = [(CJK_FALLBACK_NAME, Path(resource("fonts", CJK_FALLBACK_FILE)))]
    try:
        import matplotlib

        candidates.append((FALLBACK_FONT_NAME, Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    out = []
    for name, path in candidates:
        if not path.is_file():
            continue
        try:
            with _lock:
                out.append((name, _register(name, path)))
        except Exception:  # noqa: BLE001 - a damaged optional fallback only means a visible marker instead
            continue
    return tuple(out)


def pdf_font_chain() -> tuple[tuple[str, frozenset[int]], ...]:
    """(font name, code points) of the main font and each fallback that is present, in the order tried."""
    return ((FONT_NAME, _main_cmap()),) + _fallbacks()


def _plain_text(text: str) -> bool:
    """True when IPAex draws every character (the common case: no fallback font is loaded at all)."""
    main = _main_cmap()
    return all(ord(ch) in main or ch in "\n\t" for ch in text)


def _is_rtl(cp: int) -> bool:
    """Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: right-to-left scripts."""
    return 0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF


def _is_emoji(cp: int) -> bool:
    return (0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF and cp not in (0x2713, 0x2714, 0x2717)
            or cp in (0xFE0F, 0x200D, 0x20E3) or 0x1F1E6 <= cp <= 0x1F1FF)


def _marker(msgid: str) -> str:
    from desktop.i18n import translation_for

    return translation_for(_marker_lang.get()).gettext(msgid)


def drawable_text(text: str) -> str:
    """``text`` with every run the embedded fonts cannot draw properly replaced by a visible marker.

    Right-to-left scripts (Arabic, Hebrew) would print unshaped and in the wrong order, and emoji have no glyph:
    each run becomes "[unsupported text]" / "[emoji]" so the reader knows something was there.
    """
    chain = pdf_font_chain()
    out: list[str] = []
    last = ""
    for ch in text:
        cp = ord(ch)
        if _is_emoji(cp):
            kind = EMOJI_TEXT
        elif _is_rtl(cp):
            kind = UNSUPPORTED_TEXT
        elif cp < 32 or ch.isspace() or any(cp in cmap for _, cmap in chain):
            out.append(ch)
            last = ""
            continue
        else:
            kind = UNSUPPORTED_TEXT
        if last != kind:
            out.append(_marker(kind))
            last = kind
    return "".join(out)


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` split into (font name, run) pairs, each run in the first embedded font that has its glyphs.

    The one splitter of the briefing: :func:`pdf_markup` (paragraphs) and the page header (drawn on the canvas)
    both use it, so a Chinese product name prints the same in both. Text no font can draw properly is replaced
    visibly first (:func:`drawable_text`); "µ" (micro sign, not in IPAex) is written as "μ". Control characters
    stay in the run of the font before them (the caller decides what a line break becomes).
    """
    text = str(text).replace("\u00b5", "\u03bc")
    if not text:
        return []
    if _plain_text(text):   # the common case: IPAex draws everything, no fallback font is loaded at all
        return [(FONT_NAME, text)]
    text = drawable_text(text)
    chain = pdf_font_chain()
    runs: list[tuple[str, list[str]]] = []
    for ch in text:
        cp = ord(ch)
        if cp < 32 and runs:
            font = runs[-1][0]
        else:
            font = next((name for name, cmap in chain if cp in cmap), FONT_NAME)
        if runs and runs[-1][0] == font:
            runs[-1][1].append(ch)
        else:
            runs.append((font, [ch]))
    return [(font, "".join(chars)) for font, chars in runs]


def pdf_markup(text: str) -> str:
    """Escape user text for a reportlab Paragraph and route each character to the first font that has it.

    ``<``, ``>`` and ``&`` print as written (``xml.sax.saxutils.escape``); line breaks become ``<br/>``, other
    control characters a space; text no font can draw is replaced visibly (:func:`font_runs`).
    """
    from xml.sax.saxutils import escape

    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for font, run in font_runs(text):
        body = escape(_CONTROL.sub(" ", run)).replace("\n", "<br/>")
        out.append(body if font == FONT_NAME else f'<font name="{font}">{body}</font>')
    return "".join(out)


#: Control characters other than the line break: printed as a space.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
