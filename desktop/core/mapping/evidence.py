"""Evidence sentences of the mapper: English msgids (translated in resources/translations/ja/mapping.po)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core.types import Message
from desktop.i18n import N_, Translator, translation_for

KEYWORD = N_("keyword '{keyword}' in {column}")
LOOKALIKE = N_("look-alike: {name} contains no rare earths")
GRADE = N_("magnet grade {grade} implies {profile}")
MATERIAL = N_("material '{material}' implies {profile}")
MATERIAL_FREE = N_("material '{material}': {name} contains no rare earths")
DECLARED = N_("declared content: {text}")
DECLARED_FREE = N_("declared content: {text} (no rare earths)")
DECLARED_PERCENT_NO_WEIGHT = N_("declared percentages need a unit weight; grams not estimated")
HS_CODE = N_("HS code {code}: {name}")
MAGNET_MASS_UNKNOWN = N_("magnet mass per unit not found in the sources; grams not estimated")
MAGNET_ESTIMATE = N_("magnet mass {low}–{high} g per unit (typical {typical} g) × {profile} fractions")
MAGNET_DIMENSIONS = N_("magnet {shape} {dims} mm: {volume} cm³ × density {density} g/cm³ ({profile}) = "
                       "{low}–{high} g magnet (typical {typical} g)")
MAGNET_FROM_PART_MASS = N_("stated motor mass {mass} g × magnet share {share} % = {low}–{high} g magnet "
                           "(typical {typical} g)")
MAGNET_PER_KW = N_("rated power {power} W × {rate} g magnet per kW = {low}–{high} g magnet (typical {typical} g)")
SPEAKER_DIAMETER = N_("speaker {size} mm (as a circle of {diameter} mm): {rate} g × D³ (D in cm) = {low}–{high} g magnet "
                      "(typical {typical} g)")
HDD_FORM_FACTOR = N_("{form}-inch drive: {factor} × the class's magnet mass = {low}–{high} g magnet "
                     "(typical {typical} g)")
CELL_SIZE = N_("{cell} cell: {low}–{high} g per cell (typical {typical} g) × mass fractions of {profile}")
CELL_CAPACITY = N_("capacity {capacity} mAh ÷ {rate} mAh/g = {low}–{high} g cell (typical {typical} g) × "
                   "mass fractions of {profile}")
JOINED = N_("{first}; {second}")
CELL_COUNT = N_("{voltage} V ÷ {cell_voltage} V per cell = {count} cells")
PART_MASS_ESTIMATE = N_("no unit weight stated: typical part mass for the class {low}–{high} g (typical {typical} g) × "
                        "mass fractions of {profile}")
GRAMS_NOT_IN_SOURCES = N_("grams per unit for this class not found in the sources; grams not estimated")
MASS_CAPPED = N_("capped at the stated part mass {mass} g: the rare-earth content cannot weigh more than the part")
STATED_MASS_USED = N_("mass {mass} g stated in the text × mass fractions of {profile}")
GRAMS_RESULT = N_("estimated per unit: {elements}")
UNIT_WEIGHT_NEEDED = N_("unit weight needed to estimate grams")
UNIT_WEIGHT_USED = N_("unit weight {weight} g × mass fractions of {profile}")
PACKAGE_MASS = N_("package {package}: estimated chip mass {low}–{high} mg")
ASSEMBLY_WEIGHT = N_("unit weight is the assembly's, not the {parts}'; grams not estimated")
ASSEMBLY_NO_GRAMS = N_("assembly: the number and mass of the {parts} inside are not known; grams not estimated")
TRACE = N_("trace content only: rare-earth dopant in the ceramic dielectric (µg per part)")
LED_COLOUR_UNKNOWN = N_("LED colour not stated: assumed white (phosphor-converted); confidence lowered")
WEAK_MATCH = N_("only a generic keyword matched; confidence lowered")
WEAK_COLUMN = N_("found only in a column that hints at the part (maker, comment or another text column); "
                 "confidence lowered")
OTHER_COLUMNS = N_("another text column")
LIBRARY_CLASS = N_("part library: class {name} set by {author} on {date}")
LIBRARY_GRAMS = N_("part library: rare-earth grams entered by {author} on {date}")
LIBRARY_FREE = N_("part library: marked rare-earth free by {author} on {date}")
LIBRARY_NOTE = N_("part library note: {note}")
DECLARED_BY = N_("declared by {supplier} in {file} (imported on {date}): {elements}")
DECLARED_FREE_BY = N_("declared free of rare earths by {supplier} in {file} (imported on {date})")
DECLARED_ORIGIN = N_("declared origin: {country}")
UNKNOWN_SUPPLIER = N_("the supplier")
UNKNOWN_LIBRARY_CLASS = N_("part library entry {key} names an unknown class '{class_id}'; ignored")
NOBODY = N_("a user")
UNDATED = N_("an unknown date")


@dataclass(frozen=True)
class LocalText(Message):
    """A knowledge-base text with its own Japanese form (class or profile names are not in the .po files).

    Used as a :class:`Message` parameter: ``Message.render`` renders it in the caller's language.
    """

    ja: str = ""

    def render(self, tr: Translator | None = None) -> str:  # noqa: D102 - see Message.render
        tr = tr or translation_for("en")
        return self.ja if tr.lang == "ja" and self.ja else self.msgid


def local(en: str, ja: str | None = None) -> LocalText:
    """A bilingual knowledge-base text."""
    return LocalText(en, {}, ja=ja or "")


def ev(msgid: str, **params: Any) -> Message:
    """An evidence sentence."""
    return Message(msgid, params)


def unmapped_count(count: int) -> Message:
    """The mapper's warning that ``count`` parts matched no rule (reads "1 part" in English)."""
    return Message(N_("{count} part matched no rule; it is reported as unmapped"), {"count": count},
                   plural=N_("{count} parts matched no rule; they are reported as unmapped"), count="count")
