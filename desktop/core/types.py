"""Frozen data passed between the stages: import → map → score → report.

A stage never changes its input. DataFrames inside these objects are treated as read-only (pandas
copy-on-write is the default from pandas 3).

Contract summary (see docs/ARCHITECTURE.md for the full text):

- :class:`ImportResult` — ``parts`` has one row per imported BOM item, in source order, with the
  canonical columns in :data:`PART_COLUMNS`; ``raw_rows`` keeps the whole source sheet so that every
  result traces back to its cell and the annotated workbook can reproduce the original.
- :class:`MappedTable` — ``mappings[i]`` belongs to ``imported.parts.iloc[i]``.
- :class:`Assessment` — ``part_scores[i]`` belongs to ``mapped.mappings[i]``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.i18n import N_, Translator, plural_count, translation_for

if TYPE_CHECKING:  # pandas is heavy; the GUI imports these types before any BOM is opened
    import pandas as pd

    from desktop.core.scoring.config import ScoringConfig  # scoring imports this module: type-only import

# ---------------------------------------------------------------------------------------------------------------
# Messages


@dataclass(frozen=True)
class Text:
    """Text that exists in both languages already (names and descriptions from the knowledge base)."""

    en: str
    ja: str = ""

    def render(self, tr: Translator | None = None) -> str:
        if tr is not None and tr.lang == "ja" and self.ja:
            return self.ja
        return self.en

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class DateText:
    """A date shown as 2026-11-28 in English and 2026年11月28日 in Japanese."""

    value: dt.date

    def render(self, tr: Translator | None = None) -> str:
        if tr is not None and tr.lang == "ja":
            return f"{self.value.year}年{self.value.month}月{self.value.day}日"
        return self.value.isoformat()

    def __str__(self) -> str:
        return self.value.isoformat()


def join_list(items: Any, lang: str) -> str:
    """Items of a list in running text: "Dy, Tb" in English, "Dy、Tb" in Japanese (the one list separator of the
    messages and the briefing)."""
    return ("、" if lang == "ja" else ", ").join(str(i) for i in items)


def render_param(value: Any, tr: Translator) -> Any:
    """Render one Message parameter: Messages and Texts in ``tr``'s language, lists joined naturally."""
    if isinstance(value, (Message, Text, DateText)):
        return value.render(tr)
    if isinstance(value, (list, tuple)):
        return join_list((render_param(v, tr) for v in value), tr.lang)
    return value


