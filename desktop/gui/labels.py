"""Display labels for ids used across the GUI (tiers, statuses, confidence levels, stages).

English msgids marked with ``N_``; translate with ``_()`` at the point of use. The Japanese terms follow the
glossary (極めて高い / 高 / 中 / 低 / なし; 施行中 / 停止中 / 施行予定 / 失効).
"""
from __future__ import annotations

from desktop.core.report.format import label
from desktop.core.types import (  # noqa: F401 - re-exported for the GUI: the one home of these tables is core types
    CONFIDENCE_LABELS,
    STAGE_LABELS,
    TIER_LABELS,
)
from desktop.core.types import CONTROL_STATUS_LABELS as STATUS_LABELS
from desktop.i18n import N_, _, current_language, translation_for

METHOD_LABELS: dict[str, str] = {
    "declared": N_("declared content"),
    "library": N_("part library"),
    "material": N_("material"),
    "grade": N_("magnet grade"),
    "hs_code": N_("HS code"),
    "keyword": N_("keyword"),
    "none": N_("no match"),
}


def tier_label(tier: str) -> str:
    return _(TIER_LABELS.get(tier, tier))


def status_label(status: str) -> str:
    """A measure's status for a table cell ("In force"): the core's one table, first letter capitalised."""
    return label(STATUS_LABELS, status, translation_for(current_language()), capital=True)


def confidence_label(level: str) -> str:
    return _(CONFIDENCE_LABELS.get(level, level))


def method_label(method: str) -> str:
    return _(METHOD_LABELS.get(method, method))


def format_grams(grams: float | None) -> str:
    """A mass in the report's one formatter (µg, mg, g, kg; never scientific notation); "" when unknown."""
    if grams is None or grams != grams:
        return ""
    from desktop.core.report.format import fmt_mass

    return fmt_mass(float(grams))


def format_range(low: float | None, high: float | None) -> str:
    if low is None or high is None or low != low or high != high:
        return ""
    return f"{format_grams(low)} – {format_grams(high)}"
