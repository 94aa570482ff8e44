"""One read model for the results on screen: a live :class:`~desktop.core.types.Assessment`, or the stored results
of a reopened ``.reerisk`` document whose source BOM is missing or changed.

Before this module the main window and the pages asked "live or stored?" and read an ``Assessment`` in one branch
and a JSON dict in the other. :class:`Results` answers the questions they have (the summary figures, the as-of
date and scenario, one part as a JSON-like dict, the parts table) the same way for both; ``live`` says only
whether the results can be changed (overrides, re-scoring, export). No Qt: it may be built in a worker.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.i18n import N_

if TYPE_CHECKING:
    import pandas as pd

    from desktop.core.types import Assessment, Message
    from desktop.i18n import Translator

#: Shown with stored results: they cannot be re-assessed until the BOM is opened again.
READ_ONLY = N_("The source BOM was not found or has changed since this assessment was saved. These are the saved "
               "results (read only); open the BOM again to re-assess it.")


@dataclass(frozen=True)
class SummaryFigures:
    """The figures of the summary cards, whichever the results came from."""

    tier: str
    score: float
    parts_total: int
    parts_with_ree: int
    grams_per_unit: float | None
    parts_unclassified: int
    controlled: tuple[str, ...]        # element symbols under an export control in force on the as-of date
    verdict: tuple[Message, ...]       # the product verdict (live results only: it is not stored)
    messages: tuple[Message, ...]      # import, mapping and scoring warnings; the read-only notice when stored


class Results:
    """The results shown: build with :meth:`live` or :meth:`stored`."""

    def __init__(self, *, assessment: Assessment | None = None, document: dict[str, Any] | None = None) -> None:
        if (assessment is None) == (document is None):
            raise ValueError("Results need exactly one of an assessment and a document")
        self.assessment = assessment
        self.document = document

    @classmethod
    def live(cls, assessment: Assessment) -> Results:
        return cls(assessment=assessment)

    @classmethod
    def stored(cls, document: dict[str, Any]) -> Results:
        return cls(document=document)

    # -- what kind --------------------------------------------------------------------------------------------
    @property
    def is_live(self) -> bool:
        """True for results that can be changed, re-scored and exported; False for a document's stored results."""
        return self.assessment is not None

    @property
    def _stored(self) -> dict[str, Any]:
        return (self.document or {}).get("results") or {}

    # -- the assessment's settings ----------------------------------------------------------------------------
    @property
    def as_of(self) -> dt.date | None:
        """The as-of date of the results; None when a stored document has none that can be read."""
        if self.assessment is not None:
            return self.assessment.as_of
        try:
            return dt.date.fromisoformat(str((self.document or {}).get("as_of", ""))[:10])
        except ValueError:
            return None

    @property
    def scenario(self) -> str | None:
        if self.assessment is not None:
            return self.assessment.scenario
        value = (self.document or {}).get("scenario")
        return str(value) if value else None

    @property
    def parts_total(self) -> int:
        if self.assessment is not None:
            return int(self.assessment.summary.parts_total)
        return len(self._stored.get("parts") or ())

    # -- summary ----------------------------------------------------------------------------------------------
    def summary(self) -> SummaryFigures:
        a = self.assessment
        if a is not None:
            s = a.summary
            return SummaryFigures(
                tier=s.tier, score=float(s.score), parts_total=s.parts_total, parts_with_ree=s.parts_with_ree,
                grams_per_unit=s.grams_per_unit,
                parts_unclassified=int(s.parts_unclassified or s.tier_counts.get("unclassified", 0)),
                controlled=tuple(e.symbol for e in a.elements if e.controls), verdict=tuple(s.verdict),
                messages=(*a.mapped.imported.warnings, *a.mapped.warnings, *a.warnings))
        from desktop.core.types import Message

        results = self._stored
        stored: dict[str, Any] = results.get("summary") or {}
        grams = stored.get("grams_per_unit")
        return SummaryFigures(
            tier=str(stored.get("tier", "none")), score=float(stored.get("score") or 0), parts_total=int(stored.get("parts_total", 0)),
            parts_with_ree=int(stored.get("parts_with_ree", 0)), grams_per_unit=None if grams is None else float(grams),
            parts_unclassified=int(stored.get("parts_unclassified") or (stored.get("tier_counts") or {}).get("unclassified")
                                   or 0),
            controlled=tuple(e["symbol"] for e in results.get("elements") or () if e.get("controls")),
            verdict=(), messages=(Message(READ_ONLY),))

    # -- parts ------------------------------------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        """The parts table (language-neutral columns of :data:`desktop.app.parts_frame.FRAME_COLUMNS`). Slow for a
        large BOM: build it in a worker."""
        from desktop.app.parts_frame import build_parts_frame, frame_from_json

        if self.assessment is not None:
            return build_parts_frame(self.assessment)
        return frame_from_json(self._stored)

    def part(self, index: int, tr: Translator) -> dict[str, Any] | None:
        """Part ``index`` in the shape of the JSON output's ``parts[]`` entries (texts rendered with ``tr``)."""
        if self.assessment is not None:
            if not 0 <= index < len(self.assessment.mapped.mappings):
                return None
            return live_part(self.assessment, index, tr)
        parts = self._stored.get("parts") or []
        return parts[index] if 0 <= index < len(parts) else None


def live_part(assessment: Assessment, index: int, tr: Translator) -> dict[str, Any]:
    """One part of ``assessment`` as a dict, exactly as the JSON output and a saved document hold it (texts
    rendered with ``tr``): one renderer, so a live part and the same part reopened read alike."""
    from desktop.core.report.json_out import part_json

    return part_json(assessment, index, tr)
