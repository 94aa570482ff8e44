"""Step (c) of the lookup order: material names and magnet grades ("NdFeB", "SmCo", "N42SH", "ferrite").

These are matching rules: which profile id of profiles.yaml a material or grade string points to. The
fractions themselves come from the knowledge base.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.mapping.text import gate_source, necessary

#: Grade suffix -> profile id (docs/COMPONENTS.md §4: none 80 °C, M 100, H 120, SH 150, UH 180, EH 200, AH 220).
GRADE_PROFILES = {"": "ndfeb_sintered_N", "m": "ndfeb_sintered_M", "h": "ndfeb_sintered_H",
                  "sh": "ndfeb_sintered_SH", "uh": "ndfeb_sintered_UH", "eh": "ndfeb_sintered_EH",
                  "ah": "ndfeb_sintered_AH"}

_SUFFIX = r"(m|h|sh|uh|eh|ah)"
#: "N42SH", "N52" (the N form); "45SH", "48H" only with a magnet context. A bare "M" suffix is not a grade:
#: "50m" is a length (50 metres of magnetic tape), so the M grade needs its N ("N50M").
#: "N 42", "N-52" and "N42 SH" / "N42-SH" are the same grades written with a separator (group 3); a separated
#: suffix needs a magnet context like a bare grade, because "N40 H" alone may be anything.
_N_GRADE = re.compile(rf"(?<![a-z0-9])n[\s-]?(3[0-9]|4[0-9]|5[0-5])(?:([\s-]?){_SUFFIX})?(?![a-z0-9])")
_BARE_GRADE = re.compile(r"(?<![a-z0-9.])(3[0-9]|4[0-9]|5[0-5])(h|sh|uh|eh|ah)(?![a-z0-9])")
#: "N50 1/2 x 1/8 x 1/16in", "N52 10x3mm": a grade followed by a magnet's dimensions is a magnet by itself.
_GRADE_WITH_SIZE = re.compile(r"(?<![a-z0-9])n[\s-]?(3[0-9]|4[0-9]|5[0-5])(m|h|sh|uh|eh|ah)?[\s,;]+[φø]?\s*"
                              r"\d+(?:[./]\d+)?\s*(?:mm|\"|in)?\s*[x×*]\s*[φø]?\s*\d")
#: quick first tests (see text.necessary): most texts hold no "n" followed by a digit pair, nor a grade suffix
_N_GRADE_QUICK = necessary(_N_GRADE)
_BARE_GRADE_QUICK = necessary(_BARE_GRADE)
_MAGNET_CONTEXT = re.compile(
    r"(?<![a-z])(magnet|magnets|ndfeb|nd-fe-b|neodymium|neo)(?![a-z])|磁石|マグネット|磁铁|磁鐵|磁钢|ネオジ|钕|釹")

#: (regex on normalised text, material label, profile id or None, class id). Order: most specific first.
_MATERIALS: tuple[tuple[re.Pattern[str], str, str | None, str], ...] = tuple(
    (re.compile(p), label, profile, cls) for p, label, profile, cls in (
        (r"(?<![a-z0-9])sm2co17(?![a-z0-9])|(?<![a-z0-9])2:17(?![0-9])[^|]*magnet|2-17系", "Sm2Co17", "sm2co17",
         "smco_magnet"),
        (r"(?<![a-z0-9])smco5(?![a-z0-9])|(?<![a-z0-9])1:5(?![0-9])[^|]*magnet|1-5系", "SmCo5", "smco5",
         "smco_magnet"),
        (r"(?<![a-z0-9])smco(?![a-z0-9])|samarium[\s-]?cobalt|サマリウムコバルト|サマコバ|钐钴|釤鈷", "SmCo", "sm2co17",
         "smco_magnet"),
        (r"(?<![a-z0-9])sm-?fe-?n(?![a-z0-9])|samarium[\s-]?iron[\s-]?nitride|サマリウム鉄窒素", "SmFeN",
         "smfen_bonded", "smfen_bonded_magnet"),
        (r"bonded[\s-]?(ndfeb|nd-fe-b|neodymium)|(ndfeb|neodymium)[^|]{0,20}bonded|ネオジムボンド|粘结钕铁硼",
         "bonded NdFeB", "ndfeb_bonded", "ndfeb_bonded_magnet"),
        (r"(?<![a-z0-9])(ndfeb|nd-fe-b|nd2fe14b|neodymium|neodym|neo magnet)|ネオジ|钕铁硼|釹鐵硼|钕磁",
         "NdFeB", "ndfeb_sintered_unknown", "ndfeb_sintered_magnet"),
        (r"(?<![a-z0-9])(ferrite|srfe12o19|bafe12o19)(?![a-z0-9])(?![^|]{0,6}(bead|core|choke))|"
         r"フェライト(?!ビーズ|コア|チョーク|・?インダクタ)|铁氧体(?!磁珠|磁环|磁環)", "ferrite", None, "ferrite_magnet"),
        (r"(?<![a-z0-9])(alnico|al-ni-co)(?![a-z0-9])|アルニコ|铝镍钴", "AlNiCo", None, "alnico_magnet"),
    )
)


@dataclass(frozen=True)
class MaterialHit:
    """A material or grade found in a part's text."""

    label: str              # as found ("N42SH", "SmCo", "ferrite")
    profile: str | None     # profiles.yaml id (None for rare-earth-free materials)
    class_id: str           # the material class (bare magnet) or the look-alike
    is_grade: bool


