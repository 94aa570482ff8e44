"""Build ``NotoSansCJKsc-fallback.ttf``: the CJK fallback face of the briefing (run by a developer, not at runtime).

Why: IPAex Gothic covers Japanese (JIS X 0208/0213) but not simplified Chinese (电, 压, 转, 贴 …) or Hangul, which
appear in supplier descriptions. reportlab embeds only TrueType-outline fonts, and Noto Sans CJK ships as CFF, so
this script

1. takes the "Noto Sans CJK SC" face from Debian's ``fonts-noto-cjk`` package (SIL Open Font License 1.1);
2. keeps only the characters IPAex lacks among GB 2312 (simplified Chinese), Big5 (traditional Chinese),
   KS X 1001 (Korean Hangul and hanja) and CJK punctuation;
3. converts the cubic CFF outlines to quadratic TrueType outlines (fontTools cu2qu), so reportlab can embed it.

reportlab then embeds only the glyphs a briefing uses (a subset per document).

Usage::

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
    python resources/fonts/build_cjk_fallback.py x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
OUT = HERE / "NotoSansCJKsc-fallback.ttf"
FAMILY = "Noto Sans CJK SC"


def wanted_codepoints(have: set[int]) -> set[int]:
    """Characters of the legacy CJK character sets (plus punctuation) that IPAex does not draw."""
    out: set[int] = set()
    ranges = [(0x3000, 0x303F), (0x3100, 0x312F), (0x3130, 0x318F), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3),
              (0xFF00, 0xFFEF)]
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            for codec in ("gb2312", "big5", "euc_kr"):
                try:
                    ch.encode(codec)
                except UnicodeEncodeError:
                    continue
                out.add(cp)
                break
    return out - have


def to_quadratic(font: TTFont) -> None:
    """Replace the CFF table by a glyf table (after fontTools' otf2ttf snippet)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for tag in ("VORG", "GPOS", "GSUB", "GDEF", "BASE", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width, _ = hmtx[name]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def main(ttc: str) -> None:
    ipa = TTFont(HERE / "ipaexg.ttf")
    have = set(ipa.getBestCmap())
    collection = TTCollection(ttc)
    face = next(f for f in collection.fonts if f["name"].getDebugName(4) == FAMILY)
    cps = wanted_codepoints(have) & set(face.getBestCmap())
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(cps))
    subsetter.subset(face)
    to_quadratic(face)
    face.save(OUT)
    print(f"{OUT.name}: {len(cps)} characters, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
