"""Step (b): declared rare-earth content as written in the BOM.

Accepted forms: "Nd 12.5 g; Dy 0.8 g", "Nd:12.5g/Dy:0.8g", "ネオジム 12.5g、ジスプロシウム 0.8g",
"Dy 0.5%" (needs a unit weight), "Nd=120 mg", "none" / "なし" / "无" (declared free of rare earths).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from desktop.core.masses import MASS_UNITS

SYMBOLS = ("Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu")

#: Element names that may stand for the symbol: English, Japanese (glossary) and Chinese.
NAMES: dict[str, str] = {
    "scandium": "Sc", "yttrium": "Y", "lanthanum": "La", "cerium": "Ce", "praseodymium": "Pr",
    "neodymium": "Nd", "promethium": "Pm", "samarium": "Sm", "europium": "Eu", "gadolinium": "Gd",
    "terbium": "Tb", "dysprosium": "Dy", "holmium": "Ho", "erbium": "Er", "thulium": "Tm", "ytterbium": "Yb",
    "lutetium": "Lu",
    "スカンジウム": "Sc", "イットリウム": "Y", "ランタン": "La", "セリウム": "Ce", "プラセオジム": "Pr",
    "ネオジム": "Nd", "ネオジウム": "Nd", "プロメチウム": "Pm", "サマリウム": "Sm", "ユウロピウム": "Eu",
    "ガドリニウム": "Gd", "テルビウム": "Tb", "ジスプロシウム": "Dy", "ホルミウム": "Ho", "エルビウム": "Er",
    "ツリウム": "Tm", "イッテルビウム": "Yb", "ルテチウム": "Lu",
    "钪": "Sc", "钇": "Y", "镧": "La", "铈": "Ce", "镨": "Pr", "钕": "Nd", "钷": "Pm", "钐": "Sm", "铕": "Eu",
    "钆": "Gd", "铽": "Tb", "镝": "Dy", "钬": "Ho", "铒": "Er", "铥": "Tm", "镱": "Yb", "镥": "Lu",
}
_UNITS = MASS_UNITS
_PCT = {"%": 1e-2, "wt%": 1e-2, "wt.%": 1e-2, "ppm": 1e-6}

_name_alt = "|".join(sorted((re.escape(n) for n in NAMES), key=len, reverse=True))
_sym_alt = "|".join(sorted(SYMBOLS, key=len, reverse=True))
_ENTRY = re.compile(
    rf"(?P<el>{_name_alt}|(?<![A-Za-z])(?:{_sym_alt})(?![a-z]))\s*(?:[:=：]|\(|含有量)?\s*"
    r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>wt\.?%|%|ppm|mg|kg|[uµμ]g|g|グラム)?",
)
_NONE = re.compile(r"^\s*(none|nil|no|0|rare[\s-]?earth[\s-]?free|ree[\s-]?free|free|なし|無し|不含|无|無|非含有|"
                   r"含有なし|n/?a)\s*\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Declared:
    """Parsed declared content: grams per unit by element, or rare-earth free."""

    grams: dict[str, float] = field(default_factory=dict)
    percent_without_weight: tuple[str, ...] = ()   # elements given as % while no unit weight is known
    free: bool = False


def parse_declared(text: str | None, unit_weight_g: float | None = None) -> Declared | None:
    """Parse a declared-REE cell; None when the cell is empty or holds nothing recognisable."""
    if text is None:
        return None
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    if not raw:
        return None
    if _NONE.match(raw):
        return Declared(free=True)
    grams: dict[str, float] = {}
    pending: list[str] = []
    weight_ok = unit_weight_g is not None and not math.isnan(unit_weight_g) and unit_weight_g > 0
    for m in _ENTRY.finditer(raw):
        token = m.group("el")
        symbol = NAMES.get(token.lower(), NAMES.get(token)) or _symbol(token)
        if symbol is None:
            continue
        value = float(m.group("num").replace(",", "."))
        unit = (m.group("unit") or "g").lower().replace("μ", "µ").replace("グラム", "g")
        if unit in _PCT:
            if weight_ok:
                weight = float(unit_weight_g)  # type: ignore[arg-type]  # weight_ok: not None
                grams[symbol] = grams.get(symbol, 0.0) + value * _PCT[unit] * weight
            else:
                pending.append(symbol)
            continue
        grams[symbol] = grams.get(symbol, 0.0) + value * _UNITS.get(unit, 1.0)
    if not grams and not pending:
        return None
    return Declared(grams=grams, percent_without_weight=tuple(dict.fromkeys(pending)))


def _symbol(token: str) -> str | None:
    for s in SYMBOLS:
        if s == token or (len(token) == 2 and s.lower() == token.lower()):
            return s
    return None