@dataclass(frozen=True)
class Message:
    """A translatable sentence: an English template (marked with ``N_``) plus its parameters.

    Parameters that are :class:`Message` or :class:`Text` are rendered in the same language first; list or
    tuple parameters are rendered item by item and joined (", " in English, "、" in Japanese).
    ``kind`` names a message a reader must find again (e.g. :data:`POST_SUSPENSION`), so that nothing selects
    a message by its English wording.

    A message with a count has a ``plural``: ``msgid`` is then the singular ("1 part"), ``plural`` the English
    plural ("{n} parts"), and ``count`` names the parameter that chooses between them, so English never reads
    "1 parts" (Japanese has one form, ``msgstr[0]``). Mark both strings with ``N_``.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # keyword-only: subclasses (mapping/evidence.py LocalText) add positional fields after these
    kind: str = field(default="", kw_only=True)
    plural: str = field(default="", kw_only=True)
    count: str = field(default="n", kw_only=True)

    def render(self, tr: Translator | None = None) -> str:
        tr = tr or translation_for("en")
        params = {k: render_param(v, tr) for k, v in self.params.items()}
        english = self.msgid
        if self.plural:
            n = plural_count(self.params.get(self.count, ""))
            english = self.msgid if n == 1 else self.plural
            template = tr.ngettext(self.msgid, self.plural, n)
        else:
            template = tr.gettext(self.msgid)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return english.format(**params) if params else english

    def __str__(self) -> str:
        return self.render()


def msg(msgid: str, **params: Any) -> Message:
    return Message(msgid, params)


#: :attr:`Message.kind` of the warning that a suspension's recorded end has passed without the knowledge base
#: knowing what followed: the briefing states it on page one and in the regulatory section, not among the data
#: warnings.
POST_SUSPENSION = "post_suspension"


# ---------------------------------------------------------------------------------------------------------------
# Import

#: Canonical part columns produced by the importer (desktop/core/importing), in this order.
#: Text columns hold ``str`` (exactly as Excel shows the cell: "12345", not "12345.0"; leading zeros kept) or
#: ``None``; number columns hold ``float`` or NaN.
PART_COLUMNS: tuple[str, ...] = (
    "row",                # int: 1-based source row (sheet row as Excel shows it, or CSV physical line)
    "part_number",        # str | None
    "description",        # str: the main description shown to users ("" if none)
    "name",               # str | None: part name when separate from description
    "specification",      # str | None: spec / standard / value text
    "category",           # str | None
    "material",           # str | None
    "manufacturer",       # str | None
    "mpn",                # str | None: manufacturer part number
    "supplier",           # str | None
    "country",            # str | None: ISO 3166-1 alpha-2 of the supplier/origin country ("CN", "JP", …)
    "country_raw",        # str | None: the country cell as written
    "level",              # str | None: level cell as written ("1", ".2", "1.2.3")
    "depth",              # float: 0-based depth in a multi-level BOM (NaN in single-level BOMs)
    "quantity",           # float: quantity per parent (NaN if missing/unparsable)
    "quantity_raw",       # str | None: the quantity cell as written
    "unit",               # str | None: normalised unit ("pcs", "m", "kg", "g", "set", …)
    "extended_quantity",  # float: quantity per one top-level product (product down the tree)
    "unit_weight_g",      # float: unit weight in grams (NaN if not given)
    "hs_code",            # str | None: digits only, e.g. "850511"
    "declared_ree",       # str | None: declared rare-earth content as written ("Nd 12 g; Dy 0.8 g")
    "reference",          # str | None: designators
    "notes",              # str | None
    "other_text",         # str | None: the row's other text columns ("Footprint: 0603 | Color: GREEN"), no
                          #   links, prices, pure numbers or designator lists; read by the mapper
    "sheet",              # str | None: the sheet the row came from (None for CSV)
)

#: Fields the column mapper knows (all of PART_COLUMNS that come from a source column, plus extras).
MAPPABLE_FIELDS: tuple[str, ...] = (
    "part_number", "description", "name", "specification", "category", "material", "manufacturer", "mpn",
    "supplier", "country", "level", "quantity", "unit", "unit_weight", "hs_code", "declared_ree", "reference",
    "notes",
)

#: Why a source row was not imported. The English text is the JSON ``reason``; the GUI translates it.
SKIP_REASONS: dict[str, str] = {
    "blank": N_("blank line"),
    "subtotal": N_("subtotal line"),
    "total": N_("total line"),
    "note": N_("note or comment line"),
    "section_title": N_("section title"),
    "repeated_header": N_("repeated header row"),
    "alternate": N_("alternate part for the line above"),
    "no_item": N_("no part number or description"),
    "unparsable": N_("row could not be parsed"),
    "metadata": N_("title-block or metadata line"),
    "not_fitted": N_("not fitted (quantity 0)"),
    "duplicate_sheet": N_("duplicate of rows on another sheet"),
    "outside_table": N_("outside the BOM table"),
    "charge": N_("shipping, tax or discount line"),
}


def column_letter(index: int) -> str:
    """Excel's name of a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass(frozen=True)
class SkippedRow:
    """A non-blank source row that was not imported, with the reason code (see :data:`SKIP_REASONS`)."""

    row: int
    code: str
    detail: str = ""  # e.g. the row's text, or "alternate for row 33"
    sheet: str | None = None  # the sheet of ``row`` (None for CSV)

    @property
    def reason(self) -> str:
        base = SKIP_REASONS.get(self.code, self.code)
        return f"{base}: {self.detail}" if self.detail else base

    def render(self, tr: Translator | None = None) -> str:
        tr = tr or translation_for("en")
        base = tr.gettext(SKIP_REASONS.get(self.code, self.code))
        return f"{base}: {self.detail}" if self.detail else base


