"""Numbers, masses, dates and fixed labels for the briefing, the charts and the workbook, per language.

English and Japanese business writing both group thousands with a comma and use a decimal point, so numbers
look the same; dates differ (2026-11-28 / 2026年11月28日). Labels are English msgids marked with ``N_``.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from desktop.core.masses import fmt_mass, fmt_mass_tick  # noqa: F401 - the one mass formatter, re-exported
from desktop.core.types import (  # noqa: F401 - re-exported: the one home of these tables is core types
    CONFIDENCE_LABELS,
    STAGE_LABELS,
    SUPPLY_FORM_LABELS,
    SUPPLY_STATUS_LABELS,
    TIER_LABELS,
    join_list,
)
from desktop.core.types import CONTROL_STATUS_LABELS as STATUS_LABELS  # noqa: F401 - re-exported
from desktop.i18n import N_, Translator

#: Fill colours per tier (hex without '#'), shared by the PDF, the charts and the workbook.
TIER_COLOURS: Mapping[str, str] = {
    "critical": "B71C1C",
    "high": "E65100",
    "medium": "F9A825",
    "low": "2E7D32",
    "unclassified": "5E35B1",  # not judged: a colour of its own, never the grey of "none"
    "none": "9E9E9E",
}
#: Light fills for table cells and the workbook.
TIER_FILLS: Mapping[str, str] = {
    "critical": "F8D7DA",
    "high": "FFE0B2",
    "medium": "FFF3C4",
    "low": "DCEFDC",
    "unclassified": "E8E0F5",
    "none": "EEEEEE",
}

KIND_LABELS: Mapping[str, str] = {
    "diversify": N_("Diversify supply"),
    "recycle": N_("Recycle"),
    "substitute": N_("Substitute"),
    "stock": N_("Safety stock"),
    "engage": N_("Engage suppliers"),
    "verify": N_("Verify data"),
}
KIND_ORDER: tuple[str, ...] = ("diversify", "recycle", "substitute", "stock", "engage", "verify")

#: Element names (GLOSSARY.md), used when no knowledge base is at hand (charts of an assessment alone).
ELEMENT_NAMES: Mapping[str, tuple[str, str]] = {
    "Sc": ("Scandium", "スカンジウム"), "Y": ("Yttrium", "イットリウム"), "La": ("Lanthanum", "ランタン"),
    "Ce": ("Cerium", "セリウム"), "Pr": ("Praseodymium", "プラセオジム"), "Nd": ("Neodymium", "ネオジム"),
    "Pm": ("Promethium", "プロメチウム"), "Sm": ("Samarium", "サマリウム"), "Eu": ("Europium", "ユウロピウム"),
    "Gd": ("Gadolinium", "ガドリニウム"), "Tb": ("Terbium", "テルビウム"), "Dy": ("Dysprosium", "ジスプロシウム"),
    "Ho": ("Holmium", "ホルミウム"), "Er": ("Erbium", "エルビウム"), "Tm": ("Thulium", "ツリウム"),
    "Yb": ("Ytterbium", "イッテルビウム"), "Lu": ("Lutetium", "ルテチウム"),
}


def label(table: Mapping[str, str], key: str | None, tr: Translator, capital: bool = False) -> str:
    """Translated label of ``key`` in one of the tables above (the key itself when unknown).

    ``capital``: first letter upper case, for a table cell, a heading or a legend; the status and stage tables
    are written as they stand inside a sentence ("treated as in force"). Japanese has no case: unchanged."""
    if key is None:
        return ""
    if key not in table:
        return key
    text = tr.gettext(table[key])
    return text[:1].upper() + text[1:] if capital else text


def element_name(symbol: str, tr: Translator, knowledge: object | None = None) -> str:
    """Element name in the translator's language ("Dysprosium" / "ジスプロシウム")."""
    ja = tr.lang == "ja"
    elements = getattr(knowledge, "elements", None) or {}
    element = elements.get(symbol) if hasattr(elements, "get") else None
    if element is not None:
        return element.name_ja if ja else element.name_en
    names = ELEMENT_NAMES.get(symbol)
    if names is None:
        return symbol
    return names[1] if ja else names[0]


def fmt_int(n: int | float | None) -> str:
    """1234 -> '1,234'; None -> '–'."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    return f"{int(round(n)):,}"


def fmt_number(x: float | None, digits: int = 1) -> str:
    """A number with thousands separators and up to ``digits`` decimals, trailing zeros kept for alignment."""
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return "–"
    return f"{x:,.{digits}f}"


def fmt_mass_range(grams: float | None, low: float | None, high: float | None) -> str:
    """'12.4 g (8.0–20.1 g)'; the range is left out when it is missing or equals the value."""
    main = fmt_mass(grams)
    if low is None or high is None or (low == high == grams):
        return main
    return f"{main} ({fmt_mass(low)}–{fmt_mass(high)})"


def fmt_percent(share: float | None, digits: int = 0) -> str:
    """0.914 -> '91%'; None -> '–'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{share * 100:.{digits}f}%"


def fmt_score(score: float | None) -> str:
    """Scores are shown with one decimal (0–100)."""
    return fmt_number(score, 1)


def fmt_date(d: dt.date | str | None, lang: str) -> str:
    """'2026-11-28' in English, '2026年11月28日' in Japanese; None -> '–'."""
    if d is None or d == "":
        return "–"
    if isinstance(d, str):
        text = d
        try:
            d = dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    if isinstance(d, dt.datetime):
        d = d.date()
    if lang == "ja":
        return f"{d.year}年{d.month}月{d.day}日"
    return d.isoformat()
