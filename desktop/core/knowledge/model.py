"""The knowledge base as frozen objects. Loaded and validated by desktop/core/knowledge/loader.py.

Mapping and scoring read these; nothing writes them. See docs/ARCHITECTURE.md for the YAML layout.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

STAGES: tuple[str, ...] = ("mining", "refining", "metal", "magnet")
CONTROL_KINDS: tuple[str, ...] = (
    "export_licence", "extraterritorial", "technology", "equipment", "informal_halt", "quota",
    "suspension", "agreement", "dispute", "domestic",
)
CLASS_KINDS: tuple[str, ...] = ("ree", "trace", "lookalike")
BASES: tuple[str, ...] = ("magnet", "grams_per_unit", "mass_fraction", "none")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    year: int | None = None
    url: str | None = None
    publisher: str | None = None
    read_via: str | None = None
    quality: str | None = None     # high | medium | low
    note: str | None = None


@dataclass(frozen=True)
class Figure:
    """A sourced number. ``value`` None = not found (never zero)."""

    value: float | None
    source: str | None = None
    year: int | None = None
    basis: str | None = None
    low: float | None = None
    high: float | None = None
    element_specific: bool = True
    uncertain: bool = False
    uncertain_reason: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Range:
    """low / typical / high of grams or mass fractions. Any may be None (not found)."""

    low: float | None
    typical: float | None
    high: float | None
    estimate: bool = True
    source: str | None = None
    sources: tuple[str, ...] = ()      # all source ids when the record lists several (``source`` is the first)


@dataclass(frozen=True)
class Producer:
    country: str            # ISO2 or "OTHER"
    share: float | None     # share of world mine production (aggregate REO)
    tonnes: float | None
    year: int | None
    source: str | None
    note: str | None = None


@dataclass(frozen=True)
class Element:
    symbol: str
    atomic_number: int
    name_en: str
    name_ja: str
    group: str                          # light | heavy | separate
    cn_group: str | None
    uses_en: tuple[str, ...]
    uses_ja: tuple[str, ...]
    china_share: Mapping[str, Figure]   # stage -> Figure (only stages with a record)
    eol_rir: Figure | None              # end-of-life recycling input rate 0..1
    substitutability: Figure | None     # 0..1; 1 = fully substitutable (None = not found)
    price: Figure | None                # reference price (unit in Figure.unit)
    notes: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Control:
    id: str
    number: str
    authority: str
    authority_ja: str
    title_en: str
    title_ja: str
    kind: str
    elements: tuple[str, ...]           # symbols; all 17 when the record says "all"
    all_elements: bool
    scope_en: tuple[str, ...]
    scope_ja: tuple[str, ...]
    control_codes: Mapping[str, str]
    hs_codes: tuple[str, ...]
    destinations: tuple[str, ...]       # ("all",) or ISO2 codes
    announced: dt.date | None
    effective: dt.date | None
    ended: dt.date | None
    suspended_from: dt.date | None
    suspended_until: dt.date | None
    suspended_by: str | None
    sources: tuple[str, ...]
    uncertain: bool = False
    uncertain_reason: str | None = None
    notes: str | None = None
    number_ja: str = ""                 # Japanese label when the number is not of the form "No. 18/2025"

    def applies_to(self, destination: str | None) -> bool:
        """Whether the measure covers shipments to ``destination`` (ISO2; None = unknown, treated as covered)."""
        return "all" in self.destinations or destination is None or destination in self.destinations


@dataclass(frozen=True)
class MaterialProfile:
    id: str
    name: str
    fractions: Mapping[str, Range]      # symbol -> mass fraction of the material
    confidence: str
    sources: tuple[str, ...]
    estimate: bool = True
    note: str | None = None
    name_ja: str = ""


@dataclass(frozen=True)
class MagnetSpec:
    profile: str                        # MaterialProfile id
    mass_g: Range | None                # magnet mass per unit; None = not found
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComponentClass:
    id: str
    kind: str                           # ree | trace | lookalike
    name_en: str
    name_ja: str
    keywords_en: tuple[str, ...]
    keywords_ja: tuple[str, ...]
    patterns: tuple[str, ...]
    negative_keywords: tuple[str, ...]
    hs_codes: tuple[str, ...]
    basis: str                          # magnet | grams_per_unit | mass_fraction | none
    unit_en: str
    magnet: MagnetSpec | None
    elements: Mapping[str, Range]       # grams per unit (grams_per_unit) or fractions (mass_fraction)
    confidence: str
    substitutes_en: tuple[str, ...]
    substitutes_ja: tuple[str, ...]
    recycling_en: tuple[str, ...]
    recycling_ja: tuple[str, ...]
    recycling_maturity: str | None
    priority: int
    sources: tuple[str, ...]
    notes: str | None = None
    #: estimated mass of one part by package code ("0402" -> grams), for trace classes such as MLCCs
    package_mass_g: Mapping[str, Range] = field(default_factory=dict)
    recycling_maturity_ja: str | None = None
    #: more general classes this one is a kind of (a drone motor is a brushless motor): when both match a part,
    #: this one wins whatever the keyword lengths
    specialises: tuple[str, ...] = ()
    #: classes a part of this class is never also (a SmCo magnet is never a sintered NdFeB magnet): left out of a
    #: part's class list when this class is chosen. Mutual (the loader adds the reverse); it never changes which
    #: class is chosen
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScalingLaw:
    """A physical law of the quantity model (scaling.yaml): named sourced ranges and the classes it applies to."""

    id: str
    kind: str                           # one of SCALING_KINDS
    classes: tuple[str, ...]
    values: Mapping[str, Range]         # e.g. profile id -> density, "AA" -> grams, "fraction" -> fraction
    formula: str
    note: str | None = None
    class_profiles: Mapping[str, str] = field(default_factory=dict)   # density: class id -> default profile id


SCALING_KINDS: tuple[str, ...] = ("density", "magnet_fraction_of_mass", "magnet_per_kw", "form_factor",
                                  "cell_mass", "capacity_per_mass", "magnet_per_diameter_cubed", "part_mass")


@dataclass(frozen=True)
class SupplyOption:
    id: str
    name: str
    countries: tuple[str, ...]          # ISO2
    elements: tuple[str, ...]
    forms: tuple[str, ...]              # concentrate | oxide | metal | alloy | magnet | recycled
    status: str                         # operating | ramping | construction | development | planned | not_an_alternative
    status_as_of: str | None
    description_en: str
    description_ja: str
    is_alternative: bool
    sources: tuple[str, ...]
    uncertain: bool = False
    uncertain_reason: str | None = None
    name_ja: str = ""                   # Japanese name where the knowledge base has one (双日 …)
    processed_in_china: bool = False    # separated or refined in China: never an alternative


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_ja: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class VocabularyTerm:
    """One concept of the EN/JA/ZH vocabulary: Japanese and Chinese ``terms`` rewritten to the English ``en``."""

    kind: str                     # type | qualifier | material | form | context | accessory | colour | stop
    en: str                       # the English form ("" for a particle read as a word break)
    terms: tuple[str, ...]        # Japanese and Chinese forms (matched anywhere, see mapping/vocabulary.py)
    words: tuple[str, ...] = ()   # other languages' words (Spanish, French, German …), matched as whole words


@dataclass(frozen=True)
class Knowledge:
    version: str
    as_of: dt.date
    compiled_on: dt.date | None
    title: str
    warnings_en: tuple[str, ...]
    warnings_ja: tuple[str, ...]
    sources: Mapping[str, Source]
    elements: Mapping[str, Element]             # in atomic-number order
    stage_defaults: Mapping[str, Figure]        # all-REE China share per stage (fallback)
    controls: tuple[Control, ...]
    profiles: Mapping[str, MaterialProfile]
    classes: Mapping[str, ComponentClass]
    supply_options: tuple[SupplyOption, ...]
    countries: Mapping[str, Country]
    folder: str = ""
    origin: str = "bundled"                     # bundled | user
    load_warnings: tuple[str, ...] = field(default_factory=tuple)
    producers: tuple[Producer, ...] = ()         # USGS country table (aggregate REO mine production)
    eol_rir_group: Figure | None = None          # group-level EoL-RIR range when no element figure exists
    vocabulary: tuple[VocabularyTerm, ...] = ()  # EN/JA/ZH part vocabulary (vocabulary.yaml)
    scaling: Mapping[str, ScalingLaw] = field(default_factory=dict)   # scaling.yaml laws by id

    def control(self, control_id: str) -> Control:
        for c in self.controls:
            if c.id == control_id:
                return c
        raise KeyError(control_id)
