"""Part risk: element risk weighted by mass, scaled by the grams per product, supplier country and confidence.

For a part whose mapping lists rare earths (docs/methodology.md, "How a part is scored"):

    g_e   = grams of element e per unit: the mapping's typical figure; else the midpoint of the mapping's
            low/high (geometric when both are positive); else the same from the component class's range in the
            knowledge base. Never a neutral constant: with no figure and no range the grams stay unknown.
    de-minimis: an element with g_e ≤ de_minimis_g (1 mg) is left out when the part holds another rare earth
            above it. A part whose rare earths are all at or below it keeps them, but its score is capped (below).
    R     = Σ g_e · risk_e / Σ g_e / 100            (element risk weighted by mass; when grams are unknown the
            class's composition gives the weights, and with no composition either the riskiest element counts)
    M     = quantity factor: Σ g_e × extended quantity on a log scale, 0 at grams_floor, 1 at grams_ceiling;
            0 when the grams are unknown (the evidence and the "engage" recommendation say so)
    base  = 100 · R · (b + (1 − b) · M)                  (b = base_share)
    score = base · c_country · c_confidence
    de-minimis parts only: score = min(score, cap), cap = min(the medium tier's lower bound − 0.01,
            100 · b · lowest element risk) · lowest country multiplier · lowest confidence multiplier

Factors (their contributions add up to the score):
    element_risk     = 100 · R · b
    quantity         = 100 · R · (1 − b) · M
    supplier_country = base · (c_country − 1)                   (≤ 0; 0 for China)
    confidence       = base · c_country · (c_confidence − 1)    (≤ 0; 0 for high)
    de_minimis       = min(score, cap) − score                  (≤ 0; only for de-minimis parts)

Every part with material content, or with unknown grams, scores at least ``100 · b · R`` times its multipliers,
which is at least the cap: so a part holding only micrograms stays in tier low and ranks below every part that
holds (or may hold) more, whatever the supplier and confidence of either (P9 and "a white LED never outranks an
NdFeB motor").

Other parts: no rare earths (a class or the user said so) → score 0, tier "none", no factors; no rule judged
the part → tier "unclassified" (content unknown, never "none"); extended quantity 0 (not fitted) → score 0,
tier "none", one factor saying why, and never counted as a rare-earth part. A quantity that is negative, not a
number, infinite or above ``max_quantity`` counts as one unit per product: bad input never subtracts rare earths.

The computation is vectorised over rows; each distinct mapping is evaluated once. A :class:`PartScores` sequence
builds the per-part :class:`PartScore` objects on access.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from desktop.core.knowledge.model import ComponentClass, Knowledge
from desktop.core.masses import fmt_mass
from desktop.core.scoring.config import ScoringConfig
from desktop.core.types import (
    CONFIDENCE_LABELS,
    SCORED_TIERS,
    ElementGrams,
    Factor,
    MappedTable,
    Message,
    PartMapping,
    PartScore,
)
from desktop.i18n import N_

PART_FACTOR_LABELS = {
    "element_risk": N_("Element supply risk (weighted by each element's grams)"),
    "quantity": N_("Quantity of rare earths per product"),
    "de_minimis": N_("De-minimis content (at most {grams} g per unit)"),
    "supplier_country": N_("Supplier / origin country"),
    "confidence": N_("Confidence of the mapping"),
}

CHINA_CODES = frozenset({"CN", "HK", "MO"})

SOURCE_ELEMENT = N_("element scores")
SOURCE_QUANTITY = N_("mapping (grams per unit × extended quantity)")
SOURCE_COUNTRY = N_("BOM country column")
SOURCE_DECLARED_ORIGIN = N_("origin country declared by the supplier")
SOURCE_CONFIDENCE = N_("mapping confidence")
SOURCE_SETTINGS = N_("scoring settings")

# Status of a part's mapping for scoring.
REE, FREE, UNCLASSIFIED, EXCLUDED = "ree", "free", "unclassified", "excluded"


def tier_for(score: float, tiers: Mapping[str, float]) -> str:
    """Tier of a positive score (``none`` for 0). Unclassified parts get their tier from the mapping, not here."""
    if not score > 0:
        return "none"
    for name in SCORED_TIERS:
        if score >= float(tiers.get(name, 0.0)):
            return name
    return "low"


def quantity_value(grams: float, config: ScoringConfig) -> float:
    if not grams > config.grams_floor:
        return 0.0
    span = math.log10(config.grams_ceiling / config.grams_floor)
    return max(0.0, min(1.0, math.log10(min(grams, 1e300) / config.grams_floor) / span))


def de_minimis_cap(element_scores: Mapping[str, float], config: ScoringConfig) -> float:
    """Highest score a part holding only de-minimis rare earths may reach: inside tier low, and no more than the
    lowest score a part with material content can have — the element-risk term alone of the least risky rare
    earth, at the lowest country and confidence multipliers."""
    medium = float(config.tiers.get("medium", 35.0))
    lowest = min(element_scores.values()) if element_scores else 0.0
    worst = min(config.country_multipliers.values(), default=1.0) * \
        min(config.confidence_multipliers.values(), default=1.0)
    return max(0.0, min(medium - 0.01, config.base_share * lowest) * min(1.0, worst))


def _clean(x: float | None) -> float | None:
    """A gram figure usable for scoring: None for missing, NaN, infinite or negative figures."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) and f >= 0 else None


