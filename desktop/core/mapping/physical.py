"""Physical estimates of the quantity model: a magnet or cell mass from the part's own data.

Each function applies one law of ``scaling.yaml`` (loaded as ``Knowledge.scaling``) to what
:func:`desktop.core.mapping.measures.parse_measures` read from the part's text, and returns the mass range with an
evidence sentence that states the law and its inputs. They return ``None`` when the law does not apply to the
class or the input is not stated; the caller (``quantities.class_quantity``) then falls back to the next step of
the order documented in docs/methodology.md. No figure lives here: densities, fractions and rates are read from
the knowledge base, so an installed update changes them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from desktop.core.knowledge.model import ComponentClass, Knowledge, Range, ScalingLaw
from desktop.core.mapping import evidence as E
from desktop.core.mapping.measures import Measures
from desktop.core.types import Message
from desktop.i18n import N_


@dataclass(frozen=True)
class Estimate:
    """A mass range (grams per unit) and the sentence that explains it."""

    mass_g: Range
    evidence: Message
    profile: str | None = None      # the material profile the law assumed (density laws), if any


def fmt(x: float | None) -> str:
    """A number for evidence text: three significant figures, no trailing zeros."""
    if x is None:
        return "?"
    return f"{x:.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def law_for(knowledge: Knowledge, kind: str, class_id: str) -> ScalingLaw | None:
    """The first law of ``kind`` that names ``class_id``."""
    for law in knowledge.scaling.values():
        if law.kind == kind and class_id in law.classes:
            return law
    return None


def _times(r: Range, factor: float) -> Range:
    return Range(_m(r.low, factor), _m(r.typical, factor), _m(r.high, factor), r.estimate, r.source, r.sources)


def _m(x: float | None, f: float) -> float | None:
    return None if x is None else x * f


# -- (b) magnet dimensions x density ------------------------------------------------------------------------------

def magnet_volume(measures: Measures) -> tuple[float, str, str] | None:
    """(volume in cm³, shape, dimensions text) of a magnet whose dimensions the text states, else None.

    Two numbers are a disc (diameter × thickness), three a block (l × w × h), or a ring (OD × ID × thickness)
    when both first numbers are diameters or the text says ring.
    """
    dims = measures.dims_mm
    if not dims:
        return None
    text = "×".join(fmt(d) for d in dims)
    if len(dims) == 2:
        d, t = dims
        return math.pi / 4 * d * d * t / 1000.0, "disc", text
    a, b, c = dims
    if measures.ring:
        if a <= b:
            return None
        return math.pi / 4 * (a * a - b * b) * c / 1000.0, "ring", text
    return a * b * c / 1000.0, "block", text


def magnet_from_dimensions(cls: ComponentClass, knowledge: Knowledge, measures: Measures | None,
                           profile_id: str | None, profile_label: Message) -> Estimate | None:
    """Magnet mass = volume × density of the magnet's material, for a part that *is* a magnet."""
    law = law_for(knowledge, "density", cls.id)
    if law is None or measures is None:
        return None
    pid = profile_id if profile_id in law.values else law.class_profiles.get(cls.id)
    density = law.values.get(pid) if pid else None
    vol = magnet_volume(measures)
    if density is None or vol is None:
        return None
    volume, shape, dims = vol
    mass = _times(density, volume)
    ev = E.ev(E.MAGNET_DIMENSIONS, shape=E.ev(shape), dims=dims, volume=fmt(volume),
              density=_span(density), profile=profile_label, low=fmt(mass.low), high=fmt(mass.high),
              typical=fmt(mass.typical))
    return Estimate(mass, ev, pid)


#: shape names in evidence (translated)
_SHAPES = (N_("disc"), N_("block"), N_("ring"))


def _span(r: Range, scale: float = 1.0) -> str:
    lo, hi = _m(r.low, scale), _m(r.high, scale)
    return fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}"


# -- (c)/(d) device laws ------------------------------------------------------------------------------------------

def device_magnet(cls: ComponentClass, knowledge: Knowledge, measures: Measures | None,
                  part_mass_g: float | None) -> Estimate | None:
    """Magnet mass of a device from its stated mass, rated power or form factor (the first law that applies)."""
    law = law_for(knowledge, "magnet_fraction_of_mass", cls.id)
    if law is not None and part_mass_g:
        share = law.values["fraction"]
        mass = _times(share, part_mass_g)
        return Estimate(mass, E.ev(E.MAGNET_FROM_PART_MASS, mass=fmt(part_mass_g), share=_span(share, 100.0),
                                   low=fmt(mass.low), high=fmt(mass.high), typical=fmt(mass.typical)))
    if measures is None:
        return None
    law = law_for(knowledge, "magnet_per_kw", cls.id)
    if law is not None and measures.power_w:
        rate = law.values["grams_per_kw"]
        mass = _times(rate, measures.power_w / 1000.0)
        return Estimate(mass, E.ev(E.MAGNET_PER_KW, power=fmt(measures.power_w), rate=_span(rate),
                                   low=fmt(mass.low), high=fmt(mass.high), typical=fmt(mass.typical)))
    est = speaker_magnet(cls, knowledge, measures)
    if est is not None:
        return est
    law = law_for(knowledge, "form_factor", cls.id)
    base = cls.magnet.mass_g if cls.magnet is not None else None
    if law is not None and measures.hdd_inch and base is not None and base.typical is not None:
        key = fmt(measures.hdd_inch)
        factor = law.values.get(key)
        if factor is not None:
            mass = Range(_mul(base.low, factor.low), _mul(base.typical, factor.typical),
                         _mul(base.high, factor.high), True, factor.source, factor.sources)
            return Estimate(mass, E.ev(E.HDD_FORM_FACTOR, form=key, factor=_span(factor), low=fmt(mass.low),
                                       high=fmt(mass.high), typical=fmt(mass.typical)))
    return None