@dataclass(frozen=True)
class ImportLimits:
    """Caps that make hostile or broken files fail fast with a clear message."""

    max_file_bytes: int = 200 * 1024 * 1024          # on-disk size
    max_decompressed_bytes: int = 500 * 1024 * 1024  # sum of uncompressed zip members (xlsx/xlsm/ods/xlsb)
    max_compression_ratio: float = 200.0             # zip-bomb guard per member
    max_rows: int = 1_000_000
    max_columns: int = 16_384                        # Excel's own column count (XFD)
    max_cells: int = 30_000_000                      # rows × columns of the used range (read as a dense grid)
    max_cell_chars: int = 32_767                     # Excel's own limit per cell


#: Why a sheet of a workbook was not assessed (``SheetResult.reason``).
SHEET_REASONS: dict[str, str] = {
    "empty": N_("empty"),
    "no_table": N_("no BOM table found"),
    "no_parts": N_("no part rows in its table"),
    "duplicate": N_("repeats the parts of another sheet"),
    "not_selected": N_("not selected"),
    "unreadable": N_("cannot be read as a BOM"),
    "hidden": N_("hidden in the workbook"),
}

#: ``ImportOptions.sheet`` value (or list item) that selects every sheet with a BOM table.
ALL_SHEETS = "all"


@dataclass(frozen=True)
class SheetResult:
    """How one sheet of the file was used: assessed (with its own header and row counts) or why not."""

    name: str | None                    # None for CSV
    used: bool
    reason: str = ""                    # a SHEET_REASONS code when not used
    detail: str = ""                    # e.g. the other sheet's name (duplicate) or the error text
    header_row: int = 0                 # 1-based; 0 = no header row (or not used)
    rows_total: int = 0                 # == rows_imported + rows_skipped
    rows_imported: int = 0
    rows_skipped: int = 0
    raw_rows: tuple[tuple[Any, ...], ...] = ()   # the whole sheet (for sheets that were used)
    headers: tuple[str, ...] = ()
    last_row: int = 0
    blank_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImportOptions:
    #: None = every sheet that looks like a BOM; a sheet name; several names (tuple, or "A,B"); or "all"
    sheet: str | tuple[str, ...] | None = None
    header_row: int | None = None                    # 1-based; None = auto-detect (first selected sheet)
    column_map: Mapping[str, str] = field(default_factory=dict)  # field -> header text (override; first
    #                                                  selected sheet, and other sheets that have that header)
    password: str | None = None
    encoding: str | None = None                      # CSV only; None = detect
    delimiter: str | None = None                     # CSV only; None = detect
    limits: ImportLimits = field(default_factory=ImportLimits)


@dataclass(frozen=True)
class ColumnChoice:
    """One mapped column: which header, its 0-based index in the source row, and how sure the mapper is."""

    field: str
    header: str
    index: int
    confidence: float  # 0..1 (1 = exact synonym or user override)


@dataclass(frozen=True)
class ImportResult:
    path: str
    file_format: str                    # "xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "tsv"
    sheet: str | None                   # None for CSV
    sheets: tuple[str, ...]             # all sheet names (empty for CSV)
    header_row: int                     # 1-based
    headers: tuple[str, ...]            # header cells of the header row, as text, in source order
    columns: Mapping[str, ColumnChoice]  # field -> column
    parts: pd.DataFrame                 # PART_COLUMNS, one row per imported item, in source order
    raw_rows: tuple[tuple[Any, ...], ...]  # the whole sheet from row 1, values as read (for traceability/export)
    rows_total: int                     # non-blank rows below the header == len(parts) + len(skipped)
    skipped: tuple[SkippedRow, ...]
    warnings: tuple[Message, ...] = ()
    encoding: str | None = None         # CSV only
    delimiter: str | None = None        # CSV only
    header_signature: str = ""          # stable hash of the normalised header cells ("remember this mapping")
    multi_level: bool = False
    blank_rows: tuple[int, ...] = ()    # blank rows inside or below the table (not part of rows_total)
    last_row: int = 0                   # last sheet row that was considered part of the table
    #: every sheet of the file, used or not (why not), the used ones first in the order read; ``sheet``,
    #: ``header_row``, ``headers``, ``columns``,
    #: ``raw_rows``, ``blank_rows`` and ``last_row`` above describe the first used sheet; ``parts``,
    #: ``skipped`` and ``rows_total`` cover all used sheets (``parts["sheet"]``, ``SkippedRow.sheet``).
    sheet_results: tuple[SheetResult, ...] = ()
    #: SHA-256 of the file's bytes the import read (None when not read from a file): a saved assessment records
    #: this, not the file on disk at saving time, which may have changed since
    source_sha256: str | None = None

    @property
    def rows_imported(self) -> int:
        return len(self.parts)

    @property
    def sheets_used(self) -> tuple[str, ...]:
        """Names of the sheets whose rows were imported, in the order read (empty for CSV)."""
        return tuple(s.name for s in self.sheet_results if s.used and s.name is not None)