def amount_matters(grams: float | None, de_minimis_g: float) -> bool:
    """Whether an element's typical grams per part make the part count as holding it (the one rule of the
    summary's controlled parts, the stock advice and the briefing's page one): an unknown or unusable figure
    does (unknown is never safe); zero or micrograms of dopant at or below the de-minimis do not."""
    typical = _clean(grams)
    return typical is None or (typical != 0.0 and typical > de_minimis_g)


def _midpoint(low: float | None, high: float | None) -> float | None:
    if low is not None and high is not None:
        return math.sqrt(low * high) if low > 0 and high > 0 else (low + high) / 2
    return high if high is not None else low


def scoring_grams(eg: ElementGrams) -> float | None:
    """The figure a part is ranked by: typical grams, else the midpoint of the low/high range."""
    typical = _clean(eg.grams)
    return typical if typical is not None else _midpoint(_clean(eg.low), _clean(eg.high))


def class_range_grams(cls: ComponentClass, symbol: str, kb: Knowledge) -> float | None:
    """Grams per unit of ``symbol`` from the class's own range in the knowledge base, or None when the class
    gives none (mass-fraction classes need a part mass: their package masses give the envelope)."""
    rng = cls.elements.get(symbol)
    if cls.basis in ("grams_per_unit", "magnet") and rng is not None:
        g = scoring_grams(ElementGrams(rng.typical, rng.low, rng.high))
        if g is not None:
            return g
    if cls.basis == "magnet" and cls.magnet is not None and cls.magnet.mass_g is not None:
        prof = kb.profiles.get(cls.magnet.profile)
        f = prof.fractions.get(symbol) if prof else None
        mass = cls.magnet.mass_g
        if f is not None:
            return scoring_grams(ElementGrams(
                None if mass.typical is None or f.typical is None else mass.typical * f.typical,
                None if mass.low is None or f.low is None else mass.low * f.low,
                None if mass.high is None or f.high is None else mass.high * f.high))
    if cls.basis == "mass_fraction" and rng is not None and cls.package_mass_g:
        lows = [r.low for r in cls.package_mass_g.values() if r.low is not None]
        highs = [r.high for r in cls.package_mass_g.values() if r.high is not None]
        if lows and highs and rng.low is not None and rng.high is not None:
            return _midpoint(min(lows) * rng.low, max(highs) * rng.high)
    return None


