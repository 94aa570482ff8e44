"""Part risk: element risk, scaled by quantity, supplier country and mapping confidence.

For a part whose mapping lists rare earths:

    R     = highest element score among its elements / 100            (weakest link)
    M     = quantity factor: grams of rare earths per product on a log scale, 0 at grams_floor, 1 at
            grams_ceiling; ``unknown_quantity_value`` when the grams are not known
    base  = 100 · R · (b + (1 − b) · M)                                 (b = base_share)
    score = base · c_country · c_confidence

Factors (their contributions add up to the score):
    element_risk  = 100 · R · b
    quantity      = 100 · R · (1 − b) · M
    supplier_country = base · (c_country − 1)                  (≤ 0; 0 for China)
    confidence    = base · c_country · (c_confidence − 1)      (≤ 0; 0 for high)

Parts without rare earths score 0, tier "none", with no factors. The computation is vectorised over rows; a
:class:`PartScores` sequence builds the per-part :class:`PartScore` objects on access.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from desktop.core.scoring.config import ScoringConfig
from desktop.core.types import Factor, MappedTable, Message, PartMapping, PartScore
from desktop.i18n import N_

PART_FACTOR_LABELS = {
    "element_risk": N_("Element supply risk (riskiest element)"),
    "quantity": N_("Quantity of rare earths per product"),
    "supplier_country": N_("Supplier / origin country"),
    "confidence": N_("Confidence of the mapping"),
}

CHINA_CODES = frozenset({"CN", "HK", "MO"})

SOURCE_ELEMENT = N_("element scores")
SOURCE_QUANTITY = N_("mapping (grams per unit × extended quantity)")
SOURCE_COUNTRY = N_("BOM country column")
SOURCE_CONFIDENCE = N_("mapping confidence")


def tier_for(score: float, tiers: Mapping[str, float]) -> str:
    if score <= 0:
        return "none"
    for name in ("critical", "high", "medium", "low"):
        if score >= float(tiers.get(name, 0.0)):
            return name
    return "low"


def quantity_value(grams: float, config: ScoringConfig) -> float:
    if grams <= config.grams_floor:
        return 0.0
    span = math.log10(config.grams_ceiling / config.grams_floor)
    return max(0.0, min(1.0, math.log10(grams / config.grams_floor) / span))


@dataclass(frozen=True)
class _MappingRisk:
    r: float              # 0..1
    riskiest: str         # symbol
    grams_per_unit: float  # sum of typical grams of quantified elements
    unknown: bool         # some element has unknown grams
    counted: bool         # the part counts as rare-earth-bearing under the config


class PartScores(Sequence[PartScore]):
    """Scores of all parts, stored column-wise; ``scores[i]`` builds the i-th :class:`PartScore`."""

    def __init__(self, score: np.ndarray, tier: np.ndarray, r: np.ndarray, m: np.ndarray, base: np.ndarray,
                 c_country: np.ndarray, c_conf: np.ndarray, country_kind: np.ndarray, riskiest: np.ndarray,
                 grams_product: np.ndarray, unknown: np.ndarray, confidence: np.ndarray,
                 config: ScoringConfig) -> None:
        self.score, self.tier = score, tier
        self._r, self._m, self._base = r, m, base
        self._c_country, self._c_conf = c_country, c_conf
        self._country_kind, self._riskiest = country_kind, riskiest
        self._grams, self._unknown, self._confidence = grams_product, unknown, confidence
        self._config = config

    def __len__(self) -> int:
        return len(self.score)

    def __iter__(self) -> Iterator[PartScore]:
        for i in range(len(self)):
            yield self[i]

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if self._r[i] <= 0:
            return PartScore(0.0, "none", ())
        cfg = self._config
        b = cfg.base_share
        r, m, base = float(self._r[i]), float(self._m[i]), float(self._base[i])
        cc, ck = float(self._c_country[i]), float(self._c_conf[i])
        c1 = round(100.0 * r * b, 2)
        c2 = round(100.0 * r * (1 - b) * m, 2)
        c3 = round(base * (cc - 1.0), 2)
        c4 = round(base * cc * (ck - 1.0), 2)
        kind = str(self._country_kind[i])
        if self._unknown[i] and self._grams[i] <= 0:
            qty_note = Message(N_("grams not known; neutral quantity value assumed"))
        elif self._grams[i] <= 0:
            qty_note = Message(N_("trace amount; no quantity added"))
        else:
            qty_note = Message(N_("{grams} g of rare earths per product"), {"grams": f"{self._grams[i]:.4g}"})
        factors = (
            Factor("element_risk", PART_FACTOR_LABELS["element_risk"], round(r, 4), b, c1, SOURCE_ELEMENT,
                   Message(N_("riskiest element: {symbol}"), {"symbol": str(self._riskiest[i])})),
            Factor("quantity", PART_FACTOR_LABELS["quantity"], round(m, 4), round(1 - b, 4), c2,
                   SOURCE_QUANTITY, qty_note),
            Factor("supplier_country", PART_FACTOR_LABELS["supplier_country"], cc,
                   cc, c3, SOURCE_COUNTRY,
                   Message({"china": N_("supplier or origin in China"), "unknown": N_("country not given"),
                            "other": N_("supplier or origin outside China")}[kind])),
            Factor("confidence", PART_FACTOR_LABELS["confidence"], ck, ck, c4, SOURCE_CONFIDENCE,
                   Message(N_("confidence: {level}"), {"level": str(self._confidence[i])})),
        )
        total = round(c1 + c2 + c3 + c4, 2)
        return PartScore(total, tier_for(total, cfg.tiers), factors)


def score_parts(mapped: MappedTable, element_scores: Mapping[str, float], config: ScoringConfig,
                trace_classes: frozenset[str]) -> PartScores:
    """Score every part (vectorised; each distinct mapping is evaluated once)."""
    parts = mapped.imported.parts
    n = len(parts)
    cache: dict[int, _MappingRisk] = {}

    def risk_of(mp: PartMapping) -> _MappingRisk:
        key = id(mp)
        hit = cache.get(key)
        if hit is not None:
            return hit
        trace = bool(mp.classes) and mp.classes[0] in trace_classes
        counted = mp.has_ree and (config.include_trace or not trace)
        if not counted:
            res = _MappingRisk(0.0, "", 0.0, False, False)
        else:
            best, sym = 0.0, ""
            grams, unknown = 0.0, False
            for s, eg in mp.elements.items():
                if eg.grams is not None and eg.grams <= 0:
                    continue  # typically absent (only the high end of the range has it): not the weakest link
                es = element_scores.get(s, 0.0)
                if es > best:
                    best, sym = es, s
                if eg.grams is None:
                    # A trace class (dopants in MLCCs) holds micrograms whatever the exact figure: its unknown
                    # grams add nothing, rather than the neutral value used for devices.
                    unknown = unknown or not trace
                else:
                    grams += float(eg.grams)
            res = _MappingRisk(best / 100.0, sym, grams, unknown, True)
        cache[key] = res
        return res

    risks = [risk_of(mp) for mp in mapped.mappings]
    r = np.fromiter((x.r for x in risks), dtype=float, count=n)
    gpu = np.fromiter((x.grams_per_unit for x in risks), dtype=float, count=n)
    unknown = np.fromiter((x.unknown for x in risks), dtype=bool, count=n)
    riskiest = np.array([x.riskiest for x in risks], dtype=object)
    confidence = np.array([mp.confidence for mp in mapped.mappings], dtype=object)

    ext = parts["extended_quantity"].to_numpy(dtype=float, na_value=np.nan) if n else np.zeros(0)
    ext = np.where(np.isnan(ext), 1.0, ext)  # unknown quantity: per-unit grams, noted in the import warnings
    grams_product = gpu * np.maximum(ext, 0.0)
    span = math.log10(config.grams_ceiling / config.grams_floor)
    with np.errstate(divide="ignore", invalid="ignore"):
        m = np.clip(np.log10(np.maximum(grams_product, 1e-300) / config.grams_floor) / span, 0.0, 1.0)
    m = np.where(grams_product <= config.grams_floor, 0.0, m)
    m = np.where(unknown, np.maximum(m, config.unknown_quantity_value), m)

    countries = parts["country"].to_numpy(dtype=object) if n else np.zeros(0, dtype=object)
    kind = np.array(["unknown" if (c is None or (isinstance(c, float) and math.isnan(c)) or c == "")
                     else ("china" if c in CHINA_CODES else "other") for c in countries], dtype=object)
    cm = config.country_multipliers
    c_country = np.array([float(cm.get(k, 1.0)) for k in kind], dtype=float)
    km = config.confidence_multipliers
    c_conf = np.array([float(km.get(c, km.get("low", 0.75))) for c in confidence], dtype=float)

    b = config.base_share
    base = 100.0 * r * (b + (1.0 - b) * m)
    score = np.round(base * c_country * c_conf, 2)
    score = np.where(r > 0, score, 0.0)
    # Round like the factors so that contributions add up exactly to the reported score.
    c1 = np.round(100.0 * r * b, 2)
    c2 = np.round(100.0 * r * (1 - b) * m, 2)
    c3 = np.round(base * (c_country - 1.0), 2)
    c4 = np.round(base * c_country * (c_conf - 1.0), 2)
    score = np.where(r > 0, np.round(c1 + c2 + c3 + c4, 2), 0.0)
    tiers = np.array([tier_for(float(s), config.tiers) for s in score], dtype=object)
    return PartScores(score, tiers, r, m, base, c_country, c_conf, kind, riskiest, grams_product, unknown,
                      confidence, config)