def find_grade(text: str, material: str = "") -> MaterialHit | None:
    """A sintered-NdFeB grade in normalised ``text`` (``material`` = the normalised material column).

    "N42SH" anywhere; "N42" or "45SH" only with a magnet context, or when the grade is what the material column
    says. A material column that says something else ("フェライト", "鋼") is not a magnet context by itself.
    """
    for source in (material, text):
        if not source:
            continue
        in_material = source is material
        m = _N_GRADE.search(source) if _N_GRADE_QUICK.search(source) else None
        if m and ((m.group(3) and not m.group(2)) or in_material or _magnet_context(text)):
            return _grade_hit(f"N{m.group(1)}{(m.group(3) or '').upper()}", m.group(3) or "")
        m = _BARE_GRADE.search(source) if _BARE_GRADE_QUICK.search(source) else None
        if m and (in_material or _magnet_context(text)):
            return _grade_hit(m.group(0), m.group(2))
    return None


def _magnet_context(text: str) -> bool:
    """Whether the text speaks of a magnet (asked only when a bare grade was found: most texts have none)."""
    return bool(_MAGNET_CONTEXT.search(text) or _GRADE_WITH_SIZE.search(text))


def _grade_hit(grade: str, suffix: str) -> MaterialHit:
    label = grade.upper()
    return MaterialHit(label=label, profile=GRADE_PROFILES[suffix.lower()], class_id="ndfeb_sintered_magnet",
                       is_grade=True)


#: Any of the materials, with the look-arounds removed (a superset of their matches, see text.gate_source): one
#: quick search rules out the texts that name no material (most), before the materials are tried in order.
_ANY_SOURCE = "|".join(f"(?:{regex.pattern})" for regex, *_ in _MATERIALS)
_ANY_MATERIAL = re.compile(gate_source(_ANY_SOURCE) or _ANY_SOURCE)


def find_material(text: str, material: str = "") -> MaterialHit | None:
    """A magnet material named in the material column (first) or the text.

    The material column is explicit data about the part itself: "フェライト" / "ferrite" / "アルニコ" there is
    positive evidence of a rare-earth-free magnet material (see :func:`free_material_in_column`).
    """
    for source in (material, text):
        if not source or _ANY_MATERIAL.search(source) is None:
            continue
        for regex, label, profile, cls in _MATERIALS:
            if regex.search(source):
                return MaterialHit(label=label, profile=profile, class_id=cls, is_grade=False)
    return None


def free_material_in_column(material: str) -> MaterialHit | None:
    """A rare-earth-free magnet material (ferrite, AlNiCo) stated in the material column, else None.

    Explicit data beats keyword inference: such a column vetoes NdFeB grades and classes found in the text.
    """
    if not material:
        return None
    hit = find_material("", material)
    return hit if hit is not None and hit.profile is None else None