def class_composition(cls: ComponentClass, kb: Knowledge) -> dict[str, float]:
    """Relative mass of each element in the class (fractions or grams), for weighting when grams are unknown."""
    if cls.basis == "magnet" and cls.magnet is not None and not any(r.typical for r in cls.elements.values()):
        prof = kb.profiles.get(cls.magnet.profile)
        source = prof.fractions if prof else {}
    else:
        source = cls.elements
    out = {}
    for s, r in source.items():
        g = scoring_grams(ElementGrams(r.typical, r.low, r.high))
        if g is not None:
            out[s] = g
    return out


@dataclass(frozen=True)
class _MappingRisk:
    status: str                        # REE | FREE | UNCLASSIFIED | EXCLUDED
    r: float = 0.0                     # 0..1, mass-weighted element risk
    weights: tuple[tuple[str, float], ...] = ()  # (symbol, share of the weight), largest first
    grams_unit: float = 0.0            # grams per unit of the elements counted
    unknown: bool = False              # some counted element has no grams and no class range
    from_class: bool = False           # some grams came from the class range in the knowledge base
    de_minimis: bool = False           # every rare earth is at or below the de-minimis
    left_out: tuple[str, ...] = ()     # de-minimis elements left out beside material ones
    controlled_unit: float = 0.0       # grams per unit of elements under a material-export control
    unknown_symbols: tuple[str, ...] = ()  # elements counted whose grams are unknown (no figure, no class range)


class _Evaluator:
    """Evaluates each distinct mapping once (real BOMs repeat the same mapping on many rows), and mappings with
    the same content once (different texts often map alike: 3,741 mapping objects, 696 contents on the 100,000-row
    benchmark)."""

    def __init__(self, kb: Knowledge, element_scores: Mapping[str, float], controlled: Mapping[str, bool],
                 config: ScoringConfig, trace_classes: frozenset[str]) -> None:
        self.kb, self.scores, self.controlled = kb, element_scores, controlled
        self.config, self.trace = config, trace_classes
        self.cache: dict[int, _MappingRisk] = {}
        self.by_content: dict[tuple, _MappingRisk] = {}

    def __call__(self, mp: PartMapping) -> _MappingRisk:
        hit = self.cache.get(id(mp))
        if hit is None:
            # Everything _evaluate reads, elements in their order (it breaks ties by it). Equal figures give equal
            # results: of equal floats only 0.0 and -0.0 differ, and _evaluate treats a zero of either sign alike
            # (a zero typical figure is skipped, a zero end of a range gives the same midpoint or is skipped).
            key = (tuple(mp.classes), mp.method, mp.rare_earth_free,
                   tuple((s, g.grams, g.low, g.high) for s, g in mp.elements.items()))
            try:
                hit = self.by_content.get(key)
            except TypeError:   # a figure that cannot be hashed (not a number): evaluated on its own
                hit = self._evaluate(mp)
            if hit is None:
                hit = self.by_content[key] = self._evaluate(mp)
            self.cache[id(mp)] = hit
        return hit

    def _class(self, mp: PartMapping) -> ComponentClass | None:
        for cid in mp.classes:
            cls = self.kb.classes.get(cid)
            if cls is not None and cls.kind != "lookalike":
                return cls
        return None

    def _evaluate(self, mp: PartMapping) -> _MappingRisk:
        if not mp.has_ree:
            if mp.method == "none" and not mp.rare_earth_free and not mp.classes:
                return _MappingRisk(UNCLASSIFIED)
            return _MappingRisk(FREE)
        trace = bool(mp.classes) and mp.classes[0] in self.trace
        if trace and not self.config.include_trace:
            return _MappingRisk(EXCLUDED)
        cls = self._class(mp)
        grams: dict[str, float | None] = {}
        from_class = False
        for s, eg in mp.elements.items():
            if _clean(eg.grams) == 0.0:
                continue  # typically absent (only the high end of the range has it)
            g = scoring_grams(eg)
            if g is None and cls is not None:
                g = class_range_grams(cls, s, self.kb)
                from_class = from_class or g is not None
            if g == 0.0:
                continue
            grams[s] = g
        if not grams:  # every element typically absent: the high end of the range (or nothing) is what it holds
            grams = {s: _clean(eg.high) or 0.0 for s, eg in mp.elements.items()}
        dm = self.config.de_minimis_g
        known = {s: g for s, g in grams.items() if g is not None}
        unknown = [s for s, g in grams.items() if g is None]
        material = {s: g for s, g in known.items() if g > dm}
        if unknown:
            # Trace classes hold dopant-level amounts whatever the exact figure: de-minimis by definition.
            de_minimis = trace and not material
            left_out: tuple[str, ...] = ()
            used: dict[str, float | None] = dict(grams)
        elif material:
            de_minimis, used = False, dict(material)
            left_out = tuple(s for s in known if s not in material)
        else:
            de_minimis, used, left_out = True, dict(known), ()
        r, weights = self._weighted_risk(used, cls)
        grams_unit = sum(g for g in used.values() if g is not None)
        controlled_unit = sum(g for s, g in used.items() if g is not None and self.controlled.get(s))
        return _MappingRisk(REE, r, weights, grams_unit, bool(unknown) and not de_minimis, from_class, de_minimis,
                            left_out, controlled_unit, tuple(unknown))

    def _weighted_risk(self, grams: Mapping[str, float | None], cls: ComponentClass | None
                       ) -> tuple[float, tuple[tuple[str, float], ...]]:
        # Each element weighs by its grams per unit on the quantity factor's log scale: ten times the grams
        # count one step more, and an element below grams_floor weighs nothing beside heavier ones. When every
        # element is below the floor, plain grams decide.
        weights: dict[str, float] = {s: quantity_value(g, self.config) for s, g in grams.items() if g is not None}
        if not any(weights.values()):
            weights = {s: g for s, g in grams.items() if g is not None}
        if len(weights) < len(grams):
            # Some grams unknown: the class's composition gives the relative masses; without it the riskiest
            # element counts (unknown is never scored as safe).
            comp = class_composition(cls, self.kb) if cls is not None else {}
            if all(comp.get(s) for s in grams):
                weights = {s: comp[s] for s in grams}
            else:
                sym = max(grams, key=lambda s: self.scores.get(s, 0.0))
                return self.scores.get(sym, 0.0) / 100.0, ((sym, 1.0),)
        total = sum(weights.values())
        if not total > 0:
            sym = max(grams, key=lambda s: self.scores.get(s, 0.0))
            return self.scores.get(sym, 0.0) / 100.0, ((sym, 1.0),)
        r = sum(w * self.scores.get(s, 0.0) for s, w in weights.items()) / total / 100.0
        shares = sorted(((s, w / total) for s, w in weights.items()), key=lambda x: -x[1])
        return min(1.0, max(0.0, r)), tuple(shares)