# ---------------------------------------------------------------------------------------------------------------
# Mapping

CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "medium", "low", "none")

#: Display names of mapping confidence levels.
CONFIDENCE_LABELS: dict[str, str] = {"high": N_("high"), "medium": N_("medium"), "low": N_("low"), "none": N_("none")}

#: Display names of the forms a supply option delivers (knowledge base supply.yaml).
SUPPLY_FORM_LABELS: dict[str, str] = {
    "concentrate": N_("concentrate"), "oxide": N_("oxide"), "metal": N_("metal"), "alloy": N_("alloy"),
    "magnet": N_("magnets"), "recycled": N_("recycled material"),
}

#: Display names of the status of a non-China supply option (knowledge base supply.yaml).
SUPPLY_STATUS_LABELS: dict[str, str] = {
    "operating": N_("operating"),
    "ramping": N_("ramping up"),
    "construction": N_("under construction"),
    "development": N_("in development"),
    "planned": N_("planned"),
    "not_an_alternative": N_("not an alternative"),
}


@dataclass(frozen=True)
class ElementGrams:
    """Grams of one element per unit of the part: typical, low and high. ``None`` = not quantifiable."""

    grams: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class PartMapping:
    classes: tuple[str, ...]                 # component class ids (REE-bearing first; look-alikes too)
    elements: Mapping[str, ElementGrams]     # symbol -> grams per unit; {} when the part has no rare earths
    confidence: str                          # "high" | "medium" | "low" | "none"
    evidence: tuple[Message, ...]            # human-readable reasons, in order of weight
    method: str                              # "declared" | "library" | "material" | "grade" | "hs_code" | "keyword" | "none"
    rare_earth_free: bool = False            # True when positively identified as containing none (look-alike, user)
    origin_country: str | None = None        # ISO2 origin a supplier declared (scoring prefers it to the BOM column)

    @property
    def has_ree(self) -> bool:
        return bool(self.elements)


NO_MAPPING = PartMapping(classes=(), elements={}, confidence="none", evidence=(), method="none")


@dataclass(frozen=True)
class MappedTable:
    imported: ImportResult
    mappings: tuple[PartMapping, ...]        # aligned with imported.parts rows
    warnings: tuple[Message, ...] = ()


# ---------------------------------------------------------------------------------------------------------------
# Scoring

#: Part and product tiers, most severe first. ``unclassified`` is a part no rule judged (no class, no declaration,
#: not confirmed rare-earth-free): its content is unknown, so it is never shown as ``none`` ("no rare earths").
TIERS: tuple[str, ...] = ("critical", "high", "medium", "low", "unclassified", "none")

#: Tiers that come from a score (``tier_for``); the others are set by what the mapping knows.
SCORED_TIERS: tuple[str, ...] = ("critical", "high", "medium", "low")

#: Display names of tiers (GLOSSARY: 極めて高い / 高 / 中 / 低 / なし; 未判定 for parts no rule judged).
#: The one home of these labels: the GUI, the briefing, the workbook and the CLI all read this table.
TIER_LABELS: dict[str, str] = {
    "critical": N_("Critical"), "high": N_("High"), "medium": N_("Medium"), "low": N_("Low"),
    "unclassified": N_("Unclassified"), "none": N_("None"),
}

