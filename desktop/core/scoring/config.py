"""Scoring parameters: weights, tier thresholds and assumptions. Plain values; the GUI builds one from settings.

Every parameter here is a model choice of reerisk (not a fact from a source); docs/methodology.md explains each
one and why it has its default value.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

#: Element-risk weights (add up to 1): China's share at the bottleneck stage, export controls on the as-of
#: date, end-of-life recycling, and substitutability.
DEFAULT_ELEMENT_WEIGHTS: Mapping[str, float] = {
    "concentration": 0.35,
    "controls": 0.40,
    "recycling": 0.10,
    "substitution": 0.15,
}

#: Value of the controls factor by the kind of measure and its (treated) status on the as-of date.
DEFAULT_CONTROL_VALUES: Mapping[str, Mapping[str, float]] = {
    "export_licence": {"in_force": 1.0, "scheduled": 0.6, "suspended": 0.5},
    "extraterritorial": {"in_force": 1.0, "scheduled": 0.6, "suspended": 0.5},
    "informal_halt": {"in_force": 1.0},
    "quota": {"in_force": 0.8},
    "equipment": {"in_force": 0.2, "scheduled": 0.15, "suspended": 0.1},
    "technology": {"in_force": 0.15, "scheduled": 0.1, "suspended": 0.1},
}

#: Tier lower bounds (score >= bound). A score of 0 is always tier "none".
DEFAULT_TIERS: Mapping[str, float] = {"critical": 75.0, "high": 55.0, "medium": 35.0, "low": 0.0}

#: Part-score multipliers by mapping confidence.
DEFAULT_CONFIDENCE_MULTIPLIERS: Mapping[str, float] = {"high": 1.0, "medium": 0.9, "low": 0.75}

#: Part-score multipliers by supplier / origin country. China (and Hong Kong, a re-export hub for Chinese
#: material) scores highest; an unknown country sits between.
DEFAULT_COUNTRY_MULTIPLIERS: Mapping[str, float] = {"china": 1.0, "unknown": 0.85, "other": 0.7}

ASSUMPTIONS_AFTER_SUSPENSION: tuple[str, ...] = ("in_force", "suspended")


@dataclass(frozen=True)
class ScoringConfig:
    """All knobs of the score. ``ScoringConfig()`` is the documented default."""

    element_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_ELEMENT_WEIGHTS))
    control_values: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_CONTROL_VALUES.items()})
    tiers: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TIERS))
    #: Share of a part's score that comes from element risk alone; the rest scales with the quantity.
    base_share: float = 0.5
    #: Quantity scale: grams per product mapped logarithmically from grams_floor (0) to grams_ceiling (1).
    grams_floor: float = 1e-4
    grams_ceiling: float = 1e3
    #: De-minimis per unit of a part, in grams (default 1 mg). An element holding at most this much per unit
    #: cannot lift a part above the low tier: it is left out of a part's element risk and quantity when the part
    #: holds other rare earths above it, and a part whose rare earths are all at or below it is capped (see
    #: parts.py). Trace classes (dopants) whose grams are unknown count as de-minimis by definition.
    de_minimis_g: float = 1e-3
    #: Largest extended quantity taken as given. A quantity that is negative, not a number, infinite or above
    #: this is not usable: the part is counted for one unit per product and the result carries a warning, so
    #: a bad cell never subtracts rare earths or overflows a total.
    max_quantity: float = 1e9
    confidence_multipliers: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_CONFIDENCE_MULTIPLIERS))
    country_multipliers: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_COUNTRY_MULTIPLIERS))
    #: How to treat a suspended measure once its recorded suspension has ended but the knowledge base cannot
    #: know what followed: "in_force" (conservative: it may be back) or "suspended" (assume it was extended).
    after_suspension: str = "in_force"
    #: Count trace classes (MLCC dopants) as rare-earth parts.
    include_trace: bool = True
    #: The user's company country / destination market (ISO2) for destination-specific measures; None = all.
    destination: str | None = None

    def with_changes(self, **changes: Any) -> ScoringConfig:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoringConfig:
        """Build from saved settings; unknown keys (including the retired ``unknown_quantity_value``) are
        ignored, so settings written by an older version still load."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})