class PartScores(Sequence[PartScore]):
    """Scores of all parts, stored column-wise; ``scores[i]`` builds the i-th :class:`PartScore`.

    Public arrays: ``score``, ``tier``, ``counted`` (the part counts as a rare-earth part of the product),
    ``unclassified``, ``not_fitted``, ``negative`` (not fitted because the import counted a negative quantity as
    0) and ``quantity`` (the extended quantity used, after the checks). ``distinct_mappings`` lists each distinct
    mapping object once, in order of first appearance, and ``mapping_codes`` gives each part's position in it
    (the summary and the recommendations walk the few distinct mappings, not the rows)."""

    def __init__(self, *, score: np.ndarray, tier: np.ndarray, counted: np.ndarray, unclassified: np.ndarray,
                 not_fitted: np.ndarray, quantity: np.ndarray, risks: list[_MappingRisk], m: np.ndarray,
                 base: np.ndarray, capped: np.ndarray, c_country: np.ndarray, c_conf: np.ndarray,
                 country_kind: np.ndarray, grams_product: np.ndarray, confidence: np.ndarray,
                 config: ScoringConfig, mapping_codes: np.ndarray, distinct_mappings: list[PartMapping]) -> None:
        self.score, self.tier, self.counted = score, tier, counted
        self.mapping_codes, self.distinct_mappings = mapping_codes, distinct_mappings
        self.unclassified, self.not_fitted, self.quantity = unclassified, not_fitted, quantity
        self.origin_declared = np.zeros(len(score), dtype=bool)   # country from a supplier's declaration
        self._risks, self._m, self._base, self._capped = risks, m, base, capped
        self._c_country, self._c_conf = c_country, c_conf
        self._country_kind, self._grams, self._confidence = country_kind, grams_product, confidence
        self._config = config

    def __len__(self) -> int:
        return len(self.score)

    def __iter__(self) -> Iterator[PartScore]:
        for i in range(len(self)):
            yield self[i]

    def same_score_groups(self) -> np.ndarray:
        """A group number per part such that parts with the same number have equal ``self[i]``.

        Why: writers that render every part's factors (the JSON output) can render them once per group; a real
        BOM repeats the same part with the same quantity on many rows. Two parts share a group when they share
        the mapping's risk and every per-part figure ``__getitem__`` reads, compared bit for bit (so 0.0 and
        -0.0, or two NaNs, never merge rows whose rendering could differ). Groups are numbered in order of first
        appearance.
        """
        n = len(self)
        if not n:
            return np.zeros(0, dtype=np.intp)

        def bits(values: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(values, dtype=np.float64).view(np.int64)

        columns = [
            np.fromiter(map(id, self._risks), dtype=np.int64, count=n),   # risks are shared per mapping
            self.not_fitted, self.origin_declared, self.tier, self._country_kind, self._confidence,
            bits(self.score), bits(self._m), bits(self._base), bits(self._c_country), bits(self._c_conf),
            bits(self._grams),
        ]
        # One column at a time: (group so far, the column's code) numbered anew. ``group * k + code`` with
        # code < k tells the pairs apart, and stays below n² (no overflow). Hashing, unlike sorting the rows as
        # wide byte strings (np.unique), costs a few milliseconds per column.
        group = np.zeros(n, dtype=np.int64)
        for column in columns:
            codes, uniques = pd.factorize(column, use_na_sentinel=False)   # None and NaN are values too
            group = pd.factorize(group * len(uniques) + codes)[0].astype(np.int64, copy=False)
        return group

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        risk = self._risks[i]
        if risk.status == UNCLASSIFIED and not self.not_fitted[i]:
            return PartScore(0.0, "unclassified", ())
        if risk.status != REE:
            return PartScore(0.0, "none", ())
        if self.not_fitted[i]:
            note = Message(N_("not fitted (quantity 0): not counted as a rare-earth part of the product"))
            return PartScore(0.0, "none", (Factor(
                "quantity", PART_FACTOR_LABELS["quantity"], 0.0, 0.0, 0.0, SOURCE_QUANTITY, note),))
        cfg = self._config
        b = cfg.base_share
        r, m = risk.r, float(self._m[i])
        base = float(self._base[i])
        cc, ck = float(self._c_country[i]), float(self._c_conf[i])
        total = float(self.score[i])
        c1 = round(100.0 * r * b, 2)
        c2 = round(100.0 * r * (1 - b) * m, 2)
        c3 = round(base * (cc - 1.0), 2)
        if risk.de_minimis:
            c4 = round(base * cc * (ck - 1.0), 2)
            c_dm = round(total - c1 - c2 - c3 - c4, 2)  # absorbs the rounding of the others
        else:
            c4, c_dm = round(total - c1 - c2 - c3, 2), 0.0  # the confidence term absorbs the rounding
        shares = [f"{s} {w:.0%}" for s, w in risk.weights[:3] if w >= 0.005] or [risk.weights[0][0]]
        risk_note = Message(N_("weighted by grams: {shares}"), {"shares": tuple(shares)})
        if risk.left_out:
            risk_note = Message(N_("{weights}; left out as de-minimis: {symbols}"),
                                {"weights": risk_note, "symbols": tuple(risk.left_out)})
        grams = float(self._grams[i])
        if risk.unknown and grams > 0:
            qty_note = Message(N_("{grams} of rare earths per product; grams of {symbols} not known and not "
                                  "counted (ask the supplier for a declaration)"),
                               {"grams": fmt_mass(grams), "symbols": tuple(risk.unknown_symbols)})
        elif risk.unknown:
            qty_note = Message(N_("grams not known and the component class gives no range: no quantity counted "
                                  "(ask the supplier for a declaration)"))
        elif grams <= 0:
            qty_note = Message(N_("trace amount; no quantity added"))
        elif risk.from_class:
            qty_note = Message(N_("{grams} of rare earths per product (from the component class's range)"),
                               {"grams": fmt_mass(grams)})
        else:
            qty_note = Message(N_("{grams} of rare earths per product"), {"grams": fmt_mass(grams)})
        kind = str(self._country_kind[i])
        factors = [
            Factor("element_risk", PART_FACTOR_LABELS["element_risk"], round(r, 4), b, c1, SOURCE_ELEMENT,
                   risk_note),
            Factor("quantity", PART_FACTOR_LABELS["quantity"], round(m, 4), round(1 - b, 4), c2,
                   SOURCE_QUANTITY, qty_note),
        ]
        factors += [
            Factor("supplier_country", PART_FACTOR_LABELS["supplier_country"], cc, cc, c3,
                   SOURCE_DECLARED_ORIGIN if self.origin_declared[i] else SOURCE_COUNTRY,
                   Message({"china": N_("supplier or origin in China"), "unknown": N_("country not given"),
                            "other": N_("supplier or origin outside China")}[kind])),
            Factor("confidence", PART_FACTOR_LABELS["confidence"], ck, ck, c4, SOURCE_CONFIDENCE,
                   Message(N_("confidence: {level}"),   # the level's label, never the id ("確度: 低", not "low")
                           {"level": Message(CONFIDENCE_LABELS.get(str(self._confidence[i]),
                                                                   str(self._confidence[i])))})),
        ]
        if risk.de_minimis:
            factors.append(Factor(
                "de_minimis", PART_FACTOR_LABELS["de_minimis"], round(risk.grams_unit, 9), cfg.de_minimis_g, c_dm,
                SOURCE_SETTINGS,
                Message(N_("every rare earth is at most {grams} g per unit: the score stays in tier low, below "
                           "parts with material content"), {"grams": f"{cfg.de_minimis_g:g}"})))
        return PartScore(total, str(self.tier[i]), tuple(factors))


def usable_quantity(parts, config: ScoringConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(extended quantity used, not-fitted mask, unusable mask) for every row.

    Missing quantities count as one unit per product (the importer reports them). Negative, infinite or absurd
    quantities do too, and are reported by the caller; extended quantity 0 marks a line that is not fitted."""
    n = len(parts)
    if not n:
        z = np.zeros(0)
        return z, z.astype(bool), z.astype(bool)
    ext = parts["extended_quantity"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(ext)
        not_fitted = finite & (ext == 0)
        unusable = (~np.isnan(ext)) & (~finite | (ext < 0) | (ext > config.max_quantity))
    used = np.where(np.isnan(ext) | unusable, 1.0, ext)
    used = np.where(not_fitted, 0.0, used)
    return used, not_fitted, unusable


def score_parts(mapped: MappedTable, kb: Knowledge, element_scores: Mapping[str, float],
                controlled: Mapping[str, bool], config: ScoringConfig,
                trace_classes: frozenset[str]) -> PartScores:
    """Score every part (vectorised; each distinct mapping is evaluated once)."""
    parts = mapped.imported.parts
    n = len(parts)
    evaluate = _Evaluator(kb, element_scores, controlled, config, trace_classes)
    # Per distinct mapping object (real BOMs repeat parts), then spread to the rows with one ``take`` each.
    mappings = mapped.mappings
    rows = pd.factorize(np.fromiter(map(id, mappings), dtype=np.int64, count=len(mappings)))[0]
    distinct = [mappings[i] for i in np.unique(rows, return_index=True)[1].tolist()]
    risks_u = [evaluate(mp) for mp in distinct]
    risks = list(map(risks_u.__getitem__, rows.tolist()))
    status = np.array([x.status for x in risks_u], dtype=object)[rows]
    is_ree = status == REE
    r = np.array([x.r for x in risks_u], dtype=float)[rows]
    gpu = np.array([x.grams_unit for x in risks_u], dtype=float)[rows]
    de_min = np.array([x.de_minimis for x in risks_u], dtype=bool)[rows]
    confidence = np.array([mp.confidence for mp in distinct], dtype=object)[rows]

    ext, not_fitted, _unusable = usable_quantity(parts, config)
    with np.errstate(over="ignore", invalid="ignore"):
        grams_product = np.nan_to_num(gpu * ext, nan=0.0, posinf=1e300)
    span = math.log10(config.grams_ceiling / config.grams_floor)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        m = np.clip(np.log10(np.maximum(grams_product, 1e-300) / config.grams_floor) / span, 0.0, 1.0)
    m = np.where(grams_product > config.grams_floor, m, 0.0)

    countries = parts["country"].to_numpy(dtype=object) if n else np.zeros(0, dtype=object)
    origin_u = [mp.origin_country for mp in distinct]
    declared = np.array([bool(d) for d in origin_u], dtype=bool)[rows]
    if declared.any():   # a supplier's declared magnet/material origin is more specific than the BOM column
        countries = np.where(declared, np.array(origin_u + [None], dtype=object)[:-1][rows], countries)
    kind = _country_kinds(countries)
    cm = config.country_multipliers
    c_country = np.ones(len(kind), dtype=float)
    for k in ("unknown", "china", "other"):
        c_country[kind == k] = float(cm.get(k, 1.0))
    km = config.confidence_multipliers
    c_conf = np.array([float(km.get(mp.confidence, km.get("low", 0.75))) for mp in distinct], dtype=float)[rows]

    b = config.base_share
    base = 100.0 * r * (b + (1.0 - b) * m)
    cap = de_minimis_cap(element_scores, config)
    final = base * c_country * c_conf
    capped = np.where(de_min, np.minimum(final, cap), final)
    counted = is_ree & ~not_fitted & (r > 0)
    # The score is the exact product, rounded once (so it is monotone in the grams); the factors absorb rounding.
    score = np.where(counted, np.round(capped, 2), 0.0)
    unclassified = (status == UNCLASSIFIED) & ~not_fitted
    levels, where = np.unique(score, return_inverse=True)   # tier_for once per distinct score
    tiers = np.array([tier_for(float(s), config.tiers) for s in levels], dtype=object)[where.reshape(-1)]
    tiers = np.where(unclassified, "unclassified", tiers).astype(object) if n else tiers
    out = PartScores(score=score, tier=tiers, counted=counted, unclassified=unclassified, not_fitted=not_fitted,
                      quantity=ext, risks=risks, m=m, base=base, capped=capped, c_country=c_country,
                      c_conf=c_conf, country_kind=kind, grams_product=grams_product, confidence=confidence,
                      config=config, mapping_codes=rows, distinct_mappings=distinct)
    if declared.any():
        out.origin_declared = declared
    return out


def _country_kind(country: object) -> str:
    return "unknown" if (country is None or (isinstance(country, float) and math.isnan(country))
                         or country == "") else ("china" if country in CHINA_CODES else "other")


def _country_kinds(countries: np.ndarray) -> np.ndarray:
    """``_country_kind`` of each row, computed once per distinct value: hash-equal values (1 and 1.0) are never
    strings, so they share a kind; missing values (None, NaN …) are judged one by one."""
    codes, uniques = pd.factorize(countries, use_na_sentinel=True)
    kinds = np.array([_country_kind(c) for c in uniques] + [None], dtype=object)[codes]
    for i in np.flatnonzero(codes < 0).tolist():
        kinds[i] = _country_kind(countries[i])
    return kinds
