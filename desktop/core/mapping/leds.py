"""LED colour stated in a part's text: coloured (no phosphor, no rare earths) or white (phosphor-converted).

Direct-emitting LEDs (AlInGaP red/amber/yellow, InGaN green/blue, GaP, IR, UV) have no phosphor; only white
(and colour-converted) LEDs carry the Y/Lu/Ce/Eu phosphor (docs/COMPONENTS.md ``led_package_phosphor``). A colour
stated anywhere in the part's text (any column) therefore makes an LED part a look-alike, unless white is also
stated (a white + colour signal tower, an RGBW package).
"""
from __future__ import annotations

import re

#: Colour words and chip materials; ASCII words are word-bounded, CJK forms match as substrings.
_COLOUR = re.compile(
    r"(?<![a-z0-9])(red|green|blue|yellow|amber|orange|rgb|ir|uv|infrared|ultraviolet|pink|purple|violet|"
    r"grn|blu|ylw|alingap|algainp|ingan|gap|gaasp|algaas)(?![a-z0-9])"
    r"|赤|緑|青|黄|橙|琥珀|紫|红|紅|绿|綠|蓝|藍|黃|赤外|红外|紅外|紫外"
)
#: White stated: the word, "cool/warm/neutral white", RGBW, or a correlated colour temperature ("5000K").
_WHITE = re.compile(
    r"(?<![a-z0-9])(white|wht|rgbw|rgbww)(?![a-z0-9])|白|(?<![0-9.])([2-9][0-9]{3})\s?k(?![a-z0-9])"
)


def stated_colour(text: str) -> str | None:
    """The colour word of a coloured (non-white) LED in normalised ``text``; None if white or no colour."""
    if _WHITE.search(text):
        return None
    m = _COLOUR.search(text)
    return m.group(0) if m else None


def white_stated(text: str) -> bool:
    """Whether normalised ``text`` says the LED is white (word, RGBW or a CCT such as "5000K")."""
    return bool(_WHITE.search(text))