#: Display names of a control measure's status on a date (GLOSSARY: 施行中 / 停止中 / 施行予定 / 失効): the one home
#: of these labels (knowledge, scoring, the briefing, the charts, the workbook and the GUI read it). Written as
#: they stand inside a sentence ("treated as in force"); a table cell or legend capitalises the first letter
#: (``report.format.label(..., capital=True)``).
CONTROL_STATUS_LABELS: dict[str, str] = {
    "in_force": N_("in force"),
    "scheduled": N_("scheduled"),
    "suspended": N_("suspended"),
    "expired": N_("expired"),
    "not_yet_announced": N_("not yet announced"),
    "unknown_after_suspension": N_("unknown after suspension"),
}

#: Display names of the supply-chain stages (knowledge ``STAGES``), the one home like the status labels above.
STAGE_LABELS: dict[str, str] = {
    "mining": N_("mining"),
    "refining": N_("separation/refining"),
    "metal": N_("metal/alloy"),
    "magnet": N_("magnet manufacture"),
}


@dataclass(frozen=True)
class Factor:
    """One named term of a score. ``contribution`` values of a score's factors add up to the score."""

    name: str            # stable id, e.g. "element_risk"
    label: str           # English label (msgid; translate for display)
    value: float         # the factor's input value (0..1 unless stated)
    weight: float        # the model parameter applied to it
    contribution: float  # points added to (or, if negative, taken from) the score
    source: str          # where the value comes from (KB source ids, "BOM column 'Country'", …)
    note: Message | None = None


@dataclass(frozen=True)
class PartScore:
    """A part's score and tier. ``tier`` is one of :data:`TIERS`; when it is ``unclassified`` the score is 0
    only as a sort key — the part's content is unknown, not zero."""

    score: float
    tier: str
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class ControlStatus:
    """A measure's status on the as-of date, after the scenario's assumptions."""

    control_id: str
    status: str              # "in_force" | "scheduled" | "suspended" | "expired" | "not_yet_announced" | "unknown_after_suspension"
    treated_as: str          # the status used for scoring (differs when an assumption applies)
    elements: tuple[str, ...]
    note: Message | None = None


@dataclass(frozen=True)
class ElementResult:
    symbol: str
    grams_total: float | None     # per one top-level product: sum over parts of extended_quantity × grams
    grams_low_total: float | None
    grams_high_total: float | None
    parts_count: int
    parts_unquantified: int       # parts that contain the element but whose grams are unknown
    score: float
    tier: str
    factors: tuple[Factor, ...]
    controls: tuple[str, ...]     # ids of measures in force (treated as in force) for this element on as_of


@dataclass(frozen=True)
class Recommendation:
    kind: str                     # "diversify" | "recycle" | "substitute" | "stock" | "engage" | "verify"
    priority: int                 # 1 = most urgent
    elements: tuple[str, ...]
    classes: tuple[str, ...]
    text: Message
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    parts_total: int
    parts_with_ree: int
    parts_controlled: int          # parts holding an element under a control in force on as_of, in an amount
                                   # above the de-minimis or unknown (trace dopants do not count)
    parts_from_china: int          # REE parts whose supplier/origin country is China
    score: float
    tier: str
    tier_counts: Mapping[str, int]  # every tier in TIERS, including "unclassified"
    grams_per_unit: float | None   # total REE grams per top-level product (quantified parts only)
    parts_unclassified: int = 0    # parts no rule judged (tier "unclassified"): content unknown, not "none"
    parts_not_fitted: int = 0      # lines with extended quantity 0 (do not fit; not those with a negative quantity
    #                                counted as 0, which the verdict names apart): never counted as rare-earth parts
    verdict: tuple[Message, ...] = ()  # the product verdict, sentence by sentence (see scoring.verdict)


@dataclass(frozen=True)
class Assessment:
    mapped: MappedTable
    as_of: dt.date
    scenario: str
    part_scores: tuple[PartScore, ...]        # aligned with mapped.mappings
    elements: tuple[ElementResult, ...]       # elements present, highest score first
    control_status: tuple[ControlStatus, ...]
    summary: Summary
    recommendations: tuple[Recommendation, ...]
    warnings: tuple[Message, ...]
    assumptions: tuple[Message, ...]
    config: ScoringConfig | None = None       # the ScoringConfig used
    knowledge_version: str = ""
    knowledge_as_of: str = ""
