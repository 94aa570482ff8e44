"""Japanese line breaking (kinsoku shori) for reportlab's CJK wrapping.

reportlab's ``wordWrap='CJK'`` breaks between any two characters and only keeps closing punctuation off the start
of a line (it hangs it). A Japanese reader also expects that

- no line ends on an opening bracket or quote (「, （, “ …): it moves to the next line;
- numbers and the units or date parts glued to them are not split ("11月7 / 日", "29.5 / g").

:func:`install` replaces reportlab's ``cjkFragSplit`` (looked up as a module global when a Paragraph wraps) with
:func:`kinsoku_split`, which is reportlab's own algorithm (BSD licence, reportlab 4.x) plus these two rules.
"""
from __future__ import annotations

from unicodedata import category

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus import paragraph as _paragraph

#: Characters that stay with a neighbouring digit: digits, decimal and thousands marks, date parts and units.
_GLUE = set("0123456789.,%年月日号週gkμm") | {"\u00b5"}
_installed = False


def _glued(a: str, b: str) -> bool:
    """True when a break between ``a`` and ``b`` would split a number from its unit or date part."""
    return (a.isdigit() and b in _GLUE) or (a in _GLUE and b.isdigit())


def _widths(units, start: int, end: int, max_width: float) -> float:
    total = 0.0
    for u in units[start:end]:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        total += w
    return total


def kinsoku_split(frags, maxWidths, calcBounds, encoding="utf8"):  # noqa: N803 - reportlab's signature
    """reportlab's cjkFragSplit with Japanese line-end and number-gluing rules."""
    cjk_u, make_line, para_lines = _paragraph.cjkU, _paragraph.makeCJKParaLine, _paragraph.ParaLines
    fuzz = _paragraph._FUZZ
    units = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend([cjk_u(t, f, encoding) for t in text])
        else:
            units.append(cjk_u(text, f, encoding))
    lines = []
    i = width_used = start = 0
    max_width = maxWidths[0]
    n = len(units)
    while i < n:
        u = units[i]
        i += 1
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        width_used += w
        line_break = hasattr(u.frag, "lineBreak")
        if (width_used > max_width + fuzz and width_used > 0) or line_break:
            extra = max_width - width_used
            if not line_break:
                if ord(u) < 0x3000:  # inside a Latin run: break at a space or where the CJK text resumes
                    limit = (start + i) >> 1
                    for j in range(i - 1, limit, -1):
                        uj = units[j]
                        if uj and category(uj) == "Zs" or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extra += sum(units[ii].width for ii in range(j, i))
                                w = units[k].width
                                u = units[k]
                                i = j
                                break
                if u not in ALL_CANNOT_START and i > start + 1:
                    i -= 1  # push the overflowing character to the next line (closing marks hang instead)
                    extra += w
                # kinsoku: never end a line on an opening bracket, never split a number from its unit/date part
                floor = start + 1
                j = i
                while j > floor and (units[j - 1] in ALL_CANNOT_END
                                     or (j < n and _glued(units[j - 1], units[j]))):
                    j -= 1
                if j != i and j > start:
                    i = j
                    extra = max_width - _widths(units, start, i, max_width)
            lines.append(make_line(units[start:i], max_width, width_used, extra, line_break, calcBounds))
            try:
                max_width = maxWidths[len(lines)]
            except IndexError:
                max_width = maxWidths[-1]
            start = i
            width_used = 0
    if width_used > 0:
        lines.append(make_line(units[start:], max_width, width_used, max_width - width_used, False, calcBounds))
    return para_lines(kind=1, lines=lines)


def kinsoku_word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):  # noqa: N803
    """reportlab's wordSplit/dumbSplit (the single-style paragraph path) with the same kinsoku rules."""
    from reportlab.lib.textsplit import getCharWidths

    text = word.decode(encoding) if isinstance(word, bytes) else word
    widths = getCharWidths(text, fontName, fontSize)
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    fuzz = _paragraph._FUZZ
    lines = []
    i = used = start = 0
    max_width = maxWidths[0]
    n = len(text)
    while i < n:
        w, c = widths[i], text[i]
        used += w
        i += 1
        if used > max_width + fuzz and used > 0:
            extra = max_width - used
            if ord(c) < 0x3000:
                limit = (start + i) >> 1
                for j in range(i - 1, limit, -1):
                    cj = text[j]
                    if category(cj) == "Zs" or ord(cj) >= 0x3000:
                        k = j + 1
                        if k < i:
                            j = k + 1
                            extra += sum(widths[j:i])
                            w, c = widths[k], text[k]
                            i = j
                            break
            if c not in ALL_CANNOT_START and i > start + 1:
                i -= 1
                extra += w
            floor = start + 1
            j = i
            while j > floor and (text[j - 1] in ALL_CANNOT_END or (j < n and _glued(text[j - 1], text[j]))):
                j -= 1
            if j != i and j > start:
                i = j
                extra = max_width - sum(widths[start:i])
            lines.append([extra, text[start:i].strip()])
            try:
                max_width = maxWidths[len(lines)]
            except IndexError:
                max_width = maxWidths[-1]
            start = i
            used = 0
    if used > 0:
        lines.append([max_width - used, text[start:]])
    return lines


def install() -> None:
    """Make every CJK-wrapped Paragraph use the kinsoku rules (idempotent)."""
    global _installed
    if not _installed:
        _paragraph.cjkFragSplit = kinsoku_split
        _paragraph.wordSplit = kinsoku_word_split
        _installed = True