def speaker_diameter(measures: Measures) -> tuple[float, str] | None:
    """(diameter in mm, size as stated) of a speaker: φD, "D mm", or l × w read as the circle of the same area.

    "φ15x3.8" and "15x3.8" (second number under half the first) are diameter × thickness; "15x11" is a
    rectangular speaker.
    """
    if measures.diameter_mm:
        return measures.diameter_mm, fmt(measures.diameter_mm)
    dims = measures.dims_mm
    if dims:
        if measures.round_first or (len(dims) == 2 and dims[1] < dims[0] / 2):
            return dims[0], fmt(dims[0])
        a, b = dims[0], dims[1]
        return math.sqrt(4 * a * b / math.pi), f"{fmt(a)}×{fmt(b)}"
    if measures.size_mm:
        return measures.size_mm, fmt(measures.size_mm)
    return None


def speaker_magnet(cls: ComponentClass, knowledge: Knowledge, measures: Measures) -> Estimate | None:
    """Magnet mass = k × D³ for a speaker whose size the text states, within the law's diameter limit."""
    law = law_for(knowledge, "magnet_per_diameter_cubed", cls.id)
    found = speaker_diameter(measures) if law is not None else None
    if law is None or found is None:
        return None
    diameter, size = found
    limit = law.values["max_diameter_mm"].typical
    if limit is not None and diameter > limit:
        return None
    rate = law.values["grams_per_mm3"]
    mass = _times(rate, diameter ** 3)
    return Estimate(mass, E.ev(E.SPEAKER_DIAMETER, size=size, diameter=fmt(diameter), rate=_span(rate, 1000.0),
                               low=fmt(mass.low), high=fmt(mass.high), typical=fmt(mass.typical)))


def _mul(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a * b


# -- battery cells ------------------------------------------------------------------------------------------------

def cell_mass(cls: ComponentClass, knowledge: Knowledge, measures: Measures | None,
              profile_label: Message) -> Estimate | None:
    """Mass of one cell from its stated capacity (first) or its cell size, times the cells of a rated pack voltage."""
    if measures is None:
        return None
    est = _one_cell(cls, knowledge, measures, profile_label)
    if est is None:
        return None
    sizes = law_for(knowledge, "cell_mass", cls.id)
    per_cell = sizes.values.get("cell_voltage") if sizes is not None else None
    if per_cell is None or not per_cell.typical or not measures.voltage_v:
        return est
    count = round(measures.voltage_v / per_cell.typical)
    if count < 2:
        return est
    mass = _times(est.mass_g, float(count))
    note = E.ev(E.CELL_COUNT, voltage=f"{measures.voltage_v:g}", cell_voltage=fmt(per_cell.typical), count=count)
    return Estimate(mass, E.ev(E.JOINED, first=est.evidence, second=note))


def _one_cell(cls: ComponentClass, knowledge: Knowledge, measures: Measures,
              profile_label: Message) -> Estimate | None:
    law = law_for(knowledge, "capacity_per_mass", cls.id)
    if law is not None and measures.capacity_mah:
        rate = law.values["mah_per_g"]
        cap = measures.capacity_mah
        mass = Range(cap / rate.high, cap / rate.typical, cap / rate.low, True, rate.source, rate.sources)  # type: ignore[operator]
        return Estimate(mass, E.ev(E.CELL_CAPACITY, capacity=fmt(cap), rate=_span(rate), low=fmt(mass.low),
                                   high=fmt(mass.high), typical=fmt(mass.typical), profile=profile_label))
    law = law_for(knowledge, "cell_mass", cls.id)
    if law is not None and measures.cell and measures.cell in law.values:
        mass = law.values[measures.cell]
        return Estimate(mass, E.ev(E.CELL_SIZE, cell=measures.cell, low=fmt(mass.low), high=fmt(mass.high),
                                   typical=fmt(mass.typical), profile=profile_label))
    return None


def cap(mass: Range, limit: float | None) -> tuple[Range, bool]:
    """``mass`` with every bound at most ``limit`` (the part's own mass); whether anything was capped.

    A part cannot contain more magnet than it weighs. When the class's typical value is above the part's mass, the
    typical becomes the geometric midpoint of what remains (sqrt(low × limit)): the whole part is not magnet, and
    no source gives the share, so the remaining range is kept rather than its upper end.
    """
    if not limit or limit <= 0:
        return mass, False
    low, typical, high = (None if x is None else min(x, limit) for x in (mass.low, mass.typical, mass.high))
    if mass.typical is not None and mass.typical > limit and low is not None and 0 < low < limit:
        typical = math.sqrt(low * limit)
    capped = Range(low, typical, high, mass.estimate, mass.source, mass.sources)
    return capped, capped != mass
