"""Options of the management briefing (what the export dialog and the CLI pass to :func:`build_pdf`)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from desktop.core.errors import ReportError
from desktop.i18n import N_, Translator

#: Default confidentiality mark (translated: 社外秘).
DEFAULT_CONFIDENTIALITY = N_("Confidential")


@dataclass(frozen=True)
class BriefingOptions:
    """What goes on the title block and how long the lists are.

    Attributes:
        lang: "en" or "ja".
        company: company name for the title block (optional).
        product: product or BOM name; ``None`` uses the BOM's file name.
        author: author shown on the title block and in the PDF metadata.
        confidentiality: mark printed on every page; ``None`` gives "Confidential" / "社外秘".
        logo: path of a PNG or JPG logo for the title block.
        top_n: number of parts in the top-risks table.
        annual_volume: finished products built per year (optional): gives kilograms per year by element.
        stock_weeks: stock on hand in weeks of production (optional).
        stock_units: stock on hand in finished-product sets (optional; with ``annual_volume`` gives weeks).
        lead_time_weeks: replenishment lead time of the rare-earth parts in weeks (optional): with the stock it
            gives the date by which to reorder.
    """

    lang: str = "en"
    company: str | None = None
    product: str | None = None
    author: str | None = None
    confidentiality: str | None = None
    logo: str | None = None
    top_n: int = 10
    annual_volume: float | None = None
    stock_weeks: float | None = None
    stock_units: float | None = None
    lead_time_weeks: float | None = None

    def __post_init__(self) -> None:
        if self.lang not in ("en", "ja"):
            raise ReportError(N_("Unsupported briefing language: {lang}"), {"lang": self.lang})
        if not 1 <= int(self.top_n) <= 100:
            raise ReportError(N_("The number of top risks must be between 1 and 100 (got {n})."),
                              {"n": self.top_n})
        for name in ("annual_volume", "stock_weeks", "stock_units", "lead_time_weeks"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
                raise ReportError(N_("{field} must be a number of zero or more (got {value})."),
                                  {"field": name.replace("_", "-"), "value": value})

    @property
    def cover_weeks(self) -> float | None:
        """Weeks of production the stock on hand covers: given directly, or units / weekly volume."""
        if self.stock_weeks is not None:
            return float(self.stock_weeks)
        if self.stock_units is not None and self.annual_volume:
            return float(self.stock_units) / (float(self.annual_volume) / 52.0)
        return None

    def confidentiality_mark(self, tr: Translator) -> str:
        """The mark to print: the user's text, or the translated default."""
        text = (self.confidentiality or "").strip()
        return text or tr.gettext(DEFAULT_CONFIDENTIALITY)
