"""Parse and validate ``scaling.yaml``: the physical laws of the quantity model (see ``mapping/physical.py``).

Kept apart from ``parsers.py`` because it is optional: a knowledge-base folder without ``scaling.yaml`` is valid
and simply has no laws (every part then gets its class range). Each value is a sourced low/typical/high range;
a law must name known classes and, for densities, known material profiles.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.core.knowledge.fields import Context, Record, record_label
from desktop.core.knowledge.model import SCALING_KINDS, ComponentClass, MaterialProfile, ScalingLaw

FILE = "scaling.yaml"

#: value keys each kind needs (None = any key; density keys are profile ids, checked separately)
_REQUIRED: dict[str, tuple[str, ...] | None] = {
    "density": None, "magnet_fraction_of_mass": ("fraction",), "magnet_per_kw": ("grams_per_kw",),
    "form_factor": None, "cell_mass": None, "capacity_per_mass": ("mah_per_g",),
    "magnet_per_diameter_cubed": ("grams_per_mm3", "max_diameter_mm"), "part_mass": ("mass_g",),
}
_FRACTIONS = ("magnet_fraction_of_mass",)


def parse_scaling(doc: Any, ctx: Context, profiles: Mapping[str, MaterialProfile],
                  classes: Mapping[str, ComponentClass]) -> dict[str, ScalingLaw]:
    """The laws by id; raises KnowledgeError naming the law and field on any problem."""
    from desktop.core.knowledge.parsers import _unique, records

    out: dict[str, ScalingLaw] = {}
    for i, item in enumerate(records(doc, FILE, "laws")):
        rec = Record(FILE, record_label(item, i), item, ctx)
        lid = rec.text("id")
        _unique(rec, set(out), lid)
        kind = rec.choice("kind", SCALING_KINDS)
        law_classes = rec.texts("classes", required=True)
        for j, cid in enumerate(law_classes):
            if cid not in classes:
                raise rec.error(f"classes[{j}]", f"unknown class id {cid!r}")
        raw = rec.raw("values", required=True)
        if not isinstance(raw, Mapping) or not raw:
            raise rec.error("values", "must be a mapping of named low/typical/high ranges")
        values = {}
        for key, value in raw.items():
            key = str(key)
            rng = rec.range(f"values.{key}", value, fraction=kind in _FRACTIONS)
            if rng.typical is None or rng.low is None or rng.high is None:
                raise rec.error(f"values.{key}", "a law needs low, typical and high")
            if not rng.sources:
                raise rec.error(f"values.{key}", "a figure must name its source id")
            if kind == "density" and key not in profiles:
                raise rec.error(f"values.{key}", f"unknown material profile {key!r}")
            values[key] = rng
        needed = _REQUIRED[kind] or ()
        for key in needed:
            if key not in values:
                raise rec.error("values", f"a {kind} law needs '{key}'")
        class_profiles = _class_profiles(rec, law_classes, values)
        out[lid] = ScalingLaw(id=lid, kind=kind, classes=law_classes, values=values, formula=rec.text("formula"),
                              note=rec.text("note", required=False), class_profiles=class_profiles)
    return out


def _class_profiles(rec: Record, law_classes: tuple[str, ...], values: Mapping[str, Any]) -> dict[str, str]:
    raw = rec.raw("class_profiles")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise rec.error("class_profiles", "must map class ids to profile ids")
    out = {}
    for cid, pid in raw.items():
        if cid not in law_classes:
            raise rec.error(f"class_profiles.{cid}", "the class is not in this law's classes")
        if pid not in values:
            raise rec.error(f"class_profiles.{cid}", f"profile {pid!r} has no value in this law")
        out[str(cid)] = str(pid)
    return out
