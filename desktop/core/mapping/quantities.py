"""Grams of each element per unit of a part, from a class (and optionally a material profile and a weight)."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from desktop.core.knowledge.model import ComponentClass, Knowledge, MaterialProfile, Range
from desktop.core.mapping import evidence as E
from desktop.core.mapping import physical
from desktop.core.mapping.measures import Measures
from desktop.core.types import ElementGrams, Message


@dataclass(frozen=True)
class Quantity:
    elements: dict[str, ElementGrams]
    evidence: tuple[Message, ...]


def _mul(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a * b


def _fmt(x: float | None) -> str:
    """Three significant figures, never in scientific notation (1000, not 1e+03)."""
    if x is None:
        return "?"
    return f"{x:.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _has_weight(w: float | None) -> bool:
    return w is not None and not math.isnan(w) and w > 0


def scale(fractions: Mapping[str, Range], mass: Range | None) -> dict[str, ElementGrams]:
    """mass (low/typ/high) × fraction (low/typ/high); elements whose fractions are all zero are left out."""
    out: dict[str, ElementGrams] = {}
    for symbol, f in fractions.items():
        if f.low == 0 and f.typical == 0 and f.high == 0:
            continue
        if mass is None:
            out[symbol] = ElementGrams(None, None, None)
        else:
            out[symbol] = ElementGrams(_mul(mass.typical, f.typical), _mul(mass.low, f.low), _mul(mass.high, f.high))
    return out


def from_ranges(ranges: Mapping[str, Range]) -> dict[str, ElementGrams]:
    return {s: ElementGrams(r.typical, r.low, r.high) for s, r in ranges.items()
            if not (r.low == 0 and r.typical == 0 and r.high == 0)}


def profile_name(profile: MaterialProfile) -> E.LocalText:
    return E.local(profile.name, profile.name_ja or None)


def class_quantity(cls: ComponentClass, knowledge: Knowledge, *, profile_id: str | None = None,
                   unit_weight_g: float | None = None, package: str | None = None,
                   measures: Measures | None = None) -> Quantity:
    """Grams per unit for a part of class ``cls``, from the part's own data where it allows (docs/methodology.md).

    Order: (b) magnet dimensions × density × composition (bare magnets); (c) the stated unit weight — the BOM
    column, else a mass in the text — × the class's fraction (mass-fraction classes, outrunner magnet share);
    (d) the class's scaling laws (power, form factor, cell size or capacity, chip package); (e) the class range.
    Whatever the step, the rare-earth content never exceeds the part's stated mass. Declared content (a) and the
    part library are handled by the mapper before this is called.

    Args:
        cls: the winning class.
        knowledge: for profiles, package masses and scaling laws.
        profile_id: a material profile found in the text (grade or material), overriding the class's.
        unit_weight_g: the BOM unit weight in grams (None: not given, or not the part's own mass).
        package: a chip package code ("0402") for classes with per-package masses.
        measures: dimensions and ratings read from the part's text (None: do not use the text).
    """
    profile = knowledge.profiles.get(profile_id) if profile_id else None
    if cls.basis == "none":
        return Quantity({}, ())
    part_mass = float(unit_weight_g) if _has_weight(unit_weight_g) else None  # type: ignore[arg-type]
    from_text = False
    if part_mass is None and measures is not None and measures.mass_g:
        part_mass, from_text = measures.mass_g, True
    if cls.basis == "magnet" and cls.magnet is not None:
        q = _magnet_quantity(cls, knowledge, profile, part_mass, measures)
    elif cls.basis == "grams_per_unit":
        q = _capped_grams(from_ranges(cls.elements), part_mass)
        if q.elements and all(g.grams is None and g.high is None for g in q.elements.values()):
            q = Quantity(q.elements, (*q.evidence, E.ev(E.GRAMS_NOT_IN_SOURCES)))
    else:
        q = _fraction_quantity(cls, knowledge, profile, part_mass, from_text, package, measures)
    return _with_result(q)


def _magnet_quantity(cls: ComponentClass, knowledge: Knowledge, profile: MaterialProfile | None,
                     part_mass: float | None, measures: Measures | None) -> Quantity:
    """Magnet-basis classes: magnet mass (law, else class range) × profile fractions, capped by the part mass."""
    assert cls.magnet is not None
    prof = profile or knowledge.profiles.get(cls.magnet.profile)
    evidence: list[Message] = []
    est = physical.magnet_from_dimensions(cls, knowledge, measures, profile.id if profile else None,
                                          _label(cls, profile)) \
        or physical.device_magnet(cls, knowledge, measures, part_mass)
    if est is not None and prof is not None:
        mass: Range | None = est.mass_g
        evidence.append(est.evidence)
        elements = scale(prof.fractions, mass)
    else:
        mass = cls.magnet.mass_g
        if profile is None and cls.elements and any(r.typical is not None for r in cls.elements.values()):
            elements = from_ranges(cls.elements)           # the reference's own derivation (magnet × profile)
        elif prof is None:
            return Quantity({}, (E.ev(E.MAGNET_MASS_UNKNOWN),))
        else:
            elements = scale(prof.fractions, mass)
        if mass is None or mass.typical is None:
            return Quantity({s: ElementGrams(None, None, None) for s in elements}, (E.ev(E.MAGNET_MASS_UNKNOWN),))
        if prof is not None:
            evidence.append(E.ev(E.MAGNET_ESTIMATE, low=_fmt(mass.low), high=_fmt(mass.high),
                                 typical=_fmt(mass.typical), profile=profile_name(prof)))
    assert mass is not None  # an estimate always has a mass; the class-range branch returned when it had none
    capped, did = physical.cap(mass, part_mass)
    if did and prof is not None:
        elements = scale(prof.fractions, capped)
        evidence.append(E.ev(E.MASS_CAPPED, mass=_fmt(part_mass)))
    elif did:
        q = _capped_grams(elements, part_mass)
        return Quantity(q.elements, (*evidence, *q.evidence))
    return Quantity(elements, tuple(evidence))


def _fraction_quantity(cls: ComponentClass, knowledge: Knowledge, profile: MaterialProfile | None,
                       part_mass: float | None, from_text: bool, package: str | None,
                       measures: Measures | None) -> Quantity:
    """Mass-fraction classes: the part's mass (dimensions, stated weight, cell law, package) × fractions."""
    fractions: Mapping[str, Range] = profile.fractions if profile is not None else cls.elements
    label = _label(cls, profile)
    dims = physical.magnet_from_dimensions(cls, knowledge, measures, profile.id if profile else None, label)
    if dims is not None:
        if profile is None and dims.profile is not None and dims.profile in knowledge.profiles:
            fractions = knowledge.profiles[dims.profile].fractions
        mass, did = physical.cap(dims.mass_g, part_mass)
        dims_ev = [dims.evidence, *((E.ev(E.MASS_CAPPED, mass=_fmt(part_mass)),) if did else ())]
        return Quantity(scale(fractions, mass), tuple(dims_ev))
    if part_mass is not None:
        msgid = E.STATED_MASS_USED if from_text else E.UNIT_WEIGHT_USED
        key = "mass" if from_text else "weight"
        ev = E.ev(msgid, **{key: _fmt(part_mass)}, profile=label)
        return Quantity(scale(fractions, Range(part_mass, part_mass, part_mass)), (ev,))
    cell = physical.cell_mass(cls, knowledge, measures, label)
    if cell is not None:
        return Quantity(scale(fractions, cell.mass_g), (cell.evidence,))
    pkg_mass = package_mass(knowledge, cls.id, package) if package else None
    if pkg_mass is not None:
        ev = E.ev(E.PACKAGE_MASS, package=package, low=_fmt(_mul(pkg_mass.low, 1000.0)),
                  high=_fmt(_mul(pkg_mass.high, 1000.0)))
        return Quantity(scale(fractions, pkg_mass), (ev,))
    law = physical.law_for(knowledge, "part_mass", cls.id)
    if law is not None:
        mass = law.values["mass_g"]
        ev = E.ev(E.PART_MASS_ESTIMATE, low=_fmt(mass.low), high=_fmt(mass.high), typical=_fmt(mass.typical),
                  profile=label)
        return Quantity(scale(fractions, mass), (ev,))
    return Quantity(scale(fractions, None), (E.ev(E.UNIT_WEIGHT_NEEDED),))


def _label(cls: ComponentClass, profile: MaterialProfile | None) -> E.LocalText:
    return profile_name(profile) if profile is not None else E.local(cls.name_en, cls.name_ja)


def _capped_grams(elements: dict[str, ElementGrams], part_mass: float | None) -> Quantity:
    """Scale each bound down so that the elements together weigh no more than the part (when its mass is known)."""
    if not part_mass:
        return Quantity(elements, ())
    out = dict(elements)
    capped = False
    for attr in ("grams", "low", "high"):
        total = sum((getattr(g, attr) or 0.0) for g in elements.values())
        if total > part_mass:
            capped = True
            f = part_mass / total
            out = {s: replace(g, **{attr: None if getattr(g, attr) is None else getattr(g, attr) * f})
                   for s, g in out.items()}
    return Quantity(out, (E.ev(E.MASS_CAPPED, mass=_fmt(part_mass)),) if capped else ())


def _with_result(q: Quantity) -> Quantity:
    """Append the resulting grams per element when a physical estimate produced them (for the reader's check)."""
    if not q.elements or not any(g.grams is not None for g in q.elements.values()):
        return q
    if not any(e.msgid in _PHYSICAL for e in q.evidence):
        return q
    parts = ", ".join(f"{s} {_grams(g.grams)}" for s, g in q.elements.items() if g.grams)
    return Quantity(q.elements, (*q.evidence, E.ev(E.GRAMS_RESULT, elements=parts)))


_PHYSICAL = frozenset({E.MAGNET_DIMENSIONS, E.MAGNET_FROM_PART_MASS, E.MAGNET_PER_KW, E.HDD_FORM_FACTOR,
                       E.SPEAKER_DIAMETER, E.JOINED, E.PART_MASS_ESTIMATE,
                       E.CELL_SIZE, E.CELL_CAPACITY, E.MASS_CAPPED, E.STATED_MASS_USED})


def _grams(x: float) -> str:
    from desktop.core.masses import fmt_mass

    return fmt_mass(x)


# -- per-package masses (classes.yaml ``package_mass_g``, loaded into ComponentClass.package_mass_g) -------------

_METRIC = {"0603M": "0201", "1005": "0402", "1608": "0603", "2012": "0805", "3216": "1206", "3225": "1210"}
PACKAGE_RE = re.compile(r"(?<![0-9])(0201|0402|0603|0805|1206|1210|1005|1608|2012|3216|3225)(?![0-9])")


def find_package(text: str) -> str | None:
    """An SMD chip size code in normalised text; metric codes are converted to imperial ("1005" -> "0402")."""
    m = PACKAGE_RE.search(text)
    if not m:
        return None
    code = m.group(1)
    if "metric" in text[m.end():m.end() + 8]:
        return _METRIC.get(code, code)
    return code


def package_mass(knowledge: Knowledge, class_id: str, package: str) -> Range | None:
    """Estimated mass of one chip of ``package`` for a class that records ``package_mass_g`` (None = not found).

    Read from the loaded knowledge base only, so that an installed user knowledge base is honoured.
    """
    cls = knowledge.classes.get(class_id)
    if cls is None:
        return None
    mass = cls.package_mass_g.get(package)
    return mass if mass is not None and mass.typical is not None else None
