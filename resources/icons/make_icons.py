"""Draw the reerisk app icon (SVG + PNG 16–1024 px + .ico + .icns) with Pillow. Run: python resources/icons/make_icons.py

The mark: a deep-teal rounded square with a white hexagon (a crystal / element cell) and an amber core with a
small notch of red (the risk). Simple enough to read at 16 px.
"""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
BG_TOP, BG_BOTTOM = (16, 94, 99), (9, 61, 72)
WHITE, AMBER, RED = (255, 255, 255), (245, 166, 35), (214, 48, 49)
N = 1024
RADIUS = 200
HEX_R, HEX_W = 330, 78
CORE_R = 128


def hexagon(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(math.radians(90 + 60 * k)), cy + r * math.sin(math.radians(90 + 60 * k)))
            for k in range(6)]


def svg() -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in hexagon(512, 512, HEX_R))
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="rgb{BG_TOP}"/><stop offset="1" stop-color="rgb{BG_BOTTOM}"/>
    </linearGradient>
  </defs>
  <rect x="0" y="0" width="1024" height="1024" rx="{RADIUS}" fill="url(#bg)"/>
  <polygon points="{pts}" fill="none" stroke="#FFFFFF" stroke-width="{HEX_W}" stroke-linejoin="round"/>
  <circle cx="512" cy="512" r="{CORE_R}" fill="rgb{AMBER}"/>
  <path d="M512 512 L{512 + CORE_R} 512 A{CORE_R} {CORE_R} 0 0 0 512 {512 - CORE_R} Z" fill="rgb{RED}"/>
</svg>
"""


def master() -> Image.Image:
    scale = 2
    size = N * scale
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    grad = Image.new("RGBA", (size, size))
    gd = ImageDraw.Draw(grad)
    for y in range(size):
        t = y / (size - 1)
        gd.line([(0, y), (size, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(BG_TOP, BG_BOTTOM, strict=True)) + (255,))
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, size - 1, size - 1], radius=RADIUS * scale, fill=255)
    img.paste(grad, (0, 0), mask)
    d = ImageDraw.Draw(img)
    c = 512 * scale
    pts = hexagon(c, c, HEX_R * scale)
    d.line(pts + [pts[0], pts[1]], fill=WHITE + (255,), width=HEX_W * scale, joint="curve")
    r = CORE_R * scale
    d.ellipse([c - r, c - r, c + r, c + r], fill=AMBER + (255,))
    d.pieslice([c - r, c - r, c + r, c + r], start=-90, end=0, fill=RED + (255,))
    return img.resize((N, N), Image.Resampling.LANCZOS)


def main() -> None:
    (HERE / "reerisk.svg").write_text(svg(), encoding="utf-8")
    big = master()
    images = {}
    for s in SIZES:
        im = big if s == N else big.resize((s, s), Image.Resampling.LANCZOS)
        im.save(HERE / f"reerisk_{s}.png", optimize=True)
        images[s] = im
    big.save(HERE / "reerisk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(HERE / "reerisk.icns")


if __name__ == "__main__":
    main()
