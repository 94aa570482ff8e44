"""Grams of each element per unit of a part, from a class (and optionally a material profile and a weight)."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.core.knowledge.model import ComponentClass, Knowledge, MaterialProfile, Range
from desktop.core.mapping import evidence as E
from desktop.core.types import ElementGrams, Message


@dataclass(frozen=True)
class Quantity:
    elements: dict[str, ElementGrams]
    evidence: tuple[Message, ...]


def _mul(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a * b


def _fmt(x: float | None) -> str:
    return "?" if x is None else f"{x:.3g}"


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
                   unit_weight_g: float | None = None, package: str | None = None) -> Quantity:
    """Grams per unit for a part of class ``cls``.

    Args:
        cls: the winning class.
        knowledge: for profiles and package masses.
        profile_id: a material profile found in the text (grade or material), overriding the class's.
        unit_weight_g: the BOM unit weight (used for mass-fraction classes and bare magnets).
        package: a chip package code ("0402") for trace classes with per-package masses.
    """
    evidence: list[Message] = []
    profile = knowledge.profiles.get(profile_id) if profile_id else None
    if cls.basis == "none":
        return Quantity({}, ())
    if cls.basis == "magnet" and cls.magnet is not None:
        prof = profile or knowledge.profiles.get(cls.magnet.profile)
        mass = cls.magnet.mass_g
        if profile is None and cls.elements and any(r.typical is not None for r in cls.elements.values()):
            elements = from_ranges(cls.elements)           # the reference's own derivation (magnet × profile)
        elif prof is None:
            return Quantity({}, (E.ev(E.MAGNET_MASS_UNKNOWN),))
        else:
            elements = scale(prof.fractions, mass)
        if mass is None or mass.typical is None:
            evidence.append(E.ev(E.MAGNET_MASS_UNKNOWN))
            elements = {s: ElementGrams(None, None, None) for s in elements}
        elif prof is not None:
            evidence.append(E.ev(E.MAGNET_ESTIMATE, low=_fmt(mass.low), high=_fmt(mass.high),
                                 typical=_fmt(mass.typical), profile=profile_name(prof)))
        return Quantity(elements, tuple(evidence))
    if cls.basis == "grams_per_unit":
        return Quantity(from_ranges(cls.elements), ())
    # mass_fraction
    fractions: Mapping[str, Range] = profile.fractions if profile is not None else cls.elements
    label = profile_name(profile) if profile is not None else E.local(cls.name_en, cls.name_ja)
    if _has_weight(unit_weight_g):
        w = float(unit_weight_g)  # type: ignore[arg-type]
        evidence.append(E.ev(E.UNIT_WEIGHT_USED, weight=_fmt(w), profile=label))
        return Quantity(scale(fractions, Range(w, w, w)), tuple(evidence))
    pkg_mass = package_mass(knowledge, cls.id, package) if package else None
    if pkg_mass is not None:
        evidence.append(E.ev(E.PACKAGE_MASS, package=package, low=_fmt(_mul(pkg_mass.low, 1000.0)),
                             high=_fmt(_mul(pkg_mass.high, 1000.0))))
        return Quantity(scale(fractions, pkg_mass), tuple(evidence))
    evidence.append(E.ev(E.UNIT_WEIGHT_NEEDED))
    return Quantity(scale(fractions, None), tuple(evidence))


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
