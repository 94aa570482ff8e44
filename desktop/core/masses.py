"""The one mass formatter of the app: µg, mg, g, kg and t, three significant figures, never scientific notation.

It lives below every stage so that mapping evidence, scoring notes, the CLI, the briefing, the workbook and the GUI
all write a mass the same way (``desktop.core.report.format`` re-exports it).
"""
from __future__ import annotations

import math


def _sig(x: float) -> str:
    """Three significant figures, thousands separators, no scientific notation."""
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    digits = max(0, 2 - magnitude)
    return f"{x:,.{digits}f}"


def fmt_mass(grams: float | None) -> str:
    """Grams in a readable unit: '0.35 mg', '12.4 g', '1,234 g', '1.8 kg', '2.40 t'. None -> '–'."""
    if grams is None or (isinstance(grams, float) and math.isnan(grams)):
        return "–"
    g = float(grams)
    if g == 0:
        return "0 g"
    a = abs(g)
    if a < 0.001:
        return f"{_sig(g * 1e6)} μg"
    if a < 1:
        return f"{_sig(g * 1e3)} mg"
    if a < 1000:
        return f"{_sig(g)} g"
    if a < 1e6:
        return f"{_sig(g / 1e3)} kg"
    return f"{_sig(g / 1e6)} t"


def fmt_mass_tick(grams: float) -> str:
    """An axis tick in the same units, without the trailing zeros that a measured figure keeps: '10 mg', not
    '10.0 mg' (ticks are round numbers; the three significant digits of :func:`fmt_mass` would claim a precision
    a gridline does not have)."""
    text = fmt_mass(grams)
    number, _, unit = text.partition(" ")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return f"{number} {unit}" if unit else number


#: Mass units as BOMs, supplier surveys and declarations write them, in grams: the one table read by the importer
#: (unit weights), the declared-content reader, the survey reader and the IPC-1752A reader. (The importer adds
#: tonnes for whole-assembly weights.)
MASS_UNITS: dict[str, float] = {"g": 1.0, "mg": 1e-3, "kg": 1e3, "ug": 1e-6, "µg": 1e-6, "μg": 1e-6, "mcg": 1e-6}
